"""The induction form's questions: asked in full, then once briefly after a digression, then left to wait.

Rasa's form asks its question again after every message it did not take (a question answered mid-form, a thank
you, a greeting). Said once with its buttons that is right; said after every answer it buries the answers, and
people asking several questions in a row read it as the bot not listening. So the question is asked in full
whenever the person is replying to the form (or we only acknowledged what they told us: "Thanks, noted."), a short
reminder follows the first answer to something else, and after that the form waits quietly: whatever the person then
says about themselves is still taken, and "where do I start?", typed to the form, asks in full.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.profile import latest_message_at

FORM = "induction_form"


def _since_form_started(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events since the induction form was last activated."""
    start = max((i for i, e in enumerate(events) if e.get("event") == "active_loop" and e.get("name") == FORM),
                default=-1)
    return events[start + 1:]


# What may come before the form's question without making it a digression: the person's own message, and the form's
# help ("why are you asking?" wants the question and its buttons again).
ASKS_IN_FULL_AFTER = {"action_listen", "utter_form_help"}


# Replies that only acknowledge what the person told us ("Thanks, noted."): the question follows them in full.
ACKNOWLEDGING = {"utter_noted", "utter_not_caught", "utter_form_unsure", "utter_induction_needs", "utter_not_recognised"}


def _responses(events: list[dict[str, Any]]) -> list[str]:
    """The responses the bot sent in these events, by name ("utter_ask_profession")."""
    return [(e.get("metadata") or {}).get("utter_action") for e in events if e.get("event") == "bot"]


def resuming(tracker: Tracker) -> bool:
    """Is the form asking after something else replied (an answer, a greeting), not after the person's message or a
    reply that only acknowledged what they told us? Rasa runs the ask with the form's own execution last, so the
    action before it says which."""
    actions = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    since_message = _responses(tracker.events[latest_message_at(tracker.events):])
    acknowledged = bool(since_message) and since_message[-1] in ACKNOWLEDGING
    return len(actions) >= 2 and actions[-1] == FORM and actions[-2] not in ASKS_IN_FULL_AFTER and not acknowledged


def question_for(tracker: Tracker, slot: str) -> str | None:
    """The response to send for the form's question: in full (also when this run of the form has not asked it yet),
    the short reminder once, or None (wait quietly)."""
    said = _responses(_since_form_started(tracker.events))
    if not resuming(tracker) or f"utter_ask_{slot}" not in said:
        return f"utter_ask_{slot}"
    return None if f"utter_ask_{slot}_again" in said else f"utter_ask_{slot}_again"


class AskForSlot(Action, ABC):
    """`action_ask_<slot>`: Rasa's form calls it, when it exists, instead of `utter_ask_<slot>`."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        response = question_for(tracker, self.slot)
        if response:
            dispatcher.utter_message(response=response)
        return []


class AskProfession(AskForSlot):
    slot = "profession"


class AskNation(AskForSlot):
    slot = "nation"


class AskCareerStage(AskForSlot):
    slot = "career_stage"
