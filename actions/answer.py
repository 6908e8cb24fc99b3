"""action_answer_question: ask the knowledge service and relay its cited answer.

When the knowledge base has no confident answer, a two-stage fallback: first offer the
topics that may be related (as buttons, never as the answer); if that fails too, hand
off to the R&D office.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.induction import ASK_BUTTON, describe, entry_button, handoff_text
from actions.knowledge_client import KnowledgeUnavailable, post
from actions.profile import profile_of, profile_said

log = logging.getLogger(__name__)

FEEDBACK_BUTTONS = [
    {"title": "👍 Helpful", "payload": "/feedback_helpful"},
    {"title": "👎 Not helpful", "payload": "/feedback_unhelpful"},
]


def chosen_entry(tracker: Tracker) -> str | None:
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "entry_id" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


OFFER_BUTTON = {"title": "Show the schemes open to me", "payload": "/start_induction"}


def offers_induction(tracker: Tracker) -> bool:
    """Offer the induction beside an answer to someone telling us about themselves in their question ("I'm a
    nurse in Scotland, how do I get protected time?"). "Where do I start?" needs no offer: the induction
    form follows its answer (bot/data/rules.yml)."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    said = profile_said(tracker)
    return intent != "ask_getting_started" and any(said.get(slot) for slot in ("profession", "nation", "career_stage"))


def offer_text(profile: dict[str, Any]) -> str:
    missing = [words for words, slot in (("your profession", "profession"), ("the nation you work in", "nation"))
               if not profile.get(slot)]
    if missing:
        return f"Tell me {' and '.join(missing)} and I'll show the schemes open to you."
    return f"I can also show the schemes open to {describe(profile)}."


async def for_you(entry_id: str, profile: dict[str, Any]) -> str | None:
    """Whether the answered scheme is open to the person, when their question said who they are."""
    if not (profile.get("profession") or profile.get("nation")):
        return None
    try:
        verdict = await post("/api/eligibility", {"entry_id": entry_id, "profile": profile})
    except (KnowledgeUnavailable, ValueError):
        return None
    if verdict.get("eligible") is None:
        return None
    return f"For {describe(profile)}: {verdict['reason']}."


def suggestion_buttons(suggestions: list[dict]) -> list[dict]:
    return [entry_button(s["entry_id"], f"Did you mean: {s['title']}?") for s in suggestions]


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        entry_id = chosen_entry(tracker)
        question = (tracker.latest_message.get("text") or "").strip()
        if not entry_id and not question:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        body = {"entry_id": entry_id} if entry_id else {"question": question}
        try:
            reply = await post("/api/answer", body)
        except KnowledgeUnavailable as exc:
            log.warning("knowledge service unavailable: %s", exc)
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        except ValueError:  # the service refused the input (too long, unknown entry)
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        offer = not entry_id and offers_induction(tracker)
        profile = profile_of(tracker)
        if reply["answered"]:
            note = await for_you(reply["entry_id"], profile) if offer else None
            extra = [OFFER_BUTTON] if offer else []
            text = "\n\n".join(t for t in (reply["text"], note, offer_text(profile) if offer else None) if t)
            dispatcher.utter_message(text=text, buttons=suggestion_buttons(reply.get("suggestions", [])) + extra
                                     + FEEDBACK_BUTTONS)
            return [SlotSet("last_entry", reply["entry_id"]), SlotSet("failed_attempts", 0.0)]
        if offer:  # no answer, but the induction can still show them what is open to them
            dispatcher.utter_message(text=f"{reply['text']} {offer_text(profile)}", buttons=[OFFER_BUTTON])
            return []
        failures = int(tracker.get_slot("failed_attempts") or 0) + 1
        related = reply.get("suggestions", [])
        if failures == 1 and related:
            dispatcher.utter_message(text=reply["text"] + " Or did you mean one of these?",
                                     buttons=suggestion_buttons(related) + [{"title": "None of these",
                                                                             "payload": "/handoff"}])
            return [SlotSet("failed_attempts", 1.0)]
        if failures >= 2:
            dispatcher.utter_message(text=f"I still don't have an answer for that. {handoff_text()} "
                                          "I've noted your question for them.", buttons=[ASK_BUTTON])
            return [SlotSet("failed_attempts", 0.0)]
        dispatcher.utter_message(text=reply["text"], buttons=[ASK_BUTTON])
        return [SlotSet("failed_attempts", float(failures))]
