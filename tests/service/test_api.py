"""The knowledge service's HTTP API: answers, search, and clear 4xx errors for bad input."""

import pytest

from knowledge.settings import Settings
from service.app import create_app
from service.state import STATE
from tests.service.datadir import copy_caches, documents_started


@pytest.fixture
async def client(aiohttp_client, index, service_data, monkeypatch):
    monkeypatch.setenv("NHSBOT_ADMIN_TOKEN", "test-admin-token")
    settings = Settings(data_dir=service_data())
    return await aiohttp_client(create_app(settings, index))


@pytest.fixture
async def documents(client):
    """The document tier, once built (in the background at start-up)."""
    return await documents_started(client.server.app)


async def test_health_reports_the_index(client, index):
    response = await client.get("/health")
    body = await response.json()
    assert response.status == 200 and body["status"] == "ok" and body["entries"] == len(index.entries)


async def test_search_returns_cited_passages(client):
    response = await client.get("/api/search", params={"q": "what is P2P", "k": "3"})
    body = await response.json()
    assert response.status == 200 and len(body["results"]) == 3
    top = body["results"][0]
    assert top["entry_id"] == "pathway-to-portfolio"
    assert set(top) >= {"entry_id", "title", "score", "passage", "source"} and top["source"]


async def test_a_no_break_space_is_searched_as_a_space(client):
    """Pasted text often carries U+00A0; it separates words as a space does (userinput.clean), and controls go."""
    body = await (await client.get("/api/search", params={"q": "what\u00a0is\x07 P2P"})).json()
    assert body["query"] == "what is P2P" and body["results"][0]["entry_id"] == "pathway-to-portfolio"


@pytest.mark.parametrize("params, status", [
    ({"q": ""}, 400),
    ({"q": "   "}, 400),
    ({"q": "x" * 5000}, 413),
    ({"q": "icap", "k": "lots"}, 400),
    ({"q": "icap", "k": "0"}, 400),
])
async def test_search_refuses_bad_queries(client, params, status):
    response = await client.get("/api/search", params=params)
    assert response.status == status and "error" in await response.json()


async def test_answer_names_entry_and_source(client):
    response = await client.post("/api/answer", json={"question": "how much funding does Pathway to Portfolio give?"})
    body = await response.json()
    assert body["answered"] and body["entry_id"] == "pathway-to-portfolio"
    assert "£20,000" in body["text"] and body["citation"]


async def test_unanswerable_question_is_recorded_as_a_gap(client):
    app_state = client.server.app[STATE]
    response = await client.post("/api/answer", json={"question": "how do I book a meeting room for my study team?"})
    body = await response.json()
    assert not body["answered"] and "don't know" in body["text"]
    assert [g["question"] for g in app_state.gaps.recent()] == ["how do I book a meeting room for my study team?"]


async def test_an_intent_that_says_what_is_asked_answers_with_its_entry_not_i_dont_know(client):
    """"Hi, I've just started as a staff nurse on a surgical ward": no words ask anything the search can answer, but
    the intent (where do I start?) did: its entry answers, and no gap is logged."""
    app_state = client.server.app[STATE]
    said = "hi, I've just started as a staff nurse on a surgical ward"
    body = await (await client.post("/api/answer", json={"question": said, "otherwise": "where-to-start"})).json()
    assert body["answered"] and body["entry_id"] == "where-to-start" and body["citation"]
    assert app_state.gaps.recent() == []
    answered = await (await client.post("/api/answer", json={"question": "what is P2P?",
                                                             "otherwise": "where-to-start"})).json()
    assert answered["entry_id"] == "pathway-to-portfolio"  # a question the search answers keeps its answer
    unknown = await (await client.post("/api/answer", json={"question": said, "otherwise": "no-such-entry"})).json()
    assert not unknown["answered"]


async def test_a_message_that_only_says_who_the_writer_is_is_marked_introduced(client):
    """"SLT 5 yrs qualified, NHS wales", read as a question: first steps, and `introduced` (the action shows the list
    when the profession and nation are known); a question with its profile is not."""
    for said, introduced in (("SLT 5 yrs qualified, NHS wales", True), ("I'm a nurse, what is P2P?", False),
                             ("Audiologist in the Northern Trust (Antrim). healthcare science is always forgotten about "
                              "in these things", True), ("I'm a nurse, I want to do a PhD", False)):
        body = await (await client.post("/api/answer", json={"question": said, "otherwise": "where-to-start",
                                                             "otherwise_if_told_only": True})).json()
        assert body.get("introduced", False) is introduced, said


async def test_the_persons_nation_steers_a_question_pointing_at_it_and_anything_else_there_is_ignored(client):
    asked = "who funds research up there?"
    body = await (await client.post("/api/answer", json={"question": asked, "nation": "scotland"})).json()
    assert body["entry_id"] == "cso"
    for nation in (["scotland"], {"a": 1}, "atlantis", 7):
        response = await client.post("/api/answer", json={"question": asked, "nation": nation})
        assert response.status == 200 and (await response.json())["entry_id"] != "cso"


async def test_the_question_part_answers_when_the_profile_pulls_search_away(client):
    """"I'm a paramedic, ...": the profile's words found student projects; the question alone finds doctoral
    fellowships, and is more confident."""
    body = await (await client.post("/api/answer", json={"question": "I'm a paramedic, can I do a PhD while working?"}
                                    )).json()
    assert body["answered"] and body["entry_id"] != "student-research-projects"
    assert "doctoral" in body["title"].lower() or "phd" in body["text"].lower()


async def test_confident_answers_are_not_listed_but_hesitant_ones_are(aiohttp_client, index, service_data, tmp_path):
    question = "how much funding does Pathway to Portfolio give?"
    confident = await aiohttp_client(create_app(Settings(data_dir=service_data(tmp_path / "a")), index))
    assert (await (await confident.post("/api/answer", json={"question": question})).json())["answered"]
    assert confident.server.app[STATE].gaps.recent() == []

    # The same answer, when the office asks to see every answer (a threshold above any confidence), is listed.
    hesitant = await aiohttp_client(create_app(Settings(data_dir=service_data(tmp_path / "b"), low_confidence=10.0),
                                               index))
    body = await (await hesitant.post("/api/answer", json={"question": question})).json()
    [gap] = hesitant.server.app[STATE].gaps.recent()
    assert body["answered"] and gap["answered"] == 1 and gap["nearest_entry"] == "pathway-to-portfolio"


@pytest.mark.parametrize("payload, status", [
    (b"{not json", 400),
    (b"[1, 2]", 400),
    (b'{"question": 42}', 400),
    (b'{"question": ""}', 400),
    (b'{"entry_id": "no-such-entry"}', 404),
    (b'{"question": "\\u0000\\u0007"}', 400),
    (b"\xff\xfe\xfa", 400),
])
async def test_answer_refuses_malformed_requests(client, payload, status):
    response = await client.post("/api/answer", data=payload, headers={"Content-Type": "application/json"})
    assert response.status == status and "error" in await response.json()


async def test_huge_body_is_refused(client):
    response = await client.post("/api/answer", json={"question": "a" * (1024 * 1024)})
    assert response.status == 413


async def test_chosen_entry_returns_its_card(client):
    response = await client.post("/api/answer", json={"entry_id": "pcaf"})
    body = await response.json()
    assert body["answered"] and body["entry_id"] == "pcaf" and "Source:" in body["text"]


async def test_reload_needs_the_admin_token(client):
    assert (await client.post("/api/admin/reload")).status == 401
    assert (await client.post("/api/admin/reload", headers={"Authorization": "Bearer wrong"})).status == 401


async def test_reload_swaps_in_edited_entries_without_dropping_requests(aiohttp_client, index, settings, tmp_path,
                                                                         monkeypatch):
    """Before curation is in use (no store yet: curation's start-up sync is left out here), a reload reads the
    entry files."""
    import asyncio
    import shutil

    from service.curation.publish import sync_on_start
    from knowledge.published import published_entries

    entries_dir = tmp_path / "entries"
    shutil.copytree(settings.entries_dir, entries_dir)
    if settings.index_dir.exists():
        shutil.copytree(settings.index_dir, tmp_path / "index")
    monkeypatch.setenv("NHSBOT_ADMIN_TOKEN", "test-admin-token")
    app = create_app(Settings(data_dir=tmp_path, entries_dir=entries_dir), index)
    app.on_startup.remove(sync_on_start)
    client = await aiohttp_client(app)
    assert published_entries(app[STATE].settings) is None
    path = entries_dir / "pathway-to-portfolio.yaml"
    path.write_text(path.read_text().replace(
        "summary: Pathway to Portfolio (P2P) is", "summary: UPDATED BY THE R&D OFFICE. Pathway to Portfolio (P2P) is"))

    async def ask():
        response = await client.get("/api/search", params={"q": "what is P2P", "k": "1"})
        return response.status

    reload = asyncio.create_task(client.post("/api/admin/reload", headers={"Authorization": "Bearer test-admin-token"}))
    statuses = await asyncio.gather(*(ask() for _ in range(20)))
    assert (await reload).status == 200
    assert statuses == [200] * 20
    card = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio"})).json()
    assert "UPDATED BY THE R&D OFFICE" in card["text"]


async def test_reload_with_an_invalid_entry_keeps_serving_the_old_index(aiohttp_client, index, settings, tmp_path,
                                                                        monkeypatch):
    import shutil

    entries_dir = tmp_path / "entries"
    shutil.copytree(settings.entries_dir, entries_dir)
    (entries_dir / "broken.yaml").write_text("id: broken\n")
    copy_caches(settings, tmp_path)  # no store: the reload reads the files
    monkeypatch.setenv("NHSBOT_ADMIN_TOKEN", "test-admin-token")
    client = await aiohttp_client(create_app(Settings(data_dir=tmp_path, entries_dir=entries_dir), index))
    response = await client.post("/api/admin/reload", headers={"Authorization": "Bearer test-admin-token"})
    assert response.status == 422 and "broken.yaml: title: Field required" in (await response.json())["error"]
    assert (await client.get("/api/search", params={"q": "what is P2P"})).status == 200


async def test_recommend_returns_eligible_schemes_with_reasons(client):
    response = await client.post("/api/recommend", json={"profession": "physio", "nation": "Wales"})
    body = await response.json()
    assert response.status == 200 and body["profile"]["profession"] == "physiotherapist"
    ids = [r["entry_id"] for r in body["recommendations"]]
    assert "pathway-to-portfolio" in ids and "icap" not in ids
    assert all(r["reason"] and r["citation"] and r["sources"] for r in body["recommendations"])
    schemes = [r["outcome"] for r in body["recommendations"] if r["kind"] == "scheme"]
    assert schemes == sorted(schemes, key=lambda o: o != "eligible") and set(schemes) <= {"eligible", "unclear"}
    assert any(r["kind"] == "route" for r in body["recommendations"])


async def test_recommend_reads_what_the_person_asked_for(client):
    body = await (await client.post("/api/recommend", json={"profession": "nurse", "nation": "england",
                                                            "message": "what about funding?"})).json()
    assert body["wants"] == ["funding"] and body["recommendations"]
    assert (await (await client.post("/api/recommend", json={"profession": "nurse"})).json())["wants"] == []


async def test_recommend_ranks_by_what_the_message_asks(client):
    profile = {"profession": "nurse", "nation": "england", "career_stage": "mid_career"}

    async def order(**message):
        body = await (await client.post("/api/recommend", json={**profile, **message})).json()
        return [r["entry_id"] for r in body["recommendations"]]
    asked = await order(message="I'm a band 6 nurse in England, is there funding for a masters?")
    assert asked.index("pcaf") < asked.index("icap-internship")
    plain = await order(message="band 6")  # the form's last answer asks nothing: the usual order
    assert plain == await order() and plain.index("icap-internship") < plain.index("pcaf")


async def test_recommend_says_what_it_still_needs(client):
    body = await (await client.post("/api/recommend", json={"profession": "nurse"})).json()
    assert body["needs"] == ["nation"]


async def test_recommend_refuses_unknown_profile_values(client):
    response = await client.post("/api/recommend", json={"profession": "astronaut", "nation": "wales"})
    assert response.status == 400 and "unknown profession" in (await response.json())["error"]


async def test_eligibility_by_question_explains_a_no(client):
    body = await (await client.post("/api/eligibility", json={
        "question": "am I eligible for ICAP?", "profile": {"profession": "doctor", "nation": "england"}})).json()
    assert body["entry_id"] == "icap" and body["eligible"] is False and body["outcome"] == "not_eligible"
    assert "not doctors" in body["reason"] and "excluding doctors and dentists" in body["quote"]
    assert body["citation"]


async def test_eligibility_of_a_group_named_in_the_question_is_that_groups(client):
    """A nurse asking "are doctors eligible for the ICA programme?" is told about doctors; her own profile is
    not changed by it, and a question about oneself still uses one's own profile."""
    nurse = {"profession": "nurse", "nation": "england"}
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "icap", "question": "are doctors eligible for the ICA programme?", "profile": nurse})).json()
    assert body["eligible"] is False and "not doctors" in body["reason"]
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "icap", "question": "can pharmacists apply for the ICA programme?", "profile": {}})).json()
    assert body["needs"] == ["nation"] and body["eligible"] is None  # the profession is known: pharmacists
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "icap", "question": "as a nurse can I apply for the ICA programme?", "profile": nurse})).json()
    assert body["eligible"] is True


async def test_a_nation_named_in_the_question_answers_for_it_when_the_writers_is_unknown(client):
    """"can I apply from NI?" after RfPB from someone whose nation we did not know got "Tell me your nation"."""
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "research-for-patient-benefit", "question": "can I apply from NI?",
        "profile": {"profession": "midwife"}})).json()
    assert "nation" not in body["needs"] and "Northern Ireland" in body["reason"]
    body = await (await client.post("/api/eligibility", json={  # the writer's own nation is kept
        "entry_id": "research-for-patient-benefit", "question": "can I apply from NI?",
        "profile": {"profession": "midwife", "nation": "england"}})).json()
    assert "Northern Ireland" not in body["reason"]
    body = await (await client.post("/api/eligibility", json={  # a place said in passing is not where they ask from
        "entry_id": "research-for-patient-benefit", "question": "I trained in Scotland, can I apply for RfPB?",
        "profile": {"profession": "midwife"}})).json()
    assert "Scotland" not in body["reason"] and "nation" in body["needs"]


async def test_asking_if_a_scheme_is_only_for_some_gets_who_can_apply_not_a_yes(client):
    """A clinical scientist asking "is the time award only for medics?" was told "Yes: open to doctors in Wales"."""
    scientist = {"profession": "healthcare_scientist", "nation": "wales"}
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "research-time-award-wales", "question": "is the time award only for medics?",
        "profile": scientist})).json()
    assert body["eligible"] is None and "clinical scientists" in body["who"]
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "icap", "question": "can she do ICAP?", "profile": {"profession": "pharmacist",
                                                                      "nation": "england"}})).json()
    assert body["eligible"] is None and "doctors and dentists" in body["who"]  # not "Yes" for the pharmacist asking


async def test_schemes_for_a_group_asked_about_in_general(client):
    """"can pharmacists apply for research fellowships?": resolve says schemes in general, and the list is the
    pharmacists' (the nurse asking keeps her own nation), not the asker's profession."""
    asked = "can pharmacists apply for research fellowships?"
    resolved = await (await client.post("/api/resolve", json={"question": asked, "kind": "scheme"})).json()
    assert resolved["schemes"] is True and resolved["entry"] is None
    listed = await (await client.post("/api/recommend", json={
        "profession": "nurse", "nation": "england", "question": asked, "message": asked})).json()
    assert listed["profile"]["profession"] == "pharmacist" and listed["profile"]["nation"] == "england"
    outcome = {r["entry_id"]: r["outcome"] for r in listed["recommendations"] if r["kind"] == "scheme"}
    assert outcome["icap"] == "eligible" and outcome.get("integrated-academic-training") != "eligible"
    own = await (await client.post("/api/recommend", json={"profession": "nurse", "nation": "england"})).json()
    assert own["profile"]["profession"] == "nurse"
    flagged = await (await client.post("/api/answer", json={"question": asked})).json()
    plain = await (await client.post("/api/answer", json={"question": "what is a research fellowship?"})).json()
    assert flagged["schemes"] is True and plain["schemes"] is False


async def test_eligibility_unclear_is_offered_with_a_check_not_refused(client):
    body = await (await client.post("/api/eligibility", json={
        "entry_id": "research-time-award-wales", "profile": {"profession": "pharmacist", "nation": "wales"}})).json()
    assert body["eligible"] is None and body["outcome"] == "unclear" and not body["needs"]
    assert "check with your R&D office" in body["reason"] and "such as" in body["quote"] and body["citation"]


async def test_how_to_apply_follow_up(client):
    body = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio",
                                                         "aspect": "how_to_apply"})).json()
    assert "how to apply" in body["text"] and "R&D office" in body["text"]
    assert (await client.post("/api/answer", json={"entry_id": "pcaf", "aspect": "salary"})).status == 400


async def test_a_follow_up_question_on_an_entry_is_answered_for_what_it_asks(client):
    who = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio",
                                                        "question": "who can apply for it?"})).json()
    assert "who can apply" in who["text"] and "Open to all staff in Wales" in who["text"]
    plain = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio",
                                                          "question": "tell me more"})).json()
    assert plain["text"].startswith("**Pathway to Portfolio (P2P) Development Funding Scheme**\n")


async def test_tell_me_more_and_where_is_that_from_answer_more_of_the_entry_just_discussed(client):
    """Not the same card again: the whole entry, then its sources with their quotes and when it was last reviewed."""
    more = await (await client.post("/api/answer", json={"question": "tell me more", "context": "pcaf"})).json()
    assert more["entry_id"] == "pcaf" and more["text"].startswith("**Pre-doctoral Clinical Academic Fellowship (PCAF): more**")
    assert "How to apply:" in more["text"]
    source = await (await client.post("/api/answer", json={"question": "where's that from?", "context": "pcaf"})).json()
    assert source["text"].startswith("**Pre-doctoral Clinical Academic Fellowship (PCAF): sources**")
    assert "“" in source["text"] and "Last reviewed by the R&D office" in source["text"]
    nothing = await (await client.post("/api/answer", json={"question": "tell me more"})).json()
    assert not nothing["answered"] and nothing.get("refers_back")


async def test_a_message_without_a_word_is_asked_again_and_not_logged(client):
    for message in ("?", "...", "🙂🙂"):
        body = await (await client.post("/api/answer", json={"question": message})).json()
        assert body["unworded"] is True and not body["answered"]
    assert client.server.app[STATE].gaps.recent() == []
    nothing = await (await client.post("/api/answer", json={"question": "the last one"})).json()
    assert nothing.get("refers_back") and client.server.app[STATE].gaps.recent() == []


async def test_privacy_and_the_bot_asked_about_are_answered_without_a_search_or_a_gap(client, documents):
    """"I'm a... hang on, is this confidential?" and "before I answer that, who made you?" got "I don't know"."""
    body = await (await client.post("/api/answer", json={"question": "hang on, is this confidential?"})).json()
    assert body["privacy"] is True and "90 days" in body["text"] and "Forget me" in body["text"]
    body = await (await client.post("/api/answer", json={"question": "before I answer that, who made you?"})).json()
    assert body["bot"] is True and not body["answered"]
    assert client.server.app[STATE].gaps.recent() == []
    # what it can do and where its answers come from (round twenty-two: an R&D office checking the bot got the
    # induction recommendation's entry three times)
    body = await (await client.post("/api/answer", json={"question": "what exactly can this bot do for our new "
                                                                      "starters?"})).json()
    assert body["help"] is True and not body["answered"]
    body = await (await client.post("/api/answer", json={"question": "where do you get your information from?"})).json()
    assert body["sources"] is True and "Creating Time for Research" in body["text"] and "not yet reviewed" in body["text"]
    assert client.server.app[STATE].gaps.recent() == []
    # read as "who do I contact?" just after a scheme: a question of its own, which /api/answer answers as above
    context = {"entry": "pathway-to-portfolio", "listed": [], "passage": None}
    resolved = await (await client.post("/api/resolve", json={"question": "is this confidential?",
                                                               "context": context})).json()
    assert resolved["own_question"] is True and resolved["entry"] is None


async def test_asking_whether_i_may_apply_for_a_scheme_asks_the_action_for_a_verdict(client):
    asked = await (await client.post("/api/answer", json={
        "question": "A friend got the NHS Research Time Award. Can I apply for one of those from here?"})).json()
    assert asked["entry_id"] == "research-time-award-wales" and asked["for_writer"] is True
    how = await (await client.post("/api/answer", json={"question": "how do I apply for the NHS Research Time Award?"})).json()
    assert how["entry_id"] == "research-time-award-wales" and how["for_writer"] is False


async def test_the_same_asked_for_another_nation_is_searched_there_and_logged_as_written(client):
    context = {"entry": "research-time-award-wales", "listed": [], "passage": None}
    body = await (await client.post("/api/answer", json={"question": "what about in Scotland?", "context": context,
                                                         "nation": "wales"})).json()
    assert body["answered"] and "scotland" in body["text"].lower() and not body["schemes"] and not body["wishes"]
    context = {"entry": "ahsn", "listed": [], "passage": None}  # England's networks: nothing answers for Scotland
    await client.post("/api/answer", json={"question": "what about in Scotland?", "context": context})
    assert [q["question"] for q in client.server.app[STATE].gaps.recent()] == ["what about in Scotland?"]


async def test_a_message_that_only_acknowledges_is_no_question_and_not_logged(client):
    """"brill" after an answer counted as a second failure and handed off to the R&D office."""
    for message in ("brill", "lol ok", "nice one, cheers"):
        body = await (await client.post("/api/answer", json={"question": message})).json()
        assert body["acknowledged"] is True and not body["answered"]
    known = await (await client.post("/api/answer", json={"question": "do you still know where I work?"})).json()
    assert known["known"] is True and not known["answered"]  # what the conversation holds: the action says it
    # thanks that only seem to ask ("what", "how"), with nothing that answers them, thank us
    for message in ("thanks, that's what I needed", "thank you, what a great service"):
        body = await (await client.post("/api/answer", json={"question": message})).json()
        assert body["acknowledged"] is True and not body["answered"], message
    assert client.server.app[STATE].gaps.recent() == []


async def test_a_follow_up_no_entry_answers_is_answered_from_the_document_the_entry_cites(client, documents):
    """"what happens on the second day?" after the Leading Cultures programme got "I don't know"."""
    question = "what happens on the second day?"
    alone = await (await client.post("/api/answer", json={"question": question})).json()
    assert alone["tier"] is None
    after = await (await client.post("/api/answer", json={"question": question,
                                                          "context": "leading-cultures-of-research"})).json()
    assert after["tier"] == "document" and "Leading Cultures of Research" in after["text"]
    assert "Day 2" in after["text"] or "second day" in after["text"].lower()
    canteen = await (await client.post("/api/answer", json={"question": "where's the canteen?",
                                                            "context": "leading-cultures-of-research"})).json()
    assert canteen["tier"] is None and not canteen["answered"]


async def test_an_address_the_entry_does_not_give_follows_from_the_document_it_cites(client, documents):
    """"who do I email about the HEE research strategy?" got "I don't know the email address" and stopped there; the
    strategy it cites ends with HEE's, and the answer says the passage after the entry gives it."""
    body = await (await client.post("/api/answer", json={
        "question": "who do i email if i have a question about the hee research strategy"})).json()
    assert body["entry_id"] == "hee-ri-strategy" and "I don't know the email address" not in body["text"]
    assert "The entry below doesn't say the email address; the passage quoted after it" in body["text"]
    assert "hee.enquiries@nhs.net" in body["text"] and body["supplement"]["tier"] == "document"
    other = await (await client.post("/api/answer", json={"question": "what's the email address for ICAP?"})).json()
    assert "hee.enquiries@nhs.net" not in other["text"]


async def test_a_question_pointing_back_at_what_the_person_said_before_is_asked_with_it(client):
    """"is there any recommendation on that?" just after "research was barely mentioned at my induction" (which got "I
    don't know", so nothing was shown): "that" is what they said."""
    question = "is there any recommendation on that?"
    said = "research was barely mentioned at my induction"
    body = await (await client.post("/api/answer", json={"question": question, "context": {
        "entry": None, "listed": [], "passage": None, "before": said}})).json()
    assert body["answered"] and body["entry_id"] == "induction-research-strategy"
    alone = await (await client.post("/api/answer", json={"question": question})).json()
    assert not alone["answered"]
    # something shown since: "that" is it, not what was said before
    shown = await (await client.post("/api/answer", json={"question": "how do I apply for that?", "context": {
        "entry": "pcaf", "listed": [], "passage": None, "before": said}})).json()
    assert shown["entry_id"] == "pcaf"
    # chat before it is nothing "it" could be: which one? (no gap), not whichever scheme "how long" finds
    for chat in ("hi", "are you a bot?", "I'm a nurse in Wales"):
        body = await (await client.post("/api/answer", json={"question": "how long does it last?", "context": {
            "entry": None, "listed": [], "passage": None, "before": chat}})).json()
        assert body.get("refers_back") and not body["answered"], chat


async def test_the_documents_are_searched_with_the_organisation_the_answer_named(client, documents):
    """"does the trust have a research plan" from someone at UHL got the Leicester strategy, then a passage on Guy's
    and St Thomas' secondments (the documents were searched for "the trust")."""
    body = await (await client.post("/api/answer", json={"question": "does the trust have a research plan",
                                                         "organisation": "UHL leicester"})).json()
    assert body["entry_id"] == "uhl-ri-strategy" and "Guy's" not in body["text"]


async def test_something_similar_for_another_group_asks_for_that_groups_schemes(client):
    """"what about for physios? is there anything similar?" after 70@70 got who may apply for 70@70."""
    question = "what about for physios? is there anything similar?"
    after = await (await client.post("/api/answer", json={"question": question, "context": "seventy-at-seventy"})).json()
    assert after["schemes"] is True and not after["answered"]
    same = await (await client.post("/api/answer", json={"question": "what about for physios?",
                                                         "context": "seventy-at-seventy"})).json()
    assert same["answered"] and same["entry_id"] == "seventy-at-seventy"  # the same question: who may apply
    # read as an eligibility question, the same
    resolved = await (await client.post("/api/resolve", json={"question": question, "context": "seventy-at-seventy",
                                                              "kind": "scheme"})).json()
    assert resolved["schemes"] is True and resolved["entry"] is None


async def test_a_follow_up_just_after_a_passage_is_answered_from_near_it(client, documents):
    """"and when did cohort 2 start?" just after the Leading Cultures venues and dates were quoted got "I don't know".
    ("where did the cohorts run?" is answered by the entry's paragraph on its venues now.)"""
    question = "and when did cohort 2 start?"
    first = await (await client.post("/api/answer", json={"question": "what were the dates for cohort 1?",
                                                          "context": "leading-cultures-of-research"})).json()
    assert first["tier"] == "document"
    after = await (await client.post("/api/answer", json={"question": question, "context": {
        "entry": None, "listed": [], "passage": first["passage_id"]}})).json()
    assert after["tier"] == "document" and "2nd December" in after["text"]


async def test_tell_me_more_after_a_document_passage_continues_the_document(client, documents):
    first = await (await client.post("/api/answer", json={"question": "what does recommendation 6 say?"})).json()
    assert first["tier"] == "document" and "6. We recommend" in first["text"]
    context = {"entry": None, "listed": [], "passage": first["passage_id"]}
    more = await (await client.post("/api/answer", json={"question": "go on", "context": context})).json()
    number = int(first["passage_id"].rsplit("#", 1)[1])
    assert more["tier"] == "document" and more["passage_id"].endswith(f"#{number + 1}")
    assert more["text"].startswith("**Continuing, from the document")
    source = await (await client.post("/api/answer", json={"question": "where's that from?", "context": context})).json()
    assert "quoted word for word from" in source["text"] and "Creating Time for Research" in source["text"]


async def test_a_follow_up_that_names_nothing_is_about_the_entry_just_discussed(client):
    """"how much is it worth?" after PCAF is about PCAF; a question with a topic of its own is searched as usual."""
    worth = await (await client.post("/api/answer", json={"question": "how much is it worth?", "context": "pcaf"})).json()
    assert worth["entry_id"] == "pcaf" and worth["text"].startswith("**Pre-doctoral Clinical Academic Fellowship")
    own = await (await client.post("/api/answer", json={"question": "what is Pathway to Portfolio?",
                                                        "context": "pcaf"})).json()
    assert own["entry_id"] == "pathway-to-portfolio"
    stale = await client.post("/api/answer", json={"question": "how much is it worth?", "context": "no-such-entry"})
    assert stale.status == 200  # an entry retired since: nothing to point at
    nothing = await (await client.post("/api/answer", json={"question": "what does that mean?"})).json()
    assert nothing["refers_back"] and not nothing["answered"] and "referring to" in nothing["text"]
    assert nothing["aspect"] is None
    how_much = await (await client.post("/api/answer", json={"question": "how much is it?"})).json()
    assert how_much["refers_back"] and how_much["aspect"] == "amount"
    assert client.server.app[STATE].gaps.recent() == []  # nobody could answer it: not a gap
    typed = await (await client.post("/api/answer", json={"question": "hw much money do u get",
                                                          "context": "pcaf"})).json()  # chat shorthand
    assert typed["entry_id"] == "pcaf" and typed["answered"]


async def test_not_knowing_the_answer_to_the_induction_question_is_no_gap(client):
    """"I'm not sure which nation, I work on the border" when asked the nation: the form replies; nothing is logged."""
    unsure = await (await client.post("/api/answer", json={"question": "I'm not sure which nation, I work on the border",
                                                           "asked": "nation"})).json()
    assert unsure["unsure"] and not unsure["answered"]
    assert client.server.app[STATE].gaps.recent() == []
    searched = await (await client.post("/api/answer", json={"question": "I'm not sure which nation, I work on the border"})).json()
    assert "unsure" not in searched  # outside the induction it is a question like any other


async def test_the_same_question_for_another_profession_answers_who_can_apply(client):
    """"what about midwives?" after PCAF: who can apply for PCAF, not the one scheme search finds for midwives."""
    other = await (await client.post("/api/answer", json={"question": "what about midwives?", "context": "pcaf"})).json()
    assert other["entry_id"] == "pcaf" and ": who can apply**" in other["text"]
    role = await (await client.post("/api/answer", json={"question": "and for physios?",
                                                         "context": "research-in-every-role"})).json()
    assert role["entry_id"] == "research-in-every-role" and "who can apply" not in role["text"]
    colleague = await (await client.post("/api/answer", json={
        "entry_id": "icap", "aspect": "contact", "question": "and for my colleague who's a dentist?"})).json()
    assert ": who can apply**" in colleague["text"]  # read as "who do I contact?", asked for someone else


async def test_the_question_says_what_is_asked_over_the_intents_guess(client):
    """"who can apply for DCAF?" read as "who do I contact?" by NLU is still answered with who can apply."""
    body = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio", "aspect": "contact",
                                                         "question": "who can apply for it?"})).json()
    assert "who can apply" in body["text"]
    plain = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio", "aspect": "contact",
                                                          "question": "who do I speak to?"})).json()
    assert "who to contact" in plain["text"]


async def test_resolve_says_a_message_read_as_how_to_apply_that_asks_neither_is_a_question_of_its_own(client):
    """"I get SPA time anyway right?" (read as "how do I apply?" after ICAP) got SPA time's how-to-apply; "how would I
    make the case to our director" got a scheme's how to apply (round twenty-five)."""
    for question in ("I get SPA time anyway right?", "how would I make the case to our director"):
        body = await (await client.post("/api/resolve", json={"question": question,
                                                              "context": {"entry": "icap"}})).json()
        assert body["own_question"], question
    for question in ("how do I apply for it?", "where do I send the form?", "who do I talk to?"):
        body = await (await client.post("/api/resolve", json={"question": question,
                                                              "context": {"entry": "icap"}})).json()
        assert not body["own_question"] and body["entry"] == "icap", question


async def test_resolve_leaves_a_bare_follow_up_to_the_conversation(client):
    """"how do I apply for it?" right after a list of schemes must not be pinned on whichever scheme search likes,
    nor on the entry answered before the list: the person is asked which of those listed."""
    bare = await (await client.post("/api/resolve", json={"question": "how do I apply for it?"})).json()
    assert bare["entry"] is None and bare["choose"] == [] and not bare["own_question"]
    own = await (await client.post("/api/resolve", json={"question": "how do I opt out of the NHS pension?"})).json()
    assert own["entry"] is None and own["own_question"]  # searched and answered, not "which scheme?"
    common = await (await client.post("/api/resolve", json={
        "question": "a nurse took annual leave for a research conference, is that common?", "kind": "scheme"})).json()
    assert common["own_question"]  # read as eligibility, asks nothing of taking part: answered as a question
    covered = await (await client.post("/api/resolve", json={
        "question": "im a nurse in glasgow, does the HEE research strategy apply to me", "kind": "scheme"})).json()
    assert covered["own_question"]  # whom the strategy covers: its answer, not a Scottish scheme search picked
    body = await (await client.post("/api/resolve", json={"question": "can I apply to the NIHR?", "kind": "scheme"})).json()
    assert not body["own_question"]  # a body: asked of its schemes
    spa = await (await client.post("/api/resolve", json={"question": "can I use my SPA time for research?",
                                                         "kind": "scheme"})).json()
    assert spa["own_question"]  # what SPA time may be used for: answered from the SPA entry, not a yes for a scheme
    named = await (await client.post("/api/resolve", json={"question": "how do I apply for PCAF?"})).json()
    assert named["entry"] == "pcaf"
    listed = {"entry": None, "listed": ["pathway-to-portfolio", "research-time-award-wales"]}
    which = await (await client.post("/api/resolve", json={"question": "how do I apply for it?",
                                                           "context": listed})).json()
    assert [c["entry_id"] for c in which["choose"]] == listed["listed"] and which["aspect"] == "how_to_apply"
    assert which["ask"].startswith("Which one do you mean?\n1. Pathway to Portfolio")
    second = await (await client.post("/api/resolve", json={"question": "am I eligible for the second one?",
                                                            "context": listed, "kind": "scheme"})).json()
    assert second["entry"] == "research-time-award-wales"


async def test_after_a_list_a_follow_up_asks_which_and_an_ordinal_answers(client):
    listed = {"entry": None, "listed": ["pathway-to-portfolio", "research-time-award-wales", "mentorship"]}
    which = await (await client.post("/api/answer", json={"question": "how much is it worth?", "context": listed})).json()
    assert not which["answered"] and which["aspect"] == "amount" and "2. NHS Research Time Award" in which["text"]
    assert [c["entry_id"] for c in which["choose"]] == listed["listed"][:2]  # money: the schemes, not mentorship
    second = await (await client.post("/api/answer", json={"question": "the second one", "context": listed,
                                                           "aspect": "amount"})).json()
    assert second["entry_id"] == "research-time-award-wales" and "how much" in second["text"]
    last = await (await client.post("/api/answer", json={"question": "tell me more about the last one",
                                                         "context": listed})).json()
    assert last["entry_id"] == "mentorship" and last["tier"] == "entry"


async def test_feedback_is_recorded_with_the_answer(client):
    state = client.server.app[STATE]
    response = await client.post("/api/feedback", json={"entry_id": "pcaf", "question": "what is PCAF", "helpful": False})
    assert response.status == 201
    assert [(r["entry_id"], r["helpful"]) for r in state.gaps.ratings()] == [("pcaf", 0)]
    assert (await client.post("/api/feedback", json={"helpful": "yes"})).status == 400


async def test_person_reads_a_message_and_describes_a_profile(client):
    response = await client.post("/api/person", json={
        "text": "I'm a band 6 physio in Cardiff, email me at kim.lee@nhs.net", "question": True,
        "profile": {"profession": "physio", "nation": "wales", "career_stage": "astronaut"}})
    body = await response.json()
    assert response.status == 200 and body["email"] == "kim.lee@nhs.net"
    assert body["said"] == {"profession": "physiotherapist", "nation": "wales", "career_stage": "mid_career"}
    assert body["codes"] == {"profession": "physiotherapist", "nation": "wales", "career_stage": None}
    assert body["description"] == "a physiotherapist in Wales"
    picked = await client.post("/api/person", json={"text": "the second one", "answering": True, "asked": "nation",
                                                    "options": ["england", "wales", 3]})
    assert (await picked.json())["said"] == {"nation": "wales"}
    ignored = await client.post("/api/person", json={"text": "the second one", "answering": True, "asked": "nation",
                                                     "options": "wales"})
    assert ignored.status == 200 and (await ignored.json())["said"] == {}
    # the form's answer beside the writer's story, whatever intent Rasa gave it (not about the writer, a question)
    story = await client.post("/api/person", json={"text": "band 6 at wrexham maelor, never done any research before",
                                                   "question": True, "asked": "nation"})
    assert (await story.json())["said"] == {"nation": "wales", "career_stage": "mid_career"}
    told = await (await client.post("/api/answer", json={
        "question": "band 6 at wrexham maelor, never done any research before", "asked": "nation"})).json()
    assert told["told"] is True
    # the form's answer first, then something else (round twenty-two: "england. sorry random q but do u know how i swap
    # a shift?" was asked the nation again)
    first = await client.post("/api/person", json={"text": "scotland. random q but how do I book leave on the app?",
                                                   "question": True, "asked": "nation"})
    assert (await first.json())["said"] == {"nation": "scotland"}
    unsure = await client.post("/api/person", json={"text": "I'm not sure which nation, I work on the border",
                                                    "asked": "nation"})
    assert (await unsure.json())["unsure"] is True and (await picked.json())["unsure"] is False
    assert (await client.post("/api/person", json={"text": "x" * 5000})).status == 413
    assert (await client.post("/api/person", json={"text": 3})).status == 400


async def test_person_says_whether_a_message_is_only_a_greeting_and_whether_a_told_question_comes_first(client):
    async def read(**body):
        return await (await client.post("/api/person", json=body)).json()

    assert (await read(text="hiya"))["greets"] is True
    assert (await read(text="and training?"))["greets"] is False  # a question Rasa took for a greeting
    assert (await read(text="hiya, first week here!"))["greets"] is False  # a new starter: first steps
    told = "I'm a healthcare scientist, is the HEE clinical academic careers framework only for nurses and doctors?"
    assert (await read(text=told, telling=True, about_writer=True))["answer_first"] is True
    assert (await read(text="I'm a nurse in Wales", telling=True, about_writer=True))["answer_first"] is False
    # asked their career stage, a pharmacist asks about healthcare assistants: no answer to the form, no new profession
    asked = "can a healthcare assistant in wales apply to pathway to portfolio or is it just for registered clinicians"
    assert (await read(text=asked, answering=True, asked="career_stage", profile={"profession": "pharmacist"}))[
        "said"] == {}
    assert (await read(text="band 6", answering=True, asked="career_stage"))["said"] == {"career_stage": "mid_career"}
    assert (await read(text="I'm in Wales, does that matter?", answering=True, asked="nation"))["said"] == {
        "nation": "wales"}
    # just after an entry, "what about for OTs?" and "what's involved?" ask about it, whatever Rasa read them as
    for follow in ("what about for OTs?", "what's involved?"):
        after = await read(text=follow, request=True, after_entry=True)
        assert after["follows_up"] is True and after["answer_first"] is True, follow
        alone = await read(text=follow, request=True)
        assert alone["follows_up"] is False and alone["answer_first"] is False, follow
    assert (await read(text="what can you do?", after_entry=True))["follows_up"] is False
    # "and in Scotland?" just after the survey's barriers asks about them there, not to start the induction
    scotland = await read(text="and in Scotland?", telling=True, about_writer=True, after_entry="barriers-to-research")
    assert scotland["follows_up"] is True and scotland["answer_first"] is True
    assert (await read(text="and in Scotland?", telling=True, about_writer=True))["answer_first"] is False
    # read as telling us about the writer, it tells nothing and asks: answered
    assert (await read(text="anything else Betsi Cadwaladr does?", telling=True, about_writer=True))["answer_first"]
    # but an answer to the induction's question with a question mark is the answer ("nurse?", "wales?")
    for answer, said in (("nurse?", {"profession": "nurse"}), ("wales?", {"nation": "wales"})):
        read_as = await read(text=answer, telling=True, about_writer=True, answering=True,
                             asked=next(iter(said)))
        assert read_as["answer_first"] is False and read_as["said"] == said, answer


async def test_a_request_to_forget_read_as_a_question_says_how_to_forget_and_logs_no_gap(client):
    app_state = client.server.app[STATE]
    body = await (await client.post("/api/answer", json={"question": "thanks - please forget that I'm a practice educator"})).json()
    assert body["forget"] and not body["answered"] and "Forget me" in body["text"]
    assert app_state.gaps.recent() == []


async def test_declining_the_induction_is_answered_first_and_searches_nothing(client):
    """"no i dont want to do your induction thing" (read as a request for the induction) got the profession question:
    answered first, with no questions, and no gap logged (round twenty-five)."""
    declined = "no i dont want to do your induction thing"
    read = await (await client.post("/api/person", json={"text": declined, "request": True})).json()
    assert read["answer_first"] is True
    body = await (await client.post("/api/answer", json={"question": declined})).json()
    assert body["declined"] and not body["answered"]
    assert client.server.app[STATE].gaps.recent() == []


async def test_a_managers_team_is_not_the_writer(client):
    """"I manage a mixed team: 2 OTs, 1 speech and language therapist, 3 band 5 nurses ... We're in Northern Ireland."
    made the writer a speech and language therapist, early career, with no nation (then "what about for me, I'm band
    8b" was asked the nation): the team's professions and bands are theirs; where they work is the writer's (round
    twenty-five)."""
    text = ("I manage a mixed team: 2 OTs, 1 speech and language therapist, 3 band 5 nurses and a healthcare assistant."
            " What research opportunities are there for them? We're in Northern Ireland.")
    read = await (await client.post("/api/person", json={"text": text, "request": True})).json()
    assert read["said"] == {"nation": "northern_ireland"}


def index_nations(client, payload: dict) -> list[str]:
    entry = client.server.app[STATE].index.entries.get(payload.get("entry_id") or "")
    return list(entry.nations) if entry else []


async def test_support_wished_for_is_marked_unless_a_scheme_answers_it(client):
    """"want protected time 4 research" found the entry on local agreements, no scheme: `wishes`, so the action can
    list the schemes open to the person that give protected time; a scheme answering the wish stands."""
    body = await (await client.post("/api/answer", json={"question": "want protected time 4 research"})).json()
    assert body["wishes"] is True
    # a scheme answers this wish: its answer stands
    schemed = await (await client.post("/api/answer", json={"question": "need a small grant"})).json()
    assert schemed["entry_id"] == "pathway-to-portfolio" and schemed["wishes"] is False
    # ... unless it is a scheme of another nation than the person's (Pathway to Portfolio is Welsh)
    england = await (await client.post("/api/answer", json={"question": "need a small grant", "nation": "england"})
                     ).json()
    assert england["entry_id"] == "pathway-to-portfolio" and england["wishes"] is True
    wales = await (await client.post("/api/answer", json={"question": "need a small grant", "nation": "wales"})).json()
    assert wales["wishes"] is False
    # the nation the question names, not the person's, is where the answer must be open
    scotland = await (await client.post("/api/answer", json={
        "question": "is there a scheme for protected research time in scotland?", "nation": "wales"})).json()
    assert scotland["answered"] and scotland["wishes"] is False
    # a nation named in passing, not asked about, leaves the person's: their options, not England's scheme
    passing = await (await client.post("/api/answer", json={
        "question": "any funding for research time? everything I see is for England", "nation": "wales"})).json()
    assert "wales" not in index_nations(client, passing) and passing["wishes"] is True


async def test_a_question_for_someone_else_names_who_and_logs_no_gap(client):
    """"what dose of dexamethasone ...?" was answered with the entry citing the RECOVERY trial; "can I keep my
    increments?" was sent to the R&D office and logged for it."""
    app_state = client.server.app[STATE]
    dose = await (await client.post("/api/answer", json={
        "question": "What dose of dexamethasone should we give covid patients on oxygen?"})).json()
    assert not dose["answered"] and dose["tier"] is None and "clinical advice" in dose["text"]
    pay = await (await client.post("/api/answer", json={
        "question": "can you tell me if I'm entitled to keep my Agenda for Change increments?"})).json()
    assert not pay["answered"] and "HR" in pay["text"]
    assert app_state.gaps.recent() == []


async def test_a_matter_elsewhere_read_as_a_follow_up_is_a_question_of_its_own(client):
    """"my patient's 34 weeks ... can I request the PlGF test?" just after a scheme, read as "can I apply?", would get
    the scheme's verdict: it is a question of its own, which /api/answer sends to whoever can help."""
    resolved = await (await client.post("/api/resolve", json={
        "question": "my patient's 34 weeks with suspected pre-eclampsia, can I request the PlGF test from the ward?",
        "kind": "scheme", "context": {"entry": "pcaf"}})).json()
    assert resolved["own_question"] and resolved["entry"] is None
    kept = await (await client.post("/api/resolve", json={"question": "can I apply for it?", "kind": "scheme",
                                                          "context": {"entry": "pcaf"}})).json()
    assert kept["entry"] == "pcaf"


async def test_a_matter_elsewhere_behind_an_entry_chosen_for_a_follow_up_still_names_who(client):
    """"honestly I'm burnt out on the ward, what do I do" just after ICA Internships was answered with what they
    involve (the follow-up's entry and aspect chosen from its words)."""
    reply = await (await client.post("/api/answer", json={
        "entry_id": "icap-internship", "aspect": "involves",
        "question": "honestly I'm burnt out on the ward, what do I do"})).json()
    assert not reply["answered"] and "occupational health" in reply["text"] and reply["elsewhere"] == "wellbeing"
    about = await (await client.post("/api/answer", json={
        "entry_id": "icap-internship", "aspect": "involves", "question": "what do I do on it?"})).json()
    assert about["answered"] and about["entry_id"] == "icap-internship"


async def test_a_count_asked_of_the_entry_just_shown_comes_from_its_paragraph_giving_one(client, documents):
    """"how many people answered it?" after the survey's barriers repeated a paragraph on staff's own time; the
    entry's paragraph giving the count answers it."""
    body = await (await client.post("/api/answer", json={"question": "how many people answered it?",
                                                          "context": "barriers-to-research"})).json()
    assert body["entry_id"] == "barriers-to-research" and "1,200 responses" in body["text"]


async def test_a_count_the_entry_just_shown_never_gives_comes_from_a_document_it_cites(client, documents):
    """"how many action learning sets are there?" after Leading Cultures: its entry names the sets, not how many; its
    archived page says "3 learning sets"."""
    body = await (await client.post("/api/answer", json={"question": "how many action learning sets are there?",
                                                          "context": "leading-cultures-of-research"})).json()
    assert body["tier"] == "document" and "3 learning sets" in body["text"]
    # not the survey's method, from the report that some forty entries cite, for a count it never gives of the entry
    members = await (await client.post("/api/answer", json={"question": "how many members does it have?",
                                                             "context": "community-of-scholars"})).json()
    assert members["tier"] == "entry" and "11 diverse NHS" not in members["text"]


async def test_who_the_writer_is_and_what_they_could_apply_for_is_flagged_for_their_list(client):
    """Read as a question by Rasa ("OT in NHS Lothian, qualifed 6 yrs. what can i apply for research wise"): the
    action lists their schemes instead of quoting whichever passage search ranks first."""
    asked = "OT in NHS Lothian, qualifed 6 yrs. what can i apply for research wise"
    flagged = await (await client.post("/api/answer", json={"question": asked})).json()
    plain = await (await client.post("/api/answer", json={"question": "OT in NHS Lothian. what is RfPB?"})).json()
    assert flagged["schemes"] is True and plain["schemes"] is False


async def test_a_scheme_of_another_nation_than_the_askers_asks_the_action_for_a_verdict(client):
    """"ok whats RfPB then" from an OT in Northern Ireland was told what RfPB funds, not that it is England's."""
    there = await (await client.post("/api/answer", json={"question": "ok whats RfPB then",
                                                          "nation": "northern_ireland"})).json()
    here = await (await client.post("/api/answer", json={"question": "ok whats RfPB then", "nation": "england"})).json()
    unknown = await (await client.post("/api/answer", json={"question": "ok whats RfPB then"})).json()
    assert there["entry_id"] == "research-for-patient-benefit" and there["other_nation"] is True
    assert here["other_nation"] is False and unknown["other_nation"] is False


async def test_every_scheme_for_a_group_read_as_where_do_i_start_is_flagged_for_the_list(client):
    """"give me every research scheme for nurses in scotland with the deadlines", read as "where do I start?", got first
    steps."""
    asked = "give me every research scheme for nurses in scotland with the deadlines"
    body = await (await client.post("/api/answer", json={"question": asked, "otherwise": "where-to-start"})).json()
    plain = await (await client.post("/api/answer", json={"question": "where do I start?",
                                                          "otherwise": "where-to-start"})).json()
    assert body["schemes"] is True and plain["schemes"] is False


async def test_a_team_and_a_question_beside_the_forms_answer(client):
    """A team of several groups gets each group's list (the action asks for them); the message that completes the
    induction is searched for what it asks after the answer, and nothing more when it asks nothing."""
    body = await (await client.post("/api/answer", json={
        "question": "what could my team actually apply for in wales? ive got RNs, 2 NAs and a load of HCAs"})).json()
    assert body["team"] == ["nurse", "nursing_associate", "healthcare_assistant"] and body["nation"] == "wales"
    told = await (await client.post("/api/answer", json={"question": "wales, band 6", "beside_form": True})).json()
    assert told["told"] is True and not told["answered"]
    thanks = await (await client.post("/api/answer", json={"question": "ok thx, bit gutted", "beside_form": True})).json()
    assert thanks["acknowledged"] is True
    again = await (await client.post("/api/answer", json={"question": "actually can we start over",
                                                          "beside_form": True})).json()
    assert again["forget"] is True  # round twenty-eight: read as telling us something, it got the list again
    asked = await (await client.post("/api/answer", json={
        "question": "england. sorry random q but do u know how i swap a shift?", "beside_form": True})).json()
    assert asked["elsewhere"] == "rota" and "rostering" in asked["text"]
    assert client.server.app[STATE].gaps.recent() == []


async def test_which_of_a_list_give_something_is_the_list_again(client):
    """"is there anything that actually pays for my time?" just after a nurse's list got "Which one do you mean?"."""
    context = {"entry": None, "listed": ["pcaf", "icap-internship"], "passage": None}
    body = await (await client.post("/api/answer", json={"question": "is there anything that actually pays for my "
                                                                     "time?", "context": context})).json()
    assert body["wishes"] is True and not body["choose"]
    body = await (await client.post("/api/answer", json={"question": "how much does it pay?", "context": context})).json()
    assert [c["entry_id"] for c in body["choose"]] == ["pcaf", "icap-internship"]


async def test_a_message_read_as_a_question_that_asks_nothing_tells_about_the_writer(client):
    """"england. interests paeds... actually no, more eating disorders tbh" (read as a question) kept nothing, and first
    steps answered it again. One with any asking word stays a question ("a friend of mine who's an OT is on the ICA
    programme" is not the writer's profession)."""
    for text, said in (("england. interests paeds... actually no, more eating disorders tbh", {"nation": "england"}),):
        body = await (await client.post("/api/person", json={"text": text, "question": True})).json()
        assert {k: body["said"].get(k) for k in said} == said, text
    asked = await (await client.post("/api/person", json={"text": "is it just for nurses in wales?", "question": True,
                                                          "profile": {"profession": "physiotherapist"}})).json()
    assert "profession" not in asked["said"]
    friend = await (await client.post("/api/person", json={"text": "a friend of mine who's an OT is on the ICA programme",
                                                           "question": True, "profile": {"profession": "doctor"}})).json()
    assert "profession" not in friend["said"]
    spa = await (await client.post("/api/person", json={"text": "our SPA time just goes on admin", "question": True,
                                                        "profile": {"profession": "doctor"}})).json()
    assert "profession" not in spa["said"]


async def test_which_of_those_gives_time_off_is_the_list_again(client):
    """"which of those actually gets me time off the floor" after a physio's Welsh list got "I don't know"."""
    context = {"entry": None, "listed": ["research-time-award-wales", "pathway-to-portfolio"], "passage": None}
    body = await (await client.post("/api/answer", json={"question": "which of those actually gets me time off the "
                                                                     "floor", "context": context})).json()
    assert body["wishes"] is True


async def test_what_was_listed_as_a_short_list_to_paste(client):
    """"can u make that a short list i can paste in the team brief" got "I still don't have an answer"."""
    context = {"entry": None, "listed": ["pcaf", "icap-internship"], "passage": None}
    body = await (await client.post("/api/answer", json={"question": "can u make that a short list i can paste in the "
                                                                     "team brief", "context": context})).json()
    assert body["short_list"] is True and "• Pre-doctoral Clinical Academic Fellowship (PCAF) (" in body["text"]
    assert "• ICA Programme Internships (" in body["text"]
    nothing = await (await client.post("/api/answer", json={"question": "can you copy that for me?"})).json()
    assert not nothing.get("short_list")  # nothing listed before


async def test_interests_said_as_a_label_are_kept_whatever_else_is_asked(client):
    """"england, nottingham. interests idk... maybe frailty? older ppl anyway" (asked the nation) kept England, not
    frailty, and the list then asked what interests them."""
    body = await (await client.post("/api/person", json={
        "text": "england, nottingham. interests idk... maybe frailty? older ppl anyway", "asked": "nation",
        "profile": {"profession": "nurse"}})).json()
    assert body["said"]["nation"] == "england" and body["said"]["interests"] == "frailty"


async def test_a_scheme_called_by_its_sum_says_whether_it_is_open_there(client):
    """"what about that 20k welsh one i heard about" from a pharmacist in Belfast: Pathway to Portfolio, and the action
    is told it is not open in Northern Ireland (its verdict follows)."""
    context = {"entry": None, "listed": ["hsc-research-fora-scheme"], "passage": None}
    body = await (await client.post("/api/answer", json={"question": "what about that 20k welsh one i heard about",
                                                         "context": context, "nation": "northern_ireland"})).json()
    assert body["entry_id"] == "pathway-to-portfolio" and body["other_nation"] is True
    here = await (await client.post("/api/answer", json={"question": "what about that 20k welsh one i heard about",
                                                         "context": context, "nation": "wales"})).json()
    assert here["other_nation"] is False


async def test_the_review_of_round_twenty_three_in_the_service(client):
    """The paste list and "which of them give it" only when asked so; a story about others keeps the writer's role."""
    context = {"entry": None, "listed": ["pcaf", "icap-internship"], "passage": None}
    for question in ("how many people get on the short list for pcaf?", "where can I get a copy of the application "
                     "form?"):
        body = await (await client.post("/api/answer", json={"question": question, "context": context})).json()
        assert not body.get("short_list"), question
    body = await (await client.post("/api/answer", json={"question": "any of them need a masters first?",
                                                         "context": context})).json()
    assert not body.get("wishes")
    said = await (await client.post("/api/person", json={
        "text": "OT in leeds. research always seems to be for doctors and nurses", "question": True})).json()
    assert said["said"]["profession"] == "occupational_therapist"


async def test_a_scheme_named_as_mentioned_somewhere_is_answered_from_its_entry(client):
    """"ICAP was mentioned in my appraisal, what is it?" got report passages (the review, round twenty-five): a name an
    entry has is answered by the entry; a name only the documents hold is quoted from them."""
    await documents_started(client.server.app)  # the document tier is built in the background at start-up
    icap = await (await client.post("/api/answer", json={"question": "ICAP was mentioned in my appraisal, what is it?"})).json()
    assert icap["entry_id"] == "icap"
    glasgow = await (await client.post("/api/answer", json={"question": "glasgow was mentioned somewhere right?"})).json()
    assert glasgow["tier"] == "document" and "Glasgow" in glasgow["text"]


async def test_a_follow_up_the_entry_holds_nothing_of_is_not_answered_with_its_summary_alone(client):
    """"does the time award pay my employer to backfill?" after the award got its summary again, as if that answered it
    (round twenty-six); a follow-up it answers keeps its answer, unannounced."""
    from knowledge.answer import NOT_HELD_NOTE

    await documents_started(client.server.app)
    context = {"entry": "leading-cultures-of-research", "listed": [], "passage": None}
    body = await (await client.post("/api/answer", json={"question": "did they give out certificates of attendance?",
                                                         "context": context})).json()
    assert body["entry_id"] == "leading-cultures-of-research" and NOT_HELD_NOTE.strip() in body["text"]
    held = await (await client.post("/api/answer", json={"question": "who funded it?", "context": context})).json()
    assert NOT_HELD_NOTE.strip() not in held["text"]
    closing = await (await client.post("/api/answer", json={"question": "ok that's all, don't need the matching thing",
                                                            "context": context})).json()
    assert NOT_HELD_NOTE.strip() not in (closing.get("text") or "")  # it asks nothing


async def test_small_talk_is_said_to_the_actions(client):
    """The actions answer small talk from the service's reading, whatever Rasa read the message as."""
    read = await (await client.post("/api/person", json={"text": "morning! how's your day going 😊"})).json()
    assert read["small_talk"] is True
    answer = await (await client.post("/api/answer", json={"question": "hey how are you today"})).json()
    assert answer["acknowledged"] is True and answer["small_talk"] is True and answer["farewell"] is False
    question = await (await client.post("/api/person", json={"text": "how are you funded?"})).json()
    assert question["small_talk"] is False


async def test_a_follow_up_is_read_with_the_persons_earlier_messages(client, documents):
    """"which had the most studies?" after the case study sites' entry got "I don't know": read with the question
    before it, the report's Table 1.1 (the entry just shown is not sent again); a question of another subject is
    not answered from what the earlier messages find."""
    context = {"entry": "case-study-sites", "listed": [], "passage": None,
               "earlier": ["which trusts were the case studies in creating time for research?"]}
    most = await (await client.post("/api/answer", json={"question": "which had the most studies?",
                                                         "context": context})).json()
    assert most["tier"] == "document" and "1104" in most["text"]
    alone = await (await client.post("/api/answer", json={"question": "which had the most studies?"})).json()
    assert "1104" not in alone["text"]
    other = await (await client.post("/api/answer", json={"question": "whats the capital of peru?",
                                                          "context": context})).json()
    assert not other["answered"] and other["tier"] is None


async def test_a_follow_up_doubting_that_a_group_is_listed_gets_who_can_apply_and_the_verdict_for_them(client):
    body = await (await client.post("/api/answer", json={"entry_id": "research-time-award-wales", "question":
                                                         "pharmacists arent in the list for the time award tho?"})).json()
    assert "who can apply" in body["text"] and "Pharmacists: the source gives" in body["text"]
    did = await (await client.post("/api/answer", json={"entry_id": "icap", "question":
                                                        "what did that physio do with it?"})).json()
    assert "Physiotherapists:" not in did["text"]  # what someone did, not whether physios may apply




async def test_a_fragment_after_a_figure_is_read_as_the_same_question_of_its_subject(client, documents):
    """"and training?" after "what % said improving outcomes" (the motivations entry) got the free training entry:
    the report's figure for training."""
    context = {"entry": "motivations-for-research", "listed": [], "passage": None,
               "earlier": ["what motivates staff to do research according to that cancer research uk report?",
                           "what % said improving outcomes"]}
    body = await (await client.post("/api/answer", json={"question": "and training?", "context": context})).json()
    assert body["tier"] == "document" and "85%" in body["text"]
    from service import documents as service_documents
    # recorded as the person asked it, so their feedback on it counts
    assert await service_documents.rate(client.server.app, "and training?", True)
    funder = await (await client.post("/api/answer", json={"question": "does the Burdett Trust for Nursing fund that?",
                                                           "context": context})).json()
    assert not funder["answered"] and funder["tier"] is None  # a funder the knowledge base never names


async def test_a_topic_given_alone_is_read_as_interests_only_when_the_list_asked(client):
    """Round twenty-eight: after the list asked what interests them, "falls prevention mainly" is their interest; asked
    nothing, it says nothing of the writer, and a question is still a question."""
    body = await (await client.post("/api/person", json={"text": "falls prevention mainly", "invited": "interests",
                                                          "question": True})).json()
    assert body["said"] == {"interests": "falls prevention"}
    body = await (await client.post("/api/person", json={"text": "falls prevention mainly", "question": True})).json()
    assert body["said"] == {}
    body = await (await client.post("/api/person", json={"text": "how do I apply for PCAF?", "invited": "interests",
                                                          "question": True})).json()
    assert "interests" not in body["said"]
