"""Keep what people typed only as long as it is needed, then delete it.

Three stores hold it: the question log (unanswered and low-confidence questions, rated answers;
knowledge/gaps.py), Rasa's tracker store (every conversation, message by message) and the questions
sent to the R&D office (knowledge/tickets.py: the question, and a profile or email if the person chose). Both are
purged of what is older than the retention period by the knowledge service every
`purge_interval_hours`, and on demand by `python -m knowledge purge`. The period is
NHSBOT_RETENTION_DAYS (default 90) until an R&D admin sets another in the curation application
(kept in the curation store, so every instance and the command line use it).

Conversations: one idle for the whole period is deleted entirely; in one still in use, only the
sessions before its current one go (Rasa reads and counts only the current session's events, so
the conversation carries on unharmed; the profile is carried into each new session as slots).
An R&D admin can also delete a single question-log row (`forget_question`), and a person who says "forget me"
in the chat has their conversation (events and state snapshots) and the questions they sent to the R&D office
deleted at once (`forget_person`); Rasa then appends only that turn's new events, so the chat carries on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from knowledge.curation.db import Database
from knowledge.gaps import GapLog
from knowledge.settings import Settings
from knowledge.tickets import TicketStore

log = logging.getLogger("knowledge.retention")
DAY_S = 86400
MAX_ROW_ID = 2**63 - 1
MAX_DAYS = 3650
MAX_SENDER_CHARS = 255  # Rasa's events.sender_id column
_DAYS_KEY = "retention_days"
TABLES = {"gap": "gaps", "feedback": "feedback"}

# Rasa's SQL tracker store: table `events` (id, sender_id, type_name, timestamp, intent_name, action_name, data).
_IDLE_CONVERSATIONS = ("DELETE FROM events WHERE sender_id IN "
                       "(SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < ?)")
_PAST_SESSIONS = ("DELETE FROM events WHERE timestamp < ? AND timestamp < "
                  "(SELECT MAX(s.timestamp) FROM events s WHERE s.sender_id = events.sender_id "
                  "AND s.type_name = 'session_started')")

# bot/tracker_store.py's state snapshots (slots: the profile) of events no longer kept.
_ORPHAN_SNAPSHOTS = ("DELETE FROM tracker_snapshots WHERE NOT EXISTS (SELECT 1 FROM events e WHERE "
                     "e.sender_id = tracker_snapshots.sender_id AND e.id <= tracker_snapshots.last_event_id)")


_SENDER_EVENTS = "DELETE FROM events WHERE sender_id = ?"
_SENDER_SNAPSHOTS = "DELETE FROM tracker_snapshots WHERE sender_id = ?"


@dataclass
class Forgotten:
    conversation_events: int = 0
    tickets: int = 0


@dataclass
class Purged:
    questions: int = 0
    ratings: int = 0
    conversation_events: int = 0
    tickets: int = 0
    retention_days: int = 0


def days_in_force(settings: Settings, store: Database | None) -> int:
    """The retention period: an admin's choice in the curation store, else NHSBOT_RETENTION_DAYS."""
    if store is not None:
        with store.connect() as c:
            row = c.one("SELECT value FROM meta WHERE key = ?", (_DAYS_KEY,))
        if row:
            return int(row["value"])
    return settings.retention_days


def set_days(store: Database, days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"the retention period must be a whole number of days from 1 to {MAX_DAYS}")
    with store.connect() as c:
        if c.execute("UPDATE meta SET value = ? WHERE key = ?", (str(days), _DAYS_KEY)) == 0:
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (_DAYS_KEY, str(days)))


def tracker_database(settings: Settings) -> Database | None:
    """Rasa's tracker store, when there is one to purge: PostgreSQL if configured, else the SQLite file."""
    if settings.tracker_database_url:
        return Database(settings.tracker_database_url)
    return Database(None, settings.tracker_db) if settings.tracker_db.exists() else None


def _forget_handled(store: Database | None, keys: list[str]) -> None:
    """Deleted rows' ids may be used again: a new question must not inherit an old one's "handled"."""
    if store is None or not keys:
        return
    with store.connect() as c:
        for key in keys:
            c.execute("DELETE FROM handled_questions WHERE question_key = ?", (key,))


def purge_questions(gaps: GapLog, store: Database | None, before: float) -> tuple[int, int]:
    """Delete questions and ratings recorded before `before`; returns how many of each."""
    deleted = gaps.purge(before)
    _forget_handled(store, [f"gap:{i}" for i in deleted["gaps"]] + [f"feedback:{i}" for i in deleted["feedback"]])
    return len(deleted["gaps"]), len(deleted["feedback"])


def _has_table(tracker: Database, c, name: str) -> bool:
    found = (c.one(f"SELECT to_regclass('{name}') IS NOT NULL AS found") if tracker.postgres else
             c.one("SELECT COUNT(*) AS found FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))
    return bool(found["found"])


def purge_conversations(tracker: Database | None, before: float) -> int:
    """Delete conversations idle since before `before`, and older sessions of the others; returns events deleted."""
    if tracker is None:
        return 0
    with tracker.connect() as c:
        if not _has_table(tracker, c, "events"):
            return 0  # Rasa has not saved a conversation yet
        deleted = c.execute(_IDLE_CONVERSATIONS, (before,)) + c.execute(_PAST_SESSIONS, (before,))
        if _has_table(tracker, c, "tracker_snapshots"):
            c.execute(_ORPHAN_SNAPSHOTS)
        return deleted


def forget_conversation(tracker: Database | None, sender_id: str) -> int:
    """Delete every event and state snapshot of one conversation, all sessions; returns events deleted."""
    if tracker is None:
        return 0
    with tracker.connect() as c:
        if not _has_table(tracker, c, "events"):
            return 0
        deleted = c.execute(_SENDER_EVENTS, (sender_id,))
        if _has_table(tracker, c, "tracker_snapshots"):
            c.execute(_SENDER_SNAPSHOTS, (sender_id,))
        return deleted


def forget_person(settings: Settings, store: Database | None, sender_id: str) -> Forgotten:
    """"Forget me": the conversation of `sender_id` and the questions it sent to the R&D office. The question
    log keeps no sender id, so its rows (masked, and purged with the period) cannot be told apart by person."""
    if not isinstance(sender_id, str) or not sender_id.strip() or len(sender_id) > MAX_SENDER_CHARS:
        raise ValueError(f"a sender id is 1 to {MAX_SENDER_CHARS} characters")
    tickets = TicketStore(store).delete_sent_by(sender_id) if store is not None else 0
    forgotten = Forgotten(forget_conversation(tracker_database(settings), sender_id), tickets)
    log.info("conversation forgotten", extra=forgotten.__dict__)  # counts only: never the sender id
    return forgotten


def purge(settings: Settings, gaps: GapLog, store: Database | None, now: float | None = None,
          days: int | None = None) -> Purged:
    """Apply the retention period (or `days`) to the question log and the conversations; `now` for tests."""
    days = days or days_in_force(settings, store)
    before = (time.time() if now is None else now) - days * DAY_S
    questions, ratings = purge_questions(gaps, store, before)
    tickets = TicketStore(store).purge_older_than(before) if store is not None else 0
    purged = Purged(questions, ratings, purge_conversations(tracker_database(settings), before), tickets, days)
    log.info("retention purge", extra=purged.__dict__)
    return purged


def parse_key(key: str) -> tuple[str, int]:
    """"gap:12" -> ("gaps", 12); ValueError for anything else."""
    kind, _, number = key.partition(":")
    if kind not in TABLES or not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= MAX_ROW_ID:
        raise ValueError('a question key looks like "gap:12" or "feedback:3"')
    return TABLES[kind], int(number)


def forget_question(gaps: GapLog, store: Database | None, key: str) -> bool:
    """Delete one question-log row (e.g. someone typed a patient's details); False when there is none."""
    table, row_id = parse_key(key)
    deleted = gaps.delete(table, row_id)
    if deleted:
        _forget_handled(store, [key])
    return deleted
