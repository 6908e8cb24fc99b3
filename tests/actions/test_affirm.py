"""action_affirm: a plain yes gets "anything else?"; a question read as a yes is answered."""

from rasa_sdk.executor import CollectingDispatcher

from actions.affirm import ActionAffirm
from tests.actions.conftest import tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionAffirm().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_a_plain_yes_asks_what_else(knowledge):
    [message], events = await run(tracker("yes", "affirm"))
    assert message["response"] == "utter_anything_else" and events == []
    assert knowledge.received == []


async def test_a_question_read_as_a_yes_is_answered(knowledge):
    """"I'm a... hang on, is this confidential?" (read as a yes) got "OK. Ask me about any research scheme"."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "About your privacy: ...", "confidence": 0.0,
                                        "entry_id": None, "privacy": True}
    [message], _ = await run(tracker("I'm a... hang on, is this confidential?", "affirm"))
    assert message["text"].startswith("About your privacy") and knowledge.received[0][0] == "/api/answer"


async def test_how_is_your_day_read_as_a_yes_gets_small_talk(knowledge):
    """"morning! how's your day going 😊" got "OK. Ask me about any research scheme" (round twenty-six)."""
    knowledge.replies["/api/person"] = {"said": {}, "small_talk": True}
    [message], events = await run(tracker("morning! how's your day going 😊", "affirm"))
    assert message["text"].startswith("I'm well, thanks for asking") and events == []
