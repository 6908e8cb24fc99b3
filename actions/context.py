"""Which entry a follow-up message is about ("how do I apply?", "am I eligible for P2P?")."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_client import ask


async def entry_in_question(dispatcher: CollectingDispatcher, tracker: Tracker, refused: str,
                            schemes_only: bool = False) -> str | None:
    """The entry a follow-up is about: the one it names, else the one just discussed, else the one search is
    confident of (a scheme, with `schemes_only`); None (the person told why) when there is none or the service
    cannot say."""
    question = (tracker.latest_message.get("text") or "").strip()
    body = {"question": question, **({"kind": "scheme"} if schemes_only else {})}
    resolved = await ask(dispatcher, "/api/resolve", body, refused=refused) if question else {}
    if resolved is None:
        return None
    entry_id = resolved.get("named") or tracker.get_slot("last_entry") or resolved.get("searched")
    if not entry_id:
        dispatcher.utter_message(response="utter_ask_which_scheme")
    return entry_id
