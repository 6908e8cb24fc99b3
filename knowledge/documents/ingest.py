"""Adding one document outside the service (the CLI, the benchmark): read, split, embed into the document tier's
cache, then store it in one transaction. The running service finds it at its next poll of the store and builds
its index from the cached vectors, so it answers from the document within seconds.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.documents.extract import DocumentError, Progress, extract
from knowledge.documents.index import Document, DocumentIndex
from knowledge.documents.passages import Passage, split
from knowledge.documents.store import DocumentStore, Record
from knowledge.settings import Settings

StageProgress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Details:
    title: str
    publisher: str | None
    published: str | None
    address: str | None


def check_details(title: object, publisher: object, published: object, address: object) -> Details:
    """The document's details as typed, or DocumentError naming what is wrong."""
    def text(value: object, name: str, limit: int) -> str | None:
        value = value.strip() if isinstance(value, str) else ""
        if len(value) > limit:
            raise DocumentError(f"the {name} is longer than {limit} characters")
        return value or None

    details = Details(text(title, "title", 300) or "", text(publisher, "publisher", 200),
                      text(published, "date", 40), text(address, "address", 1000))
    if len(details.title) < 3:
        raise DocumentError("give the document's title")
    if details.address and not details.address.startswith(("https://", "http://")):
        raise DocumentError("the address must be a web address starting with https://")
    return details


def read(data: bytes, filename: str, details: Details, progress: Progress | None = None
         ) -> tuple[Document, list[Passage], int | None]:
    """The document and its passages, and its page count for a PDF (nothing is stored yet)."""
    kind, blocks = extract(data, filename, progress)
    document = Document(f"doc-{uuid.uuid4().hex[:12]}", details.title, details.publisher, details.published,
                        details.address, kind)
    pages = max((b.page or 0 for b in blocks), default=0) or None
    return document, split(document.id, blocks), pages


def add_file(data: bytes, filename: str, title: str | None, publisher: str | None, published: str | None,
             address: str | None, author: str, store: DocumentStore, settings: Settings,
             progress: StageProgress = lambda stage, done, total: None) -> Record:
    details = check_details(title, publisher, published, address)
    document, passages, pages = read(data, filename, details, lambda done, total: progress("reading", done, total))
    cache = settings.index_dir / "documents"
    cache.mkdir(parents=True, exist_ok=True)
    DocumentIndex.empty().with_documents([(document, passages)], cache_dir=cache,
                                         batch_size=settings.embedding_batch_size,
                                         progress=lambda done, total: progress("embedding", done, total))
    return store.add(document, passages, filename, hashlib.sha256(data).hexdigest(), len(data), pages, author)
