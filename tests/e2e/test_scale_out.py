"""Two Rasa servers (each with its own action server) share a PostgreSQL tracker store and a
Redis lock store: one user's messages alternate between them and the conversation holds. Two knowledge
services (one per action server) share a PostgreSQL curation store: what is published on one is answered
through the other, and sign-ins (sessions, throttle) are shared."""

import json
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from knowledge.curation.db import Database
from knowledge.curation.users import Accounts, Role
from launcher.processes import ROOT
from launcher.stack import Stack, isolated_settings

pytestmark = pytest.mark.e2e

PORTS = (5405, 5406)
KNOWLEDGE = ("http://127.0.0.1:8400", "http://127.0.0.1:8401")
PASSWORD = "a long enough password"


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-At", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    data = tmp_path_factory.mktemp("scaled")
    db = f"rasa_scale_{uuid.uuid4().hex[:8]}"
    store = f"{db}_curation"
    psql(f"CREATE DATABASE {store}")
    env = {"TRACKER_HOST": "127.0.0.1", "TRACKER_PORT": "5432", "TRACKER_DB": db, "TRACKER_USER": "postgres",
           "TRACKER_PASSWORD": "", "TRACKER_LOGIN_DB": "postgres", "LOCK_STORE_HOST": "127.0.0.1",
           "LOCK_STORE_PORT": "6379", "LOCK_STORE_DB": "0", "LOCK_STORE_PREFIX": db.replace("_", ""),
           "NHSBOT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{store}",
           "NHSBOT_SESSION_SECRET": uuid.uuid4().hex}
    settings = isolated_settings(data, knowledge_port=8400, action_port=5450)
    stack = Stack(settings, log_dir=data / "logs", env=env, rasa_ports=list(PORTS), action_ports=[5450, 5451],
                  endpoints=ROOT / "endpoints.scaled.yml", knowledge_ports=[8400, 8401])
    try:
        with stack:
            yield stack, db
    finally:
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        psql(f"DROP DATABASE IF EXISTS {store} WITH (FORCE)")


@pytest.fixture(scope="module")
def reviewer(scaled):
    """A reviewer's email in the shared curation store (the services migrated it at start)."""
    stack, _ = scaled
    accounts = Accounts(Database(stack.env["NHSBOT_DATABASE_URL"]))
    email = f"rd-{uuid.uuid4().hex[:6]}@trust.nhs.uk"
    accounts.create_user(email, "R&D reviewer", Role.reviewer, PASSWORD)
    return email


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
    assert "career" in say(PORTS[0], sender, "Scotland")
    answer = say(PORTS[1], sender, "band 6")
    assert "As a nurse (mid-career staff) in Scotland" in answer and "NHS Research Scotland" in answer
    assert "nurse" in say(PORTS[0], sender, "hi")  # "Welcome back ... nurse ... Scotland"
    assert user_messages(db, sender) == ["where do I start?", "I'm a nurse", "Scotland", "band 6", "hi"]


def test_simultaneous_messages_to_both_servers_are_each_processed_once(scaled):
    stack, db = scaled
    sender = uuid.uuid4().hex
    messages = [f"what is {name}?" for name in ("ICAP", "P2P", "RfPB", "PCAF", "DCAF", "ACAF")]
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda im: say(PORTS[im[0] % 2], sender, im[1]), enumerate(messages)))
    assert all("Source:" in reply for reply in replies)
    stored = user_messages(db, sender)
    assert sorted(stored) == sorted(messages)  # every message once: none lost, none twice


def sign_in(http: requests.Session, base: str, email: str, password: str = PASSWORD) -> requests.Response:
    response = http.post(f"{base}/curation/api/session", json={"email": email, "password": password}, timeout=60)
    if response.status_code == 200:
        http.headers["X-CSRF-Token"] = response.json()["csrf"]
    return response


def call(http: requests.Session, base: str, method: str, path: str, **kwargs) -> dict:
    response = http.request(method, f"{base}/curation/api{path}", timeout=120, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def test_published_on_one_knowledge_service_is_answered_through_the_other(scaled, reviewer):
    http = requests.Session()
    assert sign_in(http, KNOWLEDGE[0], reviewer).status_code == 200
    opened = call(http, KNOWLEDGE[1], "GET", "/entries/pcaf")  # the session signed in on one works on the other
    sentence = f"Checked by the R&D office in scale test {uuid.uuid4().hex[:6]}."
    entry = {**opened["entry"], "summary": f"{opened['entry']['summary']} {sentence}"}
    saved = call(http, KNOWLEDGE[0], "PUT", "/entries/pcaf", json={"entry": entry, "base_version": opened["version"]})
    submitted = call(http, KNOWLEDGE[0], "POST", "/entries/pcaf/submit", json={"base_version": saved["version"]})
    call(http, KNOWLEDGE[0], "POST", "/entries/pcaf/publish", json={"base_version": submitted["version"]})
    for _ in range(50):  # the other instance polls the store every 0.5 s
        card = requests.post(f"{KNOWLEDGE[1]}/api/answer", json={"entry_id": "pcaf"}, timeout=60).json()
        if sentence in card["text"]:
            break
        time.sleep(0.2)
    assert sentence in card["text"]
    answer = say(PORTS[1], uuid.uuid4().hex, "what is PCAF?")  # Rasa 2 -> actions 2 -> knowledge service 2
    assert sentence in answer


def test_the_sign_in_throttle_holds_across_knowledge_services(scaled, reviewer):
    for _ in range(5):
        assert sign_in(requests.Session(), KNOWLEDGE[0], reviewer, "a wrong password").status_code == 401
    locked = sign_in(requests.Session(), KNOWLEDGE[1], reviewer)  # even the right password, on the other instance
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
