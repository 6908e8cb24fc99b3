"""action_deny: a "no" (or a "stop" out of the induction). One that corrects what the person told us ("no, I'm a
midwife not a nurse", which Rasa reads as a no) re-routes as telling us would: the schemes for the corrected profile, or
what is still needed for them. One that asks outright ("is that common?" was read as a no) is answered, and one asking
us to forget ("please forget that, I don't want it stored", read as "stop") is told how. Otherwise "anything else?",
or, in the induction, how to answer its question."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import OFFER_BUTTON, answered_instead, offer_text, said_this_turn
from actions.profile import PROFILE_SLOTS, before_message, profile_of
from actions.recommend import show_schemes


class ActionDeny(Action):
    def name(self) -> str:
        return "action_deny"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        in_form = (tracker.active_loop or {}).get("name") == "induction_form"
        # told anew: "no I'm in Wales not England" names England again, which we held already
        corrected = {slot for slot in said_this_turn(tracker) & set(PROFILE_SLOTS)
                     if tracker.get_slot(slot) != before_message(tracker, slot)}
        if not in_form and corrected:
            profile = profile_of(tracker)
            if profile.get("profession") and profile.get("nation"):
                return await show_schemes(dispatcher, tracker)
            dispatcher.utter_message(response="utter_noted")
            dispatcher.utter_message(text=await offer_text(profile), buttons=[OFFER_BUTTON])
            return []
        answered = await answered_instead(dispatcher, tracker, domain, outright=True)
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_form_unsure" if in_form else "utter_anything_else")
        return []
