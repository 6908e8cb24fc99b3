"""The tickets part of the curation API's OpenAPI description, added to openapi.PATHS when the ticket
routes are (service/curation/tickets.py imports this module), so the spec covers exactly what is served."""

from __future__ import annotations

from service.curation.openapi import BASE, ERR, PATHS, _json, _op, _ref

NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
TICKET = {"type": "object", "description": "A ticket: question, status (new, taken, answered, closed), the bot's "
          "attempted answer, closest entries, what the person shared, the answer and its delivery (Teams, chat, email)"}
FOUND = {"404": ERR, "409": _json(_ref("Error"), "not possible from the ticket's state")}


def _ticket_step(summary: str) -> dict:
    return {"post": _op(summary, "editor", {"200": _json(TICKET, "the ticket now")}, params=[NUMBER], extra=FOUND)}


def _into_entry(summary: str, body: dict) -> dict:
    return {"post": _op(summary, "editor", {"200": _json(_ref("Record"), "the entry's new draft")}, body, [NUMBER],
                        {**FOUND, "422": ERR})}


TICKET_PATHS = {
    "/tickets": {"get": _op("Tickets, newest first (optionally ?status=new|taken|answered|closed)", "viewer",
                            {"200": _json({"type": "array", "items": TICKET}, "the tickets")}, extra={"400": ERR})},
    "/tickets/{number}": {"get": _op("One ticket", "viewer", {"200": _json(TICKET, "the ticket")}, params=[NUMBER],
                                     extra={"404": ERR})},
    "/tickets/{number}/take": _ticket_step("Take the ticket (others see who is answering)"),
    "/tickets/{number}/answer": {"post": _op(
        "Answer: sent to Teams at once, to the web chat/REST conversation at its next message, by email if given",
        "editor", {"200": _json(TICKET, "the ticket now")},
        {"type": "object", "required": ["answer"], "properties": {"answer": {"type": "string", "maxLength": 4000}}},
        [NUMBER], {**FOUND, "400": ERR})},
    "/tickets/{number}/close": _ticket_step("Close the ticket"),
    "/tickets/{number}/retry-email": _ticket_step("Try the answer email again (after it failed)"),
    "/tickets/{number}/add-to-entry": _into_entry(
        "Add the question and answer to an entry's draft; the entry's history names the ticket",
        {**BASE, "required": ["entry_id", "base_version"],
         "properties": {**BASE["properties"], "entry_id": {"type": "string"}}}),
    "/tickets/{number}/new-entry": _into_entry(
        "A new draft entry from the ticket (the whole entry, sources included); its history names the ticket",
        {"type": "object", "required": ["entry"], "properties": {"entry": {"type": "object"}}}),
}
PATHS.update(TICKET_PATHS)
