"""Every curation response carries the security headers; cookies are Secure whenever the site is served over HTTPS."""

import pytest

from knowledge.settings import Settings
from service.app import create_app

PREFIX = "/curation/api"


def assert_hardened(response) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = {d.strip().split(" ")[0]: d.strip() for d in headers["Content-Security-Policy"].split(";")}
    assert policy["base-uri"] == "base-uri 'none'" and policy["form-action"] == "form-action 'self'"
    assert policy["default-src"] == "default-src 'self'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert headers["Cache-Control"] == "no-store"


async def test_pages_api_redirects_and_errors_all_carry_the_headers(session_for, client):
    stranger, editor = await session_for(), await session_for("editor")
    for response in [await stranger.request("GET", "/curation/login"),
                     await stranger.request("GET", "/curation/entries", allow_redirects=False),  # 303
                     await stranger.request("GET", f"{PREFIX}/me"),  # 401
                     await editor.request("GET", "/curation/entries/pcaf"),
                     await editor.request("GET", "/curation/entries/no-such-entry"),  # 404
                     await editor.request("GET", f"{PREFIX}/entries/pcaf"),
                     await editor.request("GET", f"{PREFIX}/entries/pcaf/versions/{2**64}")]:  # 400
        assert_hardened(response)


async def test_headers_stay_off_the_chat_and_search_api(client):
    response = await client.get("/health")
    assert "Content-Security-Policy" not in response.headers


async def _sign_in_cookie(aiohttp_client, settings, index, **headers):
    client = await aiohttp_client(create_app(settings, index))
    response = await client.post(f"{PREFIX}/session", json={"email": "viewer@trust.nhs.uk",
                                                           "password": "correct horse battery staple"}, headers=headers)
    assert response.status == 200
    return response.cookies["nhsbot_session"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_cookies_are_secure_by_default_when_served_over_https(aiohttp_client, cur_settings, index, users):
    assert (await _sign_in_cookie(aiohttp_client, cur_settings, index, **{"X-Forwarded-Proto": "https"}))["secure"]
    assert not (await _sign_in_cookie(aiohttp_client, cur_settings, index))["secure"]  # plain HTTP (tests, localhost)
    forced = Settings(**{**cur_settings.model_dump(), "secure_cookies": True})
    assert (await _sign_in_cookie(aiohttp_client, forced, index))["secure"]
    off = Settings(**{**cur_settings.model_dump(), "secure_cookies": False})
    assert not (await _sign_in_cookie(aiohttp_client, off, index, **{"X-Forwarded-Proto": "https"}))["secure"]
