"""BM25 over passages that is cheap to change one entry at a time.

bm25s precomputes every passage's score for every term when it indexes, so one
edited entry meant indexing all 45,000 passages of a 10,000-entry knowledge base
again (2.2 s). This index keeps raw term counts and scores only the question's
terms when asked, with the same formula bm25s uses by default (Lucene's: k1 1.5,
b 0.75), so an update copies the counts and counts only the changed passages.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import scipy.sparse as sp

K1 = 1.5
B = 0.75
COMMON = 1_000  # passages: a term in this many or more has its scores kept (`Bm25._weighted`)
MOST_KEPT = 64  # terms whose scores are kept at most (each up to one float per passage: 23 MB at 89,000 passages)
# A term in fewer than this share of the passages says what a text is about ("barriers", "champions"; not "staff").
DISTINCTIVE = 0.05


class Bm25:
    """Immutable: `updated` returns a new index and leaves this one to the searches still using it."""

    def __init__(self, vocabulary: dict[str, int], counts: sp.csr_matrix):
        self.vocabulary = vocabulary  # term -> column; terms no passage uses any more keep their column
        self.counts = counts  # rows: passages, columns: terms, values: how often the term occurs
        self._by_term = counts.tocsc()
        self._by_term.sort_indices()
        self.lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
        self.mean_length = float(self.lengths.mean()) if len(self.lengths) else 1.0
        # each passage's length normalisation, made once (the same float32 values `scores` made per term and question)
        self._norms = K1 * ((1 - B) + B * self.lengths / self.mean_length)
        self._weights: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # common terms' scores, made once (`_weighted`)

    @classmethod
    def index(cls, corpus: list[list[str]]) -> Bm25:
        return cls({}, sp.csr_matrix((0, 0), dtype=np.float32)).updated(np.zeros(0, dtype=bool), corpus)

    def __len__(self) -> int:
        return self.counts.shape[0]

    def updated(self, keep: np.ndarray, added: list[list[str]]) -> Bm25:
        """Keep the passages where `keep` is true (in order) and append `added` after them."""
        vocabulary = dict(self.vocabulary)
        rows: list[int] = []
        columns: list[int] = []
        values: list[int] = []
        for row, passage in enumerate(added):
            for term, count in Counter(passage).items():
                rows.append(row)
                columns.append(vocabulary.setdefault(term, len(vocabulary)))
                values.append(count)
        width = len(vocabulary)
        new = sp.csr_matrix((np.array(values, dtype=np.float32), (rows, columns)), shape=(len(added), width))
        kept = self.counts[np.flatnonzero(keep)] if len(self) else sp.csr_matrix((0, width), dtype=np.float32)
        kept = sp.csr_matrix((kept.data, kept.indices, kept.indptr), shape=(kept.shape[0], width))
        return Bm25(vocabulary, sp.vstack([kept, new], format="csr", dtype=np.float32))

    def df(self, term: str) -> int:
        """How many passages use the term."""
        column = self.vocabulary.get(term)
        return 0 if column is None else int(self._by_term.indptr[column + 1] - self._by_term.indptr[column])

    def distinctive(self, term: str) -> bool:
        """Used, but in fewer than `DISTINCTIVE` of the passages: a name word that says what a text is about."""
        return 0 < self.df(term) < DISTINCTIVE * len(self)

    def idf(self, term: str) -> float:
        """The term's inverse document frequency as `scores` weighs it (highest for a term no passage uses)."""
        df = self.df(term)
        return math.log(1 + (len(self) - df + 0.5) / (df + 0.5))

    def ranks_by(self, query: list[str]) -> bool:
        """Does any term of the query tell passages apart? One in most passages ("research" here) does not (its
        Robertson-Sparck Jones weight is not above zero): the scores it gives rank passages by their length."""
        return any(0 < self.df(term) < len(self) / 2 for term in query)

    def scores(self, query: list[str]) -> np.ndarray:
        """One score per passage; a term the question repeats counts each time, as in bm25s."""
        n = len(self)
        scores = np.zeros(n, dtype=np.float32)
        by_term = self._by_term
        for term in query:
            column = self.vocabulary.get(term)
            if column is None:
                continue
            start, end = by_term.indptr[column], by_term.indptr[column + 1]
            if start == end:
                continue
            rows, weights = self._weighted(column, start, end)
            scores[rows] += weights
        return scores

    def _weighted(self, column: int, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """The passages using a term and what it adds to each one's score. Those of a term in many passages
        ("research", "staff", "nhs": most questions ask one) are made once and kept (MOST_KEPT at most, the first
        asked; only terms in COMMON passages or more; the index is immutable), so a question only adds them up."""
        kept = self._weights.get(column)
        if kept is not None:
            return kept
        by_term, n = self._by_term, len(self)
        rows, tf = by_term.indices[start:end], by_term.data[start:end]
        df = end - start
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        weighted = (rows, (idf * tf / (self._norms[rows] + tf)).astype(np.float32))
        if df >= COMMON and len(self._weights) < MOST_KEPT:
            self._weights[column] = weighted
        return weighted
