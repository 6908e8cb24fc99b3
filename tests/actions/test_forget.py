""""Forget me" asks the knowledge service to delete this conversation, and says so when it cannot."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forget import ActionForgetMe
from tests.actions.conftest import tracker


async def run(t: Tracker):
    dispatcher = CollectingDispatcher()
    events = await ActionForgetMe().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_the_conversation_is_forgotten_by_its_sender_id(knowledge):
    knowledge.replies["/api/forget"] = {"conversation_events": 12, "tickets": 1}
    messages, events = await run(tracker("yes", "affirm"))
    assert knowledge.received == [("/api/forget", {"sender": "someone"})]
    assert messages == [] and events == []  # action_restart, next in the rule, says it is done


async def test_service_down_says_it_could_not_delete(knowledge_down, caplog):
    messages, events = await run(tracker("yes", "affirm"))
    assert [m["response"] for m in messages] == ["utter_forget_unavailable"] and events == []
    assert "someone" not in caplog.text
