"""Sign-in throttling: each attempt counted before the password is checked, per email, per address and in all,
in the shared store (so it holds for parallel requests and across instances)."""

import asyncio
import re

import pytest

from knowledge.curation.db import open_database
from knowledge.curation.throttle import Limits, SignInThrottle
from service.app import create_app

PREFIX = "/curation/api"


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def throttle_on(cur_settings, clock, **limits) -> SignInThrottle:
    db = open_database(cur_settings)
    db.migrate()
    return SignInThrottle(db, Limits(**limits), clock)


async def test_parallel_wrong_passwords_cannot_outrun_the_lock_out(client, users):
    guesses = [client.post(f"{PREFIX}/session", json={"email": users["editor"], "password": f"guess {i}"})
               for i in range(60)]
    statuses = [r.status for r in await asyncio.gather(*guesses)]
    assert statuses.count(401) <= 5 and statuses.count(429) >= 55


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
async def test_one_address_guessing_many_emails_is_held_back(client, users):
    statuses = []
    for i in range(25):
        response = await client.post(f"{PREFIX}/session", json={"email": f"nobody{i}@trust.nhs.uk", "password": "x"})
        statuses.append(response.status)
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    response = await client.post(f"{PREFIX}/session", json={"email": users["viewer"], "password": "x" * 12})
    assert response.status == 429 and int(response.headers["Retry-After"]) > 0


def test_limits_per_email_per_address_and_overall_lift_after_the_window(cur_settings):
    clock = Clock()
    throttle = throttle_on(cur_settings, clock, per_email=3, per_address=5, overall=8, window_s=60)
    assert [throttle.attempt("a@x.nhs.uk", "10.0.0.1") for _ in range(3)] == [0, 0, 0]
    assert throttle.attempt("A@x.nhs.uk ", "10.0.0.9") == 61  # the email, from anywhere
    assert [throttle.attempt(f"b{i}@x.nhs.uk", "10.0.0.1") for i in range(3)] == [0, 0, 61]
    for i in range(5):  # other addresses, other emails: only the overall limit is left
        throttle.attempt(f"c{i}@x.nhs.uk", f"10.0.1.{i}")
    assert throttle.attempt("d@x.nhs.uk", "10.0.2.1") > 0
    clock.now += 61
    assert throttle.attempt("a@x.nhs.uk", "10.0.0.1") == 0


def test_a_success_clears_that_email_only(cur_settings):
    throttle = throttle_on(cur_settings, Clock(), per_email=2, per_address=100, overall=100)
    for email in ("a@x.nhs.uk", "a@x.nhs.uk", "b@x.nhs.uk", "b@x.nhs.uk"):
        throttle.attempt(email, "10.0.0.1")
    throttle.succeeded("A@x.nhs.uk")
    assert throttle.attempt("a@x.nhs.uk", "10.0.0.1") == 0
    assert throttle.attempt("b@x.nhs.uk", "10.0.0.1") > 0


async def test_the_lock_out_holds_across_instances(aiohttp_client, cur_settings, index, users):
    first = await aiohttp_client(create_app(cur_settings, index))
    second = await aiohttp_client(create_app(cur_settings, index))
    for i in range(5):
        app = (first, second)[i % 2]
        assert (await app.post(f"{PREFIX}/session", json={"email": users["editor"], "password": "guess"})).status == 401
    for app in (first, second):
        response = await app.post(f"{PREFIX}/session", json={"email": users["editor"], "password": "x"})
        assert response.status == 429


async def test_the_sign_in_page_shares_the_count_with_the_api(client, users, session_for):
    for _ in range(5):
        response = await client.post(f"{PREFIX}/session", json={"email": users["editor"], "password": "guess"})
        assert response.status == 401
    browser = await session_for()
    page = await (await browser.request("GET", "/curation/login")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = await browser.request("POST", "/curation/login", allow_redirects=False, data={
        "email": users["editor"], "password": "correct horse battery staple", "csrf": csrf, "next": "/curation/"})
    assert response.status == 429 and "Too many failed attempts" in await response.text()
