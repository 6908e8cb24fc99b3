"""A real conversation over Rasa's REST channel, with every service running as `make run` starts it."""

import shutil
import uuid

import pytest
import requests

from knowledge.settings import Settings
from scripts.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    default = Settings()
    if default.index_dir.exists():  # reuse embeddings built by `make index`
        shutil.copytree(default.index_dir, data / "index")
    settings = Settings(data_dir=data, rasa_port=5105, action_port=5155, knowledge_port=8100)
    with Stack(settings, log_dir=data / "logs") as running:
        yield running


def say(stack: Stack, sender: str, message: str) -> list[dict]:
    url = f"http://{stack.settings.host}:{stack.settings.rasa_port}/webhooks/rest/webhook"
    response = requests.post(url, json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()


def text(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_greeting_says_what_the_assistant_does(stack):
    assert "research" in text(say(stack, uuid.uuid4().hex, "hello")).lower()


def test_funding_question_is_answered_with_the_figure_and_its_source(stack):
    replies = say(stack, uuid.uuid4().hex, "how much funding does Pathway to Portfolio give?")
    answer = text(replies)
    assert "Pathway to Portfolio" in answer and "£20,000" in answer
    assert "Source:" in answer and "Creating Time for Research" in answer


def test_question_outside_the_knowledge_base_gets_i_dont_know(stack):
    answer = text(say(stack, uuid.uuid4().hex, "how do I book annual leave?"))
    assert "don't know" in answer and "R&D" in answer
    assert "Pathway to Portfolio" not in answer


def test_button_payload_opens_the_chosen_entry(stack):
    answer = text(say(stack, uuid.uuid4().hex, '/choose_entry{"entry_id": "pcaf"}'))
    assert "Pre-doctoral Clinical Academic Fellowship" in answer and "Source:" in answer


def test_knowledge_service_down_then_back(stack):
    sender = uuid.uuid4().hex
    stack.stop_service("knowledge")
    try:
        assert "can't look that up right now" in text(say(stack, sender, "what is ICAP?"))
    finally:
        stack.start_service("knowledge")
    answer = text(say(stack, sender, "what is ICAP?"))
    assert "Integrated Clinical Academic" in answer and "Source:" in answer
