"""What staff typed: masked before it is kept, seen only by editors and above, deleted by an admin on request,
and purged after the retention period by the running service and by the command line."""

import asyncio
import re
import time

from knowledge import retention
from knowledge.cli import main
from knowledge.gaps import GapLog
from knowledge.settings import Settings, get_settings
from service.app import create_app
from service.curation.api import PREFIX
from service.curation.context import CURATION
from service.state import STATE

QUESTION = "as a nurse, can I get funding? my NHS number is 943 476 5919, email ann.smith@nhs.net, LS1 4AP"


async def test_identifiers_are_masked_before_the_question_log_is_written(client):
    gaps = client.server.app[STATE].gaps
    gaps.record(QUESTION, 0.2, None)
    response = await client.post("/api/feedback", json={"helpful": False, "entry_id": "pcaf", "question": QUESTION})
    assert response.status == 201
    kept = [gaps.recent()[0]["question"], gaps.ratings()[0]["question"]]
    for text in kept:
        assert text == "as a nurse, can I get funding? my NHS number is [NHS number], email [email address], [postcode]"


async def test_the_questions_are_for_editors_and_above(session_for, client):
    client.server.app[STATE].gaps.record("where do I park?", 0.1, None)
    viewer, editor = await session_for("viewer"), await session_for("editor")
    for path in (f"{PREFIX}/questions", f"{PREFIX}/questions/stats", f"{PREFIX}/questions.csv", "/curation/questions"):
        assert (await viewer.request("GET", path)).status == 403, path
        assert (await editor.request("GET", path)).status == 200, path
    assert "Questions staff asked" not in await (await viewer.request("GET", "/curation/")).text()


async def test_an_admin_deletes_a_question_log_row(session_for, client):
    gaps = client.server.app[STATE].gaps
    gaps.record("the patient in bed 4 is John Smith: can he join a study?", 0.1, None)
    gaps.record("where do I park?", 0.1, None)
    editor, admin = await session_for("editor"), await session_for("admin")
    found = (await (await editor.request("GET", f"{PREFIX}/questions")).json())["groups"]
    key = next(q["key"] for g in found for q in g["questions"] if "John Smith" in q["question"])
    await editor.request("POST", f"{PREFIX}/questions/handled", json={"keys": [key]})
    assert (await editor.request("DELETE", f"{PREFIX}/questions/{key}")).status == 403
    assert (await admin.request("DELETE", f"{PREFIX}/questions/{key}")).status == 204
    assert (await admin.request("DELETE", f"{PREFIX}/questions/{key}")).status == 404
    assert (await admin.request("DELETE", f"{PREFIX}/questions/gap:{2**64}")).status == 400
    assert [g["question"] for g in gaps.recent()] == ["where do I park?"]
    with client.server.app[CURATION].db.connect() as c:
        assert c.all("SELECT * FROM handled_questions WHERE question_key = ?", (key,)) == []
    page = await (await admin.request("GET", "/curation/questions")).text()
    [action] = re.findall(r'action="(/curation/questions/gap:\d+/delete)"', page)
    response = await admin.request("POST", action, allow_redirects=False)
    assert response.status == 303 and gaps.recent() == []
    editor_page = await (await editor.request("GET", "/curation/questions")).text()
    assert "/delete" not in editor_page


def _old_rows(settings: Settings, monkeypatch) -> GapLog:
    gaps, then = GapLog(settings.gaps_db, settings.database_url), time.time() - 91 * 86400
    with monkeypatch.context() as patched:
        patched.setattr("knowledge.gaps.time.time", lambda: then)
        gaps.record("a question from three months ago", 0.1, None)
    gaps.record("a question from today", 0.1, None)
    return gaps


async def test_the_service_purges_on_its_own(aiohttp_client, cur_settings, index, monkeypatch):
    gaps = _old_rows(cur_settings, monkeypatch)
    await aiohttp_client(create_app(cur_settings, index))
    for _ in range(50):
        if [g["question"] for g in gaps.recent()] == ["a question from today"]:
            break
        await asyncio.sleep(0.1)
    assert [g["question"] for g in gaps.recent()] == ["a question from today"]


def test_the_command_line_purges_with_the_setting_or_given_days(cur_settings, monkeypatch, capsys):
    gaps = _old_rows(cur_settings, monkeypatch)
    monkeypatch.setenv("NHSBOT_DATA_DIR", str(cur_settings.data_dir))
    if cur_settings.database_url:
        monkeypatch.setenv("NHSBOT_DATABASE_URL", cur_settings.database_url)
    get_settings.cache_clear()
    try:
        assert main(["purge"]) == 0
        assert "older than 90 days: 1 questions" in capsys.readouterr().out
        assert len(gaps.recent()) == 1
        monkeypatch.setenv("NHSBOT_RETENTION_DAYS", "30")
        get_settings.cache_clear()
        assert main(["purge", "--days", "1"]) == 0 and len(gaps.recent()) == 1  # today's stays
    finally:
        get_settings.cache_clear()


async def test_an_admin_sets_the_retention_period_and_the_purge_uses_it(session_for, client, cur_settings):
    editor, admin = await session_for("editor"), await session_for("admin")
    assert await (await editor.request("GET", f"{PREFIX}/retention")).json() == {"days": 90, "default_days": 90}
    assert (await editor.request("PUT", f"{PREFIX}/retention", json={"days": 30})).status == 403
    for days in (0, 3651, 2**63, "30", True, None):
        assert (await admin.request("PUT", f"{PREFIX}/retention", json={"days": days})).status == 400
    assert (await admin.request("PUT", f"{PREFIX}/retention", json={"days": 30})).status == 200
    assert (await (await editor.request("GET", f"{PREFIX}/retention")).json())["days"] == 30
    gaps, now = client.server.app[STATE].gaps, time.time()
    gaps.record("a question from today", 0.1, None)
    store = client.server.app[CURATION].db
    assert retention.purge(cur_settings, gaps, store, now=now + 29 * 86400).questions == 0
    assert retention.purge(cur_settings, gaps, store, now=now + 31 * 86400).questions == 1


async def test_the_privacy_page_is_for_admins(session_for):
    reviewer, admin = await session_for("reviewer"), await session_for("admin")
    assert (await reviewer.request("GET", "/curation/privacy")).status == 403
    assert 'value="90"' in await (await admin.request("GET", "/curation/privacy")).text()
    refused = await admin.request("POST", "/curation/privacy", data={"days": "forever"})
    assert refused.status == 422 and "from 1 to 3650" in await refused.text()
    saved = await admin.request("POST", "/curation/privacy", data={"days": "45"})
    assert saved.status == 200 and "now kept for 45 days" in await saved.text() and 'value="45"' in await saved.text()
    assert "deleted after 45 days" in await (await admin.request("GET", "/curation/questions")).text()
