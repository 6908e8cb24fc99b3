"""Start the whole assistant on localhost: knowledge service, action server, Rasa.

Each service runs in its own process group so that Ctrl-C stops all of them; nothing
is left running. A service that dies is restarted with back-off while the others keep
serving (`Supervisor`); one that keeps dying is reported. The end-to-end tests use the
same `Stack` so they test what `make run` starts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.settings import Settings, environment

ROOT = Path(__file__).resolve().parent.parent

VENV = ROOT / ".venv" / "bin"
RASA_VENV = ROOT / ".venv-rasa" / "bin"


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    process: subprocess.Popen | None = None
    env: dict[str, str] | None = None  # on top of the stack's environment


class StackError(RuntimeError):
    pass


def nhsbot_env() -> dict[str, str]:
    """Every NHSBOT_* variable from `.env` and the environment: the Rasa process reads no `.env`, and the
    settings declared on its side (the Teams channel's NHSBOT_TEAMS_*) must reach it from there too."""
    return {k: v for k, v in environment().items() if k.startswith("NHSBOT_")}


def free_ports(n: int, host: str = "127.0.0.1") -> list[int]:
    """n distinct ports nobody listens on (held open together, so none repeats)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind((host, 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def isolated_settings(data: Path, **overrides) -> Settings:
    """Settings for a stack of its own (tests, benchmarks): its data in `data`, starting from a copy of
    the index `make index` built (nothing embedded again, .data/ never written), on free ports."""
    if Settings().index_dir.exists():
        shutil.copytree(Settings().index_dir, data / "index")
    rasa_port, action_port, knowledge_port = free_ports(3, overrides.get("host", "127.0.0.1"))
    return Settings(**{"data_dir": data, "rasa_port": rasa_port, "action_port": action_port,
                       "knowledge_port": knowledge_port, **overrides})


class Stack:
    """The three services as child processes; use as a context manager."""

    def __init__(self, settings: Settings, log_dir: Path | None = None, env: dict[str, str] | None = None,
                 rasa_ports: list[int] | None = None, action_ports: list[int] | None = None,
                 endpoints: Path = ROOT / "endpoints.yml", knowledge_ports: list[int] | None = None):
        """`rasa_ports` runs several Rasa servers (scale-out); they then need shared tracker and lock
        stores, which `endpoints` (e.g. endpoints.scaled.yml) and `env` configure. `knowledge_ports` runs several
        knowledge services, action server i calling service i (modulo their number); they then need a shared
        store (NHSBOT_DATABASE_URL) and one NHSBOT_SESSION_SECRET."""
        self.settings = settings
        self.log_dir = log_dir
        host = settings.host
        self.env = {
            **os.environ,
            **nhsbot_env(),
            "NHSBOT_HOST": host,
            "NHSBOT_DATA_DIR": str(settings.data_dir),
            "NHSBOT_KNOWLEDGE_PORT": str(settings.knowledge_port),
            "NHSBOT_ACTION_PORT": str(settings.action_port),
            "NHSBOT_RASA_PORT": str(settings.rasa_port),
            "TRACKER_DIALECT": "sqlite",
            "TRACKER_DB": str(settings.tracker_db),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **(env or {}),
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        }
        knowledge_ports = knowledge_ports or [settings.knowledge_port]
        self.services = [
            Service("knowledge" if i == 0 else f"knowledge-{i + 1}",
                    [str(VENV / "python"), "-m", "service", "--port", str(port)],
                    f"http://{host}:{port}/health")
            for i, port in enumerate(knowledge_ports)
        ]
        action_ports = action_ports or [settings.action_port]
        for i, port in enumerate(action_ports):
            knowledge = f"http://{host}:{knowledge_ports[i % len(knowledge_ports)]}"
            self.services.append(Service(
                "actions" if i == 0 else f"actions-{i + 1}",
                [str(VENV / "python"), "-m", "actions.server", "--host", host, "--port", str(port)],
                f"http://{host}:{port}/health",
                env={"NHSBOT_KNOWLEDGE_URL": knowledge} if len(knowledge_ports) > 1 else None))
        for i, port in enumerate(rasa_ports or [settings.rasa_port]):
            action_port = action_ports[i % len(action_ports)]
            self.services.append(Service(
                "rasa" if i == 0 else f"rasa-{i + 1}",
                [str(RASA_VENV / "rasa"), "run", "--model", str(ROOT / "models"), "--interface", host,
                 "--port", str(port), "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints)],
                f"http://{host}:{port}/", env={"ACTION_ENDPOINT_URL": f"http://{host}:{action_port}/webhook"}))

    def start(self, timeout_s: float = 240) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        for service in self.services:
            self._spawn(service)
        deadline = time.monotonic() + timeout_s
        for service in self.services:
            self._wait_healthy(service, deadline)

    def _spawn(self, service: Service) -> None:
        out = subprocess.DEVNULL
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{service.name}.log", "ab")  # noqa: SIM115 (closed below: the child has its own)
        try:
            service.process = subprocess.Popen(
                service.command, cwd=ROOT, env={**self.env, **(service.env or {})}, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        finally:
            if out is not subprocess.DEVNULL:
                out.close()

    def _wait_healthy(self, service: Service, deadline: float) -> None:
        wait_healthy(service.name, service.health_url, service.process, deadline)

    def stop_service(self, name: str) -> None:
        for service in self.services:
            if service.name == name:
                _terminate(service)

    def respawn(self, service: Service) -> None:
        """Start a service that died again, without waiting for it (the supervisor keeps watching)."""
        if service.process:
            with contextlib.suppress(ProcessLookupError):  # children of the dead process, if any are left
                os.killpg(service.process.pid, signal.SIGKILL)
        self._spawn(service)

    def start_service(self, name: str, timeout_s: float = 240) -> None:
        for service in self.services:
            if service.name == name:
                self._spawn(service)
                self._wait_healthy(service, time.monotonic() + timeout_s)

    def stop(self) -> None:
        for service in reversed(self.services):
            _terminate(service)

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


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


def wait_healthy(name: str, url: str, process: subprocess.Popen | None, deadline: float) -> None:
    """Poll `url` until it answers 200; fail early if the process died."""
    while time.monotonic() < deadline:
        if process and process.poll() is not None:
            raise StackError(f"{name} exited with code {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise StackError(f"{name} did not become healthy at {url}")


def _terminate(service: Service, grace_s: float = 10) -> None:
    process = service.process
    if not process or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run the assistant on localhost: knowledge service, action server and Rasa (REST channel). "
        "Ports and paths come from NHSBOT_* settings. Ctrl-C stops everything.")
    parser.add_argument("--logs", type=Path, default=ROOT / ".data" / "logs",
                        help="folder for each service's log (default .data/logs)")
    args = parser.parse_args(argv)
    settings = Settings()
    stack = Stack(settings, log_dir=args.logs)
    stopping = False

    def _stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print(f"starting services (logs in {args.logs}) ...", flush=True)
    try:
        stack.start()
    except StackError as exc:
        print(f"error: {exc}; see the logs in {args.logs}", file=sys.stderr)
        stack.stop()
        return 1
    s, teams_app_id = settings, stack.env.get("NHSBOT_TEAMS_APP_ID", "").strip()
    print(f"ready:\n  chat (REST):   POST http://{s.host}:{s.rasa_port}/webhooks/rest/webhook"
          f"  {{\"sender\": \"me\", \"message\": \"hello\"}}\n"
          f"  web chat:      http://{s.host}:{s.knowledge_port}/chat\n"
          f"  Teams:         POST http://{s.host}:{s.rasa_port}/webhooks/teams/webhook"
          f" ({'app id ' + teams_app_id if teams_app_id else 'not configured: NHSBOT_TEAMS_APP_ID is empty'})\n"
          f"  knowledge API: http://{s.host}:{s.knowledge_port}/api/search?q=pathway+to+portfolio\n"
          f"  actions:       http://{s.host}:{s.action_port}/health\nCtrl-C to stop.", flush=True)
    supervisor = Supervisor(stack)
    try:
        while not stopping:
            supervisor.check()
            time.sleep(0.5)
    finally:
        print("stopping ...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
