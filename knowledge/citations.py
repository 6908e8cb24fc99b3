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
    """The document's name, and its address when it is a public page."""
    title = catalogue().get(source.document, source.document)
    return f"{title} ({source.url})" if source.url else title


def cite(entry: Entry, most: int = 3) -> str:
    """One line naming the entry's distinct source documents (sections are in the entry)."""
    seen = list(dict.fromkeys(describe(source) for source in entry.sources))
    more = f"; and {len(seen) - most} more" if len(seen) > most else ""
    return "; ".join(seen[:most]) + more
