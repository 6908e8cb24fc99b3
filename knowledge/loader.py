"""Load entry files and refuse the whole build when any one is wrong.

An invalid entry must never reach the index half-read, and the curator must be
told which file, which field and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.schema import Entry, Source

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML's parser when PyYAML has it: same data, faster


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class EntryError(ValueError):
    """One or more entry files are invalid; `problems` names each file and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("invalid knowledge entries:\n" + "\n".join(f"  {p}" for p in problems))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=16)
def _normalised_source(text: str) -> str:
    """A seed document's text as quotes are looked for in it, remembered by its text: every entry saved in the
    curation app is checked against all of them (normalising the five took 26 ms a save)."""
    return _normalise(text)


def parse_entry(path: Path) -> tuple[Entry | None, list[Problem]]:
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except UnicodeDecodeError as exc:
        return None, [Problem(name, "(file)", f"not UTF-8 text: {exc.reason}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        return None, [Problem(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(raw, dict):
        return None, [Problem(name, "(file)", "expected a mapping of fields at the top level")]
    try:
        entry = Entry.model_validate(raw)
    except ValidationError as exc:
        return None, [
            Problem(name, ".".join(str(p) for p in err["loc"]) or "(entry)", err["msg"]) for err in exc.errors()
        ]
    if entry.id != path.stem:
        return None, [Problem(name, "id", f"id '{entry.id}' must match the file name '{path.stem}'")]
    return entry, []


def _check_added(entry: Entry, where: str, source: Source, added: Callable[[str], str | None]) -> list[Problem]:
    text = added(source.document_id)
    if text is None:
        return [Problem(f"{entry.id}.yaml", f"{where}.document_id", f"no added document '{source.document_id}'")]
    if _normalise(source.quote) not in _normalise(text):
        return [Problem(f"{entry.id}.yaml", f"{where}.quote", f"quote not found in document {source.document_id}")]
    return []


def check_sources(entries: list[Entry], sources_dir: Path,
                  added: Callable[[str], str | None] | None = None) -> list[Problem]:
    """Every seed quote must appear in its seed document (whitespace and case aside); with `added` (an added
    document's id -> its text, or None: the curation store), every quote from a document added in the curation app
    must appear in that document. The entry files' build has no store: those quotes were checked when saved."""
    texts = {p.name: _normalised_source(p.read_text(encoding="utf-8")) for p in sources_dir.glob("*.txt")}
    problems = []
    for entry in entries:
        for where, source in entry.cited():
            if source.document_id and source.quote and added is not None:
                problems.extend(_check_added(entry, where, source, added))
                continue
            if not source.quote or not source.document.endswith(".txt"):
                continue
            if source.document not in texts:
                problems.append(
                    Problem(f"{entry.id}.yaml", f"{where}.document", f"no source document '{source.document}'"))
            elif _normalise(source.quote) not in texts[source.document]:
                problems.append(Problem(f"{entry.id}.yaml", f"{where}.quote", f"quote not found in {source.document}"))
    return problems


def check_links(entries: list[Entry]) -> list[Problem]:
    ids = {e.id for e in entries}
    return [
        Problem(f"{e.id}.yaml", "successor", f"no entry with id '{e.successor}'")
        for e in entries
        if e.successor and e.successor not in ids
    ]


def load_entries(entries_dir: Path, sources_dir: Path | None = None) -> list[Entry]:
    """Load every `*.yaml` entry, or raise EntryError listing every problem found."""
    if not entries_dir.is_dir():
        raise EntryError([Problem(str(entries_dir), "(folder)", "entries folder does not exist")])
    entries, problems = [], []
    for path in sorted(entries_dir.glob("*.yaml")):
        entry, found = parse_entry(path)
        problems.extend(found)
        if entry:
            entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(str(entries_dir), "(folder)", "no *.yaml entries found"))
    problems.extend(check_links(entries))
    if sources_dir is not None:
        problems.extend(check_sources(entries, sources_dir))
    if problems:
        raise EntryError(problems)
    return entries
