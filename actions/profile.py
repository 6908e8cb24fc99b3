"""Fill and check the profile slots (profession, nation, career stage, interests, organisation).

People say several things at once ("I'm a band 6 physio in Cardiff interested in stroke
rehab", "about five years qualified"); knowledge.profile_text turns their words into the
taxonomy's codes. Extraction only runs when someone is telling us about themselves, so
"what is HSC R&D?" does not move them to Northern Ireland.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker, ValidationAction
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge_client import KnowledgeUnavailable, post
from knowledge.profile_text import extract, mentions_self, self_part
from knowledge.taxonomy import (
    CAREER_STAGE_CODES,
    NATION_CODES,
    PROFESSION_CODES,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
)

ABOUT_ME_INTENTS = {"inform", "start_induction", "ask_eligibility"}
QUESTION_INTENTS = {"ask_knowledge", "ask_getting_started", "ask_how_to_apply", "ask_contact", "choose_entry"}
PROFILE_SLOTS = ("profession", "nation", "career_stage")
FORM_INTENTS = {"inform", "start_induction"}  # intents the form handles itself: no in-form rule for them


def about_me(tracker: Tracker) -> str | None:
    """The latest message's text if it tells us about the writer (not a button payload): an inform, a
    message in the first person ("as a nurse in Scotland, ..."), or a short answer to a profile question.
    A question about something else ("what is HSC R&D?") is not, even in the middle of the form."""
    message = tracker.latest_message
    text = (message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    intent = (message.get("intent") or {}).get("name")
    if intent in ABOUT_ME_INTENTS:
        return text
    if mentions_self(text):
        return self_part(text) if intent in QUESTION_INTENTS else text
    answering = tracker.get_slot("requested_slot") in PROFILE_SLOTS
    if answering and (intent not in QUESTION_INTENTS or (len(text.split()) <= 4 and "?" not in text)):
        return text
    return None


def profile_said(tracker: Tracker) -> dict[str, str]:
    """Every profile field the latest message states, as codes (empty when it is not about the writer)."""
    text = about_me(tracker)
    return extract(text).filled() if text else {}


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's action_validate_slot_mappings): whatever the person says
    about themselves is kept, whichever question was asked."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_profession(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return _only("profession", profile_said(tracker))

    async def extract_nation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return _only("nation", profile_said(tracker))

    async def extract_career_stage(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return _only("career_stage", profile_said(tracker))

    async def extract_interests(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return _only("interests", profile_said(tracker))

    async def extract_organisation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return _only("organisation", profile_said(tracker))


def _only(slot: str, said: dict[str, str]) -> dict[str, Any]:
    return {slot: said[slot]} if slot in said else {}


def profile_of(tracker: Tracker) -> dict[str, Any]:
    profile = {slot: tracker.get_slot(slot) for slot in (*PROFILE_SLOTS, "organisation")}
    interests = tracker.get_slot("interests")
    profile["interests"] = [interests] if interests else []
    return profile


def _on_a_reply(tracker: Tracker) -> bool:
    """Is the form validating the person's reply (not resuming after a digression)? Rasa calls the validation
    with the form's own execution appended, so the action before that one says which."""
    actions = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


def _valid(value: Any, codes: frozenset[str], normalise) -> str | None:
    if not isinstance(value, str):
        return None
    return value if value in codes else normalise(value)


class ValidateInductionForm(FormValidationAction):
    """Asks only what is needed: profession and nation, and career stage only when it decides something."""

    def name(self) -> str:
        return "validate_induction_form"

    async def required_slots(self, domain_slots, dispatcher, tracker: Tracker, domain: DomainDict) -> list[str]:
        slots = list(domain_slots)
        if all(tracker.get_slot(s) for s in slots):
            try:
                reply = await post("/api/recommend", profile_of(tracker))
            except (KnowledgeUnavailable, ValueError):
                return slots  # recommend without it; the action says if the service is down
            slots += [s for s in reply.get("needs", []) if s in PROFILE_SLOTS and s not in slots]
        return slots

    def _check(self, slot: str, value, codes, normalise, dispatcher) -> dict[str, Any]:
        code = _valid(value, codes, normalise)
        if code is None:
            dispatcher.utter_message(response="utter_not_recognised")
        return {slot: code}

    async def validate_profession(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        return self._check("profession", value, PROFESSION_CODES, normalise_profession, dispatcher)

    async def validate_nation(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        return self._check("nation", value, NATION_CODES, normalise_nation, dispatcher)

    async def validate_career_stage(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        return self._check("career_stage", value, CAREER_STAGE_CODES, normalise_career_stage, dispatcher)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A person telling us about themselves never gets the form rejected (a rejected form with no rule for
        the intent is what ran the core fallback into Rasa's circuit breaker): what they said is kept and the
        question asked again. Other intents are rejected on purpose: their in-form rules answer, then resume."""
        events = await super().run(dispatcher, tracker, domain)
        asked = tracker.get_slot("requested_slot")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent not in FORM_INTENTS or not _on_a_reply(tracker) or asked not in PROFILE_SLOTS \
                or tracker.get_slot(asked):
            return events  # any other intent: Rasa rejects the form and the rule for that intent replies
        if not dispatcher.messages:
            dispatcher.utter_message(response="utter_noted" if profile_said(tracker) else "utter_not_caught")
        return [*events, SlotSet(asked, None)]
