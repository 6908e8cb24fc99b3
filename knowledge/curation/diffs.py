"""Human-readable differences between two versions of an entry, field by field, as a unified diff."""

from __future__ import annotations

import difflib

import yaml


def as_lines(data: dict | None) -> list[str]:
    if not data:
        return []
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).splitlines()


def diff(before: dict | None, after: dict | None, before_label: str = "before", after_label: str = "after") -> str:
    """A unified diff of the two versions' YAML; empty when only the workflow changed."""
    return "\n".join(difflib.unified_diff(as_lines(before), as_lines(after), before_label, after_label, lineterm=""))

