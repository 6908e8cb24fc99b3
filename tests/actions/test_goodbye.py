"""action_goodbye: a goodbye is said back; a question Rasa read as one is answered."""

from rasa_sdk.executor import CollectingDispatcher

from actions.goodbye import ActionGoodbye
from tests.actions.conftest import tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionGoodbye().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_a_question_read_as_goodbye_is_answered_not_said_goodbye_to(knowledge):
    """"can i swap my night shift on healthroster?" got "Goodbye, and good luck with your research"."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False, "asks": True}
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm sorry, I don't know the answer to that.",
                                        "confidence": 0.1, "suggestions": []}
    [message], _ = await run(tracker("can i swap my night shift on healthroster?", "goodbye"))
    assert message["text"].startswith("I'm sorry, I don't know")
    assert knowledge.received[-1][0] == "/api/answer"


async def test_a_goodbye_that_goes_on_without_asking_is_still_a_goodbye(knowledge):
    """"so long", "see you when I've spoken to my manager": no question of their own (the service says `asks`)."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False, "asks": False}
    [message], _ = await run(tracker("see you when I've spoken to my manager", "goodbye"))
    assert message["response"] == "utter_goodbye"


async def test_a_goodbye_is_said_back(knowledge):
    knowledge.replies["/api/person"] = {"said": {}, "greets": True}
    [message], events = await run(tracker("thanks, bye!", "goodbye"))
    assert message["response"] == "utter_goodbye" and events == []


async def test_a_goodbye_with_the_service_down_is_still_said_back(knowledge_down):
    [message], _ = await run(tracker("bye", "goodbye"))
    assert message["response"] == "utter_goodbye"
