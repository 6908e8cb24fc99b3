"""Turn an entry's sources into the citation line the bot shows."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.schema import Entry, Source

CATALOGUE = Path(__file__).resolve().parent / "sources" / "catalogue.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, str]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def describe(source: Source) -> str:
    title = catalogue().get(source.document, source.document)
    parts = [title]
    if source.section:
        parts.append(source.section)
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def cite(entry: Entry) -> str:
    """One line naming every distinct source document of the entry."""
    seen: dict[str, None] = {}
    for source in entry.sources:
        seen.setdefault(describe(source), None)
    return "; ".join(seen)
