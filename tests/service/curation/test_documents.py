"""Documents in the curation app and the live service: add one, see its passages, the bot answers from it when no
entry does (marked as not reviewed), feedback is kept, retiring it stops that; bad files change nothing."""

import asyncio
import shutil

import pytest

from tests.knowledge.documents import files
from tests.service.datadir import documents_started

FACT = ("The Riverside Community Trust library lends laptops with statistics software to staff for up to three "
        "weeks at a time.")
QUESTION = "How long can Riverside staff borrow a laptop with statistics software from the library?"


@pytest.fixture(autouse=True)
def document_cache(cur_settings, settings):
    """The source documents' vectors embedded once (by earlier runs), so the service starts in seconds."""
    cached = settings.index_dir / "documents"
    if cached.exists():
        shutil.copytree(cached, cur_settings.index_dir / "documents", dirs_exist_ok=True)


def _word_file() -> bytes:
    return files.docx([("h", "Library loans"), ("p", FACT),
                       ("h", "Mentoring"), ("p", "Every new researcher at Riverside is offered a named mentor.")])


async def _upload(session, data: bytes, filename: str, **fields):
    from aiohttp import FormData

    form = FormData()
    for name, value in {"title": "Riverside research time policy", "publisher": "Riverside Community Trust",
                        "published": "March 2024", **fields}.items():
        form.add_field(name, value)
    form.add_field("file", data, filename=filename)
    return await session.request("POST", "/curation/api/documents", data=form)


async def _finished(session, job_id: str) -> dict:
    for _ in range(600):
        job = await (await session.request("GET", f"/curation/api/documents/jobs/{job_id}")).json()
        if job["finished"]:
            return job
        await asyncio.sleep(0.1)
    raise AssertionError("the upload did not finish")


@pytest.fixture
async def ready(client):
    """The document tier is built in the background at start-up: wait for it."""
    return await documents_started(client.server.app)


async def _ask(session, question: str) -> dict:
    return await (await session.request("POST", "/api/answer", json={"question": question})).json()


async def test_an_added_document_answers_when_no_entry_does_and_stops_when_retired(session_for, ready):
    editor = await session_for("editor")
    before = await _ask(editor, QUESTION)
    assert before.get("tier") != "document" or "three weeks" not in before["text"]

    response = await _upload(editor, _word_file(), "policy.docx")
    assert response.status == 202, await response.text()
    job = await _finished(editor, (await response.json())["id"])
    assert job["stage"] == "done", job
    document = await (await editor.request("GET", f"/curation/api/documents/{job['document_id']}")).json()
    assert any(p["text"] == FACT and p["section"] == "Library loans" for p in document["passages"])

    reply = await _ask(editor, QUESTION)
    assert reply["answered"] and reply["tier"] == "document" and reply["entry_id"] is None
    assert FACT in reply["text"] and "Riverside research time policy" in reply["text"]
    assert "March 2024" in reply["text"] and "not reviewed" in reply["text"]
    assert reply["section"] == "Library loans"

    rated = await editor.request("POST", "/api/feedback", json={"helpful": True, "question": QUESTION})
    assert rated.status == 201
    uses = await (await editor.request("GET", "/curation/api/documents/answers")).json()
    assert uses[0]["document_id"] == job["document_id"] and uses[0]["answered"] == 1 and uses[0]["helpful"] == 1

    draft = await (await editor.request(
        "GET", f"/curation/api/documents/{job['document_id']}/passages/{uses[0]['number']}/entry")).json()
    assert draft["entry"]["body"] == FACT and draft["entry"]["sources"][0]["section"]
    created = await editor.request("POST", "/curation/api/entries",
                                   json={"entry": {**draft["entry"], "id": "riverside-laptop-loans"}})
    assert created.status == 201, await created.text()  # its quote is checked against the added document

    retired = await editor.request("POST", f"/curation/api/documents/{job['document_id']}/retire")
    assert retired.status == 200 and (await retired.json())["status"] == "retired"
    after = await _ask(editor, QUESTION)
    assert "laptops with statistics software" not in after["text"]


async def test_entries_win_over_documents(session_for, ready):
    viewer = await session_for("viewer")
    reply = await _ask(viewer, "What is the Pathway to Portfolio scheme?")
    assert reply["answered"] and reply["tier"] == "entry" and reply["entry_id"]


@pytest.mark.parametrize("make, filename, message", [
    (files.scanned_pdf, "scan.pdf", "looks like a scan"),
    (files.encrypted_pdf, "locked.pdf", "password-protected"),
    (files.zip_bomb, "bomb.docx", "zip bomb"),
])
async def test_bad_files_are_refused_and_change_nothing(session_for, ready, make, filename, message):
    editor = await session_for("editor")
    live = ready
    passages_before = len(live.index.passages)
    response = await _upload(editor, make(), filename)
    job = await _finished(editor, (await response.json())["id"])
    assert job["stage"] == "failed" and message in job["error"]
    assert len(live.index.passages) == passages_before
    listed = await (await editor.request("GET", "/curation/api/documents")).json()
    assert all(d.get("source_file") for d in listed)


async def test_viewers_cannot_add_and_forms_need_csrf(session_for, ready):
    viewer = await session_for("viewer")
    assert (await _upload(viewer, _word_file(), "policy.docx")).status == 403
    editor = await session_for("editor")
    editor.csrf = None  # the cookie without the token: refused before the file is read
    assert (await _upload(editor, _word_file(), "policy.docx")).status == 403


async def test_missing_title_is_refused(session_for, ready):
    editor = await session_for("editor")
    response = await _upload(editor, _word_file(), "policy.docx", title=" ")
    assert response.status == 422 and "title" in (await response.json())["error"]


async def test_pages_show_the_form_progress_and_passages(session_for, ready):
    editor = await session_for("editor")
    page = await (await editor.request("GET", "/curation/documents")).text()
    assert 'enctype="multipart/form-data"' in page and "Creating Time for Research" in page
    source = await (await editor.request("GET", "/curation/documents/source-004")).text()
    assert "Start an entry from this" in source
    form = await (await editor.request("GET", "/curation/documents/source-000/passages/1/entry")).text()
    assert "000_c8cd035d1881c01e.txt" in form


async def test_the_page_form_uploads_without_javascript_and_shows_progress(session_for, ready):
    from aiohttp import FormData

    editor = await session_for("editor")
    form = FormData()
    form.add_field("csrf", editor.csrf)  # first, as the page's form sends it: checked before the file is read
    form.add_field("title", "Riverside library rules")
    form.add_field("file", _word_file(), filename="rules.docx")
    response = await editor.request("POST", "/curation/documents", csrf=False, data=form, allow_redirects=False)
    assert response.status == 303, await response.text()
    job_page = response.headers["Location"]
    await _finished(editor, job_page.rsplit("/", 1)[-1])
    page = await (await editor.request("GET", job_page)).text()
    assert "Added:" in page and "passages, searchable by the bot now" in page

    forged = FormData()
    forged.add_field("csrf", "not-the-token")
    forged.add_field("title", "Forged")
    forged.add_field("file", _word_file(), filename="rules.docx")
    refused = await editor.request("POST", "/curation/documents", csrf=False, data=forged, allow_redirects=False)
    assert refused.status == 403 and "CSRF" in await refused.text()


async def test_a_document_added_from_the_command_line_is_answered_from_within_seconds(session_for, ready,
                                                                                     cur_settings):
    from knowledge.curation.db import open_database
    from knowledge.documents.ingest import add_file
    from knowledge.documents.store import DocumentStore

    store = DocumentStore(open_database(cur_settings))
    await asyncio.to_thread(add_file, _word_file(), "policy.docx", "Riverside library rules", None, None, None,
                            "cli", store, cur_settings)
    viewer = await session_for("viewer")
    for _ in range(100):  # the service polls the store every few seconds
        reply = await _ask(viewer, QUESTION)
        if reply.get("tier") == "document" or reply.get("supplement"):
            break
        await asyncio.sleep(0.2)
    assert FACT in reply["text"]


def test_a_draft_from_a_source_passage_is_a_valid_entry_once_given_an_id(settings):
    from knowledge.curation.store import validate
    from knowledge.documents.seeds import seed_documents
    from service.curation.documents import entry_draft

    document, passages = seed_documents(settings.sources_dir)[4]
    passage = next(p for p in passages if "Qualtrics" in p.text)
    data = {**entry_draft(document, passage), "id": "survey-method"}
    entry = validate(data, settings.sources_dir)
    assert entry.sources[0].document == "004_3dbd70d0db6fa5af.txt" and entry.sources[0].quote == passage.text


def test_a_draft_from_an_added_document_quotes_it_and_the_quote_is_checked_against_its_text(cur_settings):
    from knowledge.curation.db import open_database
    from service.curation.documents import entry_draft
    from knowledge.curation.store import EntryStore, Invalid
    from knowledge.documents.ingest import Details, read
    from knowledge.documents.store import DocumentStore

    db = open_database(cur_settings)
    db.migrate()
    details = Details("Riverside research time policy", "Riverside Community Trust", "March 2024", None)
    document, passages, pages = read(_word_file(), "policy.docx", details)
    DocumentStore(db).add(document, passages, "policy.docx", "0" * 64, 100, pages, "editor@trust.nhs.uk")
    data = {**entry_draft(document, next(p for p in passages if p.text == FACT)), "id": "riverside-laptop-loans"}
    store = EntryStore(db, cur_settings.sources_dir)
    source = store.create(data, "editor@trust.nhs.uk").data["sources"][0]
    assert source["document_id"] == document.id and source["quote"] == FACT
    assert source["document"] == "Riverside research time policy, Riverside Community Trust, March 2024"

    for field, changed in (("quote", {"quote": "Staff may borrow laptops for a year."}),
                           ("document_id", {"document_id": "doc-000000000000"})):
        wrong = {**data, "id": f"wrong-{field.replace('_', '-')}", "sources": [{**data["sources"][0], **changed}]}
        with pytest.raises(Invalid) as refused:
            store.create(wrong, "editor@trust.nhs.uk")
        assert [e.field for e in refused.value.errors] == [f"sources.0.{field}"]


async def test_a_form_of_endless_fields_is_refused(session_for, ready):
    from aiohttp import FormData

    editor = await session_for("editor")
    form = FormData()
    for i in range(50):
        form.add_field(f"x{i}", "y")
    form.add_field("file", _word_file(), filename="rules.docx")
    response = await editor.request("POST", "/curation/api/documents", data=form)
    assert response.status == 400 and "more than 20 fields" in (await response.json())["error"]
