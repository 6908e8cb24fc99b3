"""action_check_eligibility: "can I apply for X?" about the scheme named, or the one just discussed; about schemes in
general ("can pharmacists apply for research fellowships?"), the list of those open."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from actions.buttons import entry_button
from actions.context import entry_in_question
from actions.knowledge_client import ask
from actions.profile import profile_of
from actions.recommend import show_schemes
from actions.verdict import eligibility_text


async def answer_pending(dispatcher: CollectingDispatcher, entry_id: str, aspect: str, asked: str) -> list[dict]:
    """A scheme named in answer to "which one?" after "how do I apply?" (NLU may read a bare name as an eligibility
    question): what was asked, about the scheme chosen."""
    reply = await ask(dispatcher, "/api/answer", {"entry_id": entry_id, "aspect": aspect,
                                                  **({"question": asked} if asked else {})})
    if reply is None:
        return []
    dispatcher.utter_message(text=reply["text"])
    return [SlotSet("last_entry", entry_id), SlotSet("pending_aspect", None)]


class ActionCheckEligibility(Action):
    def name(self) -> str:
        return "action_check_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        meant = await entry_in_question(dispatcher, tracker, refused="utter_ask_rephrase", schemes_only=True,
                                        aspect="eligibility")
        asked = (tracker.latest_message.get("text") or "").strip()  # "can pharmacists apply?" is about pharmacists
        if meant.schemes:  # "can pharmacists apply for research fellowships?": those open, not one search picked
            return await show_schemes(dispatcher, tracker)
        entry_id = meant.entry
        if meant.own_question:  # "can I get a Smartcard for the record system?": searched, not "which scheme?"
            return await ActionAnswerQuestion().reply(dispatcher, tracker)
        if not entry_id:
            return meant.events
        pending = tracker.get_slot("pending_aspect")
        if pending and pending != "eligibility" and meant.asked is None:  # "Pathway to Portfolio" after "which one?"
            return await answer_pending(dispatcher, entry_id, pending, asked)
        verdict = await ask(dispatcher, "/api/eligibility", {"profile": profile_of(tracker), "entry_id": entry_id,
                                                             **({"question": asked} if asked else {})})
        if verdict is None:
            return []
        dispatcher.utter_message(text=verdict.get("who") or eligibility_text(verdict),
                                 buttons=[entry_button(verdict["entry_id"], f"More about {verdict['title']}")])
        return [SlotSet("last_entry", verdict["entry_id"]), SlotSet("pending_aspect", None)]
