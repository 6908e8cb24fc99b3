"""Buttons several actions offer: open an entry, ask the R&D office, forget what was said."""

from __future__ import annotations

import json

ASK_BUTTON = {"title": "Ask the R&D office", "payload": "/ask_rd_office"}  # actions/tickets.py takes it from here
FORGET_BUTTON = {"title": "Forget me", "payload": "/forget_me"}  # asks to confirm (the rules), then forgets


def entry_button(entry_id: str, title: str, intent: str = "choose_entry") -> dict:
    """A button for one entry: opens it, or (`intent`) asks that intent's question about it ("am I eligible?")."""
    return {"title": title, "payload": f"/{intent}" + json.dumps({"entry_id": entry_id})}
