"""The questions API: grouped unanswered and unhelpful questions, charts data, marking handled."""

from knowledge.curation.api import PREFIX
from knowledge.service import STATE


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
