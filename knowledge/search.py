"""Hybrid retrieval: dense (faiss, knowledge/dense.py) and lexical (BM25) rankings and exact names, fused by RRF.

Dense retrieval finds paraphrases; BM25 and exact-name matching find acronyms
and scheme names ("P2P", "RfPB", "70@70") that a small embedding model blurs.
The confidence that decides "I don't know" is the query's cosine similarity to
the chosen entry plus evidence with learned weights (knowledge/confidence.py), raised
when the person named the entry outright.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from enum import Enum

import numpy as np

from knowledge import aspects, embedder
from knowledge import confidence as learned
from knowledge.documents.windows import AnswerType, asked_words, asks_for, holds_type, numbered_parts, terms
from knowledge.index import KnowledgeIndex, Passage
from knowledge.profile_text import asking_sentences, question_part
from knowledge.citations import catalogue
from knowledge.schema import Entry, Kind
from knowledge.taxonomy import ANY, NATIONS, bodies_named, place_nation
from knowledge.text import CHAT_FILLER, normalise, tokens, word_set

CANDIDATES = 50  # passages taken from each ranking before fusion
NAME_MATCH_CONFIDENCE = 0.9
LEXICAL_SCORE_CAP = 10.0  # BM25 scores above this are all strong evidence
ORGANISATION_CONTEXT_WORDS = 2
WHOLE_ENTRY_MARGIN = 0.1  # cosine by which an alternate question must beat every paragraph (_asked_like)
# A doctorate is what the entries call a PhD ("money for a nurse who wants to do a doctorate"): searched as both.
SAME_QUALIFICATION = {"doctorate": "phd"}
ASKED_AS_WRITTEN = 0.9  # cosine of a question to an entry's alternate question that means it was asked that way
# A question this close in meaning to an entry's passage is about it however many words of chat it carries ("I'm 3
# weeks into my job and nobody said a word about research at induction, is that meant to happen?": 0.78): the words'
# evidence only weighs on weaker likeness. Above every out-of-scope question measured (bench/out_of_scope.yaml and the
# dev set's: 0.68 at most).
SURE_SIMILARITY = 0.72
# Where someone works says who they are, not what they ask ("weather in Leicester"):
# place names steer by nation (below) but give no lexical evidence, unless part of an NHS body's name.
PLACE_WORDS = frozenset(w for names in NATIONS.values() for name in names for w in tokens(name)) - {"nhs"}


class Mode(str, Enum):
    hybrid = "hybrid"
    dense = "dense"
    bm25 = "bm25"


@dataclass
class Hit:
    entry_id: str
    title: str
    score: float  # fused rank score, only comparable within one query
    similarity: float  # cosine between the query and the entry's best passage
    named: bool  # the query contained the entry's title or a synonym
    # The paragraph to quote is chosen when first asked for: an answer quotes only the first hit's (chosen in
    # `search`), and at 10,000 entries choosing one for each of five hits was half the search's own work.
    choose: Callable[[], Passage] = field(repr=False, compare=False)

    @cached_property
    def _chosen(self) -> Passage:
        return self.choose()

    @property
    def passage(self) -> str:
        return self._chosen.text

    @property
    def passage_number(self) -> int:
        return self._chosen.number

    def as_dict(self) -> dict:
        return {"entry_id": self.entry_id, "title": self.title, "score": self.score, "similarity": self.similarity,
                "named": self.named, "passage": self.passage, "passage_number": self.passage_number}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    confidence: float
    timings_ms: dict[str, float] = field(default_factory=dict)
    aspect: str | None = None  # what the question asks about the entry (knowledge/aspects.py)
    evidence: dict[str, float] = field(default_factory=dict)  # what the hybrid's confidence weighed

    def quoted(self) -> SearchResult:
        """Every hit's paragraph chosen now, in this thread (a service reading them all does so off its event loop)."""
        for hit in self.hits:
            _ = hit.passage
        return self


def _top(scores: np.ndarray, n: int, index: KnowledgeIndex) -> list[int]:
    """Indices of the n highest scores, best first: a partial sort, not a sort of every passage. Equal scores
    (short alternate questions often tie) go by passage key, not by position, so an index updated in place
    ranks as one built from scratch."""
    top = np.arange(len(scores)) if n >= len(scores) else np.argpartition(-scores, n - 1)[:n]
    return sorted(top.tolist(), key=lambda i: (-scores[i], index.passages[i].key))


def _top_scored(scores: np.ndarray, n: int, index: KnowledgeIndex) -> list[int]:
    """`_top` of the passages scoring above zero, the only ones BM25 ranks: a partial sort of those few (a question's
    rarer words are in few passages) rather than of every passage (0.8 ms at 89,000 passages)."""
    scored = np.flatnonzero(scores > 0)
    if n < len(scored):
        scored = scored[np.argpartition(-scores[scored], n - 1)[:n]]
    return sorted(scored.tolist(), key=lambda i: (-scores[i], index.passages[i].key))


def _ranked_entries(passage_ids: list[int], index: KnowledgeIndex) -> list[str]:
    seen: dict[str, None] = {}
    for pid in passage_ids:
        seen.setdefault(index.passages[pid].entry_id, None)
    return list(seen)


# Words that ask nothing besides the organisation itself: "wait, does HEE even exist anymore?" is about HEE.
ABOUT_ITSELF = frozenset(tokens("wait even anymore any more actually really still exist exists existing around "
                                "nowadays today honestly basically hmm um "
                                "line sentence nutshell short brief briefly summary summarise summarize sum gist tldr "
                                "stand stands"))  # "what does THIS stand for?"
# How the question is put, not what it asks: "stupid question but what is THIS Institute?" ("how quick is the NIHR
# application?" and "what questions will NIHR ask?" ask about something else).
ASKING_LEAD = re.compile(r"\b(?:quick|stupid|silly|dumb|daft|random|small|odd|another)\s+(?:question|q|qu|one)\b"
                         r"(?:\s+(?:but|though|here|for you))?", re.I)


def named_entries(index: KnowledgeIndex, query: str) -> dict[str, bool]:
    """Entries whose title or synonym occurs in the query as whole words -> named specifically?

    Longest names win and matches do not overlap: "ICAP internship" is not also "ICAP".
    """
    words = normalise(query).split()
    found, taken = _names_at(index, query, words)
    # "NIHR internships for AHPs" asks about a scheme, not about the NIHR: an organisation's
    # name decides the topic only when little else is asked.
    rest = ASKING_LEAD.sub(" ", " ".join(w for i, w in enumerate(words) if i not in taken)).split()
    # ("what's THIS Institute's vision?": the "s" a contraction or a possessive leaves is no word of the question's)
    if len([t for t in tokens(" ".join(rest)) if t not in ABOUT_ITSELF and not (len(t) == 1 and t.isalpha())]) \
            > ORGANISATION_CONTEXT_WORDS:
        bodies = [e for e in found if index.entries[e].kind is Kind.organisation]
        found = {e: specific for e, specific in found.items() if e not in bodies}
        # but a scheme named after the body, asked for by the rest of its name ("mental health nurse in NHS Tayside
        # ... saw THIS Institute do fellowships - can I apply?": "THIS Institute fellowship programme")
        found.update({e: True for e in _schemes_of(index, bodies, query)})
    return found


def _schemes_of(index: KnowledgeIndex, bodies: list[str], query: str) -> set[str]:
    """The one scheme titled with a short name of a body and a word of the query's that the name lacks."""
    asked = set(tokens(query))
    found: set[str] = set()
    for body in bodies:
        called = [set(tokens(name)) for name in (index.entries[body].title, *index.entries[body].synonyms)]
        rest = asked - set().union(*called)  # "health education england's R&I strategy" asks no HEE "education"
        for own in (own for own in called if 0 < len(own) <= 2):  # "THIS Institute", "HEE"
            for other in index.titled_with.get(frozenset(own), ()):
                entry = index.entries[other]
                if other != body and entry.kind is Kind.scheme and (set(tokens(entry.title)) - own - SCHEME_ONLY) & rest:
                    found.add(other)
    return found if len(found) == 1 else set()


# Words every scheme's title may hold: one of them alone asks for no scheme named after a body ("NIHR research")
SCHEME_ONLY = frozenset(tokens("research health care nhs national"))


# The whole of it in short, of an entry named: its summary ("whats THIS Institute actually trying to do, in one line?"
# got its strategy's commitments).
SUMMARY_ASKED = re.compile(r"\b(?:in (?:one|a) (?:line|sentence|nutshell)|in short|in brief|briefly|tl;?dr|summar(?:y|ise|ize)|"
                           r"sum (?:it|them|up)|in a few words|the gist|stands? for)\b", re.I)  # "what does NIHR stand for?"


def names_in(index: KnowledgeIndex, text: str) -> dict[str, bool]:
    """Every entry the text names (-> named specifically?), organisations among many other words too: what a message
    mentions, not what it asks about (`named_entries`)."""
    return _names_at(index, text, normalise(text).split())[0]


def _names_at(index: KnowledgeIndex, query: str, words: list[str]) -> tuple[dict[str, bool], set[int]]:
    """The entries named (longest names first, not overlapping) and the word positions their names take."""
    matches = [(len(name.words), start, name)
               for start in range(len(words)) for name in index.names.at(words, start, query)]
    matches += [(len(name.words), start, name) for start in range(len(words))
                for name in index.shortened.at(words, start, query) if not index.names.extends(name.words, name.entry_id)]
    taken: set[int] = set()
    found: dict[str, bool] = {}
    for length, start, name in sorted(matches, key=lambda m: (-m[0], m[1])):
        span = set(range(start, start + length))
        if span & taken:
            continue
        taken |= span
        found[name.entry_id] = found.get(name.entry_id, False) or name.specific
    return found, taken


def _asked_as_written(index: KnowledgeIndex, dense: list[int], q: np.ndarray) -> str | None:
    """The entry whose alternate question was asked almost word for word ("what is a clinical academic?"), when
    no other entry comes close: rank fusion alone lets two middling rankings of other entries outvote it."""
    if not dense or not index.passages[dense[0]].question:
        return None
    entry_id = index.passages[dense[0]].entry_id
    sims = index.vectors[dense] @ q
    if sims[0] < ASKED_AS_WRITTEN:
        return None
    others = [float(s) for pid, s in zip(dense, sims) if index.passages[pid].entry_id != entry_id]
    return entry_id if not others or sims[0] - max(others) >= WHOLE_ENTRY_MARGIN else None


def name_tokens(entry: Entry) -> set[str]:
    """The words of the entry's title and synonyms, folded as questions are."""
    return {t for name in entry.names for t in tokens(name)}


def _only_names(entry: Entry, query: str) -> bool:
    """Does the question say little beyond the entry's name ("what's P2P?", "tell me about ICAP")?"""
    name_words = name_tokens(entry)
    return len([t for t in tokens(query) if t not in name_words]) <= 1


def _asked_like(index: KnowledgeIndex, entry: Entry, query: str, pids: list[int], sims: np.ndarray,
                quotable: list[int]) -> int | None:
    """The entry's alternate question the query is far closer to than to any of its paragraphs ("I'm new, what
    should I know about research?" against "Where do I begin?"), when the question's own words tell no paragraph
    apart: a paragraph that shares a word or two with the query answers it worse than the paragraph that alternate
    question is closest to."""
    asked = [(float(s), pid) for pid, s in zip(pids, sims) if index.passages[pid].question]
    stated = [float(s) for pid, s in zip(pids, sims) if not index.passages[pid].question]
    if not asked or not stated:
        return None
    closest, pid = max(asked)
    if closest - max(stated) < WHOLE_ENTRY_MARGIN:
        return None
    told_apart = len(set(_asked_shares(entry, query, [index.passages[p].text for p in quotable]))) > 1
    return None if told_apart else pid


def _stood_for(index: KnowledgeIndex, quotable: list[int], like: int) -> int:
    """The passage an alternate question stands for: the one closest to it, or the summary (the entry's first passage,
    its whole answer in short) unless that one is clearly closer ("where do I start with research?" got the paragraph
    on mentors, 0.09 closer to "Where do I begin?" than the summary naming the R&D office first)."""
    sims = index.vectors[quotable] @ index.vectors[like]
    closest = int(np.argmax(sims))
    return quotable[closest] if sims[closest] - sims[0] >= WHOLE_ENTRY_MARGIN else quotable[0]


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    """Lower-case words only, remembered (the same entries are checked whenever a body is named)."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


# Entries whose text a search reads for what the question names (an NHS body, a numbered part): the best fused only.
# Reading every candidate's text cost 5 to 50 ms a question at 10,000 entries; a body-named entry ranked below 20th
# could be lifted into the five by its boost, but on the 44 body-named questions tried the five were the same.
READ_LEADING = 20


def _leading(fused: dict[str, float]) -> list[str]:
    return sorted(fused, key=lambda e: -fused[e])[:READ_LEADING]


def _plain_text(entry: Entry) -> str:
    return f" {_plain(' '.join([entry.title, entry.summary, entry.body, *entry.synonyms]))} "


def mentions_body(entry: Entry, bodies: list[str], index: KnowledgeIndex | None = None) -> bool:
    """Does the entry name one of these NHS bodies ("Guy's and St Thomas'" as "guys and st thomas")? With its index,
    the entry's text is read once."""
    text = index.read_once(entry.id, _plain_text) if index is not None else _plain_text(entry)
    return any(f" {_plain(body)} " in text for body in bodies)


def _prefer_nation(index: KnowledgeIndex, nation: str | None, fused: dict[str, float], weight: float,
                   bodies: list[str], named: dict[str, bool]) -> None:
    """"Physio in Glasgow" wants the Scottish scheme: favour entries for the nation named, not others. An NHS body
    named ("NHS Lanarkshire") favours the entries that name it as much as its nation's. An entry the question names
    is what is asked about, wherever it is open: it is not pushed down ("I work in England, is there an English version of the Welsh
    Pathway to Portfolio scheme?" was answered by the RSS, the scheme named having lost what naming it gained)."""
    if not nation and not bodies:
        return
    leading = set(_leading(fused))
    for entry_id in fused:
        entry = index.entries[entry_id]
        if bodies and entry_id in leading and mentions_body(entry, bodies, index):
            fused[entry_id] += weight
        elif nation and ANY not in entry.nations and nation in entry.nations:
            fused[entry_id] += weight
        elif nation and ANY not in entry.nations and entry_id not in named:
            fused[entry_id] -= weight


def _other_numbered_part(index: KnowledgeIndex, query: str, fused: dict[str, float], weight: float) -> None:
    """"What is objective two of HEE's strategy?" is not answered by the entry on Objective Three, however alike the
    two read to the embedding: an entry that numbers the same kind of part, but never the one asked for, goes down."""
    asked = {t for t in terms(query) if "#" in t}
    if not asked:
        return
    labels = {t.split("#")[0] for t in asked}
    for entry_id in _leading(fused):
        held = index.read_once(entry_id, _numbered_parts)
        if not held & asked and any(t.split("#")[0] in labels for t in held):
            fused[entry_id] -= weight


LEADING = 3  # the topic's entry must already be among the first this many


def _topic_of_a_named_source(index: KnowledgeIndex, query: str, fused: dict[str, float], named: dict[str, bool],
                             weight: float, rrf_k: int, exclude: frozenset[str]) -> str | None:
    """"what does the Creating Time for Research report say about research champions?", "what were the biggest
    barriers in the CRUK report?": the entry on the topic asked, which cites the report or strategy named, rather than
    that report's own entry (its name adds a ranking of its own, and the two tied: the report's summary answered)."""
    leading = sorted(fused, key=lambda e: -fused[e])[:LEADING]
    # named by its own name (True), not by a topic word it shares ("barriers": the barriers entry, not a source); the
    # topic may already lead ("according to the CRUK report what's the biggest barrier?")
    as_a_document = bool(AS_A_DOCUMENT.search(query))
    source = next((index.entries[e] for e in (leading if as_a_document else leading[:1]) if named.get(e)
                   and index.entries[e].kind in (Kind.strategy, Kind.evidence)), None)
    if source is None:
        return None
    documents = {s.document for s in source.sources}
    unnamed = without_names(index, query, {source.id: True})
    rest = set(tokens(unnamed))
    citing = [e for e in leading if e != source.id and any(s.document in documents for s in index.entries[e].sources)]
    # an entry the question names besides the source is its topic ("... clinical academic careers framework" of HEE's)
    for entry_id in [e for e in citing if e in named] or citing:
        if shared := {t for t in name_tokens(index.entries[entry_id]) if index.lexical.distinctive(t)} & rest:
            if not as_a_document or not {t for t in shared if t.isalpha() and len(t) > 3} - TOPIC_FRAME - CAME_ACROSS \
                    - NO_TOPIC:
                # ("multi-professional clinical academic careers framework" is no document; "i read something about a
                # cruk report" and "the 2.4% figure in the CRUK report" name no topic by "read" or "4")
                fused[entry_id] += weight
                return None
            # named as a document, above it however far below it the topic ranked ("according to the cruk creating
            # time for research report whats the biggest barrier": the report's summary answered)
            fused[entry_id] = max(fused[entry_id] + weight, fused[source.id] + weight / 100)
            return entry_id
    # in words of its own ("what did the CRUK 'Creating Time for Research' report find stops people doing research?"):
    # the topic the question finds without the name, when search is sure of it and it cites the report (a second
    # search, embedding the shorter question: only for a report or strategy named as a document with a topic besides)
    if leading[0] != source.id or not as_a_document or len(rest - TOPIC_FRAME) < TOPIC_WORDS \
            or source.id in named_entries(index, unnamed):
        return None  # (named twice, it would be searched for again)
    topic = search(index, unnamed, k=1, rrf_k=rrf_k, exclude=exclude)
    found = index.entries[topic.hits[0].entry_id] if topic.hits else None
    if found is not None and found.id != source.id and topic.confidence >= TOPIC_CONFIDENCE \
            and any(s.document in documents for s in found.sources):
        fused[found.id] = max(fused[found.id], fused[source.id]) + weight / 100
    return None


# A question about a report's finding in words of its own: at least this many words besides the report's name and
# words that only frame it, and a search without the name this sure of its topic.
TOPIC_FRAME = frozenset(tokens("find found finding findings say said report strategy document paper study survey "
                               "show shows showed research method methods methodology use used author authors wrote "
                               "write written publish published commission commissioned aim aims purpose sample "
                               "interview interviews participants conclude conclusion summary recommend "
                               "recommendations page pages long"))
TOPIC_WORDS = 2
CAME_ACROSS = frozenset(tokens("read heard saw seen came across mentioned"))  # how the writer met the report
# Words of a name that say how, not what ("which trusts do well?" names no "well-led" entry's topic)
NO_TOPIC = frozenset(tokens("well good best better most more much many way ways work works working help helps make "
                            "makes made take takes need needs want wants give gives get gets keep"))
# The name said as a document's ("the Creating Time for Research report"), not a topic's ("biggest barriers to doing
# research in the nhs" names the barriers' entry, whose sources are the report's too)
AS_A_DOCUMENT = re.compile(r"\b(?:report|strategy|document|paper|publication)\b", re.I)
TOPIC_CONFIDENCE = 0.45


def _numbered_parts(entry: Entry) -> frozenset[str]:
    """The numbered parts an entry names ("recommendation#6", "objective#3")."""
    return numbered_parts(" ".join([entry.title, entry.summary, entry.body, *entry.synonyms]))


YEAR = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?\b")


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    """A paragraph's or name's words as the document tier folds them, remembered (the same paragraphs every question)."""
    return frozenset(terms(text))


@lru_cache(maxsize=256)
def _names(names: tuple[str, ...]) -> tuple[re.Pattern, frozenset[str]]:
    """An entry's names, and each part of one in brackets ("THIS Institute (The Healthcare...)"), as one pattern to
    cut them out of its text, and their words."""
    parts = sorted({p.strip() for n in names for p in re.split(r"[()]", n) if p.strip()}, key=len, reverse=True)
    return (re.compile("|".join(map(re.escape, parts)), re.IGNORECASE),
            frozenset(w for part in parts for w in _words(part)))


def without_names(index: KnowledgeIndex, query: str, named: dict[str, bool]) -> str:
    """The question less the names it uses: "Research for Patient Benefit" asks for no benefits. A name that a removed
    one stood inside is removed too ("the CRUK creating time for research report": "CRUK report")."""
    for entry_id in named:
        names = _names(tuple(index.entries[entry_id].names))[0]
        while (fewer := " ".join(names.sub(" ", query).split())) != " ".join(query.split()):
            query = fewer
    return query


@lru_cache(maxsize=8192)
def _holds(text: str, names: tuple[str, ...], kind: AnswerType) -> bool:
    """Does the text hold the kind of answer asked for, beyond the entry's own names (and, for a count, its years)?"""
    rest = _names(names)[0].sub(" ", text)
    if kind is AnswerType.number:  # "how many?" is not answered by a year ("in 2023 they were renamed")
        rest = YEAR.sub(" ", rest)
    return holds_type(rest, kind)


def _asked_shares(entry: Entry, query: str, texts: list[str]) -> list[tuple[float, bool]]:
    """For each paragraph: how much of what the question asks beyond the entry's name it holds, and whether it holds
    the kind of answer asked for ("when" a date, "who" a name other than the entry's own), which only breaks ties
    (entries date their sources: "the 2021 report" answers no "when").

    Every paragraph is indexed with the entry's names in front, so the name's words, most of a question like
    "when did the Leading Cultures of Research programme start?", rank the paragraphs by length: the shortest one
    that repeats the name (a note that the page is archived) won over the one that says when it started."""
    # what the sentences that ask ask, not the story around them ("I'm putting together a business case for our R&D
    # committee ... How many people answered it and when did it run?" quoted the paragraph on regional inequality)
    query = asking_sentences(query)
    kind = asks_for(query)
    names = tuple(entry.names)
    words = [_words(t) for t in texts]
    shared = frozenset.intersection(*words) if words else frozenset()  # in every paragraph: tells none apart
    asked = asked_words(query, kind) - _names(names)[1] - shared - RELAYED
    return [(len(asked & held) / len(asked) if asked else 0.0,
             kind is AnswerType.other or _holds(text, names, kind)) for text, held in zip(texts, words)]


# Who sent the writer here and how ("my preceptor said to ask you about research?? no idea where to start"): no part of
# what is asked; "ask" chose the paragraph ending "ask your R&D office what is open now" over the entry's summary.
RELAYED = frozenset(terms("ask asked asking said told tell telling suggested"))


def _asks_beyond(entry: Entry, query: str, texts: list[str]) -> bool:
    """Does the one word besides the name ask for a paragraph other than the summary ("what do THIS Institute
    value?" for the paragraph on its values, "how many AHSNs were there?" for the one with a number)? "Who are
    the CSGs?" asks what the summary says, not for a paragraph with more names in it."""
    identity = asks_for(query) is AnswerType.name
    shares = [(share, typed and not identity) for share, typed in _asked_shares(entry, query, texts)]
    return len(shares) > 1 and max(shares[1:]) > shares[0]


def _best_passage(index: KnowledgeIndex, entry: Entry, pids: list[int], passage_score: dict[int, float],
                  q: np.ndarray, query: str, aspect: aspects.Aspect | None) -> int:
    """The paragraph to quote: the one that answers what is asked (who can apply, how much...), else the one that
    holds most of what the question asks beyond the entry's name, else the one the rankings put first."""
    texts = [index.passages[p].text for p in pids]
    relevance = [(share, typed, passage_score.get(pid, 0.0), float(index.vectors[pid] @ q))
                 for (share, typed), pid in zip(_asked_shares(entry, query, texts), pids)]
    chosen = aspects.best_paragraph(aspect, texts, relevance) if aspect else None
    return pids[chosen if chosen is not None else max(range(len(pids)), key=relevance.__getitem__)]


def words_held(index: KnowledgeIndex, entry_id: str, exclude: frozenset[str] = frozenset()) -> set[str]:
    """Every word the entry's searched passages use (its text, names and alternate questions)."""
    entry = index.entries[entry_id]
    return set().union(*(word_set(index.passages[pid].search_text(entry))
                         for pid in index.passage_ids[entry_id] if index.passages[pid].key not in exclude))


# The words of a publisher's name that make its initials ("Cancer Research UK" -> "cruk", "Health Education England" ->
# "hee"); joining words are left out.
JOINING = frozenset({"of", "and", "the", "for", "in", "&"})


def cited_words(entry: Entry) -> frozenset[str]:
    """The words that name the documents the entry cites, and their publishers' initials: "in the cruk/kent staff
    survey what were the biggest barriers people picked?" names the report the barriers' entry cites (its coverage
    counted "cruk" and "kent" against it, and the answer was "I don't know")."""
    found: set[str] = set()
    for source in entry.sources:
        title = catalogue().get(source.document, source.document)
        found |= set(tokens(title))
        publishers = re.sub(r"\([^)]*\)", " ", title.split(",")[0])
        # the whole ("Health and Care Research Wales" -> "hcrw") and each of several ("Cancer Research UK and
        # University of Kent" -> "cruk")
        for publisher in {publishers, *re.split(r"\band\b", publishers)}:
            words = [w for w in re.findall(r"[A-Za-z]+", publisher) if w.lower() not in JOINING]
            if len(words) > 1 and all(w[0].isupper() for w in words):
                found |= set(tokens("".join(w if w.isupper() else w[0] for w in words)))
    return frozenset(found)


def _coverage(index: KnowledgeIndex, entry_id: str, query_tokens: list[str], exclude: frozenset[str]) -> float:
    """How many of the question's words the entry uses at all (not its chat: "ok, can I at least get a mentor?"), the
    names of the documents it cites among them."""
    query_tokens = [t for t in query_tokens if t not in CHAT_FILLER]
    entry_words = words_held(index, entry_id, exclude) | index.read_once(entry_id, cited_words)
    return sum(t in entry_words for t in query_tokens) / len(query_tokens) if query_tokens else 0.0


# Fused scores closer than this are a tie for the first place: two rankings' swap of entries far down one list
# ("what are HEE's four objectives?": 0.032266 against 0.032258); one rank apart near the top differs by 1e-4 or more.
NEAR_TIE = 2e-5


def _ties_by_coverage(index: KnowledgeIndex, order: list[str], fused: dict[str, float], query_tokens: list[str],
                      exclude: frozenset[str]) -> list[str]:
    """Entries the rankings tie on for first place (one first by meaning, the other by words: "what does UHL want to do for
    under-served communities?"), the one that uses more of the question's words first; otherwise the tie went to
    whichever ranking was fused first."""
    if len(order) < 2 or fused[order[0]] - fused[order[1]] > NEAR_TIE:
        return order
    tied = [e for e in order if fused[order[0]] - fused[e] <= NEAR_TIE]
    coverage = {e: _coverage(index, e, query_tokens, exclude) for e in tied}
    return sorted(tied, key=lambda e: -coverage[e]) + [e for e in order if e not in coverage]


def _evidence(index: KnowledgeIndex, query_tokens: list[str], top: Hit, lexical_top: str | None, lexical_max: float,
              exclude: frozenset[str]) -> dict[str, float]:
    """What, besides the similarity, tells an answerable question from one the knowledge base does not cover:
    BM25 agreeing, how strongly, and how many of the question's words the chosen entry uses at all."""
    return {
        "lexical_agreement": float(lexical_top == top.entry_id),
        "lexical_score": min(lexical_max, LEXICAL_SCORE_CAP) / LEXICAL_SCORE_CAP,
        "coverage": _coverage(index, top.entry_id, query_tokens, exclude),
    }


def search(index: KnowledgeIndex, query: str, k: int = 5, rrf_k: int = 60, mode: Mode = Mode.hybrid,
           exclude: frozenset[str] = frozenset(), nation: str | None = None) -> SearchResult:
    """`exclude`: passage keys to search as if absent (fitting on an alternate question without itself); `nation`:
    the nation to favour when the query itself names none (the rest of the person's message named it)."""
    timings: dict[str, float] = {}
    if not index.passages:
        return SearchResult(query, [], 0.0, timings)

    t = time.perf_counter()
    q = embedder.embed_query(query)  # the model copes with typos itself; BM25 needs them corrected
    timings["embed"] = (time.perf_counter() - t) * 1000

    t = time.perf_counter()
    n = min(CANDIDATES, len(index.passages))
    dense = [pid for pid in index.dense.search(q, n + len(exclude)) if index.passages[pid].key not in exclude][:n]
    timings["faiss"] = (time.perf_counter() - t) * 1000

    t = time.perf_counter()
    corrected = index.speller.correct(query) if mode is Mode.hybrid else query
    timings["spell"] = (time.perf_counter() - t) * 1000  # typo correction for BM25

    t = time.perf_counter()
    query_tokens = tokens(corrected)
    if mode is Mode.hybrid:
        bodies = bodies_named(question_part(corrected))  # a body asked about, not where the writer works
        body_words = set(tokens(" ".join(bodies)))
        query_tokens = [t for t in query_tokens if t not in PLACE_WORDS or t in body_words]
        query_tokens += [same for t in query_tokens if (same := SAME_QUALIFICATION.get(t)) and same not in query_tokens]
    lexical: list[int] = []
    bm25_scores = np.zeros(len(index.passages), dtype=np.float32)
    # Words only found in most passages ("why would I bother with research?": "research") rank nothing.
    unranked = bool(query_tokens) and not index.lexical.ranks_by(query_tokens)
    if query_tokens and not unranked:
        bm25_scores = index.lexical.scores(query_tokens)
        for pid in _passages(index, exclude):
            bm25_scores[pid] = 0.0
        lexical = _top_scored(bm25_scores, n, index)
    timings["bm25"] = (time.perf_counter() - t) * 1000

    t = time.perf_counter()
    named: dict[str, bool] = {}
    if mode is Mode.hybrid:  # "research for patient benifit" names RfPB once its typo is corrected
        named = named_entries(index, query)
        for entry_id, specific in named_entries(index, corrected).items():
            named[entry_id] = named.get(entry_id, False) or specific
    rankings = {Mode.dense: [dense], Mode.bm25: [lexical], Mode.hybrid: [dense, lexical]}[mode]
    fused: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, entry_id in enumerate(_ranked_entries(ranking, index)):
            fused[entry_id] += 1.0 / (rrf_k + rank + 1)
    for rank, entry_id in enumerate(named):
        fused[entry_id] += 1.0 / (rrf_k + rank + 1)
    if mode is Mode.hybrid and (asked := _asked_as_written(index, dense, q)) is not None:
        fused[asked] += 1.0 / (rrf_k + 1)
    topic = None  # the topic of a report or strategy named, by a word of its name
    if mode is Mode.hybrid:
        _prefer_nation(index, place_nation(corrected) or nation, fused, 1.0 / (rrf_k + 1), bodies, named)
        _other_numbered_part(index, query, fused, 1.0 / (rrf_k + 1))
        topic = _topic_of_a_named_source(index, query, fused, named, 1.0 / (rrf_k + 1), rrf_k, exclude)
    order = sorted(fused, key=lambda e: -fused[e])[:k]
    if mode is Mode.hybrid:
        order = _ties_by_coverage(index, order, fused, query_tokens, exclude)

    # Best passage of each chosen entry: passage-level fusion of the same rankings.
    passage_score: dict[int, float] = defaultdict(float)
    for ranking in rankings:
        for rank, pid in enumerate(ranking):
            passage_score[pid] += 1.0 / (rrf_k + rank + 1)
    aspect = aspects.asked(without_names(index, query, named))

    def chooser(entry_id: str, pids: list[int], entry_sims: np.ndarray) -> Callable[[], Passage]:
        def choose() -> Passage:
            entry = index.entries[entry_id]
            quotable = [pid for pid in pids if not index.passages[pid].question]
            if named.get(entry_id) and (SUMMARY_ASKED.search(query) and not aspect or _only_names(entry, query) and not aspect
                                        and not _asks_beyond(entry, query, [index.passages[p].text for p in quotable])):
                best = quotable[0]  # "what is ICAP?", "what's THIS Institute trying to do, in one line?": the summary
            elif not aspect and (like := _asked_like(index, entry, query, pids, entry_sims, quotable)) is not None:
                best = _stood_for(index, quotable, like)
            else:
                best = _best_passage(index, entry, quotable, passage_score, q, query, aspect)
            return index.passages[best]
        return choose

    hits = []
    for entry_id in order:
        pids = [pid for pid in index.passage_ids[entry_id] if index.passages[pid].key not in exclude]
        entry_sims = index.vectors[pids] @ q  # alternate questions count: a question asked their way is close
        hits.append(Hit(entry_id, index.entries[entry_id].title, round(fused[entry_id], 6),
                        round(float(entry_sims.max()), 4), named.get(entry_id, False),
                        chooser(entry_id, pids, entry_sims)))
    if hits:
        _ = hits[0].passage  # the answer quotes it: chosen here, and timed with the search
    timings["fusion"] = (time.perf_counter() - t) * 1000

    confidence = 0.0
    evidence: dict[str, float] = {}
    if hits:
        top = hits[0]
        lexical_max = float(bm25_scores.max())
        if mode is Mode.bm25:
            confidence = lexical_max
        elif mode is Mode.dense:
            confidence = top.similarity
        else:
            lexical_top = index.passages[lexical[0]].entry_id if lexical else None
            evidence = _evidence(index, query_tokens, top, lexical_top, lexical_max, exclude)
            if unranked and any(index.lexical.df(t) for t in query_tokens):  # no lexical evidence, for or against
                evidence.update(learned.usual(("lexical_agreement", "lexical_score")))
            confidence = learned.score(top.similarity, evidence)
            if top.similarity >= SURE_SIMILARITY:
                confidence = max(confidence, top.similarity)
            # named, or the topic of a report or strategy named, by a word of its own name ("according to the CRUK
            # report what's the biggest barrier?": the barriers entry, with little else of the question its words)
            confidence = max(confidence, NAME_MATCH_CONFIDENCE if top.named or top.entry_id == topic else 0.0)
    return SearchResult(query, hits, round(confidence, 4), timings, aspect.name if aspect else None, evidence)


def _passages(index: KnowledgeIndex, keys: frozenset[str]) -> list[int]:
    return [pid for key in keys for pid in index.passage_ids.get(key.rpartition("#")[0], ())
            if index.passages[pid].key == key]
