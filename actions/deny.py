"""action_deny: a "no" outside the induction. One that corrects what the person told us ("no, I'm a midwife not a
nurse", which Rasa reads as a no) re-routes as telling us would: the schemes for the corrected profile, or what is
still needed for them. A plain "no" gets "anything else?"."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import OFFER_BUTTON, offer_text, said_this_turn
from actions.profile import PROFILE_SLOTS, profile_of
from actions.recommend import show_schemes


class ActionDeny(Action):
    def name(self) -> str:
        return "action_deny"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if not said_this_turn(tracker) & set(PROFILE_SLOTS):
            dispatcher.utter_message(response="utter_anything_else")
            return []
        profile = profile_of(tracker)
        if profile.get("profession") and profile.get("nation"):
            return await show_schemes(dispatcher, tracker)
        dispatcher.utter_message(response="utter_noted")
        dispatcher.utter_message(text=await offer_text(profile), buttons=[OFFER_BUTTON])
        return []
