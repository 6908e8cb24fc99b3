"""`python -m knowledge build`: the entries' index and the source documents' vectors, so nothing is embedded at start."""

import shutil

import numpy as np

from knowledge import cli
from knowledge.documents.index import DocumentIndex
from knowledge.documents.seeds import seed_documents
from knowledge.settings import get_settings


def test_build_fills_the_document_tiers_cache_with_every_source_passage(tmp_path, monkeypatch, settings, capsys):
    """Copied caches make it quick; what is missing from them is embedded, and a second build embeds nothing."""
    if settings.index_dir.exists():
        shutil.copytree(settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns("onnx-model"))
    monkeypatch.setenv("NHSBOT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert cli.main(["build", "--quiet"]) == 0
        assert cli.main(["build", "--quiet"]) == 0
        built = get_settings()
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("documents: ") and ", 0 embedded now" in out.splitlines()[-1]

    seeds = seed_documents(built.sources_dir)
    calls = []
    monkeypatch.setattr("knowledge.embedder.embed", lambda texts, **_: calls.append(texts) or np.zeros((len(texts), 384)))
    index = DocumentIndex.empty().with_documents(seeds, cache_dir=built.documents_index_dir)
    assert calls == [] and len(index.passages) == sum(len(p) for _, p in seeds) > 100
