"""The tracker store endpoints.yml names: conversations kept in SQLite in WAL mode, found again, and
long conversations read from a snapshot plus their recent events with the state the policies see intact."""

import random
import sqlite3
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("rasa", reason="the Rasa tracker store runs in .venv-rasa: make channels-test")

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.tracker_store import WindowedSQLTrackerStore

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def store(db, **extra) -> WindowedSQLTrackerStore:
    """Built from endpoints.yml-style settings, the way Rasa builds it (an unknown type would silently
    give Rasa's in-memory store, losing every conversation at a restart)."""
    config = EndpointConfig.from_dict({"type": "bot.tracker_store.WindowedSQLTrackerStore", "dialect": "sqlite",
                                       "db": str(db), **extra})
    made = TrackerStore.create(config, DOMAIN)
    assert isinstance(made, WindowedSQLTrackerStore)
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


def turn(rng: random.Random, number: int) -> list:
    """One turn of a conversation that fills and corrects slots and enters and leaves the form."""
    events = [UserUttered(f"message {number}", {"name": rng.choice(["inform", "ask_question", "greet"]),
                                                "confidence": 1.0})]
    if rng.random() < 0.5:
        events.append(SlotSet(rng.choice(["profession", "nation", "career_stage"]),
                              rng.choice(["nurse", "wales", "early_career", None])))
    if rng.random() < 0.2:
        events += [ActionExecuted("induction_form"), ActiveLoop(rng.choice(["induction_form", None]))]
    events += [ActionExecuted("action_answer_question"), BotUttered(f"reply {number}"),
               ActionExecuted("action_listen")]
    return events


def same_view(loaded: DialogueStateTracker, full: DialogueStateTracker) -> None:
    assert loaded.current_slot_values() == full.current_slot_values()
    assert loaded.active_loop == full.active_loop
    assert loaded.latest_message.text == full.latest_message.text
    assert loaded.is_paused() == full.is_paused()
    assert loaded.past_states(DOMAIN)[-5:] == full.past_states(DOMAIN)[-5:]


async def test_long_conversation_loads_a_window_with_the_same_state(tmp_path):
    db, rng = tmp_path / "tracker.sqlite3", random.Random(7)
    full = DialogueStateTracker("physio-1", DOMAIN.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        full.update(event)
    writer = store(db, window=30)
    await writer.save(full)
    for number in range(60):
        tracker = await store(db, window=30).retrieve("physio-1")  # each message, as a new Rasa would
        for event in turn(rng, number):
            tracker.update(event)
            full.update(event)
        await writer.save(tracker)
        loaded = await store(db, window=30).retrieve("physio-1")
        same_view(loaded, full)
        if number > 10:
            assert len(loaded.events) < 30 + 20  # window + one turn + the snapshot's slots, not the whole history

    everything = await writer.retrieve_full_tracker("physio-1")
    assert [e.as_dict() for e in everything.events] == [e.as_dict() for e in full.events]  # nothing lost or doubled
    kept = sqlite3.connect(db).execute("SELECT count(*) FROM tracker_snapshots").fetchone()[0]
    assert 0 < kept < 60  # old snapshots are pruned


async def test_events_written_before_snapshots_existed_are_read_whole(tmp_path):
    db = tmp_path / "tracker.sqlite3"
    tracker = DialogueStateTracker("ot-1", DOMAIN.slots)
    for number in range(20):
        for event in (UserUttered(f"m{number}"), SlotSet("nation", "wales"), ActionExecuted("action_listen")):
            tracker.update(event)
    await store(db).save(tracker)
    sqlite3.connect(db).execute("DELETE FROM tracker_snapshots").connection.commit()

    loaded = await store(db, window=10).retrieve("ot-1")
    assert len(loaded.events) == len(tracker.events)
    assert loaded.get_slot("nation") == "wales"


async def test_a_new_session_starts_from_its_own_events(tmp_path):
    db = tmp_path / "tracker.sqlite3"
    tracker = DialogueStateTracker("hca-1", DOMAIN.slots)
    for number in range(30):
        for event in (UserUttered(f"m{number}"), ActionExecuted("action_listen")):
            tracker.update(event)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), SlotSet("nation", "scotland"),
                  ActionExecuted("action_listen"), UserUttered("hello again")):
        tracker.update(event)
    await store(db).save(tracker)

    loaded = await store(db, window=10).retrieve("hca-1")
    assert isinstance(loaded.events[0], SessionStarted) and loaded.latest_message.text == "hello again"
    assert loaded.get_slot("nation") == "scotland"



def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-At", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize("attempt", range(3))
def test_servers_starting_together_on_a_new_postgresql_database_all_start(attempt):
    """Several Rasa servers opening one new PostgreSQL tracker database at once each get a store (once,
    both created the snapshot table and one server died at start)."""
    name = f"tracker_race_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {name}")
    settings = {"type": "bot.tracker_store.WindowedSQLTrackerStore", "dialect": "postgresql", "url": "127.0.0.1",
                "port": 5432, "db": name, "username": "postgres", "password": ""}
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            made = list(pool.map(lambda _: TrackerStore.create(EndpointConfig.from_dict(settings), DOMAIN), range(4)))
        for one in made:
            assert isinstance(one, WindowedSQLTrackerStore)
            one.engine.dispose()
        assert psql("SELECT count(*) FROM pg_indexes WHERE indexname IN ('ix_events_sender_id_id', 'ix_events_sender_type_id')", name) == "2"
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
