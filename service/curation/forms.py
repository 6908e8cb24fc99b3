"""The entry form: HTML form fields to entry data and back, so the pydantic model validates what people type.

Lists are typed one item per line; sources are repeated groups of fields
(`sources-0-document`, ...), with one blank group to add a source. Eligibility's
structured lists (`excluded`, `requirements`, `eligibility_sources`) are edited as YAML, so saving
an entry from the form keeps its quoted exclusions.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

LIST_FIELDS = ("nations", "professions", "career_stages", "organisations", "topics", "synonyms", "alternate_questions")
OPTIONAL_TEXT = ("successor", "funder", "amount", "duration", "how_to_apply", "contact")
SOURCE_FIELDS = ("document", "document_id", "section", "url", "quote")
YAML_FIELDS = ("excluded", "requirements", "eligibility_sources")
MAX_SOURCES = 30


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def from_form(form: Mapping[str, object]) -> dict:
    """What the form says, as entry data (unvalidated): blank optional fields become None."""
    data: dict = {name: _text(form.get(name)) for name in ("id", "title", "kind", "summary", "body", "status", "owner",
                                                            "last_reviewed", "review_due")}
    for name in OPTIONAL_TEXT:
        data[name] = _text(form.get(name)) or None
    for name in LIST_FIELDS:
        data[name] = [line.strip() for line in _text(form.get(name)).splitlines() if line.strip()]
    data["gives"] = [v for v in form.getall("gives", [])] if hasattr(form, "getall") else list(form.get("gives", []))
    sources = []
    for i in range(MAX_SOURCES):
        source = {field: _text(form.get(f"sources-{i}-{field}")) or None for field in SOURCE_FIELDS}
        if any(source.values()):
            sources.append(source)
    data["sources"] = sources
    for name in YAML_FIELDS:
        data[name] = _yaml_list(_text(form.get(name)))
    return data


def _yaml_list(text: str) -> list | str:
    """The YAML a curator typed, as a list; text that is not a YAML list is kept as typed, for the model to refuse."""
    if not text:
        return []
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, list) else text


def to_form(data: dict) -> dict:
    """Entry data as the values the form shows."""
    values = {k: ("" if v is None else v) for k, v in data.items()
              if k not in LIST_FIELDS and k != "sources" and k not in YAML_FIELDS}
    for name in YAML_FIELDS:
        value = data.get(name) or ""
        values[name] = value if isinstance(value, str) else yaml.safe_dump(value, sort_keys=False, allow_unicode=True)
    for name in LIST_FIELDS:
        values[name] = "\n".join(data.get(name) or [])
    values["gives"] = list(data.get("gives") or [])
    values["sources"] = [{f: (s.get(f) or "") for f in SOURCE_FIELDS} for s in data.get("sources") or []]
    values["sources"].append({f: "" for f in SOURCE_FIELDS})
    return values


def errors_by_field(errors: list[dict]) -> dict[str, str]:
    """Field name -> message, several messages for one field joined; keys match the form's input names."""
    found: dict[str, list[str]] = {}
    for error in errors:
        key = error["field"].replace(".", "-") if error["field"].startswith("sources.") else error["field"].split(".")[0]
        found.setdefault(key, []).append(error["message"])
    return {k: "; ".join(v) for k, v in found.items()}
