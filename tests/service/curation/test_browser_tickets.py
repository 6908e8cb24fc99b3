"""The ticket queue in a real browser (Debian's chromium, Playwright): an editor finds a new question for the
R&D office, takes it, writes and sends the answer; a viewer can read it but not answer. Screenshots go to
NHSBOT_SCREENSHOTS (docs/images for docs/curation.md) when set."""

import pytest
from playwright.async_api import async_playwright, expect

from service.curation.tickets import TICKETS
from tests.service.curation.test_browser import ARGS, CHROMIUM, _sign_in, shots  # noqa: F401 (fixture)

QUESTION = "what happens on day 3 of the leadership course?"
ANSWER = ("The third day of the Leading Cultures of Research & Innovation programme explored the organisational "
          "cultures of R&I within NHS Trusts.")


@pytest.fixture(params=["sqlite"])  # the store is covered on both databases elsewhere; the browser journey once
def database_url(request):
    return None


async def test_an_editor_takes_and_answers_a_ticket_from_the_queue(client, shots):  # noqa: F811
    base = str(client.make_url("")).rstrip("/")
    store = client.server.app[TICKETS]
    store.create(QUESTION, "rest", "webchat-abc12345", "I'm sorry, I don't know the answer to that.",
                 [{"entry_id": "leading-cultures-of-research", "title": "Leading Cultures of Research & Innovation"}],
                 {"profession": "nurse", "nation": "england"}, "kim.lee@nhs.net")
    store.create("can I claim travel costs for a research course?", "teams", "29:user",
                 reference={"service_url": "https://smba.example/", "conversation_id": "a:1"})
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1200, "height": 900})
            await _sign_in(page, base, "editor@trust.nhs.uk")
            await page.get_by_role("link", name="Questions for the R&D office").click()
            await expect(page.get_by_role("heading", name="Questions for the R&D office")).to_be_visible()
            await expect(page.get_by_role("link", name="New (2)")).to_be_visible()
            await page.screenshot(path=shots / "curation-tickets.png")

            await page.get_by_role("link", name="#1").click()
            await expect(page.get_by_role("heading", name="Ticket #1 new")).to_be_visible()
            await expect(page.locator("main")).to_contain_text("profession: nurse")
            await expect(page.locator("main")).to_contain_text("kim.lee@nhs.net")
            await page.get_by_role("button", name="Take this ticket").click()
            await expect(page.get_by_role("status")).to_contain_text("You have taken this ticket")
            await page.get_by_label("Your answer").fill(ANSWER)
            await page.screenshot(path=shots / "curation-ticket.png", full_page=True)
            await page.get_by_role("button", name="Send the answer").click()
            await expect(page.get_by_role("status")).to_contain_text("Answer sent")
            await expect(page.locator("main")).to_contain_text("shown at their next message")
            await expect(page.get_by_role("link", name="New entry from this")).to_be_visible()
            assert store.get(1).answer == ANSWER and store.get(1).taken_by == "editor@trust.nhs.uk"
            await expect(page.get_by_label("Add to an entry (its identifier)")).to_have_value(
                "leading-cultures-of-research")  # the closest entry, to start from
            await page.get_by_role("button", name="Add to the entry's draft").click()
            await expect(page.get_by_role("status")).to_contain_text("The answer to ticket #1 is in this entry's draft")
            await page.get_by_role("link", name="History").first.click()
            await expect(page.locator("main")).to_contain_text("edit (from ticket #1)")

            viewer = await browser.new_page()
            await _sign_in(viewer, base, "viewer@trust.nhs.uk")
            await viewer.goto(f"{base}/curation/tickets/2")
            await expect(viewer.get_by_role("heading", name="Ticket #2 new")).to_be_visible()
            assert await viewer.get_by_role("button", name="Send the answer").count() == 0
        finally:
            await browser.close()
