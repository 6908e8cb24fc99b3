"""action_help: what the assistant can do; a follow-up Rasa read as help is answered."""

from rasa_sdk.executor import CollectingDispatcher

from actions.help import ActionHelp
from tests.actions.conftest import tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionHelp().run(dispatcher, t, {})
    return dispatcher.messages, events


def after(text: str, *actions: str):
    """The message, after the bot's `actions` (the last is its reply just before), with an entry shown."""
    t = tracker(text, "help", slots={"last_entry": "research-secondments"})
    t.events = [*({"event": "action", "name": name} for name in actions), *t.events]
    return t


async def test_asking_what_the_assistant_does_gets_help(knowledge):
    for text in ("what can you do?", "how does this work?", "what do you do?"):
        [message], _ = await run(after(text, "action_answer_question"))
        assert message["response"] == "utter_help", text


async def test_a_follow_up_read_as_help_is_answered_about_the_entry_just_shown(knowledge):
    """"how does that work?" after KCHFT's research routes got the list of what the bot can do."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Research secondments**\nSecondments let ...",
                                        "confidence": 0.9, "entry_id": "research-secondments", "suggestions": []}
    messages, _ = await run(after("how does that work?", "action_answer_question"))
    assert messages[0]["text"].startswith("**Research secondments**")
    assert knowledge.received[-1] == ("/api/answer", {"question": "how does that work?", "context": {
        "entry": "research-secondments", "listed": [], "passage": None}})
    # an answer further back (a greeting came after it), or none: help
    [message], _ = await run(after("how does that work?", "action_answer_question", "action_greet"))
    assert message["response"] == "utter_help"
    [message], _ = await run(tracker("how does that work?", "help"))
    assert message["response"] == "utter_help"
