"""Two Rasa servers (each with its own action server) share a PostgreSQL tracker store and a
Redis lock store: one user's messages alternate between them and the conversation holds."""

import json
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from scripts.stack import ROOT, Stack, isolated_settings

pytestmark = pytest.mark.e2e

PORTS = (5405, 5406)


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-At", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    data = tmp_path_factory.mktemp("scaled")
    db = f"rasa_scale_{uuid.uuid4().hex[:8]}"
    env = {"TRACKER_HOST": "127.0.0.1", "TRACKER_PORT": "5432", "TRACKER_DB": db, "TRACKER_USER": "postgres",
           "TRACKER_PASSWORD": "", "TRACKER_LOGIN_DB": "postgres", "LOCK_STORE_HOST": "127.0.0.1",
           "LOCK_STORE_PORT": "6379", "LOCK_STORE_DB": "0", "LOCK_STORE_PREFIX": db.replace("_", "")}
    settings = isolated_settings(data, knowledge_port=8400, action_port=5450)
    stack = Stack(settings, log_dir=data / "logs", env=env, rasa_ports=list(PORTS), action_ports=[5450, 5451],
                  endpoints=ROOT / "endpoints.scaled.yml")
    with stack:
        yield stack, db
    psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def say(port: int, sender: str, message: str) -> str:
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return "\n".join(r.get("text", "") for r in response.json())


def user_messages(db: str, sender: str) -> list[str]:
    rows = psql(f"SELECT data FROM events WHERE sender_id = '{sender}' AND type_name = 'user' ORDER BY id", db)
    return [json.loads(row)["text"] for row in rows.splitlines()]


def test_alternating_servers_continue_one_conversation(scaled):
    stack, db = scaled
    sender = uuid.uuid4().hex
    assert "profession" in say(PORTS[0], sender, "where do I start?")
    assert "nation" in say(PORTS[1], sender, "I'm a nurse")  # server 2 knows the form server 1 started
    answer = say(PORTS[0], sender, "Scotland")
    assert "As a nurse in Scotland" in answer and "NHS Research Scotland" in answer
    assert "nurse" in say(PORTS[1], sender, "hi")  # "Welcome back ... nurse ... Scotland"
    assert user_messages(db, sender) == ["where do I start?", "I'm a nurse", "Scotland", "hi"]


def test_simultaneous_messages_to_both_servers_are_each_processed_once(scaled):
    stack, db = scaled
    sender = uuid.uuid4().hex
    messages = [f"what is {name}?" for name in ("ICAP", "P2P", "RfPB", "PCAF", "DCAF", "ACAF")]
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda im: say(PORTS[im[0] % 2], sender, im[1]), enumerate(messages)))
    assert all("Source:" in reply for reply in replies)
    stored = user_messages(db, sender)
    assert sorted(stored) == sorted(messages)  # every message once: none lost, none twice
