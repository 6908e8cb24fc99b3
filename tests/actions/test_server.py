"""The action server as Rasa reaches it (`python -m actions.server`, in a subprocess on a free port):
a malformed action call gets a 400 saying what is wrong, never a 500; a good call runs the action."""

import json
import subprocess
import sys
import time
import zlib

import pytest
import requests

from launcher.processes import ROOT, free_ports, wait_healthy

SECRET = "my rare condition is zebra-striped"  # must never reach the log


def tracker(text: str = SECRET, **extra) -> dict:
    return {"sender_id": "someone", "slots": {}, "latest_message": {"text": text, "intent": {"name": "handoff"}},
            "events": [], "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None,
            **extra}


def call(action: str = "action_handoff", **tracker_fields) -> dict:
    return {"next_action": action, "sender_id": "someone", "tracker": tracker(**tracker_fields), "domain": {},
            "version": "3.6.21"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    [port] = free_ports(1)
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "actions.server", "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy("actions", f"http://127.0.0.1:{port}/health", process, deadline=time.monotonic() + 60)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(10)


def post(server, data: bytes, **headers) -> requests.Response:
    url, _ = server
    return requests.post(f"{url}/webhook", data=data, headers={"Content-Type": "application/json", **headers},
                         timeout=10)


@pytest.mark.parametrize("data, reason", [
    (b"", "not JSON"),
    (b"{not json", "not JSON"),
    (b"\xff\xfe\xfa", "not JSON"),
    (b"[" * 30_000 + b"]" * 30_000, "not JSON"),  # deeper than Python's recursion limit
    (b'{"next_action": ' + b"1" * 5000 + b"}", "not JSON"),  # more digits than int() takes
    (b"[]", "JSON object"),
    (b'"action_handoff"', "JSON object"),
    (json.dumps({"tracker": tracker()}).encode(), "next_action"),
    (json.dumps({**call(), "next_action": ""}).encode(), "next_action"),
    (json.dumps({**call(), "next_action": ["action_handoff"]}).encode(), "next_action"),
    (json.dumps({**call(), "tracker": None}).encode(), "tracker"),
    (json.dumps({**call(), "tracker": "someone"}).encode(), "tracker"),
    (json.dumps({**call(), "tracker": {}}).encode(), "sender_id"),
    (json.dumps(call(slots=["profession"])).encode(), "slots"),
    (json.dumps(call(latest_message="hello")).encode(), "latest_message"),
    (json.dumps(call(events={"event": "user"})).encode(), "events"),
    (json.dumps({**call(), "domain": []}).encode(), "domain"),
    (json.dumps({**call(), "version": 3.6}).encode(), "version"),
    (json.dumps({**call(), "version": 0}).encode(), "version"),
], ids=lambda value: repr(value)[:40])
def test_malformed_calls_get_a_400_with_the_reason(server, data, reason):
    response = post(server, data)
    assert response.status_code == 400, response.text
    assert reason in response.json()["error"]


def test_compressed_garbage_is_a_400(server):
    response = post(server, b"not deflate at all", **{"Content-Encoding": "deflate"})
    assert response.status_code == 400 and "not JSON" in response.json()["error"]


def test_an_unknown_action_is_a_404_not_a_crash(server):
    response = post(server, json.dumps(call("action_does_not_exist")).encode())
    assert response.status_code == 404 and response.json()["action_name"] == "action_does_not_exist"


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "deflate"])
def test_a_good_call_runs_the_action(server, compress):
    data = json.dumps(call()).encode()
    headers = {"Content-Encoding": "deflate"} if compress else {}
    response = post(server, zlib.compress(data) if compress else data, **headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "R&D" in body["responses"][0]["text"]
    assert {"event": "slot", "name": "failed_attempts", "value": 0.0} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in body["events"]]


def test_health_and_no_message_text_in_the_log(server):
    url, log = server
    assert requests.get(f"{url}/health", timeout=5).status_code == 200
    post(server, json.dumps({**call(), "domain": []}).encode())  # refused: logged with its reason
    post(server, json.dumps(call()).encode())
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "refused action call" in text and SECRET not in text


@pytest.mark.parametrize("method", ["GET", "POST", "OPTIONS"])
def test_no_browser_origin_is_let_in(server, method):
    url, _ = server
    headers = {"Origin": "https://attacker.example", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    response = requests.request(method, f"{url}/{'health' if method == 'GET' else 'webhook'}",
                                data=json.dumps(call()).encode() if method == "POST" else None, headers=headers,
                                timeout=10)
    assert not [h for h in response.headers if h.lower().startswith("access-control-")], response.headers


def test_a_compressed_body_that_inflates_past_the_limit_is_refused(server):
    from actions.server import MAX_BODY_BYTES

    bomb = zlib.compress(b"[" + b" " * (MAX_BODY_BYTES + 1) + b"]", 9)  # ~32 KB that inflates to 32 MB
    assert len(bomb) < 100_000
    response = post(server, bomb, **{"Content-Encoding": "deflate"})
    assert response.status_code == 413 and "inflates to more than" in response.json()["error"]


def test_a_truncated_compressed_body_is_a_400(server):
    response = post(server, zlib.compress(json.dumps(call()).encode())[:-8], **{"Content-Encoding": "deflate"})
    assert response.status_code == 400 and "not JSON" in response.json()["error"]
