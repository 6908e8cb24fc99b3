"""action_thank: thanks are welcomed; a message Rasa read as thanks that also asks ("thanks! so can I get protected
research time?") is answered as the question it is, not met with "you're welcome". Thanks that only seem to ask
("thanks, that's what I needed") get no "I don't know": the service reads them as acknowledged when nothing answers."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answered_instead


class ActionThank(Action):
    def name(self) -> str:
        return "action_thank"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answered = await answered_instead(dispatcher, tracker, domain)
        if answered is None:
            dispatcher.utter_message(response="utter_you_are_welcome")
        return answered or []
