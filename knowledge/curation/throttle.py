"""Slow down password guessing: refuse sign-ins for a while after too many failures for one email,
from one address, or in all; and hold back a flood of chat-side tickets, per conversation and in all.

Each attempt is counted *before* the password is checked, in one transaction of the shared
store: sixty guesses sent at once cannot all slip past the check while the slow hash runs, and
the limits hold across every instance that uses the same database. A successful sign-in clears
that email's count (and the attempt that succeeded).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.curation.db import Database

# Taken by every throttle check on PostgreSQL, so two instances cannot both count 4 and both let a 5th in.
_LOCK_KEY = 6007


@dataclass(frozen=True)
class Limits:
    per_email: int = 5
    per_address: int = 20
    overall: int = 300
    window_s: float = 900.0


def _admit(db: Database, table: str, keys: dict[str, str], limits: list[tuple[str | None, int]], window_s: float,
           now: float) -> int:
    """Count one attempt in `table` (its columns `keys` plus `at`) unless a limit is reached: each limit is
    (column, most attempts in the window), None for all attempts. Returns 0, or the seconds to wait."""
    since = now - window_s
    with db.connect() as c:
        if db.postgres:
            c.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
        c.execute(f"DELETE FROM {table} WHERE at < ?", (since,))
        for column, limit in limits:
            where, params = (f"at >= ? AND {column} = ?", (since, keys[column])) if column else ("at >= ?", (since,))
            rows = c.all(f"SELECT at FROM {table} WHERE {where} ORDER BY at DESC LIMIT ?", (*params, limit))
            if len(rows) >= limit:  # free again when the oldest of the last `limit` leaves the window
                return int(rows[-1]["at"] + window_s - now) + 1
        c.execute(f"INSERT INTO {table} ({', '.join(keys)}, at) VALUES ({', '.join('?' * (len(keys) + 1))})",
                  (*keys.values(), now))
    return 0


class SignInThrottle:
    def __init__(self, db: Database, limits: Limits = Limits(), clock: Callable[[], float] = time.time):
        self.db = db
        self.limits = limits
        self.clock = clock

    def attempt(self, email: str, address: str) -> int:
        """Count one attempt; returns 0 when it may go ahead, else the seconds to wait (nothing counted)."""
        limits = self.limits
        return _admit(self.db, "sign_in_attempts", {"email": email.strip().lower()[:320], "address": address},
                      [("email", limits.per_email), ("address", limits.per_address), (None, limits.overall)],
                      limits.window_s, self.clock())

    def succeeded(self, email: str) -> None:
        with self.db.connect() as c:
            c.execute("DELETE FROM sign_in_attempts WHERE email = ?", (email.strip().lower()[:320],))


@dataclass(frozen=True)
class TicketLimits:
    """A person asks the R&D office a few times an hour; a script filling the office's queue is stopped."""
    per_sender: int = 5
    overall: int = 120
    window_s: float = 3600.0


class TicketThrottle:
    """Tickets the chat side may create, per conversation (channel and sender) and in all, in the shared store.
    The sender is kept only as a hash, and only for the window."""

    def __init__(self, db: Database, limits: TicketLimits = TicketLimits(), clock: Callable[[], float] = time.time):
        self.db = db
        self.limits = limits
        self.clock = clock

    def attempt(self, channel: object, sender: object) -> int:
        """Count one ticket request; 0 when it may go ahead, else the seconds to wait (nothing counted)."""
        who = hashlib.sha256(f"{channel}\x00{sender}".encode()).hexdigest()[:32]
        limits = self.limits
        return _admit(self.db, "ticket_attempts", {"sender": who}, [("sender", limits.per_sender),
                                                                     (None, limits.overall)],
                      limits.window_s, self.clock())
