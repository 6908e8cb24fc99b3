"""action_help: what the assistant can do; a follow-up Rasa read as help is answered."""

from rasa_sdk.executor import CollectingDispatcher

from actions.help import ActionHelp
from tests.actions.conftest import tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionHelp().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_asking_what_the_assistant_does_gets_help(knowledge):
    [message], _ = await run(tracker("what can you do?", "help", slots={"last_entry": "research-secondments"}))
    assert message["response"] == "utter_help"


async def test_a_follow_up_read_as_help_is_answered_about_the_entry_just_shown(knowledge):
    """"how does that work?" after KCHFT's research routes got the list of what the bot can do."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Research secondments**\nSecondments let ...",
                                        "confidence": 0.9, "entry_id": "research-secondments", "suggestions": []}
    messages, _ = await run(tracker("how does that work?", "help", slots={"last_entry": "research-secondments"}))
    assert messages[0]["text"].startswith("**Research secondments**")
    assert knowledge.received[-1] == ("/api/answer", {"question": "how does that work?", "context": {
        "entry": "research-secondments", "listed": [], "passage": None}})
    [message], _ = await run(tracker("how does that work?", "help"))  # nothing shown before it: help
    assert message["response"] == "utter_help"
