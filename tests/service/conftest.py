"""Data folders for the service's tests (tests/service/datadir.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.curation.db import open_database
from knowledge.curation.entryfiles import fingerprint
from knowledge.curation.store import EntryStore
from knowledge.loader import load_entries
from knowledge.settings import Settings
from tests.service.datadir import copy_caches, copy_store


@pytest.fixture(scope="session")
def imported_store(tmp_path_factory, settings) -> Path:
    """A SQLite curation store migrated and holding the entry files, made once per test process; tests start
    from a copy (the import costs a third of a service's start)."""
    template = Settings(data_dir=tmp_path_factory.mktemp("imported-store"))
    db = open_database(template)
    db.migrate()
    store = EntryStore(db, settings.sources_dir)
    store.import_entries(load_entries(settings.entries_dir, settings.sources_dir), "import from files")
    store.remember_files(fingerprint(settings.entries_dir))
    return template.curation_db


@pytest.fixture
def service_data(tmp_path, settings, imported_store):
    """`service_data(folder)`: make `folder` a data folder at its second start; returns it."""
    def make(folder: Path = tmp_path) -> Path:
        copy_caches(settings, folder)
        copy_store(imported_store, settings.model_copy(update={"data_dir": folder}).curation_db)
        return folder
    return make
