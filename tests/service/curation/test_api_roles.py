"""Who may do what: no sign-in, no access; viewers read; editors edit; reviewers publish; admins manage users."""

from service.curation.api import PREFIX, ROUTES

PUBLIC = {("POST", "/session"), ("GET", "/openapi.json")}


async def test_every_api_route_refuses_anonymous_requests(client):
    refused = {}
    for method, path, _ in ROUTES:
        if (method, path) in PUBLIC:
            continue
        url = PREFIX + path.format(entry_id="pcaf", version="1", user_id="x", token_id="x", key="gap:1")
        response = await client.request(method, url, json={})
        refused[f"{method} {path}"] = (response.status, "error" in await response.json())
    assert refused and all(result == (401, True) for result in refused.values()), refused
    bad_token = await client.get(f"{PREFIX}/entries", headers={"Authorization": "Bearer nhsbot_not-a-real-token"})
    assert bad_token.status == 401


async def test_wrong_password_is_refused_and_sets_no_cookie(client, users):
    response = await client.post(f"{PREFIX}/session", json={"email": users["editor"], "password": "not the password"})
    assert response.status == 401 and "nhsbot_session" not in response.cookies


async def test_session_cookie_is_httponly_and_strict(session_for):
    session = await session_for()
    response = await session.sign_in("viewer@trust.nhs.uk")
    cookie = response.cookies["nhsbot_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"


async def test_viewer_reads_but_cannot_edit(session_for):
    viewer = await session_for("viewer")
    entry = await (await viewer.request("GET", f"{PREFIX}/entries/pcaf")).json()
    assert entry["entry"]["id"] == "pcaf"
    response = await viewer.request("PUT", f"{PREFIX}/entries/pcaf",
                                    json={"entry": entry["entry"], "base_version": entry["version"]})
    assert response.status == 403 and "editor" in (await response.json())["error"]


async def test_editor_cannot_publish_and_reviewer_can(session_for):
    editor, reviewer = await session_for("editor"), await session_for("reviewer")
    entry = await (await editor.request("GET", f"{PREFIX}/entries/pcaf")).json()
    entry["entry"]["summary"] += " Edited."
    saved = await (await editor.request("PUT", f"{PREFIX}/entries/pcaf",
                                        json={"entry": entry["entry"], "base_version": entry["version"]})).json()
    submitted = await (await editor.request("POST", f"{PREFIX}/entries/pcaf/submit",
                                            json={"base_version": saved["version"]})).json()
    assert submitted["workflow"] == "in_review"
    refused = await editor.request("POST", f"{PREFIX}/entries/pcaf/publish", json={"base_version": submitted["version"]})
    assert refused.status == 403
    published = await reviewer.request("POST", f"{PREFIX}/entries/pcaf/publish", json={"base_version": submitted["version"]})
    assert published.status == 200 and (await published.json())["workflow"] == "published"


async def test_only_admins_manage_users(session_for):
    reviewer, admin = await session_for("reviewer"), await session_for("admin")
    new = {"email": "new@trust.nhs.uk", "name": "New", "role": "editor", "password": "a long enough password"}
    assert (await reviewer.request("POST", f"{PREFIX}/users", json=new)).status == 403
    created = await admin.request("POST", f"{PREFIX}/users", json=new)
    assert created.status == 201 and (await created.json())["role"] == "editor"
    newcomer = await session_for()
    assert (await newcomer.sign_in("new@trust.nhs.uk", "a long enough password")).status == 200


async def test_weak_password_and_unknown_role_are_refused(session_for):
    admin = await session_for("admin")
    short = await admin.request("POST", f"{PREFIX}/users",
                                json={"email": "a@b.nhs.uk", "name": "A", "role": "editor", "password": "short"})
    assert short.status == 422 and "at least 12" in (await short.json())["error"]
    odd = await admin.request("POST", f"{PREFIX}/users",
                              json={"email": "a@b.nhs.uk", "name": "A", "role": "wizard", "password": "x" * 20})
    assert odd.status == 400 and "role must be one of" in (await odd.json())["error"]


async def test_the_last_admin_cannot_be_demoted(session_for, client):
    admin = await session_for("admin")
    me = await (await admin.request("GET", f"{PREFIX}/me")).json()
    response = await admin.request("PATCH", f"{PREFIX}/users/{me['user']['id']}", json={"role": "viewer"})
    assert response.status == 422 and "at least one active admin" in (await response.json())["error"]


async def test_deactivated_user_loses_access_at_once(session_for):
    admin, editor = await session_for("admin"), await session_for("editor")
    users = await (await admin.request("GET", f"{PREFIX}/users")).json()
    editor_id = next(u["id"] for u in users if u["role"] == "editor")
    assert (await admin.request("PATCH", f"{PREFIX}/users/{editor_id}", json={"active": False})).status == 200
    assert (await editor.request("GET", f"{PREFIX}/entries")).status == 401


async def test_state_change_without_csrf_token_is_refused(session_for):
    editor = await session_for("editor")
    entry = await (await editor.request("GET", f"{PREFIX}/entries/pcaf")).json()
    body = {"entry": entry["entry"], "base_version": entry["version"]}
    missing = await editor.request("PUT", f"{PREFIX}/entries/pcaf", csrf=False, json=body)
    assert missing.status == 403 and "CSRF" in (await missing.json())["error"]
    wrong = await editor.request("PUT", f"{PREFIX}/entries/pcaf", csrf=False, json=body,
                                 headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status == 403
    assert (await editor.request("PUT", f"{PREFIX}/entries/pcaf", json=body)).status == 200


async def test_api_token_works_without_csrf_until_revoked(session_for, client, accounts):
    editor = await session_for("editor")
    created = await (await editor.request("POST", f"{PREFIX}/tokens", json={"name": "nightly export"})).json()
    token = created["token"]
    with accounts.db.connect() as c:
        stored = c.all("SELECT token_hash FROM api_tokens")
    assert stored and all(token not in r["token_hash"] for r in stored)  # only the hash is kept
    bearer = {"Authorization": f"Bearer {token}"}
    entry = await (await client.get(f"{PREFIX}/entries/pcaf", headers=bearer)).json()
    entry["entry"]["summary"] += " By a script."
    saved = await client.put(f"{PREFIX}/entries/pcaf", headers=bearer,
                             json={"entry": entry["entry"], "base_version": entry["version"]})
    assert saved.status == 200
    assert (await client.post(f"{PREFIX}/entries/pcaf/publish", headers=bearer, json={"base_version": 2})).status == 403
    assert (await editor.request("DELETE", f"{PREFIX}/tokens/{created['id']}")).status == 204
    assert (await client.get(f"{PREFIX}/entries/pcaf", headers=bearer)).status == 401


async def test_signing_out_ends_the_session(session_for):
    viewer = await session_for("viewer")
    assert (await viewer.request("DELETE", f"{PREFIX}/session")).status == 204
    assert (await viewer.request("GET", f"{PREFIX}/me")).status == 401


async def test_repeated_wrong_passwords_lock_the_email_for_a_while(client, users):
    for _ in range(5):
        response = await client.post(f"{PREFIX}/session", json={"email": users["editor"], "password": "guess"})
        assert response.status == 401
    locked = await client.post(f"{PREFIX}/session", json={"email": users["editor"], "password": "correct horse battery staple"})
    assert locked.status == 429 and int(locked.headers["Retry-After"]) > 0
    other = await client.post(f"{PREFIX}/session", json={"email": users["viewer"], "password": "correct horse battery staple"})
    assert other.status == 200  # only the guessed account is held back


async def test_sign_in_must_be_json_so_other_sites_cannot_post_it(client, users):
    response = await client.post(f"{PREFIX}/session", data={"email": users["editor"],
                                                           "password": "correct horse battery staple"})
    assert response.status == 415 and "nhsbot_session" not in response.cookies
