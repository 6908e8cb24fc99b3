"""The source documents shipped in knowledge/sources/, read as the document tier's first documents."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import yaml

from knowledge.documents.extract import extract
from knowledge.documents.index import Document
from knowledge.documents.passages import Passage, split

METADATA = Path(__file__).with_name("seeds.yaml")
# A file's format and passages by its name and bytes: each service started in a process (the tests start hundreds)
# reads the sources again, and extracting and splitting them cost 30 ms where reading them costs well under one.
_READ: dict[tuple[str, bytes], tuple[str, tuple[Passage, ...]]] = {}
_READ_LOCK = threading.Lock()


def document_id(filename: str) -> str:
    return f"source-{filename.split('_')[0]}"


def source_file(document_id_: str) -> str | None:
    """The file in knowledge/sources/ a source document was read from (what an entry's source names)."""
    names = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return next((name for name in names if document_id(name) == document_id_), None)


def seed_documents(sources_dir: Path) -> list[tuple[Document, list[Passage]]]:
    """Each listed source file present in `sources_dir`, split into passages (id: "source-" and the file's number)."""
    found = []
    for name, meta in yaml.safe_load(METADATA.read_text(encoding="utf-8")).items():
        path = sources_dir / name
        if not path.exists():
            continue
        kind, passages = _read(name, path.read_bytes())
        document = Document(document_id(name), meta["title"], meta.get("publisher"),
                            meta.get("published"), meta.get("address"), kind)
        found.append((document, list(passages)))
    return found


def _read(name: str, data: bytes) -> tuple[str, tuple[Passage, ...]]:
    key = (name, hashlib.sha256(data).digest())
    with _READ_LOCK:
        if key not in _READ:
            kind, blocks = extract(data, name)
            _READ[key] = kind, tuple(split(document_id(name), blocks))
        return _READ[key]
