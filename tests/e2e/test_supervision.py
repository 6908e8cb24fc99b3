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

from launcher.stack import Stack, isolated_settings
from launcher.supervisor import Supervisor
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


def test_conversations_through_rasa_lose_nothing_when_knowledge_then_actions_are_killed(tmp_path):
    """Staff keep chatting while the knowledge service and then the action server are SIGKILLed: every message
    gets a reply (the polite "can't look that up" while a service is down), each is stored once in the
    conversation (none lost, none twice), and answers come back by themselves after each kill."""
    import sqlite3

    settings = isolated_settings(tmp_path)
    url = f"http://{settings.host}:{settings.rasa_port}/webhooks/rest/webhook"
    sent: dict[str, list[str]] = {f"kill-{i}-{os.getpid()}": [] for i in range(3)}
    results, everything, stop = [], [], threading.Event()

    def chat(sender: str) -> None:
        with requests.Session() as http:
            while not stop.is_set():
                message = f"what is pathway to portfolio? ({len(sent[sender]) + 1})"
                sent[sender].append(message)
                started = time.monotonic()
                try:
                    replies = http.post(url, json={"sender": sender, "message": message}, timeout=120).json()
                    text = " ".join(r.get("text") or "" for r in replies)
                    result = (started, bool(text.strip()), "Pathway to Portfolio" in text)
                except (requests.RequestException, ValueError) as exc:
                    result = (started, type(exc).__name__, False)
                results.append(result)
                everything.append(result)

    with Stack(settings, log_dir=tmp_path / "logs") as stack:
        supervisor = Supervisor(stack, backoff_s=0.5, report=lambda line: None)

        def supervise() -> None:
            while not stop.is_set():
                supervisor.check()
                time.sleep(0.1)

        threads = [threading.Thread(target=chat, args=(s,)) for s in sent] + [threading.Thread(target=supervise)]
        for thread in threads:
            thread.start()
        recovered = {}
        try:
            for name in ("knowledge", "actions"):
                deadline = time.monotonic() + 120
                while sum(r[2] for r in results) < 6 and time.monotonic() < deadline:
                    time.sleep(0.1)
                [service] = [s for s in stack.services if s.name == name]
                os.killpg(service.process.pid, signal.SIGKILL)
                killed_at = time.monotonic()
                while not any(r[0] > killed_at + 0.5 and r[2] for r in results) and time.monotonic() < killed_at + 240:
                    time.sleep(0.2)
                recovered[name] = time.monotonic() - killed_at
                results.clear()
        finally:
            stop.set()
            for thread in threads:
                thread.join(150)
    assert all(seconds < 240 for seconds in recovered.values()), recovered
    assert everything and all(r[1] is True for r in everything), {r[1] for r in everything}  # a reply to each
    with sqlite3.connect(settings.data_dir / "tracker.sqlite3") as db:
        for sender, messages in sent.items():
            stored = [row[0] for row in db.execute(
                "SELECT json_extract(data, '$.text') FROM events WHERE sender_id = ? AND type_name = 'user' "
                "ORDER BY id", (sender,))]
            assert stored == messages, sender  # every message once, in order: none lost, none twice
    print(f"answers again after the kill: {', '.join(f'{n} {s:.1f} s' for n, s in recovered.items())}")
