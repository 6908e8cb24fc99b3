"""The web chat page in a real headless Chromium (Debian's package, driven by Playwright) against
the real stack: ask, read the cited answer, click buttons, stay safe and usable by keyboard and on
a phone. Saves docs/images/web-chat.png for the README."""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "web-chat.png"
expect.set_options(timeout=60_000)  # an answer can take seconds on a cold start; this is a ceiling, not a wait

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Chromium is missing: `make setup` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, channel_stack):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    s = channel_stack.settings
    page.goto(f"http://{s.host}:{s.knowledge_port}/chat")
    expect(page.locator(".message.bot").first).to_contain_text("research opportunities assistant")  # greeting
    yield page
    context.close()
    assert errors == []


def ask(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")


def test_question_gets_the_cited_answer_and_buttons_work(page):
    ask(page, "how much funding does Pathway to Portfolio give?")
    expect(page.locator(".message.user .bubble").last).to_have_text("how much funding does Pathway to Portfolio give?")
    answer = page.locator(".message.bot", has_text="£20,000")
    expect(answer).to_contain_text("Source:")
    expect(answer.locator("strong")).to_contain_text("Pathway to Portfolio")  # Markdown rendered, not shown raw
    assert "**" not in answer.inner_text()
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    answer.get_by_role("button", name="Yes, this answer was helpful").click()
    expect(page.locator(".message.user .bubble").last).to_have_text("👍 Helpful")  # the title, not the payload
    expect(page.locator(".message.bot").last).to_contain_text("glad it helped")


def test_option_buttons_send_their_payload_and_history_survives_a_reload(page):
    ask(page, "where do I start?")
    page.get_by_role("button", name="Nurse", exact=True).click()
    expect(page.locator(".message.user .bubble").last).to_have_text("Nurse")
    expect(page.locator(".message.bot").last).to_contain_text("Which nation")
    page.reload()
    expect(page.locator(".message.user", has_text="Nurse")).to_have_count(1)
    page.get_by_role("button", name="Wales").click()
    expect(page.locator(".message.bot", has_text="NHS Research Time Award")).to_have_count(1)


def test_source_links_open_safely(page):
    ask(page, "what are NIHR Applied Research Collaborations?")
    link = page.locator(".message.bot a[href^='https://']").first
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("target", "_blank")


def test_markup_in_messages_is_shown_as_text_and_never_runs(page):
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    ask(page, attack)
    expect(page.locator(".message.user .bubble").last).to_have_text(attack)
    expect(page.locator(".message.bot").nth(1)).to_be_visible()
    rendered = page.evaluate("""Markdown.render('[click](javascript:alert(1)) <b>x</b> **<i>y</i>** ' +
                                                'https://example.org/a_b_c?x=1&y=2')""")
    assert "javascript:" not in rendered.split("href=")[-1] and "<b>" not in rendered and "<i>" not in rendered
    assert '<a href="https://example.org/a_b_c?x=1&amp;y=2"' in rendered
    assert page.evaluate("window.__xss") is None


def test_keyboard_only(page):
    page.keyboard.press("Tab")  # skip link first
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your message")).to_be_focused()
    page.keyboard.type("where do I start?")
    page.keyboard.press("Enter")
    first_option = page.get_by_role("button", name="Nurse", exact=True)
    expect(first_option).to_be_visible()
    first_option.focus()
    page.keyboard.press("Space")
    expect(page.locator(".message.bot").last).to_contain_text("Which nation")


def test_usable_on_a_phone(browser, channel_stack):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    s = channel_stack.settings
    page.goto(f"http://{s.host}:{s.knowledge_port}/chat")
    expect(page.locator(".message.bot").first).to_be_visible()
    ask(page, "where do I start?")
    nurse = page.get_by_role("button", name="Nurse", exact=True)
    expect(nurse).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert nurse.bounding_box()["height"] >= 44  # big enough to tap
    page.screenshot(path=str(SCREENSHOT.with_name("web-chat-phone.png")))
    phone.close()
