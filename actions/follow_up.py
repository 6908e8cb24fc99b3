"""action_answer_follow_up: "How do I apply?" / "Who do I contact?" about the scheme named, or the one just
discussed, or (asked which first) one of those just listed."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from actions.context import entry_in_question
from actions.intents import latest_intent
from actions.knowledge_client import ask


class ActionAnswerFollowUp(Action):
    def name(self) -> str:
        return "action_answer_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        intent = latest_intent(tracker)
        aspect = "contact" if intent == "ask_contact" else "how_to_apply"
        meant = await entry_in_question(dispatcher, tracker, refused="utter_ask_which_scheme", aspect=aspect)
        entry_id = meant.entry
        if meant.own_question:  # "how do I opt out of the NHS pension scheme?": searched, not "which scheme?"
            return await ActionAnswerQuestion().reply(dispatcher, tracker)
        if not entry_id:
            return meant.events
        question = tracker.latest_message.get("text") or ""
        reply = await ask(dispatcher, "/api/answer", {"entry_id": entry_id, "aspect": aspect,
                                                   **({} if question.startswith("/") else {"question": question})},
                          refused="utter_ask_which_scheme")
        if reply is None:
            return []
        dispatcher.utter_message(text=reply["text"])
        return [SlotSet("last_entry", entry_id), SlotSet("pending_aspect", None)]
