"""Whether a scheme is open to the person, said the way every action says it, and said again when what they tell us of
themselves changes it ("sorry, I start at Hywel Dda next month. does that help?")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import entry_button
from actions.handoff import handoff_text
from actions.knowledge_client import ask
from actions.profile import profile_of
from actions.recommend import show_schemes


def eligibility_text(verdict: dict[str, Any]) -> str:
    """Yes, no (quoting the source's exclusion), or maybe (check with the R&D office); or what we still need."""
    cited = f" Source: {verdict['citation']}." if verdict.get("citation") else ""
    if verdict["eligible"] is True:
        return f"Yes: {verdict['title']} is {verdict['reason']}.{cited}"
    if verdict["eligible"] is False:
        return (f"No, I'm afraid: {verdict['reason']}.{cited} "
                "Say \"where do I start?\" to see what you can apply for.")
    if verdict.get("needs"):
        missing = " and ".join(n.replace("_", " ") for n in verdict["needs"])
        return f"{verdict['reason']}. Tell me your {missing} and I can check."
    return f"Possibly: {verdict['title']}: {verdict['reason']}.{cited} {handoff_text()}"


APPLIED_TO = "scheme"  # the kind of entry a verdict is about; findings, strategies and bodies are not applied to


async def said_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    """The scheme just discussed checked again for who the person now is (and their list when it is still not open to
    them), or, after a list or nothing, their list (the slots already hold what the message said)."""
    entry_id = tracker.get_slot("last_entry")
    if entry_id:
        verdict = await ask(dispatcher, "/api/eligibility", {"profile": profile_of(tracker), "entry_id": entry_id})
        if verdict is None:
            return []
        if verdict.get("kind") == APPLIED_TO and verdict["eligible"] is False:
            # still not open to them ("I might be moving to a job in Swansea next year, does that open anything up?"
            # from a dentist told ICAP is not for dentists): that, and what is open to who they now are
            dispatcher.utter_message(text=f"{verdict['reason'][0].upper()}{verdict['reason'][1:]}.")
            return await show_schemes(dispatcher, tracker)
        if verdict.get("kind") == APPLIED_TO:
            dispatcher.utter_message(text=eligibility_text(verdict),
                                     buttons=[entry_button(verdict["entry_id"], f"More about {verdict['title']}")])
            return [SlotSet("pending_aspect", None)]
    return await show_schemes(dispatcher, tracker)
