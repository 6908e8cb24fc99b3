"""A process killed (SIGKILL, no chance to tidy up) in the middle of writing entry files, saving to the
curation store or building the index leaves each of them consistent: every file whole, the old version
or the new one, never torn; the store's history intact; and the index loads and answers.

The writer runs in a subprocess (tests/knowledge/crash_writer.py) that kills itself at the worst
moments of a write (a half-written temporary file, just before or just after the rename, inside a
database transaction), or is killed from outside at random moments while it writes in a loop.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from knowledge.curation.db import Database
from knowledge.curation.entryfiles import to_yaml, write_entries
from knowledge.curation.store import EntryStore
from knowledge.embedder import DIMENSION
from knowledge.index import CACHE_FILE, MANIFEST_FILE, KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.schema import Entry
from knowledge.search import search
from launcher.processes import ROOT
from tests.knowledge.crash_writer import DROPPED, SAVED_ENTRY, variants

RANDOM_KILLS = 3


def crash(kind: str, target: Path, moment: str, kill_after_s: float | None = None) -> None:
    """Run the writer until it dies by SIGKILL: at `moment`, or `kill_after_s` after it is ready."""
    log = target.parent / f"{kind}-writer.log"
    with open(log, "w") as errors:
        writer = subprocess.Popen([sys.executable, "-m", "tests.knowledge.crash_writer", kind, str(target), moment],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True)
        assert writer.stdout.readline() == "ready\n", log.read_text()
        if kill_after_s is not None:
            try:
                writer.wait(kill_after_s)
            except subprocess.TimeoutExpired:
                writer.send_signal(signal.SIGKILL)
        writer.wait(120)
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL, log.read_text()


def random_delays(seed: int) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(0.05, 1.5) for _ in range(RANDOM_KILLS)]


# Entry files (python -m knowledge export): one file per entry.

@pytest.fixture
def folder(tmp_path, entries) -> Path:
    write_entries(entries, tmp_path / "entries")  # version A
    return tmp_path / "entries"


def entry_files_consistent(folder: Path, entries: list[Entry], settings) -> dict[str, str]:
    """Each entry's file is version A or B, whole; returns which, by entry id."""
    a, b = variants(entries, "entries")
    texts = {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.yaml")}
    assert texts.keys() == {e.id for e in entries}
    which = {}
    for old, new in zip(a, b):
        assert texts[old.id] in (to_yaml(old), to_yaml(new)), f"{old.id}.yaml is torn"
        which[old.id] = "A" if texts[old.id] == to_yaml(old) else "B"
    assert len(load_entries(folder, settings.sources_dir)) == len(entries)
    return which


@pytest.mark.parametrize("moment, pcaf", [("torn:pcaf.yaml", "A"), ("before-replace:pcaf.yaml", "A"),
                                          ("after-replace:pcaf.yaml", "B")])
def test_entry_file_write_killed_at_the_worst_moment(folder, entries, settings, moment, pcaf):
    crash("entries", folder, moment)
    assert entry_files_consistent(folder, entries, settings)["pcaf"] == pcaf
    if moment.startswith("torn"):  # the torn file is the temporary one, which nothing reads
        [torn] = folder.glob(".pcaf.yaml.*.tmp")
        [new] = [e for e in variants(entries, "entries")[1] if e.id == "pcaf"]
        assert 0 < torn.stat().st_size < len(to_yaml(new).encode())


@pytest.mark.parametrize("delay", random_delays(1))
def test_entry_file_writes_killed_at_random_moments(folder, entries, settings, delay):
    crash("entries", folder, "loop", kill_after_s=delay)
    entry_files_consistent(folder, entries, settings)


# The curation store (SQLite, as the default deployment runs it).

@pytest.fixture
def store_db(tmp_path, entries, settings) -> Path:
    path = tmp_path / "curation.sqlite3"
    db = Database(None, path)
    db.migrate()
    EntryStore(db, settings.sources_dir).import_entries(entries, "import")
    return path


def store_consistent(path: Path, settings) -> int:
    """The database file is sound, every entry's history runs 1..version with a valid entry in each version
    and its published version among them; returns the saved entry's version."""
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = EntryStore(Database(None, path), settings.sources_dir)
    for record in store.list():
        numbers = sorted(h["version"] for h in store.history(record.id))
        assert numbers == list(range(1, record.version + 1)), record.id
        assert record.published_version is None or record.published_version in numbers, record.id
        Entry.model_validate(store.version(record.id, record.version)["data"])
    assert SAVED_ENTRY in {e.id for e in store.published_entries()}
    return store.get(SAVED_ENTRY).version


@pytest.mark.parametrize("moment, version", [("after-sql:UPDATE entries", 1), ("after-sql:INSERT INTO versions", 1),
                                             ("after-save", 2)])
def test_store_save_killed_at_the_worst_moment(store_db, settings, moment, version):
    """Killed between the two statements of a save, or before its commit: as if it never began."""
    crash("store", store_db, moment)
    assert store_consistent(store_db, settings) == version


@pytest.mark.parametrize("delay", random_delays(2))
def test_store_saves_killed_at_random_moments(store_db, settings, delay):
    crash("store", store_db, "loop", kill_after_s=delay)
    store_consistent(store_db, settings)


# The index on disk: the embedding cache and the manifest of the last build.

@pytest.fixture
def index_dirs(tmp_path, entries, settings) -> tuple[Path, set[str], set[str]]:
    """A folder holding version A (every entry), and the cache keys of versions A and B."""
    a, b = variants(entries, "index")
    folder = tmp_path / "index"
    shutil.copytree(settings.index_dir, folder)
    KnowledgeIndex.build(a, folder)
    shutil.copytree(folder, tmp_path / "index-b")
    KnowledgeIndex.build(b, tmp_path / "index-b")
    return folder, cache_keys(folder), cache_keys(tmp_path / "index-b")


def cache_keys(folder: Path) -> set[str]:
    with np.load(folder / CACHE_FILE) as data:
        keys = set(data["keys"].tolist())
        assert data["vectors"].shape == (len(keys), DIMENSION)
    return keys


def index_consistent(folder: Path, keys_a: set[str], keys_b: set[str], entries: list[Entry]) -> tuple[str, str]:
    """The cache and the manifest are each version A or B, whole; an index built from the folder answers,
    re-embedding only what version B left out. Returns (cache, manifest) versions."""
    keys = cache_keys(folder)
    assert keys in (keys_a, keys_b), "the embedding cache is torn or foreign"
    built = json.loads((folder / MANIFEST_FILE).read_text())["entries"]
    assert built in (len(entries), len(entries) - len(DROPPED))
    index = KnowledgeIndex.build(entries, folder)
    assert index.stats.embedded == (0 if keys == keys_a else len(keys_a - keys_b))
    assert search(index, "what is P2P?", k=1).hits[0].entry_id == "pathway-to-portfolio"
    return "A" if keys == keys_a else "B", "A" if built == len(entries) else "B"


@pytest.mark.parametrize("moment, cache, manifest", [
    ("torn:embeddings.npz", "A", "A"),
    ("before-replace:embeddings.npz", "A", "A"),
    ("after-replace:embeddings.npz", "B", "A"),  # the manifest tells of the last build that finished
    ("torn:manifest.json", "B", "A"),
    ("after-replace:manifest.json", "B", "B"),
])
def test_index_build_killed_at_the_worst_moment(index_dirs, entries, moment, cache, manifest):
    folder, keys_a, keys_b = index_dirs
    crash("index", folder, moment)
    assert index_consistent(folder, keys_a, keys_b, entries) == (cache, manifest)


@pytest.mark.parametrize("delay", random_delays(3))
def test_index_builds_killed_at_random_moments(index_dirs, entries, delay):
    folder, keys_a, keys_b = index_dirs
    crash("index", folder, "loop", kill_after_s=delay)
    index_consistent(folder, keys_a, keys_b, entries)
