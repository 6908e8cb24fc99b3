"""What people type, cleaned one way on every HTTP surface (the knowledge API, the web chat, the curation API, and
Rasa's REST channel), and the one shape of a JSON refusal. Standard library only: the Rasa-side code (Python 3.10,
its own venv) imports it too, and it imports nothing of the project.

Cleaning removes control characters (NUL, escape, bell, DEL, C1), keeping new lines and tabs; every other space
(a no-break space, a narrow or ideographic space) becomes a plain space, so "question\u00a0here" is searched as
"question here"; format characters such as the emoji zero-width joiner are kept (they are part of the emoji).
"""

from __future__ import annotations

import unicodedata

KEPT_CONTROLS = "\n\t"


def has_controls(text: str) -> bool:
    """Whether cleaning would remove anything (control characters other than new lines and tabs)."""
    return any(unicodedata.category(ch) == "Cc" and ch not in KEPT_CONTROLS for ch in text)


def clean(text: str) -> str:
    """The text with control characters out, other spaces plain, and no space at either end."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in KEPT_CONTROLS:
            continue
        kept.append(" " if category == "Zs" else ch)
    return "".join(kept).strip()


def error_body(message: str, **extra: object) -> dict:
    """Every JSON refusal: {"error": what went wrong, in words people can act on, ...anything more}."""
    return {"error": message, **extra}
