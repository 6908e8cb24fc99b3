"""Induction actions: recommend schemes, check eligibility, follow-ups, hand-off, greeting, feedback."""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_client import KnowledgeUnavailable, post
from actions.profile import profile_of
from knowledge.recommend import label, one_of
from knowledge.settings import get_settings

log = logging.getLogger(__name__)


def entry_button(entry_id: str, title: str) -> dict:
    return {"title": title, "payload": "/choose_entry" + json.dumps({"entry_id": entry_id})}


def describe(profile: dict[str, Any]) -> str:
    """"a physiotherapist (mid-career staff) in Wales" from slot codes."""
    who = one_of(profile["profession"]) if profile.get("profession") else "member of staff"
    stage = f" ({label(profile['career_stage'])})" if profile.get("career_stage") else ""
    where = f" in {label(profile['nation'])}" if profile.get("nation") else ""
    article = "an" if who[0] in "aeiou" else "a"
    return f"{article} {who}{stage}{where}"


ASK_BUTTON = {"title": "Ask the R&D office", "payload": "/ask_rd_office"}  # actions/tickets.py takes it from here


def handoff_text() -> str:
    settings = get_settings()
    email = f" at {settings.rd_office_email}" if settings.rd_office_email else ""
    return (f"The best people to ask are {settings.rd_office_contact}{email}. They know the schemes "
            "open in your organisation and can put you in touch with a research mentor.")


def _cited(item: dict[str, Any]) -> str:
    return f" (source: {item['citation']})" if item.get("citation") else ""


def recommendation_text(profile: dict[str, Any], found: list[dict[str, Any]]) -> str:
    """Eligible schemes, then those to check with the R&D office (with why and the source), then ways in."""
    schemes = [r for r in found if r.get("kind", "scheme") == "scheme"]
    eligible = [r for r in schemes if r.get("outcome", "eligible") == "eligible"]
    unclear = [r for r in schemes if r.get("outcome") == "unclear"]
    routes = [r for r in found if r.get("kind") == "route"]
    if eligible:
        lines = [f"As {describe(profile)}, you can apply for:"]
        lines += [f"• **{r['title']}**: {r['reason']}{_cited(r)}." for r in eligible]
    else:
        lines = [f"I couldn't find a scheme in the knowledge base that is certainly open to {describe(profile)}."]
    if unclear:
        lines.append("These may be open to you too: the sources don't say for certain, so check with your R&D office:")
        lines += [f"• **{r['title']}** (check with your R&D office): {r['reason']}{_cited(r)}." for r in unclear]
    if routes:
        lines.append("Ways into research open to everyone:")
        lines += [f"• **{r['title']}**" for r in routes]
    return "\n".join(lines)


class ActionRecommend(Action):
    def name(self) -> str:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        profile = profile_of(tracker)
        try:
            reply = await post("/api/recommend", profile)
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        except ValueError:
            dispatcher.utter_message(response="utter_not_recognised")
            return []
        found = reply["recommendations"]
        if not found:
            dispatcher.utter_message(text=(
                f"I couldn't find a scheme in the knowledge base that is open to {describe(profile)}. "
                f"{handoff_text()} Mentorship is open to everyone: ask me \"how do I find a mentor?\"."))
            return []
        lines = [recommendation_text(profile, found)]
        if not any(r.get("kind", "scheme") == "scheme" for r in found):
            lines.append(handoff_text())
        if not profile["interests"]:
            lines.append(
                "Tell me what interests you (e.g. \"I'm interested in stroke rehab\") and I'll sort these by fit.")
        dispatcher.utter_message(text="\n".join(lines),
                                 buttons=[entry_button(r["entry_id"], f"More about {r['title']}") for r in found[:4]])
        return []


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


class ActionCheckEligibility(Action):
    def name(self) -> str:
        return "action_check_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        question = (tracker.latest_message.get("text") or "").strip()
        body: dict[str, Any] = {"profile": profile_of(tracker)}
        last = tracker.get_slot("last_entry")
        try:
            resolved = await post("/api/resolve", {"question": question}) if question else {}
            entry_id = resolved.get("named") or last or resolved.get("searched")
            if not entry_id:
                dispatcher.utter_message(response="utter_ask_which_scheme")
                return []
            body["entry_id"] = entry_id
            verdict = await post("/api/eligibility", body)
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        except ValueError:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        dispatcher.utter_message(text=eligibility_text(verdict),
                                 buttons=[entry_button(verdict["entry_id"], f"More about {verdict['title']}")])
        return [SlotSet("last_entry", verdict["entry_id"])]


class ActionAnswerFollowUp(Action):
    """"How do I apply?" / "Who do I contact?" about the scheme named, or the one just discussed."""

    def name(self) -> str:
        return "action_answer_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        aspect = "contact" if intent == "ask_contact" else "how_to_apply"
        question = (tracker.latest_message.get("text") or "").strip()
        try:
            resolved = await post("/api/resolve", {"question": question}) if question else {}
            entry_id = resolved.get("named") or tracker.get_slot("last_entry") or resolved.get("searched")
            if not entry_id:
                dispatcher.utter_message(response="utter_ask_which_scheme")
                return []
            reply = await post("/api/answer", {"entry_id": entry_id, "aspect": aspect})
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        except ValueError:
            dispatcher.utter_message(response="utter_ask_which_scheme")
            return []
        dispatcher.utter_message(text=reply["text"])
        return [SlotSet("last_entry", entry_id)]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(text=handoff_text(), buttons=[ASK_BUTTON])
        return [SlotSet("failed_attempts", 0.0)]


class ActionGreet(Action):
    """A returning user is greeted with what they told us before, and can change it."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        profile = profile_of(tracker)
        if not (profile["profession"] or profile["nation"]):
            dispatcher.utter_message(response="utter_greet")
            return []
        dispatcher.utter_message(
            text=(f"Welcome back! Last time you told me you're {describe(profile)}. "
                  "Ask me anything, say \"where do I start?\" to see the schemes that fit, "
                  "or tell me if something has changed (e.g. \"I work in Wales now\")."),
            buttons=[{"title": "Show my options", "payload": "/start_induction"},
                     {"title": "Start over", "payload": "/forget_me"}])
        return []


def answered_question(tracker: Tracker) -> str | None:
    """What the person typed for the latest answer, read from the conversation's events rather than kept in a
    slot (a slot would store a second copy of their words); None when they chose a suggestion instead."""
    answered = False
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_answer_question":
            answered = True
        elif answered and event.get("event") == "user":
            text = (event.get("text") or "").strip()
            return None if not text or text.startswith("/") else text
    return None


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        helpful = (tracker.latest_message.get("intent") or {}).get("name") == "feedback_helpful"
        body = {"helpful": helpful, "entry_id": tracker.get_slot("last_entry"),
                "question": answered_question(tracker)}
        try:
            await post("/api/feedback", body)
        except (KnowledgeUnavailable, ValueError) as exc:
            log.warning("feedback not recorded: %s", exc)
        dispatcher.utter_message(response="utter_feedback_thanks" if helpful else "utter_feedback_sorry")
        if not helpful:
            dispatcher.utter_message(text=handoff_text(), buttons=[ASK_BUTTON])
        return []
