"""Editing entries over the API: validation by field, optimistic concurrency, history and restore, going live."""

from knowledge.loader import load_entries
from service.curation.api import PREFIX
from service.state import STATE


async def _load(session, entry_id="pcaf"):
    return await (await session.request("GET", f"{PREFIX}/entries/{entry_id}")).json()


async def _save(session, entry, base_version):
    return await session.request("PUT", f"{PREFIX}/entries/{entry['id']}", json={"entry": entry, "base_version": base_version})


async def test_validation_errors_name_the_field(session_for):
    editor = await session_for("editor")
    current = await _load(editor)
    entry = {**current["entry"], "summary": "Too short", "nations": ["atlantis"]}
    entry["sources"] = [{**current["entry"]["sources"][0], "document": "004_3dbd70d0db6fa5af.txt",
                         "quote": "words that are not in the document at all"}]
    response = await _save(editor, entry, current["version"])
    body = await response.json()
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert response.status == 422
    assert "at least 20 characters" in fields["summary"] and "unknown nation" in fields["nations"]
    assert (await _load(editor))["version"] == current["version"]  # nothing was saved


async def test_quote_not_in_its_source_is_refused_by_field(session_for):
    editor = await session_for("editor")
    current = await _load(editor)
    entry = {**current["entry"], "sources": [{"document": "004_3dbd70d0db6fa5af.txt", "quote": "invented words here"}]}
    body = await (await _save(editor, entry, current["version"])).json()
    assert body["errors"] == [{"field": "sources.0.quote", "message": "quote not found in 004_3dbd70d0db6fa5af.txt"}]


async def test_bad_requests_get_clear_4xx(session_for):
    editor = await session_for("editor")
    current = await _load(editor)
    no_base = await editor.request("PUT", f"{PREFIX}/entries/pcaf", json={"entry": current["entry"]})
    assert no_base.status == 400 and "base_version" in (await no_base.json())["error"]
    not_json = await editor.request("PUT", f"{PREFIX}/entries/pcaf", data=b"{oops",
                                    headers={"Content-Type": "application/json"})
    assert not_json.status == 400
    renamed = await editor.request("PUT", f"{PREFIX}/entries/pcaf", json={"entry": {**current["entry"], "id": "another-id"},
                                                                       "base_version": current["version"]})
    assert renamed.status == 422 and (await renamed.json())["errors"][0]["field"] == "id"
    assert (await editor.request("GET", f"{PREFIX}/entries/no-such-entry")).status == 404
    assert (await editor.request("GET", f"{PREFIX}/entries?workflow=lost")).status == 400


async def test_second_save_of_the_same_version_is_refused_with_the_first_change(session_for):
    alice, bob = await session_for("editor"), await session_for("reviewer")
    opened = await _load(alice)
    alices = {**opened["entry"], "summary": opened["entry"]["summary"] + " Alice's addition."}
    bobs = {**opened["entry"], "amount": "Bob's new amount"}
    assert (await _save(alice, alices, opened["version"])).status == 200
    refused = await _save(bob, bobs, opened["version"])
    body = await refused.json()
    assert refused.status == 409
    assert "editor@trust.nhs.uk" in body["error"]
    assert any("Alice's addition." in c.get("diff", "") for c in body["changes"])
    assert body["yours"]["amount"] == "Bob's new amount"  # Bob's text comes back to him
    assert body["current"]["entry"]["summary"].endswith("Alice's addition.")
    merged = {**body["current"]["entry"], "amount": "Bob's new amount"}
    assert (await _save(bob, merged, body["current"]["version"])).status == 200
    final = (await _load(alice))["entry"]
    assert final["summary"].endswith("Alice's addition.") and final["amount"] == "Bob's new amount"


async def test_every_change_is_a_version_and_an_old_one_can_be_restored(session_for):
    editor = await session_for("editor")
    original = await _load(editor)
    changed = {**original["entry"], "title": "Pre-doctoral Clinical Academic Fellowship (renamed)"}
    saved = await (await _save(editor, changed, original["version"])).json()
    history = await (await editor.request("GET", f"{PREFIX}/entries/pcaf/versions")).json()
    assert [h["version"] for h in history] == [saved["version"], original["version"]]
    assert history[0]["author"] == "editor@trust.nhs.uk" and history[0]["action"] == "edit"
    assert "+title: Pre-doctoral Clinical Academic Fellowship (renamed)" in history[0]["diff"]
    restored = await editor.request("POST", f"{PREFIX}/entries/pcaf/restore",
                                    json={"version": original["version"], "base_version": saved["version"]})
    body = await restored.json()
    assert restored.status == 200 and body["entry"] == original["entry"] and body["workflow"] == "draft"
    assert body["version"] == saved["version"] + 1  # the renamed version stays in the history
    old = await (await editor.request("GET", f"{PREFIX}/entries/pcaf/versions/{saved['version']}")).json()
    assert old["data"]["title"].endswith("(renamed)")


async def test_publishing_puts_the_new_text_live_without_a_restart(session_for, client):
    editor, reviewer = await session_for("editor"), await session_for("reviewer")
    opened = await _load(editor, "pathway-to-portfolio")
    new_text = "Pathway to Portfolio now opens every April and September, says the R&D office."
    edited = {**opened["entry"], "summary": new_text}
    saved = await (await _save(editor, edited, opened["version"])).json()
    live = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio"})).json()
    assert new_text not in live["text"]  # a draft changes nothing the bot says
    submitted = await (await editor.request("POST", f"{PREFIX}/entries/pathway-to-portfolio/submit",
                                            json={"base_version": saved["version"]})).json()
    published = await reviewer.request("POST", f"{PREFIX}/entries/pathway-to-portfolio/publish",
                                       json={"base_version": submitted["version"]})
    assert published.status == 200
    card = await (await client.post("/api/answer", json={"question": "what is Pathway to Portfolio?"})).json()
    assert card["entry_id"] == "pathway-to-portfolio" and new_text in card["text"]
    found = await (await client.get("/api/search", params={"q": "opens every April and September"})).json()
    assert found["results"][0]["entry_id"] == "pathway-to-portfolio"


async def test_publishing_a_draft_directly_is_refused(session_for):
    reviewer = await session_for("reviewer")
    opened = await _load(reviewer)
    saved = await (await _save(reviewer, {**opened["entry"], "amount": "£1"}, opened["version"])).json()
    response = await reviewer.request("POST", f"{PREFIX}/entries/pcaf/publish", json={"base_version": saved["version"]})
    assert response.status == 409 and "draft" in (await response.json())["error"]


async def test_retiring_takes_an_entry_out_of_the_bot(session_for, client):
    reviewer = await session_for("reviewer")
    opened = await _load(reviewer, "seventy-at-seventy")
    response = await reviewer.request("POST", f"{PREFIX}/entries/seventy-at-seventy/retire",
                                      json={"base_version": opened["version"]})
    assert response.status == 200 and (await response.json())["workflow"] == "retired"
    assert "seventy-at-seventy" not in client.server.app[STATE].index.entries
    assert (await client.get("/api/entries/seventy-at-seventy")).status == 404


async def test_new_entry_starts_as_a_draft_the_bot_does_not_know(session_for, client):
    editor = await session_for("editor")
    template = (await _load(editor))["entry"]
    new = {**template, "id": "local-research-bursary", "title": "Local research bursary",
           "synonyms": [], "summary": "A small bursary from the trust's charity for first research projects."}
    created = await editor.request("POST", f"{PREFIX}/entries", json={"entry": new})
    body = await created.json()
    assert created.status == 201 and body["workflow"] == "draft" and body["version"] == 1
    assert (await editor.request("POST", f"{PREFIX}/entries", json={"entry": new})).status == 409
    listed = await (await editor.request("GET", f"{PREFIX}/entries", params={"workflow": "draft"})).json()
    assert [e["id"] for e in listed] == ["local-research-bursary"]
    assert (await client.get("/api/entries/local-research-bursary")).status == 404


async def test_list_searches_like_the_bot_and_filters(session_for):
    viewer = await session_for("viewer")
    found = await (await viewer.request("GET", f"{PREFIX}/entries", params={"q": "what is P2P"})).json()
    assert found[0]["id"] == "pathway-to-portfolio"
    orgs = await (await viewer.request("GET", f"{PREFIX}/entries", params={"kind": "organisation"})).json()
    assert orgs and all(e["kind"] == "organisation" for e in orgs)


async def test_preview_shows_the_bots_answer_for_unsaved_text(session_for):
    viewer = await session_for("viewer")
    entry = {**(await _load(viewer))["entry"], "summary": "A preview of a summary nobody has saved yet."}
    card = await (await viewer.request("POST", f"{PREFIX}/preview", json={"entry": entry})).json()
    assert "A preview of a summary nobody has saved yet." in card["text"] and "Source:" in card["text"]


async def test_requests_during_a_publish_are_all_answered(session_for, client):
    import asyncio

    editor, reviewer = await session_for("editor"), await session_for("reviewer")
    opened = await _load(editor, "icap")
    edited = {**opened["entry"], "summary": opened["entry"]["summary"] + " Checked by the R&D office this week."}
    saved = await (await _save(editor, edited, opened["version"])).json()
    submitted = await (await editor.request("POST", f"{PREFIX}/entries/icap/submit",
                                            json={"base_version": saved["version"]})).json()

    async def ask():
        return (await client.get("/api/search", params={"q": "what is ICAP"})).status

    publish = reviewer.request("POST", f"{PREFIX}/entries/icap/publish", json={"base_version": submitted["version"]})
    results = await asyncio.gather(publish, *[ask() for _ in range(20)])
    assert results[0].status == 200 and results[1:] == [200] * 20
    card = await (await client.post("/api/answer", json={"entry_id": "icap"})).json()
    assert "Checked by the R&D office this week." in card["text"]


async def _publish(editor, reviewer, entry_id, change):
    opened = await _load(editor, entry_id)
    saved = await (await _save(editor, {**opened["entry"], **change}, opened["version"])).json()
    submitted = await (await editor.request("POST", f"{PREFIX}/entries/{entry_id}/submit",
                                            json={"base_version": saved["version"]})).json()
    published = await reviewer.request("POST", f"{PREFIX}/entries/{entry_id}/publish",
                                       json={"base_version": submitted["version"]})
    assert published.status == 200


async def test_a_publish_updates_the_live_index_in_place(session_for, client):
    editor, reviewer = await session_for("editor"), await session_for("reviewer")
    before = client.app[STATE].index
    await _publish(editor, reviewer, "pcaf", {"summary": before.entries["pcaf"].summary + " Ask the R&D office."})
    after = client.app[STATE].index
    assert after.stats.embedded == 1  # the changed summary only
    assert after.passages[-len(after.passage_ids["pcaf"]):] == [after.passages[i] for i in after.passage_ids["pcaf"]]
    assert {i: e for i, e in after.entries.items() if i != "pcaf"} == {i: e for i, e in before.entries.items() if i != "pcaf"}


async def test_a_reload_serves_the_store_not_the_files_and_publishing_goes_on(session_for, client, monkeypatch):
    editor, reviewer = await session_for("editor"), await session_for("reviewer")
    store_text = "Pathway to Portfolio now opens every April and September, says the R&D office."
    await _publish(editor, reviewer, "pathway-to-portfolio", {"summary": store_text})
    monkeypatch.setenv("NHSBOT_ADMIN_TOKEN", "test-admin-token")
    reloaded = await client.post("/api/admin/reload", headers={"Authorization": "Bearer test-admin-token"})
    assert reloaded.status == 200
    live = client.app[STATE].index.entries
    assert live["pathway-to-portfolio"].summary == store_text  # the store's text, not the files'
    files = load_entries(client.app[STATE].settings.entries_dir, client.app[STATE].settings.sources_dir)
    assert {e.id: e for e in files}["pathway-to-portfolio"].summary != store_text
    await _publish(editor, reviewer, "pcaf", {"amount": "Up to £1,000 for training, says the R&D office."})
    live = client.app[STATE].index.entries
    assert live["pathway-to-portfolio"].summary == store_text and "£1,000" in live["pcaf"].amount
