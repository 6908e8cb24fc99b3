"""Hand the person to the R&D office: who they are and how to reach them (actions/settings.py)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import ASK_BUTTON
from actions.settings import get_settings


def handoff_text() -> str:
    settings = get_settings()
    email = f" at {settings.rd_office_email}" if settings.rd_office_email else ""
    return (f"The best people to ask are {settings.rd_office_contact}{email}. They know the schemes "
            "open in your organisation and can put you in touch with a research mentor.")


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(text=handoff_text(), buttons=[ASK_BUTTON])
        return [SlotSet("failed_attempts", 0.0)]
