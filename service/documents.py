"""The document tier inside the running knowledge service: its live index, kept up to date with the store.

The first index is built in the background at start-up (the source documents' vectors come from a cache on disk
after the first start). The index holds the source documents in knowledge/sources/ and every live document in the
curation store. An upload through the curation app swaps a new index in as soon as its passages are embedded; a document added with
the CLI (another process) is noticed by a poll of the store's version every few seconds. Requests in flight keep
the index they started with.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from aiohttp import web

from knowledge.answer import Answer
from knowledge.documents import answer as document_answers
from knowledge.documents import answerable
from knowledge.documents import ingest
from knowledge.documents.answerable import Tier
from knowledge.documents.extract import DocumentError
from knowledge.documents.index import Document, DocumentIndex, DocumentResult
from knowledge.documents.jobs import Job, Jobs
from knowledge.documents.passages import Passage
from knowledge.documents.seeds import seed_documents
from knowledge.documents.store import DocumentStore, Duplicate
from knowledge.index import KnowledgeIndex
from knowledge.schema import Entry
from knowledge.search import SearchResult
from knowledge.settings import Settings
from service.state import cancel_task

log = logging.getLogger("knowledge.documents")
POLL_S = 3.0


@dataclass
class LiveDocuments:
    settings: Settings
    index: DocumentIndex | None = None
    store: DocumentStore | None = None
    version: tuple | None = None
    seeds: list[tuple[Document, list[Passage]]] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    jobs: Jobs = field(default_factory=Jobs)
    min_confidence: float = document_answers.MIN_CONFIDENCE

    @property
    def cache_dir(self):
        folder = self.settings.documents_index_dir
        folder.mkdir(parents=True, exist_ok=True)
        return folder


DOCUMENTS = web.AppKey("documents", LiveDocuments)


def current(live: LiveDocuments) -> list[tuple[Document, list[Passage]]]:
    return live.seeds + (live.store.live() if live.store else [])


def listed(app: web.Application) -> list[Document]:
    """The documents answers may quote now (the sources and those an R&D office added), in the index's order."""
    live = app.get(DOCUMENTS)
    return list(live.index.documents.values()) if live is not None and live.index is not None else []


# The source documents' index, per folder, for every app this process starts (the tests start hundreds).
_SEEDS: dict[Path, DocumentIndex] = {}
_SEEDS_LOCK = threading.Lock()


def seed_index(live: LiveDocuments) -> DocumentIndex:
    with _SEEDS_LOCK:
        folder = live.settings.sources_dir.resolve()
        if folder not in _SEEDS:
            _SEEDS[folder] = DocumentIndex.empty().with_documents(
                live.seeds, cache_dir=live.cache_dir, batch_size=live.settings.embedding_batch_size)
        return _SEEDS[folder]


def rebuilt(live: LiveDocuments) -> DocumentIndex:
    """The index over the seeds and the store's live documents, reusing every vector already embedded."""
    documents = current(live)
    base = live.index or seed_index(live)
    return base.with_documents(documents, removed=set(base.documents) - {d.id for d, _ in documents},
                               cache_dir=live.cache_dir, batch_size=live.settings.embedding_batch_size)


async def refresh(app: web.Application, reason: str) -> DocumentIndex:
    live = app[DOCUMENTS]
    async with live.lock:
        version = await asyncio.to_thread(live.store.version) if live.store else None
        index = await asyncio.to_thread(rebuilt, live)
        live.index, live.version = index, version
    log.info("document index updated", extra={"reason": reason, "documents": len(index.documents),
                                              "passages": len(index.passages)})
    return index


async def _start(app: web.Application) -> None:
    from service.curation.context import CURATION

    live = app[DOCUMENTS]
    if CURATION in app:
        live.store = DocumentStore(app[CURATION].db)
    app[POLLER] = asyncio.create_task(_poll(app))


async def _poll(app: web.Application) -> None:
    """Build the first index in the background (the service answers from its entries meanwhile), then follow
    the store."""
    live = app[DOCUMENTS]
    try:
        live.seeds = await asyncio.to_thread(seed_documents, live.settings.sources_dir)
        await refresh(app, "start")
    except Exception:  # unreadable source files must not stop the service: it answers from its entries
        log.exception("document tier not started")
        return
    while True:
        await asyncio.sleep(POLL_S)
        if live.store is None:
            continue
        try:
            if await asyncio.to_thread(live.store.version) != live.version:
                await refresh(app, "store changed")
        except Exception:  # a database hiccup must not stop the poll; the next one tries again
            log.exception("document poll failed")


async def _stop(app: web.Application) -> None:
    await cancel_task(app, POLLER)


POLLER = web.AppKey("documents_poller", asyncio.Task)


def add_documents(app: web.Application, settings: Settings) -> None:
    """Give the service its document tier (after the curation store, whose start-up migrates the database)."""
    app[DOCUMENTS] = LiveDocuments(settings)
    app.on_startup.append(_start)
    app.on_cleanup.append(_stop)


# Answering.

async def _search(app: web.Application, question: str, pool: Executor) -> tuple[LiveDocuments, DocumentResult] | None:
    live = app.get(DOCUMENTS)
    if live is None or live.index is None or not live.index.passages:
        return None
    return live, await asyncio.get_running_loop().run_in_executor(
        pool, partial(answerable.searched, live.index, question, threshold=live.min_confidence))


def distinctive(app: web.Application) -> Callable[[str], bool]:
    """Whether a word says what a text is about: used in few of the documents' passages (every word, without any)."""
    live = app.get(DOCUMENTS)
    if live is None or live.index is None or not live.index.passages:
        return lambda term: True
    return live.index.lexical.distinctive


async def _record(live: LiveDocuments, result: DocumentResult, question: str, tier: Tier) -> None:
    if live.store:
        for hit in document_answers.shown(result) if tier is Tier.document else result.hits[:1]:
            await asyncio.to_thread(live.store.record_use, hit.passage.document_id, hit.passage.number, question)


async def respond(app: web.Application, question: str, pool: Executor, reply: Answer, result: SearchResult,
                  index: KnowledgeIndex, record: bool = True) -> dict:
    """/api/answer's reply: the entries' `reply` (from `result`), the passage that answers instead, or the entry's
    answer with the passage after it, as knowledge/documents/answerable.py decides. A passage shown is recorded
    for the gaps page."""
    entry_reply = reply.to_dict()
    found = await _search(app, question, pool)
    if found is None:
        return answerable.reply(entry_reply, Tier.entry, DocumentResult([], 0.0))
    live, documents_found = found
    entry = index.entries[reply.entry_id] if reply.answered else None
    named = bool(entry and result.hits[0].named)
    tier = answerable.choose(question, documents_found, entry, reply.confidence, named, live.min_confidence, index,
                             unstated=reply.unstated, shown=reply.text)
    if entry is not None and tier is Tier.entry and reply.unstated:
        detail = await asyncio.get_running_loop().run_in_executor(
            pool, answerable.detail_in_sources, live.index, question, entry, reply.unstated)
        if detail is not None:
            tier, documents_found = Tier.both, detail
    if record and tier in (Tier.document, Tier.both):
        await _record(live, documents_found, question, tier)
    return answerable.reply(entry_reply, tier, documents_found, question)


def passages_of(payload: dict) -> list[str]:
    """The keys of the passages an answer quotes: its own, or those after an entry's answer."""
    return payload.get("passages") or (payload.get("supplement") or {}).get("passages", [])


async def record_shown(app: web.Application, payload: dict, question: str) -> None:
    """Record the passages an answer made elsewhere shows (`respond(record=False)`), as asked in `question`."""
    live = app.get(DOCUMENTS)
    if live is None or live.store is None or live.index is None:
        return
    for key in passages_of(payload):
        if (at := live.index.by_key.get(key)) is not None:
            passage = live.index.passages[at]
            await asyncio.to_thread(live.store.record_use, passage.document_id, passage.number, question)


async def mention(app: web.Application, question: str, name: str, pool: Executor, spelt_out: bool = True,
                  spelling: bool = False) -> dict | None:
    """/api/answer's reply to whether a document names something ("was sheffeild in that cancer reserch report"): the
    passages that name it (knowledge/documents/answerable.py `mentioned`); None when none does (the question is
    answered as any other)."""
    live = app.get(DOCUMENTS)
    if live is None or live.index is None or not live.index.passages:
        return None
    found = await asyncio.get_running_loop().run_in_executor(
        pool, partial(answerable.mentioned, live.index, name, question=question, spelt_out=spelt_out, spelling=spelling))
    if found is None:
        return None
    await _record(live, found, question, Tier.document)
    return answerable.reply(Answer(False, "", 0.0).to_dict(), Tier.document, found)


async def in_context(app: web.Application, question: str, entry: Entry, pool: Executor, entry_reply: dict) -> dict | None:
    """/api/answer's reply to a follow-up no entry answered, from a passage of a document the entry just shown cites
    (knowledge/documents/answerable.py `in_context`); None when none answers."""
    return await _followed_up(app, question, partial(answerable.in_context, entry=entry), pool, entry_reply)


async def figure_for(app: web.Application, question: str, entry: Entry, pool: Executor, entry_reply: dict) -> dict | None:
    """/api/answer's reply to a count or share asked of the entry just shown that it does not give, from a passage of
    a document it cites (knowledge/documents/answerable.py `figure_in_sources`); None when none states one."""
    return await _followed_up(app, question, partial(answerable.figure_in_sources, entry=entry), pool, entry_reply)


async def read_with_earlier(app: web.Application, followed: str, holds: Callable[[str], bool], entry: Entry | None,
                            key: str | None, figures: bool, again: bool, subject: str, pool: Executor,
                            reply: dict, asked: str) -> dict | None:
    """/api/answer's reply to a follow-up read with the person's earlier messages (`followed`) that no answer of its
    own took: a passage of the documents of what was just shown holding what the follow-up asks
    (knowledge/documents/answerable.py `read_with_earlier`), recorded as `asked`; None when none does."""
    return await _followed_up(app, followed, partial(answerable.read_with_earlier, holds=holds, entry=entry, key=key,
                                                        figures=figures, again=again, subject=subject),
                              pool, reply, recorded_as=asked)


async def after_passage(app: web.Application, question: str, key: str, pool: Executor, reply: dict) -> dict | None:
    """/api/answer's reply to a follow-up no entry answered, just after the passage `key` was quoted, from a passage
    near it (knowledge/documents/answerable.py `after_passage`); None when none answers."""
    return await _followed_up(app, question, partial(answerable.after_passage, key=key), pool, reply)


async def _followed_up(app: web.Application, question: str, find: Callable[..., DocumentResult | None], pool: Executor,
                       reply: dict, recorded_as: str | None = None) -> dict | None:
    """The reply from the passage `find` (documents, question, threshold=...) gives for a follow-up, recorded as the
    document tier's answer; None when it finds none."""
    live = app.get(DOCUMENTS)
    if live is None or live.index is None or not live.index.passages:
        return None
    found = await asyncio.get_running_loop().run_in_executor(
        pool, partial(find, live.index, question, threshold=live.min_confidence))
    if found is None:
        return None
    await _record(live, found, recorded_as or question, Tier.document)
    return answerable.reply(reply, Tier.document, found)


def follow(app: web.Application, key: str, kind: str) -> dict | None:
    """"Tell me more" (`kind` "more") or "where's that from?" ("source") after the passage `key`; None when the tier
    no longer holds it."""
    live = app.get(DOCUMENTS)
    if live is None or live.index is None:
        return None
    return (document_answers.source_of if kind == "source" else document_answers.continued)(live.index, key)


def passage_text(app: web.Application, key: str) -> str:
    """The text of the passage `key`, or "" when the tier no longer holds it."""
    live = app.get(DOCUMENTS)
    at = live.index.by_key.get(key) if live is not None and live.index is not None else None
    return live.index.passages[at].text if at is not None else ""


async def rate(app: web.Application, question: str, helpful: bool) -> bool:
    live = app.get(DOCUMENTS)
    if live is None or live.store is None:
        return False
    return await asyncio.to_thread(live.store.rate, question, helpful)


# Adding and retiring.

async def add(app: web.Application, data: bytes, filename: str, details: ingest.Details, author: str, job: Job) -> None:
    """Read, split, embed, store and put live one document, telling `job` how far it got. On any failure the
    job says why and nothing changed: the store is written in one transaction, after the embedding succeeded."""
    from service.state import STATE

    live = app[DOCUMENTS]
    loop = asyncio.get_running_loop()
    pool = app[STATE].pool
    try:
        job.stage = "reading"
        document, passages, pages = await loop.run_in_executor(pool, ingest.read, data, filename, details, job.advance)
        async with live.lock:
            job.stage, job.done, job.total = "embedding", 0, len(passages)
            base = live.index or DocumentIndex.empty()
            index = await loop.run_in_executor(pool, partial(
                base.with_documents, [(document, passages)], cache_dir=live.cache_dir,
                batch_size=live.settings.embedding_batch_size, progress=job.advance))
            job.stage = "saving"
            digest = hashlib.sha256(data).hexdigest()
            await asyncio.to_thread(live.store.add, document, passages, filename, digest, len(data), pages, author)
            live.index, live.version = index, await asyncio.to_thread(live.store.version)
        job.finish(document.id, len(passages))
        log.info("document added", extra={"document": document.id, "passages": len(passages), "pages": pages,
                                          "seconds": round(time.time() - job.started_at, 2)})
    except (DocumentError, Duplicate) as exc:
        job.fail(str(exc))
        log.info("document refused", extra={"reason": str(exc)})
    except Exception:
        job.fail("the document could not be added because of an internal error; nothing was changed")
        log.exception("document add failed")


async def retire(app: web.Application, document_id: str) -> None:
    live = app[DOCUMENTS]
    await asyncio.to_thread(live.store.retire, document_id)
    await refresh(app, "retire")
