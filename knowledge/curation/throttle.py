"""Slow down password guessing: after too many failed sign-ins for one email, refuse for a while.

Kept in memory per process (a restart clears it), which is enough to turn an
online guessing attack from thousands of tries a minute into a handful an hour.
"""

from __future__ import annotations

import threading
import time


class SignInThrottle:
    def __init__(self, max_failures: int = 5, window_s: float = 900.0):
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        self._failures[key] = recent
        return recent

    def wait_s(self, email: str) -> int:
        """Seconds until this email may try again; 0 when it may try now."""
        key, now = email.strip().lower(), time.monotonic()
        with self._lock:
            recent = self._recent(key, now)
            if len(recent) < self.max_failures:
                return 0
            return int(self.window_s - (now - recent[-self.max_failures])) + 1

    def failed(self, email: str) -> None:
        key = email.strip().lower()
        with self._lock:
            self._recent(key, time.monotonic()).append(time.monotonic())

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(email.strip().lower(), None)
