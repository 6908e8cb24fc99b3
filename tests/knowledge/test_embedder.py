"""The ONNX runtime must give the vectors torch gives: thresholds and cached vectors depend on it."""

import functools
from pathlib import Path

import numpy as np
import pytest
import yaml

from knowledge import embedder

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "devset.yaml"


@pytest.fixture(scope="module")
def questions() -> list[str]:
    return [item["q"] for item in yaml.safe_load(DEVSET.read_text())]


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_onnx_vectors_equal_torch_vectors(questions):
    onnx = embedder.embed(questions, backend="onnx")
    torch = embedder.embed(questions, backend="torch")
    cosine = (onnx * torch).sum(axis=1)
    assert len(questions) > 100
    assert cosine.min() >= 0.9999, questions[int(cosine.argmin())]


def test_vectors_are_unit_length_float32_rows():
    vectors = embedder.embed(["what is RfPB?", ""], backend="onnx")
    assert vectors.shape == (2, embedder.DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, embedder.DIMENSION)


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_export_is_kept_and_reused(tmp_path):
    target = embedder.export_onnx(tmp_path / "onnx-model")
    written = (target / embedder.ONNX_FILE).stat().st_mtime_ns
    assert embedder.export_onnx(target) == target
    assert (target / embedder.ONNX_FILE).stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir()] == ["onnx-model"]  # no staging folder left behind
    assert sorted(p.name for p in (target / "onnx").iterdir()) == ["model.onnx", "model_fused.onnx"]


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_an_export_made_before_the_fused_graph_gets_it_at_next_load(tmp_path):
    target = embedder.export_onnx(tmp_path / "onnx-model")
    (target / embedder.FUSED_FILE).unlink()
    vectors = embedder.OnnxEncoder(embedder.export_onnx(target), threads=1).encode(["what is RfPB?"])
    assert (target / embedder.FUSED_FILE).is_file() and vectors.shape == (1, embedder.DIMENSION)


def test_a_text_gets_the_same_vector_alone_as_in_a_padded_batch():
    alone = embedder.embed(["protected time for research"], backend="onnx")
    batch = embedder.embed(["protected time for research", "a much longer question about which fellowships a band 6 "
                            "physiotherapist in Wales can apply for", "hi"], backend="onnx")
    assert float(alone[0] @ batch[0]) >= 0.99999
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


def test_threads_asking_for_the_model_at_once_load_it_once(monkeypatch):
    """The service's first question and the document tier's background build can ask together; the model
    is loaded once, not once per thread (two loads at once failed importing the ONNX runtime)."""
    import threading
    import time

    loads = []

    def slow_load(backend, threads, spinning):
        loads.append(backend)
        time.sleep(0.2)
        return object()

    monkeypatch.setattr(embedder, "_loaded", functools.lru_cache(maxsize=2)(slow_load))
    got = []
    workers = [threading.Thread(target=lambda: got.append(embedder._model("onnx", 1))) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert loads == ["onnx"] and len(got) == 4 and len({id(m) for m in got}) == 1


def test_a_question_searched_twice_is_embedded_once(monkeypatch):
    """An answer searches the entries and the documents with the same question: one embedding, not two."""
    calls = []
    real = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda texts, **kw: calls.append(texts) or real(texts, **kw))
    question = "is there funding for a nurse in Wales? (embedded once)"
    first = embedder.embed_query(question)
    again = embedder.embed_query(question)
    assert calls == [[question]] and again is first and not first.flags.writeable
    assert float(first @ real([question])[0]) >= 0.99999


def test_a_lone_question_gets_the_solo_threads_and_concurrent_ones_one_each(monkeypatch):
    """A question embedded while no other is uses `embedding_solo_threads` (its latency nearly halves, nothing to
    fight); one asked meanwhile uses one thread, as every question did; the torch fallback always one."""
    from knowledge.settings import Settings

    monkeypatch.setattr(embedder, "get_settings", lambda: Settings(embedding_solo_threads=2))
    monkeypatch.setattr(embedder, "_CORES", 2)
    asked: list[int | None] = []
    monkeypatch.setattr(embedder, "embed", lambda texts, backend=None, threads=None, spinning=True: (
        asked.append(threads) or np.zeros((1, embedder.DIMENSION), np.float32)))
    embedder._query_vector.cache_clear()
    embedder._query_vector("alone", "onnx")
    with embedder._question_threads("onnx"):  # another question being embedded
        embedder._query_vector("beside another", "onnx")
    embedder._query_vector("with torch", "torch")
    embedder._query_vector.cache_clear()
    assert asked == [2, 1, 1] and embedder._embedding == 0


def test_the_solo_threads_give_the_same_vectors(questions):
    one = embedder.embed(questions[:40], backend="onnx", threads=1)
    two = embedder.embed(questions[:40], backend="onnx", threads=2)
    assert ((one * two).sum(axis=1)).min() >= 0.9999


def test_one_thread_is_one_session_whatever_the_spinning(monkeypatch):
    """Questions beside others (one thread, not spinning) and bulk work on one thread share a session: each holds
    the model's ~95 MiB."""
    loads = []
    monkeypatch.setattr(embedder, "_loaded", functools.lru_cache(maxsize=4)(
        lambda backend, threads, spinning: loads.append((threads, spinning)) or object()))
    assert embedder._model("onnx", 1, spinning=False) is embedder._model("onnx", 1, spinning=True)
    assert embedder._model("onnx", 2, spinning=False) is not embedder._model("onnx", 2, spinning=True)
    assert loads == [(1, True), (2, False), (2, True)]
