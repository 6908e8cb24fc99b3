"""The tickets API: the chat creates tickets and collects answers; the R&D office reads, takes, answers
(Teams answers go out at once through the fake Bot Framework), and turns answers into entry drafts."""

import asyncio
import re

import aiohttp
import pytest

from knowledge.settings import Settings
from service.curation.api import PREFIX
from service.curation.tickets import TICKETS
from tests.channels.fake_botframework import FakeBotFramework
from tests.service.curation.conftest import Session

QUESTION = "Can I claim travel costs for a research course?"


async def ask(client, **extra) -> dict:
    body = {"question": QUESTION, "channel": "rest", "sender": "webchat-abc12345", **extra}
    response = await client.post("/api/tickets", json=body)
    assert response.status == 201, await response.text()
    return await response.json()


async def test_the_chat_creates_a_ticket_and_is_told_what_happens_next(client):
    created = await ask(client)
    assert created["ticket"] == 1 and "as soon as they reply" in created["next"]
    bad = await client.post("/api/tickets", json={"question": "", "channel": "rest", "sender": "webchat-abc12345"})
    assert bad.status == 400 and "question" in (await bad.json())["error"]


async def test_any_role_reads_tickets_only_editors_answer(client, session_for):
    await ask(client)
    viewer, editor = await session_for("viewer"), await session_for("editor")
    [listed] = await (await viewer.request("GET", f"{PREFIX}/tickets")).json()
    assert listed["question"] == QUESTION and listed["status"] == "new" and "sender" not in listed
    assert (await viewer.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "Yes."})).status == 403
    assert (await client.get(f"{PREFIX}/tickets")).status == 401
    taken = await (await editor.request("POST", f"{PREFIX}/tickets/1/take")).json()
    assert taken["status"] == "taken" and taken["taken_by"] == "editor@trust.nhs.uk"
    assert (await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": ""})).status == 400
    assert (await editor.request("POST", f"{PREFIX}/tickets/9/answer", json={"answer": "Yes."})).status == 404
    answered = await (await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "Yes."})).json()
    assert answered["status"] == "answered"
    claimed = await (await client.post("/api/tickets/answers", json={"channel": "rest",
                                                                      "sender": "webchat-abc12345"})).json()
    text = f"The R&D office answered your question: \"{QUESTION}\"\n\nYes."
    assert claimed["answers"] == [{"ticket": 1, "text": text}]
    again = await (await client.post("/api/tickets/answers", json={"channel": "rest",
                                                                    "sender": "webchat-abc12345"})).json()
    assert again["answers"] == []
    assert (await (await editor.request("POST", f"{PREFIX}/tickets/1/close")).json())["status"] == "closed"
    assert (await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "More."})).status == 409


@pytest.fixture
def fake_botframework():
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


@pytest.fixture
async def teams_client(aiohttp_client, cur_settings, index, users, fake_botframework, monkeypatch):
    from service.app import create_app

    for name, value in {"APP_ID": "00000000-0000-4000-8000-00000000b07a", "APP_PASSWORD": "not-a-real-secret",
                        "TENANT_ID": "t", "TOKEN_URL": f"{fake_botframework.url}/token",
                        "RETRY_BACKOFF_S": "0.05"}.items():  # the Teams channel's settings: bot/channels/teams_config.py
        monkeypatch.setenv(f"NHSBOT_TEAMS_{name}", value)
    settings = Settings(**{**cur_settings.model_dump(), "tickets_teams_channel_id": "19:rd-office@thread.tacv2",
                           "tickets_teams_service_url": fake_botframework.url,
                           "public_url": "https://rd.trust.nhs.uk", "session_secret": "test-session-secret"})
    return await aiohttp_client(create_app(settings, index))


async def test_teams_tickets_are_announced_in_the_team_channel_and_answered_proactively(teams_client,
                                                                                          fake_botframework):
    fake = fake_botframework
    reference = {"service_url": fake.url, "conversation_id": "a:personal-chat", "bot_id": "28:bot"}
    await ask(teams_client, channel="teams", sender="29:user", reference=reference)
    [card] = await asyncio.to_thread(fake.wait_for, "19:rd-office@thread.tacv2", lambda ms: len(ms) >= 1, 10)
    content = card["attachments"][0]["content"]
    assert QUESTION in str(content) and content["actions"][0]["url"] == "https://rd.trust.nhs.uk/curation/tickets/1"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        editor = Session(teams_client, http)
        await editor.sign_in("editor@trust.nhs.uk")
        answered = await (await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "Yes."})).json()
    assert answered["delivered_at"] and answered["delivery_error"] is None
    [message] = fake.replies("a:personal-chat")
    assert message["text"].startswith("The R&D office answered your question") and message["text"].endswith("Yes.")
    # Teams answers are never also queued for a next message.
    assert (await (await teams_client.post("/api/tickets/answers", json={"channel": "teams", "sender": "29:user"}
                                           )).json())["answers"] == []


async def test_an_answer_goes_into_an_entry_draft_linked_to_the_ticket(client, session_for):
    await ask(client)
    editor = await session_for("editor")
    unanswered = await editor.request("POST", f"{PREFIX}/tickets/1/add-to-entry",
                                      json={"entry_id": "pathway-to-portfolio", "base_version": 1})
    assert unanswered.status == 409
    await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "Travel to a course is paid by ..."})
    entry = await (await editor.request("GET", f"{PREFIX}/entries/pathway-to-portfolio")).json()
    stale = await editor.request("POST", f"{PREFIX}/tickets/1/add-to-entry",
                                 json={"entry_id": "pathway-to-portfolio", "base_version": entry["version"] + 5})
    assert stale.status == 409
    body = {"entry_id": "pathway-to-portfolio", "base_version": entry["version"]}
    draft = await (await editor.request("POST", f"{PREFIX}/tickets/1/add-to-entry", json=body)).json()
    assert draft["workflow"] == "draft" and draft["entry"]["body"].endswith("Travel to a course is paid by ...")
    assert draft["entry"]["alternate_questions"][-1] == QUESTION  # searched as people ask, never quoted
    history = await (await editor.request("GET", f"{PREFIX}/entries/pathway-to-portfolio/versions")).json()
    assert history[0]["action"] == "edit (from ticket #1)"
    ticket = await (await editor.request("GET", f"{PREFIX}/tickets/1")).json()
    assert ticket["entry_id"] == "pathway-to-portfolio"


async def test_the_store_behind_the_api_is_the_curation_database(client):
    await ask(client)
    assert [t.id for t in client.server.app[TICKETS].list("new")] == [1]


async def test_a_new_entry_from_a_ticket_is_a_draft_with_the_ticket_in_its_history(client, session_for):
    await ask(client)
    editor = await session_for("editor")
    await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "Yes."})
    base = (await (await editor.request("GET", f"{PREFIX}/entries/pathway-to-portfolio")).json())["entry"]
    entry = {**base, "id": "research-course-travel", "title": "Travel costs for research courses"}
    invalid = await editor.request("POST", f"{PREFIX}/tickets/1/new-entry", json={"entry": {**entry, "sources": []}})
    assert invalid.status == 422
    created = await (await editor.request("POST", f"{PREFIX}/tickets/1/new-entry", json={"entry": entry})).json()
    assert created["workflow"] == "draft"
    history = await (await editor.request("GET", f"{PREFIX}/entries/research-course-travel/versions")).json()
    assert [v["action"] for v in history] == ["create (from ticket #1)"]


async def test_new_entry_from_the_ticket_page_links_the_ticket_as_the_api_does(client, session_for):
    from tests.service.curation.test_pages import _form

    await ask(client)
    editor = await session_for("editor")
    assert (await editor.request("GET", "/curation/tickets/1/new-entry")).url.path == "/curation/tickets/1"  # no answer
    await editor.request("POST", f"{PREFIX}/tickets/1/answer", json={"answer": "Yes, from the course budget."})
    page = await (await editor.request("GET", "/curation/tickets/1")).text()
    link = re.search(r'href="([^"]+)">New entry from this<', page).group(1)
    form_page = await (await editor.request("GET", link)).text()
    fields = _form(form_page)
    assert fields["alternate_questions"] == QUESTION and fields["body"] == f"{QUESTION} Yes, from the course budget."
    template = _form(await (await editor.request("GET", "/curation/entries/pcaf/edit")).text())
    fields.update({k: v for k, v in template.items() if k.startswith("sources-")})
    fields.update({"id": "research-course-travel", "title": "Travel costs for research courses",
                   "summary": "Travel to a research course can be paid from the course budget.", "action": "save"})
    refused = await editor.request("POST", link, data={**fields, "title": ""})
    assert refused.status == 422 and "ticket #1" in await refused.text()
    created = await editor.request("POST", link, data=fields)
    assert created.status == 200 and "Saved as a draft" in await created.text()
    history = await (await editor.request("GET", f"{PREFIX}/entries/research-course-travel/versions")).json()
    assert [v["action"] for v in history] == ["create (from ticket #1)"]
    assert (await (await editor.request("GET", f"{PREFIX}/tickets/1")).json())["entry_id"] == "research-course-travel"


async def test_the_chat_side_is_held_back_per_conversation_and_in_all(client):
    from knowledge.curation.throttle import TicketLimits, TicketThrottle
    from service.curation.tickets import THROTTLE

    app = client.server.app
    app[THROTTLE] = TicketThrottle(app[THROTTLE].db, TicketLimits(per_sender=2, overall=3, window_s=600))
    assert [(await ask(client))["ticket"] for _ in range(2)] == [1, 2]
    held = await client.post("/api/tickets", json={"question": QUESTION, "channel": "rest", "sender": "webchat-abc12345"})
    assert held.status == 429 and 0 < int(held.headers["Retry-After"]) <= 601
    assert "try again in" in (await held.json())["error"]
    other = await client.post("/api/tickets", json={"question": QUESTION, "channel": "rest", "sender": "webchat-other1"})
    assert other.status == 201  # another conversation still gets through, until the overall limit
    last = await client.post("/api/tickets", json={"question": QUESTION, "channel": "rest", "sender": "webchat-third1"})
    assert last.status == 429 and sorted(t.id for t in app[TICKETS].list("new")) == [1, 2, 3]
