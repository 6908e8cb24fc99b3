"""The OpenAPI description of the document routes (service/curation/documents.py), merged into the curation
API's description by service/curation/openapi.py."""

from __future__ import annotations

DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "string"}}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
ERR = {"description": "refused; `error` says why",
       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(description: str, status: str = "200") -> dict:
    return {status: {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}}}


def _op(summary: str, role: str, ok: dict, params: list | None = None, extra: dict | None = None) -> dict:
    op = {"summary": summary, "description": f"Needs the **{role}** role (or higher).",
          "responses": {**ok, "401": ERR, "403": ERR, **(extra or {})}}
    if params:
        op["parameters"] = params
    return op


UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["title", "file"],
    "properties": {"title": {"type": "string"}, "publisher": {"type": "string"},
                   "published": {"type": "string", "description": "the date as the document states it"},
                   "address": {"type": "string", "description": "https://..."},
                   "file": {"type": "string", "format": "binary",
                            "description": "PDF with text, Word .docx, HTML or text; last field of the form"}}}}}}

PATHS = {
    "/documents": {
        "get": _op("Documents: the source documents and those added, live or retired", "viewer",
                   _ok("the documents")),
        "post": {**_op("Add a document; it is read, split and indexed in the background (see the job)", "editor",
                       _ok("the job, with its id (Location: the job's address)", "202"),
                       extra={"400": ERR, "413": ERR, "415": ERR, "422": ERR}),
                 "requestBody": UPLOAD},
    },
    "/documents/answers": {"get": _op("Document passages that answered questions, most used first", "viewer",
                                      _ok("passages with their counts and ratings"))},
    "/documents/jobs/{job_id}": {"get": _op("How far adding a document has got, or why it failed", "viewer",
                                            _ok("the job"), [JOB_ID], {"404": ERR})},
    "/documents/{document_id}": {"get": _op("A document and its passages", "viewer", _ok("the document"),
                                            [DOCUMENT_ID], {"404": ERR})},
    "/documents/{document_id}/retire": {"post": _op("Retire a document: the bot stops quoting it", "editor",
                                                    _ok("the document now"), [DOCUMENT_ID], {"404": ERR})},
    "/documents/{document_id}/passages/{number}/entry": {
        "get": _op("A draft entry with this passage as its quoted source (not saved)", "viewer",
                   _ok("the draft"), [DOCUMENT_ID, NUMBER], {"404": ERR})},
}
