"""Documents in the curation store: added whole or not at all, retired, and their use and ratings counted."""

import pytest

from knowledge.curation.db import Database
from knowledge.documents.index import Document
from knowledge.documents.passages import Passage
from knowledge.documents.store import DocumentNotFound, DocumentStore, Duplicate


@pytest.fixture
def store(tmp_path) -> DocumentStore:
    db = Database(None, tmp_path / "curation.sqlite3")
    db.migrate()
    return DocumentStore(db)


def _add(store, document_id="doc-1", sha="abc"):
    document = Document(document_id, "Policy", "Trust", "2024", None, "text")
    passages = [Passage(document_id, 1, "First passage.", "Intro", None),
                Passage(document_id, 2, "Second passage.", None, None)]
    return store.add(document, passages, "policy.txt", sha, 100, None, "editor@trust.nhs.uk")


def test_add_list_retire(store):
    record = _add(store)
    assert record.passages == 2 and record.status == "live"
    assert [d.id for d, ps in store.live()] == ["doc-1"] and len(store.live()[0][1]) == 2
    version = store.version()
    store.retire("doc-1")
    assert store.live() == [] and store.get("doc-1").status == "retired" and store.version() != version
    assert store.passages("doc-1")[1].text == "Second passage."
    with pytest.raises(DocumentNotFound):
        store.retire("doc-2")


def test_the_same_live_file_twice_is_refused_and_leaves_nothing(store):
    _add(store)
    with pytest.raises(Duplicate):
        _add(store, "doc-2")
    assert [r.document.id for r in store.list()] == ["doc-1"]


def test_uses_and_ratings_are_counted_per_passage(store):
    _add(store)
    store.record_use("doc-1", 2, "How long is the loan?")
    store.record_use("doc-1", 2, "how long is the  LOAN?")
    store.record_use("doc-1", 1, "Something else")
    assert store.rate("How long is the loan?", helpful=False)
    assert not store.rate("Never asked", helpful=True)
    top = store.most_used()
    assert (top[0]["number"], top[0]["answered"], top[0]["unhelpful"]) == (2, 2, 1)
