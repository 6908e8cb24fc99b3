"""What a question asks about an entry (who can apply, who funds it, how much, how long, how to apply, deadline,
what it involves, limits, whom to contact, why), and which paragraph of the entry answers it.

Retrieval finds the entry; the paragraph that best matches the question as a whole often is not
the one that answers it ("who can apply for P2P?" matched the summary, "what skills does it
build?" the paragraph on its limits). Each aspect has cue phrases in the question and cue
phrases in the text; the paragraph with most of its aspect's cues, and fewest of other aspects'
cues, answers it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.documents.windows import AnswerType, asks_for
from knowledge.schema import Entry, Kind, Status


@dataclass(frozen=True)
class Aspect:
    name: str
    label: str  # shown after the entry's title: "Pathway to Portfolio: how much"
    asked: re.Pattern  # in the question
    cues: re.Pattern  # in a paragraph that answers it
    field: Callable[[Entry], str | None]  # the entry's own field that answers it, if any


def _any(*phrases: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)", re.IGNORECASE)  # \b fails beside "£"


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _eligibility(entry: Entry) -> str | None:
    """Who may apply, from the eligibility fields: only schemes are applied to ("open to all staff in England"
    says nothing useful about NHS England)."""
    from knowledge.recommend import CHECK, UNSAID, audience, by_example, label, unsaid  # the recommendations' words

    needs = f" Applicants need {_listed([r.need for r in entry.requirements])}." if entry.requirements else ""
    if entry.kind is not Kind.scheme or (entry.professions == ["any"] and entry.nations == ["any"]
                                         and entry.career_stages == ["any"] and not entry.organisations):
        return needs.strip() or None
    stages = _listed([label(s) for s in entry.career_stages]) \
        if "any" not in entry.career_stages and len(entry.career_stages) <= 2 else ""  # most stages: not worth saying
    no_source = unsaid(entry)  # no source says "all staff"
    if "any" in entry.professions:  # "senior staff", not "all staff (senior staff)", which read as everyone
        who = stages or ("staff" if no_source else "all staff")
    else:
        who = _listed([label(p) for p in entry.professions]) + (f" ({stages})" if stages else "")
    where = "" if "any" in entry.nations else " in " + _listed([label(n) for n in entry.nations])
    if entry.organisations:
        where = " at " + entry.organisations[0]  # the others are other names of the same organisation
    opened = "Open to" if entry.status is Status.open else "Was for"  # an archived programme is open to no one
    if by_example(entry):  # "staff in NHS Wales, such as doctors...": the list is examples, never the whole of it
        return f"{audience(entry, opened)}.{needs}"
    if no_source and entry.status is Status.open:
        return f"For {who}{where}; {UNSAID} may apply, so {CHECK}.{needs}"
    return f"{opened} {who}{where}.{needs}"


def _where(entry: Entry) -> str | None:
    """"Wales.": the nations an entry is for, when it is for some only (an entry for any nation says nothing here)."""
    from knowledge.recommend import label

    if "any" in entry.nations or not entry.nations:
        return None
    return _listed([label(n) for n in entry.nations]) + "."


def _gives(entry: Entry) -> str | None:
    """"It gives funding and protected time.": shown as "What it involves: It gives ..." beside an answer."""
    if not entry.gives:
        return None
    gives = [g.value.replace("_", " ") for g in entry.gives]
    return f"It gives {', '.join(gives[:-1]) + ' and ' if len(gives) > 1 else ''}{gives[-1]}."


ASPECTS: dict[str, Aspect] = {a.name: a for a in (
    Aspect("eligibility", "who can apply",
           _any(r"who (?:can|could|may|is able to|is allowed to|gets to) (?:apply|join|go for|go on|attend|take part|"
                r"do it|do this|do that|get|enrol|enroll|sign up|participate|be (?:on|part of))", r"eligib\w*",
                r"(?:am|are|is) (?:i|we|they|you|a|an|\w+s) (?:allowed|able) to",
                r"can (?:a|an|i|we|non[- ]?\w+)(?: [\w-]+){1,4} apply",
                r"can \w+s apply", r"(?:open|only|just) (?:to|for)", r"criteria",
                r"requirements?", r"qualify", r"who(?:'s| is| are| was| were) (?:(?!\s[-\u2013\u2014]\s)[\w\s@()&'\u2019-]){0,60}?(?:for|aimed at)",
                r"do i need",  # "who was the old HEE clinical academic training (CAT) scheme for?"
                # "who did the old HEE CAT programme cover?", "are they trying to widen who applies?"
                r"who (?:did|does|do|will|would) (?:(?!\s[-\u2013\u2014]\s)[\w\s@()&'\u2019-]){0,60}?\bcover\b"
                r"(?!\s+(?:my|your|our|me|us|the|for)\b)",  # not "who would cover my shifts?"
                r"who (?:applies|applied)\b",
                # who may not: "is there anyone who cant apply for it?"
                r"who (?:can'?t|cannot|can not|isn'?t|is not|is n't) (?:apply|eligible|allowed|join|go for)",
                # a person excluded, not a cost ("are conference fees excluded from it?")
                r"(?:am i|are (?:we|they|you)|is (?:she|he)|who(?:'s| is| are)?|anyone|anybody|people) (?:excluded|"
                r"ineligible|not eligible|ruled out)", r"rules? (?:me|us|them|you) out"),
           _any(r"open to", r"eligib\w*", r"(?:can|may) apply", r"applicants?", r"aimed at", r"is for", r"are for",
                r"must (?:be|have|hold)", r"needs? (?:a|an|to|the)", r"registration", r"staff in", r"nurses?", r"midwives",
                r"allied health", r"AHPs?", r"doctors?", r"pharmacists?", r"dentists?", r"scientists?",
                r"registered", r"qualified"),
           _eligibility),
    # Before "how much": "who pays for THIS Institute?" asks for a funder, not an amount ("pays for" is both).
    Aspect("funder", "who funds it",
           _any(r"who (?:pays|paid|funds|funded|is funding|was funding|finances|financed|sponsors|sponsored|"
                r"commissioned|bankrolls)", r"who(?:'s| is| was) (?:paying|funding|behind)", r"funded by",
                r"funders?", r"where does (?:the|its|their) (?:money|funding) come from"),
           _any(r"funded by", r"funders?", r"commissioned", r"paid for by", r"supported by", r"on behalf of"),
           lambda e: e.funder),
    Aspect("amount", "how much",
           _any(r"how much", r"amount", r"money", r"£\s?\d*\w*", r"\d+k", r"funding (?:level|limit|available)",
                r"max(?:imum)? funding", r"worth", r"budget", r"salary", r"(?:pay|fund)s? for"),
           _any(r"£\s?[\d,]+\w*", r"salary", r"funds?", r"funding", r"costs?", r"backfill", r"pays?", r"award of"),
           lambda e: e.amount),
    Aspect("duration", "how long",
           _any(r"how long", r"duration", r"length", r"how many (?:months|years|weeks|days|sessions|hours)",
                r"time commitment", r"full[- ]time", r"part[- ]time", r"last(?:s)? for", r"run for"),
           _any(r"\d+ (?:months?|years?|weeks?|days?)", r"(?:six|twelve|one|two|three|four|five) (?:months?|years?)",
                r"(?:half|one|two|three|four|five)[- ](?:days?|weeks?)", r"(?:a|per|each) (?:month|week|year)",
                r"workshops?",
                r"last(?:s)?", r"duration", r"full[- ]time", r"part[- ]time", r"days? (?:a|per) week",
                r"sessions?", r"per cent|%"),
           lambda e: e.duration),
    Aspect("how_to_apply", "how to apply",
           _any(r"how (?:do|can|would|should) (?:i|we|you|one) (?:apply|join|sign up|get on|register|get involved|"
                r"take part|become)", r"apply for it", r"application process", r"how to apply", r"where (?:do|can) i "
                r"apply", r"sign up", r"first step"),
           _any(r"apply", r"applications?", r"ask your", r"contact", r"register", r"sign up", r"call"),
           lambda e: e.how_to_apply),
    Aspect("deadline", "when to apply",
           _any(r"deadlines?", r"closing date", r"when (?:does|do|is|are) [\w\s@]{0,40}?(?:close|open|due)",
                r"when (?:can|do|should) i apply", r"next (?:call|round|intake|cohort)", r"(?:until|till|til) when",
                r"when(?:'s| is| will be)? the next (?:one|call|round|intake|cohort)",
                r"still open", r"open now", r"currently open",
                # "is that one still running": whether it still takes applications
                r"still (?:running|going|available|happening|live|a thing)\W*$", r"(?:is|are) (?:it|that|this|they|that one|"
                r"this one) (?:still )?(?:running|going ahead)\W*$"),  # not "is it still available for physios?"
           _any(r"closing dates?", r"deadlines?", r"calls?", r"rounds?", r"competitions?", r"annual(?:ly)?",
                r"(?:each|a|per) year",
                r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"),
           lambda e: e.how_to_apply),
    # Before what it involves: "what are the different levels in it?" asks what it includes, the paragraph listing
    # its parts (the ICA Programme's Internships, PCAF, DCAF ...), not levels of funding nor stages of applying.
    Aspect("parts", "what it includes",
           _any(r"(?:levels|stages|tiers|strands|parts|components) (?:in|within|of) (?:it|this|that|them|(?:the )?"
                r"(?:(?!funding\b|money\b|pay\b)[\w&@-]+ ){0,4}?(?:programme|scheme|pathway|fellowship|framework|ica|"
                r"icap))\b",
                r"(?:levels|stages|tiers|strands) (?:in|within|of)(?: the)?\W*$",  # "... of <its name, searched apart>"
                r"how many (?:levels|stages|tiers|strands) (?:is|are) (?:that|there|it|in it|in that)\W*$",  # "... is that"
                r"how many (?:levels|stages|tiers|strands) (?:does|do) (?:it|that|they) have\W*$"),
           _any(r"includes?", r"including", r"compris\w*", r"consists? of", r"made up of", r"levels?", r"stages?",
                r"tiers?", r"strands?", r"bridging awards?"),
           lambda e: None),
    Aspect("involves", "what it involves",
           _any(r"what (?:does|did|would|will|do) [\w\s]{0,40}?(?:involve|entail|cover|offer|give|provide)",
                r"what (?:skills|would i|will i|do i) (?:learn|gain|get|do|develop|build)", r"skills?",
                r"what(?:'s|s| is| are) (?:involved|included)", r"what (?:do|would) (?:you|i) (?:get|do)",
                r"what (?:was|is|were|'s) (?:in|on) (?:it|that|the programme|the course)\b",
                r"(?:the|any|what|main|key) benefits?\b", r"\bbenefits? (?:of|for|to)\b",  # not "who benefits from it?"
                r"develop(?:s)? (?:my|your)", r"learn"),
           _any(r"skills?", r"develop\w*", r"training", r"learn\w*", r"involv\w*", r"support\w*", r"mentor\w*",
                r"taught", r"supervis\w*",
                r"experience", r"such as", r"including", r"includes?", r"gives?", r"offers?", r"builds?",
                # what it is made of: "The programme comprised four linked one-day workshops ... action learning sets"
                r"compris\w*", r"consists? of", r"made up of", r"workshops?", r"modules?"),
           _gives),
    Aspect("limits", "limits",
           _any(r"limits?", r"limitations?", r"restrictions?", r"catch", r"conditions", r"cap(?:ped)?",
                r"(?:no )?more than", r"at most", r"maximum"),
           _any(r"limits?", r"only", r"no more than", r"maximum", r"up to", r"cannot", r"must", r"at most",
                r"restrict\w*"),
           lambda e: None),
    Aspect("contact", "who to contact",
           _any(r"who (?:do|should|can|would) i (?:actually |really |then |now )?(?:contact|ask|speak to|talk to|email|"
                r"go to|get in touch with)", r"contact", r"email address",
                r"phone", r"get in touch"),
           _any(r"contact", r"email", r"ask your", r"office", r"team"),
           lambda e: e.contact),
    # After whom to contact ("who leads it locally, so I can get in touch?" asks that): "who runs it?" asks which
    # organisation runs or leads it (THIS Institute's fellowships: the Institute, at the University of Cambridge; the
    # ICA Programme: the NIHR Academy); who pays is the funder's; "who manages my application?" is neither.
    Aspect("runs", "who runs it",
           _any(r"who (?:runs|ran|is running|was running|leads|led|is leading|manages|managed|organises|organized|"
                r"organised|organizes|delivers|delivered|oversees|oversaw|set up)\b(?!\s+(?:my|our|your)\b)",
                r"who(?:'s| is| was) (?:in charge of|responsible for|running|leading|delivering)\b(?!\s+(?:my|our|your)\b)",
                r"(?:which|what) (?:organisation|organization|body|university|team|group) (?:runs|ran|leads|led|"
                r"manages|hosts|delivers|is behind|was behind)", r"(?:run|led|hosted|managed|delivered) by (?:who|whom)"),
           _any(r"run by", r"runs?", r"ran", r"led by", r"leads?", r"managed by", r"hosted by", r"based at",
                r"delivered by", r"set up by", r"funded by", r"University of \w+", r"Academy", r"Institute"),
           # not its funder, said as who runs it ("who organises that?" of Leading Cultures: "Funder: Health Education
           # North West", while NHS R&D North West ran it): the paragraph that says, or that the sources don't
           lambda e: None),
    # After who can apply ("is it only for England?" asks that): "which country's scheme is Pathway to Portfolio?"
    Aspect("where", "where",
           _any(r"(?:which|what) (?:country|countries|nation|nations|part of the uk)",
                r"(?:country|nation)'?s (?:scheme|programme|fellowship|award|strategy)",
                r"where (?:is|does|do) (?:it|this|that|they|the [\w\s]{1,40}?) (?:run|operate|based|available|from)",
                r"where (?:are|were|was) (?:it|this|that|they|them) based"),  # "where did the cohorts run?": venues
           _any(r"based (?:at|in)", r"England", r"Wales", r"Welsh", r"Scotland", r"Scottish", r"Northern Ireland", r"UK-wide",
                r"across the UK", r"four (?:UK )?nations"),
           _where),
    # Venues, not nations: "where do the Leading Cultures sessions happen?", "in which towns were the cohorts held?" (the
    # paragraph on its workshops and cohorts "in Preston and Lancaster", not the summary on Cumbria and Lancashire).
    Aspect("venue", "where it takes place",
           _any(r"(?:which|what) (?:towns?|cities|city|venues?|locations?)(?![\w\s]{0,40}\b(?:available|apply|open)\b)",
                r"where (?:do|does|did|will|would|are|is|were|was) (?:it|they|the [\w\s&]{1,50}?) (?:happen|held|take place|"
                r"run|meet|hosted)",
                r"where (?:are|were|is|was) (?:the )?(?:sessions?|workshops?|cohorts?|events?|courses?|meetings?)"),
           _any(r"held (?:in|at)", r"venues?", r"takes? place (?:in|at)", r"hosted (?:in|at)", r"workshops?", r"cohorts?",
                r"sessions? (?:in|at)", r"in person"),
           lambda e: None),
    # "what did it replace?" after ICAP: the paragraph saying it was launched to succeed the CAT Programme, not the
    # summary; "what replaced it?", "what was it called before?" alike.
    Aspect("history", "what came before and after",
           _any(r"what did (?:it|this|that|they|the [\w\s]{1,30}?) replace", r"did (?:it|this|that|they) replace",
                r"replaced? (?:something|anything|an? (?:older|earlier|previous))",
                r"(?:succeed|replace)(?:e?d)? (?:which|what)\b",  # "brought in to succeed which older programme?"
                r"what (?:was|came|existed) before (?:it|this|that)",
                r"what (?:was|came|existed) before [\w\s]{1,30}?\?", r"predecessor", r"successor",
                r"what (?:replaced|succeeded|superseded) (?:it|this|that|them)",
                r"what (?:was|were) (?:it|this|that|they) (?:called )?before", r"used to be called", r"formerly (?:called|known)",
                r"what came (?:after|next)"),
           _any(r"succeed\w*", r"replac\w*", r"formerly", r"began as", r"predecessor", r"renamed", r"previously",
                r"followed by", r"follows? on from", r"took over", r"launched", r"now run by", r"successor",
                r"relicensed", r"merged into", r"became", r"now part of", r"closed", r"abolished"),
           lambda e: None),
    # Last: "why would I be eligible?" asks who can apply. "Why bother?" is answered by the reasons, not by whichever
    # paragraph sits nearest the question's other words.
    Aspect("reasons", "why",
           _any(r"why (?:would|should|do|does|did|bother|is it|are|go)", r"what(?:'s| is) the point", r"point of",
                r"worth (?:it|the (?:bother|effort|time))", r"in it for (?:me|us|staff)", r"reasons? (?:for|to|why)",
                r"what motivates"),
           _any(r"reasons?", r"motivat\w*", r"because", r"benefits?", r"improv\w*", r"outcomes?", r"satisfaction"),
           lambda e: None),
)}


# Aspects whose answer is never a figure: "how many staff said ... promotion criteria?" asks for a share, not who
# can apply.
PARTS_COUNTED = re.compile(r"\bhow many (?:levels|stages|tiers|strands)\b", re.I)
NOT_FIGURES = frozenset({"eligibility", "funder", "runs", "how_to_apply", "parts", "involves", "contact", "reasons"})


def asked(question: str) -> Aspect | None:
    """The aspect the question asks about; none for "what is X?" or a question about a topic."""
    # a count of its parts ("how many stages is that") is answered by the paragraph listing them
    figure = asks_for(question) is AnswerType.number and not PARTS_COUNTED.search(question)
    found = [a for a in ASPECTS.values() if a.asked.search(question) and not (figure and a.name in NOT_FIGURES)]
    # The most specific wins when several match ("how much funding, and how do I apply?" asks two
    # things: the first named in ASPECTS order, amount before how to apply, is answered).
    return found[0] if found else None


def _cue_count(pattern: re.Pattern, text: str) -> int:
    """Distinct cues in the text; a figure ("£20,000", "6 months") counts double, as it answers outright."""
    found = {m.group(0).lower() for m in pattern.finditer(text)}
    return sum(2 if re.search(r"[\d£]", cue) else 1 for cue in found)


OTHER_CUES_WEIGHT = 0.25  # a paragraph mostly about something else (the limits, when asked for skills) loses


def cue_score(aspect: Aspect, text: str) -> float:
    own = _cue_count(aspect.cues, text)
    others = max((_cue_count(a.cues, text) for a in ASPECTS.values() if a is not aspect), default=0)
    return own - OTHER_CUES_WEIGHT * others


def best_paragraph(aspect: Aspect, texts: Sequence[str], relevance: Sequence) -> int | None:
    """The index of the text that answers `aspect`: most of its cues, ties to the most relevant; None when
    no text has any of its cues (then relevance alone decides, as for any question)."""
    if not any(aspect.cues.search(text) for text in texts):
        return None
    return max(range(len(texts)), key=lambda i: (cue_score(aspect, texts[i]), relevance[i]))
