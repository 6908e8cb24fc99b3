"""Fill and check the profile slots (profession, nation, career stage, interests, organisation).

People say several things at once ("I'm a band 6 physio in Cardiff interested in stroke
rehab", "about five years qualified"); the knowledge service (POST /api/person) turns their
words into the taxonomy's codes. Extraction only counts when someone is telling us about
themselves, so "what is HSC R&D?" does not move them to Northern Ireland.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker, ValidationAction
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.intents import latest_intent
from actions.knowledge_client import quietly

ABOUT_ME_INTENTS = {"inform", "start_induction"}
# Only the part of these about the writer counts: "can I apply for the HSC research fora?" names a scheme, and its
# "HSC" must not move the person to Northern Ireland; "as a nurse in Wales, can I apply for P2P?" still tells us.
QUESTION_INTENTS = {"ask_knowledge", "ask_getting_started", "ask_how_to_apply", "ask_contact", "choose_entry",
                    "ask_eligibility"}
PROFILE_SLOTS = ("profession", "nation", "career_stage")
FORM_INTENTS = {"inform", "start_induction"}  # intents the form handles itself: no in-form rule for them
_PAYLOAD = re.compile(r"^/inform(\{.*\})$")


def options(domain: DomainDict | None, slot: str) -> list[str]:
    """The codes the buttons of the question for `slot` offer, in the order shown ("the first one" picks one)."""
    responses = (domain or {}).get("responses", {}).get(f"utter_ask_{slot}") or [{}]
    codes = []
    for button in responses[0].get("buttons") or []:
        found = _PAYLOAD.match(str(button.get("payload", "")).replace("{{", "{").replace("}}", "}"))
        try:
            code = json.loads(found.group(1)).get(slot) if found else None
        except ValueError:
            code = None
        if isinstance(code, str):
            codes.append(code)
    return codes


def reading(tracker: Tracker, domain: DomainDict | None = None) -> dict[str, Any] | None:
    """What to ask the service about the latest message, or None when it cannot be about the writer (a button
    payload). `about_writer`: an inform; `question`: only its part in the first person counts ("as a nurse in
    Scotland, ..."); `answering`: a short answer to a profile question, with the `options` its buttons offer
    (for "the first one"); `after_entry`: an entry was answered just before it, which a follow-up may be about;
    `invited`: "interests" when the list just asked what interests them and Rasa read the message as one may be. A
    question about something else ("what is HSC R&D?") is not about the writer, even
    in the middle of the form."""
    message = tracker.latest_message
    text = (message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    intent = (message.get("intent") or {}).get("name")
    requested = tracker.get_slot("requested_slot")
    asked = requested in PROFILE_SLOTS
    known = {slot: value for slot in PROFILE_SLOTS if (value := tracker.get_slot(slot))}
    answering = asked and (intent not in QUESTION_INTENTS or (len(text.split()) <= 4 and "?" not in text))
    shown = options(domain, requested) if answering else []
    return {"text": text, "about_writer": intent in ABOUT_ME_INTENTS, "question": intent in QUESTION_INTENTS,
            "answering": answering, "request": intent == "start_induction", "telling": intent == "inform",
            "after_entry": just_answered(tracker),  # "what about for OTs?" may be about it (its id, or False)
            **({"profile": known} if known else {}),
            **({"asked": requested} if asked else {}), **({"options": shown} if shown else {}),
            **({"invited": "interests"} if intent in TOPIC_INTENTS and invites_interests(tracker) else {})}


# What Rasa reads a topic given alone as ("falls prevention mainly": a question, a statement, or neither); not a
# greeting, thanks, help, yes or no, whose words are no interest
TOPIC_INTENTS = ("ask_knowledge", "inform", "nlu_fallback")


# How the list of the person's schemes asks what interests them (actions/recommend.py shows it).
INVITES_INTERESTS = "Tell me what interests you (e.g. \"I'm interested in stroke rehab\") and I'll sort these by fit."
INVITED_WITHIN = 2  # turns back: the list that asked, or it and an answer to a question asked after it


def interests_told_now(tracker: Tracker) -> bool:
    """Did the latest message give the person's interests, just after the list asked for them?"""
    return _asked_interests(tracker) and any(e.get("event") == "slot" and e.get("name") == "interests" and e.get("value")
                                             for e in tracker.events[latest_message_at(tracker.events):])


def invites_interests(tracker: Tracker) -> bool:
    """Did a recent reply list the person's schemes and ask what interests them (none is known yet), so that a topic
    given alone ("perinatal mental health", even after a question on the way) is their interest?"""
    return not tracker.get_slot("interests") and not (tracker.active_loop or {}).get("name") and _asked_interests(tracker)


def _asked_interests(tracker: Tracker) -> bool:
    before = tracker.events[:latest_message_at(tracker.events)]
    turns = [i for i, e in enumerate(before) if e.get("event") == "user"][-INVITED_WITHIN:]
    return any(e.get("event") == "bot" and INVITES_INTERESTS in (e.get("text") or "")
               for e in before[turns[0] if turns else 0:])


async def read_message(tracker: Tracker, domain: DomainDict | None = None) -> dict[str, Any]:
    """The service's reading of the latest message (what it says about the writer; `unsure`: that the writer does
    not know the answer to the profile question asked); empty when it cannot be about the writer or the service
    cannot say (nothing is changed rather than something guessed)."""
    body = reading(tracker, domain)
    return (await quietly("/api/person", body) if body else None) or {}


async def description(profile: dict[str, Any]) -> str | None:
    """"a physiotherapist (mid-career staff) in Wales", in the knowledge base's words; None if it cannot say."""
    reply = await quietly("/api/person", {"profile": {k: v for k, v in profile.items() if k in PROFILE_SLOTS}})
    return reply["description"] if reply else None


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's action_validate_slot_mappings): whatever the person says
    about themselves is kept, whichever question was asked."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def get_extraction_events(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """One reading of the message fills every slot it states (rasa_sdk would call extract_<slot> per slot), and
        `answer_first` says whether a message read as "show me what I can apply for" asks something else (a rule
        answers it, with the induction offered, rather than the form taking it over)."""
        read = await read_message(tracker, domain)
        said = read.get("said", {})
        slots = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        found = {slot: said[slot] for slot in slots if slot in said}
        if _repeats_in_a_question(tracker, found, read):
            # "is ODP even counted in those reports?" from an ODP asked their career stage: it tells us nothing new, and
            # the profession set again would have the form take the question as its answer (the question asked again,
            # the question never answered); without it the form rejects, and the in-form rule answers, then resumes
            found = {slot: value for slot, value in found.items() if slot not in PROFILE_SLOTS}
        if read.get("answer_first") or _names_in_the_form(tracker, read):
            found["answer_first"] = True
        elif tracker.get_slot("answer_first"):
            found["answer_first"] = None  # only the message that asked it
        tracker.slots.update(found)
        return [SlotSet(slot, value) for slot, value in found.items()]


def _repeats_in_a_question(tracker: Tracker, found: dict[str, Any], read: dict[str, Any]) -> bool:
    """Does a question asked in the induction only name again what we hold of the writer (none of it the slot asked)?"""
    requested = tracker.get_slot("requested_slot")
    return (tracker.active_loop or {}).get("name") == "induction_form" and latest_intent(tracker) in QUESTION_INTENTS \
        and bool(read.get("asks")) and requested not in found \
        and all(tracker.get_slot(slot) == value for slot, value in found.items() if slot in PROFILE_SLOTS)


STAGE_LATER = ("Some schemes depend on career stage: those are marked for you to check with your R&D office. Tell me "
               "your band at any time to narrow the list.")


def _names_in_the_form(tracker: Tracker, read: dict[str, Any]) -> bool:
    """Does a question asked in the induction name an entry ("I'm a band 7 team leader in Lancashire - could I do that
    Leading Cultures leadership course?" when asked the career stage)? Its answer is kept and the question answered
    too, before the form goes on (not taken for the answer alone)."""
    return (tracker.active_loop or {}).get("name") == "induction_form" and latest_intent(tracker) in QUESTION_INTENTS \
        and bool(read.get("names")) and bool(read.get("asks"))


def profile_of(tracker: Tracker) -> dict[str, Any]:
    profile = {slot: tracker.get_slot(slot) for slot in (*PROFILE_SLOTS, "organisation")}
    interests = tracker.get_slot("interests")  # text (domain.yml); a list is taken as it is
    profile["interests"] = list(interests) if isinstance(interests, list) else [interests] if interests else []
    return profile


def _on_a_reply(tracker: Tracker) -> bool:
    """Is the form validating the person's reply (not resuming after a digression)? Rasa calls the validation
    with the form's own execution appended, so the action before that one says which."""
    actions = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


ANSWERING_ACTIONS = {"action_answer_question", "action_answer_follow_up", "action_check_eligibility"}


def latest_message_at(events: list[dict]) -> int:
    """Where the person's latest message stands among the tracker's events (what came before it is history)."""
    return max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))


def just_answered(tracker: Tracker) -> str | bool:
    """The entry the bot's last reply before this message answered, if it was an entry's answer (not one many turns
    back: "what do you do?" after a list and a greeting asks about the bot); False if not."""
    entry = tracker.get_slot("last_entry")
    return entry if entry and last_reply(tracker) in ANSWERING_ACTIONS else False


def last_reply(tracker: Tracker) -> str | None:
    """The action that replied last before the latest message. The induction asking its question again after an answer
    does not make that answer one further back ("what about for OTs?" after "is ICAP open to SLTs?" in the form)."""
    actions = [e.get("name") for e in tracker.events[:latest_message_at(tracker.events)] if e.get("event") == "action"
               and e.get("name") not in ("action_listen", "induction_form")]
    return actions[-1] if actions else None


def before_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest message: "like the NI equivalent of NIHR" from someone in Northern Ireland,
    asked their career stage, set the nation again but told us nothing new (no "Thanks, noted.")."""
    value, events = None, tracker.events
    latest = latest_message_at(events)
    for event in events[:latest]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif event.get("event") in ("restart", "session_started"):
            value = None
    return value


async def _acknowledgement(tracker: Tracker, intent: str | None, domain: DomainDict) -> str:
    """What to say before asking again: "noted" for a profile fact that answers another question; "choose the
    closest option" when the person says they do not know the answer ("I'm not sure which nation, I work on the
    border", whichever intent it was read as); for "show me what I can apply for" (the form's own request, typed or
    its button) why one more detail is asked; else "didn't catch that"."""
    read = await read_message(tracker, domain)
    if read.get("said"):
        return "utter_noted"
    if read.get("unsure"):
        return "utter_form_unsure"
    return "utter_induction_needs" if intent == "start_induction" else "utter_not_caught"


class ValidateInductionForm(FormValidationAction):
    """Asks only what is needed: profession and nation, and career stage only when it decides something."""

    def name(self) -> str:
        return "validate_induction_form"

    async def required_slots(self, domain_slots, dispatcher, tracker: Tracker, domain: DomainDict) -> list[str]:
        slots = list(domain_slots)
        if all(tracker.get_slot(s) for s in slots) and not tracker.get_slot("career_stage_unknown"):
            reply = await quietly("/api/recommend", profile_of(tracker))
            if reply is None:
                return slots  # recommend without it; the action says if the service is down
            slots += [s for s in reply.get("needs", []) if s in PROFILE_SLOTS and s not in slots]
        return slots

    async def _check(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        reply = await quietly("/api/person", {"profile": {slot: value}})
        if reply is None:  # cannot check now: keep what was given (the form re-checks a profile given before)
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return {slot: value}
        code = reply.get("codes", {}).get(slot)
        if code is None:
            dispatcher.utter_message(response="utter_not_recognised")
        return {slot: code}

    async def validate_profession(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        return await self._check("profession", value, dispatcher)

    async def validate_nation(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        return await self._check("nation", value, dispatcher)

    async def validate_career_stage(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict[str, Any]:
        return await self._check("career_stage", value, dispatcher)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A person telling us about themselves never gets the form rejected (a rejected form with no rule for
        the intent is what ran the core fallback into Rasa's circuit breaker): what they said is kept and the
        question asked again. "No idea" to the career stage ends the form without it ("no, England" corrects the
        nation instead). Other intents are rejected on purpose: their in-form rules answer, then resume."""
        asked = tracker.get_slot("requested_slot")
        intent = latest_intent(tracker)
        told = [slot for slot, value in tracker.slots_to_validate().items()
                if slot in PROFILE_SLOTS and value and value != before_message(tracker, slot)]
        if intent == "deny" and asked == "career_stage" and _on_a_reply(tracker) and not told:
            return await self._without_stage(dispatcher, tracker, domain)  # not "no wait, England": a correction
        if intent == "start_induction" and asked == "career_stage" and _on_a_reply(tracker) and not told \
                and not tracker.get_slot("answer_first"):
            # "what's out there for me?" instead of their band: the list now, not the question again
            return await self._without_stage(dispatcher, tracker, domain)
        if intent == "start_induction" and asked is None and await self._list_asked(dispatcher, tracker, domain):
            # "ok can u just give me a list of what i could apply for with reasons pls" from someone whose profession and
            # nation we know: the list now, those turning on the career stage marked, not one more question first
            return await self._without_stage(dispatcher, tracker, domain, STAGE_LATER)
        events = await super().run(dispatcher, tracker, domain)
        if (intent in FORM_INTENTS or intent in QUESTION_INTENTS) and tracker.get_slot("answer_first") \
                and _on_a_reply(tracker):
            return [*events, ActionExecutionRejected("induction_form")]  # a question: its rule answers, then resume
        if intent not in FORM_INTENTS and told and asked in PROFILE_SLOTS and asked not in told \
                and _on_a_reply(tracker) and not dispatcher.messages:
            # "work in a mental health trust in England" (read as a question) when asked the profession: kept, and
            # said so before the form asks again
            dispatcher.utter_message(response="utter_noted")
            return events
        if intent not in FORM_INTENTS or not _on_a_reply(tracker) or asked not in PROFILE_SLOTS \
                or tracker.get_slot(asked):
            return events  # any other intent: Rasa rejects the form and the rule for that intent replies
        if not dispatcher.messages:
            dispatcher.utter_message(response=await _acknowledgement(tracker, intent, domain))
        return [*events, SlotSet(asked, None)]

    async def _list_asked(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> bool:
        """Does the message ask for the person's list (not to begin the induction: "start induction" is answered with
        its questions), with their profession and nation known, and the career stage, which some of their schemes turn
        on, not?"""
        if not (tracker.get_slot("profession") and tracker.get_slot("nation")) or tracker.get_slot("career_stage") \
                or tracker.get_slot("career_stage_unknown") or tracker.get_slot("answer_first"):
            return False
        read = await read_message(tracker, domain)
        return bool(read) and not read.get("begins") and "career_stage" in await self.required_slots(
            self.domain_slots(domain), dispatcher, tracker, domain)

    async def _without_stage(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict, said: str | None = None) -> list[EventType]:
        """"No idea" to the career stage, or asking for the list instead of saying it: it is only asked because some
        schemes turn on it, so the form ends without it and those schemes are offered as unclear ("check with your R&D
        office"), never held back."""
        tracker.slots["career_stage_unknown"] = True
        if said:
            dispatcher.utter_message(text=said)
        else:
            dispatcher.utter_message(response="utter_stage_skipped")
        return [SlotSet("career_stage_unknown", True), *await super().run(dispatcher, tracker, domain)]
