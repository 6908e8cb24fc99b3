"""Replacing a file so that a crash at any moment leaves the old version or the new one, never a torn one.

The new content goes to a temporary file beside the target (a name of its own, so two writers never share
one), is flushed to disk, then renamed over the target in one step; the folder is synced too, so the
rename itself survives a power cut. A temporary file left by a crash is never read: it has another name.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _mode_of(path: Path) -> int:
    """The target's permissions, so a replaced file keeps them (mkstemp alone would make it private)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o644


def replace_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write(file)` writes the new content; `path` then holds it whole, or keeps what it had."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), _mode_of(path))
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def replace_text(path: Path, text: str) -> None:
    replace_atomically(path, lambda file: file.write(text.encode("utf-8")))
