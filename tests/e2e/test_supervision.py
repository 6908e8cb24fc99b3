"""The knowledge service killed under load (SIGKILL, as a crash or an OOM kill) comes back by itself under
`make run`'s supervisor, with no one restarting it by hand: the requests it was serving fail fast with a
connection error (the actions then say it cannot look things up), and answers come again within seconds."""

import os
import signal
import threading
import time

import pytest
import requests

from scripts.stack import Stack, Supervisor, isolated_settings

pytestmark = pytest.mark.e2e
QUESTION = "what is pathway to portfolio?"


def test_the_knowledge_service_killed_under_load_is_restarted_and_answers_again(tmp_path):
    settings = isolated_settings(tmp_path)
    stack = Stack(settings, log_dir=tmp_path / "logs")
    stack.services = [s for s in stack.services if s.name == "knowledge"]
    url = f"http://{settings.host}:{settings.knowledge_port}/api/answer"
    said, results, stop = [], [], threading.Event()

    def load() -> None:
        with requests.Session() as http:
            while not stop.is_set():
                started = time.monotonic()
                try:
                    response = http.post(url, json={"question": QUESTION}, timeout=60)
                    results.append((started, response.status_code, response.json().get("entry_id")))
                except requests.RequestException as exc:
                    results.append((started, type(exc).__name__, None))
                time.sleep(0.05)

    with stack:
        supervisor = Supervisor(stack, backoff_s=0.5, report=said.append)
        [knowledge] = stack.services
        first_pid = knowledge.process.pid

        def supervise() -> None:
            while not stop.is_set():
                supervisor.check()
                time.sleep(0.1)

        threads = [threading.Thread(target=load) for _ in range(3)] + [threading.Thread(target=supervise)]
        for thread in threads:
            thread.start()
        try:
            deadline = time.monotonic() + 60
            while sum(r[1] == 200 for r in results) < 6 and time.monotonic() < deadline:
                time.sleep(0.1)
            os.killpg(knowledge.process.pid, signal.SIGKILL)
            killed_at = time.monotonic()
            deadline = killed_at + 240
            while not any(r[0] > killed_at and r[1] == 200 for r in results) and time.monotonic() < deadline:
                time.sleep(0.2)
            back_at = time.monotonic()
        finally:
            stop.set()
            for thread in threads:
                thread.join(90)
    before = [r for r in results if r[0] < killed_at]
    after = [r for r in results if r[0] > killed_at]
    assert [r[1:] for r in before[:6]] == [(200, "pathway-to-portfolio")] * 6
    assert any(r[1] == 200 for r in after), f"no answer within {back_at - killed_at:.0f} s of the kill"
    assert all(r[1] in (200, "ConnectionError") for r in after), {r[1] for r in after}  # refused, never a 500
    assert all(r[2] == "pathway-to-portfolio" for r in after if r[1] == 200)
    assert knowledge.process.pid != first_pid
    assert any(line.startswith("knowledge stopped unexpectedly (exit code -9)") for line in said), said
    print(f"answers again {back_at - killed_at:.1f} s after the kill ({len(after)} requests meanwhile)")
