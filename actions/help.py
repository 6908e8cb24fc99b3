"""action_help: what the assistant can do. A follow-up about the entry just answered that Rasa read as asking for
help ("how does that work?" after KCHFT's secondments got the list of what the bot can do) is answered instead."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from actions.profile import read_message


# Words that ask about the assistant itself ("how does this work?", "what do you do?"), whatever was just shown.
TO_THE_BOT = re.compile(r"\b(?:you|your|u|this)\b", re.I)


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        if not TO_THE_BOT.search(text) and (await read_message(tracker, domain)).get("follows_up"):
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_help")
        return []
