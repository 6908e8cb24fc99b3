import pytest

from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def entries(settings):
    return load_entries(settings.entries_dir, settings.sources_dir)


@pytest.fixture(scope="session")
def index(entries, settings) -> KnowledgeIndex:
    """The real knowledge base, embedded once per test run (cached embeddings are reused)."""
    return KnowledgeIndex.build(entries, settings.index_dir)


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
