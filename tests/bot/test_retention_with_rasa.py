"""The retention purge (`python -m knowledge purge`, knowledge/retention.py) on a tracker store that Rasa itself
wrote: old sessions and idle conversations go, and the conversation in use carries on in Rasa unharmed (its
current session read back whole, the next message saved once)."""

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

pytest.importorskip("rasa", reason="the Rasa tracker store runs in .venv-rasa: make channels-test")

from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from tests.bot.test_tracker_store import store  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400
SECRET = "my NHS number is 943 476 5919"


def session(days_ago: float, said: str) -> list:
    at = time.time() - days_ago * DAY
    return [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 2), UserUttered(said, timestamp=at + 3),
            BotUttered("Here is what I found.", timestamp=at + 4)]


async def test_the_purge_keeps_the_current_session_and_rasa_carries_on(tmp_path):
    db = tmp_path / "tracker.sqlite3"
    nurse = DialogueStateTracker("nurse-1", [])
    for event in session(120, SECRET) + session(1, "hello again"):
        nurse.update(event)
    gone = DialogueStateTracker("gone-1", [])
    for event in session(100, "an old question"):
        gone.update(event)
    await store(db).save(nurse)
    await store(db).save(gone)

    env = {**os.environ, "NHSBOT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("NHSBOT_DATABASE_URL", None)
    env.pop("NHSBOT_TRACKER_DATABASE_URL", None)
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "knowledge", "purge"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "10 conversation events" in done.stdout  # nurse's first session (5) and the idle conversation (5)

    with sqlite3.connect(db) as raw:
        kept = [row[0] for row in raw.execute("SELECT data FROM events")]
    assert kept and not any(SECRET in data or "an old question" in data for data in kept)
    assert await store(db).retrieve("gone-1") is None
    with sqlite3.connect(db) as raw:  # the state snapshots of deleted events go with them
        assert [r[0] for r in raw.execute("SELECT DISTINCT sender_id FROM tracker_snapshots")] == ["nurse-1"]

    again = await store(db).retrieve("nurse-1")  # as Rasa loads it for the next message
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hello again"]
    again.update(UserUttered("and P2P?"))
    await store(db).save(again)
    with sqlite3.connect(db) as raw:
        texts = [row[0] for row in raw.execute("SELECT data FROM events WHERE type_name = 'user'")]
    assert ["hello again" in t for t in texts].count(True) == 1 and sum("and P2P?" in t for t in texts) == 1


async def test_forget_me_in_the_middle_of_a_turn_leaves_only_that_turn(tmp_path):
    """Rasa loaded the conversation, the action deleted it (knowledge.retention.forget_person), Rasa saves the turn:
    only the turn's new events are written, not the loaded ones again, and the next load reads just those."""
    from rasa.shared.core.events import Restarted

    db = tmp_path / "tracker.sqlite3"
    nurse = DialogueStateTracker("nurse-1", [])
    for event in session(1, SECRET):
        nurse.update(event)
    await store(db).save(nurse)
    loaded = await store(db).retrieve("nurse-1")  # as Rasa loads it for the "yes"

    env = {**os.environ, "NHSBOT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("NHSBOT_DATABASE_URL", None)
    env.pop("NHSBOT_TRACKER_DATABASE_URL", None)
    forget = ("from knowledge import retention; from knowledge.settings import Settings; "
              "print(retention.forget_person(Settings(), None, 'nurse-1').conversation_events)")
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", forget], check=False, cwd=ROOT,
                          env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5"

    for event in (UserUttered("yes"), ActionExecuted("action_forget_me"), ActionExecuted("action_restart"),
                  BotUttered("Done: I've forgotten what you told me."), Restarted(), ActionExecuted("action_listen")):
        loaded.update(event)
    await store(db).save(loaded)
    with sqlite3.connect(db) as raw:
        kept = [row[0] for row in raw.execute("SELECT data FROM events")]
    assert len(kept) == 6 and not any(SECRET in data for data in kept)
    again = await store(db).retrieve("nurse-1")
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["yes"]
