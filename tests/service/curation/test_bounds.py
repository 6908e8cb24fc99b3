"""Every integer a request carries is bounded: a version number past what the database holds is a 400, never a 500."""

import pytest

from knowledge.curation.store import MAX_VERSION, version_number

PREFIX = "/curation/api"
HUGE = [2**63, 2**64 + 5, MAX_VERSION + 1, 0, -1]


@pytest.mark.parametrize("value", [1, "1", 42, "42", MAX_VERSION, str(MAX_VERSION)])
def test_version_numbers_in_range_are_taken(value):
    assert version_number(value) == int(value)


@pytest.mark.parametrize("value", [*HUGE, str(2**63), "9" * 5000, "1e3", "١", " 1", True, 1.0, None, []])
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError):
        version_number(value)


async def test_api_refuses_huge_version_numbers_with_a_400(session_for):
    reviewer = await session_for("reviewer")
    entry = await (await reviewer.request("GET", f"{PREFIX}/entries/pcaf")).json()
    for number in HUGE:
        calls = [("PUT", f"{PREFIX}/entries/pcaf", {"entry": entry["entry"], "base_version": number}),
                 ("POST", f"{PREFIX}/entries/pcaf/submit", {"base_version": number}),
                 ("POST", f"{PREFIX}/entries/pcaf/publish", {"base_version": number}),
                 ("POST", f"{PREFIX}/entries/pcaf/restore", {"version": number, "base_version": 1}),
                 ("POST", f"{PREFIX}/entries/pcaf/restore", {"version": 1, "base_version": number}),
                 ("GET", f"{PREFIX}/entries/pcaf/versions/{number}", None)]
        for method, path, body in calls:
            response = await reviewer.request(method, path, json=body)
            assert response.status == 400, (method, path, number, await response.text())
            assert "whole number" in (await response.json())["error"]


async def test_pages_refuse_huge_version_numbers_with_a_400(session_for):
    editor = await session_for("editor")
    for number in (2**63, 2**64):
        for path, form in (("/curation/entries/pcaf/edit", {"base_version": str(number), "action": "save"}),
                           ("/curation/entries/pcaf/submit", {"base_version": str(number)}),
                           ("/curation/entries/pcaf/restore", {"version": str(number), "base_version": "1"}),
                           ("/curation/entries/pcaf/restore", {"version": "1", "base_version": str(number)})):
            response = await editor.request("POST", path, data=form, allow_redirects=False)
            assert response.status == 400, (path, number, await response.text())
