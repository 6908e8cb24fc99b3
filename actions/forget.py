""""Forget me", after the person said yes: the knowledge service deletes the stored conversation and the
questions it sent to the R&D office (knowledge.retention.forget_person); Rasa's action_restart, next in the
rule, then clears the slots. What Rasa saves after this turn is only the turn's own new events."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_client import ask


class ActionForgetMe(Action):
    def name(self) -> str:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        await ask(dispatcher, "/api/forget", {"sender": tracker.sender_id},
                  refused="utter_forget_unavailable", unavailable="utter_forget_unavailable")
        return []
