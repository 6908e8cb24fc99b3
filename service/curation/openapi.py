"""The OpenAPI 3.1 description of the curation API, served at /curation/api/openapi.json.

Written out here rather than generated, so it reads as documentation; a test
checks that every route the app serves is described and nothing more.
"""

from __future__ import annotations

from aiohttp import web

from service.curation.api import PREFIX
from service.curation.documents_openapi import PATHS as DOCUMENT_PATHS


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERR = _json(_ref("Error"), "refused; `error` says why")
BASE = {"type": "object", "required": ["base_version"],
        "properties": {"base_version": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1,
                                        "description": "the version you are acting on (optimistic concurrency)"}}}
ENTRY_ID = {"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _op(summary: str, role: str | None, ok: dict, body: dict | None = None, params: list | None = None,
        extra: dict | None = None) -> dict:
    op = {"summary": summary, "responses": {**ok, **(extra or {})}}
    if role:
        op["description"] = f"Needs the **{role}** role (or higher)."
        op["responses"].update({"401": ERR, "403": ERR})
    else:
        op["security"] = []
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    return op


def _step(name: str, role: str, what: str) -> dict:
    return {"post": _op(what, role, {"200": _json(_ref("Record"), "the entry now")}, BASE, [ENTRY_ID],
                        {"404": ERR, "409": _json(_ref("Conflict"), "stale base_version or not possible from this state")})}


PATHS = {
    "/session": {
        "post": _op("Sign in; sets the session cookie and returns the CSRF token", None,
                    {"200": _json({"type": "object", "properties": {"user": _ref("User"), "csrf": {"type": "string"}}},
                                  "signed in")},
                    {"type": "object", "required": ["email", "password"],
                     "properties": {"email": {"type": "string"}, "password": {"type": "string"}}},
                    extra={"401": ERR, "415": ERR, "429": _json(_ref("Error"), "too many failed sign-ins for this email; see Retry-After")}),
        "delete": _op("Sign out", "viewer", {"204": {"description": "signed out"}}),
    },
    "/me": {"get": _op("Who is signed in, and the CSRF token for this session", "viewer",
                       {"200": _json({"type": "object"}, "the user")})},
    "/dashboard": {"get": _op("Counts by workflow status, entries in review, overdue and soon due for review", "viewer",
                              {"200": _json({"type": "object"}, "the dashboard")})},
    "/entries": {
        "get": _op("List entries: search with the bot's retrieval, filter by workflow, owner, kind, review", "viewer",
                   {"200": _json({"type": "array", "items": {"type": "object"}}, "entries, best match first")},
                   params=[{"name": n, "in": "query", "required": False, "schema": s} for n, s in (
                       ("q", {"type": "string"}),
                       ("workflow", {"enum": ["draft", "in_review", "published", "retired"]}),
                       ("owner", {"type": "string"}),
                       ("kind", {"enum": ["scheme", "guidance", "organisation", "strategy", "evidence"]}),
                       ("review", {"enum": ["overdue", "soon"]}))],
                   extra={"400": ERR}),
        "post": _op("Create an entry (a draft)", "editor", {"201": _json(_ref("Record"), "created")},
                    {"type": "object", "required": ["entry"], "properties": {"entry": _ref("Entry")}},
                    extra={"409": ERR, "422": _json(_ref("Invalid"), "the fields that are wrong")}),
    },
    "/entries/{entry_id}": {
        "get": _op("One entry's working copy and workflow status", "viewer", {"200": _json(_ref("Record"), "the entry")},
                   params=[ENTRY_ID], extra={"404": ERR}),
        "put": _op("Save an edit (becomes a draft); refused with 409 if someone saved since base_version", "editor",
                   {"200": _json(_ref("Record"), "saved as a new version")},
                   {"type": "object", "required": ["entry", "base_version"],
                    "properties": {"entry": _ref("Entry"), **BASE["properties"]}}, [ENTRY_ID],
                   {"400": ERR, "404": ERR, "409": _json(_ref("Conflict"), "someone else saved first"),
                    "422": _json(_ref("Invalid"), "the fields that are wrong")}),
    },
    "/entries/{entry_id}/submit": _step("submit", "editor", "Submit a draft for review"),
    "/entries/{entry_id}/send-back": _step("send-back", "reviewer", "Send an entry in review back to draft"),
    "/entries/{entry_id}/publish": _step("publish", "reviewer", "Approve and publish; the bot answers from it at once"),
    "/entries/{entry_id}/retire": _step("retire", "reviewer", "Retire; the bot stops using it at once"),
    "/entries/{entry_id}/versions": {
        "get": _op("Version history: who, when, what (a unified diff), newest first", "viewer",
                   {"200": _json({"type": "array", "items": _ref("Version")}, "versions")}, params=[ENTRY_ID],
                   extra={"404": ERR})},
    "/entries/{entry_id}/versions/{version}": {
        "get": _op("One version's full content", "viewer", {"200": _json(_ref("Version"), "the version")},
                   params=[ENTRY_ID, {"name": "version", "in": "path", "required": True,
                                      "schema": BASE["properties"]["base_version"] | {"description": "the version"}}],
                   extra={"400": ERR, "404": ERR})},
    "/entries/{entry_id}/restore": {
        "post": _op("Restore an earlier version as a new draft", "editor", {"200": _json(_ref("Record"), "restored")},
                    {"type": "object", "required": ["version", "base_version"],
                     "properties": {
                         "version": BASE["properties"]["base_version"] | {"description": "the version to restore"},
                         **BASE["properties"]}}, [ENTRY_ID],
                    {"400": ERR, "404": ERR, "409": _json(_ref("Conflict"), "stale base_version")})},
    "/preview": {"post": _op("The answer the bot would give from this (unsaved) entry", "viewer",
                             {"200": _json({"type": "object"}, "the answer card")},
                             {"type": "object", "properties": {"entry": _ref("Entry")}},
                             extra={"422": _json(_ref("Invalid"), "the fields that are wrong")})},
    "/reindex": {"post": _op("Rebuild the live index from the published entries (after a command-line import)",
                             "reviewer", {"200": _json({"type": "object"}, "rebuilt")})},
    "/questions": {"get": _op("Unanswered questions and unhelpful answers, grouped by similarity", "editor",
                              {"200": _json({"type": "object"}, "groups with counts, dates and questions")},
                              params=[{"name": "include_handled", "in": "query", "schema": {"type": "boolean"}}])},
    "/questions/stats": {"get": _op("Questions per week, top topics, professions named", "editor",
                                    {"200": _json({"type": "object"}, "chart data")})},
    "/questions.csv": {"get": _op("The questions as CSV", "editor",
                                  {"200": {"description": "CSV", "content": {"text/csv": {}}}})},
    "/questions/handled": {"post": _op("Mark questions handled (keys like gap:12, feedback:3)", "editor",
                                       {"200": _json({"type": "object"}, "how many were marked")},
                                       {"type": "object", "required": ["keys"],
                                        "properties": {"keys": {"type": "array", "items": {"type": "string"}}}},
                                       extra={"400": ERR})},
    "/questions/{key}": {"delete": _op("Delete one question-log row for good (e.g. it names a patient)", "admin",
                                       {"204": {"description": "deleted"}},
                                       params=[{"name": "key", "in": "path", "required": True,
                                                "schema": {"type": "string"}, "description": "gap:12 or feedback:3"}],
                                       extra={"400": ERR, "404": ERR})},
    "/retention": {
        "get": _op("How many days questions and conversations are kept (docs/privacy.md)", "editor",
                   {"200": _json({"type": "object"}, "days in force, and the NHSBOT_RETENTION_DAYS default")}),
        "put": _op("Set the retention period; the next purge (within hours) applies it", "admin",
                   {"200": _json({"type": "object"}, "set")},
                   {"type": "object", "required": ["days"],
                    "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 3650}}},
                   extra={"400": ERR})},
    "/questions/alternate": {"post": _op(
        "Add a question staff asked to an entry's alternate questions, as a new draft (submit and publish it as any "
        "edit); the group's keys are marked handled", "editor",
        {"201": _json(_ref("Record"), "the entry's new draft, and `handled`: how many keys were marked")},
        {"type": "object", "required": ["entry_id", "question"],
         "properties": {"entry_id": {"type": "string"}, "question": {"type": "string"},
                        "keys": {"type": "array", "items": {"type": "string"}}}},
        extra={"400": ERR, "404": ERR, "409": _json(_ref("Conflict"), "changed by someone at the same moment"),
               "422": _json(_ref("Invalid"), "the question is not valid or the entry has it already")})},
    "/users": {
        "get": _op("List users", "admin", {"200": _json({"type": "array", "items": _ref("User")}, "users")}),
        "post": _op("Create a user", "admin", {"201": _json(_ref("User"), "created")},
                    {"type": "object", "required": ["email", "role", "password"],
                     "properties": {"email": {"type": "string"}, "name": {"type": "string"},
                                    "role": {"enum": ["viewer", "editor", "reviewer", "admin"]},
                                    "password": {"type": "string", "minLength": 12}}},
                    extra={"400": ERR, "422": ERR}),
    },
    "/users/{user_id}": {
        "patch": _op("Change a user's role, deactivate them, or set a new password", "admin",
                     {"200": _json(_ref("User"), "changed")},
                     {"type": "object", "properties": {"role": {"type": "string"}, "active": {"type": "boolean"},
                                                       "password": {"type": "string"}}},
                     [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                     {"400": ERR, "404": ERR, "422": ERR})},
    "/tokens": {
        "get": _op("Your API tokens (never the tokens themselves); an admin's `?all=1` lists everyone's", "viewer",
                   {"200": _json({"type": "array", "items": {"type": "object"}}, "tokens")},
                   params=[{"name": "all", "in": "query", "schema": {"type": "string", "enum": ["1", "true"]}}],
                   extra={"403": ERR}),
        "post": _op("Create an API token for automation; shown once (Cache-Control: no-store)", "viewer",
                    {"201": _json({"type": "object"},
                                  "the token, its id and when it expires (seconds since the epoch)")},
                    {"type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string"},
                        "days": {"type": "integer", "minimum": 1, "description": "how long it lasts; at most and by "
                                 "default NHSBOT_API_TOKEN_DAYS (90)"}}},
                    extra={"400": ERR}),
    },
    "/tokens/{token_id}": {
        "delete": _op("Revoke one of your API tokens (an admin: anyone's)", "viewer",
                      {"204": {"description": "revoked"}},
                      params=[{"name": "token_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                      extra={"404": ERR})},
    "/openapi.json": {"get": _op("This description", None, {"200": _json({"type": "object"}, "OpenAPI 3.1")})},
}

PATHS.update(DOCUMENT_PATHS)

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Knowledge curation API", "version": "1",
             "description": "Edit, review and publish the assistant's knowledge entries. Sign in with POST /session "
                            "(cookie; send the returned CSRF token as X-CSRF-Token on every change) or use an API "
                            "token as `Authorization: Bearer ...` (no CSRF token needed)."},
    "servers": [{"url": PREFIX}],
    "security": [{"session": []}, {"token": []}],
    "paths": PATHS,  # the one dict: the document paths are in it, and tickets_openapi adds the ticket paths
    "components": {
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "nhsbot_session"},
                            "token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            "Entry": {"type": "object", "description": "A knowledge entry: the fields of knowledge/schema.py's Entry"},
            "Record": {"type": "object", "properties": {
                "id": {"type": "string"}, "version": {"type": "integer"},
                "workflow": {"enum": ["draft", "in_review", "published", "retired"]},
                "published_version": {"type": ["integer", "null"]}, "updated_by": {"type": "string"},
                "updated_at": {"type": "number"}, "entry": _ref("Entry"),
                "unpublished_changes": {"type": "boolean"}}},
            "Version": {"type": "object", "properties": {
                "version": {"type": "integer"}, "workflow": {"type": "string"}, "action": {"type": "string"},
                "author": {"type": "string"}, "created_at": {"type": "number"}, "diff": {"type": "string"}}},
            "Invalid": {"type": "object", "properties": {
                "error": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "object", "properties": {
                    "field": {"type": "string", "description": "e.g. summary, sources.0.quote"},
                    "message": {"type": "string"}}}}}},
            "Conflict": {"type": "object", "properties": {
                "error": {"type": "string"}, "current": _ref("Record"),
                "changes": {"type": "array", "items": {"type": "object"},
                            "description": "versions saved since yours, and their combined diff"},
                "yours": _ref("Entry")}},
            "User": {"type": "object", "properties": {
                "id": {"type": "string"}, "email": {"type": "string"}, "name": {"type": "string"},
                "role": {"enum": ["viewer", "editor", "reviewer", "admin"]}, "active": {"type": "boolean"}}},
        },
    },
}


async def spec(request: web.Request) -> web.Response:
    return web.json_response(SPEC)


def add_openapi_route(app: web.Application) -> None:
    """GET /curation/api/openapi.json (here, not in api.py, so the description imports the API and not back)."""
    app.router.add_get(PREFIX + "/openapi.json", spec)
