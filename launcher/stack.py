"""The three services (knowledge service, action server, Rasa) as one stack on localhost; the end-to-end
tests and benchmarks start the same `Stack` as `make run`."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from knowledge.settings import Settings, environment
from launcher.processes import RASA_VENV, ROOT, VENV, Service, free_ports, terminate, wait_healthy


def nhsbot_env() -> dict[str, str]:
    """Every NHSBOT_* variable from `.env` and the environment: the Rasa process reads no `.env`, and the
    settings declared on its side (the Teams channel's NHSBOT_TEAMS_*) must reach it from there too."""
    return {k: v for k, v in environment().items() if k.startswith("NHSBOT_")}


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
                terminate(service)

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
            terminate(service)

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
