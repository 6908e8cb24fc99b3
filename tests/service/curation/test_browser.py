"""A real browser (Debian's chromium driven by Playwright) through the whole curation journey.

Sign in, edit an entry, see the validation error beside the field, fix it,
preview, submit; sign in as a reviewer, approve and publish; then the bot's
/api/answer gives the new text. Fields are found by their visible labels, so a
missing label fails the test. Screenshots go to NHSBOT_SCREENSHOTS (e.g.
docs/images, for docs/curation.md) when it is set, else to a temporary folder.
"""

import os
from pathlib import Path

import pytest
from playwright.async_api import async_playwright, expect

from service.state import STATE

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NEW_SUMMARY = ("Pathway to Portfolio (P2P) funds small research scoping projects for healthcare staff in Wales; "
               "the next call opens in March.")


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("NHSBOT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(params=["sqlite"])  # the store is covered on both databases elsewhere; the browser journey once
def database_url(request):
    return None


async def _sign_in(page, base: str, email: str) -> None:
    await page.goto(f"{base}/curation/login")
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill("correct horse battery staple")
    await page.keyboard.press("Enter")  # the form works from the keyboard
    await expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


async def test_edit_review_publish_and_the_bot_answers_with_the_new_text(client, shots):
    base = str(client.make_url("")).rstrip("/")
    gaps = client.server.app[STATE].gaps
    for question in ("how do I book annual leave?", "how can I book my annual leave", "as a physio can I get a PhD?",
                     "where is the staff car park?"):
        gaps.record(question, 0.2, None)
    assert Path(CHROMIUM).exists(), f"the browser test needs Debian's chromium at {CHROMIUM}"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            editor = await browser.new_page(viewport={"width": 1200, "height": 900})
            await editor.goto(f"{base}/curation/login")
            await editor.screenshot(path=shots / "curation-sign-in.png")
            await _sign_in(editor, base, "editor@trust.nhs.uk")

            await editor.get_by_role("link", name="Entries").first.click()
            await editor.get_by_label("Search (as the bot would)").fill("P2P")
            await editor.get_by_role("button", name="Find").click()
            await editor.wait_for_url("**q=P2P**")  # the search is a page load: capture it once it has landed
            await editor.wait_for_load_state()
            await editor.screenshot(path=shots / "curation-entries.png")
            await editor.get_by_role("link", name="Pathway to Portfolio (P2P) Development Funding Scheme").click()
            await editor.get_by_role("link", name="Edit").click()

            summary = editor.get_by_label("Summary")
            await summary.fill("Too short")
            await editor.get_by_role("button", name="Save draft").click()
            await expect(editor.locator("#summary-error")).to_contain_text("at least 20 characters")
            await expect(editor.get_by_label("Summary")).to_have_attribute("aria-invalid", "true")
            await editor.locator("#summary").scroll_into_view_if_needed()
            await editor.screenshot(path=shots / "curation-validation-error.png", full_page=False)

            await editor.get_by_label("Summary").fill(NEW_SUMMARY)
            await editor.get_by_role("button", name="Preview the answer").click()
            await expect(editor.get_by_label("Answer preview")).to_contain_text("the next call opens in March")
            await editor.screenshot(path=shots / "curation-preview.png")
            await editor.get_by_role("button", name="Save draft").click()
            await expect(editor.get_by_role("status")).to_contain_text("Saved as a draft")
            await editor.get_by_role("button", name="Submit for review").click()
            await expect(editor.get_by_role("status")).to_contain_text("Submitted for review")
            await expect(editor.get_by_role("button", name="Approve and publish")).to_have_count(0)

            before = await (await client.post("/api/answer", json={"entry_id": "pathway-to-portfolio"})).json()
            assert "the next call opens in March" not in before["text"]  # not live until a reviewer approves

            reviewer = await browser.new_page(viewport={"width": 1200, "height": 900})
            await _sign_in(reviewer, base, "reviewer@trust.nhs.uk")
            await expect(reviewer.get_by_role("link", name="Pathway to Portfolio (P2P) Development Funding Scheme")).to_be_visible()
            await reviewer.screenshot(path=shots / "curation-dashboard.png")
            await reviewer.get_by_role("link", name="Pathway to Portfolio (P2P) Development Funding Scheme").click()
            await reviewer.get_by_role("button", name="Approve and publish").click()
            await expect(reviewer.get_by_role("status")).to_contain_text("Published")
            await reviewer.screenshot(path=shots / "curation-published.png")
            await reviewer.get_by_role("link", name="History").click()
            await expect(reviewer.get_by_text("publish by reviewer@trust.nhs.uk")).to_be_visible()
            await reviewer.screenshot(path=shots / "curation-history.png")
            await reviewer.get_by_role("link", name="Questions staff asked").click()
            await expect(reviewer.get_by_text("2 times")).to_be_visible()
            await reviewer.screenshot(path=shots / "curation-questions.png", full_page=True)
        finally:
            await browser.close()

    answer = await (await client.post("/api/answer", json={"question": "what is Pathway to Portfolio?"})).json()
    assert answer["entry_id"] == "pathway-to-portfolio" and "the next call opens in March" in answer["text"]
