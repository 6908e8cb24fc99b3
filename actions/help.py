"""action_help: what the assistant can do. A follow-up about the entry just answered that Rasa read as asking for
help ("how does that work?" after KCHFT's secondments got the list of what the bot can do) is answered instead."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from actions.profile import read_message


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if (await read_message(tracker, domain)).get("follows_up"):
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_help")
        return []
