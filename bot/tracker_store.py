"""Rasa's SQL tracker store, reading only the recent part of a long conversation.

Why: Rasa's SQL store loads and replays every event of the conversation's session at every
message, and Rasa then featurises and ships (to the action server) that whole tracker, so a
message cost grew with the conversation: 37 ms p50 over turns 1-20, 153 ms over turns 181-200
(docs/benchmarks.md). A Teams personal chat is one conversation for ever. This store keeps, after
every save, a snapshot of the conversation's state (slots, active form, paused) in a table of its own,
and past `window` events it builds the tracker from the latest snapshot before the window plus the
events after it: the same slots, form and recent history the policies look at (MemoizationPolicy and
RulePolicy read the last few turns), at a flat cost. Saves write only the events added since the load.
Short conversations are loaded whole, exactly as Rasa does. `retrieve_full_tracker` (Rasa's
conversation API, `rasa export`) still reads everything.

With SQLite it also sets write-ahead-log mode: Rasa saves after every message in its own
transaction, and SQLite's default rollback journal syncs several times per commit, on Rasa's one
event loop (a fifth of Rasa's time per message). In WAL mode with `synchronous=NORMAL` a commit
appends to the log; a crash of a process loses nothing committed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ConversationPaused, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker, TrackerActiveLoop
from sqlalchemy import event

log = logging.getLogger(__name__)

# Events past which a conversation is read from its latest snapshot: about eight turns of this bot
# (a turn is 8-15 events), several times what the policies look back at.
DEFAULT_WINDOW = 120
_STORED = "_nhsbot_stored_events"  # how many of a tracker's events are already in the database
SCHEMA_PATIENCE_S = 60  # how long a server waits for another's schema creation
SCHEMA_LOCK = 6101  # PostgreSQL advisory lock key held while a server creates this store's schema (the curation store uses 6006-6007)

snapshots = sa.Table(
    "tracker_snapshots",
    sa.MetaData(),
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("last_event_id", sa.Integer, primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
)

_events = SQLTrackerStore.SQLEvent.__table__
# Declared once, on Rasa's own events table: a conversation's events by id, and its latest session start.
EVENT_INDEXES = (sa.Index("ix_events_sender_id_id", _events.c.sender_id, _events.c.id),
                 sa.Index("ix_events_sender_type_id", _events.c.sender_id, _events.c.type_name, _events.c.id))


def _tune(connection: Any, _record: Any) -> None:
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")


def state_of(tracker: DialogueStateTracker) -> dict[str, Any]:
    """What replaying the events so far has set, beyond the events themselves."""
    loop = tracker.active_loop
    return {"slots": tracker.current_slot_values(), "active_loop": dataclasses.asdict(loop) if loop else None,
            "paused": tracker.is_paused()}


class WindowedSQLTrackerStore(SQLTrackerStore):
    """Configured like Rasa's `SQL` tracker store (dialect, db, host, username...), plus `window`."""

    def __init__(self, domain: Domain | None = None, dialect: str = "sqlite",
                 window: int = DEFAULT_WINDOW, **kwargs: Any) -> None:
        super().__init__(domain, dialect, **kwargs)
        self.window = max(int(window), 10)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _tune)
            self.engine.dispose()  # connections opened before the listener get reopened with it
        self._create_schema()

    def _create_schema(self) -> None:
        """Rasa's tables, the snapshot table and the event indexes, made once even when several Rasa
        servers start together. Rasa creates its tables without waiting for another server doing the
        same (it logs the clash and goes on), so the events table may still be uncommitted in another
        server's transaction here: on PostgreSQL this runs under an advisory lock, and a clash with a
        creation in flight is tried again once that has committed (without this, one server died at start)."""
        deadline = time.monotonic() + SCHEMA_PATIENCE_S
        while True:
            try:
                with self.engine.begin() as connection:
                    if connection.dialect.name == "postgresql":
                        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
                    self.Base.metadata.create_all(connection)
                    snapshots.create(connection, checkfirst=True)
                    for index in EVENT_INDEXES:  # made with the table when it is new; added to an older one
                        index.create(connection, checkfirst=True)
                return
            except (sa.exc.ProgrammingError, sa.exc.IntegrityError) as error:
                if time.monotonic() > deadline:
                    raise
                log.info("tracker schema: another server is creating it, trying again (%s)", type(error).__name__)
                time.sleep(0.2)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            rows, state = self._recent(session, sender_id)
        if not rows:
            return None
        events = [json.loads(row.data) for row in rows]
        if state is None:
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots if self.domain else [])
        else:
            tracker = self._from_snapshot(sender_id, state, events)
        setattr(tracker, _STORED, len(tracker.events))
        return tracker

    def _recent(self, session: Any, sender_id: str) -> tuple[list[Any], dict | None]:
        """The current session's events if few, else those after the latest snapshot before the window."""
        event_table = self.SQLEvent
        start = (session.query(sa.func.max(event_table.id))
                 .filter(event_table.sender_id == sender_id, event_table.type_name == SessionStarted.type_name)
                 .scalar())
        query = session.query(event_table).filter(event_table.sender_id == sender_id)
        if start is not None:
            query = query.filter(event_table.id >= start)
        newest = query.order_by(event_table.id.desc()).limit(self.window + 1).all()
        if len(newest) <= self.window:
            return newest[::-1], None
        snapshot = session.execute(
            sa.select(snapshots.c.last_event_id, snapshots.c.state)
            .where(snapshots.c.sender_id == sender_id, snapshots.c.last_event_id < newest[self.window - 1].id,
                   snapshots.c.last_event_id >= (start if start is not None else 0))
            .order_by(snapshots.c.last_event_id.desc()).limit(1)).first()
        if snapshot is None:  # written before snapshots existed: read the session whole, as Rasa does
            return query.order_by(event_table.id).all(), None
        return query.filter(event_table.id > snapshot.last_event_id).order_by(event_table.id).all(), json.loads(
            snapshot.state)

    def _from_snapshot(self, sender_id: str, state: dict, events: list[dict]) -> DialogueStateTracker:
        tracker = DialogueStateTracker(sender_id, self.domain.slots if self.domain else [])
        tracker.update(SessionStarted())
        for name, value in state["slots"].items():
            if name in tracker.slots and value != tracker.slots[name].initial_value:
                tracker.update(SlotSet(name, value))
        if state["paused"]:
            tracker.update(ConversationPaused())
        tracker.active_loop = TrackerActiveLoop(**state["active_loop"]) if state["active_loop"] else None
        for data in events:
            tracker.update(Event.from_parameters(data))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, _STORED, None)
        if stored is None:  # a tracker this store did not load (a new conversation, Rasa's API): Rasa's count
            return super()._additional_events(session, tracker)
        return list(tracker.events)[stored:]

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        setattr(tracker, _STORED, len(tracker.events))
        with self.session_scope() as session:
            last = (session.query(sa.func.max(self.SQLEvent.id))
                    .filter(self.SQLEvent.sender_id == tracker.sender_id).scalar())
            if last is None:
                return
            session.execute(snapshots.delete().where(snapshots.c.sender_id == tracker.sender_id,
                                                     snapshots.c.last_event_id == last))
            session.execute(snapshots.insert().values(sender_id=tracker.sender_id, last_event_id=last,
                                                      state=json.dumps(state_of(tracker))))
            self._prune(session, tracker.sender_id)
            session.commit()

    def _prune(self, session: Any, sender_id: str) -> None:
        """Keep the snapshots a load may still need: those within a few windows of the newest event."""
        keep_from = (session.query(self.SQLEvent.id).filter(self.SQLEvent.sender_id == sender_id)
                     .order_by(self.SQLEvent.id.desc()).offset(4 * self.window).limit(1).scalar())
        if keep_from is not None:
            session.execute(snapshots.delete().where(snapshots.c.sender_id == sender_id,
                                                     snapshots.c.last_event_id < keep_from))
