"""Buttons several actions offer: open an entry, ask the R&D office."""

from __future__ import annotations

import json

ASK_BUTTON = {"title": "Ask the R&D office", "payload": "/ask_rd_office"}  # actions/tickets.py takes it from here


def entry_button(entry_id: str, title: str) -> dict:
    return {"title": title, "payload": "/choose_entry" + json.dumps({"entry_id": entry_id})}
