"""Which tier answers: does the curated entry's answer hold what was asked, or does a document passage?

An entry answers whenever its confidence passes the entries' threshold, and an entry on the same report or scheme
often does so without the fact asked ("How many survey responses were fully completed?" finds the survey's entry,
which gives no such figure). What was asked is read from the question's own words: those the best passage has and
the entry nowhere states (title, summary, body, other names) are what the entry cannot answer; those the entry has
and the passage lacks speak for the entry. Their balance, as a share of the question's words, decides:

- the passage answers first (tier "document", the entry offered as "Did you mean") when it clearly holds more of
  what was asked (a share of the words, and more than one word), unless the question named the entry;
- the passage follows the entry's answer when it holds somewhat more, or matches at least as well as the entry
  (the entry still answers first, and always when it was named and the passage holds little more);
- otherwise the entry alone. A passage the entry already quotes adds nothing.

Thresholds calibrated two-fold by bench/documents.py --calibrate (docs/benchmarks.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
import re
from enum import Enum

from knowledge.resolve import says_whom, unknown_organisations
from knowledge.documents import answer as document_answers
from knowledge.documents.index import (FRAME_WORDS, Document, DocumentHit, DocumentIndex, DocumentResult, context,
                                       initials)
from knowledge.documents.counting import (FIGURE, HOW_MANY, counts,
                                          counts_plainly)
from knowledge.documents.seeds import document_id
from knowledge.documents.windows import (SHARE_ASKED, SLOT_WORDS, STATES_SHARE, AnswerType, asked_words, asks_for,
                                        numbered_parts, terms)
from knowledge.profile_text import asking_sentences, question_part
from knowledge.index import KnowledgeIndex
from knowledge.schema import Entry, Kind
from knowledge.taxonomy import normalise_nation, places_abroad
from knowledge.text import tokens, word_set

# Below this the passage never competes with an entry that answered.
BESIDE_ENTRY_CONFIDENCE = 0.4
# Share of the question's words that only the passage holds (less those only the entry holds) for the passage to
# answer instead of the entry, and for it to follow the entry's answer.
ANSWERS_INSTEAD = 0.25
SHOWN_AFTER = 0.15
# And, for the passage to answer instead, at least this many of the asked words more than the entry: one word of a
# short question is no sign the passage answers ("how do I get time off for research?" against a passage on
# "one-off opportunities", "how many people responded to the survey?" against one that mentions "people").
WORDS_INSTEAD = 2


class Tier(str, Enum):
    entry = "entry"  # the entry's answer alone
    document = "document"  # the passage answers (no entry did, or the entry does not hold what was asked)
    both = "both"  # the entry's answer, then the passage
    none = "none"  # neither: "I don't know"


def entry_text(entry: Entry) -> str:
    """What the entry states (not its alternate questions, which are ways of asking, not facts)."""
    return " ".join([entry.title, entry.summary, entry.body, *entry.synonyms])


def passage_text(hit: DocumentHit) -> str:
    """The passage with its document's title and publisher, and the publisher's initials ("did HEE say anything about
    genomics training?": the HEE strategy's passages say "we", never "HEE")."""
    return f"{context(hit.passage, hit.document)} {hit.passage.text}"


def name_words(entry: Entry) -> frozenset[str]:
    """The words of the entry's names: a question that names the entry says what it asks about with them, not
    what it asks ("who wrote the foreword to Creating Time for Research?" asks for "foreword" and "wrote")."""
    return word_set(" ".join([entry.title, *entry.synonyms]))




def advantage(question: str, passage: str, entry: str, about: frozenset[str] = frozenset()) -> float:
    """(asked words only the passage holds - asked words only the entry holds) / asked words, in -1..1. Words in
    `about` (the named entry's names) and single letters ("HEE's", "R&I") are not what is asked."""
    # Questions are not remembered, only the texts they are compared with.
    asked = {t for t in tokens(question) if len(t) > 1} - about - FRAME_WORDS
    if not asked:
        return 0.0
    in_passage, in_entry = held_words(asked, word_set(passage)), held_words(asked, word_set(entry))
    return (len(in_passage - in_entry) - len(in_entry - in_passage)) / len(asked)


# A word held in another form: these endings added to it ("define" by "defined", "fund" by "funding"); not any
# longer word it begins ("nation" is no form of "National", "second" none of "secondment").
ENDINGS = ("s", "es", "d", "ed", "ing")
MIN_STEM = 4


def forms(word: str) -> set[str]:
    """The word and what it is without one of the `ENDINGS`."""
    return {word, *(word[:-len(e)] for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= MIN_STEM)}


def held_words(asked: set[str], held: frozenset[str]) -> set[str]:
    """The asked words the text holds, as they are or in another form (not a word saying whom: "physios" is who
    asks, and a passage on "physio" holds nothing more of what was asked)."""
    held_forms = {f for w in held for f in forms(w)}
    return {t for t in asked if t in held or (forms(t) & held_forms and not says_whom(t))}


def quoted(entry: Entry, hit: DocumentHit) -> bool:
    """Does the entry quote the whole passage (so it holds all the passage says)?"""
    passage = " ".join(hit.passage.text.lower().split())
    return any(passage in " ".join(s.quote.lower().split()) for s in entry.sources if s.quote)


def about_elsewhere(question: str, hit: DocumentHit, index: KnowledgeIndex) -> bool:
    """Does the question ask about a country outside the UK, or an organisation or scheme named by a word the
    knowledge base never uses ("Kidney Research UK", "the Leverhulme fellowship"), that the passage does not name? The
    entries said "I don't know" for that reason; a passage about something alike ("research funding", "fellowships")
    does not answer it either ("is there funding from the Health Research Board in the Republic of Ireland?" was
    answered with the survey's response figures)."""
    asked = question_part(question)
    text = passage_text(hit)
    abroad = places_abroad(asked)
    if abroad and not set(abroad) & set(places_abroad(text)):
        return True
    held = word_set(text)
    return any(not set(tokens(name)) <= held for name in unknown_organisations(asked, index))


def searched(documents: DocumentIndex, question: str, k: int = 3,
             threshold: float = document_answers.MIN_CONFIDENCE) -> DocumentResult:
    """The passages for the question, or for its question part when only that finds one the tier is sure of
    ("midwife here - what did the PARROT trial show?": "midwife" and "here" are no words the passage must hold)."""
    result = documents.search(question, k=k)
    asked = question_part(question)
    if asked == question or document_answers.confident(result, threshold):
        return result
    part = documents.search(asked, k=k)
    return part if document_answers.confident(part, threshold) else result


def cited_documents(entry: Entry) -> set[str]:
    """The documents the entry's sources cite, by name and by id."""
    return {name for source in entry.sources for name in (source.document, document_id(source.document))}


def in_context(documents: DocumentIndex, question: str, entry: Entry,
               threshold: float = document_answers.MIN_CONFIDENCE) -> DocumentResult | None:
    """A follow-up the entries could not answer ("what happens on the second day?" after the Leading Cultures
    programme): the passage of a document the entry just shown cites, searched with the entry's title, when the tier
    is sure of it, nearly all the question's words are in it and the question alone finds it among its first too
    (the title alone finds "where's the canteen?" a passage about the programme)."""
    cited = cited_documents(entry)
    result = documents.search(f"{entry.title}: {question}")
    if not result.hits or result.confidence < threshold or result.support < document_answers.SUPPORTED:
        return None
    top = result.hits[0]
    if top.passage.document_id not in cited and top.document.title not in cited:
        return None
    return result if top.passage.key in {hit.passage.key for hit in documents.search(question).hits} else None


OWN_DOCUMENT = 3  # title words a document shares with the entry's title when it is the entry's own page


def figure_in_sources(documents: DocumentIndex, question: str, entry: Entry,
                      threshold: float = document_answers.MIN_CONFIDENCE) -> DocumentResult | None:
    """A count or share asked of the entry just shown that it does not give ("how many responses did it get?" after
    the survey's barriers): the first passage of a document the entry cites that states one, among the first found
    for the question alone and with the entry's title (the title alone pulls the search to the barriers), when the
    tier is nearly sure of that search (`CONTEXT_ALLOWANCE` below its threshold: the entry just shown is evidence
    too; "how many responded?" after HEE's strategy found its "Over 70 organisations responded" at 0.59)."""
    cited = cited_documents(entry)
    # the entry's distinctive name words ("champion", "scholars", "crn"): not "research", in most passages
    named = {t for t in terms(" ".join([entry.title, *entry.synonyms])) if documents.lexical.distinctive(t)}
    asked = "the percentage" if SHARE_ASKED.search(question_part(question)) else "how many"
    # every word the question asks with, less the entry's names: "how many studies does it support?" of the CRN is
    # not answered by a passage on one trust's studies that never says "support"
    wanted = asked_words(question_part(question), AnswerType.number) - set(terms(" ".join([entry.title,
                                                                                          *entry.synonyms])))
    for result in (documents.search(question, k=5), documents.search(f"{entry.title}: {question}", k=5)):
        if result.confidence < threshold - CONTEXT_ALLOWANCE:  # the entry just shown is evidence too
            continue
        for hit in result.hits:
            # of the entry's subject (the Leading Cultures page for its learning sets; not the survey's method, which
            # the 2021 report, cited by some forty entries, gives for "how many members does it have?")
            own = len(set(terms(hit.document.title)) & set(terms(entry.title))) >= OWN_DOCUMENT  # its own page
            about = own or named & set(terms(f"{hit.passage.heading or ''} {hit.passage.text}"))
            held = set(terms(f"{hit.passage.heading or ''} {hit.passage.text}"))
            if (hit.passage.document_id in cited or hit.document.title in cited) and about \
                    and wanted <= held and states_unstated(asked, question, hit.passage.text):
                return DocumentResult([hit], result.confidence, support=result.support)
    return None


# How far from the passage just quoted a follow-up's passage may be: the same part of the document ("when did cohort 2
# start?" after the venues of the programme's three cohorts).
NEAR_PASSAGES = 3
# The conversation is evidence too: a passage near the one just quoted answers a little below the tier's threshold
# ("how much quicker was the diagnosis?" just after the PARROT trial's passage found it again at 0.60 against 0.62).
CONTEXT_ALLOWANCE = 0.05


def after_passage(documents: DocumentIndex, question: str, key: str,
                  threshold: float = document_answers.MIN_CONFIDENCE) -> DocumentResult | None:
    """A follow-up no entry answered, just after a document passage was quoted ("and when did cohort 2 start?" after
    the Leading Cultures programme's venues got "I don't know"): a passage near it in the same document, searched
    with its section's heading, when the tier is nearly sure of it (`CONTEXT_ALLOWANCE` below its threshold) and the
    question alone finds it among its first too."""
    at = documents.by_key.get(key)
    if at is None:
        return None
    shown = documents.passages[at]
    result = documents.search(f"{shown.heading}: {question}" if shown.heading else question)
    if not result.hits or result.confidence < threshold - CONTEXT_ALLOWANCE:
        return None
    top = result.hits[0].passage
    near = top.document_id == shown.document_id and abs(top.number - shown.number) <= NEAR_PASSAGES
    return result if near and top.key in {hit.passage.key for hit in documents.search(question).hits} else None


EARLIER_CANDIDATES = 20  # a follow-up's words are few among the earlier messages': its passage may rank low


def read_with_earlier(documents: DocumentIndex, followed: str, holds: Callable[[str], bool], entry: Entry | None = None,
                      key: str | None = None, figures: bool = False, again: bool = False, subject: str = "",
                      threshold: float = document_answers.MIN_CONFIDENCE) -> DocumentResult | None:
    """A follow-up read with the person's earlier messages (`followed`: "which trusts were the case studies? which
    had the most studies?") that no answer of its own took (the entry just shown, found again): the first passage
    found for it (for a `subject`, found alone first), in a document the
    entry cites (or the one the passage just quoted, `key`, is from), that is not that passage (unless `again`: "and
    the lowest?" after a table, whose other rows hold it) and that `holds` what
    the follow-up itself asks (knowledge/conversation.py `follows_up`: Table 1.1's counts; of those, when `figures`
    are asked, the one stating most), when the tier is nearly sure of the search (`CONTEXT_ALLOWANCE`)."""
    at = documents.by_key.get(key) if key else None
    within = cited_documents(entry) if entry is not None else {documents.passages[at].document_id} if at is not None \
        else set()
    result = documents.search(followed, k=EARLIER_CANDIDATES)
    if not within or result.confidence < threshold - CONTEXT_ALLOWANCE:
        return None
    # a fragment's subject searched alone first ("training" of "and training?"): among the earlier messages' words it
    # ranks its passage low
    first: dict[str, DocumentHit] = {}  # each passage as it first came
    for hit in [*(documents.search(subject, k=EARLIER_CANDIDATES).hits if subject else []), *result.hits]:
        first.setdefault(hit.passage.key, hit)
    found = [hit for hit in first.values() if (hit.passage.document_id in within or hit.document.title in within)
             and (again or hit.passage.key != key) and holds(hit.passage.text)]
    if not found:
        return None
    # a figure asked ("which had the most studies?"): the table, not a passage on the same subject giving one or two
    best = max(found, key=lambda hit: len(FIGURE.findall(hit.passage.text))) if figures else found[0]
    return DocumentResult([best], result.confidence, support=result.support)


def choose(question: str, result: DocumentResult, entry: Entry | None, entry_confidence: float, named: bool,
           threshold: float = document_answers.MIN_CONFIDENCE, index: KnowledgeIndex | None = None,
           unstated: str = "", shown: str = "") -> Tier:
    """`entry`: the entry that answered (None when the entries said "I don't know"); `named`: the question named it;
    `index`: the entries' index, whose words say which organisations the knowledge base knows; `unstated`: what was
    asked that the entry's answer says it does not say ("the percentage": knowledge/answer.py `not_stated`); `shown`: the
    entry's answer as shown (a passage holding what it lacks may follow it, `shown_lacks`)."""
    if (numbered := recommendation_asked(question)) and result.hits \
            and numbered in {int(n) for n in LIST_ITEM.findall(result.hits[0].passage.text)}:
        # "what does recommendation 14 say exactly": the report's own words, before an entry that only cites it (one
        # titled with it answers first, the words after it)
        titled = entry is not None and re.search(rf"\brecommendation {numbered}\b", entry.title, re.I)
        # its words asked for, the report's own first; a topic beside the number ("recommendation 9 mentoring"), the
        # entry on that topic first, the report's words after it
        return Tier.both if titled or (entry is not None and not WORDS_ASKED.search(question)) else Tier.document
    if entry is None:
        if index is not None and result.hits and about_elsewhere(question, result.hits[0], index):
            return Tier.none
        if result.hits and not states_number_asked(question, passage_text(result.hits[0])):
            return Tier.none  # "how many days annual leave do i get as a band 5" is no passage on annual leave
        return Tier.document if document_answers.confident(result, threshold) else Tier.none
    if not result.hits or result.confidence < BESIDE_ENTRY_CONFIDENCE or quoted(entry, result.hits[0]):
        return Tier.entry
    # "what share of research directors said funding was short?": the entry's answer says it does not say; a passage
    # the tier is sure of that states a share follows it
    figure_follows = unstated in FIGURES_UNSTATED and document_answers.confident(result, threshold) \
        and states_number_asked(question, passage_text(result.hits[0]))
    # "I'm an OT in Northern Ireland, where do I start?" asks no "Northern Ireland"; "how does hee define innovation??
    # need it for my msc essay due tmrw" asks no "essay"
    asked = question_part(asking_sentences(question))
    gain = advantage(asked, passage_text(result.hits[0]), entry_text(entry), name_words(entry) if named else frozenset())
    if named and asked_of_its_document(question, entry, result.hits[0]) and gain >= ANSWERS_INSTEAD \
            and round(gain * len(set(tokens(asked)))) >= WORDS_INSTEAD \
            and states_number_asked(question, passage_text(result.hits[0])):
        return Tier.document  # "does the CRUK report say whether trusts count research towards promotion?"
    if named:
        return Tier.both if gain >= ANSWERS_INSTEAD or figure_follows or (
            gain >= SHOWN_AFTER and document_answers.confident(result, threshold)) or part_only_in_passage(
            asked, passage_text(result.hits[0]), entry_text(entry)) or (
            shown and shown_lacks(asked, result, entry, shown, threshold)) else Tier.entry
    if gain >= ANSWERS_INSTEAD and round(gain * len(set(tokens(asked)))) >= WORDS_INSTEAD \
            and states_number_asked(question, passage_text(result.hits[0])):
        return Tier.document  # not "how many research nurses does UHB employ?" with a passage of no such number
    if gain >= SHOWN_AFTER or result.confidence >= max(threshold, entry_confidence):
        return Tier.both
    if figure_follows or figure_only_in_passage(asked, passage_text(result.hits[0]), entry_text(entry)):
        return Tier.both
    return Tier.entry


# The question names a report, survey or strategy as where to look ("according to the CRUK report", "in the CRUK
# survey"), not as what it asks about.
AS_ITS_DOCUMENT = re.compile(r"\b(?:the|this|that|its|their)\s+(?:[\w'&/-]+\s+){0,6}?(?:report|strategy|document|paper|"
                             r"publication|survey|study)\b", re.I)


def asked_of_its_document(question: str, entry: Entry, hit: DocumentHit) -> bool:
    """Does the question ask what a document says, naming it through the entry that summarises it (a report's or a
    strategy's own entry, citing the passage's document)? The summary answers "what is the report"; what the report
    says about a topic is in its own words, and the passage holding them answers first."""
    cited = cited_documents(entry)
    return entry.kind in (Kind.evidence, Kind.strategy) and bool(AS_ITS_DOCUMENT.search(question)) \
        and (hit.passage.document_id in cited or hit.document.title in cited)


def shown_lacks(asked: str, result: DocumentResult, entry: Entry, shown: str, threshold: float) -> bool:
    """Does a passage of a document the entry cites, one the tier is sure of, hold clearly more of what was asked
    than the answer shown from the entry? A long entry (a 100-page report's) holds most words somewhere, so its whole
    text says little of whether the paragraph shown answers ("the gap between orgs saying research is integral vs
    recognising it for promotion" and the report's overview)."""
    top = result.hits[0]
    cited = cited_documents(entry)
    if (top.passage.document_id not in cited and top.document.title not in cited) \
            or not document_answers.confident(result, threshold):
        return False
    words = {t for t in tokens(asked) if len(t) > 1} - name_words(entry) - FRAME_WORDS - SLOT_WORDS
    if not words:
        return False
    lacking = held_words(words, word_set(passage_text(top))) - held_words(words, word_set(f"{entry.title} {shown}"))
    # and one of them the entry holds nowhere: a word its other paragraphs hold ("training awards" of ICA asked whether
    # a junior doctor may apply) is the entry's subject, and a passage sharing it is no more an answer
    return len(lacking) / len(words) >= SHOWN_AFTER and bool(lacking - held_words(words, word_set(entry_text(entry))))


# A numbered recommendation asked for ("what does recommendation 14 say exactly?", "rec 7?"), and the numbered items of a
# passage that lists them ("14. We therefore recommend ...", "- 14. Local NHS R&D Offices ...")
RECOMMENDATION_ASKED = re.compile(r"\b(?:recommendation|rec)\s*(?:no\.?\s*|number\s*|#\s*)?(\d{1,2})\b", re.I)
LIST_ITEM = re.compile(r"(?m)^\s*-?\s*(\d{1,2})\.\s")
WORDS_ASKED = re.compile(r"\b(?:say|says|said|state|states|exactly|word|words|wording|text|read|quote|what(?:'s| is| was| does| "
                         r"did))\b", re.I)


def recommendation_asked(question: str) -> int | None:
    asked = RECOMMENDATION_ASKED.search(question)
    return int(asked.group(1)) if asked else None


# Whether a name is in a document ("was sheffeild in that cancer reserch report", "was UHL involved in that report?",
# "glasgow was mentioned somewhere right?"): the passages that name it, not the passages most like the question
MENTION_ASKED = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|also)\W+)*(?:was|were|is|are|did)\s+(?:the\s+)?(?P<name>[\w'&.-]+(?:\s+[\w'&.-]+){0,5}?)"
    r"\s+(?:even\s+|ever\s+|actually\s+)?(?:(?:involved|included|in|part of|one of)\b[^?.!]{0,40}\b(?:report|study|"
    r"survey|document|strategy)\b|(?:mentioned|named|cited|listed|featured)\b)|"
    r"^\W*(?:(?:so|and|but|ok|okay|also)\W+)*(?P<told>[\w'&.-]+(?:\s+[\w'&.-]+){0,5}?)\s+(?:was|were|is|gets?|got)\s+"
    r"(?:even\s+|actually\s+)?(?:mentioned|named|referred to|cited)\b", re.I)
# Whether it does much research ("is Lothian big on research?", "is GSTT any good at research"): what the documents say
# of it, from passages that say something (not a list of abbreviations, which only names it)
ACTIVITY_ASKED = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|also)\W+)*(?:is|are|was|were)\s+(?:the\s+)?(?P<active>[\w'&.-]+(?:\s+[\w'&.-]+){0,5}?)"
    r"\s+(?:really\s+|very\s+|actually\s+|even\s+)?(?:(?:big|good|strong|active|keen|any good)\s+(?:on|at|in|for|about)"
    r"\s+research|into research|research[- ]active)\W*$", re.I)  # not "is the pay good?"
OWNED = frozenset("my our your their his her its".split())
NOT_A_NAME = frozenset("it this that they there anyone anybody anything someone something research nursing my our your the "
                       "a an he she we you i".split())


# What an acronym a document uses stands for or is ("lol great. whats the RECOVERY thing", "what was the PARROT trial"),
# or a figure it gives ("whats the 2.4% thing"): the passages that name it, when no entry does
ACRONYM_ASKED = re.compile(r"^\W*(?:(?:so|and|ok|okay|lol|great|random(?: q)?|also|but|then)\W+)*what(?:'s|s| is| was| were| are)\s+"
                           r"(?:the\s+|a\s+|an\s+|this\s+|that\s+)?(?-i:(?P<acronym>[A-Z][A-Z0-9]{2,}|[£$]\d[\d,.]*k?|\d+(?:\.\d+)?%|\d+\.\d+))"
                           r"(?:\s+(?:thing|trial|"
                           r"study|programme|project|one))?(?:\s+about)?\W*(?:then|again)?\W*$", re.I)


def acronym_asked(question: str) -> str | None:
    """The acronym asked about, unless it says whom (a profession: "what's an ODP") or where."""
    asked = ACRONYM_ASKED.match(question.strip())
    acronym = asked.group("acronym") if asked else None
    return acronym if acronym and not says_whom(acronym.lower()) and not normalise_nation(acronym) else None


# What letters stand for ("before that - what does AHP stand for? keeps coming up" got the secondments entry): the
# passages that spell them out, a list of abbreviations first (it says just that), professions too
STANDS_FOR = re.compile(r"\bwhat (?:does|do|did) (?:the\s+)?(?-i:(?P<acronym>[A-Z][A-Za-z&]{1,7}))s?\s+stand for\b|"
                        r"\bwhat(?:'s|s| is| are) (?:the\s+)?(?-i:(?P<short>[A-Z][A-Za-z&]{1,7}))s?\s+short for\b", re.I)


def stands_for_asked(question: str) -> str | None:
    """The letters asked what they stand for ("what does AHP stand for?"), in capitals, or None."""
    asked = STANDS_FOR.search(question)
    letters = (asked.group("acronym") or asked.group("short")) if asked else None
    return letters if letters and sum(c.isupper() for c in letters) >= 2 else None


COMMON_NAME_PASSAGES = 5  # a name in more passages than this is no name to look up ("what is the NHS")


def mention_asked(question: str) -> str | None:
    """The name a question asks whether a document mentions, if it asks that of a name (not "was it mentioned?")."""
    asked = MENTION_ASKED.match(question.strip())
    name = (asked.group("name") or asked.group("told")) if asked else None
    if asked is None and (active := ACTIVITY_ASKED.match(question.strip())):
        name = active.group("active")
    if not name or name.lower() in NOT_A_NAME or not set(tokens(name)) or name.split()[0].lower() in OWNED \
            or name.split()[0].lower() in NOT_A_NAME or all(says_whom(t) for t in tokens(name)):
        return None  # not "is my trust in the report?", "were nurses included in the survey?": no name to look for
    return name


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'&-]*(?:(?:\s+(?:of|and|for|the)\s+|\s+)[A-Z][\w'&-]*)*")


def _spells_out(acronym: str, text: str) -> bool:
    """Does the text spell the acronym out ("University Hospitals of Leicester NHS Trust" for "UHL")?"""
    for run in _CAPITALISED_RUN.finditer(text):
        letters = [w if w.isupper() and len(w) > 1 else w[0] for w in run.group().split() if w[:1].isupper()]
        if any("".join(letters[i:]).upper().startswith(acronym.upper()) for i in range(len(letters))):
            return True
    return False


_LINKING = frozenset("of and for the in on & to".split())


def spelt_beside(acronym: str, text: str) -> bool:
    """Does the text spell the letters out right beside them: "AHP Allied Healthcare Profession" (a list of
    abbreviations), "Clinical Research Network (CRN)"? Not a passage that only uses them ("One AHP echoed ...")."""
    letters = acronym.upper().rstrip("S") if len(acronym) > 2 and acronym.endswith("s") else acronym.upper()
    words = text.split()
    for at, word in enumerate(words):
        if word.strip("()[],.;:").upper() not in (letters, letters + "S"):
            continue
        after = [w for w in words[at + 1:at + 1 + 2 * len(letters)] if w.lower() not in _LINKING]
        before = [w for w in words[max(0, at - 2 * len(letters)):at] if w.lower() not in _LINKING]
        if "".join(w[0] for w in after[:len(letters)]).upper() == letters and all(w[0].isupper() for w in after[:len(letters)]):
            return True
        if word.startswith("(") and "".join(w[0] for w in before[-len(letters):]).upper() == letters:
            return True
    return False


GENERIC_DOCUMENT_WORDS = frozenset(tokens("report study survey document strategy research paper page website the that"))


def _documents_named(documents: DocumentIndex, question: str, name: str) -> set[str]:
    """The documents a question names besides the name asked about ("that cancer research report": Cancer Research
    UK's; "the HEE strategy": Health Education England's), by their title's or publisher's words or initials."""
    asked = set(terms(question)) - set(terms(name)) - GENERIC_DOCUMENT_WORDS
    named = set()
    for d, document in documents.documents.items():
        words = set(terms(f"{document.title} {document.publisher or ''}")) - GENERIC_DOCUMENT_WORDS
        words |= {i.lower() for i in initials(document.publisher or "")}
        if asked & words:
            named.add(d)
    return named


def _glossary(text: str) -> bool:
    """A list of abbreviations ("HCRW Health and Care Research Wales HEI ..."): it names everything, says nothing."""
    words = text.split()
    return sum(w.isupper() and len(w) > 1 for w in words) > GLOSSARY_SHARE * max(1, len(words))


GLOSSARY_SHARE = 0.12


FIGURE_NAME = re.compile(r"[£$]\d[\d,.]*k?|\d+(?:\.\d+)?%|\d+\.\d+")  # an amount, a share or a decimal


def mentioned(documents: DocumentIndex, name: str, vocabulary: frozenset[str] | dict[str, int] = frozenset(),
              most: int = 2, question: str = "", spelt_out: bool = True, spelling: bool = False) -> DocumentResult | None:
    """The passages that name it (its words, each mended to a word the documents hold: "sheffeild"; an acronym also
    spelt out), in the documents the question names if it names any, not in lists of abbreviations first; None when
    none does."""
    held = vocabulary or documents.lexical.vocabulary  # the terms the passages use, kept by the index (not remade here)
    wanted = set()
    for term in terms(name):
        close = term if term in held else next(iter(difflib.get_close_matches(term, held, n=1, cutoff=0.8)), None)
        if close is None:
            wanted = set()
            break
        wanted.add(close)
    # an acronym spelt out too ("UHL": University Hospitals of Leicester), only when asked whether it is mentioned: what
    # an acronym is must be the passages that use it ("what's an ODP" is no "Open Data Platform")
    acronym = name.strip() if spelt_out and name.strip().isupper() and 2 <= len(name.strip()) <= 6 else None
    figure = name.strip() if FIGURE_NAME.fullmatch(name.strip()) else None  # "2.4%": the figure itself, not "2", "4"

    def names_it(text: str, words: frozenset[str]) -> bool:
        if figure:
            return re.search(rf"(?<![\w.]){re.escape(figure)}(?![\w.]*\d)", text) is not None
        return bool(wanted and wanted <= words) or bool(acronym and _spells_out(acronym, text))

    # not its own documents ("was UHL involved in that report?" is not answered from UHL's strategy)
    own = {d for d, document in documents.documents.items()
           if names_it(f"{document.title} {document.publisher or ''}",
                                                                frozenset(terms(f"{document.title} {document.publisher or ''}")))}
    named = _documents_named(documents, question, name) if question else set()
    found = [pid for pid, words in enumerate(documents.words)
             if documents.passages[pid].document_id not in own and (not named or documents.passages[pid].document_id
                                                                    in named)
             and names_it(documents.passages[pid].text, words)]
    def first_at(pid: int) -> int:  # the passage about it before the one that only mentions it in passing
        text = documents.passages[pid].text.lower()
        at = [i for w in (*wanted, *([acronym.lower()] if acronym else []), *([figure] if figure else []))
              if (i := text.find(w)) >= 0]
        return min(at, default=len(text))

    if question and ACTIVITY_ASKED.match(question.strip()):
        found = [pid for pid in found if not _glossary(documents.passages[pid].text)]
    if spelling:  # what the letters stand for: the passages spelling them out, a list of abbreviations first
        found = [pid for pid in found if spelt_beside(name.strip(), documents.passages[pid].text)]
    found.sort(key=lambda pid: (_glossary(documents.passages[pid].text) is not spelling, first_at(pid)))
    if not found or not spelt_out and len(found) > COMMON_NAME_PASSAGES:
        return None
    hits = [DocumentHit(documents.passages[pid], documents.documents[documents.passages[pid].document_id], 1.0, 1.0)
            for pid in found[:most]]
    return DocumentResult(hits, 1.0, support=1.0)


# A contact detail a text gives: what an entry's answer says it does not state when it has none
# (knowledge/answer.py `not_stated`: "the email address"), and what a passage of its documents may give instead.
STATES_DETAIL = {"phone number": re.compile(r"\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\+44"),
                 "email address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")}


def detail_in_sources(documents: DocumentIndex, question: str, entry: Entry, unstated: str) -> DocumentResult | None:
    """"who do I email about the HEE research strategy?": the entry gives no address and its answer says so
    (`unstated` "the email address"), while a document it cites may end with one ("hee.enquiries@nhs.net" closes
    the HEE strategy). The passage of those documents that holds such a detail and most of the question's words,
    to follow the entry's answer; None when they hold none. Only the entry's own sources, and only a document the
    question names by its publisher: an address elsewhere is someone else's, and the HEE strategy's address is no
    contact for every scheme whose entry cites it."""
    pattern = STATES_DETAIL.get(unstated.removeprefix("the "))
    if pattern is None or entry.kind not in (Kind.organisation, Kind.strategy):
        return None  # the entry is the document or its publisher: a scheme's contact is no strategy's inbox
    cited = cited_documents(entry)
    asked = set(tokens(question))
    holding = [i for i, p in enumerate(documents.passages)
               if (p.document_id in cited or documents.documents[p.document_id].title in cited)
               and names_publisher(question, documents.documents[p.document_id]) and pattern.search(p.text)]
    if not holding:
        return None
    best = max(holding, key=lambda i: (len(asked & documents.words[i]), -i))
    passage = documents.passages[best]
    hit = DocumentHit(passage, documents.documents[passage.document_id], 0.0, 0.0)
    return DocumentResult([hit], 1.0, support=1.0)


def names_publisher(question: str, document: Document) -> bool:
    """Does the question name the document's publisher, whole or by its initials ("HEE")?"""
    publisher = document.publisher or ""
    asked = set(tokens(question))
    return bool(publisher) and (set(tokens(publisher)) <= asked
                                or any(letters.lower() in asked for letters in initials(publisher)))


# What an entry's answer can say it does not state that a passage's figure may: a share, a count.
FIGURES_UNSTATED = frozenset({"the percentage", "how many"})


def part_only_in_passage(question: str, passage: str, entry: str) -> bool:
    """Does the question ask for a numbered part ("day 3 of the Leading Cultures programme", "recommendation 6 of the
    CRUK report") that the passage is and the named entry does not hold? Its answer follows the entry's."""
    asked = numbered_parts(question)
    return bool(asked) and asked <= numbered_parts(passage) and not asked & numbered_parts(entry)


def states_number_asked(question: str, passage: str) -> bool:
    """Does the passage give a number (of what "how many" counts; a share, when one is asked), if the question asks
    how many or what share? Without one it cannot answer ("how many days annual leave do i get?" and a quote on
    taking annual leave; "what % of staff finished it?" and "four months")."""
    asked = question_part(question)
    if SHARE_ASKED.search(asked):
        return bool(STATES_SHARE.search(passage))
    return asks_for(asked) is not AnswerType.number or counts(passage, HOW_MANY.search(asked))


def figure_only_in_passage(question: str, passage: str, entry: str) -> bool:
    """Does the question ask how many or what share ("how many orgs responded to HEE's consultation?"), which the
    passage states as a figure and the entry nowhere does? The entry's answer cannot hold it: the passage follows."""
    return asks_for(question) is AnswerType.number and bool(FIGURE.search(passage)) and not FIGURE.search(entry)


# What an entry's answer says first when it states nowhere what was asked (knowledge/answer.py `not_stated`), and what
# it says instead when the passage quoted after it states it ("how many action learning sets?": the entry does not
# say, its source's "participate in 3 learning sets" does; an answer saying "I don't know" above it read as false).
UNSTATED_NOTE = "I don't know {asked}: the entry below doesn't say, and your R&D office may know. What it does say:\n"
STATED_AFTER_NOTE = "The entry below doesn't say {asked}; the passage quoted after it, from a source document, does.\n"


def states_unstated(unstated: str, question: str, passage: str) -> bool:
    """Does the passage state what the entry's answer said it does not (a figure asked, a contact detail)?"""
    if unstated == "the percentage":
        return bool(STATES_SHARE.search(passage))
    if unstated == "how many":
        return counts_plainly(passage, HOW_MANY.search(question_part(question)))
    pattern = STATES_DETAIL.get(unstated.removeprefix("the "))
    return bool(pattern and pattern.search(passage))


def reply(entry_reply: dict, tier: Tier, result: DocumentResult, question: str = "") -> dict:
    """The answer as /api/answer returns it, from the entries' reply (answered or not) and the tier chosen."""
    if tier is Tier.document:
        offered = [{"entry_id": entry_reply["entry_id"], "title": entry_reply["title"]},
                   *entry_reply.get("suggestions", [])][:3] if entry_reply["answered"] else []
        return {**document_answers.compose(result, threshold=0.0), "suggestions": offered}
    if tier is Tier.both:
        extra = document_answers.supplement(result)
        text, asked = entry_reply["text"], entry_reply.get("unstated", "")
        if asked and states_unstated(asked, question, passage_text(result.hits[0])):
            text = text.replace(UNSTATED_NOTE.format(asked=asked), STATED_AFTER_NOTE.format(asked=asked), 1)
        return {**entry_reply, "tier": "entry", "text": text + extra.pop("text"), "supplement": extra}
    return {**entry_reply, "tier": "entry" if entry_reply["answered"] else None}
