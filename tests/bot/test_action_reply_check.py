"""Action server replies are checked exactly as Rasa checks them, without re-checking Rasa's schema."""

import pytest

pytest.importorskip("rasa", reason="runs in .venv-rasa: make channels-test")

from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402

import bot.channels.rest  # noqa: E402,F401  (installs the check, as Rasa's start-up does)
from bot.action_reply_check import RASA_CHECK  # noqa: E402

REPLIES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "profession", "value": "nurse", "timestamp": None}],
     "responses": [{"text": "Pathway to Portfolio gives up to £20,000.", "buttons": []}]},
    {"events": [{"event": "followup", "name": "action_listen"}], "responses": [{"text": "hi"}]},
    {"events": [{"event": "slot"}], "responses": []},  # no slot name
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [], "responses": ["not an object"]},
    [],
]


def test_the_installed_check_is_ours():
    assert RemoteAction._validate_action_result is not RASA_CHECK


@pytest.mark.parametrize("reply", REPLIES)
def test_same_verdict_and_message_as_rasas_check(reply):
    action = RemoteAction("action_answer_question", None)
    try:
        expected = RASA_CHECK(action, reply)
    except ValidationError as e:
        with pytest.raises(ValidationError) as ours:
            action._validate_action_result(reply)
        assert ours.value.message == e.message and "Failed to validate Action server response" in e.message
    else:
        assert action._validate_action_result(reply) is expected is True
