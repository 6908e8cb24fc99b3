"""action_affirm: a "yes" out of context. One that asks outright ("I'm a... hang on, is this confidential?" was read as
a yes) is answered; otherwise "anything else?" (in the induction, its question follows)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answered_instead


class ActionAffirm(Action):
    def name(self) -> str:
        return "action_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answered = await answered_instead(dispatcher, tracker, domain, outright=True)
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_anything_else")
        return []
