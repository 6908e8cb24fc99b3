"""Signing keys, our bearer token and reply delivery, against local aiohttp servers. Time and
sleeping are injected, so nothing here waits on the clock."""

import asyncio
import contextlib
import socket

import aiohttp
import pytest
from aiohttp import web

from bot.channels.botframework_client import (Connector, ConnectorToken, KeysUnavailable, SigningKeys,
                                              token_url)


@contextlib.asynccontextmanager
async def serve(routes):
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def session():
    async with aiohttp.ClientSession() as s:
        async def get():
            return s
        yield get


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Metadata:
    """OpenID metadata and a JWKS whose keys the test can rotate; counts fetches."""

    def __init__(self):
        self.kids = ["k1"]
        self.fetches = 0
        self.requests = 0  # answered or not
        self.up = True
        self.base = ""
        self.delay_s = 0.0

    def routes(self):
        async def metadata(request):
            self.requests += 1
            await asyncio.sleep(self.delay_s)
            if not self.up:
                return web.Response(status=503)
            self.fetches += 1
            return web.json_response({"issuer": "https://api.botframework.com", "jwks_uri": f"{self.base}/keys"})

        async def keys(request):
            return web.json_response({"keys": [{"kid": k, "kty": "RSA"} for k in self.kids]})

        return [web.get("/openid", metadata), web.get("/keys", keys)]


async def test_keys_are_fetched_on_first_use_cached_and_refreshed(session):
    meta, clock = Metadata(), Clock()
    async with serve(meta.routes()) as base:
        meta.base = base
        keys = SigningKeys(f"{base}/openid", session, refresh_s=3600, min_refetch_s=300, clock=clock)
        assert meta.fetches == 0  # nothing at construction
        jwk, issuer = await keys.key("k1")
        assert jwk["kid"] == "k1" and issuer == "https://api.botframework.com" and meta.fetches == 1
        await keys.key("k1")
        assert meta.fetches == 1  # cached
        meta.kids = ["k2"]  # rotation: an unknown kid refetches, but not more often than min_refetch_s
        clock.now += 301
        assert (await keys.key("k2"))[0]["kid"] == "k2" and meta.fetches == 2
        assert (await keys.key("k9"))[0] is None and meta.fetches == 2
        clock.now += 3601
        assert (await keys.key("k2"))[0]["kid"] == "k2"  # served at once, refreshed in the background
        await keys.background
        assert meta.fetches == 3  # daily refresh


async def test_twenty_concurrent_cold_requests_fetch_the_keys_once(session):
    meta = Metadata()
    meta.delay_s = 0.2  # a slow endpoint: every request arrives while the first fetch is running
    async with serve(meta.routes()) as base:
        meta.base = base
        keys = SigningKeys(f"{base}/openid", session)
        found = await asyncio.gather(*(keys.key("k1") for _ in range(20)))
    assert all(jwk["kid"] == "k1" for jwk, _ in found)
    assert meta.requests == 1 and keys.fetches == 1


async def test_stale_keys_are_served_while_the_refresh_fails_with_a_back_off(session):
    meta, clock = Metadata(), Clock()
    async with serve(meta.routes()) as base:
        meta.base = base
        keys = SigningKeys(f"{base}/openid", session, refresh_s=3600, failure_backoff_s=10, clock=clock)
        await keys.key("k1")
        meta.up, meta.delay_s = False, 0.2
        clock.now += 7200  # stale, and the endpoint is down and slow
        found = await asyncio.gather(*(keys.key("k1") for _ in range(20)))
        assert all(jwk["kid"] == "k1" for jwk, _ in found)  # nobody waited for the refresh
        await keys.background
        assert meta.requests == 2  # the first fetch and one refresh attempt, not twenty
        clock.now += 5
        assert (await keys.key("k1"))[0]["kid"] == "k1" and keys.background.done()
        assert meta.requests == 2  # backing off
        clock.now += 6
        await keys.key("k1")
        await keys.background
        assert meta.requests == 3  # tried again after the back-off


async def test_cold_and_down_fails_fast_during_the_back_off(session):
    meta, clock = Metadata(), Clock()
    meta.up = False
    async with serve(meta.routes()) as base:
        meta.base = base
        keys = SigningKeys(f"{base}/openid", session, failure_backoff_s=10, clock=clock)
        results = await asyncio.gather(*(keys.key("k1") for _ in range(20)), return_exceptions=True)
        assert all(isinstance(r, KeysUnavailable) for r in results)
        assert meta.requests == 1  # the others re-checked under the lock and did not refetch
        clock.now += 11
        meta.up = True
        assert (await keys.key("k1"))[0]["kid"] == "k1" and meta.requests == 2


async def test_metadata_down_refuses_until_keys_are_known_then_keeps_the_cached_ones(session):
    meta, clock = Metadata(), Clock()
    async with serve(meta.routes()) as base:
        meta.base = base
        keys = SigningKeys(f"{base}/openid", session, refresh_s=3600, clock=clock)
        meta.up = False
        with pytest.raises(KeysUnavailable):
            await keys.key("k1")
        meta.up = True
        clock.now += 301
        assert (await keys.key("k1"))[0]["kid"] == "k1"
        meta.up = False
        clock.now += 7200
        assert (await keys.key("k1"))[0]["kid"] == "k1"  # stale keys beat refusing everyone
        await keys.background


def test_token_url_single_and_multi_tenant():
    assert token_url("tenant-guid", False) == "https://login.microsoftonline.com/tenant-guid/oauth2/v2.0/token"
    assert token_url("", True) == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert token_url("", False) is None
    assert token_url("t", False, "http://127.0.0.1:1/token") == "http://127.0.0.1:1/token"


class Connectorish:
    """A token endpoint and a connector whose answers the test scripts."""

    def __init__(self, statuses, token_status=200):
        self.statuses = list(statuses)
        self.token_status = token_status
        self.tokens_issued = 0
        self.posts = []

    def routes(self):
        async def token(request):
            form = await request.post()
            assert form["grant_type"] == "client_credentials" and form["client_secret"] == "pw"
            if self.token_status != 200:
                return web.json_response({"error": "invalid_client"}, status=self.token_status)
            self.tokens_issued += 1
            return web.json_response({"access_token": f"t{self.tokens_issued}", "expires_in": 3600})

        async def post(request):
            body = await request.json()
            self.posts.append((request.match_info["conversation"], request.headers["Authorization"], body))
            status = self.statuses.pop(0) if self.statuses else 201
            headers = {"Retry-After": "7"} if status == 429 else {}
            return web.json_response({}, status=status, headers=headers)

        return [web.post("/token", token), web.post("/v3/conversations/{conversation}/activities", post)]


async def make_connector(base, session, clock=None, attempts=4):
    slept = []

    async def sleep(s):
        slept.append(s)

    token = ConnectorToken(f"{base}/token", "app", "pw", session, clock=clock or Clock())
    return Connector(token, session, attempts=attempts, backoff_s=0.5, sleep=sleep), slept


async def test_transient_failures_are_retried_with_backoff_and_retry_after(session):
    fake = Connectorish([503, 429, 502])
    async with serve(fake.routes()) as base:
        connector, slept = await make_connector(base, session)
        assert await connector.post(base, "19:abc@thread.skype", {"type": "message", "text": "hi"})
    assert len(fake.posts) == 4 and fake.posts[0][0] == "19:abc@thread.skype"
    assert slept[1] == 7  # Retry-After honoured
    assert 0.5 <= slept[0] <= 0.625 and 2.0 <= slept[2] <= 2.5  # exponential, with a little jitter
    assert fake.tokens_issued == 1 and all(auth == "Bearer t1" for _, auth, _ in fake.posts)


async def test_permanent_failure_is_not_retried_and_not_raised(session):
    fake = Connectorish([403])
    async with serve(fake.routes()) as base:
        connector, slept = await make_connector(base, session)
        assert await connector.post(base, "c", {"type": "message"}) is False
    assert len(fake.posts) == 1 and slept == []


async def test_unreachable_connector_gives_up_after_the_attempts(session):
    fake = Connectorish([])
    async with serve(fake.routes()) as base:
        connector, slept = await make_connector(base, session, attempts=3)
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{free.getsockname()[1]}"  # bound, not listening: refused
            assert await connector.post(closed, "c", {"type": "message"}) is False
    assert len(slept) == 2


async def test_a_401_gets_a_fresh_token_once(session):
    fake = Connectorish([401])
    async with serve(fake.routes()) as base:
        connector, _ = await make_connector(base, session)
        assert await connector.post(base, "c", {"type": "message"})
    assert [auth for _, auth, _ in fake.posts] == ["Bearer t1", "Bearer t2"]


async def test_token_is_cached_until_shortly_before_expiry(session):
    fake, clock = Connectorish([]), Clock()
    async with serve(fake.routes()) as base:
        token = ConnectorToken(f"{base}/token", "app", "pw", session, margin_s=300, clock=clock)
        assert await token.get() == "t1"
        clock.now += 3000
        assert await token.get() == "t1"
        clock.now += 301
        assert await token.get() == "t2"


async def test_wrong_credentials_are_a_permanent_failure(session):
    fake = Connectorish([], token_status=401)
    async with serve(fake.routes()) as base:
        connector, slept = await make_connector(base, session)
        assert await connector.post(base, "c", {"type": "message"}) is False
    assert fake.posts == [] and slept == []
