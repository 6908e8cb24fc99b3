# The engine is imported in the fixtures, not here: with `-n`, xdist's controller loads this file too, runs no
# test, and starts the workers only once it has (importing the engine first took it a second).
from __future__ import annotations

import os

import pytest

# A lone question embeds on both cores in the service; test workers run side by side on the same two cores, where
# that would make them fight (tests/knowledge/test_embedder.py checks the choice itself).
os.environ.setdefault("NHSBOT_EMBEDDING_SOLO_THREADS", "1")


@pytest.fixture(scope="session")
def settings():
    from knowledge.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def entries(settings):
    from knowledge.loader import load_entries

    return load_entries(settings.entries_dir, settings.sources_dir)


@pytest.fixture(scope="session")
def index(entries, settings):
    """The real knowledge base, embedded once per test run (cached embeddings are reused)."""
    from knowledge.index import KnowledgeIndex

    return KnowledgeIndex.build(entries, settings.index_dir)


@pytest.fixture(autouse=True)
def one_embedding_thread(monkeypatch):
    """`build` and `add-document` embed on every core (`embedder.set_threads`): a test that runs one in-process
    must not leave the rest of its process embedding so, as the service never does (with two test workers on two
    cores, each one's spinning model threads took a core from the other)."""
    from knowledge import embedder

    monkeypatch.setattr(embedder, "_threads", embedder._threads)


# Long without any service: started processes, a real browser, generated requests, a crash loop. `make unit` leaves
# them out (-m "not e2e and not slow"); `make test` runs them.
SLOW = {
    "tests/actions/test_server.py": "starts the action server as a process",
    "tests/launcher/test_supervisor.py": "starts and kills service processes",
    "tests/service/curation/test_browser.py": "drives Chromium",
    "tests/service/curation/test_browser_tickets.py": "drives Chromium",
    "tests/service/test_api_fuzz.py": "hundreds of generated requests per endpoint",
    "tests/knowledge/test_crash_safety.py": "kills writers mid-write, over and over",
}


def _on_postgresql(item) -> bool:
    """The PostgreSQL variant of a test parametrised over both stores (its id names `postgres`)."""
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgres" in callspec.id.split("-")


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        if item.path.relative_to(root).as_posix() in SLOW:
            item.add_marker(pytest.mark.slow)
        if _on_postgresql(item):
            item.add_marker(pytest.mark.services)
