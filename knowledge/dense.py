"""Dense search over passage vectors: exact while small, a faiss IVF index once large.

Exact (flat) search reads every vector for every question: 5 to 10 ms at 45,000 passages on
these machines, half the 20 ms a search may take. Past `IVF_FROM` passages an inverted-file
index scans only the clusters nearest the question (docs/benchmarks.md measures its recall
against exact search). The IVF holds its vectors in half precision, half the memory to read per
question, and the passages it finds are scored again exactly from the full vectors, so scores
and order are those of exact search over what it found. Training it takes seconds, too slow for publishing one entry, so the IVF
keeps the passages of the last full build: passages added since are searched exactly in a small
flat "delta" beside it, and passages removed since are masked out of its results. The next full
build (a restart, "reindex") folds the delta in.
"""

from __future__ import annotations

import math
import os

import faiss
import numpy as np

IVF_FROM = 20_000  # passages; below this exact search costs under ~3 ms
# Share of the clusters scanned per question. At 10,000 entries (87,558 passages, 591 clusters), against exact
# search's 9.7 ms: 10% gives recall@10 0.983 in 1.1 ms but a different first answer for 1% of questions; 30% gives
# 0.995 in 3.2 ms and the same first answers. An HNSW graph was no better (0.986 in 1.1 ms at 48 links and breadth
# 512, after a 24 s build). docs/benchmarks.md.
PROBED_SHARE = 0.3

# One question at a time is too little work to share: with faiss's default OpenMP team (one thread per
# core) a flat search over 45,000 passages took 15 ms (p95 24 ms) on the 2-core machines when the
# cores were busy, against 5 ms (p95 6.5 ms) on one thread (docs/benchmarks.md). Requests run in
# parallel in the service's thread pool instead.
faiss.omp_set_num_threads(1)


class DenseIndex:
    """Immutable: `updated` returns a new one sharing the IVF, and searches in flight keep theirs."""

    def __init__(self, vectors: np.ndarray, ivf: faiss.Index | None, base_position: np.ndarray):
        self.vectors = vectors  # every passage's, by position now (the knowledge index's own array, not a copy)
        self.ivf = ivf  # over the passages of the last full build, by their position then
        self.base_position = base_position  # that build's passage -> its position now, or -1 if removed
        self.removed = int((base_position < 0).sum())
        # Positions [0, delta_start) hold the build's passages still present, in order; later ones are new.
        self.delta_start = len(base_position) - self.removed if ivf is not None else 0
        self.flat = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors) > self.delta_start:
            self.flat.add(np.ascontiguousarray(vectors[self.delta_start:]))

    @classmethod
    def build(cls, vectors: np.ndarray, ivf_from: int = IVF_FROM, probed_share: float = PROBED_SHARE) -> DenseIndex:
        n, dimension = vectors.shape
        if n < ivf_from:
            return cls(vectors, None, np.zeros(0, dtype=np.int64))
        clusters = int(2 * math.sqrt(n))
        ivf = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dimension), dimension, clusters,
                                            faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # training is one big job: every core
        try:
            ivf.train(vectors)
            ivf.add(vectors)
        finally:
            faiss.omp_set_num_threads(1)
        ivf.nprobe = max(1, round(clusters * probed_share))
        return cls(vectors, ivf, np.arange(n, dtype=np.int64))

    @property
    def exact(self) -> bool:
        return self.ivf is None

    def updated(self, keep: np.ndarray, vectors: np.ndarray) -> DenseIndex:
        """After the passages where `keep` is false were removed and new ones appended (`vectors` is all of them)."""
        if self.ivf is None:
            return DenseIndex(vectors, None, self.base_position)
        now = np.cumsum(keep) - 1  # each kept passage's new position
        alive = self.base_position >= 0
        safe = np.where(alive, self.base_position, 0)
        position = np.where(alive & keep[safe], now[safe], -1)
        return DenseIndex(vectors, self.ivf, position)

    def search(self, query: np.ndarray, n: int) -> list[int]:
        """Positions of up to n passages, most similar first."""
        found: list[tuple[float, int]] = []
        if self.ivf is not None:
            _, ids = self.ivf.search(query[None, :], n + min(self.removed, n))  # room for masked ones
            positions = [int(self.base_position[i]) for i in ids[0] if i >= 0 and self.base_position[i] >= 0]
            found += zip((self.vectors[positions] @ query).tolist(), positions)  # exact scores, not half precision's
        if self.flat.ntotal:
            scores, ids = self.flat.search(query[None, :], min(n, self.flat.ntotal))
            found += [(s, self.delta_start + int(i)) for s, i in zip(scores[0], ids[0]) if i >= 0]
        found.sort(key=lambda hit: -hit[0])
        return [position for _, position in found[:n]]
