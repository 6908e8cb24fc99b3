"""What a person says about themselves, in their own words, as profile codes.

People rarely type the taxonomy's words: they say "about five years qualified", "early in my
career", "I qualified last year", "a B6 physoi in Glasgow". This module turns such phrasing into
the codes the eligibility rules use (knowledge.taxonomy), so that the bot and the benchmarks share
one definition:

- misspellings are corrected word by word against the taxonomy's own vocabulary (difflib);
- bands and medical grades map to career stages as the taxonomy's band table does;
- years since qualifying map to a career stage by a stated convention (EARLY_CAREER_YEARS below),
  because no source defines one; the eligibility rules say "check with your R&D office" anyway;
- interests and the organisation are kept as the person's words.

Extraction is only meant for messages where someone talks about themselves (`mentions_self`), so
"what is HSC R&D?" does not move anyone to Northern Ireland.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from knowledge.taxonomy import (
    AHP_PROFESSIONS,
    CAREER_STAGES,
    PROFESSIONS,
    WHERE,
    HOSPITAL_WORDS,
    bodies_named,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
    in_town_names,
)
from knowledge.text import CHAT_FILLER, STOPWORDS, acknowledges, tokens

# Our convention, not a sourced fact: fewer than this many years since qualifying is "early career";
# from fifteen years on, "senior" is not assumed (seniority is a role, not an age), so it stays mid career.
EARLY_CAREER_YEARS = 5

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "a couple of": 2, "a few": 3, "several": 4, "couple of": 2, "few": 3,
}
_NUMBER = r"(\d{1,2}|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
_YEARS = _NUMBER + r"\+?\s*(?:years?|yrs?)"
YEARS_QUALIFIED = [
    re.compile(_YEARS + r"\s+(?:post[- ]?(?:qualification|qualifying|registration|reg)|qualified|registered|since "
               r"(?:qualifying|qualification|registration|i qualified|registering)|in (?:the )?(?:job|role|post|"
               r"profession|nhs)|into (?:my|the) (?:\w+\s+)?(?:career|job|role|profession)|of experience|experience|"
               r"as an? |in(?=\s*(?:[,.;!?)]|$|(?:now|but|so)\b)))"),  # "4 years in. want to get into research"
    # "qualified 10 years ago", "I've been qualified about 10 years", "registered for 3 years"
    re.compile(r"(?:qualified|registered)\s+(?:for\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+)?"
               + _YEARS),
    re.compile(r"(?:been|worked)\s+(?:an?\s+[a-z ]+?\s+|qualified\s+|practising\s+|working\s+)?for\s+"
               r"(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|the (?:last|past)\s+)?" + _YEARS),
]
RECENTLY_QUALIFIED = re.compile(
    r"\b(?:qualified|graduated|registered)\s+(?:last year|this year|recently|in the last year|last summer|"
    r"a few months ago|months ago|last month)|\b(?:just|recently|only just|newly)\s+(?:qualified|graduated|registered)"
    r"|\bfirst (?:year|job|post) (?:as|since|after)|\bpreceptorship\b|\bstarting out\b")
STAGE_PHRASES: list[tuple[re.Pattern, str]] = [
    # "Doctors in training" are qualified doctors in foundation or specialty training, not students: checked
    # before the student phrases, whose "in training" and "trainee" would otherwise take them.
    (re.compile(r"\b(?:doctors?|medics?|dentists?|gps?) in (?:foundation |core |gp )?training\b"
                r"|\btrainee (?:doctor|dentist|gp|surgeon|anaesthetist|psychiatrist|physician)s?\b"
                r"|\b(?:gp|core|foundation) trainee\b|\bct ?[1-3]\b"), "early_career"),
    (re.compile(r"\b(?:early|beginning|start|first years?) (?:(?:in|of|on) )?(?:my|the)? ?career|early[- ]career"),
     "early_career"),
    (re.compile(r"\b(?:mid|middle|halfway)[- ]?(?:way )?(?:(?:in|of|through) )?(?:my )?career|mid[- ]career"),
     "mid_career"),
    (re.compile(r"\b(?:late|later|end) (?:(?:in|of) )?my career|\bnear(?:ing)? retirement\b"), "senior"),
    (re.compile(r"\b(?:student|trainee|apprentice|studying|in training|pre[- ]?reg)\b"
                r"|\bat uni(?:versity)?\b(?! hospital)"),
     "student"),
    (re.compile(r"\b(?:fy ?[12]|f[12] doctor|foundation (?:year|doctor|trainee))\b"), "early_career"),
    (re.compile(r"\b(?:registrar|st ?[3-8]|specialty trainee|senior lecturer)\b"), "mid_career"),
]
BAND = re.compile(r"\b(?:band|b|afc band|agenda for change band)[- ]?(\d|five|six|seven|eight|nine)([a-d])?\b")
BAND_WORDS = {"five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}

SELF = re.compile(
    r"\b(?:i'?m|i am|im|i work|i'?ve|i have|i qualified|i was|my|me|as an?|i'?d|we['\u2019]re|we are|i currently|"
    r"i've been|based in|based at|i live|i'm based|i practise|i practice|i manage|i run|i lead|"
    r"i (?:start|started|moved|joined|join|transferred)\s+(?:at|in|with|on|to|my|a|an|as|the|there|here|next|last)|"
    r"i(?:'?ll| will) (?:be|start|join)\s+(?:at|in|with|on|working|based|starting|joining|a|an|as|the))\b|"  # "I start at"
    r"^\W*(?:(?:and|but|ok|okay|oh|so|well|fine)\W+)*(?:work|working|employed)\s+(?:in|at|for)\b|"  # "work in a trust"
    # "new job is NHS Grampian", "starting at NHS Lothian next month": the writer's post, said without "I"
    r"^\W*(?:(?:and|but|ok|okay|oh|so|well|fine)\W+)*(?:(?:my|the)\s+)?new\s+(?:job|post|role|trust|employer|workplace|"
    r"board|health board)\s+(?:is|will be|'s)\b|"
    r"^\W*(?:(?:and|but|ok|okay|oh|so|well|fine)\W+)*(?:starting|started|moving|joining|relocating)\s+(?:at|to|with|in)\b|"
    # "new starter, started monday at dorset healthcare. is research ...?": a clause of the writer's own, not "the
    # study started in 2019"
    r"\bnew starter\b|(?:^|[,.;:]\s*)(?:just |only )?(?:started|starting|joined)\s+(?:[\w-]+\s+){0,2}?(?:at|in|with)\b",
    re.I)
OTHERS = re.compile(r"\b(?:my|our|your)\s+(?:(?:old|new|former|previous|last|current|ex)\s+)?"
                    r"(?:(?:line|ward|team|trust|unit|practice|clinical|research|department|dept)\s+)?"
                    r"(band\s*\d[a-d]?\s+)?(\w+)\b(?!\s+(?:job|role|post|position|contract|placement|rotation|career)\b)")
# Someone else the writer speaks of: "my band 6 deputy" is not the writer's band.
PEOPLE = frozenset("deputy deputies colleague colleagues boss manager team staff friend friends mentor supervisor "
                   "partner wife husband daughter son sister brother mum dad mother father student students "
                   "juniors peers housemate housemates flatmate flatmates roommate roommates mate mates pal pals "
                   "buddy bestie neighbour "
                   "neighbours cousin cousins aunt auntie uncle niece nephew girlfriend boyfriend fiance fiancee "
                   "sibling siblings parents classmate classmates coursemate coursemates consultant consultants "
                   "registrar registrars matron matrons educator educators director directors".split())
# People outside work: where they are is theirs ("my mate in manchester"); "my team at Betsi" is where the writer works.
OUTSIDE_WORK = frozenset("friend friends mate mates pal pals buddy bestie partner wife husband daughter son sister brother "
                         "mum dad mother father "
                         "housemate flatmate roommate neighbour cousin aunt auntie uncle niece nephew girlfriend "
                         "boyfriend fiance fiancee sibling classmate coursemate".split())
# What the writer says of that someone: "my friend who's a physio", "my wife is a nurse in Wales", "my mentor (an OT)",
# "my mate in manchester"
# describe them, not the writer; the description ends where the writer speaks of themselves again ("..., and I'm a").
_DESCRIPTION = r"(?:(?!(?:i|i'm|im|i've|ive|me|and|but|so|as)\b)[\w'-]+\s*){1,12}"
DESCRIBED = re.compile(
    r"(?<!\bi'm )(?<!\bim )(?<!\bi am )\b(?:my|our|your)\s+(?:(?!as\b)[\w-]+\s+){0,2}?(?:"
    r"(?:" + "|".join(sorted(PEOPLE)) + r")"
    r"(?:\s*[,(\u2013-]\s*|\s+(?:(?:who|that)\s*)?(?:'s|is|was|are|were|'re)\s+|'s\s+|\s+(?:who|that)\s+)|"
    r"(?:" + "|".join(sorted(OUTSIDE_WORK)) + r")\s+(?:(?:up|down|over|out)\s+)?(?:in|at|from)\s+)"  # "my mate in manchester"
    + _DESCRIPTION, re.I)
INTERESTS = re.compile(
    r"\b(?:interested in|interests? (?:is|are|include|lies?|lie) (?:in )?|interest in|passionate about|keen on|"
    r"(?:(?<=^)|(?<=[.,;!?] )|(?<=and )|(?<=my ))interests\s*(?:[-:\u2013=]+|\bidk\W*(?:maybe|probably|prob)?)\s*"
    r"(?:(?:maybe|probably|prob|mainly|mostly)\s+)?|"
    # "5 yrs qualified, into antimicrobial stewardship", "I'm really into wound care"; not "get into research"
    r"(?:(?<=, )|(?<=\. )|(?<=; )|(?<=i'm )|(?<=im )|(?<=really ))into\s+(?!research\b|a\b|an\b|the\b|it\b|my\b|our\b|"
    r"his\b|her\b|their\b|\d|\w+ (?:year|week|month)s?\b)|"
    r"my (?:area|field|specialty|speciality) is|speciali[sz](?:e|ing) in|"
    r"(?:research|work) into|like to research|want to research|like to look at)\s*(.+)", re.I)
WORKPLACE = re.compile(r"\b(?:work(?:ing)? (?:at|for)|based at|employed by|job at|post at)\s+"
                       r"((?:[A-Z]|the |a )\S.*)")
LOWER_WORKPLACE = re.compile(r"\b(?:work(?:ing)? (?:at|for)|based at|employed by|job at|post at|(?:i'?m |just )?new "
                             r"(?:starter )?at|started at|starting at|joined|joining)\s+"
                             r"(?!(?:me|us|you|them|him|her|it|people|someone|anyone|everyone|staff)\b)(\w\S.*)", re.I)
# "a nurse at UHL", "in NHS Lothian"; not "can I apply for PCAF?" nor "a dentist in NI" (a scheme, a nation): a bare
# acronym counts only after "at" or a word about working there.
ACRONYM_WORKPLACE = re.compile(r"\b(?:(?:at|for|in)\s+(NHS(?:\s+[A-Z][a-z]+)+(?:\s+and\s+[A-Z][a-z]+)?)|"
                               r"(?:at|(?:work(?:s|ing)?|employed|based|job|post) (?:for|in|with))\s+([A-Z]{2,6}\b))")
ORGANISATION = re.compile(
    r"\b((?:[A-Z][\w'&.-]*\s+(?:and\s+|of\s+|&\s+)?)+(?:NHS\s+)?(?:Foundation\s+)?(?:Trust|Health Board|"
    r"University Health Board|Health and Social Care Trust|Hospitals?|Board|ICB)"
    r"(?:\s+of\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?)")
CLAUSE_END = re.compile(r"[.,;!?]| and i\b| but | as an? | where | because | so | looking | what | how | can ", re.I)


# What a person asks a scheme to give ("what funding is there for me?", "anything with protected time?"), as the
# entries' `gives` codes: the recommendations put the schemes that give it first.
WANTS: dict[str, re.Pattern] = {
    "funding": re.compile(r"\b(?:fund(?:ing|ed|s)?|money|grants?|bursar(?:y|ies)|paid|pays? for|paying for|£)", re.I),
    # "time off the rota to do research", "released from clinical work": time, however it is put
    "protected_time": re.compile(r"\b(?:protected time|time (?:for|to do|off for|out for) research|research time|"
                                 r"backfill|(?:time )?off the (?:rota|ward|floor)|time (?:away|off|out)\b(?! sick)|"
                                 r"release[ds]? from (?:clinical|my|the)|ring[- ]?fenced|"
                                 r"bu(?:y|ys|ying|ought)[- ]out (?:(?:my|your|our|some|of|clinical)\s+)*(?:time|sessions|pas)\b|"
                                 r"(?:time|sessions) bought out)", re.I),
    "training": re.compile(r"\b(?:(?<!in )(?<!specialty )(?<!foundation )training|courses?|learn(?:ing)?|skills?|qualifications?|phd|master'?s|msc)\b",
                           re.I),
    "mentoring": re.compile(r"\b(?:mentor(?:s|ing|ship)?|supervis(?:or|ion))\b", re.I),
    "networking": re.compile(r"\b(?:network(?:s|ing)?|meet (?:other )?researchers|community)\b", re.I),
    "leadership": re.compile(r"\b(?:leadership|leading research|research leader)\b", re.I),
}


# No gift of a scheme but its size: a first step ("anything smaller to start with", "something more entry level"), or
# the writer's inexperience in a question ("which one would be best if I've never done any research?"; told alone,
# "band 6 at wrexham maelor, never done any research before" asks nothing)
FIRST_STEP = re.compile(r"\b(?:smaller|small (?:one|thing|scheme|project|step)s?|entry[- ]level|to start (?:with|off)|"
                        r"start(?:ing)? (?:small|off)|first steps?|beginners?|(?:easiest|simplest|gentlest) (?:one|way|"
                        r"route|start)|less (?:demanding|commitment|of a commitment)|not ready for a (?:phd|fellowship))\b",
                        re.I)
INEXPERIENCED = re.compile(r"\b(?:never done (?:any )?research|no (?:research )?experience)\b", re.I)


def wanted(text: str) -> list[str]:
    """The kinds of support a message asks for, in the entries' `gives` codes ("what about funding?" -> funding), and
    "first_step" for a first step."""
    step = FIRST_STEP.search(text) or INEXPERIENCED.search(text) and really_asks(text)
    return [code for code, pattern in WANTS.items() if pattern.search(text)] + (["first_step"] if step else [])


@dataclass(frozen=True)
class ProfileText:
    """Codes for what one message says (None: not said)."""

    profession: str | None = None
    nation: str | None = None
    career_stage: str | None = None
    interests: str | None = None
    organisation: str | None = None

    def filled(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """The words of every synonym in the taxonomy, long enough for a misspelling to be told apart."""
    words = set()
    for table in (AHP_PROFESSIONS, PROFESSIONS, WHERE, CAREER_STAGES):
        for code, synonyms in table.items():
            for phrase in (code.replace("_", " "), *synonyms):
                words.update(w for w in re.findall(r"[a-z]+", phrase) if len(w) >= 5)
    return frozenset(words | {"qualified", "career", "interested", "psychologist", "practitioner"})


# An English word is no misspelling: one as common as this in wordfreq's English lists (Zipf scale: 3 is once per
# million words) is left alone ("an ICA doctoral fellowship" made the writer a doctor; "walls", "whales", "senior",
# "physiology" sit one letter from taxonomy words). Rarer ones and typos ("intrested" 2.0, "scotish" 1.5) are mended.
ENGLISH_WORD = 3.0  # "manger" (2.99) and "senor" (2.6) are still mended to manager and senior
# Ordinary words rarer than that, one letter from taxonomy words: departments many professions work in, not a misspelt
# role ("delays in the anaesthetic room" made an ODP a doctor).
COMMON_WORDS = frozenset({"anaesthetic", "anaesthetics", "anesthetics", "specialise"})


@lru_cache(maxsize=8192)
def _english(word: str) -> bool:
    from wordfreq import zipf_frequency  # its English list is read once, at the first word

    return zipf_frequency(word, "en") >= ENGLISH_WORD


def correct_spelling(text: str) -> str:
    """Lower-cased text with each unknown word of five letters or more replaced by the closest taxonomy word; a town's
    name is left as it is ("Tunbridge Wells" is no "welsh", "swindon" no "swansea"), and so is an English word, unless
    the taxonomy word is its doer ("manage": manager; not "experience": experienced) or completes a phrase with the word
    beside it ("allied heath professional")."""
    vocabulary = _vocabulary()
    lowered = text.lower()
    words = re.findall(r"[a-z]+", lowered)
    kept = in_town_names(words)
    at = itertools.count()

    def fix(match: re.Match) -> str:
        word, place = match.group(0), next(at)
        if len(word) < 5 or word in vocabulary or word in COMMON_WORDS or place in kept:
            return word
        closest = _closest(word)
        if word in (closest + "s", closest + "es"):
            return word  # a plural names a group ("is it open to staff nurses?"), never one misspelt
        if closest != word and _english(word) and not _agent_of(word, closest):  # "I manage a ward": a manager
            beside = {(words[place - 1], closest) if place else None,
                      (closest, words[place + 1]) if place + 1 < len(words) else None}
            return closest if beside & _phrase_pairs() else word
        return closest

    return re.sub(r"[a-z]+", fix, lowered)


# What makes a doer of a deed ("manage": manager): an English word so mended names a role; not any ending ("zero
# research experience" is not "experienced", which is mid career).
AGENT_ENDINGS = ("r", "er", "or", "ist", "ian")


def _agent_of(word: str, closest: str) -> bool:
    return closest.startswith(word) and closest[len(word):] in AGENT_ENDINGS


@lru_cache(maxsize=1)
def _phrase_pairs() -> frozenset[tuple[str, str]]:
    """Each two words in a row of a taxonomy synonym ("allied health", "health professional")."""
    pairs = set()
    for table in (AHP_PROFESSIONS, PROFESSIONS, WHERE, CAREER_STAGES):
        for code, synonyms in table.items():
            for phrase in (code.replace("_", " "), *synonyms):
                words = re.findall(r"[a-z]+", phrase)
                pairs.update(zip(words, words[1:]))
    return frozenset(pairs)


SPELLING_CUTOFF = 0.8


@lru_cache(maxsize=4096)
def _closest(word: str) -> str:
    """The taxonomy word a misspelt word stands for (itself when none is close and begins with its letter). Only
    words whose length lets them reach the cutoff are compared (difflib's ratio is at most 2 * shorter / both), which
    gives difflib's answer for a tenth of the work; the same words recur in every message."""
    n = len(word)
    candidates = [w for w in _vocabulary() if 2 * min(n, len(w)) >= SPELLING_CUTOFF * (n + len(w))]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=SPELLING_CUTOFF)
    return close[0] if close and close[0][0] == word[0] else word


# A message that opens with a role, as people introduce themselves in chat: "clinical psychologist here, adult mental
# health trust", "paramedic, ambulance service in the south west", "student nurse, 2nd year".
OPENS_WITH_ROLE = re.compile(r"^\s*(?:(?:hi|hello|hey|morning|hiya)\b[\s,!.]*)?(?:an?\s+)?([a-z][a-z0-9' -]{1,40}?)"
                             r"(?:\s+here\b|\s*[,;:.!(-]|\s*$|\s+(?=(?:at|in|on|with|from)\s))", re.I)


NATIONAL_BODY = re.compile(r"\bnhs\s+(?:england|scotland|wales)\b|\bhsc\b", re.I)
# Words around profile facts said on their own ("ok fine, NHS Lanarkshire", "band 6 in Cardiff").
# Words around profile facts said alone ("new band 5, surgical ward, bristol"): where and how someone works.
FACT_FILLER = frozenset("fine so well yes no a an the in at from of on and nhs band trust health board here new newly starter "
                        "just qualified ward wards surgical medical acute community unit theatres theatre clinic "
                        "hospital department team north south east west mid central".split())
MOST_FACT_WORDS = 7


def only_profile_facts(text: str) -> bool:
    """Is the message nothing but profile facts and chat ("ok fine, NHS Lanarkshire", "England", "band 6 physio")? Said
    on its own, after a question of ours, it tells us about the writer whatever words it lacks."""
    said = [w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in CHAT_FILLER]
    if not said or ASKS.search(text) or GOES_ON.search(text) or NATIONAL_BODY.search(text):
        return False  # "and in Scotland" goes on from the last answer; "NHS England" names the organisation
    if any(w.endswith("s") and normalise_profession(w) for w in said):
        return False  # "midwives" speaks of a group ("what about midwives?"), not the writer
    named = set(re.findall(r"[a-z0-9']+", " ".join([*bodies_named(text), organisation(text) or ""]).lower()))
    if len([w for w in said if w not in named]) > MOST_FACT_WORDS:  # a long name is one fact ("Sandwell and West
        return False  # Birmingham")
    return bool(extract(text).filled()) and all(  # "at Betsi Cadwaladr in North Wales": a body named, and where
        w in FACT_FILLER or w in named or w.isdigit() or normalise_profession(w) or normalise_nation(w)
        or normalise_career_stage(w) for w in said)


def told_in_parts(text: str) -> str:
    """The parts of a message that asks and wishes for nothing and speaks of no one else which are only profile facts
    ("band 6 at wrexham maelor, never done any research before" -> "band 6 at wrexham maelor"), joined; "" otherwise.
    The induction's answer, with the writer's story beside it, whatever intent Rasa gave the whole."""
    if really_asks(text) or ASKS.search(text) or WISHES.search(text) or wanted(text) or SOMEONE.search(text):
        return ""
    return ", ".join(part for part in (c.rstrip(".,;:!") for c in clauses(text))
                     if only_profile_facts(part) or only_profile_facts(_place_alone(part)))


# Someone besides the writer ("my colleague, a band 6 at Wrexham", "my friend is a nurse, band 6 in Cardiff").
SOMEONE = re.compile(r"\b(?:(?:my|our|your)\s+(?:[\w-]+\s+)?(?:" + "|".join(sorted(PEOPLE)) + r")|she|he|they|her|him|"
                     r"his|their|someone|somebody)\b", re.I)
# "band 6 at wrexham maelor": a place named after "at" or "in" may go on with words of its name ("maelor") that say
# nothing more; not words that change what is said ("in Cardiff not any more", "in Scotland they have NRS").
AT_A_PLACE = re.compile(r"(\b(?:at|in)\s+[a-z'-]+)((?:\s+[a-z'-]+){1,3})\s*$", re.I)
NOT_A_NAME = STOPWORDS | frozenset("not no any more anymore before now till until or then previously once used free "
                                   "nothing yet ago last next".split())


def _place_alone(part: str) -> str:
    at = AT_A_PLACE.search(part)
    if at is None or any(w.lower() in NOT_A_NAME for w in at.group(2).split()):
        return part
    return part[:at.start()] + at.group(1)


def mentions_self(text: str) -> bool:
    """Does the message talk about the person writing it ("I'm a nurse", "as a physio", "my band", or a message
    opening with a role: "physio here, ...")?"""
    if SELF.search(text):
        return True
    opening = OPENS_WITH_ROLE.match(text)  # "midwives" alone asks about a group ("what about midwives?")
    role = opening.group(1).rstrip() if opening else ""  # "pharmacist at a mental health trust", not "can a nurse ..."
    words = role.lower().split()
    # nor "the research nurses are always busy with trial patients": others, named as a group
    others = any(w.endswith("s") and normalise_profession(w) for w in words)
    return bool(role and not role.lower().endswith("s") and not others and not ASKS.search(role)
                and normalise_profession(role))


# A question after a clause ("I'm a nurse in Scotland, how do I ..."); its opening words, less the relative pronouns.
CLAUSE_OPENING = r"(?:[,.;!?-]\s*|\s(?:and|but|so)\s+)"
ASKING_WORDS = r"what|how|when|why|is there|are there|can i|could i|do i|does|am i|tell me"
QUESTION_CLAUSE = re.compile(CLAUSE_OPENING + r"(?:who|where|which|" + ASKING_WORDS + r")\b", re.I)


def self_part(text: str) -> str:
    """The part of a message before its question ("I'm a nurse in Scotland, how do I get protected time?"
    -> "I'm a nurse in Scotland"), so a scheme's acronym in the question is not taken for the person's nation."""
    question = QUESTION_CLAUSE.search(text)
    return text[:question.start()] if question else text


SENTENCES = re.compile(r"(?<=[.?!])\s+|\s*[;\n]\s*")
# A question opening with its verb and its subject, without a question mark ("can a healthcare assistant apply ...",
# "is it just for registered clinicians"); not "Did my nursing degree in 2010" nor "Do research nursing".
VERB_FIRST = (r"^\W*(?:can|could|may|is|are|do|did|should|would)\s+(?:i|it|they|we|you|she|he|a|an|the|this|that|"
              r"there|these|those|any|anyone|someone|nurses|staff)\b")
# ("whats", "hows", "wheres": typed without the apostrophe; "that's why I said it" gives a reason, asks nothing)
ASKS = re.compile(r"\?|\b(?:what|whats|wats|how|hows|who|whos|where|wheres|when|whens|which|"
                  r"(?<!that's )(?<!thats )(?<!that is )(?<!which is )(?<!that\u2019s )why|is there|are there|can i|"
                  r"could i|do i|does|am i|tell me|should i)\b|" + VERB_FIRST, re.I)


# A wish is a question in other words: "I'd like to work as a research nurse for a while without leaving my post".
WISHES = re.compile(r"\b(?:i'?d like|i would like|i want|i'?d love|i would love|keen to|hoping to|hope to|"
                    r"looking for|looking to|interested in|i need|wanting to|want to|wanna|would like to)\b", re.I)


# A new starter saying so ("hiya, first week here!", "just joined the trust"): about the writer, with no profile fact.
NEW_HERE = re.compile(r"\b(?:(?:my )?first (?:day|week|month|shift|post)|new starter|new (?:here|to the (?:trust|board|nhs|"
                      r"team))|just (?:started|joined|arrived)|newly (?:joined|started)|i'?m new|started (?:here|this week|"
                      r"today|yesterday|last week|on monday))\b", re.I)


def _tells(text: str) -> bool:
    """Does the text state something of the writer's profile ("I'm a nurse in Wales"), that they are new here, or where
    they were once ("I trained in Wales, that's why I said it")?"""
    return (mentions_self(text) and bool(extract(text).filled())) or bool(NEW_HERE.search(text)) or bool(
        I_WAS.search(text) and past_places(text))


# The writer's own past ("I trained in Wales", "I'm originally from Cardiff"), not a colleague's ("my colleague
# trained in Wales").
I_WAS = re.compile(r"\b(?:i|i've|i'd)\s+(?:(?:originally|first|also|only|just|all)\s+)?(?:trained|studied|qualified|"
                   r"grew up|lived|used to|moved|came|relocated|transferred|did my training|was born|was raised)\b|"
                   r"\bi'?m\s+(?:originally\s+)?from\b|(?:^|[.!?]\s*)\W*(?:originally from|trained|studied|qualified|"
                   r"grew up|did my training)\b", re.I)


def question_part(text: str) -> str:
    """The message less what only tells us about the writer: its sentences that do ("Where do I start? I'm a
    midwife" -> "Where do I start?") and the role a question is asked in ("Do I have to do research as a nurse?" ->
    "Do I have to do research?"), searched beside the whole message: "nurse" can pull search away from the question.
    The message itself when nothing can go, or when nothing would be left."""
    sentences = [_without_role(_asked_part(_without_lead_in(s))) for s in SENTENCES.split(text.strip()) if s]
    kept = [s for s in sentences if ASKS.search(s) or WISHES.search(s) or not _tells(s)]
    asked = " ".join(kept)
    return asked if kept and asked != text.strip() else text


def asking_sentences(text: str) -> str:
    """The message's sentences that ask ("is HEE still a thing? my manager keeps referring to their research strategy"
    -> "is HEE still a thing?"): what the others add is the story around the question, which can pull search to
    another entry. The message itself when every sentence asks, or none does."""
    sentences = [s for s in SENTENCES.split(text.strip()) if s]
    kept: list[str] = []
    for n, sentence in enumerate(sentences):  # and a rephrasing just after one ("... doing research? like the main
        if really_asks(sentence) or OPENS_ASKING.match(sentence) or (  # barriers": what it asks, in other words)
                n and sentences[n - 1] in kept and RESTATES.match(sentence) and len(sentence.split()) <= RESTATED_WORDS
                and not STORY.search(sentence)):
            kept.append(sentence)
    return " ".join(kept) if kept and len(kept) < len(sentences) else text


# A question asked again in other words, just after it ("like the main barriers", "i mean the funding"), short and
# telling nothing of the writer ("like my SPA time gets eaten", "basically my trust said no" are their story).
RESTATES = re.compile(r"^\W*(?:like|i mean|as in|e\.?g\.?|i\.?e\.?)\b", re.I)
RESTATED_WORDS = 5
STORY = re.compile(r"\b(?:i|i'm|im|i've|ive|my|me|we|our|us|they|he|she|his|her|their)\b", re.I)


# Clauses of a message: its sentences, and the parts a comma, colon or dash sets off ("sorry before i answer that - what
# does NIHR actually stand for?").
CLAUSES = re.compile(r"(?<=[.?!,;:])\s+|\s+[-\u2013\u2014]+\s+")


def clauses(text: str) -> list[str]:
    return [c for c in CLAUSES.split(text.strip()) if c]


def asking_clauses(text: str) -> list[str]:
    """The clauses that ask ("what does NIHR actually stand for?" of "sorry before i answer that - what does NIHR
    actually stand for? everyone keeps saying it")."""
    return [c for c in clauses(text) if really_asks(c) or OPENS_ASKING.match(c)]


# A sentence that opens by asking, with or without its question mark ("what motivates them"); "nobody in my team does
# any research." tells.
OPENS_ASKING = re.compile(r"^\W*(?:what|whats|what's|how|hows|who|whos|where|when|which|why|is there|are there|tell me)\b",
                          re.I)


# A lead-in before the question ("before i forget - what does THIS Institute do?", "oh and random one, who runs
# ICAP?", "quick q: when does it close?"): chat, no part of what is asked. Only words of such chat may go, so a lead
# that says whom or what the question is about ("in Wales, what is there?", "HEE and schools - which network?") stays.
LEAD_IN = re.compile(r"^\s*(?P<lead>[^?!.]{1,60}?)\s*(?:\s[-\u2013\u2014]\s*|[,:]\s*)(?=(?:what|whats|what's|how|who|where|"
                     r"when|which|why|is|are|can|could|do|does|did|should|would|will|has|have|any|tell)\b)", re.I)
LEAD_WORDS = CHAT_FILLER | frozenset(tokens(
    "before forget quick random one q question another different also just curious way side note change subject "
    "bit off topic last thing final next while remember mind wonder wondering general unrelated separate totally "
    "completely then now"))


# or said with no stop after it ("ok what does mentorship look like": "ok" moved the question away from the entry)
# ("and", "so", "also" join it to what was just said: "and what happens on the second day?" is a follow-up)
CHAT_LEAD = re.compile(r"^\W*(?:(?:ok|okay|right|cool|oh|ah|hmm|um|alright|great|thanks|cheers|lol|well|"
                       r"honestly|seriously|genuinely|tbh)\s+)"
                       r"{1,3}(?=(?:what|whats|what's|how|who|where|when|which|why|is|are|can|could|do|does|did|should|"
                       r"would|will|any|tell)\b)", re.I)


# Chat after a question ("what could I do instead to get into research then?", "any funding for that tho lol"): no part
# of what is asked, yet its words moved the search ("then" put student projects above first steps).
CHAT_TAIL = re.compile(r"(?:[\s,]+(?:then|though|tho|anyway|lol|haha|pls|please|thanks|thx|ta|cheers|x+))+(?=\W*$)", re.I)


# "yeah but what's in it for me": the idiom asks what research gives the writer, in words search cannot read (every one
# of them a stopword)
IN_IT_FOR = re.compile(r"\bwhat(?:'s|s| is)\s+in\s+it\s+for\s+(?:me|us)\b", re.I)
IN_IT_FOR_MEANS = "what are the benefits of doing research for me?"


def without_chat(text: str) -> str:
    """The message less the chat around its question: a first sentence that only acknowledges ("fair enough. what
    could I do instead to get into research then?") and the chat after it; the message itself when that is all it
    is."""
    if IN_IT_FOR.search(text) and not [t for t in tokens(IN_IT_FOR.sub(" ", text)) if t not in CHAT_FILLER]:
        return IN_IT_FOR_MEANS  # "yeah but what's in it for me", nothing else asked: what research gives them
    sentences = [s for s in SENTENCES.split(text.strip()) if s]
    if len(sentences) > 1 and acknowledges(sentences[0]):
        text = " ".join(sentences[1:])
    return CHAT_TAIL.sub("", text).strip() or text


def _without_lead_in(sentence: str) -> str:
    sentence = CHAT_LEAD.sub("", sentence)
    lead = LEAD_IN.match(sentence)
    words = tokens(lead.group("lead")) if lead else []
    if not words or not all(t in LEAD_WORDS for t in words):  # "For me, what is there?" keeps "for me"
        return sentence
    return sentence[lead.end():]


AS_ROLE = re.compile(r",?\s+as an? ([a-z][a-z0-9 &/-]{1,40}?)\s*(?=[?.!,;]|$)", re.I)


def _without_role(sentence: str) -> str:
    """A question less the role it is asked in, when that role is a profession or career stage we know."""
    if not ASKS.search(sentence):
        return sentence
    return AS_ROLE.sub(lambda m: "" if _tells(f"I'm a {m.group(1)}") else m.group(0), sentence).strip()


RESEARCH = re.compile(r"\bresearch", re.I)


# "please forget that I'm a practice educator", "can you delete what I told you?": read by Rasa as thanks or a question
# at times, never as a question for the knowledge base.
FORGET = re.compile(r"\b(?:forget|erase|wipe)\b.{0,40}?\b(?:me|my|mine|i'?m|i am|i said|i told|i work|what i|where i)\b|"
                    # "pls forget the agency bit btw": a part of what they told us (not "forget the money part, how do
                    # I apply?", nor "remove the first part of the list")
                    r"\b(?:forget|erase|wipe|delete|remove|drop)\s+(?:the|that|my)\s+(?:agency|trust|job|role|band|grade|"
                    r"workplace|employer|hospital|name|location|nation|country|profession|work|personal|where i work)\s+"
                    r"(?:bit|part|detail|details|info)\b(?![^?]*\?)|"
                    r"\b(?:don'?t|do not|didn'?t|stop|no need to)\s+(?:keep|keeping|store|storing|save|saving|hold|holding|"
                    r"remember|remembering|hang(?:ing)? on to)\b.{0,40}?\b(?:my|mine|details|data|info|information|"
                    r"where i|what i|anything about me)\b|"
                    r"\bhang(?:ing)? on to\b.{0,20}?\b(?:my|where i|what i)\b|"
                    # "please forget that, I don't want it stored", "I don't want my details kept"
                    r"\b(?:don'?t|do not)\s+want\s+(?:it|that|this|them|any of (?:it|that|this)|my (?:details|data|info|"
                    r"information|answers|profile)|(?:what|where) i \w+)\s+(?:to be\s+)?(?:stored|kept|saved|remembered|"
                    r"recorded|on file)\b(?!\s+(?:up|back|in|down|on (?:the|a|my)|by))|"
                    r"\b(?:delete|remove|clear)\b.{0,20}?\b(?:what i (?:said|told you)|my (?:details|profile|data|info"
                    r"|information|answers)|from your memory|what you know)\b|"
                    # "ugh this is confusing, can we start over", "ok actually start again": the conversation, not a
                    # scheme's round ("when does PCAF start again?") nor the writer's career ("could I start again in
                    # research?")
                    r"\b(?:can|could|shall|should)\s+we\s+(?:just\s+)?(?:start|begin)\s+(?:(?:all\s+)?over|again|afresh|"
                    r"from scratch)\b|\blet'?s\s+(?:just\s+)?(?:start|begin)\s+(?:(?:all\s+)?over|again|afresh|from scratch)\b|"
                    r"^\W*(?:(?:ok|okay|actually|right|please|pls|so|ugh|hmm|sorry)\W+)*(?:start|begin)\s+(?:(?:all\s+)?over|"
                    r"again|afresh|from scratch)\b|^\W*(?:restart|reset)\W*$", re.IGNORECASE)


# Declining the induction ("no i dont want to do your induction thing", "skip the questions", "I'd rather not answer
# your questions"): no questions asked, whatever Rasa read it as (a request for the induction at times); not the
# questions of a form or a study ("I don't know how to answer the questions on the application form")
DECLINES_INDUCTION = re.compile(
    r"\b(?:no|nah|don'?t|do not|not|never|rather not|won'?t)\b[^.?!]{0,25}?\b(?:want|wanna|need|doing|do|bother(?:ing)?|"
    r"fancy|interested|answer(?:ing)?)\b[^.?!]{0,30}?\b(?:induction|your questions|these questions|your quiz|your form)\b|"
    r"\b(?:skip|stop|no more|enough(?: of)?)\s+(?:the |your |these |this )?(?:induction|questions)\b|"
    r"^\W*no (?:more )?questions\W*(?:please|pls|thanks)?\W*$", re.I)


def declines_induction(text: str) -> bool:
    return bool(DECLINES_INDUCTION.search(text))


FORGETS_ITSELF = re.compile(r"\b(?:i|we)\s+(?:\w+\s+)?forget\b", re.IGNORECASE)  # "I always forget my ESR password"


def asks_to_forget(text: str) -> bool:
    """Does the message ask the bot to forget something the writer told it (not the writer forgetting something)?"""
    return bool(FORGET.search(text)) and not FORGETS_ITSELF.search(text)


# A request to hand the question to people ("send my question to the R&D office", "pass this to a person"), not a
# question of its own that Rasa read as one ("whats the deadline for the wellcome trust career development award").
FORWARD = re.compile(r"\b(?:r ?& ?[di]|r and [di]|rd ?& ?i|research (?:and|&) (?:development|innovation)|"
                     r"research (?:office|team|department|dept)|check with|find out (?:for me|from)|get in touch|"
                     r"put me in touch|"
                     r"someone|somebody|anyone|a (?:real )?(?:person|human)|human|forward|pass(?:ed)? (?:it|this|that|my|"
                     r"the|on)|send|sent|ticket|escalate|ask (?:them|for me|on my behalf))\b", re.IGNORECASE)


def asks_to_forward(text: str) -> bool:
    """Does the message ask for its question to go to people (the R&D office), rather than ask one of its own?"""
    return bool(FORWARD.search(text))


# "do you still know where I work?", "what do you know about me?", "what have you got stored on me?": what the bot
# holds about the writer, not a question for the knowledge base.
KNOWN_ASKED = re.compile(r"\b(?:what|do|did|have|are)\b.{0,25}\b(?:you|u)\b.{0,15}\b(?:know|remember|have|hold|keep|kept|"
                         r"store|stored|saved|got)\b.{0,25}\b(?:about me|on me|of me|my (?:details|job|role|profession|"
                         r"profile|data|info|information)|where i (?:work|am)|what i (?:do|told you|said))\b|"
                         # whether it was forgotten ("are you sure it's gone?", "has it been deleted?", "did you forget
                         # it?"), not whether a scheme has gone ("is it gone?" after 70@70)
                         r"\bsure\b[^.?!]{0,15}\b(?:it'?s|its|it is|that'?s|everything'?s)(?: all)? (?:really )?"
                         r"(?:gone|deleted|forgotten|wiped)\b|\b(?:is|has|was) (?:everything|my (?:data|details|info|"
                         r"information|profile|stuff))(?: all)? (?:really )?(?:gone|deleted|forgotten|wiped|been (?:deleted|"
                         r"forgotten|wiped|removed|erased))\b|\b(?:has|have) (?:it|that|they) (?:really )?been (?:deleted|"
                         r"forgotten|wiped|removed|erased)\b|\bdid (?:you|u) (?:really )?(?:forget|delete|wipe|remove|"
                         r"erase) (?:it|that|them|everything|my)\b", re.IGNORECASE)


# Whether this chat is private ("is this confidential?", "can my manager see this?", "do you store what I type?"): how
# the assistant keeps and shares what people tell it, not a question for the knowledge base ("is this funding secure?",
# "what happens to the data after my study ends?", "do I need GDPR training?" name no chat).
_CHAT = r"(?:this|the|our) (?:chat|conversation|bot|assistant)"
_WHAT_I_SAY = r"what i (?:say|said|type|typed|tell you|told you|write|wrote)"
_MINE = r"my (?:messages?|answers?|chats?|conversations?|details|info(?:rmation)?|personal data|data)"
PRIVACY_ASKED = re.compile(
    rf"\b(?:is|are|will|does|stays?|kept) (?:this|everything(?: i (?:say|type|tell you|write))?|{_CHAT}|my (?:messages?|answers?)|"
    rf"{_WHAT_I_SAY})"
    r"(?: (?:kept|be|being|stay|all))? (?:confidential|private|anonymous|secure|recorded|stored|saved|logged|monitored|"
    r"kept|shared)\s*(?:[?.!]|$)|"
    rf"\b(?:your privacy (?:policy|notice|statement)|{_CHAT}'?s? privacy)\b|"
    rf"\bwho (?:can|will|gets to|could) (?:see|read)\b[^.?!]{{0,15}}(?:\bthis\W*$|\b{_WHAT_I_SAY}|\b{_MINE})|"
    r"\b(?:can|could|will|would) (?:anyone|my manager|my boss|the trust|hr|my employer|others|other people)(?: else)? "
    rf"(?:see|read)\b[^.?!]{{0,15}}(?:\bthis\W*$|\b{_WHAT_I_SAY}|\b{_MINE})|"
    r"\b(?:do|will|does|can|could|would) (?:you|u|this bot|the bot|this assistant|the assistant)\b[^.?!]{0,20}"
    rf"\b(?:record|store|save|keep|log|monitor|share|pass on)\b[^.?!]{{0,20}}(?:\b{_WHAT_I_SAY}|\b{_MINE}|\b{_CHAT})|"
    rf"\bwhat (?:happens to|do you do with) {_MINE}|\bthe data (?:you|u) (?:collect|keep|hold|store)\b", re.I)


# The assistant itself asked about ("before I answer that, who made you?", "who built this bot?"): it says it is a bot.
BOT_ASKED = re.compile(
    r"\b(?:who|which (?:company|team|organi[sz]ation|department))\b[^.?!]{0,20}\b(?:made|makes|built|builds|created|"
    r"designed|developed|wrote|programmed|owns|trained|runs)\s+(?:you|u|(?:this|the) (?:bot|chatbot|assistant|thing|"
    r"app))\b|\bare (?:you|u) (?:a |an )?(?:bot|robot|human|real person|real|person|ai|chatgpt)\b|"
    # its name ("haha ok. what's your name")
    r"\bwhat(?:'s| is|s) (?:your|ur) name\W*$|\bwhat (?:are|r) (?:you|u) called\W*$|\b(?:do|have) (?:you|u) "
    r"(?:got |have )?a name\W*$", re.I)


# What the assistant can do, asked ("what exactly can this bot do for new starters?", "how does this work?"); not "what
# does it do?" (after THIS Institute: the entry's).
_BOT_NAMED = r"(?:this bot|the bot|this assistant|the assistant|this thing|this chatbot|the chatbot|this app)"
_THE_BOT = rf"(?:you|u|{_BOT_NAMED})"
DOES_ASKED = re.compile(rf"\bwhat (?:exactly |else |all )?(?:can|could|do|does|will) {_BOT_NAMED} (?:actually |exactly |even )?"
                        rf"(?:do|help with|help me with|be used for)\b|"
                        r"\bwhat (?:exactly |else |all )?(?:can|could|do|will) (?:you|u) (?:actually |exactly |even )?"
                        r"(?:do|help (?:me )?with)(?: for (?:me|us|\w+(?: \w+)?))?\W*$|"
                        rf"^\W*(?:(?:hi|hello|hey|ok|okay|so|and)\W+)*how (?:does|do) (?:this|you|u|{_BOT_NAMED}) work\W*$|"
                        rf"\bwhat (?:are|r) (?:you|u) for\b|\bwhat is {_BOT_NAMED} for\b|"
                        # "just started here last week, someone said to ask you about research stuff?": sent here, with
                        # nothing asked but research itself
                        r"\b(?:said|told (?:me|us)|suggested|recommended|was told|were told)\b[^.?!]{0,25}?\b(?:ask|talk to|"
                        r"chat (?:to|with)|speak to|message|try|use)\s+(?:you|u|this(?: bot| thing| chat)?|the bot)\b"
                        r"(?:\s+about\s+(?:research|this)(?:\s+(?:stuff|things|opportunities|schemes|bits))?)?\W*$", re.I)
# Where its answers come from ("what sources is it using?", "where do you get your info from?").
SOURCES_ASKED = re.compile(rf"\bwhat (?:sources|documents|info|information|data)\b[^.?!]{{0,20}}\b(?:{_THE_BOT}|it)\s+"
                           rf"(?:\w+\s+)?(?:use|using|uses|based on|draw on|drawing on|pull from|pulling from)"
                           r"(?:\s+for (?:all )?(?:this|that|these|it|them|your answers|the answers))?(?=\s*(?:[?.!]|$))|"
                           rf"\bwhere(?:'s| is| does| do)? {_THE_BOT}r? (?:info|information|answers|facts|data|knowledge) "
                           r"(?:come )?from\b|"
                           rf"\bwhere (?:do|does) {_THE_BOT} get (?:your|its|the|their|all (?:your|its|the)) "
                           rf"(?:info|information|answers|facts|data|knowledge)\b|\bwhat (?:are|is) {_THE_BOT} based on\b|"
                           rf"\b(?:your|its) sources\b(?!\s+(?:\w+\s+)?(?:say|said|tell|mention|have|hold|give)\b)",
                           re.I)  # not "ok what DO your sources say about RfPB": a question about RfPB


def asks_what_it_does(text: str) -> bool:
    """Does the message ask what the assistant can do? Its help says, whatever intent Rasa gave it."""
    return bool(DOES_ASKED.search(text))


def asks_for_its_sources(text: str) -> bool:
    """Does the message ask where the assistant's answers come from? The documents it quotes, by name, say."""
    return bool(SOURCES_ASKED.search(text))


def asks_about_the_bot(text: str) -> bool:
    """Does the message ask who or what the assistant is? It says it is a bot, whatever intent Rasa gave it."""
    return bool(BOT_ASKED.search(text))


def asks_about_privacy(text: str) -> bool:
    """Does the message ask how private this chat is? Answered with what is kept, for how long and who sees it."""
    return bool(PRIVACY_ASKED.search(text)) and not asks_to_forget(text)


def asks_what_is_known(text: str) -> bool:
    """Does the message ask what the bot holds about the writer?"""
    return bool(KNOWN_ASKED.search(text)) and not asks_to_forget(text)


def tells_with_a_remark(text: str) -> bool:
    """Does the message say who the writer is beside a remark, asking and wishing for nothing ("Dietitian here,
    Western Trust NI (Altnagelvin). small dept, 4 of us.", "Audiologist in the Northern Trust. healthcare science is
    always forgotten about in these things")? Nothing to say "I don't know" to."""
    return not ASKS.search(text) and not WISHES.search(text) and bool(extract(text).filled())


def tells_only(text: str) -> bool:
    """Does the message only tell us about the writer, asking and wishing for nothing ("I'm a healthcare assistant",
    "hi, I've just started as a staff nurse on a surgical ward")? Searching such words finds whatever shares them
    ("healthcare")."""
    sentences = [s for s in SENTENCES.split(text.strip()) if s]
    if corrected(text) and not ASKS.search(text) and not WISHES.search(text):
        return True  # "oh wait sorry, newport in shropshire not newport wales lol. so england"
    return bool(sentences) and all(not ASKS.search(s) and not WISHES.search(s) and (_tells(s) or only_profile_facts(s))
                                   for s in sentences)


# A correction of what the writer said of themselves: what follows "I meant", "so" or "actually" up to the end of its
# sentence ("sorry, I meant Scotland - NHS Lanarkshire. I trained in Wales ...", "oh wait ... lol. so england").
CORRECTION = re.compile(r"\b(?:i meant|i mean|i should(?:'ve| have) said|so|actually)\W+(?:to say\s+)?"
                        r"(?P<part>(?:(?!,\s*i\b)[^.?!;])+)", re.I)
# What says a correction is one: an opening ("sorry", "wait", "oops", "actually", "so") or "I meant" anywhere.
CORRECTS = re.compile(r"^\W*(?:(?:oh|ah|um|erm|no|ok|okay)\W+)*(?:wait|sorry|oops|whoops|my bad|correction|actually|so)\b|"
                      r"\bi (?:meant|mean|should(?:'ve| have) said)\b", re.I)


def corrected(text: str) -> str:
    """The last part of a correction that is nothing but profile facts ("Scotland - NHS Lanarkshire", "england"); empty
    when the message is no correction ("my manager is actually a physio", "I'm a band 6 physio in Leeds so England")
    or corrects nothing of the writer's ("sorry, I meant the Welsh one" corrects which scheme; "wait, so can physios
    apply?" asks)."""
    if "?" in text or not CORRECTS.search(text):
        return ""
    parts = [found.group("part").strip() for found in CORRECTION.finditer(text)]
    return next((part for part in reversed(parts) if only_profile_facts(part)
                 and not any(w.endswith("s") and normalise_profession(w) for w in part.split())), "")


def about_research_or_writer(text: str) -> bool:
    """Could the message be someone asking where to start in research: it speaks of research, or tells us about
    the writer ("where's the canteen?" does neither, whatever intent it was given)."""
    return bool(RESEARCH.search(text)) or _tells(text)


# A question opening with its question word and verb, without a question mark ("what's a bridging award exactly", read
# as thanks); not an exclamation ("what a day", "how exciting").
# (after chat: "ok also whats HEE even called now", read as a goodbye)
WH_FIRST = (r"^\W*(?:(?:ok|okay|oh|ah|and|also|so|but|right|btw|hmm|um|lol|sorry|wait|cheers|thanks|honestly|seriously|"
            r"genuinely|tbh|like)\W+)*(?:what(?:'s|s| is| are| does| do| was| were| did)(?! up\b)|what ?% ?|what (?:per ?cent|"
            r"percentage|proportion|share|fraction)|what (?:sorts?|kinds?|types?) of|how (?:do|does|did|can|could|much|many|long|often|was|were)|when "
            r"(?:is|are|does|do|did|was|were|can)|who (?:is|are|was|were|did|runs|ran|funds|funded|can|do)|whose|why (?:is|"
            r"are|was|were|did|do|does|would|should)|where (?:is|are|was|were|did|do|can)|which (?:is|are|was|were|had|has|"
            r"did|does))\b")
# What makes a message telling us about the writer also ask something: a question mark, a question clause after the
# telling ("I'm a nurse, what ...") or a question opening with its verb; not a relative "who" or "where" ("I'm a
# physio who works in MSK", "I work in the trust where I trained", "band 7 OT, which is mid career I guess").
# A question tag closing a statement, with no question mark ("the report didnt even include ambulance people tho did
# it", "that's for doctors isn't it"): a negative one anywhere, a positive one after a comma or "tho" (not "i did it")
TAG_QUESTION = r"(?:\b(?:won't|wont|didn't|didnt|doesn't|doesnt|don't|dont|isn't|isnt|wasn't|wasnt|aren't|arent|" \
    r"haven't|havent|hasn't|hasnt|can't|cant)|(?:,|\btho|\bthough)\s*(?:did|does|do|is|was|were|are|has|have|had|" \
    r"can|could|would|will))\s+(?:it|they|i|we|you|he|she|there|that|this)\W*$"
# A question opening with its verb before a subject of any name, with no question mark ("was sheffeild in that cancer
# reserch report", "is lothian in the report")
VERB_THEN_NAME = r"^\W*(?:(?:is|are|was|were)\s+(?!\w+ing\b|\d|(?:good|fine|ok|okay|all|great|cool|alright|nice|grand|" \
    r"sorted|brill|lovely|perfect|amazing|ace|helpful|useful|well|so|very|really|just|a|an|band|student|newly|my|the|" \
    r"told|asked|given|sent|hoping|thinking|wondering|meant|supposed|due|off|on|at|in)\b)\w+|(?:has|have|does)\s+" \
    r"(?:anyone|anybody|any|the|my|your|our|it|he|she|that|this|there)\b)\s+\w+"
# Whether the writer may or could have, asked mid-sentence with no mark ("im a band 7 in preston could i have done it")
MAY_I = r"\b(?:could|can|should|would) i (?:have |still |also |even )?(?:apply|applied|get|got|join|joined|done|do|go|" \
    r"gone|be|been|use|take|taken)\b"
REALLY_ASKS = re.compile(r"\?|" + VERB_FIRST + "|" + CLAUSE_OPENING + r"(?:" + ASKING_WORDS + r")\b|" + WH_FIRST + "|"
                         + TAG_QUESTION + "|" + VERB_THEN_NAME + "|" + MAY_I, re.I)
ASKS_UNMARKED = re.compile(TAG_QUESTION + "|" + VERB_THEN_NAME, re.I)


def really_asks(text: str) -> bool:
    return bool(REALLY_ASKS.search(text))


# A message going on from the last answer ("and training?", "what about midwives"): no greeting, whatever Rasa read.
GOES_ON = re.compile(r"^\W*(?:and|so|but|also|what about|how about)\b", re.I)


def only_greets(text: str) -> bool:
    """Is a message Rasa read as a greeting only that ("Hellooo", "Bore da", "how are you?")? One that asks
    ("and training?") is answered, and one that tells us about the writer ("hiya, first week here!") gets first
    steps."""
    return acknowledges(text) or not (asked_topic(text) or GOES_ON.search(text) or tells_only(text)
                                      or ASKS_UNMARKED.search(text))


def asked_topic(text: str) -> str | None:
    """What the message asks, less what it says about the writer ("I'm a nurse in England, is there funding for a
    masters?" -> "is there funding for a masters?"); None when it asks nothing ("band 6", "I'm a nurse")."""
    asked = question_part(text)
    return asked.strip() if ASKS.search(asked) else None


def _asked_part(sentence: str) -> str:
    """"I'm a nurse in Scotland, how do I get protected time?" -> "how do I get protected time?"; "I'm a paramedic
    in Wales wanting to do a PhD, what help is there?" -> "wanting to do a PhD, what help is there?" (the wish is
    what is asked)."""
    found = [m.start() for m in (QUESTION_CLAUSE.search(sentence), WISHES.search(sentence)) if m]
    cut = min(found) if found else 0
    told = sentence[:cut]
    if not told.strip() or not _tells(told):
        return sentence
    return sentence[cut:].lstrip(" ,.;!?-").strip()


def _years(text: str) -> int | None:
    for pattern in YEARS_QUALIFIED:
        match = pattern.search(text)
        if match:
            number = match.group(1)
            return int(number) if number.isdigit() else NUMBER_WORDS[number]
    return None


PLURAL_BANDS = re.compile(r"\b(?:band|b)[- ]?(?:\d|five|six|seven|eight|nine)[a-d]?'?s\b", re.I)


def career_stage(text: str, of_someone_else: bool = False) -> str | None:
    """A career stage from a band, a grade, years since qualifying or a phrase ("early in my career")."""
    # bands in the plural are staff the writer speaks of ("what about for my band 5s?"), not the writer
    lowered = PLURAL_BANDS.sub(" ", others_removed(text, described=not of_someone_else))
    band = BAND.search(lowered)
    if band:
        number = BAND_WORDS.get(band.group(1), band.group(1))
        code = normalise_career_stage(f"band {number}{band.group(2) or ''}")
        if code:
            return code
    if RECENTLY_QUALIFIED.search(lowered):
        return "early_career"
    years = _years(lowered)
    student = any(code == "student" and pattern.search(lowered) for pattern, code in STAGE_PHRASES)
    if years is not None and not student:  # "student nurse, 2 years in" is a student
        return "early_career" if years < EARLY_CAREER_YEARS else "mid_career"
    for pattern, code in STAGE_PHRASES:
        if pattern.search(lowered):
            return code
    return normalise_career_stage(lowered)


def _clause(match: re.Match | None) -> str | None:
    if not match:
        return None
    return CLAUSE_END.split(match.group(1))[0].strip()[:200] or None


def organisation(text: str) -> str | None:
    """The workplace named ("University Hospitals of Leicester", "NHS Lothian"), in the person's words."""
    named = ORGANISATION.search(text)
    if named:
        return named.group(1).strip()
    workplace = _clause(WORKPLACE.search(text))
    if workplace:
        return workplace
    typed = _clause(LOWER_WORKPLACE.search(text))  # "i work at leicester's hospitals": a place the taxonomy knows
    if typed and normalise_nation(typed):
        return typed
    acronym = ACRONYM_WORKPLACE.search(text)
    if acronym:
        return acronym.group(1) or acronym.group(2)
    for body in bodies_named(text):  # "nurse in northern ireland - south eastern trust": an NHS body the taxonomy knows
        # "Ysbyty Gwynedd", not "Ysbyty", nor "ysbyty in" of "the ysbyty in Bangor"
        named_after = r"(?:\s+(?!(?:in|at|as|on|for|and|the|a|an|with|near|of|is|was)\b)[\w'-]+)?" \
            if body in HOSPITAL_WORDS else ""
        found = re.search(r"\b" + r"\W+".join(map(re.escape, body.split())) + named_after + r"\b", text, re.I)
        return found.group(0) if found else body  # as the person typed it
    return None


def _unless_own(match: re.Match) -> str:
    """"my manager said..." is about someone else: drop the role word so it is not taken as the writer's."""
    word = match.group(2)
    return "" if word.lower() in PEOPLE or normalise_profession(word) or normalise_career_stage(word) else match.group(0)


# A role the writer hopes to take, not theirs yet ("I'd like to become a clinical research assistant eventually", "a
# HCA training to be a nurse in Belfast"): the words from the wish up to the role, and no further (Belfast is theirs).
HOPED_ROLE = re.compile(r"\b(?:(?:want|wants|hope|hoping|like|love|plan|planning|aim|aiming|aspire|aspiring|intend|"
                        r"intending|going)\s+to\s+(?:become|be|go into|move into|train as|qualify as)|train(?:ing)? to be|"
                        r"wanna be)((?:\s+[\w-]+){1,4})", re.I)
# People of a role the writer works beside: "helping the research nurses recruit", "I work with the physios" (not "I
# joined the research nurses", "I lead the research nurses": the writer's own).
THE_GROUP = re.compile(r"\b(?:help(?:ing|ed|s)?|with|alongside|support(?:ing|ed|s)?|assist(?:ing|ed|s)?|shadow(?:ing|ed)?)"
                       r"\s+(?:the|those|these)\s+(?!other\s)((?:[\w-]+\s+){0,2}?[\w-]+s)\b", re.I)  # "the other dietitians"


# A role said of a friend or colleague ("heard about ICAP from a nurse mate", "a physio colleague told me"): theirs, not
# the writer's ("ST4 in anaesthetics ... from a nurse mate" was read as a nurse)
ROLE_OF_ANOTHER = re.compile(r"(?<!\bi'm )(?<!\bi\u2019m )(?<!\bim )(?<!\bi am )\b(?:a|an|my|our|some|the|his|her|their)\s+(?:[\w-]+\s+)?(?P<role>[\w-]+)\s+(?:mate|mates|"
                             r"friend|friends|pal|pals|buddy|bestie|colleague|colleagues)\b", re.I)


def _unless_anothers_role(match: re.Match) -> str:
    """Theirs, unless a fellow's ("me and my fellow nurse colleagues": the writer's too)."""
    if re.search(r"\bfellow\b", match.group(0), re.I):
        return match.group(0)
    return " " if normalise_profession(match.group("role")) else match.group(0)


def _without_hoped_role(match: re.Match) -> str:
    """The wish up to the first role in the four words after it; all of it kept when none is a role."""
    words = match.group(1).split()
    for end in range(1, len(words) + 1):
        if normalise_profession(" ".join(words[:end])) or normalise_profession(words[end - 1]):
            return " " + " ".join(words[end:])
    return match.group(0)


def _unless_a_role(match: re.Match) -> str:
    group = match.group(1)
    roles = (group, group.removesuffix("s"), group.removesuffix("es"))
    return match.group(0).removesuffix(group) if any(normalise_profession(role) for role in roles) else match.group(0)


def others_removed(text: str, described: bool = True) -> str:
    """The message without the other people it speaks of, spelling corrected, and without what it says the writer is
    not ("no I'm in Wales not England"), was once ("I trained in Wales") or hopes to be ("I'd like to become a research
    assistant"): what is left is about the writer. `described`: drop what it says of them too ("my friend who's a
    physio"), unless that is what is read."""
    beside = ROLE_OF_ANOTHER.sub(_unless_anothers_role,
                                 THE_GROUP.sub(_unless_a_role, HOPED_ROLE.sub(_without_hoped_role, text)))
    corrected = _without_past_places(NEGATED.sub(" ", correct_spelling(beside)))
    return OTHERS.sub(_unless_own, DESCRIBED.sub(" ", corrected) if described else corrected)


# Where the writer was once, not where they work: "sorry, I meant Scotland. I trained in Wales, that's why I said it",
# "physio in Glasgow, originally from Cardiff", "moved up from Leeds last year". The place is up to three words, ending
# where the sentence goes on ("trained in Wales but work in Scotland"), and only a place ("I trained in mental health
# nursing", "qualified in physiotherapy in 2018" keep what they say; "newly qualified in Wales" is where they are).
_PLACE = r"[\w'-]+(?:\s+(?!(?:and|but|so|now|then|to|into|in|at|where|which|because|though|before|i|i'm|im|work|working)\b)[\w'-]+){0,2}"
PAST_PLACE = re.compile(r"\b(?:(?:trained|studied|(?<!newly )(?<!newly-)(?<!just )(?<!recently )qualified|grew up|born|"
                        r"raised|lived|used to (?:work|live|be based)|did my training)(?:\s+(?:up|down|over|originally))?"
                        r"\s+(?:in|at)|(?:moved|came|relocated|transferred)\b[^.,;?!]{0,30}?\bfrom|originally from)"
                        r"\s+(?P<place>" + _PLACE + r")|\bfrom\s+(?P<origin>" + _PLACE + r")(?=\s+originally\b)", re.I)


def past_places(text: str) -> list[str]:
    """The places the text says the writer was once (not what they trained in)."""
    return [m.group(0) for m in PAST_PLACE.finditer(text) if normalise_nation(m.group("place") or m.group("origin"))]


def _without_past_places(text: str) -> str:
    """The text less the past places (the place only: "I moved to Glasgow from Cardiff" keeps Glasgow)."""
    def drop(m: re.Match) -> str:
        group = "place" if m.group("place") else "origin"
        if not normalise_nation(m.group(group)):
            return m.group(0)
        return m.group(0)[:m.start(group) - m.start()] + " " + m.group(0)[m.end(group) - m.start():]
    return PAST_PLACE.sub(drop, text)


# What the writer is not: "not England", "not a nurse", "rather than a band 6"; "non-medics" (whom a scheme suits:
# a paramedic asking for "funding that suits non-medics" was read as a doctor).
NEGATED = re.compile(r"\b(?:not|rather than|instead of)\s+(?:an?\s+|the\s+|in\s+)?[\w'-]+(?:\s+[\w'-]+){0,2}|"
                     r"\bnon[-\s]?(?:medics?|medical|doctors?|nurses?|nursing|clinicians?|clinical|registered)\b", re.I)


# Where a scheme may be limited to, asked about ("or is that england only", "is it just for scotland?", "only in
# wales?"): no place of the writer's
# Where the writer works, said beside another place ("I work in Cardiff but live in Bristol", "mostly shifts at Prince
# Charles in Merthyr but employed by an agency in Bristol"): the place of the work is the nation whose schemes count
# (the first named, of two the same length, was England's by the order of the table). Up to a word joining another
# clause.
WORK_PLACE = re.compile(r"(?:\b(?:i|i'm|im|i am)\s+(?:(?:currently|now|mostly|mainly)\s+)?(?:work|working|based)|"
                        r"(?:^|[,;:]\s*|\b(?:but|and|though)\s+)(?:(?!(?:my|his|her|their|our|your)\b)[\w-]+\s+){0,2}?"
                        r"(?:work|working|based|shifts?|placed)|"
                        r"\bmy (?:shifts?|placement) (?:are|is))\s+(?:(?:mostly|mainly|currently|now|all)\s+)?(?:in|at|for)\s+"
                        r"(?P<place>(?:(?!\b(?:but|and|though|although|while|whereas|or|whilst|so|because|cos)\b)[^.,;!?])+)",
                        re.I)


def _nation_of_work(text: str) -> str | None:
    """The one nation the places the writer works at say, when the text names another too; None otherwise. Not a
    question's ("can people working in Wales apply?"), nor someone else's ("my partner works in Wales")."""
    told = " ".join(s for s in SENTENCES.split(text) if s and not s.rstrip().endswith("?"))
    worked = {normalise_nation(m.group("place")) for m in WORK_PLACE.finditer(told)} - {None}
    if len(worked) != 1:
        return None
    return next(iter(worked)) if normalise_nation(WORK_PLACE.sub(" ", told)) not in (None, *worked) else None


ONLY_THERE = re.compile(r"\bis (?:that|it|this)\s+(?:(?:just|only)\s+(?:for\s+|in\s+)?(?:people in |staff in )?"
                        r"(?:england|scotland|wales|northern ireland|ni)\b|(?:for\s+|in\s+)?(?:people in |staff in )?"
                        r"(?:england|scotland|wales|northern ireland|ni)\s+only\b|(?:for|open to)\s+(?:people|staff)\s+in\s+"
                        r"(?:england|scotland|wales|northern ireland|ni)\b)|"
                        r"\b(?:only|just)\s+(?:for|in)\s+(?:people in |staff in )?(?:england|scotland|wales|northern ireland|"
                        r"ni)\b(?=[^.!]*\?|\s*$)", re.I)


def extract(text: str, of_someone_else: bool = False) -> ProfileText:
    """Every profile field one message states. Call only for messages about the writer (`mentions_self`),
    or for answers to a profile question; `of_someone_else`: the fields of the person a question asks about
    ("could my colleague, a dentist, apply?")."""
    corrected = others_removed(text, described=not of_someone_else)
    return ProfileText(
        profession=normalise_profession(corrected),
        nation=_nation_of_work(corrected) or normalise_nation(ONLY_THERE.sub(" ", corrected)),  # not "or is that
        # england only"
        career_stage=career_stage(text, of_someone_else),
        interests=_clause(INTERESTS.search(text)),
        organisation=organisation(_without_past_places(text)),  # not "I used to work at Betsi Cadwaladr"
    )
