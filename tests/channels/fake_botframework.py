"""A local fake of the Bot Framework: token endpoint, OpenID metadata and JWKS (with an RSA key
generated here), and a connector that records the activities posted to each conversation.
It runs in its own thread, so that blocking tests and a separately running Rasa can both use it."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# Like the real service, the key signs for Web Chat too: only the channel itself can keep that out.
def public_jwk(key, kid: str, endorsements=("msteams", "webchat")) -> dict:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "use": "sig", "endorsements": list(endorsements)}


def sign(key, kid: str, *, audience: str, service_url: str, issuer: str = ISSUER, lifetime_s: int = 3600,
         issued_ago_s: int = 0, alg: str = "RS256") -> str:
    now = int(time.time()) - issued_ago_s
    claims = {"iss": issuer, "aud": audience, "serviceurl": service_url, "nbf": now - 5, "iat": now,
              "exp": now + lifetime_s}
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


class FakeBotFramework:
    def __init__(self, kid: str = "fake-signing-key") -> None:
        self.key = new_key()
        self.kid = kid
        self.token_requests: list[dict] = []
        self.posted: list[tuple[str, str, dict]] = []  # (conversation id, Authorization header, activity)
        self.metadata_requests = 0
        self._issued = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token_for(self, audience: str, service_url: str | None = None, **kwargs) -> str:
        return sign(self.key, self.kid, audience=audience, service_url=service_url or self.url, **kwargs)

    def replies(self, conversation_id: str, kind: str = "message") -> list[dict]:
        with self._lock:
            return [a for c, _, a in self.posted if c == conversation_id and a.get("type") == kind]

    def posted_to(self, conversation_id: str) -> list[tuple[str, dict]]:
        with self._lock:
            return [(auth, a) for c, auth, a in self.posted if c == conversation_id]

    def wait_for(self, conversation_id: str, predicate, timeout_s: float = 120) -> list[dict]:
        """The conversation's message activities once `predicate(messages)` holds (or fail)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            messages = self.replies(conversation_id)
            if predicate(messages):
                return messages
            time.sleep(0.2)
        raise AssertionError(f"timed out; the bot posted: {json.dumps(self.replies(conversation_id))[:3000]}")

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        with self._lock:
            self.token_requests.append(form)
            self._issued += 1
            issued = self._issued
        return web.json_response({"token_type": "Bearer", "expires_in": 3600, "access_token": f"fake-token-{issued}"})

    async def _metadata(self, request: web.Request) -> web.Response:
        self.metadata_requests += 1
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.url}/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def _keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": [public_jwk(self.key, self.kid)]})

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self._lock:
            self.posted.append((request.match_info["conversation_id"], request.headers.get("Authorization", ""), body))
        return web.json_response({"id": uuid.uuid4().hex}, status=201)

    def start(self) -> "FakeBotFramework":
        app = web.Application()
        app.router.add_post("/token", self._token)
        app.router.add_get("/openid", self._metadata)
        app.router.add_get("/keys", self._keys)
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._activity)
        started = threading.Event()

        async def serve() -> None:
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]
            started.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True, name="fake-botframework").start()
        if not started.wait(10):
            raise RuntimeError("the fake Bot Framework did not start")
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._runner:
                await self._runner.cleanup()
        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
