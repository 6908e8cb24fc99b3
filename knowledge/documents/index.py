"""The document tier's search: the same hybrid machinery as the entries (MiniLM vectors in knowledge/dense.py,
knowledge/bm25.py, fused by score), over document passages.

Vectors are cached by passage text in a folder of their own (an entries build prunes its cache to the entries'
passages). Like the entries' index it is immutable: adding or retiring a document makes a new one, reusing the
vectors of every passage already embedded, and the service swaps it in.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from knowledge import embedder
from knowledge.bm25 import Bm25
from knowledge.dense import DenseIndex
from knowledge.documents.counting import HOW_MANY, counted, counts_plainly
from knowledge.documents.passages import Passage
from knowledge.documents.windows import Windows, asked_words, kind_asked, terms
from knowledge.index import EmbeddingCache, _digest
from knowledge.taxonomy import normalise_profession
from knowledge.text import tokens

CANDIDATES = 30
# Confidence as for entries (knowledge/search.py): cosine similarity of the best passage, plus lexical evidence,
# which is what separates an out-of-scope question that merely sounds like a document from one it answers.
LEXICAL_AGREEMENT_BONUS = 0.1
LEXICAL_SCORE_WEIGHT = 0.2
LEXICAL_SCORE_CAP = 12.0
# Share of the question's words a passage holds, added to the fused score: BM25 saturates on one rare word a
# passage repeats, while the passage that answers usually holds most of what was asked (docs/benchmarks.md).
COVERAGE_WEIGHT = 0.5
# The share of the question's words the passage's best window of sentences holds (knowledge/documents/windows.py),
# and the bonus of a window holding the kind of answer asked for (a number for "how many"), added the same way.
WINDOW_WEIGHT = 1.0
ANSWER_TYPE_WEIGHT = 0.1
# A passage giving a whole number of what "how many <things>" counts ("how many work packages?": "five inter-linked
# work packages"), added the same way: in a report's methods every passage holds numbers and the things' name.
COUNTED_WEIGHT = 0.5  # as much as the coverage: stating the count asked is as telling as holding its words
# How a question reports what a text says ("what % of staff said training would help?", "which fields does the CRUK
# report say are underinvested?"): no word a passage must hold (the report's quotes are full of "they say").
FRAME_WORDS = frozenset(tokens("say says said mention mentions mentioned anything something talk talks tell tells stuff"))
# Chat around a question ("were welsh staff even in that survey?", "do orgs actually count research for promotion?"):
# rare in the documents, so BM25 weighed them like a subject, and a passage that happened to use one ranked first.
DISCOURSE_WORDS = frozenset(tokens("even actually really thing things stuff reckon think tbh ppl kind sort bit lot lots "
                                   "came"))
FRAME_TERMS = frozenset(terms(" ".join(sorted((FRAME_WORDS | DISCOURSE_WORDS)
                                              - frozenset(tokens("talk talks"))))))  # "talking therapies"
def profession_terms(query: str, query_tokens: list[str]) -> list[str]:
    """The profession a question names by a short or everyday name, in the words documents use for it ("the physio
    in the case study" is the report's "physiotherapist"; "OTs" its "occupational therapists")."""
    code = normalise_profession(query)
    if code is None or code in ("other", "manager_admin"):
        return []
    named = [t for t in terms(code.replace("_", " ")) if t not in GENERIC_ROLE_TERMS]  # not "department" of an ODP
    return [] if set(named) <= set(query_tokens) else named


GENERIC_ROLE_TERMS = frozenset(terms("department admin assistant worker support staff delivery practitioner"))

# People who answered a survey are its responses, as a report counts them ("how many ppl answered the survey?": "1235
# responses"), asked of people or of no one named ("how many trusts completed the survey?" counts trusts)
SURVEY_ANSWERED = re.compile(r"\bhow many\s+(?:(?:people|ppl|staff|folk|persons|individuals|participants|professionals|"
                             r"nurses|doctors|ahps|midwives)\s+)?(?:actually\s+)?(?:answered|responded|replied|filled (?:in|"
                             r"out)|completed|took part in|returned)\b[^.?!]{0,30}\b(?:survey|questionnaire)s?\b", re.I)
RESPONSE_TERMS = terms("responses")
RESPONSE_COUNTED = tokens("response")
ANSWERING_TERMS = frozenset(terms("answered answering responded replied filled completed took part returned people "
                                  "ppl staff folk"))


def response_terms(query: str, query_tokens: list[str]) -> list[str]:
    """The words a report counts a survey's answers by, when the question asks who answered it."""
    return [t for t in RESPONSE_TERMS if t not in query_tokens] if SURVEY_ANSWERED.search(query) else []


# A passage that is the numbered part asked for ("recommendation 6": "6. We recommend ...") supports the answer fully,
# however few of the question's other words it holds.
NUMBERED_SUPPORT = 1.0


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    publisher: str | None = None
    published: str | None = None  # as the document states it: "February 2021", "2014"
    address: str | None = None
    kind: str = "text"
    reviewed: bool = False  # documents are never reviewed answers; kept explicit for the answer's note

    def citation(self) -> str:
        parts = [self.title] + [p for p in (self.publisher, self.published) if p]
        return ", ".join(parts) + (f". {self.address}" if self.address else "")

    def search_head(self) -> str:
        return self.title


@dataclass
class DocumentHit:
    passage: Passage
    document: Document
    similarity: float
    score: float


@dataclass
class DocumentResult:
    hits: list[DocumentHit]
    confidence: float
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The share of the question's words, each weighted by how rare it is in the documents, that the first passage's
    # best window of sentences holds (with the title and heading): 1.0 when the answer's sentences hold them all.
    support: float = 0.0


def search_text(passage: Passage, document: Document) -> str:
    head = " - ".join(p for p in (document.title, passage.heading) if p)
    return f"{head}. {passage.text}"


@lru_cache(maxsize=20_000)
def _passage_terms(text: str) -> tuple[str, ...]:
    """A passage's words for BM25, remembered: every new index (a document added or retired, a start) indexes
    the passages it keeps again."""
    return tuple(terms(text))


def initials(name: str) -> list[str]:
    """"HEE" for Health Education England, "UHL" for University Hospitals of Leicester, "CRUK" for Cancer Research
    UK: each part of a publisher's name by its capitals (a word in capitals whole), three letters or more."""
    found = []
    for part in [name, *re.split(r"\s+and\s+|[(),]", name)]:  # "Health and Care Research Wales" whole: HCRW
        letters = "".join(w if w.isupper() else w[0] for w in part.split() if w[:1].isupper())
        if len(letters) >= 3 and letters.isalpha() and letters not in found:
            found.append(letters)
    return found


def context(passage: Passage, document: Document) -> str:
    """What every sentence of the passage shares for the lexical side (BM25, coverage, windows, support): the
    document's title and publisher, and the passage's heading. A question names a report by its publisher ("what will
    Leicester develop?" of the University Hospitals of Leicester's strategy), which says which document, not which
    passage: held by only the passages that happen to repeat the name, it ranked them above the one that answers; so
    did the publisher's initials ("which fields does the CRUK report say are underinvested?" found the one passage
    that says "CRUK"). The passage's vector is unchanged (`search_text`)."""
    publisher = document.publisher or ""
    return " ".join(p for p in (document.title, publisher, *initials(publisher), passage.heading) if p)


def _windows(passage: Passage, documents: dict[str, Document]) -> Windows:
    return Windows.of(passage.text, context(passage, documents[passage.document_id]))


class DocumentIndex:
    def __init__(self, documents: dict[str, Document], passages: list[Passage], digests: list[str],
                 vectors: np.ndarray, windows: list[Windows | None] | None = None):
        self.documents = documents
        self.passages = passages
        self.digests = digests
        self.vectors = vectors
        self.dense = DenseIndex.build(vectors)
        words = [list(_passage_terms(f"{context(p, documents[p.document_id])}. {p.text}")) or ["_"] for p in passages]
        self.lexical = Bm25.index(words)
        self.words = [frozenset(w) for w in words]
        # Each passage's sentences, made the first time a question ranks it (only the candidates of a question
        # are looked at, and making all of them at every start was a fifth of a start's work), kept after (a new
        # index reuses those of the passages it keeps).
        self.windows: list[Windows | None] = list(windows) if windows is not None else [None] * len(passages)
        self.by_key = {p.key: i for i, p in enumerate(passages)}
        self.built_at = time.time()

    @classmethod
    def empty(cls) -> DocumentIndex:
        return cls({}, [], [], np.zeros((0, embedder.DIMENSION), np.float32))

    def with_documents(self, added: list[tuple[Document, list[Passage]]], removed: set[str] = frozenset(),
                       cache_dir=None, batch_size: int = 32, progress=None) -> DocumentIndex:
        """A new index with `added` documents (replacing any with the same id) and without `removed` ones.

        Passages already embedded (here or in the cache on disk) are not embedded again; `progress(done, total)`
        is told as the new passages are embedded, a batch at a time. What this index already holds, in its order,
        gives this index back: a start or a poll that changed no document rebuilds nothing (rebuilding the lexical
        and dense indexes over every passage was most of a start's document work).
        """
        if ([d for d, _ in added] == list(self.documents.values())
                and [p for _, ps in added for p in ps] == self.passages):
            return self
        replaced = removed | {d.id for d, _ in added}
        keep = [i for i, p in enumerate(self.passages) if p.document_id not in replaced]
        documents = {k: d for k, d in self.documents.items() if k not in replaced}
        documents.update((d.id, d) for d, _ in added)
        new = [p for _, ps in added for p in ps]
        digests = [_digest(search_text(p, documents[p.document_id])) for p in new]
        known = dict(zip(self.digests, self.vectors))
        cache = EmbeddingCache(cache_dir) if cache_dir else None
        if cache:
            known.update(cache.vectors)
        missing = list(dict.fromkeys(d for d in digests if d not in known))
        texts = {d: search_text(p, documents[p.document_id]) for d, p in zip(digests, new)}
        fresh: dict[str, np.ndarray] = {}
        for start in range(0, len(missing), batch_size * 4):
            chunk = missing[start:start + batch_size * 4]
            fresh.update(zip(chunk, embedder.embed([texts[d] for d in chunk], batch_size=batch_size)))
            if progress:
                progress(start + len(chunk), len(missing))
        if cache and fresh:
            EmbeddingCache.add(cache_dir, fresh)
        known.update(fresh)
        passages = [self.passages[i] for i in keep] + new
        all_digests = [self.digests[i] for i in keep] + digests
        vectors = (np.stack([known[d] for d in all_digests]).astype(np.float32) if all_digests
                   else np.zeros((0, embedder.DIMENSION), np.float32))
        windows = [self.windows[i] for i in keep] + [None] * len(new)
        return DocumentIndex(documents, passages, all_digests, vectors, windows)

    def windows_of(self, pid: int) -> Windows:
        made = self.windows[pid]
        if made is None:  # two threads may both make it: the same value, so either may stay
            made = self.windows[pid] = _windows(self.passages[pid], self.documents)
        return made

    def search(self, query: str, k: int = 3) -> DocumentResult:
        """The best passages for the question, and how sure the tier is of the first."""
        timings: dict[str, float] = {}
        if not self.passages:
            return DocumentResult([], 0.0, timings)
        t = time.perf_counter()
        q = embedder.embed_query(query)
        timings["embed"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        dense = self.dense.search(q, min(CANDIDATES, len(self.passages)))
        query_tokens = [t for t in terms(query) if t not in FRAME_TERMS] or terms(query)
        query_tokens += profession_terms(query, query_tokens) + response_terms(query, query_tokens)
        bm25 = self.lexical.scores(query_tokens) if query_tokens else np.zeros(len(self.passages), np.float32)
        lexical = [int(i) for i in np.argsort(-bm25, kind="stable")[:CANDIDATES] if bm25[i] > 0]
        candidates = list(dict.fromkeys([*dense, *lexical]))
        similarity = self.vectors[candidates] @ q
        best_lexical = float(bm25.max()) if lexical else 0.0
        # Questions about a document's facts share its rare words ("PARROT", "Qualtrics", "9th April"), which a
        # small embedding model blurs: the scaled BM25 score counts as much as the cosine (docs/benchmarks.md).
        asked = set(query_tokens)
        kind = kind_asked(query)
        held = asked_words(query, kind)
        how_many = HOW_MANY.search(query)
        things = counted(how_many)
        if not things and SURVEY_ANSWERED.search(query):
            # "how many people answered the survey?" counts its responses, in a report's words
            things = RESPONSE_COUNTED
            held = (held - ANSWERING_TERMS) | set(RESPONSE_TERMS)
        fused = {}
        for pid, sim in zip(candidates, similarity):
            window, typed = self.windows_of(pid).best(held, kind, ANSWER_TYPE_WEIGHT)
            fused[pid] = (float(bm25[pid]) / (best_lexical or 1.0) + float(sim)
                          + COVERAGE_WEIGHT * len(asked & self.words[pid]) / max(1, len(asked))
                          + WINDOW_WEIGHT * window + ANSWER_TYPE_WEIGHT * typed
                          + COUNTED_WEIGHT * bool(things and counts_plainly(self.passages[pid].text, how_many,
                                                                            things)))
        order = sorted(fused, key=lambda pid: -fused[pid])[:k]
        hits = [DocumentHit(self.passages[pid], self.documents[self.passages[pid].document_id],
                            round(float(self.vectors[pid] @ q), 4), round(fused[pid], 6)) for pid in order]
        timings["search"] = (time.perf_counter() - t) * 1000
        confidence = support = 0.0
        if hits:
            top = order[0]
            confidence = (hits[0].similarity + LEXICAL_AGREEMENT_BONUS * bool(lexical and lexical[0] == top)
                          + LEXICAL_SCORE_WEIGHT * min(best_lexical, LEXICAL_SCORE_CAP) / LEXICAL_SCORE_CAP)
            support = self.windows_of(top).best(held, weights={w: self.lexical.idf(w) for w in held})[0]
            numbered = {t for t in asked if "#" in t}  # "recommendation 6": the passage that is it answers
            if numbered and numbered <= self.words[top]:
                support = max(support, NUMBERED_SUPPORT)
        return DocumentResult(hits, round(confidence, 4), timings, round(support, 4))
