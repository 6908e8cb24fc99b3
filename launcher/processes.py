"""One service as a child process in a process group of its own: started, waited for, stopped with all
its children, so Ctrl-C leaves nothing running."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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


def terminate(service: Service, grace_s: float = 10) -> None:
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
