"""Keeping `make run` serving: a service that dies is restarted with back-off while the others keep serving;
one that keeps dying is reported."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from launcher.processes import Service
from launcher.stack import Stack


@dataclass
class Restarts:
    """One service's recent deaths, when it starts again, and whether it was reported as dying again and again."""

    deaths: list[float] = field(default_factory=list)
    due: float | None = None
    reported: bool = False


class Supervisor:
    """Restart each service that dies, after a back-off, while the others keep serving.

    The wait doubles with each death in the last `window_s` (`backoff_s`, 2x, 4x ... at most `max_backoff_s`),
    so a crash is mended in a second and a service that cannot start does not spin. `keeps_dying` deaths in
    the window are reported once, with the exit code and the log to read; it is still retried, at most every
    `max_backoff_s` (a database that was away may come back). Call `check` every fraction of a second.
    """

    def __init__(self, stack: Stack, backoff_s: float = 1.0, max_backoff_s: float = 60.0, keeps_dying: int = 5,
                 window_s: float = 300.0, clock: Callable[[], float] = time.monotonic,
                 report: Callable[[str], None] | None = None):
        self.stack = stack
        self.backoff_s, self.max_backoff_s = backoff_s, max_backoff_s
        self.keeps_dying, self.window_s = keeps_dying, window_s
        self.clock = clock
        self.report = report or (lambda line: print(line, file=sys.stderr, flush=True))
        self.restarts: dict[str, Restarts] = {}

    def check(self) -> None:
        now = self.clock()
        for service in self.stack.services:
            state = self.restarts.setdefault(service.name, Restarts())
            if state.due is not None:
                if now >= state.due:
                    state.due = None
                    self.stack.respawn(service)
                    self.report(f"{service.name}: restarted")
                continue
            if service.process is None or service.process.poll() is None:
                continue
            self._died(service, state, now)

    def _died(self, service: Service, state: Restarts, now: float) -> None:
        state.deaths = [t for t in state.deaths if now - t < self.window_s] + [now]
        delay = min(self.max_backoff_s, self.backoff_s * 2 ** (len(state.deaths) - 1))
        state.due = now + delay
        code = service.process.returncode
        self.report(f"{service.name} stopped unexpectedly (exit code {code}); restarting in {delay:g} s; "
                    "the other services keep serving")
        if len(state.deaths) < self.keeps_dying:
            state.reported = False
        elif not state.reported:
            state.reported = True
            where = f"; see {self.stack.log_dir / (service.name + '.log')}" if self.stack.log_dir else ""
            self.report(f"error: {service.name} keeps dying: {len(state.deaths)} times in the last "
                        f"{self.window_s:g} s, last exit code {code}{where}. Still retrying every "
                        f"{self.max_backoff_s:g} s at most; fix the cause or stop with Ctrl-C.")
