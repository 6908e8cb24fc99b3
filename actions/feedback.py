"""action_record_feedback: "helpful / not helpful" on the latest answer, kept by the knowledge service. A typed
message Rasa read as feedback that asks outright ("were most of the survey answers from england or was it spread
across the four nations?" was thanked for) is answered as the question it is, and records no feedback; one that
corrects who the writer is ("actually wait im doing my f2 in wrexham not brum", read as "not helpful") gets the list
for who they are now."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answered_instead, said_this_turn
from actions.buttons import ASK_BUTTON
from actions.handoff import handoff_text
from actions.intents import latest_intent
from actions.knowledge_client import quietly
from actions.profile import PROFILE_SLOTS
from actions.recommend import show_schemes


def answered_question(tracker: Tracker) -> str | None:
    """What the person typed for the latest answer, read from the conversation's events rather than kept in a
    slot (a slot would store a second copy of their words); None when they chose a suggestion instead."""
    answered = False
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_answer_question":
            answered = True
        elif answered and event.get("event") == "user":
            text = (event.get("text") or "").strip()
            return None if not text or text.startswith("/") else text
    return None


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answered = await answered_instead(dispatcher, tracker, domain, outright=True)
        if answered is not None:
            return answered
        if said_this_turn(tracker).intersection(PROFILE_SLOTS) and tracker.get_slot("profession"):
            return await show_schemes(dispatcher, tracker)  # a correction of who they are, not feedback
        helpful = latest_intent(tracker) == "feedback_helpful"
        await quietly("/api/feedback", {"helpful": helpful, "entry_id": tracker.get_slot("last_entry"),
                                        "question": answered_question(tracker)})
        dispatcher.utter_message(response="utter_feedback_thanks" if helpful else "utter_feedback_sorry")
        if not helpful:
            dispatcher.utter_message(text=handoff_text(), buttons=[ASK_BUTTON])
        return []
