""""Forget me" through the real Rasa, action server and knowledge service: after the person confirms, the
tracker store holds none of what they said before and no profile, and the conversation carries on."""

import json
import sqlite3
import uuid

import pytest

from bench.fuzz import UNAVAILABLE, say
from launcher.stack import Stack, isolated_settings

pytestmark = pytest.mark.e2e
PERSONAL = "my NHS number is 943 476 5919"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    data = tmp_path_factory.mktemp("forget")
    with Stack(isolated_settings(data), log_dir=data / "logs") as running:
        yield running


def text_of(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def stored(stack: Stack, sender: str) -> tuple[list[dict], dict]:
    """The conversation's events and its latest state snapshot (bot/tracker_store.py), as Rasa stored them."""
    with sqlite3.connect(stack.settings.tracker_db) as db:
        events = [json.loads(d) for (d,) in db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id",
                                                        (sender,))]
        snapshot = db.execute("SELECT state FROM tracker_snapshots WHERE sender_id = ? "
                              "ORDER BY last_event_id DESC LIMIT 1", (sender,)).fetchone()
    return events, json.loads(snapshot[0]) if snapshot else {}


def test_forget_me_deletes_what_was_said_and_the_conversation_carries_on(stack):
    url = f"http://{stack.settings.host}:{stack.settings.rasa_port}"
    sender = f"forget-{uuid.uuid4().hex}"
    say(url, sender, f"I'm a nurse working in Scotland, {PERSONAL}")
    events, state = stored(stack, sender)
    assert any(PERSONAL in (e.get("text") or "") for e in events)
    assert state["slots"]["profession"] and state["slots"]["nation"]

    assert "forget" in text_of(say(url, sender, "forget me")).lower()  # asked to confirm first
    done = text_of(say(url, sender, "yes"))
    assert "forgotten" in done.lower() and UNAVAILABLE not in done

    events, state = stored(stack, sender)
    assert events and not any(PERSONAL in json.dumps(e) or "nurse" in json.dumps(e) for e in events)
    assert not any(e.get("event") == "user" and e.get("text") != "yes" for e in events)  # only this turn's
    assert all(not state["slots"][slot] for slot in ("profession", "nation", "career_stage", "interests"))

    greeting = text_of(say(url, sender, "hello"))
    assert greeting and "welcome back" not in greeting.lower() and "nurse" not in greeting.lower()
    answer = text_of(say(url, sender, "what is Pathway to Portfolio?"))
    assert "Pathway to Portfolio" in answer and UNAVAILABLE not in answer
    assert PERSONAL not in (stack.log_dir / "rasa.log").read_text() + (stack.log_dir / "knowledge.log").read_text()
