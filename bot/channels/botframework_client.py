"""The Bot Framework's network side, without Rasa: signing keys for incoming tokens (fetched on
first use, cached, refreshed), our own bearer token for replies (client credentials, cached until
shortly before expiry), and posting activities with retries on transient failures."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple
from urllib.parse import quote

import aiohttp

BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
LOGIN = "https://login.microsoftonline.com"
MULTI_TENANT_AUTHORITY = "botframework.com"
TIMEOUT = aiohttp.ClientTimeout(total=15)

SessionGetter = Callable[[], Awaitable[aiohttp.ClientSession]]


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """One JSON object per line, so that Rasa's plain log format still carries structured fields.
    Fields are ids, reasons and statuses; message text is never logged."""
    logger.log(level, json.dumps({"event": event, **fields}, default=str))


def token_url(tenant_id: str, multi_tenant: bool, override: Optional[str] = None) -> Optional[str]:
    """Single-tenant bots get tokens from their own tenant; legacy multi-tenant ones from
    botframework.com. None when a single-tenant bot has no tenant id (replies cannot be sent)."""
    if override:
        return override
    if multi_tenant:
        return f"{LOGIN}/{MULTI_TENANT_AUTHORITY}/oauth2/v2.0/token"
    return f"{LOGIN}/{quote(tenant_id, safe='')}/oauth2/v2.0/token" if tenant_id else None


class KeysUnavailable(Exception):
    """The signing keys could not be fetched and none are cached: no token can be checked."""


class SigningKeys:
    """The JWKS named by the OpenID metadata, keyed by kid. Refreshed daily, and early (at most
    every `min_refetch_s`) when a token names an unknown key, which is how rotation shows up.

    Under load and outages: one fetch at a time, and a request that waited for the lock re-checks
    before fetching (20 cold requests cost one fetch); once keys are known, a stale set keeps being
    served while a refresh runs in the background, so nobody waits on a slow endpoint; and after a
    failed fetch nothing is fetched again for `failure_backoff_s` (requests meanwhile get the cached
    keys, or KeysUnavailable at once when there are none)."""

    def __init__(self, metadata_url: str, session: SessionGetter, refresh_s: float = 24 * 3600,
                 min_refetch_s: float = 300, failure_backoff_s: float = 10,
                 clock: Callable[[], float] = time.monotonic, logger: Optional[logging.Logger] = None) -> None:
        self.metadata_url = metadata_url
        self._session = session
        self.refresh_s = refresh_s
        self.min_refetch_s = min_refetch_s
        self.failure_backoff_s = failure_backoff_s
        self._clock = clock
        self._log = logger or logging.getLogger(__name__)
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._issuer: Optional[str] = None
        self._fetched_at: Optional[float] = None
        self._attempted_at: Optional[float] = None
        self._failed_at: Optional[float] = None
        self._lock = asyncio.Lock()
        self.background: Optional[asyncio.Task] = None  # the running stale-key refresh, if any
        self.fetches = 0  # attempts so far (for the log and tests)

    def _stale(self, now: float) -> bool:
        return self._fetched_at is None or now - self._fetched_at > self.refresh_s

    def _backing_off(self, now: float) -> bool:
        return self._failed_at is not None and now - self._failed_at < self.failure_backoff_s

    def _must_fetch(self, kid: str, now: float) -> bool:
        if self._backing_off(now):
            return False
        if self._issuer is None or self._stale(now):
            return True
        return kid not in self._keys and (self._attempted_at is None
                                          or now - self._attempted_at > self.min_refetch_s)

    async def key(self, kid: str) -> Tuple[Optional[Dict[str, Any]], str]:
        """(the key or None if unknown, the expected issuer); KeysUnavailable when none are known."""
        now = self._clock()
        if kid in self._keys and self._stale(now):
            if not self._backing_off(now) and (self.background is None or self.background.done()):
                self.background = asyncio.create_task(self._refresh(kid))
        elif self._must_fetch(kid, now):
            await self._refresh(kid)
        if self._issuer is None:
            raise KeysUnavailable(self.metadata_url)
        return self._keys.get(kid), self._issuer

    async def close(self) -> None:
        if self.background is not None and not self.background.done():
            self.background.cancel()

    async def _refresh(self, kid: str) -> None:
        async with self._lock:
            if not self._must_fetch(kid, self._clock()):  # fetched (or failed) while we waited
                return
            await self._fetch()

    async def _fetch(self) -> None:
        self._attempted_at = self._clock()
        self.fetches += 1
        try:
            session = await self._session()
            async with session.get(self.metadata_url, timeout=TIMEOUT) as response:
                response.raise_for_status()
                metadata = await response.json(content_type=None)
            async with session.get(metadata["jwks_uri"], timeout=TIMEOUT) as response:
                response.raise_for_status()
                jwks = await response.json(content_type=None)
            keys = {k["kid"]: k for k in jwks["keys"] if isinstance(k, dict) and "kid" in k}
            issuer = metadata["issuer"]
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError, TypeError) as exc:
            self._failed_at = self._clock()
            log_event(self._log, logging.ERROR if self._issuer is None else logging.WARNING,
                      "teams_signing_keys_unavailable", url=self.metadata_url, error=type(exc).__name__,
                      kept_cached=self._issuer is not None, retry_after_s=self.failure_backoff_s)
            return
        self._keys, self._issuer, self._fetched_at, self._failed_at = keys, issuer, self._clock(), None
        log_event(self._log, logging.INFO, "teams_signing_keys_refreshed", keys=len(keys))


class TokenError(Exception):
    def __init__(self, reason: str, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class ConnectorToken:
    """Our bearer token for the Bot Connector, cached until `margin_s` before it expires."""

    def __init__(self, url: Optional[str], app_id: str, password: str, session: SessionGetter,
                 margin_s: float = 300, clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self.app_id = app_id
        self._password = password
        self._session = session
        self.margin_s = margin_s
        self._clock = clock
        self._token: Optional[str] = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    def invalidate(self) -> None:
        self._token = None

    async def get(self) -> str:
        async with self._lock:
            if self._token and self._clock() < self._expires_at:
                return self._token
            if not (self.url and self.app_id and self._password):
                raise TokenError("teams_credentials_not_configured", transient=False)
            form = {"grant_type": "client_credentials", "client_id": self.app_id,
                    "client_secret": self._password, "scope": BOT_FRAMEWORK_SCOPE}
            session = await self._session()
            try:
                async with session.post(self.url, data=form, timeout=TIMEOUT) as response:
                    if response.status >= 500 or response.status == 429:
                        raise TokenError(f"token_endpoint_status_{response.status}", transient=True)
                    if response.status != 200:
                        raise TokenError(f"token_refused_status_{response.status}", transient=False)
                    body = await response.json(content_type=None)
                token, lifetime = body["access_token"], float(body.get("expires_in", 3600))
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise TokenError(f"token_endpoint_unreachable_{type(exc).__name__}", transient=True) from None
            except (ValueError, KeyError, TypeError):
                raise TokenError("token_response_malformed", transient=True) from None
            self._token = token
            self._expires_at = self._clock() + max(lifetime - self.margin_s, lifetime / 2)
            return token


class Connector:
    """Posts activities to a conversation at its serviceUrl. Retries connection errors, timeouts,
    408/429/5xx (honouring Retry-After) and one 401 with a fresh token, with exponential backoff;
    anything else, or running out of attempts, is logged and reported as False, never raised."""

    def __init__(self, token: ConnectorToken, session: SessionGetter, attempts: int = 4,
                 backoff_s: float = 0.5, max_delay_s: float = 30, logger: Optional[logging.Logger] = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.token = token
        self._session = session
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.max_delay_s = max_delay_s
        self._log = logger or logging.getLogger(__name__)
        self._sleep = sleep

    @staticmethod
    def activities_url(service_url: str, conversation_id: str) -> str:
        return f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"

    def _delay(self, attempt: int, retry_after: Optional[str]) -> float:
        if retry_after and retry_after.isdigit():
            return min(float(retry_after), self.max_delay_s)
        return min(self.backoff_s * 2 ** (attempt - 1) * random.uniform(1.0, 1.25), self.max_delay_s)

    async def post(self, service_url: str, conversation_id: str, activity: Dict[str, Any],
                   attempts: Optional[int] = None) -> bool:
        url = self.activities_url(service_url, conversation_id)
        attempts = attempts or self.attempts
        kind = activity.get("type")
        reason = "unknown"
        for attempt in range(1, attempts + 1):
            retry_after = None
            try:
                token = await self.token.get()
                session = await self._session()
                async with session.post(url, json=activity, timeout=TIMEOUT,
                                        headers={"Authorization": f"Bearer {token}"}) as response:
                    if response.status < 300:
                        return True
                    reason = f"status_{response.status}"
                    if response.status == 401 and attempt == 1:
                        self.token.invalidate()
                    elif response.status not in (408, 429) and response.status < 500:
                        log_event(self._log, logging.ERROR, "teams_reply_refused", status=response.status,
                                  activity_type=kind, conversation=conversation_id)
                        return False
                    retry_after = response.headers.get("Retry-After")
            except TokenError as exc:
                reason = exc.reason
                if not exc.transient:
                    log_event(self._log, logging.ERROR, "teams_reply_not_sent", reason=reason,
                              activity_type=kind, conversation=conversation_id)
                    return False
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                reason = f"connection_{type(exc).__name__}"
            if attempt < attempts:
                delay = self._delay(attempt, retry_after)
                log_event(self._log, logging.WARNING, "teams_reply_retry", reason=reason, attempt=attempt,
                          delay_s=round(delay, 2), activity_type=kind, conversation=conversation_id)
                await self._sleep(delay)
        level = logging.INFO if kind == "typing" else logging.ERROR  # typing is best effort
        log_event(self._log, level, "teams_reply_failed", reason=reason, attempts=attempts,
                  activity_type=kind, conversation=conversation_id)
        return False
