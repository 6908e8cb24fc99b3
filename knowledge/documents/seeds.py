"""The source documents shipped in knowledge/sources/, read as the document tier's first documents."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.documents.extract import extract
from knowledge.documents.index import Document
from knowledge.documents.passages import Passage, split

METADATA = Path(__file__).with_name("seeds.yaml")


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
        kind, blocks = extract(path.read_bytes(), name)
        document = Document(document_id(name), meta["title"], meta.get("publisher"),
                            meta.get("published"), meta.get("address"), kind)
        found.append((document, split(document.id, blocks)))
    return found
