"""Grouped questions point at the entries they most likely belong to; adding one to an entry is an edit."""

import pytest

from knowledge.curation.db import open_database
from knowledge.curation.questions import Question, add_as_question, group, suggest_entries
from knowledge.curation.store import EntryStore, Invalid, NotFound, Workflow


def _asked(*texts: str) -> list[Question]:
    return [Question(f"gap:{i}", "unanswered", text, 1_700_000_000.0 + i, None, 0.3) for i, text in enumerate(texts)]


def test_each_group_gets_its_closest_entries_best_first(index):
    groups = suggest_entries(group(_asked("can I get a mentor for my first study?", "is there research mentoring?",
                                          "funding for a PhD as a physio"), 0.6), index)
    assert all(len(g.likely) == 3 for g in groups)
    assert all(a.similarity >= b.similarity for g in groups for a, b in zip(g.likely, g.likely[1:]))
    by_label = {g.label: [e.entry_id for e in g.likely] for g in groups}
    assert "mentorship" in by_label["can I get a mentor for my first study?"]
    assert "dcaf" in by_label["funding for a PhD as a physio"]


@pytest.fixture
def store(cur_settings, entries) -> EntryStore:
    db = open_database(cur_settings)
    db.migrate()
    store = EntryStore(db, cur_settings.sources_dir)
    store.import_entries(entries, "test")
    return store


def test_adding_a_question_makes_a_draft_and_leaves_the_published_version_alone(store):
    before = store.get("spa")
    record = add_as_question(store, "spa", "  are SPAs protected for research?  ", "editor@trust.nhs.uk")
    assert record.workflow is Workflow.draft and record.version == before.version + 1
    assert record.data["alternate_questions"] == [*before.data["alternate_questions"], "are SPAs protected for research?"]
    assert store.published_entry("spa").alternate_questions == before.data["alternate_questions"]


def test_a_question_already_there_an_invalid_one_or_an_unknown_entry_is_refused(store):
    existing = store.get("spa").data["alternate_questions"][0]
    with pytest.raises(Invalid):
        add_as_question(store, "spa", existing.upper(), "editor@trust.nhs.uk")
    with pytest.raises(Invalid):
        add_as_question(store, "spa", "x" * 400, "editor@trust.nhs.uk")
    with pytest.raises(NotFound):
        add_as_question(store, "no-such-entry", "what is it?", "editor@trust.nhs.uk")
    assert store.get("spa").version == 1  # nothing saved
