"""API tokens: shown once and never cached, expire, die with a password reset, and any admin can revoke one."""

import time

from knowledge.curation.users import Role

PREFIX = "/curation/api"


async def _token(session, name: str = "nightly export", **extra) -> dict:
    response = await session.request("POST", f"{PREFIX}/tokens", json={"name": name, **extra})
    assert response.status == 201, await response.text()
    assert response.headers["Cache-Control"] == "no-store"
    return await response.json()


def _bearer(token: dict) -> dict:
    return {"Authorization": f"Bearer {token['token']}"}


async def test_a_new_token_expires_in_90_days_by_default_and_is_never_cached(session_for):
    editor = await session_for("editor")
    token = await _token(editor)
    assert abs(token["expires_at"] - (time.time() + 90 * 86400)) < 60
    short = await _token(editor, days=7)
    assert abs(short["expires_at"] - (time.time() + 7 * 86400)) < 60
    for days in (91, 0, 2**63, "30", True):
        response = await editor.request("POST", f"{PREFIX}/tokens", json={"name": "x", "days": days})
        assert response.status == 400


async def test_an_expired_token_is_refused(session_for, client, accounts, monkeypatch):
    editor = await session_for("editor")
    token = await _token(editor, days=1)
    assert (await client.get(f"{PREFIX}/me", headers=_bearer(token))).status == 200
    later = time.time() + 86400 + 1
    monkeypatch.setattr("knowledge.curation.users.time.time", lambda: later)
    assert (await client.get(f"{PREFIX}/me", headers=_bearer(token))).status == 401


async def test_a_password_reset_revokes_the_users_tokens(session_for, client, accounts):
    editor, admin = await session_for("editor"), await session_for("admin")
    token = await _token(editor)
    me = await (await editor.request("GET", f"{PREFIX}/me")).json()
    changed = await admin.request("PATCH", f"{PREFIX}/users/{me['user']['id']}",
                                  json={"password": "a brand new long password"})
    assert changed.status == 200
    assert (await client.get(f"{PREFIX}/me", headers=_bearer(token))).status == 401
    [listed] = accounts.tokens(next(u for u in accounts.users() if u.role is Role.editor))
    assert listed["revoked"]


async def test_an_admin_can_revoke_anyones_token_and_others_cannot(session_for, client):
    editor, reviewer, admin = await session_for("editor"), await session_for("reviewer"), await session_for("admin")
    token = await _token(editor)
    assert (await reviewer.request("DELETE", f"{PREFIX}/tokens/{token['id']}")).status == 404
    assert (await reviewer.request("GET", f"{PREFIX}/tokens?all=1")).status == 403
    everyone = await (await admin.request("GET", f"{PREFIX}/tokens?all=1")).json()
    assert [(t["id"], t["owner"]) for t in everyone] == [(token["id"], "editor@trust.nhs.uk")]
    assert await (await admin.request("GET", f"{PREFIX}/tokens")).json() == []  # without ?all: their own
    assert (await admin.request("DELETE", f"{PREFIX}/tokens/{token['id']}")).status == 204
    assert (await client.get(f"{PREFIX}/me", headers=_bearer(token))).status == 401


async def test_an_admin_revokes_a_token_on_the_tokens_page(session_for, client):
    editor, admin = await session_for("editor"), await session_for("admin")
    token = await _token(editor)
    page = await (await admin.request("GET", "/curation/tokens")).text()
    assert "editor@trust.nhs.uk" in page and f"/curation/tokens/{token['id']}/revoke" in page
    response = await admin.request("POST", f"/curation/tokens/{token['id']}/revoke", allow_redirects=False)
    assert response.status == 303
    assert (await client.get(f"{PREFIX}/me", headers=_bearer(token))).status == 401
