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
