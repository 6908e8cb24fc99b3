"""Dense search over passage vectors: exact while small, an approximate faiss index once large.

Exact (flat) search reads every vector for every question: 5 to 10 ms at 45,000 passages on
these machines, half the 20 ms a search may take. Past `APPROXIMATE_FROM` passages an approximate
index answers instead: an HNSW graph (visits a few hundred vectors) or an inverted file (scans the
clusters nearest the question); docs/benchmarks.md measures both against exact search. Building
either takes seconds, too slow for publishing one entry, so it keeps the passages of the last full
build: passages added since are searched exactly in a small flat "delta" beside it, and passages
removed since are masked out of its results. The next full build (a restart, "reindex") folds the
delta in.
"""

from __future__ import annotations

import math
import os
from enum import Enum

import faiss
import numpy as np

APPROXIMATE_FROM = 20_000  # passages; below this exact search costs under ~3 ms


class Approximate(str, Enum):
    hnsw = "hnsw"
    ivf = "ivf"


APPROXIMATE = Approximate.hnsw
# IVF: share of the clusters scanned per question. At 10,000 entries (45,000 passages, 423 clusters): 6% gave
# recall@10 0.94 against exact search, 30% gives 0.995 in 1.9 ms against exact search's 5.8 ms.
PROBED_SHARE = 0.3
# HNSW: links per vector, and how many candidates a build and a search keep (faiss's defaults are 40 and 16).
HNSW_LINKS = 32
HNSW_BUILD_BREADTH = 80
HNSW_SEARCH_BREADTH = 128

# One question at a time is too little work to share: with faiss's default OpenMP team (one thread per
# core) a flat search over 45,000 passages took 15 ms (p95 24 ms) on the 2-core machines when the
# cores were busy, against 5 ms (p95 6.5 ms) on one thread (docs/benchmarks.md). Requests run in
# parallel in the service's thread pool instead.
faiss.omp_set_num_threads(1)


def _approximate(vectors: np.ndarray, kind: Approximate) -> faiss.Index:
    n, dimension = vectors.shape
    if kind is Approximate.hnsw:
        index = faiss.IndexHNSWFlat(dimension, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_BREADTH
        index.add(vectors)
        index.hnsw.efSearch = HNSW_SEARCH_BREADTH
        return index
    clusters = int(2 * math.sqrt(n))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, clusters, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.add(vectors)
    index.nprobe = max(1, round(clusters * PROBED_SHARE))
    return index


class DenseIndex:
    """Immutable: `updated` returns a new one sharing the approximate index, and searches in flight keep theirs."""

    def __init__(self, vectors: np.ndarray, approximate: faiss.Index | None, base_position: np.ndarray):
        self.approximate = approximate  # over the passages of the last full build, by their position then
        self.base_position = base_position  # that build's passage -> its position now, or -1 if removed
        self.removed = int((base_position < 0).sum())
        # Positions [0, delta_start) hold the build's passages still present, in order; later ones are new.
        self.delta_start = len(base_position) - self.removed if approximate is not None else 0
        self.flat = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors) > self.delta_start:
            self.flat.add(np.ascontiguousarray(vectors[self.delta_start:]))

    @classmethod
    def build(cls, vectors: np.ndarray, approximate_from: int = APPROXIMATE_FROM,
              kind: Approximate = APPROXIMATE) -> DenseIndex:
        n = len(vectors)
        if n < approximate_from:
            return cls(vectors, None, np.zeros(0, dtype=np.int64))
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # building is one big job: every core
        try:
            approximate = _approximate(np.ascontiguousarray(vectors), kind)
        finally:
            faiss.omp_set_num_threads(1)
        return cls(vectors, approximate, np.arange(n, dtype=np.int64))

    def describe(self) -> str:
        if self.approximate is None:
            return "exact"
        if isinstance(self.approximate, faiss.IndexHNSWFlat):
            return f"HNSW, {HNSW_LINKS} links, breadth {self.approximate.hnsw.efSearch}"
        return f"IVF, {self.approximate.nlist} clusters, {self.approximate.nprobe} probed"

    @property
    def exact(self) -> bool:
        return self.approximate is None

    def updated(self, keep: np.ndarray, vectors: np.ndarray) -> DenseIndex:
        """After the passages where `keep` is false were removed and new ones appended (`vectors` is all of them)."""
        if self.approximate is None:
            return DenseIndex(vectors, None, self.base_position)
        now = np.cumsum(keep) - 1  # each kept passage's new position
        alive = self.base_position >= 0
        safe = np.where(alive, self.base_position, 0)
        position = np.where(alive & keep[safe], now[safe], -1)
        return DenseIndex(vectors, self.approximate, position)

    def search(self, query: np.ndarray, n: int) -> list[int]:
        """Positions of up to n passages, most similar first."""
        found: list[tuple[float, int]] = []
        if self.approximate is not None:
            scores, ids = self.approximate.search(query[None, :], n + min(self.removed, n))  # room for masked ones
            found += [(s, int(self.base_position[i])) for s, i in zip(scores[0], ids[0])
                      if i >= 0 and self.base_position[i] >= 0]
        if self.flat.ntotal:
            scores, ids = self.flat.search(query[None, :], min(n, self.flat.ntotal))
            found += [(s, self.delta_start + int(i)) for s, i in zip(scores[0], ids[0]) if i >= 0]
        found.sort(key=lambda hit: -hit[0])
        return [position for _, position in found[:n]]
