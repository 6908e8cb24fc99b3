"""Each test gets a fresh store on SQLite and on PostgreSQL (its own schema), and signed-in users per role.

PostgreSQL must be reachable (NHSBOT_TEST_POSTGRES_URL, default the local server): when it is not, the
PostgreSQL variants fail rather than skip, so a missing database is never mistaken for a pass.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import aiohttp
import psycopg
import pytest

from knowledge.curation.db import open_database
from knowledge.curation.users import Accounts, Role
from knowledge.settings import Settings
from service.app import create_app
from tests.service.datadir import copy_caches, copy_store

POSTGRES_URL = os.environ.get("NHSBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """Argon2 at its production cost takes ~0.3 s a hash here; the tests hash hundreds of times."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("knowledge.curation.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request):
    if request.param == "sqlite":
        yield None
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def cur_settings(request, tmp_path, database_url, settings, imported_store) -> Settings:
    """A data folder of its own, with the real embedding caches (entries, and the source documents' that
    `make index` fills) so a publish re-embeds only what changed and the document tier starts without embedding;
    on SQLite, a store that already holds the entry files unless the test is marked `empty_store`."""
    copy_caches(settings, tmp_path)
    made = Settings(data_dir=tmp_path, database_url=database_url, session_secret="test-session-secret")
    if database_url is None and not request.node.get_closest_marker("empty_store"):
        copy_store(imported_store, made.curation_db)
    return made


@pytest.fixture
def accounts(cur_settings) -> Accounts:
    db = open_database(cur_settings)
    db.migrate()
    return Accounts(db)


@pytest.fixture
def users(accounts) -> dict[str, str]:
    """One user per role; the value is the email to sign in with."""
    for role in Role:
        accounts.create_user(f"{role.name}@trust.nhs.uk", role.name.title(), role, PASSWORD)
    return {role.name: f"{role.name}@trust.nhs.uk" for role in Role}


@pytest.fixture
async def client(aiohttp_client, cur_settings, index, users):
    return await aiohttp_client(create_app(cur_settings, index))


class Session:
    """A browser-like client for one person: its own cookie jar, and the CSRF token after sign-in."""

    def __init__(self, client, http: aiohttp.ClientSession):
        self.client, self.http, self.csrf = client, http, None

    async def sign_in(self, email: str, password: str = PASSWORD) -> aiohttp.ClientResponse:
        response = await self.http.post(self.client.make_url("/curation/api/session"),
                                        json={"email": email, "password": password})
        if response.status == 200:
            self.csrf = (await response.json())["csrf"]
        return response

    def request(self, method: str, path: str, csrf: bool = True, **kwargs):
        headers = kwargs.pop("headers", {})
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.http.request(method, self.client.make_url(path), headers=headers, **kwargs)


@pytest.fixture
async def session_for(client):
    """`await session_for("editor")`: a signed-in session for that role."""
    opened = []

    async def make(role: str | None = None) -> Session:
        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        opened.append(http)
        session = Session(client, http)
        if role:
            response = await session.sign_in(f"{role}@trust.nhs.uk")
            assert response.status == 200, await response.text()
        return session

    yield make
    for http in opened:
        await http.close()
