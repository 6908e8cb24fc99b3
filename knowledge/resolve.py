"""Which entry a question is about ("am I eligible for X?", "how do I apply for P2P?"): one it names outright,
else a confident search hit."""

from __future__ import annotations

import re

from knowledge.aspects import asked
from knowledge.index import KnowledgeIndex
from knowledge.profile_text import (
    ASKS, BAND, FIRST_STEP, IN_IT_FOR_MEANS, INEXPERIENCED, OPENS_ASKING, VERB_FIRST, WANTS, WISHES, asking_sentences,
    clauses, extract, question_part, really_asks, wanted, without_chat)
from knowledge.schema import Entry, Kind
from knowledge.search import SearchResult, mentions_body, named_entries, search
from knowledge.taxonomy import (
    AHP_PROFESSIONS,
    CAREER_STAGES,
    PROFESSIONS,
    WHERE,
    bodies_named,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
    place_nation,
    places_abroad,
)
from knowledge.text import CHAT_FILLER, tokens, words

# Words that say what is asked about a scheme but not which scheme ("how much is it worth?", "who is it for?",
# "how long does the fellowship last?"): a question made only of these names no topic of its own.
FOLLOW_UP_WORDS = frozenset(tokens(
    "apply application applying applicant contact email talk speak much long worth last lasting take deadline close "
    "closing "
    "date open cost pay paid involve involved need requirement criteria eligible eligibility qualify who whom when "
    "where how what which many time go do does done start more info information detail details fund funded funding "
    "money salary year month week day hour part full skill build join offer give provide mean benefit learn develop "
    "limit catch condition maximum still now currently next call round intake due run length duration amount budget "
    "cover include included entail sign up register become one scheme programme program fellowship award course "
    "tell say also then else again exactly actually really ok okay just like there be been being was were will "
    "someone anyone people staff needed required well right cool great thanks am allowed able process form put "
    "onto submit step steps running replaced replace replacement successor followed came after instead closed "
    "cohort until till work works working "
    "anything something lined line place before beforehand prior ready sorted arranged prepared prepare have got "
    "around exist exists existing anymore alive going called name named renamed nhs part participate "
    "s ll d re ve t m"))  # what a contraction leaves: "when's the deadline?", "who's it for?"
# Whether what was shown still takes people ("are they still recruiting?"): follow-up words only where a message
# points back, not in the other readings that share FOLLOW_UP_WORDS ("any funding for recruitment?" asks its own).
STILL_TAKING = frozenset(tokens("recruit recruits recruiting recruited taking accepting applications hiring"))
# ("that" after "anything", "something"... opens a clause, not a pointer: "is there anything that says my trust should
# tell me about research?")
POINTS_BACK = re.compile(r"\b(?:it|its|it's|(?<!anything )(?<!something )(?<!everything )(?<!nothing )(?<!anyone )"
                         r"(?<!someone )(?<!anybody )(?<!somebody )that|this|they|them|those|these|"
                         r"the (?:scheme|programme|fellowship|award|course)|tell me more|more (?:info|information|details?)|"
                         r"anything else about)\b", re.IGNORECASE)


# What a question about schemes in general asks for ("can pharmacists apply for research fellowships?", "any grants
# for AHPs in Wales?"): kinds of scheme, not one scheme.
KINDS_OF_SCHEME = frozenset(tokens(
    "research fellowship fellowships scheme schemes programme programmes grant grants award awards fund funding "
    "opportunity "
    "opportunities course courses training anything something options available support money bursary bursaries "
    "phd doctorate doctoral masters msc post postdoctoral academic clinical kind type sort stuff thing things "
    "nothing around offer"))
# Chat filler around a request for one's options ("is there literally nothing for HCAs?", "what's around for midwives,
# generally?", "anything research-wise I could actually do?"): says nothing of what is asked.
FILLER = frozenset(tokens(" ".join(CHAT_FILLER))) | frozenset(tokens(
    "generally specifically just wise then so also even at all like there here we got never ever seem seems everything "
    "aimed aim targeted meant designed specific particular brand new some up eventually think thinking maybe perhaps "
    "someday soon later every list proper actual real way own yet already else"))  # "any schemes aimed at nurses and midwives?", "every
# research scheme for nurses", "I want proper ring-fenced research time", "any way of getting actual time for research"
DOMAIN = frozenset(tokens("research"))
# Who the person is (professions, nations, career stages in every wording): says whom the question is for, not what.
PROFILE_WORDS = frozenset(t for table in (AHP_PROFESSIONS, PROFESSIONS, WHERE, CAREER_STAGES)
                          for code, phrases in table.items() for phrase in (code.replace("_", " "), *phrases)
                          for t in tokens(phrase)) | frozenset(tokens("uk nhs trust board band people staff"))


# What a source says: a question about it, not about the schemes open to someone ("someone mentioned there are
# bursaries for nurses, can I apply?" still asks which are open).
SOURCE_SAYS = re.compile(r"\b(?:anything|something|document|policy|strategy|guidance|report)\s+(?:that|which)\s+"
                         r"(?:says?|said|mentions?|states?|suggests?|recommends?)\b|"
                         # "is there anything in the strategy about career progression for people like me?"
                         r"\b(?:anything|something|much|stuff)\s+in\s+(?:the|their|our|that|this|its|your)\s+(?:[\w&-]+\s+)"
                         r"{0,3}?(?:strategy|report|document|policy|plan|guidance|survey)\b", re.I)


def about_schemes(index: KnowledgeIndex, question: str) -> bool:
    """Does an eligibility question ask about schemes in general ("can pharmacists apply for research
    fellowships?", "is there funding for me?") rather than one scheme? It names no entry, and besides whom it is
    for and question words it only says what kind of scheme: search would pick one scheme and answer for it alone."""
    if named_entries(index, question):
        return False
    words = tokens(DOCS.sub("doctors", question))
    if SOURCE_SAYS.search(question):  # "is there anything that says my trust should tell me about research?"
        return False
    asked = [t for t in words if t not in FOLLOW_UP_WORDS and t not in PROFILE_WORDS and not says_whom(t)]  # "OTs"
    # "research" says what the schemes are about, not a kind of scheme: "how do I get involved in research?" asks
    # how to begin, not which schemes are open
    return any(t in KINDS_OF_SCHEME - DOMAIN for t in words) and all(t in KINDS_OF_SCHEME or t in FILLER for t in asked)


# Asking what is open, not what something is: "can nurses apply for...", "are there any grants...", "what fellowships
# are available to physios?"; not "what is a research fellowship?".
OPEN_TO = re.compile(r"\b(?:can|could|may|am|are|is|do|does)\b.*\b(?:apply|eligible|qualify|get|have|go for)\b|"
                     r"\b(?:is|are) there\b|\bany(?:thing)?\b|\bavailable\b|\bopen to\b|\bwhich\b|\bnothing\b|"
                     r"\bwhat(?:'s| is) (?:around|out there|on offer)\b|"
                     r"^\W*(?:what|which) (?:schemes?|fellowships?|programmes?|awards?)\W*$|"
                     r"\b(?:give|show|list|tell) me (?:every|all)\b", re.IGNORECASE)  # "give me every research scheme ..."


# A message's sentences, and the parts a spaced dash sets off ("want protected time - is there a programme for me").
QUESTION_PARTS = re.compile(r"(?<=[.?!])\s+|\s+[-\u2013\u2014]+\s+")


def asks_which_schemes(index: KnowledgeIndex, question: str) -> bool:
    """Does a question ask which schemes are open ("can pharmacists apply for research fellowships?", "is there any
    funding for AHPs?", "is there literally nothing for HCAs? everything seems to be for nurses"), naming none?
    Answered with the list for the person (or the group asked about), not with whichever scheme search ranks first.
    Any one of its sentences (or clauses set off by a dash: "want protected time for a fellowship application - is
    there a programme for people like me") may ask it, but for a short question added to another; what the others add
    ("never done any") is the writer's story."""
    if bare_options(index, question):
        return True
    if named_entries(index, question) or body_asked_about(question) and not APPLYING_ASKED.search(question):
        return False  # "Does NHS Lanarkshire do anything to give staff research time?": what that body does ("NHS
        # Lothian has nothing for nurses, what can I apply for?" asks the writer's options)
    asked = ONLY_TAIL.sub("", question.strip())  # "... any research funding, or is it just for registered staff?"
    sentences = [s for s in QUESTION_PARTS.split(asked) if s]
    # a short question after another is part of it: "what's UHL doing to get staff ideas off the ground? any money?"
    # asks about Leicester's challenges, and their money ("how do I get started? is there any funding for AHPs?" asks
    # both)
    questions = [s for s in sentences if s.rstrip().endswith("?")]
    asking = [s for s in sentences if not (s in questions[1:] and len(s.split()) <= SHORT_FOLLOW_ON)]
    # and a clause that opens by asking after the writer's story, set off by a comma ("i have an idea for a little
    # research project, is there any funding someone like me could apply for?")
    asking += [c for s in asking for c in clauses(s)[1:] if OPENS_ASKING.match(c) or re.match(VERB_FIRST, c, re.I)]
    return any(OPEN_TO.search(s) and about_schemes(index, s) for s in asking)


SHORT_FOLLOW_ON = 3
# Asking for one's options in no more words than that ("about 4 years qualified. What's there for me?", "anything for
# someone like me?"): no kind of scheme named, and nothing else asked.
BARE_OPTIONS = re.compile(r"^\W*(?:(?:so|ok|okay|and|well|right|then|but|great|cool)\W+)*(?:what(?:'s|s| is)\s+(?:actually\s+|"
                          r"really\s+|even\s+)?(?:there|out there|available|around|on offer)|(?:is there\s+)?anything)\s+"
                          r"(?:(?:actually|really|at all)\s+)?(?:for|open to|suitable for)\s+(?:me|us|someone like me|"
                          r"people like me)(?:\s+research[- ]?wise)?(?:\s+(?:(?:in|up|down|over|out|round|around)\s+)?(?:here|there)|\s+in\s+"
                          r"(?:the uk|england|scotland|wales|northern ireland|ni))?\W*$|"
                          # "so what's actually open to me then" after a scheme refused
                          r"^\W*(?:(?:so|ok|okay|and|well|right|then|but|great|cool)\W+)*what(?:'s|s| is)\s+(?:actually\s+|"
                          r"really\s+|even\s+)?open to (?:me|us|someone like me|people like me)\W*$|"
                          # "right so what can i actually do from here", "anyway what could I actually apply for": the
                          # writer's options (not what the bot does)
                          r"^\W*(?:(?:so|ok|okay|and|well|right|then|but|great|cool|anyway)\W+)*what (?:can|could|should) "
                          r"(?:i|we) (?:actually |even |realistically |really )?(?:do|apply for|go for|join)(?: "
                          r"(?:from here|now|next|then|about it|here|myself|ourselves))*\W*$|"
                          # "great, what else is there in Wales?" once told they work there
                          r"^\W*(?:(?:so|ok|okay|and|well|right|then|but|great|cool)\W+)*what else is (?:there|out there|"
                          r"available|on offer)(?:\s+for (?:me|us|[a-z]+s))?(?:\s+(?:in|at)\s+[\w'&-]+(?:\s+[\w'&-]+){0,3}?)?"
                          r"(?:\s+then)?\W*$|"  # "what else is there for midwives at GSTT then"
                          # "I'm in the finance team, not clinical at all. guessing none of this applies?"
                          r"^\W*(?:(?:so|ok|okay|and|well|right|then|but)\W+)*(?:(?:i'?m\s+)?guess(?:ing)?\s+|i (?:take|assume)\s+)?"
                          r"(?:none|nothing) of (?:this|it|that|these|them) (?:applies|is for me|is relevant|counts)(?: to me| "
                          r"to us| then)?\W*$|"
                          r"^\W*(?:(?:so|ok|okay|and|well|right|then|but)\W+)*(?:does|do|would) (?:any|anything) of (?:this|it|"
                          r"that|these) (?:apply|count) (?:to|for) (?:me|us|someone like me)\W*$|"
                          # "which nation's schemes should i be looking at" (moving from Leeds to Aberdeen)
                          r"^\W*(?:(?:so|ok|okay|and|well|right|then|but)\W+)*(?:what|which) (?:(?:nation|country)'?s? )?"
                          r"(?:schemes?|ones?|funding|fellowships?|opportunities) (?:should|could|do|would) (?:i|we) "
                          r"(?:be )?(?:look(?:ing)? at|consider(?:ing)?|go(?:ing)? for|apply(?:ing)? (?:for|to))(?: then| now)?\W*$",
                          re.I)


def bare_options(index: KnowledgeIndex, message: str) -> bool:
    """Does one of the message's sentences ask for the writer's options in no more words than that, and none of those
    that ask name an entry ("My induction didn't mention research at all. What's actually out there for someone like me
    in Scotland?": the story names the induction; "What's there for me? Is PCAF open to physios?" asks about PCAF)?"""
    sentences = [s for s in QUESTION_PARTS.split(without_chat(message)) if s]  # "what is there for me then"
    return any(BARE_OPTIONS.match(s) for s in sentences) and not named_entries(index, asking_sentences(message))


# A doubt added to a question about what is open ("can a healthcare support worker in Wales apply for any research
# funding or is it just for registered staff?", "is P2P worth it for a junior doc or is it aimed at nurses"): what it
# doubts is the question, not a topic of its own.
ONLY_TAIL = re.compile(r"[\s,]*\bor (?:(?:is it |are they |is that |are those |it's |its )(?:(?:only|just|mainly|mostly|more|really) )?"
                       r"(?:for|open to|aimed at|meant for|targeted at)|(?:only|just|mainly|mostly) (?:for|open to|aimed at|"
                       r"meant for))\b[^?.!]*", re.I)  # "... or is it aimed at nurses"


# Whether someone may take part, in any words: "can I apply?", "am I eligible?", "is it for physios?", "could she do
# ICAP?", "only for medics?", "open to band 5s?", "who's it for?"; not "can I use my SPA time for research?", which
# asks what something may be used for.
ELIGIBILITY_ASKED = re.compile(r"\b(?:appl(?:y|ying|ication)|eligib\w*|qualif\w*|allowed|able to|join|register|enrol\w*|"
                               r"open to|for me|(?:can|could|may|might|should) (?:i|we|you|she|he|they|\w+s)\b"
                               r"(?! (?:use|spend|count)\b)|am i|"
                               r"is (?:it|that|this) (?:for|open|only|just)|only|just for|accept\w*|admits?|who(?:'s| is)? (?:can|it'?s for|"
                               r"is it for)|who'?s it for|suit|go for|take part|get (?:on|onto|in))\b", re.IGNORECASE)


def asks_eligibility(question: str) -> bool:
    """Does the message ask whether someone may take part at all? Rasa reads some questions about a scheme's
    subject as eligibility ("a nurse told me she took annual leave for a conference: is that common?")."""
    return bool(ELIGIBILITY_ASKED.search(question))


# A report or strategy named as a document ("the CRUK report", "that survey", "their strategy"), not something within one
# ("is the HEE clinical academic careers framework only for nurses and doctors?" asks the framework's entry).
DOCUMENT_KINDS = frozenset({Kind.evidence, Kind.strategy})
A_DOCUMENT = re.compile(r"\b(?:report|survey|study|strategy|paper|document|review|publication)\b", re.I)
# The document pointed at with its name ("that CRUK report"): no pointer at what was shown.
THE_DOCUMENT = re.compile(r"\b(?:that|this|the|their|its)\s+(?:[\w&@-]+\s+){0,5}?(?:report|survey|study|strategy|paper|"
                          r"document|review|publication)\b", re.I)


def named_as_document(index: KnowledgeIndex, question: str, entry_id: str) -> bool:
    """Does the question name this entry as the document it is ("per the CRUK report")?"""
    return index.entries[entry_id].kind in DOCUMENT_KINDS and bool(A_DOCUMENT.search(question))


def documents_of(entry: Entry) -> set[str]:
    """The documents the entry quotes, by the names its sources give them."""
    return {source.document for source in entry.sources}


def names_a_document(index: KnowledgeIndex, question: str) -> bool:
    """Does an eligibility question name a strategy or a report, and no scheme or route ("does the HEE research
    strategy apply to me?", "is the Creating Time report only about nurses?")? It asks whom that covers, which the
    entry's answer says: no scheme search picks is what it asks about (an NHS body named, "can I apply to the NIHR?",
    is asked of its schemes)."""
    kinds = {index.entries[e].kind for e in named_entries(index, question)}
    return bool(kinds & {Kind.strategy, Kind.evidence}) and not kinds & {Kind.scheme, Kind.guidance}


# A named organisation or scheme, by the word before what it is: "the Wellcome Trust", "Burdett Trust for Nursing",
# "the Wellcome clinical PhD fellowship", "an NIH K award".
# A charity named "<X> Research UK" ("Kidney Research UK") and a university ("University of Oxford", "Oxford
# University", "at Oxford" is a place, not caught) the same way.
ORGANISATION = re.compile(r"\b([A-Z][A-Za-z&-]+)\s+(?:Trust|Foundation|Charity|Council|Society|Institute|Fund|University|"
                          r"Research UK|"
                          r"(?:[A-Za-z]+\s+){0,3}?(?:[Ff]ellowships?|[Aa]wards?|[Gg]rants?|[Ss]chemes?|[Bb]ursar(?:y|ies)))\b|"
                          r"\bUniversity of (?:the )?([A-Z][A-Za-z&-]+)")


# A name on its own, capitalised, where an organisation stands: asked what it does ("does Macmillan offer research
# fellowships?") or named as who gives ("funding from Macmillan", "a grant run by Macmillan"). Not a disease, a person
# or a place ("a project on Parkinson's disease", "my manager Dave", "a nurse at Glenfield"), nor a day or a month.
PROPER_NAME = re.compile(r"(?:\b(?:does|do|did|from|by)\s+([A-Z][a-z]{2,})\b(?!'s)(?!\s+[A-Z]))|"
                         r"(?:(?<![.!?:]\s)(?<!^)\b([A-Z][a-z]{2,})\s+(?:offers?|funds?|runs?|gives?|provides?|pays?|"
                         r"sponsors?|awards?)\b)")
CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                     "july august september october november december christmas easter".split())


# The same typed in lower case, after "the" ("whats the deadline for the wellcome trust career development award"):
# a charity or foundation, unless its word says what kind of NHS body it is ("the ambulance trust").
LOWER_ORGANISATION = re.compile(r"\bthe\s+([a-z][a-z&-]+)\s+(?:trust|foundation|charity|council|society|fund)\b")
NHS_BODY_KINDS = frozenset("nhs ambulance acute community mental partnership care teaching university hospital hospitals "
                           "health healthcare children's childrens specialist local foundation integrated primary "
                           "research my our your their same other whole new old host lead home base previous current "
                           "former next nearest neighbouring employing".split())


def unknown_organisations(question: str, index: KnowledgeIndex) -> list[str]:
    """Organisations and schemes the question names by a word the knowledge base never uses ("Wellcome" in "the
    Wellcome Trust" or "the Wellcome clinical PhD fellowship", "Macmillan"; not "THIS" in "What's THIS Institute's
    mission?"): nothing in it can be about them."""
    named = [(m.group(0), m.group(1) or m.group(2)) for m in ORGANISATION.finditer(question)]
    named += [(m.group(0)[4:], m.group(1)) for m in LOWER_ORGANISATION.finditer(question)
              if m.group(1) not in NHS_BODY_KINDS and not m.group(1).endswith(("ing", "ed"))  # "the sponsoring trust"
              and not normalise_nation(m.group(1))]
    named += [(word, word) for m in PROPER_NAME.finditer(question.strip()) if (word := m.group(1) or m.group(2))
              and word.lower() not in CALENDAR and not normalise_nation(word) and not normalise_profession(word)]
    unknown = [(name, word) for name, word in named if word.lower() not in index.word_counts]
    if not unknown:
        return []
    # a typo of a name's word ("Portfolo") is that name's; "Wellcome" is no typo of "welcome", which names nothing
    return [name for name, word in unknown
            if not index.name_words.intersection(tokens(index.speller.correct_word(word.lower())))]


def named_scheme(index: KnowledgeIndex, question: str) -> str | None:
    named = [e for e in named_entries(index, question) if index.entries[e].kind is Kind.scheme]
    return named[0] if named else None


# Whether one may apply, asked of nothing named ("could I apply?", "can I join?"): a question about the scheme just
# discussed, unlike "where do I start?", which asks a topic of its own in the same kind of words.
APPLYING = frozenset(tokens("apply applying application eligible eligibility qualify allowed able join register "
                            "participate part"))
QUESTION = re.compile(r"\?|^\s*(?:can|could|may|might|am|do|does|is|are|should|would)\b", re.IGNORECASE)


# What a request for one's options is made of besides whom it is for and the kind of scheme: "show me what I could
# go for", "help me find something that suits me", "what can a band 5 nurse do to get involved?".
OPTIONS_TALK = frozenset(tokens(
    "show list find help recommend suit suits suitable something anything everything options option get getting "
    "involved could can would should want interested interest looking look see know kind sort type induction "
    "onboarding begin beginning start started starting take through let out"))
WRITER = re.compile(r"\b(?:i|i'm|im|me|my)\b", re.IGNORECASE)
# The writer asking what they could go for ("what protected time could I get?", "anything that would suit me?")
WRITER_OPTIONS = re.compile(r"\b(?:can|could|may|might|should|would)\s+(?:i|we)\s+(?:apply|get|go for|do|join|qualify|"
                            r"be eligible)\b|\b(?:i|we)\s+(?:can|could|may|might)\s+(?:\w+\s+)?(?:apply|go for|join|qualify)\b|\b(?:for|to|suits?|with) (?:me|us|someone like me|people like me)\b|"
                            r"\bam i eligible\b", re.IGNORECASE)

# The writer asking whether they may take part ("can I apply for one of those?", "am I eligible?", "do I qualify?");
# not how, when, where or what they can apply for.
WRITER_APPLIES = re.compile(r"\b(?:(?:can|could|may|might|should|would)\s+(?:i|we)\s+(?:still\s+|also\s+|even\s+)?"
                            r"(?:apply|go for|join|qualify|be eligible|be considered|do (?:it|that|this|one)(?:\s+(?:too|"
                            r"also|as well))?(?=\s*(?:[?.!]|$)))|(?:am i|are we) (?:eligible|allowed|"
                            r"able to apply)|do (?:i|we) qualify|(?:is|are) (?:it|that|this|they|those) open to (?:me|us)|"
                            # "does the research time award cover me?", "does that rule me out?", "am I excluded?"
                            r"(?:does|do|would|will|could) (?:it|that|this|they|those|the [\w-]+(?: [\w-]+){0,3}) (?:cover|"
                            r"include) (?:me|us)|(?:rules?|ruled?|counts?) (?:me|us) out|(?:am i|are we) (?:excluded|"
                            r"ruled out|covered|included)|"
                            # "... not pharmacists. so no?": the writer checking they may not
                            r"(?<=[.?!,] )(?:so|then) (?:no|not|i can'?t(?: apply)?|i'?m out|that'?s a no)(?=\W*$))\b",
                            re.IGNORECASE)
NOT_WHETHER = frozenset({"how", "when", "where", "what", "which", "why"})
# "hospital pharmacist here ... does that rule pharmacists out?": the writer's own group, so the writer's verdict
RULES_OUT_GROUP = re.compile(r"\b(?:rules?|ruled?|counts?|leaves?|excludes?) (?P<group>[a-z-]+s) out\b|\bexclude (?P<named>"
                             r"[a-z-]+s)\b", re.IGNORECASE)


def asks_for_writer(question: str) -> bool:
    """Does the message ask whether the writer may take part ("Can I apply for one of those from here?")? An answer
    about one scheme then says whether it is open to them, as the eligibility intent's answer does, whatever intent
    Rasa gave a long message; "how can I apply for PCAF?" asks how."""
    if any(not NOT_WHETHER & set(re.findall(r"[a-z]+", re.split(r"[.?!,;]", question[:m.start()].lower())[-1]))
           for m in WRITER_APPLIES.finditer(question)):
        return True
    group = RULES_OUT_GROUP.search(question)
    own = extract(question[:group.start()] + question[group.end():]).profession if group else None  # the writer's
    return bool(own) and normalise_profession(group.group("group") or group.group("named")) == own


# "start my induction", "take me through the induction please": the induction asked for by name, not a question
# about the entry on research at induction ("what should new staff hear about research at induction?")
BEGIN_INDUCTION = re.compile(r"\b(?:start|begin|do|through)\b[\w\s']*\binduction\b", re.IGNORECASE)
WH = re.compile(r"\b(?:what|why|how|who|when|where|which|should)\b", re.IGNORECASE)
# Whether one may have or do what was just discussed ("can I get it in England?", "is it open to bank staff?"): a
# question about that, however much the message also says of the writer. Not the "it" of "is it possible for me to
# apply for anything?", "is it only for nurses?", which ask what is open.
ABOUT_IT = re.compile(r"\b(?:(?:can|could|may|might) (?:i|we|she|he|they|you) (?:still )?(?:get|do|apply for|go for|have|"
                      r"join|use) (?:it|that one|this one|the (?:scheme|programme|fellowship|award|grant))|"
                      r"(?:is|was) (?:it|that|this) (?:open|available) (?:to|for|in)\b)\b", re.IGNORECASE)
# What a scheme pays, costs or when it closes, asked of nothing named ("what's the pay for a band 6 research nurse?",
# "how much does a masters cost?"): a question of its own, to search (or say "I don't know"), not a request for options.
ASPECT_ASKED = frozenset(tokens("pay paid salary wage wages cost costs fee fees deadline closing close date"))


def asks_for_options(index: KnowledgeIndex, message: str) -> bool:
    """Does a message Rasa read as "show me what I can apply for" ask that, for the writer or a group ("what funding
    could I get?", "research opportunities for pharmacists", "I'm a porter, is there anything for me?"), rather than
    about something named or a topic of its own ("which organisation runs the Pathway to Portfolio scheme?", "do staff
    think links with universities would help? any figures?")? Those are answered, with the induction offered beside
    the answer, instead of being taken over by the induction's questions."""
    if BEGIN_INDUCTION.search(message) and not WH.search(message):
        return True  # "start my induction"
    if without_chat(message) == IN_IT_FOR_MEANS:
        return False  # "yeah but what's in it for me": what research gives them, not their list
    if bare_options(index, message):
        return True  # "My induction didn't mention research at all. What's out there for someone like me?"
    asked = question_part(message)  # "I'm only band 4 in Betsi Cadwaladr. Is there anything ...?": where they work
    called = words_called(asked) - KINDS_OF_SCHEME if ABOUT_THE.search(asked) else frozenset()
    if named_entries(index, asked) or unknown_organisations(asked, index) or scheme_titled(index, called):
        return False  # a scheme or organisation named, known or not ("when can I apply to the Burdett Trust?"), or
        # asked about by words of its title ("what about the time award thing")
    if ABOUT_IT.search(message):
        return False  # "can I get it in England? I'm in Manchester": about the scheme just discussed
    if NAME_ASKED.search(message):
        return False  # "what's the one for senior nurses called?": a scheme's name, to be answered
    if (ORGANISATION_ASKED.search(asked) or body_asked_about(asked)) and not APPLYING_ASKED.search(message):
        return False  # "does my trust do anything to get normal clinical staff into research?": about the trust
    words = tokens(message)
    # the sentences that ask: "respiratory mostly. what can I actually apply for?" (their interest, then the request)
    topic = [t for t in tokens(asking_sentences(asked)) if t not in KINDS_OF_SCHEME and t not in PROFILE_WORDS and t not in FOLLOW_UP_WORDS
             and t not in APPLYING and t not in OPTIONS_TALK and t not in FILLER and not says_whom(t)]
    if ASKS.search(message) and ASPECT_ASKED.intersection(words) and not WRITER_OPTIONS.search(message):
        return False
    if not topic:
        return True
    if not ASKS.search(message):  # "I'm interested in dementia care", "about five years qualified" tell; "QWZ" names
        return bool(WRITER.search(message) or extract(message).filled())  # a topic
    # "I'm a nurse interested in stroke research, what could I apply for?", "any funding for cancer research?":
    # options, with a topic; "does Leicester have any pot of money for staff innovation ideas?" asks its own
    return bool(WRITER_OPTIONS.search(message)) or (len(topic) == 1 and bool(OPEN_TO.search(message))
                                                    and any(t in KINDS_OF_SCHEME - DOMAIN for t in words))


# Options asked for, said after who the writer is ("dietitian in NHS Lothian, band 6 - any research routes?", "im a HCA
# at sandwell, not a nurse. can people like me do research ...?")
OWN_OPTIONS = re.compile(r"\b(?:can|could) (?:people|someone|staff) like me\b|\bany (?:research )?(?:routes?|options|"
                         r"opportunities|openings|schemes)(?: for me| up here| here| round here)?\W*$|"
                         # "... want a PhD but stay clinical. options?", "is there ANYTHING for ODPs, we never get mentioned"
                         r"(?:^|[.!?,;]\s*)(?:so\s+)?(?:what(?:'s| are)?\s+)?(?:my\s+)?options\W*$|"
                         # "therapeutic radiographer, band 6, want to get into research. what's out there?"
                         r"(?:^|[.!?,;]\s*)(?:so\s+)?what(?:'s|s| is)\s+(?:out there|available|on offer)(?:\s+(?:research"
                         r"[- ]?wise|for research|in research|for (?:me|us|someone like me|people like (?:me|us))))?\W*$|"
                         r"\b(?:is|are) there (?:anything|any\s+thing)(?: at all)?(?: for (?:me|us|people like (?:me|us)))?"
                         r"\s*(?:[?,.!]|$)|"
                         # "new pharmacist at lothian, B7. curious what research support exists"
                         r"\bwhat (?:research )?(?:support|help|opportunities|options|schemes|funding) (?:exists?|is there|"
                         r"there is|are there|there are|is (?:out there|available|on offer)|are (?:out there|available))"
                         r"(?: for (?:me|us|someone like me|people like (?:me|us)))?\s*(?:[?,.!]|$)|"
                         # "paramedic in scotland, are we even counted in this stuff?", "is any of this relevant to me?"
                         r"\b(?:are we|am i)\s+(?:even\s+|actually\s+|really\s+)?(?:counted|included|covered)(?:\s+(?:in|by)"
                         r"\s+(?:this|it|any of (?:this|it)|(?:this|that) stuff))?\s*(?:[?,.!]|$)|"
                         r"\b(?:do we|do i)\s+(?:even|actually|really)\s+count\s*(?:[?,.!]|$)|"
                         r"\bis (?:any of )?(?:this|it|that)\s+(?:even\s+|actually\s+|really\s+)?"
                         r"(?:relevant|open) (?:to|for) (?:me|us|people like (?:me|us))\b", re.I)
# or for the writer's own group ("ODP at guys and st thomas. is there ANYTHING for ODPs?", "is research stuff even for
# NAs?", "is any of it for paramedics?", "are there research schemes for HCS or is it all doctors?", "is there any
# research opportunity for non clinical staff?"; not "for physios" from a nurse, nor "for conferences")
_GROUP = r"((?:[\w-]+\s+)?[\w-]+?)(?:\s+(?:staff|people|workers|folk|like (?:me|us)))?\s*(?:\bor\b|\btoo\b|\bat all\b|[?,.!]|$)"
FOR_OWN_GROUP = re.compile(
    r"\b(?:is|are) there (?:any\s+)?(?:research\s+)?(?:anything|any\s+thing|schemes?|opportunit(?:y|ies)|options|"
    r"routes?|funding|stuff|things)(?: at all)? (?:for|open to) " + _GROUP + "|"
    r"\b(?:is|are)\s+(?:any of (?:it|this|that|them)|it|this|that|research(?: stuff)?|any research)\s+"
    r"(?:(?:even|really|actually|just|only|also|meant|open|available)\s+)?(?:for|open to|aimed at) " + _GROUP, re.I)
# (not "is research mandatory for nurses?", which asks whether it is required of them)
# Groups said in short or as a kind of staff, of the professions they are ("NAs", "HCS", "non clinical staff")
GROUP_WORDS = {"nas": "nursing_associate", "na's": "nursing_associate", "hcs": "healthcare_scientist"}
NON_CLINICAL = frozenset({"non clinical", "non-clinical", "nonclinical", "support", "admin", "office", "back office"})
NON_CLINICAL_PROFESSIONS = frozenset({"manager_admin", "support_services"})
# What the writer was told excludes them, to check ("my manager says research is for nurses n doctors. is that right?")
TOLD_ONLY_FOR = re.compile(r"\bresearch(?:'s| is)\s+(?:only |just |all |mainly |really |more )?(?:for|aimed at)\b", re.I)
TRUE_ASKED = re.compile(r"\b(?:is|isn'?t) (?:that|this|it|she|he|they) (?:right|true|correct|so)\b|^\W*(?:true|right|"
                        r"really)\W*$", re.I)


def _asks_for_own_group(asked: str, message: str, profession: str | None) -> bool:
    """Does the asking part ask whether research is for the writer's own group, or whether a claim that it is for
    others is true?"""
    if profession is None:
        return False
    if TOLD_ONLY_FOR.search(message) and TRUE_ASKED.search(asked):
        return True
    for m in FOR_OWN_GROUP.finditer(asked):
        group = (m.group(1) or m.group(2) or "").strip()
        lowered = group.lower()
        if normalise_profession(group) == profession or GROUP_WORDS.get(lowered) == profession \
                or (lowered in NON_CLINICAL and profession in NON_CLINICAL_PROFESSIONS):
            return True
    return False


# What the writer heard of, and so would hear about ("someone mentioned the pathway to portfolio scheme to me").
HEARD_OF = re.compile(r"\b(?:mentioned|told me about|heard (?:about|of)|recommended|suggested|pointed me (?:to|at)|"
                      r"looking (?:at|into)|reading about|came across|keeps? (?:saying|talking about))\b", re.I)


def tells_and_asks_own_options(index: KnowledgeIndex, message: str) -> bool:
    """Does a message say who the writer is and ask what they themselves could apply for, however Rasa read it ("OT
    in NHS Lothian, qualifed 6 yrs. what can i apply for research wise", "clinical scientist band 7 in Betsi. can i
    get research time?")? Their list answers it, not whichever entry search ranks first. Not when what it asks names
    an entry ("my friend in wales got pathway to portfolio money, can i apply?"; one named in a sentence of its own is the
    writer's story: "FY2 in cardiff, can I get time for research? my SPA is basically nothing") or asks what a text says ("does the trust strategy say anything about careers for people like
    me?")."""
    asking = asking_sentences(message)
    asked = question_part(asking)
    # (one named as heard of is what they would hear about: "anything for me as a manager? someone mentioned a leading
    # cultures of research course"; one pointed back at is what is asked: "A friend ... just got a research time award
    # from Health and Care Research Wales. Can I apply for one of those from here?")
    told = extract(message)
    own_group = _asks_for_own_group(asked, message, told.profession)
    # a bare "can I apply?" points back at what was named before it ("I'm a nurse in Wales. PCAF looks great. Can I
    # apply?")
    pointing = HEARD_OF.search(message) or POINTS_BACK.search(asked) or len(asked.split()) <= BARE_ASK_WORDS
    return bool(told.filled()) and not SOURCE_SAYS.search(message) and not re.search(r"\bsay\b", asked, re.I) \
        and not named_entries(index, message if pointing else asking) \
        and (bool(OWN_OPTIONS.search(asked)) or own_group
             or bool(WRITER_OPTIONS.search(asked)) and asks_for_options(index, asking))


BARE_ASK_WORDS = 4  # "can I apply?", "am I eligible for it?"


def body_asked_about(text: str) -> bool:
    """Does the text ask what a named NHS body does ("anything else Betsi Cadwaladr does?", "what does NHS Lothian
    offer?")? Its name is where people work, but here it is what is asked about, not the writer's options."""
    lowered = text.lower()
    return any(re.search(rf"\b(?:does|do|did|has|have)\s+(?:the\s+)?{re.escape(body)}\b|\b{re.escape(body)}(?:'s)?\s+"
                         rf"(?:\w+\s+)?(?:does|do|did|offers?|runs?|provides?|has|have)\b", lowered)
               for body in bodies_named(lowered))


# "my trust", "our hospital": the organisation the person told us, not named again.
MY_ORGANISATION = re.compile(r"\b(?:my|our|this) (?:trust|hospital|organisation|organization|health board|board|employer|"
                             r"workplace|hb)\b", re.I)


# What the writer's organisation does, asked ("does my trust do anything...?", "what does our board offer?", "my trust's
# research team"): a question about it, not about what the writer may apply for ("what can I apply for at my trust?").
ORGANISATION_ASKED = re.compile(r"\b(?:does|do|did|is|has|have|will|would|can|could)\s+" + MY_ORGANISATION.pattern
                                + r"|" + MY_ORGANISATION.pattern + r"(?:'s|\s+(?:does|do|offers?|runs?|has|have))\b", re.I)


# Asking to apply, beside what the writer's trust does ("my trust has nothing, what can I apply for?"); not "does my
# hospital have a research team I could join?", a question about the hospital.
APPLYING_ASKED = re.compile(r"\b(?:apply for|apply to|eligible|qualify)\b", re.I)


# Asking what something is called ("what's the one for senior nurses called?"), not for one's options.
NAME_ASKED = re.compile(r"\b(?:called|named)\s*[?.!]*\s*$|\bwhat(?:'s| is| was) the name\b|\bname of the\b", re.I)


SUPPORT_WORDS = frozenset(tokens("protected ring fenced backfill pays pay rota released release small little short "
                                 "buy buys get gets getting give gives"))  # "anything that'd buy me protected time?",
# "is there anything that gets me time off the floor?"
# A wish typed without its subject: "want protected time 4 research", "need funding for a masters".
BARE_WISH = re.compile(r"^\W*(?:want|wanting|need|needing|looking for|after)\b", re.IGNORECASE)


def wishes_for_support(index: KnowledgeIndex, message: str) -> bool:
    """Does a message ask whether there is support of some kind, in words of its own ("is there anything that pays for
    time off the rota to do research?"), naming no scheme or organisation? When no entry answers those words, the
    schemes open to the person that give it do, rather than "I don't know"."""
    # named in the sentences that ask: "My SPA time gets eaten by management. Are there any schemes up here that buy
    # out time for research?" names SPA in the writer's story, not in what is asked
    if not (wanted(message) and (OPEN_TO.search(message) or WISHES.search(message) or BARE_WISH.search(message))) \
            or named_entries(index, asking_sentences(message)) \
            or unknown_organisations(message, index):
        return False
    # nothing asked besides the support ("is there a leadership programme about research culture round here?" asks
    # about research culture: an entry on it answers)
    unsaid = ONLY_TAIL.sub("", asking_sentences(message))  # "..., or is that only for doctors?": whom for
    for pattern in (*WANTS.values(), FIRST_STEP, INEXPERIENCED):  # and "anything smaller to start with?"
        unsaid = pattern.sub(" ", unsaid)
    return not [t for t in tokens(unsaid) if t not in KINDS_OF_SCHEME and t not in PROFILE_WORDS and t not in FILLER
                and t not in FOLLOW_UP_WORDS and t not in OPTIONS_TALK and t not in APPLYING and t not in SUPPORT_WORDS
                and not says_whom(t)]


# What applying takes, asked after a scheme ("do i need anything lined up before applying?", read as "show me what I
# can apply for"): a question about it, not a request for one's options.
REQUIREMENTS = re.compile(r"\b(?:do i need|what do i need|would i need|anything i (?:need|should|must|have to)|before "
                          r"(?:i apply|applying)(?=\s*(?:[?.!]|$))|requirements?|criteria|lined up|in place|the catch|"
                          r"terms and conditions|conditions (?:of|for) (?:it|the|applying)|any conditions|what are the "
                          r"conditions)\b", re.I)


def answered_first(index: KnowledgeIndex, message: str, *, requested: bool, telling: bool) -> bool:
    """Is a message Rasa read as a request for one's options (`requested`), or as telling us about the writer
    (`telling`), a question to answer first? The request, when it asks something else (`asks_for_options`); the
    telling, when it also asks a question of its own ("I'm a healthcare scientist, is the HEE framework only for nurses
    and doctors?"), which the induction's next question would otherwise leave unanswered."""
    if not (requested or (telling and really_asks(message))):
        return False
    return not asks_for_options(index, message) or bool(REQUIREMENTS.search(message))


def about_context(question: str) -> bool:
    """Is this a follow-up about whatever was just discussed ("how much is it worth?", "when's the deadline?",
    "could I apply?", "is it open to pharmacists?")? It names no topic of its own (every word is a question word, a
    stopword, says what is asked or whom for) and it points back ("it", "that", "the scheme"), asks one aspect of a
    scheme (not when it says whom for: "how much funding is there for nurses?" asks its own), or asks something
    with one of those words. Search would otherwise answer it from its generic words, with any scheme that happens to share
    them ("could I apply?" after Pathway to Portfolio was answered about a closed doctoral fellowship)."""
    if schemes_in_general(question):
        return False  # "ok so what schemes can i actually apply for" after SPA time: the writer's list, not SPA's
    words = tokens(question)
    whom = [w for w in words if w not in FOLLOW_UP_WORDS and w not in STILL_TAKING]
    # where the writer is, when what they may have is "it" ("can I get it in England? I'm in Manchester"); elsewhere a
    # nation names a scheme of its own ("how do I apply for the Welsh fellowship?")
    where = ABOUT_IT.search(question) is not None
    if not all(says_whom(w) or (where and (normalise_nation(w) or w in SELF_WORDS)) for w in whom):
        return False
    applying = bool(APPLYING.intersection(words) and QUESTION.search(question))
    if whom:  # "is it open to pharmacists?" points back; "how much funding is there for nurses?" asks its own
        return bool(POINTS_BACK.search(question)) or applying
    return bool(POINTS_BACK.search(question) or asked(question) or applying)


# Schemes in general, in the plural ("what schemes can I apply for?", "which fellowships are open to me?")
SCHEMES_IN_GENERAL = re.compile(r"\b(?:schemes|fellowships|programmes|programs|awards|options|opportunities)\b", re.I)
THEIRS = re.compile(r"\b(?:their|theirs|one of)\b", re.I)  # "can I apply for one of their fellowships"


def schemes_in_general(question: str) -> bool:
    """Does the question ask about schemes in the plural, pointing at none shown ("what schemes can I apply for?",
    not "can I apply for one of their fellowships")?"""
    return bool(SCHEMES_IN_GENERAL.search(question)) and not POINTS_BACK.search(question) \
        and not THEIRS.search(question)


def says_whom(word: str) -> bool:
    """A profession or career stage ("is it open to pharmacists?", "can band 5s apply?"): whom a follow-up asks for,
    not a topic of its own. Nations are topics ("how do I apply for the Welsh fellowship?" names another scheme)."""
    return bool(normalise_profession(word) or normalise_profession(word + "s") or normalise_career_stage(word)
                or word == "band" or word.rstrip("s").isdigit())


# Doctors named in chat ("is it just nurses and docs?", "any funding for junior docs?"); "the docs", "docs on
# fellowships" are documents.
DOCS = re.compile(r"(?<!\bthe )(?<!\bthese )(?<!\bthose )(?<!\bany )(?<!\bsome )(?<!\bmy )(?<!\byour )\bdocs\b"
                  r"(?!\s+(?:on|about)\b)", re.I)


SELF_WORDS = frozenset(tokens("i'm im i am based live"))


# "what about midwives?", "and for physios?", "same for OTs?": the question just answered, asked for another group.
FOR_ANOTHER = re.compile(r"^\s*(?:(?:and|but|so|ok|okay)\s*,?\s*)?(?:(?:what|how)\s+about|and|same|what if (?:I was|I'm) "
                         r"an?)\b", re.IGNORECASE)
MAX_FOR_ANOTHER_WORDS = 9  # "what about for a band 4 on my team?"


def for_another_group(question: str) -> bool:
    """A short follow-up that only names a profession or a career stage ("what about midwives?", "and for a band 4?"):
    about the entry just answered, not a search of its own (which found the one scheme for nurses and midwives). The
    sentence that asks it may come with others that tell ("ok cool. what about for midwives? my friend is one")."""
    asking = asking_sentences(question)
    if asking != question:
        return for_another_group(asking)
    said = set(extract(question, of_someone_else=True).filled())  # "and for my colleague who's a dentist?"
    named = bool(said) or bool(BAND.search(question.lower()))  # "what about for a band 4 on my team?" (no stage we use)
    return (bool(FOR_ANOTHER.search(question)) and len(question.split()) <= MAX_FOR_ANOTHER_WORDS
            and named and said <= {"profession", "career_stage"} and not SCHEME_NOUNS.intersection(tokens(question)))


# What a question asks for when it names a kind of scheme: "and is there any funding for band 5 nurses?" after ICAP is
# a question of its own, not ICAP's eligibility for band 5 nurses.
SCHEME_NOUNS = frozenset(tokens("fellowship fellowships scheme schemes programme programmes grant grants award awards "
                                "fund funding bursary bursaries phd doctorate doctoral masters msc course courses "
                                "training money internship internships"))


def unknown_topic(question: str, index: KnowledgeIndex) -> bool:
    """Are the words that say what the question is about (not how it asks, nor whom for) all words the knowledge base
    never uses ("what time does the staff canteen close?": "canteen")? Then nothing in it is about that, however alike
    an entry's "closing date" and "staff" look."""
    topic = [w for w in words(question) if (t := tokens(w)) and t[0] not in FOLLOW_UP_WORDS
             and not normalise_profession(w) and not normalise_career_stage(w)]  # whom for; a place is a topic
    return bool(topic) and all(w not in index.word_counts and index.speller.correct_word(w) == w for w in topic)


# Asking for the likeness of a scheme ("a scheme like ICAP", "the scottish version of ICAP"), not a wish ("I'd like to
# apply for ICAP") nor "what is ICAP like?".
LIKENESS = re.compile(r"\b(?:(?:anything|something|scheme|schemes|one|ones|programmes?|fellowships?|awards?|funding)\s+"
                      r"like|similar to|equivalents?|version of|counterparts?|alternatives? to)\b", re.I)


def about_another_body(result: SearchResult, index: KnowledgeIndex) -> bool:
    """"How does Sheffield Health and Social Care support research?": the question asks about an NHS body the first
    entry never mentions (the embedding found Health and Care Research Wales alike), so that entry does not answer it.
    A body named as where the writer works ("I'm a nurse at Guy's and St Thomas', ...") is not what is asked, nor is
    one beside an entry the question names ("can I apply for PCAF at Portsmouth Hospitals?"). A country outside the UK
    asked about counts as such a body ("is there a research time scheme for nurses in the Republic of Ireland?"), and
    so does an organisation the knowledge base never names ("the Wellcome Trust")."""
    asked = question_part(result.query)
    if (unknown_organisations(asked, index) or unknown_topic(asked, index)) and result.hits and not result.hits[0].named:
        return True  # "how much is a Wellcome Trust fellowship worth?" is not answered by a fellowship found alike
    bodies, abroad = bodies_named(asked), places_abroad(asked)
    # a scheme named as the likeness of one abroad ("is there a scheme like ICAP in australia?") is not what is asked
    named = result.hits and result.hits[0].named and not (abroad and LIKENESS.search(asked))
    if not (bodies or abroad) or not result.hits or named:
        return False
    entry = index.entries[result.hits[0].entry_id]
    # a country read as the entry reads it: "Ireland" asked of is not the "Northern Ireland" an HSC entry names
    elsewhere = set(places_abroad(" ".join([entry.title, entry.summary, entry.body, *entry.synonyms])))
    return not (mentions_body(entry, bodies) or elsewhere.intersection(abroad))


def searched_entries(index: KnowledgeIndex, question: str, threshold: float, schemes_only: bool = False,
                     n: int = 1) -> list[str]:
    """The first `n` entries of a confident search, best first (none when not confident); with `schemes_only` (an
    eligibility question: only a scheme is applied to), schemes only, so "what about CSO fellowships, can I apply?"
    is not answered about the Chief Scientist Office itself."""
    if about_context(question):
        return []  # "how do I apply for it?": the conversation, not search, says which
    result = search(index, question, k=max(5 if schemes_only else 1, n))
    if not result.hits or result.confidence < threshold or about_another_body(result, index):
        return []  # "how do I apply for a Fulbright fellowship in the US?" is not asked of a scheme found alike
    return [h.entry_id for h in result.hits if not schemes_only or index.entries[h.entry_id].kind is Kind.scheme][:n]


def searched_entry(index: KnowledgeIndex, question: str, threshold: float, schemes_only: bool = False) -> str | None:
    """The entry a confident search puts first (see `searched_entries`)."""
    found = searched_entries(index, question, threshold, schemes_only)
    return found[0] if found else None


def resolve_entry(index: KnowledgeIndex, question: str, threshold: float) -> str | None:
    """Which entry is "X" in "am I eligible for X?": one named outright, else a confident search hit."""
    return named_scheme(index, question) or searched_entry(index, question, threshold)


# A follow-up asking for more of what was just answered, or where it comes from, said on its own ("tell me more",
# "go on", "where's that from?", "what's your source?"): the same answer again would not do, and search has
# nothing to search. "tell me more about PCAF" names a topic of its own and is searched.
_ALONG = r"^\W*(?:(?:ok|okay|so|and|yes|right|great|thanks)\W+)*"
_END = r"(?:\W+please)?\W*$"
MORE = re.compile(_ALONG + r"(?:(?:can|could) you\W+)?(?:tell me more|more|say more|more (?:info|information|detail|"
                  r"details)|go on|keep going|continue|elaborate|expand on (?:it|that|this)|(?:tell me )?more about "
                  r"(?:it|that|this)|anything else about (?:it|that|this)|what else does it say|"
                  r"in more detail|the rest|full details?)" + _END, re.IGNORECASE)
SOURCE = re.compile(_ALONG + r"(?:where(?:'s| is| does| did| do you get)? (?:that|this|it) (?:from|come from|coming "
                    r"from|say that|written|said)|where did you (?:get|find|read) (?:that|this|it)(?: from)?|"
                    r"where does it say (?:that|this|so)|what(?:'s| is| are) (?:the|your|its|that's) sources?|"
                    r"(?:is|are) (?:that|this|it) (?:still (?:true|right|correct|valid|the case)|up to date|"
                    r"current|accurate|out of date)|how (?:old|recent|up to date) is (?:that|this|it)|"
                    r"when was (?:that|this|it) (?:written|published|checked|reviewed|last (?:checked|reviewed|"
                    r"updated))|"
                    r"sources?|(?:give|show) me (?:the|your) sources?|can i see (?:the|your) sources?|how do you "
                    r"know(?: that| this)?|who says(?: so| that)?|references?|citations?|"
                    # "can you quote it exactly so I can put it in my paper", "quote the innovation bit word for word"
                    r"(?:(?:can|could|would) you (?:please )?)?quote (?:(?:it|that|this|them|those)(?:\s+(?:exactly|word "
                    r"for word|verbatim|in full|directly))*(?:\s+(?:so|for)\b[^?,;]{0,50})?|the \w+ (?:bit|part|section|line|"
                    r"paragraph|wording)(?:\s+(?:exactly|word for word|verbatim|in full))*)|"
                    r"(?:what(?:'s| is) )?the exact (?:words|wording)(?: of (?:it|that|this))?|"
                    # "what's the full reference?", "how do I cite it?"
                    r"(?:what(?:'s| is) )?(?:the |its )?(?:full |proper )?(?:reference|citation)(?: for (?:it|that|this))?|"
                    r"how (?:do|should|would|can) i (?:cite|reference) (?:it|that|this))"
                    + r"\W*$", re.IGNORECASE)


def follow_up(question: str) -> str | None:
    """"more" (tell me more, go on) or "source" (where's that from?, is that still true?: its sources and dates),
    asked of what was just answered; else None."""
    return "more" if MORE.search(question) else "source" if SOURCE.search(question) else None


# Whether what the writer just said of themselves changes the answer they had ("sorry I meant to say - I start at
# Hywel Dda next month. does that help?", "oops, I'm a pharmacy technician not a pharmacist. still ok?", "I'm now with
# North West Ambulance Service in Bolton. does that change things?", "I might be moving to a job in Swansea next year,
# does that open anything up?")
ASKED_AGAIN = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|well|then)\W+)*(?:(?:does|do|would|will|could|can) (?:that|this|it|any of that) "
    r"(?:change|help|matter|make (?:a|any) difference|affect|alter)(?: (?:things|anything|much|it|my (?:answer|options)))?|"
    r"(?:does|do|would|will|could|can) (?:that|this|it|any of that) open (?:up )?(?:anything|more(?: options| schemes| doors)?|any(?: more| other)? "
    r"(?:options|doors|schemes)|other (?:options|doors|schemes))(?: up)?(?: for me)?|"
    r"(?:(?:is|am|are) (?:it|that|this|i|we|they|she|he) )?still (?:ok|okay|alright|fine|good|eligible|allowed)|"
    r"(?:what|how) about now|any different|and now)\W*$", re.I)
CLAUSE_BREAK = re.compile(r"[.?!;,]+\s*|\s+[-\u2013\u2014]+\s+")


# and at the end of the telling, with no stop before it ("wait im actually moving to swansea in sept does that change
# anything"): "that" or "this" only, never "it" ("... does it help to have a masters?" asks its own)
ASKED_AGAIN_AT_END = re.compile(
    r"\s(?:does|do|would|will|could|can) (?:that|this|any of that) (?:change|help|matter|make (?:a|any) difference|affect|"
    r"alter|open (?:up )?(?:anything|more))(?: (?:things|anything|much|my (?:answer|options)|up))?\W*$", re.I)


def asks_again(message: str) -> bool:
    """Does the message tell us about the writer and ask, in a clause of its own, only whether that changes what they
    were told? Their answer again for who they are now (the scheme just discussed, or their list), not a search of
    "does that help?"; "I'm a nurse in Wales. does it help to have a masters?" asks something of its own."""
    return bool(extract(message).filled()) and (any(ASKED_AGAIN.search(c) for c in CLAUSE_BREAK.split(message) if c)
                                                or bool(ASKED_AGAIN_AT_END.search(message)))


# A scheme called by words of its name ("the portfolio one", "what about the time award thing"), not by a name of its
# own: the one scheme whose title holds them; asked about as such after "what about" (not "I got the staff award")
ABOUT_THE = re.compile(r"\b(?:what|how) about (?:the|that|this)\b", re.I)
BY_A_WORD = re.compile(r"\bthe ((?:[a-z0-9@&'-]+\s+)?[a-z0-9@&'-]+) (?:one|thing|scheme|award|fellowship|programme)s?\b",
                       re.IGNORECASE)
NO_NAME_WORDS = frozenset(tokens("other same first second third fourth fifth last new newer newest old older next "
                                 "previous right wrong best main big only whole whole entire"))


def words_called(question: str) -> frozenset[str]:
    """The words a scheme is called by ("time award" of "the time award thing"); empty when it is called by none."""
    said = [words for m in BY_A_WORD.finditer(question)
            if (words := frozenset(tokens(m.group(1)))) and not words & NO_NAME_WORDS]
    return said[0] if said else frozenset()


def title_words(entry: Entry) -> frozenset[str]:
    return frozenset(tokens(entry.title))


def scheme_titled(index: KnowledgeIndex, words: frozenset[str]) -> str | None:
    """The one scheme whose title holds the words, if only one does."""
    found = [e for e, entry in index.entries.items()
             if words and entry.kind is Kind.scheme and words <= index.read_once(e, title_words)]
    return found[0] if len(found) == 1 else None


# Whether one may apply there, asked of the scheme just shown ("can I apply from NI?", "is it open in Scotland?",
# "could I do it from Wales?"): a question opening with its verb whose only words of its own are a nation or place
WHETHER_THERE = re.compile(r"^\W*(?:(?:so|and|but|ok|okay)\W+)*(?:can|could|may|am|is|are|would|do)\b", re.I)
THERE_WORDS = frozenset(tokens("apply applying eligible open available still do it that this"))


def asks_whether_there(question: str) -> bool:
    lowered = re.sub(r"\bnorthern ireland\b", " ", question.lower())
    rest = [w for w in re.findall(r"[a-z']+", lowered) if not place_nation(w)]
    return bool(WHETHER_THERE.match(question)) and place_nation(question) is not None \
        and all(t in THERE_WORDS for t in tokens(" ".join(rest)))


# A numbered part asked for by its number alone just after an entry that speaks of numbered recommendations ("what does 14
# say exactly" after the report's entry): that recommendation
BARE_NUMBER = re.compile(r"^\W*(?:(?:and|so|ok|okay|but)\W+)?(?:what (?:does|did|about)|what'?s|whats|read me|quote|show me|"
                         r"tell me about|and)\s+(?:number\s+|no\.?\s*|#\s*)?(\d{1,2})(?![\d%.])(?:\s+(?:say|says|state|states|mean|"
                         r"recommend|recommends))?(?:\s+exactly)?\W*$", re.I)
RECOMMENDATIONS = re.compile(r"\brecommend(?:s|ed|ations?)?\b", re.I)
# A passage that is a numbered recommendation ("17. We therefore recommend ..."), not one saying staff would recommend
NUMBERED_RECOMMENDATION = re.compile(r"(?:^|\s)\d{1,2}\.\s+(?:\w+\s+){0,3}recommend|\brecommendations?\s+\d", re.I)


def numbered_recommendation(question: str, entry: Entry | None, shown: str = "") -> str | None:
    """"what does recommendation 14 say exactly" for "what does 14 say exactly" after an entry on the recommendations
    (the report's, or one citing them), or "and 14?" after a passage quoting one (`shown`: its text); None
    otherwise."""
    asked = BARE_NUMBER.match(question)
    if not asked or not (entry is not None and RECOMMENDATIONS.search(f"{entry.title} {entry.summary} {entry.body}")
                         or NUMBERED_RECOMMENDATION.search(shown)):
        return None
    return f"what does recommendation {asked.group(1)} say exactly"


# Where to begin, asked in a clause of its own ("I want to be a PI eventually - where do I start?", "so how do I even get
# started?")
WHERE_TO_START = re.compile(r"^\W*(?:(?:so|ok|okay|and|but|then)\W+)*(?:where|how) (?:do|should|can|would) (?:i|we|one) "
                            r"(?:even |actually |best )?(?:start|begin|get started)(?: with (?:it|that|this|research))?"
                            r"(?: then)?\W*$", re.I)


def asks_where_to_start(question: str) -> bool:
    return any(WHERE_TO_START.match(c) for c in CLAUSE_BREAK.split(question) if c)


# Words of a question about applying or whom to contact ("where do I send the form?", "what is the process", "can i
# apply online"), which the aspects do not name
APPLY_OR_CONTACT = re.compile(r"\b(?:appl(?:y|ying|ication|ications|icant)|forms?|process|sign(?:ing)? up|join(?:ing)?|enrol\w*|"
                              r"regist\w*|contact\w*|e-?mail|phone|talk|speak|ask|get in touch|deadline|clos(?:e|ing)|"
                              r"submit\w*|send|get (?:on|in|onto|into))\b", re.I)


HOW_OR_WHERE = re.compile(r"^\W*(?:(?:so|and|but|ok|okay|then)\W+)*(?:how|where|who|when)\b", re.I)
OWN_TOPIC_WORDS = 2  # a "how" question with this many words of its own asks its own ("how would I make the case ...")


def asks_to_apply_or_contact(question: str) -> bool:
    """Does a message read as "how do I apply?" or "who do I contact?" ask that: words of applying or contacting, or a
    "how"/"where"/"who" question with little of its own ("how do I find one?" after mentorship)?"""
    own = [t for t in tokens(question) if t not in FOLLOW_UP_WORDS]
    return bool(APPLY_OR_CONTACT.search(question)) or bool(HOW_OR_WHERE.match(question)) and len(own) < OWN_TOPIC_WORDS
