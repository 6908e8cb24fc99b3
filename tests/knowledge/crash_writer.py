"""What test_crash_safety.py kills: a process writing entry files, the curation store or the index.

    python -m tests.knowledge.crash_writer entries|store|index TARGET MOMENT

MOMENT `loop` writes versions A and B in turn until killed from outside, at random. Any other moment
makes the process SIGKILL itself at that point of a write, the worst moments there are:
`torn:NAME` (NAME's temporary file cut to half, not yet renamed), `before-replace:NAME`,
`after-replace:NAME` (renamed, nothing after it done), `after-sql:STATEMENT` (inside a transaction,
after the statement that starts with STATEMENT), `after-save` (a save just committed).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from knowledge.loader import load_entries
from knowledge.schema import Entry
from knowledge.settings import Settings

AMOUNT_B = "Up to £1 (crash test)"
DROPPED = ["pcaf", "dcaf", "acaf", "icap"]  # left out of index version B; P2P stays in both
SAVED_ENTRY = "pathway-to-portfolio"


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def variants(entries: list[Entry], kind: str) -> tuple[list[Entry], list[Entry]]:
    """Versions A (as in the repository) and B of what is written."""
    if kind == "index":
        return entries, [e for e in entries if e.id not in DROPPED]
    return entries, [e.model_copy(update={"amount": AMOUNT_B}) for e in entries]


def die_at(moment: str) -> None:
    """Patch the file and database calls so that this process kills itself at `moment`."""
    event, _, name = moment.partition(":")
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        if event == "torn" and f"/.{name}." in os.readlink(f"/proc/self/fd/{fd}"):
            os.ftruncate(fd, os.fstat(fd).st_size // 2)
            die()
        real_fsync(fd)

    def replace(src, dst) -> None:
        target = Path(dst).name == name
        if target and event == "before-replace":
            die()
        real_replace(src, dst)
        if target and event == "after-replace":
            die()

    os.fsync, os.replace = fsync, replace
    if event == "after-sql":
        from knowledge.curation.db import Connection

        real_execute = Connection.execute

        def execute(self, sql: str, params=()) -> int:
            count = real_execute(self, sql, params)
            if sql.startswith(name):
                die()
            return count

        Connection.execute = execute


def write_entries(folder: Path, versions: tuple[list[Entry], list[Entry]], loop: bool) -> None:
    from knowledge.curation.entryfiles import write_entries

    while True:
        for version in versions[::-1]:  # B first: the folder starts as A
            write_entries(version, folder)
            if not loop:
                return


def save_entry(db_path: Path, settings: Settings, moment: str) -> None:
    from knowledge.curation.db import Database
    from knowledge.curation.store import EntryStore

    store = EntryStore(Database(None, db_path), settings.sources_dir)
    while True:
        record = store.get(SAVED_ENTRY)
        amount = AMOUNT_B if record.data["amount"] != AMOUNT_B else "Up to £20,000"
        saved = store.save(SAVED_ENTRY, {**record.data, "amount": amount}, record.version, "crash-test")
        if moment == "after-save":
            die()
        store.publish(SAVED_ENTRY, store.submit(SAVED_ENTRY, saved.version, "crash-test").version, "crash-test")


def build_index(cache_dir: Path, versions: tuple[list[Entry], list[Entry]], loop: bool) -> None:
    from knowledge.index import KnowledgeIndex

    while True:
        KnowledgeIndex.build(versions[1], cache_dir)  # B: drops entries, so no passage needs embedding
        if not loop:
            return


def main(kind: str, target: str, moment: str) -> None:
    settings = Settings()
    entries = load_entries(settings.entries_dir, settings.sources_dir)
    loop = moment == "loop"
    if not loop:
        die_at(moment)
    print("ready", flush=True)
    if kind == "entries":
        write_entries(Path(target), variants(entries, kind), loop)
    elif kind == "store":
        save_entry(Path(target), settings, moment)
    else:
        build_index(Path(target), variants(entries, kind), loop)


if __name__ == "__main__":
    main(*sys.argv[1:])
