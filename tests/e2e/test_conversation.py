"""A real conversation over Rasa's REST channel, with every service running as `make run` starts it."""

import uuid

import pytest
import requests

from launcher.stack import Stack, isolated_settings

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    with Stack(isolated_settings(data), log_dir=data / "logs") as running:
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
    assert "don't know" in answer and "HR" in answer  # not the R&D office's
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


def test_physio_in_england_gets_the_ica_programme_not_welsh_schemes(stack):
    answer = text(say(stack, uuid.uuid4().hex, "I'm a band 6 physio in England interested in stroke rehab"))
    assert "Integrated Clinical Academic (ICA) Programme" in answer and "Research for Patient Benefit" in answer
    assert "Pathway to Portfolio" not in answer and "Research Time Award" not in answer


def test_midwife_in_wales_is_asked_only_what_is_needed_and_gets_welsh_schemes(stack):
    sender = uuid.uuid4().hex
    assert "profession" in text(say(stack, sender, "where do I start?"))
    assert "nation" in text(say(stack, sender, "I'm a midwife"))
    answer = text(say(stack, sender, "Wales"))  # nothing in Wales depends on career stage: no third question
    assert "Pathway to Portfolio" in answer and "NHS Research Time Award" in answer
    assert "Integrated Clinical Academic" not in answer


def test_doctor_in_england_is_told_why_not_ica(stack):
    sender = uuid.uuid4().hex
    answer = text(say(stack, sender, "I'm a junior doctor in England, what can I apply for?"))
    assert "Research for Patient Benefit" in answer and "Integrated Clinical Academic" not in answer
    assert "not doctors" in text(say(stack, sender, "am I eligible for ICAP?"))


def test_question_mid_form_is_answered_then_the_form_resumes(stack):
    sender = uuid.uuid4().hex
    say(stack, sender, "where do I start?")
    replies = text(say(stack, sender, "what is P2P?"))
    assert "Pathway to Portfolio" in replies and "Source:" in replies and "profession" in replies


def test_profile_survives_a_rasa_restart(stack):
    sender = uuid.uuid4().hex
    say(stack, sender, "I'm a nurse in Scotland")
    stack.stop_service("rasa")
    stack.start_service("rasa")
    greeting = text(say(stack, sender, "hello"))
    assert "Welcome back" in greeting and "nurse" in greeting and "Scotland" in greeting
