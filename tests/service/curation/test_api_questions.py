"""The questions API: grouped unanswered and unhelpful questions, charts data, marking handled."""

from service.curation.api import PREFIX
from service.state import STATE


async def test_questions_are_grouped_with_counts_dates_and_closest_entry(session_for, client):
    gaps = client.server.app[STATE].gaps
    gaps.record("as a nurse, can I get funding for a masters?", 0.3, "icap")
    gaps.record("is there masters funding for a nurse", 0.3, "icap")
    gaps.rate("pcaf", None, False)  # a rating without the question cannot be shown
    gaps.rate("pcaf", "is PCAF paid?", True)  # helpful: not a gap
    editor = await session_for("editor")
    body = await (await editor.request("GET", f"{PREFIX}/questions")).json()
    assert body["total"] == 2 and len(body["groups"]) == 1
    group = body["groups"][0]
    assert group["count"] == 2 and group["entries"] == ["icap"] and group["first_at"] <= group["last_at"]
    stats = await (await editor.request("GET", f"{PREFIX}/questions/stats")).json()
    assert stats["per_week"][-1][1] == 2 and dict(stats["professions"]) == {"nurse": 2}
    assert dict(stats["topics"])  # the closest entry's topics


async def test_low_confidence_answers_are_listed_apart_from_unanswered_ones(session_for, client):
    gaps = client.server.app[STATE].gaps
    gaps.record("can a porter join the research champions?", 0.55, "research-champions", answered=True)
    gaps.record("where do I park?", 0.1, None)
    editor = await session_for("editor")
    body = await (await editor.request("GET", f"{PREFIX}/questions")).json()
    kinds = {q["question"]: q["kind"] for g in body["groups"] for q in g["questions"]}
    assert kinds == {"can a porter join the research champions?": "low confidence", "where do I park?": "unanswered"}


async def test_marking_handled_needs_an_editor_and_valid_keys(session_for, client):
    client.server.app[STATE].gaps.record("where do I park?", 0.1, None)
    viewer, editor = await session_for("viewer"), await session_for("editor")
    key = (await (await editor.request("GET", f"{PREFIX}/questions")).json())["groups"][0]["questions"][0]["key"]
    assert (await viewer.request("POST", f"{PREFIX}/questions/handled", json={"keys": [key]})).status == 403
    assert (await editor.request("POST", f"{PREFIX}/questions/handled", json={"keys": ["drop table"]})).status == 400
    marked = await (await editor.request("POST", f"{PREFIX}/questions/handled", json={"keys": [key, key]})).json()
    assert marked == {"marked": 1}
    assert (await (await editor.request("GET", f"{PREFIX}/questions")).json())["total"] == 0
    everything = await (await editor.request("GET", f"{PREFIX}/questions", params={"include_handled": "1"})).json()
    assert everything["total"] == 1


async def test_each_group_shows_the_entries_it_most_likely_belongs_to(session_for, client):
    client.server.app[STATE].gaps.record("is there a fellowship to prepare a doctoral application?", 0.4, None)
    editor = await session_for("editor")
    group = (await (await editor.request("GET", f"{PREFIX}/questions")).json())["groups"][0]
    likely = [e["entry_id"] for e in group["likely"]]
    assert len(likely) == 3 and "pcaf" in likely
    assert all(-1 <= e["similarity"] <= 1 and e["title"] for e in group["likely"])


async def test_a_question_added_to_an_entry_is_answered_once_published_without_a_restart(session_for, client):
    question = "could I swap a few ward shifts for shifts with the trials team?"

    def ask():
        return client.post("/api/answer", json={"question": question})

    before = await (await ask()).json()
    assert not (before["answered"] and before["entry_id"] == "research-secondments")  # staff did not get it
    viewer, editor, reviewer = await session_for("viewer"), await session_for("editor"), await session_for("reviewer")
    group = next(g for g in (await (await editor.request("GET", f"{PREFIX}/questions")).json())["groups"]
                 if g["label"] == question)
    assert "research-secondments" in [e["entry_id"] for e in group["likely"]]
    keys = [q["key"] for q in group["questions"]]

    assert (await viewer.request("POST", f"{PREFIX}/questions/alternate",
                                 json={"entry_id": "research-secondments", "question": question})).status == 403
    added = await editor.request("POST", f"{PREFIX}/questions/alternate",
                                 json={"entry_id": "research-secondments", "question": question, "keys": keys})
    assert added.status == 201, await added.text()
    draft = await added.json()
    assert draft["workflow"] == "draft" and draft["handled"] == len(keys)
    assert draft["entry"]["alternate_questions"][-1] == question
    assert (await (await ask()).json()) == before  # a draft changes nothing the bot says
    again = await editor.request("POST", f"{PREFIX}/questions/alternate",
                                 json={"entry_id": "research-secondments", "question": question.upper()})
    assert again.status == 422  # already there

    submitted = await (await editor.request("POST", f"{PREFIX}/entries/research-secondments/submit",
                                            json={"base_version": draft["version"]})).json()
    published = await reviewer.request("POST", f"{PREFIX}/entries/research-secondments/publish",
                                       json={"base_version": submitted["version"]})
    assert published.status == 200
    after = await (await ask()).json()
    assert after["answered"] and after["entry_id"] == "research-secondments"
    assert question not in after["text"]  # searched, never quoted
    found = await (await client.get("/api/search", params={"q": question})).json()
    assert found["results"][0]["entry_id"] == "research-secondments"
    listed = (await (await editor.request("GET", f"{PREFIX}/questions")).json())["groups"]
    assert not set(keys) & {q["key"] for g in listed for q in g["questions"]}  # handled: off the list


async def test_adding_a_question_refuses_bad_input(session_for):
    editor = await session_for("editor")
    for body, status in (({"entry_id": "pcaf"}, 400), ({"entry_id": "pcaf", "question": "  "}, 400),
                         ({"entry_id": "pcaf", "question": "what?", "keys": ["drop table"]}, 400),
                         ({"entry_id": "no-such-entry", "question": "what is it?"}, 404),
                         ({"entry_id": "pcaf", "question": "x" * 400}, 422)):
        assert (await editor.request("POST", f"{PREFIX}/questions/alternate", json=body)).status == status, body
