"""Source documents in the curation app: add one (editors and above), watch it being read and indexed, see the
passages it produced, retire it, start an entry from a passage, and see which passages answered questions.

An upload is read as a stream with its own size limit (the service's request limit is for JSON), and the form's
CSRF token is its first field, checked before the file is read. The work runs as a background job whose progress
the page shows; the document is live in the bot as soon as the job is done.
"""

from __future__ import annotations

import asyncio
import hmac
import logging

from aiohttp import BodyPartReader, web

from knowledge.curation.users import Role, User
from knowledge.documents import ingest
from knowledge.documents.extract import MAX_BYTES, DocumentError
from knowledge.documents.index import Document
from knowledge.documents.passages import Passage
from knowledge.documents.seeds import source_file
from knowledge.documents.store import DocumentNotFound
from service import documents
from service.curation import forms
from service.curation.auth import CSRF_HEADER, SESSION, USER, csrf_token, identify, requires
from service.curation.context import CURATION
from service.curation.pages import _see, blank_entry, form_page, render
from service.http_input import error

log = logging.getLogger("knowledge.curation.documents")
FIELDS = ("title", "publisher", "published", "address")
MAX_FIELD_BYTES = 4096
MAX_PARTS = 20
_background: set[asyncio.Task] = set()


class UploadRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _live(request: web.Request) -> documents.LiveDocuments:
    return request.app[documents.DOCUMENTS]


async def _read(part: BodyPartReader, limit: int, what: str) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(256 * 1024):
        data += chunk
        if len(data) > limit:
            raise UploadRefused(413, f"the {what} is larger than {limit / 1e6:.0f} MB; nothing was added"
                                if what == "file" else f"the {what} field is too long")
    return bytes(data)


async def _editor(request: web.Request, page: bool) -> tuple[User, str | None]:
    """The signed-in editor (or above) uploading, and their session if by cookie (then CSRF must follow)."""
    user, session = await identify(request)
    if user is None:
        if page:
            raise web.HTTPSeeOther("/curation/login?next=/curation/documents")
        raise UploadRefused(401, "sign in or give an API token")
    if not user.can(Role.editor):
        raise UploadRefused(403, f"this needs the editor role; you are a {user.role.name}")
    return user, session


async def _upload(request: web.Request, page: bool) -> tuple[User, ingest.Details, str, bytes]:
    """Who uploads what: the form's fields and the file, read with limits, CSRF checked before the file."""
    user, session = await _editor(request, page)
    request[USER] = user  # for the page that explains a refusal
    if session:
        request[SESSION] = session
    secret = request.app[CURATION].secret
    csrf_checked = session is None or hmac.compare_digest(csrf_token(secret, session),
                                                          request.headers.get(CSRF_HEADER, ""))
    if not request.content_type.startswith("multipart/form-data"):
        raise UploadRefused(415, "send the document as multipart/form-data with a 'file' field")
    fields: dict[str, str] = {}
    filename, data = "", b""
    parts = 0
    async for part in await request.multipart():
        parts += 1
        if parts > MAX_PARTS:
            raise UploadRefused(400, f"the form has more than {MAX_PARTS} fields")
        if not isinstance(part, BodyPartReader):
            raise UploadRefused(400, "nested multipart is not accepted")
        if part.name == "file":
            if not csrf_checked:
                raise UploadRefused(403, "missing or wrong CSRF token: reload the page and try again")
            filename = (part.filename or "document").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
            data = await _read(part, MAX_BYTES, "file")
        else:
            value = (await _read(part, MAX_FIELD_BYTES, part.name or "form")).decode("utf-8", "replace")
            if part.name == "csrf" and session is not None:
                csrf_checked = hmac.compare_digest(csrf_token(secret, session), value)
            elif part.name in FIELDS:
                fields[part.name] = value
    if not csrf_checked:
        raise UploadRefused(403, "missing or wrong CSRF token: reload the page and try again")
    if not data:
        raise UploadRefused(400, "choose a file to upload (PDF, Word .docx, HTML or text)")
    try:
        details = ingest.check_details(*(fields.get(f) for f in FIELDS))
    except DocumentError as exc:
        raise UploadRefused(422, str(exc)) from None
    return user, details, filename, data


def _start_job(request: web.Request, user: User, details: ingest.Details, filename: str, data: bytes):
    job = _live(request).jobs.start(filename, user.email)
    task = asyncio.create_task(documents.add(request.app, data, filename, details, user.email, job))
    _background.add(task)
    task.add_done_callback(_background.discard)
    log.info("document upload", extra={"user": user.id, "role": user.role.name, "job": job.id,
                                       "bytes": len(data)})
    return job


def _document(request: web.Request, document_id: str) -> tuple[Document, list[Passage], dict | None]:
    """A document with its passages: live ones from the live index (the source documents too), retired ones from
    the store; the store's record (None for a source document)."""
    live = _live(request)
    record = None
    if live.store is not None:
        try:
            record = live.store.get(document_id).to_dict()
        except DocumentNotFound:
            pass
    index = live.index
    if index is not None and document_id in index.documents:
        return index.documents[document_id], [p for p in index.passages if p.document_id == document_id], record
    if record is None:
        raise DocumentNotFound(f"no document '{document_id}'")
    stored = live.store.get(document_id)
    return stored.document, live.store.passages(document_id), record


def _uses(request: web.Request, limit: int = 20) -> list[dict]:
    """The passages that answered most questions, with their text where the passage is still known."""
    live = _live(request)
    rows = live.store.most_used(limit) if live.store else []
    index = live.index
    found = []
    for row in rows:
        key = f"{row['document_id']}#{row['number']}"
        position = index.by_key.get(key) if index else None
        passage = index.passages[position] if position is not None else None
        document = index.documents.get(row["document_id"]) if index else None
        found.append({**row, "key": key, "text": passage.text if passage else None,
                      "where": passage.where() if passage else "", "title": document.title if document else None})
    return found


def _summary(passage: Passage, document: Document) -> str:
    """The passage's first sentences, up to the 400 characters a summary may have, for the curator to rewrite."""
    text = passage.text if len(passage.text) >= 20 else f"{document.title}: {passage.text}"
    if len(text) <= 400:
        return text
    cut = text[:400]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[:end + 1] if end >= 20 else cut.rsplit(" ", 1)[0]


def entry_draft(document: Document, passage: Passage) -> dict:
    """A new entry's fields with the passage as its quoted source, so the quote is checked word for word: a source
    document by its file name, an added one by its id (against its text in the store), named by its title, publisher
    and date, with its https address if it has one. The passage is the draft's body and starts its summary; the
    curator gives it an id and rewrites it."""
    data = blank_entry("R&D office")
    where = passage.where() or None
    if document.id.startswith("source-"):
        source = {"document": source_file(document.id), "section": where, "quote": passage.text}
    else:
        named = ", ".join(p for p in (document.title, document.publisher, document.published) if p)
        address = document.address if (document.address or "").startswith("https://") else None
        source = {"document": named, "document_id": document.id, "section": where, "url": address,
                  "quote": passage.text}
    data.update(title=(passage.heading or document.title)[:160], summary=_summary(passage, document),
                body=passage.text, sources=[source])
    return data


# Pages.

@requires(Role.viewer, page=True)
async def list_page(request: web.Request) -> web.Response:
    live = _live(request)
    records = await asyncio.to_thread(live.store.list) if live.store else []
    seeds = [d for d, _ in live.seeds]
    return render(request, "documents.html", records=records, seeds=seeds, error="", values={},
                  max_mb=int(MAX_BYTES / 1e6))


async def upload_page(request: web.Request) -> web.Response:
    try:
        user, details, filename, data = await _upload(request, page=True)
    except UploadRefused as exc:
        if exc.status in (401, 403) and "CSRF" not in str(exc):
            raise web.HTTPForbidden(text=str(exc).capitalize() + ".")
        live = _live(request)
        records = await asyncio.to_thread(live.store.list) if live.store else []
        return render(request, "documents.html", status=exc.status, records=records,
                      seeds=[d for d, _ in live.seeds], error=f"Not added: {exc}.", values={},
                      max_mb=int(MAX_BYTES / 1e6))
    job = _start_job(request, user, details, filename, data)
    raise _see(request, f"/curation/documents/jobs/{job.id}")


@requires(Role.viewer, page=True)
async def job_page(request: web.Request) -> web.Response:
    job = _live(request).jobs.get(request.match_info["job_id"])
    if job is None:
        raise web.HTTPNotFound(text="No such upload (uploads are shown for a while after they finish).")
    return render(request, "document_job.html", job=job.to_dict())


@requires(Role.viewer, page=True)
async def document_page(request: web.Request) -> web.Response:
    try:
        document, passages, record = await asyncio.to_thread(_document, request, request.match_info["document_id"])
    except DocumentNotFound:
        raise web.HTTPNotFound(text="There is no document with that identifier.")
    return render(request, "document.html", document=document, passages=passages, record=record)


@requires(Role.editor, page=True)
async def retire_page(request: web.Request) -> web.Response:
    document_id = request.match_info["document_id"]
    try:
        await documents.retire(request.app, document_id)
    except DocumentNotFound:
        raise web.HTTPNotFound(text="There is no document with that identifier.")
    log.info("document retired", extra={"user": request[USER].id, "document": document_id})
    raise _see(request, f"/curation/documents/{document_id}", "Retired: the bot no longer quotes this document.")


async def _passage_of(request: web.Request) -> tuple[Document, Passage]:
    try:
        number = int(request.match_info["number"])
        document, passages, _ = await asyncio.to_thread(_document, request, request.match_info["document_id"])
        return document, next(p for p in passages if p.number == number)
    except (ValueError, StopIteration, DocumentNotFound):
        raise web.HTTPNotFound(text="There is no such passage.")


@requires(Role.editor, page=True)
async def entry_from_passage(request: web.Request) -> web.Response:
    document, passage = await _passage_of(request)
    return form_page(request, forms.to_form(entry_draft(document, passage)), True)


@requires(Role.viewer, page=True)
async def answers_page(request: web.Request) -> web.Response:
    return render(request, "document_answers.html", uses=await asyncio.to_thread(_uses, request, 50))


# API.

@requires(Role.viewer)
async def api_list(request: web.Request) -> web.Response:
    live = _live(request)
    records = await asyncio.to_thread(live.store.list) if live.store else []
    sources = [{"id": d.id, "title": d.title, "publisher": d.publisher, "published": d.published, "status": "live",
                "source_file": True, "passages": len(ps)} for d, ps in live.seeds]
    return web.json_response(sources + [r.to_dict() for r in records])


async def api_upload(request: web.Request) -> web.Response:
    try:
        user, details, filename, data = await _upload(request, page=False)
    except UploadRefused as exc:
        return error(exc.status, str(exc))
    job = _start_job(request, user, details, filename, data)
    return web.json_response(job.to_dict(), status=202,
                             headers={"Location": f"/curation/api/documents/jobs/{job.id}"})


@requires(Role.viewer)
async def api_job(request: web.Request) -> web.Response:
    job = _live(request).jobs.get(request.match_info["job_id"])
    return web.json_response(job.to_dict()) if job else error(404, "no such upload")


@requires(Role.viewer)
async def api_document(request: web.Request) -> web.Response:
    try:
        document, passages, record = await asyncio.to_thread(_document, request, request.match_info["document_id"])
    except DocumentNotFound as exc:
        return error(404, str(exc))
    return web.json_response({**(record or {"id": document.id, "title": document.title, "status": "live",
                                             "source_file": True}),
                              "passages": [{"number": p.number, "text": p.text, "section": p.heading, "page": p.page}
                                           for p in passages]})


@requires(Role.editor)
async def api_retire(request: web.Request) -> web.Response:
    document_id = request.match_info["document_id"]
    live = _live(request)
    if live.store is None:
        return error(404, "no document store")
    try:
        await documents.retire(request.app, document_id)
        record = await asyncio.to_thread(live.store.get, document_id)
    except DocumentNotFound as exc:
        return error(404, str(exc))
    return web.json_response(record.to_dict())


@requires(Role.viewer)
async def api_entry_draft(request: web.Request) -> web.Response:
    try:
        document, passage = await _passage_of(request)
    except web.HTTPNotFound:
        return error(404, "no such passage")
    return web.json_response({"entry": entry_draft(document, passage),
                              "note": "a draft to edit: give it an id, then POST it to /curation/api/entries"})


@requires(Role.viewer)
async def api_answers(request: web.Request) -> web.Response:
    return web.json_response(await asyncio.to_thread(_uses, request, 50))


def add_document_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/curation/documents", list_page)
    r.add_post("/curation/documents", upload_page)
    r.add_get("/curation/documents/answers", answers_page)
    r.add_get("/curation/documents/jobs/{job_id}", job_page)
    r.add_get("/curation/documents/{document_id}", document_page)
    r.add_post("/curation/documents/{document_id}/retire", retire_page)
    r.add_get("/curation/documents/{document_id}/passages/{number}/entry", entry_from_passage)
    api = "/curation/api/documents"
    r.add_get(api, api_list)
    r.add_post(api, api_upload)
    r.add_get(api + "/answers", api_answers)
    r.add_get(api + "/jobs/{job_id}", api_job)
    r.add_get(api + "/{document_id}", api_document)
    r.add_post(api + "/{document_id}/retire", api_retire)
    r.add_get(api + "/{document_id}/passages/{number}/entry", api_entry_draft)

