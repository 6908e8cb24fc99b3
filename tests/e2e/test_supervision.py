"""A service killed under load (SIGKILL, as a crash or an OOM kill would) comes back by itself under `make run`'s
supervisor, with no one restarting it by hand, while requests keep coming: those it was serving fail fast with
a connection error (never a 500; the bot then says it cannot look things up), and answers come again within
seconds of the service being ready. The knowledge service and the action server, each on its own."""

import os
import signal
import threading
import time

import pytest
import requests

from scripts.stack import Stack, Supervisor, isolated_settings
from tests.actions.test_server import call

pytestmark = pytest.mark.e2e


def knowledge_load(settings):
    url = f"http://{settings.host}:{settings.knowledge_port}/api/answer"
    return url, {"question": "what is pathway to portfolio?"}, lambda body: body["entry_id"] == "pathway-to-portfolio"


def actions_load(settings):
    url = f"http://{settings.host}:{settings.action_port}/webhook"
    return url, call(), lambda body: "R&D" in body["responses"][0]["text"]


@pytest.mark.parametrize("name, load", [("knowledge", knowledge_load), ("actions", actions_load)])
def test_a_service_killed_under_load_is_restarted_and_answers_again(tmp_path, name, load):
    settings = isolated_settings(tmp_path)
    stack = Stack(settings, log_dir=tmp_path / "logs")
    stack.services = [s for s in stack.services if s.name == name]
    url, body, right = load(settings)
    said, results, stop = [], [], threading.Event()

    def send() -> None:
        with requests.Session() as http:
            while not stop.is_set():
                started = time.monotonic()
                try:
                    response = http.post(url, json=body, timeout=60)
                    results.append((started, response.status_code, right(response.json())))
                except requests.RequestException as exc:
                    results.append((started, type(exc).__name__, False))
                time.sleep(0.05)

    with stack:
        supervisor = Supervisor(stack, backoff_s=0.5, report=said.append)
        [service] = stack.services
        first_pid = service.process.pid

        def supervise() -> None:
            while not stop.is_set():
                supervisor.check()
                time.sleep(0.1)

        threads = [threading.Thread(target=send) for _ in range(3)] + [threading.Thread(target=supervise)]
        for thread in threads:
            thread.start()
        try:
            deadline = time.monotonic() + 60
            while sum(r[1] == 200 for r in results) < 6 and time.monotonic() < deadline:
                time.sleep(0.1)
            os.killpg(service.process.pid, signal.SIGKILL)
            killed_at = time.monotonic()
            deadline = killed_at + 240
            while not any(r[0] > killed_at and r[1] == 200 for r in results) and time.monotonic() < deadline:
                time.sleep(0.2)
            back_at = time.monotonic()
        finally:
            stop.set()
            for thread in threads:
                thread.join(90)
    before, after = [r for r in results if r[0] < killed_at], [r for r in results if r[0] > killed_at]
    assert [r[1:] for r in before[:6]] == [(200, True)] * 6
    assert any(r[1] == 200 for r in after), f"no answer within {back_at - killed_at:.0f} s of the kill"
    assert all(r[1] in (200, "ConnectionError") for r in after), {r[1] for r in after}  # refused, never a 500
    assert all(r[2] for r in after if r[1] == 200)
    assert service.process.pid != first_pid
    assert any(line.startswith(f"{name} stopped unexpectedly (exit code -9)") for line in said), said
    print(f"{name} answers again {back_at - killed_at:.1f} s after the kill ({len(after)} requests meanwhile)")
