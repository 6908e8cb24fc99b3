"""Which entry a follow-up message is about ("how do I apply?", "am I eligible for the second one?"), from what
the conversation has shown (slots `last_entry` and `listed`), and asking which one when several could be meant.
The knowledge service decides (knowledge/conversation.py); this only carries the context there and back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import entry_button
from actions.knowledge_client import ask


def chosen_entry(tracker: Tracker) -> str | None:
    """The entry a button chose (`/choose_entry{"entry_id": ...}`, or a "which one?" button)."""
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "entry_id" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


def shown(tracker: Tracker) -> dict[str, Any]:
    """What the conversation has just shown: the entry answered last (None once a list came after it), the
    latest list, in the order shown, and the document passage that answered last ("tell me more" continues it); when
    it shows none of these, what the person said just before ("research was barely mentioned at induction", then
    "is there any recommendation on that?": "that" is what they said); and what they typed in their last two
    messages ("which trusts were the case studies?", "which had the most studies?", then "and the lowest?")."""
    context = {"entry": tracker.get_slot("last_entry"), "listed": tracker.get_slot("listed") or [],
               "passage": tracker.get_slot("last_passage")}
    before = None if any(context.values()) else said_before(tracker)
    earlier = typed_before(tracker)
    return {**context, **({"before": before} if before else {}), **({"earlier": earlier} if earlier else {})}


MAX_BEFORE_CHARS = 500
EARLIER_MESSAGES = 2


def typed_before(tracker: Tracker, n: int = EARLIER_MESSAGES) -> list[str]:
    """The person's last n messages before this one that they typed (a button's payload says nothing of its own),
    oldest first."""
    said = [(e.get("text") or "").strip() for e in tracker.events if e.get("event") == "user"][:-1]
    typed = [t[:MAX_BEFORE_CHARS] for t in said if t and not t.startswith("/")]
    return typed[-n:]


def said_before(tracker: Tracker) -> str | None:
    """The person's message before this one, if they typed it."""
    typed = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    text = typed[-2].strip() if len(typed) >= 2 else ""
    return text[:MAX_BEFORE_CHARS] if text and not text.startswith("/") else None


def listing(entry_ids: list[str]) -> list[dict]:
    """The slots once a list is shown: "it" now means one of these, "the second one" the second of them."""
    return [SlotSet("listed", entry_ids), SlotSet("last_entry", None), SlotSet("last_passage", None)]


def ask_which(dispatcher: CollectingDispatcher, choose: list[dict], text: str, aspect: str | None,
              intent: str = "choose_entry") -> list[dict]:
    """Ask which of several entries is meant, a button each (`intent`: the one that answers the question asked);
    what was asked (`aspect`) waits for the choice."""
    dispatcher.utter_message(text=text, buttons=[entry_button(c["entry_id"], c["title"], intent) for c in choose])
    return [*listing([c["entry_id"] for c in choose]), SlotSet("pending_aspect", aspect)]


@dataclass
class Meant:
    """What a follow-up is about: `entry`, or none (`events` then hold the question "which one?", if asked), or
    schemes in general (`schemes`: an eligibility question such as "can pharmacists apply for fellowships?")."""
    entry: str | None
    events: list[dict] = field(default_factory=list)
    schemes: bool = False
    asked: str | None = None  # what the message itself asks about the entry (an aspect), if anything
    own_question: bool = False  # no follow-up: a question of its own, for action_answer_question's reply


async def entry_in_question(dispatcher: CollectingDispatcher, tracker: Tracker, refused: str,
                            schemes_only: bool = False, aspect: str | None = None) -> Meant:
    """The entry a follow-up is about (a scheme, with `schemes_only`): the one chosen by a button, else the one the
    service tells from the question and the context; when several could be meant the person is asked which
    (answered about `aspect`, or the question's own); none when there is none (the person told why, unless the
    question is about schemes in general, or a question of its own, which the caller answers)."""
    chosen = chosen_entry(tracker)
    if chosen:
        return Meant(chosen)
    question = (tracker.latest_message.get("text") or "").strip()
    if not question or question.startswith("/"):  # a button with no entry: the one just discussed
        return Meant(tracker.get_slot("last_entry"))
    body = {"question": question, "context": shown(tracker), **({"kind": "scheme"} if schemes_only else {})}
    resolved = await ask(dispatcher, "/api/resolve", body, refused=refused)
    if resolved is None:
        return Meant(None)
    if resolved.get("own_question"):
        return Meant(None, own_question=True)
    if resolved.get("choose"):
        intent = "ask_eligibility" if schemes_only else "choose_entry"
        return Meant(None, ask_which(dispatcher, resolved["choose"], resolved["ask"],
                                     resolved.get("aspect") or aspect, intent))
    if resolved.get("schemes"):
        return Meant(None, schemes=True)
    if not resolved.get("entry"):
        dispatcher.utter_message(response="utter_ask_which_scheme")
    return Meant(resolved.get("entry"), asked=resolved.get("aspect"))
