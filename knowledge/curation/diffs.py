"""Human-readable differences between two versions of an entry, field by field, as a unified diff."""

from __future__ import annotations

import difflib

import yaml

# LibYAML's emitter when PyYAML has it: the same text, and importing the entry files diffs every entry (the pure
# Python emitter was a quarter of a curation start's work).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def as_lines(data: dict | None) -> list[str]:
    if not data:
        return []
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100).splitlines()


def diff(before: dict | None, after: dict | None, before_label: str = "before", after_label: str = "after") -> str:
    """A unified diff of the two versions' YAML; empty when only the workflow changed."""
    return "\n".join(difflib.unified_diff(as_lines(before), as_lines(after), before_label, after_label, lineterm=""))

