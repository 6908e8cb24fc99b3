"""What a chat message says about the person writing it, and how to name them back, for the actions.

The action server asks for these over HTTP (POST /api/person) rather than importing the taxonomy:
the vocabulary, the text rules and the labels stay in the engine, in one place.
"""

from __future__ import annotations

import re

from knowledge.conversation import position
from knowledge.index import KnowledgeIndex
from knowledge.profile_text import (
    asking_clauses,
    clauses,
    asks_to_forget,
    correct_spelling,
    corrected,
    extract,
    mentions_self,
    only_profile_facts,
    question_part,
    SENTENCES,
    SOMEONE,
    really_asks,
    self_part,
    wanted,
)
from knowledge.recommend import label, one_of
from knowledge.resolve import (
    GROUP_WORDS,
    LIKENESS,
    ONLY_TAIL,
    TOLD_ONLY_FOR,
    TRUE_ASKED,
    asks_which_schemes,
    unknown_organisations,
)
from knowledge.search import named_entries
from knowledge.text import acknowledges, mashed, small_talk, tokens
from knowledge.taxonomy import (
    CAREER_STAGE_CODES,
    NATION_CODES,
    AHP_PROFESSIONS,
    PROFESSION_CODES,
    PROFESSIONS,
    named_as_group,
    named_in_plural,
    named_singly,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
)

# The writer among a group named in the plural: "we're nurses in Leeds", "I'm one of the physios".
AMONG_THEM = re.compile(r"\b(?:we['\u2019]re|we are|one of the|fellow)\b", re.I)

VOCABULARY = {"profession": (PROFESSION_CODES, normalise_profession), "nation": (NATION_CODES, normalise_nation),
              "career_stage": (CAREER_STAGE_CODES, normalise_career_stage)}


# A yes, in a sentence of its own, before the message says who the writer is ("go on then. nurse, b5, england" after the
# help offered to show what is open to them)
YES_FIRST = re.compile(r"^\W*(?:go on(?: then)?|yes(?: please)?|yeah|yep|sure|ok(?:ay)?|fine|go for it|sounds good|"
                       r"please do|why not|alright)\W*?[.!,;:-]+\s+(?=\S)", re.I)


def stated(text: str, about_writer: bool, question: bool, answering: bool, known: dict | None = None,
           options: tuple[str, list[str]] | None = None) -> dict[str, str]:
    """The profile fields (as codes) a message states about its writer. `about_writer`: the message is about
    them whatever its words (an inform); `question`: it asks something, so only its part about the writer
    counts ("as a nurse, what is HSC R&D?"); `answering`: it replies to a profile question, whose buttons offered
    `options` (slot, codes in order): "the first one" picks one. `known`: the profile so far: a physio asking
    "is there funding for nurses?" asks about nurses and stays a physio."""
    if asks_to_forget(text):  # "forget that I said I'm a nurse" states nothing to keep
        return {}
    text = YES_FIRST.sub("", text) or text  # "go on then. nurse, b5, england": the yes is no part of who they are
    if answering and options and (picked := _picked(text, *options)):
        return picked
    if about_writer:
        said = extract(text).filled()
        profession, before = said.get("profession"), (known or {}).get("profession")
        if profession and before and profession != before and not mentions_self(text) \
                and not named_singly(text, profession):
            del said["profession"]
        return said
    if part := corrected(text):  # "sorry, I meant Scotland - NHS Lanarkshire. I trained in Wales, that's why I said it"
        return {**extract(text).filled(), **extract(part).filled()}
    # "ok fine, NHS Lanarkshire" read as asking; "new band 5, surgical ward, bristol" as nothing Rasa knew (one fact
    # alone, "Scotland", may go on from the last answer)
    if mentions_self(text) or (question or len(extract(text).filled()) > 1) and only_profile_facts(text):
        part = self_part(text) if question else text
        if question and not mentions_self(part):  # "hi!! where do i start with research, im a nurse on a care of the
            # elderly ward in kent": who they are, told after what they ask, in a clause that asks nothing
            part = " ".join([part, *(c for c in clauses(text[len(part):]) if mentions_self(c) and not really_asks(c))])
        said = extract(part).filled()
        if question and said.get("profession") and named_as_group(correct_spelling(part), said["profession"]) \
                and not AMONG_THEM.search(part):
            del said["profession"]  # "does my hospital care about research or is it just for doctors?": a group asked
            # unless the message opens with the writer's own ("HCA band 3 in Aneurin Bevan, love the research nurses,
            # could i ever do something?")
            said.update({k: v for k, v in extract(_who_opens(text) or "").filled().items() if k == "profession"})
        if question and not said.get("profession") and (as_a := WRITER_AS.search(text)) \
                and not THIRD_PERSON.search(text, as_a.start(), as_a.start(1)):
            said.update({k: v for k, v in extract(as_a.group(1)).filled().items() if k == "profession"})
        return said
    if question and (opening := _who_opens(text)):
        return extract(opening).filled()
    return extract(text).filled() if answering else {}


# A message's opening part, set off by a full stop or a comma ("england. sorry random q but ...").
OPENING_PART = re.compile(r"^(\S[^,.;!?]*?)\s*[,.;!]+\s*(?=\S)")  # not a question ("wales? never worked there")


def _profile_part(text: str) -> re.Match | None:
    """The part a message opens with, set off from the rest, when it asks nothing and says only profile facts."""
    opening = OPENING_PART.match(text.strip())
    return opening if opening and not really_asks(opening.group(1)) and only_profile_facts(opening.group(1)) else None


def opening_answer(text: str, slot: str) -> dict[str, str]:
    """The profile question's answer opening a message that goes on to something else ("england. sorry random q but do
    u know how i swap a shift?" asked which nation): what it says, when it says that slot and nothing but profile
    facts."""
    opening = _profile_part(text)
    said = extract(opening.group(1)).filled() if opening else {}
    return said if slot in said else {}


# Interests said as a label ("interests - stroke rehab", "interests: eating disorders", "interests idk... maybe frailty")
INTERESTS_LABEL = re.compile(r"(?:^|[.,;!?]\s*|\band\s+|\bmy\s+)interests\s*(?:[-:\u2013=]|\bidk\b)", re.I)


def interests_said(text: str) -> str | None:
    """What the writer says they are interested in, said as a label: kept whatever else the message asks (not another
    person's: "my friend is an OT, interests - hand therapy")."""
    if not INTERESTS_LABEL.search(text) or SOMEONE_ELSE.search(text) or SOMEONE.search(text):
        return None
    return extract(text).interests


# What hedges a topic given alone ("falls prevention mainly", "erm probably paeds tbh")
INTEREST_HEDGES = re.compile(r"^\W*(?:(?:um+|erm+|hmm+|ah|oh|well|so|probably|prob|maybe|mostly|mainly|i guess|i think|tbh|"
                             r"ok|okay)\W+)*|\W*\b(?:mainly|mostly|really|probably|i (?:guess|think|suppose)|tbh|at the "
                             r"moment|atm|for now|i reckon)\W*$", re.I)
# No topic at all ("none really", "not fussed", "hi", "cancel"): no interest to sort by (read before any hedge is taken off:
# "not really" is not "not"); a lone "thanks" or "cool" is `acknowledges`', "not sure" UNSURE's
NO_INTEREST = re.compile(r"^\W*(?:no|none|nothing|nope|nah|n/?a|not (?:really|yet|now|fussed|bothered)|any|anything|"
                         r"everything|whatever|all of (?:it|them)|don'?t (?:mind|care)|hi|hello|hey|hiya|help|cancel|"
                         r"never ?mind|maybe|what|bye|skip|go on|later|stop|yes|yeah|yep|ok|okay|sure|fine|sounds "
                         r"(?:good|great))\b", re.I)
INTEREST_WORDS = 6  # at most, for a topic given alone
# Pointing at what was shown ("the first one", "that one") or speaking of the writer or the bot ("forget where I work"):
# no topic
NOT_A_TOPIC = re.compile(r"\b(?:i|i'm|im|my|you|your|u|we|us|our|it|them)\b|(?-i:\bme\b)|\b(?:that|this|those|these|the|"
                         r"another) (?:one|ones|first|second|third|fourth|fifth|last|next|previous|other)\b|^\W*(?:that|"
                         r"this|those|these|first|second|third|fourth|fifth|last|next)(?: ones?)?\W*$", re.I)


def interests_answered(index: KnowledgeIndex, text: str) -> str | None:
    """A topic given alone after the list invited the writer's interests ("Tell me what interests you ... and I'll
    sort these by fit": "falls prevention mainly", "perinatal mental health"): what they are interested in. Not a
    question, an entry's name, a profile fact, a kind of support wanted ("funding") nor chat; None otherwise."""
    topic = INTEREST_HEDGES.sub("", text.strip()).strip(" .!,;")
    words = topic.split()
    if not words or len(words) > INTEREST_WORDS or NO_INTEREST.search(text) or NO_INTEREST.search(topic) \
            or NOT_A_TOPIC.search(topic) or not tokens(topic) \
            or UNSURE.search(text) or asks_to_forget(text) or really_asks(text) \
            or not any(w.isalpha() for w in words) or extract(text).filled() or wanted(text) \
            or named_entries(index, text) or acknowledges(text) or small_talk(text) \
            or mashed(topic, index.word_counts) or frozenset(tokens(topic)) in index.titled_with:
        return None  # ("secondments" alone, after a list, asks about the entry titled with it)
    return topic


def profile_opening(text: str) -> str | None:
    """The part a message opens with when it is only profile facts ("england" of "england. interests paeds...")."""
    if OPENING_PART.match(text.strip()):
        opening = _profile_part(text)
        part = opening.group(1) if opening else None
    else:
        part = text.strip() if not really_asks(text) and only_profile_facts(text) else None
    return part if part and extract(part).filled() else None


def asked_after_opening(text: str) -> str | None:
    """What a message asks after an opening part that only answers who the writer is ("wales (hywel dda). wait before
    i forget - what did that CRUK report say were the biggest barriers?" completed the induction): that question, to
    answer beside the list; None when the message asks nothing more."""
    opening = _profile_part(text)
    if not opening:
        return None
    rest = text.strip()[opening.end():].strip()
    return rest if rest and really_asks(rest) else None


# A message's first sentence, before what it asks ("3rd yr student nurse on placement with South Eastern HSC Trust.
# can students do research placements?").
FIRST_SENTENCE = re.compile(r"^(.+?[.!])\s+(?=\S)")
# or its first clause, set off by a comma ("HCA band 3 in Aneurin Bevan, love the research nurses, could i ever do
# something?")
FIRST_CLAUSE = re.compile(r"^([^,?.!]+),\s+(?=\S)")
# Someone else asked about ("What about a midwife in Belfast, any schemes for them?"): no clause of the writer's.
ABOUT_OTHERS = re.compile(r"\b(?:them|what about|how about)\b", re.I)
A_POST = re.compile(r"\b(?:job|jobs|post|posts|vacancy|vacancies|advert\w*|role|roles)\b", re.I)
A_THING = re.compile(r"^\W*(?:the|that|this|those|these)\b|\b(?:one|ones|scheme|schemes|programme|programmes|course|"
                     r"award|fellowship|network)\b", re.I)


def _who_opens(text: str) -> str | None:
    """The first sentence of a question, when it asks nothing, speaks of no one else and names one person of a
    profession with something more about them: the writer, introduced without "I'm" ("3rd yr student nurse on
    placement with South Eastern HSC Trust.", not "Nurses in Wales are stretched.")."""
    first = FIRST_SENTENCE.match(text.strip()) or (
        None if THIRD_PERSON.search(text) or ABOUT_OTHERS.search(text) else FIRST_CLAUSE.match(text.strip()))
    if first and _introduces(first.group(1)):
        return first.group(1)
    # or a sentence after the question, when the message opens with it ("hiya, where do i start?? physio in
    # lanarkshire, wanting to get into research")
    if THIRD_PERSON.search(text) or ABOUT_OTHERS.search(text):
        return None
    # ("where do i start? district nurse, just moved from acute": the role alone, opening its sentence, will do), or
    # a clause ("hi where do i start, SLT in hywel dda, feel a bit lost")
    parts = [*SENTENCES.split(text.strip())[1:], *clauses(text)[1:]]
    return next((p.rstrip(",;: ") for p in parts if _introduces(p.rstrip(",;: "), alone=True)), None)


def _introduces(sentence: str, alone: bool = False) -> bool:
    """Does a sentence ask nothing, speak of no one else nor of a post, and name one person of a profession with
    something more about them (or, `alone`, in its first words)?"""
    if really_asks(sentence) or SOMEONE.search(sentence) or A_POST.search(sentence) or A_THING.search(sentence):
        return False  # "Research nurse job at Cardiff advertised." is a post, "the senior nurse one." a scheme
    said = extract(sentence).filled()
    profession = said.get("profession")
    if not profession or not named_singly(correct_spelling(sentence), profession):  # ("newly qualifed midwfe")
        return False
    if not alone:
        return len(said) > 1
    # after the question, the role as a part of its own ("district nurse, just moved from acute", "SLT in hywel dda,
    # feel a bit lost"; not "consultant says everyone on the ward should do research")
    opening = re.split(r"[,;:(]", sentence, maxsplit=1)[0].strip()
    if only_profile_facts(opening):
        return True
    # or the role opening it, then where ("dietitian at a small DGH, feels like ..."), not what someone does
    words = correct_spelling(opening).split()
    ends = [n for n in range(1, min(ROLE_OPENS, len(words)) + 1)  # where the role's words end
            if named_singly(" ".join(words[:n]), profession) and not named_singly(" ".join(words[:n - 1]), profession)]
    return bool(ends) and (ends[0] == len(words) or words[ends[0]].lower() in WHERE_WORDS)


ROLE_OPENS = 3  # words a role said alone takes ("mh nurse", "community staff nurse")
WHERE_WORDS = frozenset("at in on with from for here based".split())


# The writer's role said inside their question ("what could i actually apply for as a nurse?"), after the question
# has begun, so not in the part before it.
THIRD_PERSON = re.compile(r"\b(?:she|he|they|her|him|his|their|someone|somebody|colleague|friend)\b", re.I)
WRITER_AS = re.compile(r"\b(?:i|me)\b[^?.!]*?\bas an? ((?:[\w-]+\s+){0,3}?[\w-]+)\s*(?:[?.!,;]|$)", re.I)


# A reply to a profile question is short ("England", "band 6, is that ok?"); a longer message that really asks is a
# question of its own, whatever Rasa read it as.
MOST_ANSWER_WORDS = 4


def asks_its_own(text: str) -> bool:
    """Does the message ask a question of its own rather than answer the profile question just asked ("can a
    healthcare assistant in wales apply to pathway to portfolio or is it just for registered clinicians", from a
    pharmacist asked their career stage, rewrote their profession)? Only what it says of the writer counts then."""
    return really_asks(text) and len(text.split()) > MOST_ANSWER_WORDS


def _picked(text: str, slot: str, codes: list[str]) -> dict[str, str]:
    """{slot: code} for a reply that picks one of the buttons by its place ("the first one", "number 2"), if valid.
    A bare number is not a pick: the buttons are not numbered, and "3" to the career stage may be years qualified."""
    at = None if text.strip(" .!?").isdigit() else position(text, len(codes))
    code_ = codes[at] if at is not None and at < len(codes) else None
    return {slot: code_} if slot in VOCABULARY and code_ in VOCABULARY[slot][0] else {}


# Not knowing the answer to the profile question just asked ("I'm not sure which nation, I work on the border"): the
# form's own reply ("choose the closest option"), not a search of the knowledge base logged as a question it missed.
UNSURE = re.compile(r"\b(?:not (?:sure|certain)|unsure|(?:don'?t|do not) know|no idea|idk|dunno|can'?t (?:remember|"
                    r"say)|no clue)\b", re.IGNORECASE)
SUBJECT = {
    "profession": re.compile(r"\b(?:profession|job|role|title|what I do)\b", re.IGNORECASE),
    "nation": re.compile(r"\b(?:nation|country|where I work|border|england|wales|scotland|northern ireland)\b",
                         re.IGNORECASE),
    "career_stage": re.compile(r"\b(?:band|grade|career|stage|level|qualified|senior|junior)\b", re.IGNORECASE),
}


def unsure_of(text: str, slot: str) -> bool:
    """Does the message say the writer does not know the answer to the profile question on `slot`?"""
    return slot in SUBJECT and bool(UNSURE.search(text)) and bool(SUBJECT[slot].search(text))


def asked_about(text: str) -> str | None:
    """The profession a question asks about when it is not the writer's own ("can pharmacists apply for PCAF?",
    "are doctors eligible?", "can my colleague who's a dentist apply?"): an eligibility question about a group, or
    about someone else, is answered for them."""
    return group_asked(text).get("profession")


def group_asked(text: str) -> dict[str, str]:
    """Whom a question asks about when it is not the writer: the profession, and the nation said with it ("what
    research opportunities are there for nurses in England?"), as codes; empty when no other group is named. A doubt
    added after the question ("... or is that only for doctors?") names whom the writer fears it is for, not whom it
    asks about."""
    text = ONLY_TAIL.sub("", text) or text
    if TOLD_ONLY_FOR.search(text) and TRUE_ASKED.search(question_part(text)) \
            and not extract(question_part(text)).profession:
        return {}  # "my manager says research is for nurses n doctors. is that right?": the writer's own case (not
        # "... is that true for physios too?")
    other = SOMEONE_ELSE.search(text)  # "I'm a nurse; could my colleague, a dentist, apply?": the colleague's
    mine = ONE_OF_MINE.search(text)  # "one of my HCAs": whom they are, unless the writer asks for themselves ("one of
    # our consultants told me about PCAF, am I eligible as a band 6 physio?")
    if mine and not _asks_for_the_writer(text):
        said = extract(text[mine.end():], of_someone_else=True).filled()
    elif other:
        said = extract(text[other.start():], of_someone_else=True).filled()
    elif _asks_for_the_writer(text):  # "the list says doctors, nurses and clinical scientists - can I still apply?"
        return {}
    else:  # ("give me every research scheme for nurses in scotland": "me" asks, the nurses are whom for)
        said = {} if mentions_self(ASKING_ME.sub(" ", text)) else extract(text).filled()
    if not said.get("profession"):
        return {}
    # the nation said of the group ("nurses in England"), not one in a scheme's name ("NHS Research Scotland
    # fellowships", "the Welsh research time award"), which asks about that scheme
    where = [normalise_nation(m.group(1)) for m in (*GROUP_PLACE.finditer(text), *GROUP_ADJECTIVE.finditer(text))]
    return {"profession": said["profession"], **({"nation": where[0]} if where and where[0] else {})}


# The writer asking for themselves ("can I still apply?", "am I eligible?"), whatever groups the rest of the message lists.
WRITER_ASKS = re.compile(r"\b(?:can|could|may|might|would|should|do|am)\s+i\b(?!\s+ask\b)", re.I)


def _asks_for_the_writer(text: str) -> bool:
    """Does every clause that asks ask for the writer, and not whether being a profession is needed ("Pharmacists aren't
    on it - can I still apply?", "can I apply for IAT for doctors and dentists?"; not "are physios eligible or do I
    need to be a doctor?", "is it open to nurses in Wales, should i apply?")?"""
    asking = asking_clauses(text)
    return bool(asking) and all(WRITER_ASKS.search(c) and not _to_be(c) for c in asking)


# Being a profession, asked ("do I need to be a nurse?", "if I'm not a doctor?"): the group asked about. One named in a
# scheme's name ("can I apply for IAT for doctors and dentists?") is not.
TO_BE = re.compile(r"\b(?:be|being|am|i'm|im)\s+(?:an?\s+)?((?:[\w-]+\s+){0,2}[\w-]+)", re.I)


def _to_be(clause: str) -> bool:
    return any(normalise_profession(m.group(1)) for m in TO_BE.finditer(clause))


# Where a group works: "in England", "from Wales", "working in Scotland", "based in Cardiff".
GROUP_PLACE = re.compile(r"\b(?:in|from|across)\s+((?:the\s+)?[A-Za-z]+(?:\s+[A-Za-z]+)?)", re.I)
# or said before it ("anything else for a Scottish nurse?")
GROUP_ADJECTIVE = re.compile(r"\b(?:an?|for)\s+(scottish|welsh|english|northern irish)\b", re.I)
# A request that names the writer only as whom to give it to ("give me every research scheme for nurses in scotland").
ASKING_ME = re.compile(r"\b(?:give|show|list|tell|send|find) me\b", re.I)


# The writer's team, ward or staff, asked for ("what could my team actually apply for? ive got RNs, 2 NAs and a load of
# HCAs", "what can my team apply for? mix of nurses, hcas and nursing associates")
TEAM = re.compile(r"\b(?:my|our) (?:\w+ )?(?:team|teams|staff|ward|unit|department|dept|service|people|lot)\b|"
                  r"\b(?:mixed|whole) team\b|\bmix of\b", re.I)
# The writer's staff, by profession ("I've got 14 RNs and a load of HCAs", "I manage 12 nurses", "what about for my
# HCAs specifically?"); not "I've got 3 years post-qual", "our doctors get all the funding"
STAFF = re.compile(r"\b(?:i(?:'ve| have|ve)? got|i (?:manage|lead|look after|line manage|supervise))\s+(?:a team of\s+|"
                   r"\d+\s+|a (?:load|lot|bunch|few|couple) of\s+|loads of\s+|some\s+)?(?P<got>[\w'-]+)|"
                   r"\b(?:for|can|could|should|would) (?:my|our)\s+(?P<mine>[\w'-]+)", re.I)
TEAM_OPTIONS = re.compile(r"\b(?:apply for|apply to|options?|opportunit(?:y|ies)|schemes?|anything|funding|routes?|"
                          r"what(?:'s| is) (?:there|out there|available)|point (?:them|people|staff) (?:at|to|towards)|"
                          r"what about (?:for )?(?:my|our) \w+|"
                          r"(?:could|can|should) (?:they|we|my team|my staff|the team) (?:do|get|go for))\b", re.I)
TEAM_MOST = 4  # groups listed at most
FOR_THE_WRITER = re.compile(r"\bfor me\b|\b(?:can|could|should) i (?:apply|get|go for|do)\b|\bam i\b", re.I)


def _names_staff(text: str) -> bool:
    """Does the message speak of the writer's staff by a profession in the plural ("I've got 14 RNs", "for my HCAs")?"""
    for m in STAFF.finditer(text):
        group = (m.group("got") or m.group("mine")).lower()
        if group in GROUP_WORDS or any(named_in_plural(group, code) for code in PROFESSION_CODES
                                       if code not in ("other", "manager_admin")):
            return True
    return False


def team_asked(text: str) -> list[str]:
    """The professions of the writer's team a message asks options for (in the taxonomy's order; "my team of ~40
    nurses" is one); empty when it asks for no team. Each group gets its own list, without a career stage (a team
    has all)."""
    if not (TEAM.search(text) or _names_staff(text)) or not TEAM_OPTIONS.search(text) or FOR_THE_WRITER.search(text):
        return []  # ("my colleagues are nurses, is there anything for me?" asks for the writer)
    words = set(re.findall(r"[\w']+", text.lower()))
    # the groups named in the plural or in short ("RNs", "2 NAs", "a load of HCAs"), not the writer's own role ("band 5
    # nurse on my ward") nor a manager they mention
    codes = [code for code in PROFESSION_CODES if code not in ("other", "ahp", "manager_admin")
             and named_in_plural(text, code)]
    codes += [code for word, code in GROUP_WORDS.items() if word in words and code not in codes]
    order = [*PROFESSIONS, *AHP_PROFESSIONS]
    codes = sorted(set(codes), key=order.index)
    return codes[:TEAM_MOST]


def lists_for_a_group(index: KnowledgeIndex, text: str) -> bool:
    """Does a message ask which schemes are open to a group other than the writer ("what research opportunities are
    there for nurses in England?")? The list for that group answers it; the writer's own profile is not asked for."""
    return bool(group_asked(text)) and asks_which_schemes(index, text) and not unknown_organisations(text, index)


# "is there anything similar?": another scheme of the kind, not the one just shown
SIMILAR = re.compile(r"\b(?:anything|something|one|ones|schemes?|programmes?|equivalent)\s+(?:similar|comparable)\b|"
                     r"\b(?:is|are) there (?:one|ones|an? equivalent|an? version)(?: like (?:it|that|this))?\s+"
                     r"(?:for|open to)\b", re.IGNORECASE)  # "and is there one for AHPs?" after 70@70


def similar_for_a_group(text: str) -> bool:
    """Does a message ask for something like what was just shown, for another group ("what about for physios? is there
    anything similar?" after 70@70, for nurses and midwives)? The schemes open to that group answer it, not who may
    apply for the one shown."""
    return bool(group_asked(text)) and bool(SIMILAR.search(text) or LIKENESS.search(text))


# "is the time award only for medics?", "just for consultants?": whether others may apply too, which a yes or no for
# the group named would answer wrongly ("Yes: open to doctors" reads as "only doctors").
ONLY = re.compile(r"\b(?:only|solely|exclusively|just)\s+(?:for|open to|available to|meant for|aimed at)\b|"
                  r"\b(?:only|just)\s+(?:\w+\s+){0,2}?(?:who|that)\s+(?:can|could|may)\b|\bor (?:is it )?(?:only|just)\b",
                  re.IGNORECASE)
# "can she do ICAP?", "my colleague's a dentist, could he apply?": someone else, not the writer whose profile we hold.
SOMEONE_ELSE = re.compile(r"\b(?:she|he|her|him|his|hers|my (?:colleague|friend|manager|boss|team ?lead|deputy|mate|"
                          r"partner|wife|husband|daughter|son|student|sister|brother))\b", re.IGNORECASE)
# One of the writer's staff, by their profession ("one of my HCAs is keen too - is it open to her?")
ONE_OF_MINE = re.compile(r"\b(?:one|some|two|a few|a couple) of (?:my|our)\s+(?=\w)", re.IGNORECASE)


def asks_who_else(text: str) -> bool:
    """Is an eligibility question better answered with who can apply than with a verdict for the writer: it asks
    whether a scheme is only for some group, or asks for someone else without saying their profession?"""
    return bool(ONLY.search(text)) or (bool(SOMEONE_ELSE.search(text)) and asked_about(text) is None)


def code(slot: str, value: object) -> str | None:
    """The taxonomy's code for a typed or chosen value ("physio" -> physiotherapist), None when unknown."""
    if not isinstance(value, str) or slot not in VOCABULARY:
        return None
    codes, normalise = VOCABULARY[slot]
    return value if value in codes else normalise(value)


def describe(profile: dict) -> str:
    """"a physiotherapist (mid-career staff) in Wales", "a student nurse in England" from slot codes."""
    who = one_of(profile["profession"]) if profile.get("profession") else "member of staff"
    stage = f" ({label(profile['career_stage'])})" if profile.get("career_stage") else ""
    if profile.get("career_stage") == "student" and profile.get("profession"):
        who, stage = f"student {who}", ""  # not "a nurse (students)"
    where = f" in {label(profile['nation'])}" if profile.get("nation") else ""
    article = "an" if who[0] in "aeiou" else "a"
    return f"{article} {who}{stage}{where}"
