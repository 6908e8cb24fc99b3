"""What the Teams channel says and hears, as pure functions: Markdown as Teams renders it, long
answers split at paragraph/line/sentence boundaries, buttons as an Adaptive Card, and the text of
an incoming activity (typed text, or the payload of a clicked card button).

Clicks are read defensively because Teams clients differ: the new desktop client has been seen
posting a card click with `value: null`, and Android with `text: "|EMPTY|"` (MicrosoftDocs/
msteams-docs issues 13443 and 13461). So each button carries its payload twice, in the messageBack
`value` and its `text`, and a valid `value.payload` wins over whatever text came with it."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"  # rendered by Teams desktop, web and mobile
MAX_PAYLOAD_CHARS = 500

_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_LIST_ITEM = re.compile(r"^([-*•]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PAYLOAD = re.compile(r"^/[A-Za-z_][A-Za-z0-9_]*(\{.*\})?$", re.DOTALL)
# What some Teams clients put in `text` when a click carries no text of its own.
_EMPTY_MARKERS = {"|EMPTY|"}


def teams_markdown(text: str) -> str:
    """Teams joins lines separated by a single newline, so every line becomes its own paragraph,
    except consecutive list items, which stay one list."""
    out = ""
    previous_item = False
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        item = bool(_LIST_ITEM.match(line))
        separator = "\n" if item and previous_item else "\n\n"
        out = line if not out else out + separator + line
        previous_item = item
    return out


def _hard_split(text: str, limit: int) -> List[str]:
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return pieces + ([text] if text else [])


_LEVELS = (("\n\n", re.compile(r"\n\n")), ("\n", re.compile(r"\n")), (" ", _SENTENCE_END))


def split_message(text: str, limit: int, level: int = 0) -> List[str]:
    """Pieces of at most `limit` characters, packing whole paragraphs, then lines, then sentences
    together; only a single over-long sentence is cut, at a space."""
    if len(text) <= limit:
        return [text] if text else []
    if level == len(_LEVELS):
        return _hard_split(text, limit)
    joiner, pattern = _LEVELS[level]
    chunks: List[str] = []
    current = ""
    for part in pattern.split(text):
        for piece in split_message(part, limit, level + 1):
            candidate = piece if not current else current + joiner + piece
            if len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def submit_action(button: Dict[str, Any]) -> Dict[str, Any]:
    """A card button (Action.Submit with Teams' messageBack): Teams posts the messageBack `value` as
    the activity's `value` and its `text` as the activity's text, so the payload travels in both
    and a client that drops one still delivers the other. `displayText` shows the person's choice
    in the chat, as if they had typed it, instead of the payload."""
    title = str(button.get("title", ""))
    payload = str(button.get("payload", title))
    return {
        "type": "Action.Submit",
        "title": title,
        "data": {"payload": payload, "msteams": {"type": "messageBack", "displayText": title, "text": payload,
                                                  "value": {"payload": payload}}},
    }


def button_card(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The message text and one full-width button per row (titles like "Allied health professional
    (physio, OT, paramedic...)" are too long to sit side by side)."""
    body: List[Dict[str, Any]] = [{"type": "TextBlock", "text": text, "wrap": True}] if text else []
    body += [{"type": "ActionSet", "actions": [submit_action(b)]} for b in buttons]
    return {
        "contentType": CARD_CONTENT_TYPE,
        "content": {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "version": CARD_VERSION, "body": body},
    }


def reply_activities(text: Optional[str], buttons: Optional[List[Dict[str, Any]]], limit: int) -> List[Dict[str, Any]]:
    """One bot message as Teams activities: the text split into messages, and the last part in the
    card with the buttons, so the question and its options stay together."""
    parts = split_message(teams_markdown(text or ""), limit)
    if not buttons:
        return [{"type": "message", "textFormat": "markdown", "text": p} for p in parts]
    last = parts.pop() if parts else ""
    return ([{"type": "message", "textFormat": "markdown", "text": p} for p in parts]
            + [{"type": "message", "attachments": [button_card(last, buttons)]}])


def _payload(value: Any) -> Optional[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict):
        return None
    payload = value.get("payload")
    if not isinstance(payload, str):
        return None
    payload = payload.strip()
    return payload if len(payload) <= MAX_PAYLOAD_CHARS and _PAYLOAD.match(payload) else None


def incoming_text(activity: Dict[str, Any]) -> Optional[str]:
    """What the person said: a clicked button's intent payload when `value` carries a valid one
    (whatever text came with it), else their text without @mentions of the bot and without the
    placeholder some clients send for a click. None when there is nothing usable."""
    clicked = _payload(activity.get("value"))
    if clicked:
        return clicked
    text = activity.get("text")
    text = _MENTION.sub("", text).strip() if isinstance(text, str) else ""
    return None if not text or text in _EMPTY_MARKERS else text
