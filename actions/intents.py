"""What Rasa's NLU made of the person's latest message, read one way by every action."""

from __future__ import annotations

from rasa_sdk import Tracker


def latest_intent(tracker: Tracker) -> str | None:
    """The name of the intent of the latest message, or None when it has none."""
    return (tracker.latest_message.get("intent") or {}).get("name")
