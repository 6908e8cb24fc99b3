"""Fill and check the profile slots (profession, nation, career stage, interests, organisation).

People say several things at once ("I'm a band 6 physio in Cardiff interested in stroke
rehab"); the knowledge base's taxonomy turns the words into codes. Extraction only runs
when someone is telling us about themselves, so "what is HSC R&D?" does not move them to
Northern Ireland.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge_client import KnowledgeUnavailable, post
from knowledge.taxonomy import (
    CAREER_STAGE_CODES,
    NATION_CODES,
    PROFESSION_CODES,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
)

ABOUT_ME_INTENTS = {"inform", "start_induction", "ask_eligibility"}
INTERESTS = re.compile(r"\b(?:interested in|interests? (?:is|are|include)|passionate about|keen on)\s+(.+)", re.I)
WORKPLACE = re.compile(r"\b(?:work(?:ing)? (?:at|for)|based at|employed by)\s+(.+)", re.I)
PROFILE_SLOTS = ("profession", "nation", "career_stage")


def _about_me(tracker: Tracker) -> str | None:
    """The latest message's text if it is someone describing themselves (not a button payload)."""
    message = tracker.latest_message
    text = (message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    intent = (message.get("intent") or {}).get("name")
    if intent in ABOUT_ME_INTENTS or tracker.get_slot("requested_slot") in PROFILE_SLOTS:
        return text
    return None


def _clause(match: re.Match | None) -> str | None:
    if not match:
        return None
    return re.split(r"[.,;!?]| and I | but ", match.group(1))[0].strip()[:200] or None


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's action_validate_slot_mappings)."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_profession(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = _about_me(tracker)
        code = normalise_profession(text) if text else None
        return {"profession": code} if code else {}

    async def extract_nation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = _about_me(tracker)
        code = normalise_nation(text) if text else None
        return {"nation": code} if code else {}

    async def extract_career_stage(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = _about_me(tracker)
        code = normalise_career_stage(text) if text else None
        return {"career_stage": code} if code else {}

    async def extract_interests(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = _about_me(tracker)
        interests = _clause(INTERESTS.search(text)) if text else None
        return {"interests": interests} if interests else {}

    async def extract_organisation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = _about_me(tracker)
        workplace = _clause(WORKPLACE.search(text)) if text else None
        return {"organisation": workplace} if workplace else {}


def profile_of(tracker: Tracker) -> dict[str, Any]:
    profile = {slot: tracker.get_slot(slot) for slot in (*PROFILE_SLOTS, "organisation")}
    interests = tracker.get_slot("interests")
    profile["interests"] = [interests] if interests else []
    return profile


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
