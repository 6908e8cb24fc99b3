"""The pages an R&D office uses: sign in, edit with errors beside the field, review, publish, history, questions."""

import re

from service.state import STATE


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def _sign_in(session, email: str) -> None:
    page = await (await session.request("GET", "/curation/login")).text()
    response = await session.request("POST", "/curation/login", allow_redirects=False,
                                     data={"email": email, "password": "correct horse battery staple",
                                           "csrf": _csrf(page), "next": "/curation/"})
    assert response.status == 303, await response.text()


def _form(html: str) -> dict:
    """The edit form's fields as a browser would post them (textareas, inputs, selected options, ticked boxes)."""
    fields = {}
    for name, value in re.findall(r'<input type="(?:text|date|hidden)" (?:id="[^"]*" )?name="([^"]+)" value="([^"]*)"', html):
        fields[name] = value
    for name, value in re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = value
    for name, options in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        fields[name] = re.search(r'<option value="([^"]+)" selected', options).group(1)
    import html as html_lib
    fields = {k: html_lib.unescape(v) for k, v in fields.items()}
    fields["gives"] = re.findall(r'name="gives" value="([^"]+)" checked', html)
    return fields


async def test_pages_send_strangers_to_sign_in(session_for):
    stranger = await session_for()
    response = await stranger.request("GET", "/curation/entries", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith("/curation/login")


async def test_sign_in_form_without_its_token_is_refused(session_for):
    stranger = await session_for()
    response = await stranger.request("POST", "/curation/login", data={"email": "editor@trust.nhs.uk",
                                                                       "password": "correct horse battery staple"})
    assert response.status == 403


async def test_edit_shows_the_error_beside_the_field_then_saves(session_for):
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    page = await (await editor.request("GET", "/curation/entries/pcaf/edit")).text()
    fields = _form(page)
    fields.update(summary="Too short", action="save")
    response = await editor.request("POST", "/curation/entries/pcaf/edit", data=fields)
    html = await response.text()
    assert response.status == 422
    assert re.search(r'<label for="summary">Summary</label>.*?<p class="error" id="summary-error">'
                     r'<span class="visually-hidden">Error:</span> String should have at least 20 characters', html, re.S)
    assert 'aria-invalid="true"' in html and "Too short" in html  # what they typed is kept
    fields["summary"] = "A fellowship that funds a pre-doctoral research training programme for NHS staff."
    saved = await editor.request("POST", "/curation/entries/pcaf/edit", data=fields)
    assert saved.status == 200 and "Saved as a draft" in await saved.text()


async def test_form_without_csrf_token_is_refused(session_for):
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    fields = _form(await (await editor.request("GET", "/curation/entries/pcaf/edit")).text())
    del fields["csrf"]
    response = await editor.request("POST", "/curation/entries/pcaf/edit", data={**fields, "action": "save"})
    assert response.status == 403


async def test_stale_form_shows_the_other_change_and_keeps_my_text(session_for):
    alice, bob = await session_for(), await session_for()
    await _sign_in(alice, "editor@trust.nhs.uk")
    await _sign_in(bob, "reviewer@trust.nhs.uk")
    alices = _form(await (await alice.request("GET", "/curation/entries/pcaf/edit")).text())
    bobs = _form(await (await bob.request("GET", "/curation/entries/pcaf/edit")).text())
    alices.update(amount="Alice's amount", action="save")
    bobs.update(duration="Bob's duration", action="save")
    assert (await alice.request("POST", "/curation/entries/pcaf/edit", data=alices)).status == 200
    refused = await bob.request("POST", "/curation/entries/pcaf/edit", data=bobs)
    html = await refused.text()
    assert refused.status == 409 and "Someone else changed this entry" in html
    assert "+amount: Alice&#39;s amount" in html and "Bob&#39;s duration" in html


async def test_review_and_publish_through_the_pages(session_for, client):
    editor, reviewer = await session_for(), await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    await _sign_in(reviewer, "reviewer@trust.nhs.uk")
    fields = _form(await (await editor.request("GET", "/curation/entries/rdn/edit")).text())
    fields.update(summary="The NIHR Research Delivery Network now has a local office in every region.", action="save")
    page = await (await editor.request("POST", "/curation/entries/rdn/edit", data=fields)).text()
    assert "Approve and publish" not in page  # editors are not offered publishing
    version = re.search(r'name="base_version" value="(\d+)"', page).group(1)
    page = await (await editor.request("POST", "/curation/entries/rdn/submit",
                                       data={"csrf": _csrf(page), "base_version": version})).text()
    assert "Submitted for review" in page
    review = await (await reviewer.request("GET", "/curation/entries/rdn")).text()
    version = re.search(r'action="/curation/entries/rdn/publish">.*?name="base_version" value="(\d+)"', review, re.S).group(1)
    done = await (await reviewer.request("POST", "/curation/entries/rdn/publish",
                                         data={"csrf": _csrf(review), "base_version": version})).text()
    assert "Published" in done
    card = await (await client.post("/api/answer", json={"entry_id": "rdn"})).json()
    assert "now has a local office in every region" in card["text"]


async def test_editor_cannot_publish_by_posting_the_form(session_for):
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    page = await (await editor.request("GET", "/curation/entries/rdn")).text()
    response = await editor.request("POST", "/curation/entries/rdn/publish", data={"csrf": _csrf(page), "base_version": "1"})
    assert response.status == 403


async def test_history_restores_an_earlier_version(session_for):
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    fields = _form(await (await editor.request("GET", "/curation/entries/pcaf/edit")).text())
    original_title = fields["title"]
    fields.update(title="A title that was a mistake", action="save")
    await editor.request("POST", "/curation/entries/pcaf/edit", data=fields)
    history = await (await editor.request("GET", "/curation/entries/pcaf/history")).text()
    assert "+title: A title that was a mistake" in history
    restored = await editor.request("POST", "/curation/entries/pcaf/restore",
                                    data={"csrf": _csrf(history), "version": "1", "base_version": "2"})
    page = await restored.text()
    assert "Version 1 restored" in page and f"<h1>{original_title}</h1>" in page


async def test_entry_text_is_escaped(session_for):
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    fields = _form(await (await editor.request("GET", "/curation/entries/pcaf/edit")).text())
    fields.update(amount='<img src=x onerror="alert(1)">', action="save")
    page = await (await editor.request("POST", "/curation/entries/pcaf/edit", data=fields)).text()
    assert "<img src=x" not in page and "&lt;img src=x" in page


async def test_questions_page_groups_similar_questions_and_marks_them_handled(session_for, client):
    gaps = client.server.app[STATE].gaps
    for question in ("how do I book annual leave?", "how can I book my annual leave", "booking annual leave",
                     "where is the staff car park?"):
        gaps.record(question, 0.2, None)
    gaps.rate("pcaf", "as a physio, is PCAF open to me?", False)
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    page = await (await editor.request("GET", "/curation/questions")).text()
    assert re.search(r'annual leave[^<]*” <span class="badge">3 times</span>', page)
    assert re.search(r'car park\?” <span class="badge">1 time</span>', page)
    assert "<svg" in page and "physiotherapist" in page  # professions chart
    keys = set(re.findall(r'name="keys" value="([^"]+)"', page))
    assert len(keys) == 5
    car_park = re.search(r'car park.*?(<form method="post" action="/curation/questions/handled">.*?</form>)', page, re.S).group(1)
    data = [("csrf", _csrf(page))] + [("keys", k) for k in re.findall(r'name="keys" value="([^"]+)"', car_park)]
    after = await (await editor.request("POST", "/curation/questions/handled", data=data)).text()
    assert "1 question marked as handled" in after and "car park" not in after
    csv = await (await editor.request("GET", "/curation/api/questions.csv")).text()
    assert csv.splitlines()[0] == "key,kind,asked_at_utc,question,entry_id,confidence"
    assert "annual leave" in csv and "car park" not in csv


async def test_add_as_a_question_of_a_likely_entry_makes_a_draft_of_it(session_for, client):
    client.server.app[STATE].gaps.record("could I try a stint with the research nursing team?", 0.3, None)
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    page = await (await editor.request("GET", "/curation/questions")).text()
    assert "Most likely belongs to:" in page
    form = re.search(r'<form method="post" action="/curation/questions/alternate" class="inline">(.*?)</form>', page,
                     re.S).group(1)
    data = re.findall(r'name="(\w+)" value="([^"]*)"', form)
    entry_id = dict(data)["entry_id"]
    done = await (await editor.request("POST", "/curation/questions/alternate", data=data)).text()
    assert "Question added to a draft of this entry" in done
    edit = await (await editor.request("GET", f"/curation/entries/{entry_id}/edit")).text()
    assert "could I try a stint with the research nursing team?" in edit
    listed = await (await editor.request("GET", "/curation/questions")).text()
    assert "stint with the research nursing team" not in listed


async def test_create_entry_from_questions_marks_them_handled(session_for, client):
    client.server.app[STATE].gaps.record("is there a research bursary from the hospital charity?", 0.3, None)
    editor = await session_for()
    await _sign_in(editor, "editor@trust.nhs.uk")
    page = await (await editor.request("GET", "/curation/questions")).text()
    link = re.search(r'href="(/curation/entries/new\?[^"]+)"', page).group(1).replace("&amp;", "&")
    form_page = await (await editor.request("GET", link)).text()
    assert "Staff asked: <q>is there a research bursary from the hospital charity?</q>" in form_page
    template = _form(await (await editor.request("GET", "/curation/entries/pcaf/edit")).text())
    fields = {**_form(form_page), **{k: v for k, v in template.items() if k.startswith("sources-")},
              "id": "charity-research-bursary", "title": "Charity research bursary",
              "summary": "The hospital charity funds small research bursaries for first projects.",
              "body": "The hospital charity funds small research bursaries for staff starting their first project.",
              "action": "save"}
    created = await editor.request("POST", "/curation/entries/new", data=fields)
    assert created.status == 200 and "Saved as a draft" in await created.text()
    assert "research bursary from the hospital charity" not in await (await editor.request("GET", "/curation/questions")).text()


async def test_admin_adds_a_user_on_the_users_page(session_for):
    admin = await session_for()
    await _sign_in(admin, "admin@trust.nhs.uk")
    page = await (await admin.request("GET", "/curation/users")).text()
    added = await admin.request("POST", "/curation/users", data={"csrf": _csrf(page), "email": "new.editor@trust.nhs.uk",
                                                                  "name": "New Editor", "role": "editor",
                                                                  "password": "another long password"})
    assert "Added new.editor@trust.nhs.uk as editor" in await added.text()
    viewer = await session_for()
    await _sign_in(viewer, "viewer@trust.nhs.uk")
    assert (await viewer.request("GET", "/curation/users")).status == 403


async def test_dashboard_flags_entries_past_review(session_for, client, accounts):
    from knowledge.curation.store import EntryStore

    store = EntryStore(accounts.db, None)
    record = store.get("pcaf")
    store.save("pcaf", {**record.data, "last_reviewed": "2020-01-01", "review_due": "2021-01-01"}, record.version, "t")
    viewer = await session_for()
    await _sign_in(viewer, "viewer@trust.nhs.uk")
    page = await (await viewer.request("GET", "/curation/")).text()
    assert "1 entry is past the review date" in page and "/curation/entries/pcaf" in page


async def test_a_link_cannot_plant_a_message_on_a_page(session_for):
    viewer = await session_for()
    await _sign_in(viewer, "viewer@trust.nhs.uk")
    page = await (await viewer.request("GET", "/curation/entries", params={"done": "Call 0800 000 000 to reset"})).text()
    assert "0800 000 000" not in page
