"""Faults the running assistant survives, over the REST channel with every service started as `make run`
starts them (on free ports): the action server or the knowledge service down gets a polite reply, not
silence, and the conversation goes on where it was once the service is back; Rasa killed in the middle
of a conversation resumes it from the tracker store. Nothing the user said is lost."""

import json
import os
import signal
import sqlite3
import uuid
from contextlib import closing

import pytest
import requests

from bot.channels.no_reply import NO_REPLY_TEXT
from launcher.stack import Stack, isolated_settings

pytestmark = pytest.mark.e2e

KNOWLEDGE_DOWN = "the knowledge service isn't responding"  # utter_knowledge_unavailable, said by the actions


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    data = tmp_path_factory.mktemp("faults")
    with Stack(isolated_settings(data), log_dir=data / "logs") as running:
        yield running


def say(stack: Stack, sender: str, message: str) -> str:
    """The bot's replies as one text; a turn with no reply at all fails the test."""
    url = f"http://{stack.settings.host}:{stack.settings.rasa_port}/webhooks/rest/webhook"
    response = requests.post(url, json={"sender": sender, "message": message}, timeout=60)
    assert response.status_code == 200, response.text
    replies = response.json()
    assert replies, f"silence in reply to {message!r}"
    return "\n".join(r.get("text", "") for r in replies)


def said_by(stack: Stack, sender: str) -> list[str]:
    """Everything this user said, as the tracker store (SQLite, as `make run` uses) holds it."""
    with closing(sqlite3.connect(stack.settings.data_dir / "tracker.sqlite3")) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                          (sender,)).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def kill(stack: Stack, name: str) -> None:
    """SIGKILL, as a crash or an OOM kill would: no chance to finish anything."""
    [service] = [s for s in stack.services if s.name == name]
    os.killpg(service.process.pid, signal.SIGKILL)
    service.process.wait()


def test_action_server_down_gets_a_polite_reply_and_the_conversation_goes_on(stack):
    sender = uuid.uuid4().hex
    assert "As a nurse (mid-career staff) in Scotland" in say(stack, sender, "I'm a band 6 nurse in Scotland")
    kill(stack, "actions")
    try:  # Rasa itself sends nothing when a custom action fails: the REST channel says this instead
        assert say(stack, sender, "am I eligible for ICAP?") == NO_REPLY_TEXT
        assert say(stack, sender, "what is P2P?") == NO_REPLY_TEXT
    finally:
        stack.start_service("actions")
    verdict = say(stack, sender, "am I eligible for ICAP?")  # answered from the profile given before the fault
    assert "No, I'm afraid" in verdict and "England" in verdict
    greeting = say(stack, sender, "hello")
    assert "Welcome back" in greeting and "nurse" in greeting and "Scotland" in greeting
    assert said_by(stack, sender) == ["I'm a band 6 nurse in Scotland", "am I eligible for ICAP?", "what is P2P?",
                                      "am I eligible for ICAP?", "hello"]


def test_knowledge_service_down_gets_a_polite_reply_and_the_conversation_goes_on(stack):
    sender = uuid.uuid4().hex
    assert "Pathway to Portfolio" in say(stack, sender, "I'm a midwife in Wales")
    stack.stop_service("knowledge")
    try:
        assert KNOWLEDGE_DOWN in say(stack, sender, "how do I apply for Pathway to Portfolio?")
        assert KNOWLEDGE_DOWN in say(stack, sender, "where do I start?")
    finally:
        stack.start_service("knowledge")
    answer = say(stack, sender, "how do I apply for Pathway to Portfolio?")
    assert KNOWLEDGE_DOWN not in answer and "Pathway to Portfolio" in answer
    options = say(stack, sender, "where do I start?")  # the profile given before the fault still counts
    assert "in Wales, you can apply for" in options and "NHS Research Time Award" in options
    assert said_by(stack, sender) == ["I'm a midwife in Wales", "how do I apply for Pathway to Portfolio?",
                                      "where do I start?", "how do I apply for Pathway to Portfolio?",
                                      "where do I start?"]


def test_rasa_killed_mid_conversation_resumes_from_the_tracker_store(stack):
    sender = uuid.uuid4().hex
    assert "profession" in say(stack, sender, "where do I start?")
    assert "nation" in say(stack, sender, "I'm a nurse")
    kill(stack, "rasa")
    stack.start_service("rasa")
    assert "career" in say(stack, sender, "Scotland")  # the form asked for the nation before the crash; it carries on
    answer = say(stack, sender, "band 6")
    assert "As a nurse (mid-career staff) in Scotland" in answer and "NHS Research Scotland" in answer
    greeting = say(stack, sender, "hello")
    assert "Welcome back" in greeting and "nurse" in greeting and "Scotland" in greeting
    assert said_by(stack, sender) == ["where do I start?", "I'm a nurse", "Scotland", "band 6", "hello"]
