"""The tracker store endpoints.yml names: conversations kept in SQLite in WAL mode, and found again."""

import sqlite3

import pytest

pytest.importorskip("rasa", reason="the Rasa tracker store runs in .venv-rasa: make channels-test")

from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from bot.tracker_store import WalSQLTrackerStore  # noqa: E402


def store(db) -> TrackerStore:
    """Built from endpoints.yml-style settings, the way Rasa builds it (an unknown type would silently
    give Rasa's in-memory store, losing every conversation at a restart)."""
    config = EndpointConfig.from_dict({"type": "bot.tracker_store.WalSQLTrackerStore", "dialect": "sqlite",
                                       "db": str(db)})
    made = TrackerStore.create(config, Domain.empty())
    assert isinstance(made, WalSQLTrackerStore)
    return made


async def test_conversation_survives_a_new_store_on_the_same_file(tmp_path):
    db = tmp_path / "tracker.sqlite3"
    tracker = DialogueStateTracker("nurse-1", [])
    for event in (ActionExecuted("action_listen"), UserUttered("where do I start?"), BotUttered("Start here.")):
        tracker.update(event)
    await store(db).save(tracker)
    tracker.update(UserUttered("thanks"))
    await store(db).save(tracker)  # a second save adds only what is new

    again = await store(db).retrieve("nurse-1")  # as after a Rasa restart
    texts = [e.text for e in again.events if isinstance(e, (UserUttered, BotUttered))]
    assert texts == ["where do I start?", "Start here.", "thanks"]
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
