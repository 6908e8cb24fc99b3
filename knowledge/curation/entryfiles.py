"""Entries to and from the YAML files in the repository, so the knowledge base can also live in git.

Export writes the layout of the files in the repository (schema field order,
dates as YAML dates, paragraphs as literal blocks, unused source fields and an
empty `organisations` left out), so an export committed to git shows only what
the R&D office changed, and export followed by import gives back identical entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import yaml

from knowledge.atomic import replace_text
from knowledge.schema import Entry

DATE_FIELDS = ("last_reviewed", "review_due")
OMIT_WHEN_EMPTY = ("organisations", "excluded", "requirements", "eligibility_sources")
WIDTH = 100


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Multi-line text as a `|` block, the way people write paragraphs by hand. LibYAML's emitter when PyYAML has
    it: the same text (every entry checked), five times faster, and every import and export writes each entry."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def to_data(entry: Entry) -> dict:
    """The entry as plain JSON-able data: what the store keeps for each version."""
    return entry.model_dump(mode="json")


def _given(fields: dict) -> dict:
    """Only the fields that say something: no nulls, no empty lists."""
    return {k: v for k, v in fields.items() if v is not None and v != []}


def to_yaml(entry: Entry) -> str:
    data = to_data(entry)
    for name in DATE_FIELDS:
        data[name] = dt.date.fromisoformat(data[name])
    for name in OMIT_WHEN_EMPTY:
        if not data[name]:
            del data[name]
    data["sources"] = [_given(source) for source in data["sources"]]
    if "eligibility_sources" in data:
        data["eligibility_sources"] = [_given(source) for source in data["eligibility_sources"]]
    for name in ("excluded", "requirements"):
        if name in data:
            data[name] = [{**_given(item), "source": _given(item["source"])} for item in data[name]]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH)


def write_entries(entries: list[Entry], folder: Path) -> list[Path]:
    """Write one `<id>.yaml` per entry (atomically each) and remove files of entries no longer given."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in entries:
        path = folder / f"{entry.id}.yaml"
        replace_text(path, to_yaml(entry))
        written.append(path)
    keep = {p.name for p in written}
    for stale in folder.glob("*.yaml"):
        if stale.name not in keep:
            stale.unlink()
    return written


def fingerprint(folder: Path) -> str:
    """A hash of every entry file's name and bytes: changes when anyone edits, adds or removes a file."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
