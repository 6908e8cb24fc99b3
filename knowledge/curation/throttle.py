"""Slow down password guessing: refuse sign-ins for a while after too many failures for one email,
from one address, or in all.

Each attempt is counted *before* the password is checked, in one transaction of the shared
store: sixty guesses sent at once cannot all slip past the check while the slow hash runs, and
the limits hold across every instance that uses the same database. A successful sign-in clears
that email's count (and the attempt that succeeded).
"""

from __future__ import annotations

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


class SignInThrottle:
    def __init__(self, db: Database, limits: Limits = Limits(), clock: Callable[[], float] = time.time):
        self.db = db
        self.limits = limits
        self.clock = clock

    def attempt(self, email: str, address: str) -> int:
        """Count one attempt; returns 0 when it may go ahead, else the seconds to wait (nothing counted)."""
        email, now, limits = email.strip().lower()[:320], self.clock(), self.limits
        since = now - limits.window_s
        with self.db.connect() as c:
            if self.db.postgres:
                c.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))
            c.execute("DELETE FROM sign_in_attempts WHERE at < ?", (since,))
            for column, value, limit in (("email", email, limits.per_email), ("address", address, limits.per_address),
                                         (None, None, limits.overall)):
                where, params = (f"at >= ? AND {column} = ?", (since, value)) if column else ("at >= ?", (since,))
                rows = c.all(f"SELECT at FROM sign_in_attempts WHERE {where} ORDER BY at DESC LIMIT ?",
                             (*params, limit))
                if len(rows) >= limit:  # free again when the oldest of the last `limit` leaves the window
                    return int(rows[-1]["at"] + limits.window_s - now) + 1
            c.execute("INSERT INTO sign_in_attempts (email, address, at) VALUES (?, ?, ?)", (email, address, now))
        return 0

    def succeeded(self, email: str) -> None:
        with self.db.connect() as c:
            c.execute("DELETE FROM sign_in_attempts WHERE email = ?", (email.strip().lower()[:320],))
