"""Property-based tests of every HTTP endpoint of the knowledge service: whatever arrives (random JSON,
random bytes, invalid UTF-8, 1 MB bodies, control characters, HTML and script, odd content types and
credentials), the answer is a 2xx or a clear 4xx with a JSON `error`, never a 5xx. The curation API is
fuzzed through its own OpenAPI description. A bounded budget (fixed seed, few examples) keeps this in
CI well under a minute; a failure prints the request that broke it.

Also: a script written into an entry or typed as a question is never rendered unescaped on the
curation pages, and the web chat only ever returns replies as JSON data.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
import pytest
import requests
from aiohttp import web
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.rest_request import Refused, parse
from knowledge.curation.db import open_database
from knowledge.curation.users import Accounts, Role
from knowledge.settings import Settings
from service.app import create_app

POSTGRES_URL = os.environ.get("NHSBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MANY = settings(FUZZ, max_examples=100)  # cheap: most bad input is refused before any search
FEW = settings(FUZZ, max_examples=8)
SCRIPT = "<script>alert('xss')</script>"
SPECIAL = ["", " ", "\x00", "\x00\x07\x1b[31m\x7f", "\ud800", "\udfff tail", SCRIPT, '<img src=x onerror="alert(1)">',
           "\u202e\u200b\ufeff", "' OR 1=1 --", "{{7*7}}", "../../etc/passwd", "%00%ff", "x" * 3000, "🙂" * 50,
           "pathway-to-portfolio", "pcaf", "nurse", "Wales", "band 6", "what is P2P?"]
HUGE = json.dumps({"question": "a" * 2**20, "sender": "a" * 2**20, "message": "a" * 2**20}).encode()
NASTY_BODIES = [HUGE, b"[" * 30_000 + b"]" * 30_000, b'{"question": ' + b"1" * 5000 + b"}", b"\xff\xfe\x00",
                b'{"question": "caf\xe9"}', b"", b"null", b"{}"]
CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "application/json; charset=latin-1",
                 "application/json; charset=no-such-charset", "text/plain", "application/x-www-form-urlencoded",
                 "multipart/form-data; boundary=x", ""]
ENTRY_IDS = ["pathway-to-portfolio", "pcaf"]

texts = st.text(max_size=40) | st.sampled_from(SPECIAL)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | texts,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                           max_leaves=12)
KEYS = ["question", "entry_id", "aspect", "profile", "profession", "nation", "career_stage", "interests",
        "organisation", "helpful", "sender", "message", "entry", "base_version", "version", "keys", "email",
        "password", "name", "role", "active"]
objects = st.fixed_dictionaries({}, optional={key: json_values for key in KEYS})


@st.composite
def bodies(draw) -> bytes:
    """JSON with the fields the endpoints read (wrong types, odd text), any JSON, raw bytes or a nasty constant.
    Lone surrogates are written as bytes too ("surrogatepass"), which is invalid UTF-8."""
    kind = draw(st.sampled_from(["object", "object", "any", "bytes", "nasty"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "nasty":
        return draw(st.sampled_from(NASTY_BODIES))
    value = draw(objects if kind == "object" else json_values)
    return json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


def path_part(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


path_values = st.sampled_from(ENTRY_IDS) | texts.filter(bool).map(path_part) | st.binary(min_size=1, max_size=20).map(
    lambda b: quote(b, safe=""))
query_values = texts.map(path_part) | st.binary(max_size=30).map(lambda b: quote(b, safe=""))


class Service:
    """The knowledge service (with curation and the web chat) on a free port, in a thread of its own, beside a
    fake Rasa REST channel for the web chat to relay to: real HTTP, so nothing is skipped on the way in."""

    def __init__(self, index, data_dir, database_url: str | None = None):
        self.index, self.data_dir, self.database_url = index, data_dir, database_url
        self.loop = asyncio.new_event_loop()
        self.runners: list[web.AppRunner] = []

    async def _serve(self, app: web.Application) -> str:
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    async def _start(self) -> None:
        async def rasa(request: web.Request) -> web.Response:
            """Refuses what the real REST channel refuses, so a relayed refusal shows up as the 5xx it would be."""
            try:
                incoming = parse(await request.read())
            except Refused as refused:
                return web.json_response({"error": refused.message}, status=refused.status)
            return web.json_response([{"recipient_id": incoming.sender, "text": f"You said: {incoming.message}"}])

        fake_rasa = web.Application()
        fake_rasa.router.add_post("/webhooks/rest/webhook", rasa)
        rasa_url = await self._serve(fake_rasa)
        self.settings = Settings(data_dir=self.data_dir, rasa_url=rasa_url, session_secret="fuzz-secret",
                                 database_url=self.database_url)
        self.url = await self._serve(create_app(self.settings, self.index))

    def __enter__(self) -> Service:
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self._start())
            started.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True, name="knowledge-fuzz").start()
        if not started.wait(120):
            raise RuntimeError("the knowledge service did not start")
        return self

    def __exit__(self, *exc) -> None:
        async def stop() -> None:
            for runner in reversed(self.runners):
                await runner.cleanup()
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)


@contextmanager
def running_service(index, data_dir, database_url: str | None = None):
    """The service with an admin's API token (`.token`); argon2 made cheap, as sign-in is fuzzed too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("knowledge.curation.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        with Service(index, data_dir, database_url) as running:
            accounts = Accounts(open_database(running.settings))
            admin = accounts.create_user("admin@trust.nhs.uk", "Admin", Role.admin, "correct horse battery staple")
            running.token = accounts.create_token(admin, "fuzz")[1]
            yield running


@pytest.fixture(scope="module")
def service(index, tmp_path_factory):
    with running_service(index, tmp_path_factory.mktemp("fuzz")) as running:
        yield running


@pytest.fixture(scope="module")
def postgres_service(index, tmp_path_factory):
    """The curation store on PostgreSQL (its own schema), as production runs it: NUL and odd text behave
    differently there. The local server must be reachable: a missing one fails, it never skips."""
    schema = f"fuzz_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
        with running_service(index, tmp_path_factory.mktemp("fuzz-pg"), url) as running:
            yield running
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def check(response: requests.Response, what: str) -> None:
    """A 2xx or a 4xx that says, as JSON, what was wrong: never a 5xx."""
    where = f"{what} -> {response.status_code}: {response.text[:300]!r}"
    assert response.status_code < 500, where
    if response.status_code >= 400:
        assert response.headers.get("Content-Type", "").startswith("application/json"), where
        assert isinstance(response.json().get("error"), str) and response.json()["error"], where


def send(service: Service, method: str, path: str, body: bytes | None = None, content_type: str = "application/json",
         headers: dict | None = None) -> requests.Response:
    all_headers = {"Content-Type": content_type} if content_type else {}
    response = requests.request(method, service.url + path, data=body, headers={**all_headers, **(headers or {})},
                                timeout=60)
    check(response, f"{method} {path[:200]} ({content_type or 'no content type'}) body={(body or b'')[:200]!r}")
    return response


JSON_POSTS = ["/api/answer", "/api/recommend", "/api/eligibility", "/api/feedback", "/api/resolve", "/chat/api/message"]


@MANY
@given(path=st.sampled_from(JSON_POSTS), body=bodies(), content_type=st.sampled_from(CONTENT_TYPES))
def test_json_endpoints_never_fail_on_bad_input(service, path, body, content_type):
    send(service, "POST", path, body, content_type)


@FUZZ
@given(q=query_values, k=query_values | st.integers(-5, 100).map(str), extra=query_values)
def test_search_never_fails_on_bad_queries(service, q, k, extra):
    send(service, "GET", f"/api/search?q={q}&k={k}&{extra}={extra}")


@FEW
@given(entry_id=path_values, method=st.sampled_from(["GET", "POST", "DELETE"]), body=bodies())
def test_entries_reload_and_unknown_routes_answer_json(service, entry_id, method, body):
    send(service, "GET", f"/api/entries/{entry_id}")
    send(service, "POST", "/api/admin/reload", body, headers={"Authorization": f"Bearer {entry_id}"})
    send(service, method, f"/api/no-such-route/{entry_id}", body)
    send(service, "PUT", "/api/answer", body)  # wrong method


def curation_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path, query parameter names) for every operation the OpenAPI description lists."""
    from service.curation.openapi import SPEC

    return [(method.upper(), path, [p["name"] for p in op.get("parameters", []) if p["in"] == "query"])
            for path, item in SPEC["paths"].items() for method, op in item.items()
            if path != "/reindex"]  # takes no input; a rebuild per example would only cost time


def test_the_curation_api_describes_itself(service):
    served = requests.get(service.url + "/curation/api/openapi.json", timeout=10).json()
    assert {p for p in served["paths"]} == {path for _, path, _ in curation_operations()} | {"/reindex"}


@st.composite
def credentials(draw, service: Service) -> dict:
    return draw(st.sampled_from([
        {"Authorization": f"Bearer {service.token}"}, {"Authorization": f"Bearer {service.token}"}, {},
        {"Authorization": "Bearer not-a-token"}, {"Authorization": "Bearer \xff\xfe"},
        {"Cookie": "nhsbot_session=\xff\xfe"}, {"Cookie": "nhsbot_session=" + "a" * 4000},
    ]))


@pytest.mark.parametrize("store", ["service", "postgres_service"], ids=["sqlite", "postgres"])
@pytest.mark.parametrize("method, path, query", curation_operations(), ids=lambda v: v if isinstance(v, str) else None)
def test_curation_api_never_fails_on_bad_input(request, store, method, path, query):
    service = request.getfixturevalue(store)

    @FEW
    @given(data=st.data())
    def fuzz(data):
        filled = path
        for name in ("entry_id", "version", "user_id", "token_id"):
            filled = filled.replace("{" + name + "}", data.draw(path_values | st.integers(-1, 3).map(str), name))
        params = "&".join(f"{name}={data.draw(query_values, name)}" for name in query)
        body = data.draw(bodies(), "body") if method in ("POST", "PUT", "PATCH") else None
        send(service, method, f"/curation/api{filled}" + (f"?{params}" if params else ""), body,
             data.draw(st.sampled_from(CONTENT_TYPES), "content type"), data.draw(credentials(service), "credentials"))

    fuzz()


def test_a_script_in_an_entry_is_escaped_on_every_curation_page(service):
    bearer = {"Authorization": f"Bearer {service.token}"}
    entry = requests.get(service.url + "/curation/api/entries/pcaf", headers=bearer, timeout=10).json()["entry"]
    entry.update(id="xss-probe", title=f"Probe {SCRIPT}", synonyms=[SCRIPT], amount="<b onmouseover=alert(1)>£1</b>")
    created = requests.post(service.url + "/curation/api/entries", json={"entry": entry}, headers=bearer, timeout=30)
    assert created.status_code == 201, created.text
    probe = "/curation/entries/xss-probe"
    for page in (probe, f"{probe}/edit", f"{probe}/history", "/curation/entries", "/curation/"):
        response = requests.get(service.url + page, headers=bearer, timeout=30)
        html = response.text
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html"), page
        assert SCRIPT not in html and "<b onmouseover" not in html, page
        if page != "/curation/":
            assert "&lt;script&gt;" in html, page


def test_a_script_typed_as_a_question_is_escaped_on_the_questions_page(service):
    question = f"{SCRIPT} how do I book annual leave?"
    answered = requests.post(service.url + "/api/answer", json={"question": question}, timeout=30).json()
    assert not answered["answered"]  # so it is kept as a gap for the R&D office
    rated = {"helpful": False, "question": f"<img src=x onerror=alert(2)> {question}"}
    requests.post(service.url + "/api/feedback", json=rated, timeout=30).raise_for_status()
    response = requests.get(service.url + "/curation/questions", headers={"Authorization": f"Bearer {service.token}"},
                            timeout=30)
    assert response.status_code == 200
    assert SCRIPT not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;" in response.text and "&lt;img src=x" in response.text


def test_the_web_chat_returns_a_script_as_data_never_as_markup(service):
    response = requests.post(service.url + "/chat/api/message",
                             json={"sender": "5be0c3d19a7f4e26b8d1c0a94f3e7a62", "message": SCRIPT}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    assert response.json()["replies"][0]["text"] == f"You said: {SCRIPT}"  # the page renders it as text
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
