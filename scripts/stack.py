"""Start the whole assistant on localhost: knowledge service, action server, Rasa.

Each service runs in its own process group so that Ctrl-C (or any one service
dying) stops all of them; nothing is left running. The end-to-end tests use the
same `Stack` so they test what `make run` starts.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.settings import Settings  # noqa: E402

VENV = ROOT / ".venv" / "bin"
RASA_VENV = ROOT / ".venv-rasa" / "bin"


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    process: subprocess.Popen | None = None


class StackError(RuntimeError):
    pass


class Stack:
    """The three services as child processes; use as a context manager."""

    def __init__(self, settings: Settings, log_dir: Path | None = None, env: dict[str, str] | None = None):
        self.settings = settings
        self.log_dir = log_dir
        host = settings.host
        self.env = {
            **os.environ,
            **(env or {}),
            "NHSBOT_HOST": host,
            "NHSBOT_DATA_DIR": str(settings.data_dir),
            "NHSBOT_KNOWLEDGE_PORT": str(settings.knowledge_port),
            "NHSBOT_ACTION_PORT": str(settings.action_port),
            "NHSBOT_RASA_PORT": str(settings.rasa_port),
            "ACTION_ENDPOINT_URL": f"http://{host}:{settings.action_port}/webhook",
            "TRACKER_DIALECT": "sqlite",
            "TRACKER_DB": str(settings.data_dir / "tracker.sqlite3"),
            "HF_HUB_OFFLINE": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
        self.services = [
            Service("knowledge", [str(VENV / "python"), "-m", "knowledge", "serve"],
                    f"http://{host}:{settings.knowledge_port}/health"),
            Service("actions", [str(VENV / "python"), "-m", "rasa_sdk", "--actions", "actions",
                                "--port", str(settings.action_port)],
                    f"http://{host}:{settings.action_port}/health"),
            Service("rasa", [str(RASA_VENV / "rasa"), "run", "--model", str(ROOT / "models"),
                             "--interface", host, "--port", str(settings.rasa_port),
                             "--credentials", str(ROOT / "credentials.yml"),
                             "--endpoints", str(ROOT / "endpoints.yml")],
                    f"http://{host}:{settings.rasa_port}/"),
        ]

    def start(self, timeout_s: float = 240) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        for service in self.services:
            out = subprocess.DEVNULL
            if self.log_dir:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                out = open(self.log_dir / f"{service.name}.log", "ab")  # noqa: SIM115 (closed with the process)
            service.process = subprocess.Popen(
                service.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout_s
        for service in self.services:
            self._wait_healthy(service, deadline)

    def _wait_healthy(self, service: Service, deadline: float) -> None:
        while time.monotonic() < deadline:
            if service.process and service.process.poll() is not None:
                raise StackError(f"{service.name} exited with code {service.process.returncode} while starting")
            try:
                with urllib.request.urlopen(service.health_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise StackError(f"{service.name} did not become healthy at {service.health_url}")

    def dead(self) -> list[str]:
        return [s.name for s in self.services if s.process and s.process.poll() is not None]

    def stop_service(self, name: str) -> None:
        for service in self.services:
            if service.name == name:
                _terminate(service)

    def start_service(self, name: str, timeout_s: float = 240) -> None:
        for service in self.services:
            if service.name == name:
                service.process = subprocess.Popen(service.command, cwd=ROOT, env=self.env,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                                   start_new_session=True)
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
    s = settings
    print(f"ready:\n  chat (REST):   POST http://{s.host}:{s.rasa_port}/webhooks/rest/webhook"
          f"  {{\"sender\": \"me\", \"message\": \"hello\"}}\n"
          f"  knowledge API: http://{s.host}:{s.knowledge_port}/api/search?q=pathway+to+portfolio\n"
          f"  actions:       http://{s.host}:{s.action_port}/health\nCtrl-C to stop.", flush=True)
    try:
        while not stopping:
            if dead := stack.dead():
                print(f"error: {', '.join(dead)} stopped unexpectedly; stopping the rest", file=sys.stderr)
                return 1
            time.sleep(0.5)
    finally:
        print("stopping ...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
