"""action_goodbye: goodbyes are said back; a message Rasa read as a goodbye that asks something ("can i swap my night
shift on healthroster?") is answered as the question it is (there, "I don't know" and who to ask), never "Goodbye"."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answered_instead


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answered = await answered_instead(dispatcher, tracker, domain, outright=True)
        if answered is None:
            dispatcher.utter_message(response="utter_goodbye")
        return answered or []
