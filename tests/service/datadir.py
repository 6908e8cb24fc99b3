"""A service's data folder as it is at a second start: the real embedding caches, and a curation store that
already holds the entry files (the first start's import is tested on its own: curation/test_store.py)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

from knowledge.settings import Settings
from service.documents import DOCUMENTS, LiveDocuments


def copy_caches(settings: Settings, data_dir: Path) -> None:
    """The entries' and the source documents' embedding caches (`make index` fills them), so a service started
    on `data_dir` embeds only what changed and its document tier starts without embedding."""
    (data_dir / "index").mkdir(parents=True)
    cache = settings.index_dir / "embeddings.npz"
    if cache.exists():
        shutil.copy(cache, data_dir / "index" / "embeddings.npz")
    if settings.documents_index_dir.exists():
        shutil.copytree(settings.documents_index_dir, data_dir / "index" / "documents")


def copy_store(source: Path, target: Path) -> None:
    """SQLite's own backup: a consistent copy whatever its write-ahead log holds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


async def documents_started(app) -> LiveDocuments:
    """The document tier is built in the background at start-up, from the copied caches: wait for it (seconds on a
    busy machine; a test asking before then got the entries' answer alone)."""
    live = app[DOCUMENTS]
    for _ in range(3000):
        if live.index is not None:
            return live
        await asyncio.sleep(0.1)
    raise AssertionError("the document tier did not start")
