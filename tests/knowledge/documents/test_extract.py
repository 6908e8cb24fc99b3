"""Reading documents: structure kept (headings, pages), and every bad file refused with a clear message."""

import pytest

from knowledge.documents import extract as extraction
from knowledge.documents.extract import DocumentError, extract
from knowledge.documents.passages import split
from tests.knowledge.documents import files

LONG = ("Staff in the trust may apply for two research days a month once their line manager agrees a plan. "
        "The days are protected and recorded in the job plan so that clinical rotas can cover them. ")


def _texts(blocks):
    return [b.text for b in blocks if not b.is_heading]


def test_pdf_keeps_pages_and_headings():
    data = files.pdf([[("h", "Research days"), ("p", LONG)], [("h", "Mentoring"), ("p", "Every new researcher is "
                                                                                       "offered a mentor.")]])
    kind, blocks = extract(data, "strategy.pdf")
    assert kind == "pdf"
    passages = split("d", blocks)
    first = next(p for p in passages if "two research days" in p.text)
    assert first.page == 1 and first.heading == "Research days"
    second = next(p for p in passages if "offered a mentor" in p.text)
    assert second.page == 2 and second.heading == "Mentoring"
    assert second.where() == "page 2, section \u201cMentoring\u201d"


def test_docx_headings_paragraphs_and_tables():
    data = files.docx([("h", "Protected time"), ("p", LONG), ("h", "Funding"), ("p", "Grants of up to one thousand "
                                                                                   "pounds are offered.")],
                      table=[["Scheme", "Who"], ["Bursary", "Nurses and midwives"]])
    kind, blocks = extract(data, "plan.docx")
    assert kind == "docx"
    passages = split("d", blocks)
    assert next(p for p in passages if "two research days" in p.text).heading == "Protected time"
    assert any("Bursary | Nurses and midwives" in p.text for p in passages)


def test_html_drops_scripts_and_navigation_and_keeps_headings():
    data = (b"<html><head><title>T</title><script>alert(1)</script></head><body><nav>Home | About</nav>"
            b"<h1>Clinical academic careers</h1><p>Internships give a first taste of research.</p>"
            b"<ul><li>Apply in <b>May</b> each year.</li></ul><footer>Cookies</footer></body></html>")
    kind, blocks = extract(data, "page.html")
    assert kind == "html"
    assert _texts(blocks) == ["Internships give a first taste of research.", "Apply in May each year."]
    assert blocks[-1].heading == "Clinical academic careers"


def test_text_paragraphs_and_short_lines_as_headings():
    kind, blocks = extract("Our vision\n\nWe will open trials quickly.\n\n# Partners\n\nWe work with the university."
                           .encode(), "notes.txt")
    assert kind == "text"
    assert [(b.heading, b.text) for b in blocks if not b.is_heading] == [
        ("Our vision", "We will open trials quickly."), ("Partners", "We work with the university.")]


def test_text_reads_markdown_inline_marks_as_words():
    data = (b"## The *strategy*\n\nHEE must promote research ([Health & Social Care Act 2012](#)) and '*develop a "
            b"flexible workforce*'.\n- the **key drivers** of change;\n- see `NVivo` and ![a chart](c.png)\n\n"
            b"Costs 5 * 3 and snake_case stay.")
    _, blocks = extract(data, "strategy.md")
    assert [b.text for b in blocks] == [
        "The strategy",
        "HEE must promote research (Health & Social Care Act 2012) and 'develop a flexible workforce'. - the key "
        "drivers of change; - see NVivo and a chart",
        "Costs 5 * 3 and snake_case stay."]
    assert blocks[0].is_heading


def test_plain_text_keeps_its_stars_and_markdown_keeps_inline_html():
    _, blocks = extract(b"Total cost = 5*3*2 = 30 for an A*B*C grade.", "sums.txt")
    assert blocks[0].text == "Total cost = 5*3*2 = 30 for an A*B*C grade."
    _, blocks = extract(b"# Notes\n\nQuote the <NHS number> and *x*.", "notes.md")
    assert blocks[1].text == "Quote the <NHS number> and x."
    assert extraction.plain("a *quoted*\nfact [across](#) lines") == "a quoted fact across lines"


def test_a_numbered_label_run_into_its_text_is_set_apart():
    _, blocks = extract(b"Day 1Will focus on leadership.\n\nDay 2The second day. Day 22 of May; Stage 3 ABC.", "p.txt")
    assert [b.text for b in blocks] == ["Day 1: Will focus on leadership.", "Day 2: The second day. Day 22 of May; Stage 3 ABC."]


def test_long_paragraphs_are_cut_between_sentences_and_never_lose_text():
    sentences = [f"Sentence number {i} says something about research time in the trust." for i in range(60)]
    kind, blocks = extract(" ".join(sentences).encode(), "long.txt")
    passages = split("d", blocks)
    assert len(passages) > 1
    assert all(len(p.text.split()) <= 170 for p in passages)
    assert " ".join(p.text for p in passages) == " ".join(sentences)


@pytest.mark.parametrize("make, filename, message", [
    (lambda: files.scanned_pdf(), "scan.pdf", "looks like a scan"),
    (lambda: files.encrypted_pdf(), "locked.pdf", "password-protected"),
    (lambda: files.pdf([[("p", LONG)]])[:300], "cut.pdf", "damaged"),
    (lambda: b"%PDF-1.7\n garbage " * 50, "junk.pdf", "damaged"),
    (lambda: files.zip_bomb(), "bomb.docx", "zip bomb"),
    (lambda: b"PK\x03\x04 not really a zip" * 10, "broken.docx", "damaged"),
    (lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "old.docx", "password-protected or in the old .doc format"),
    (lambda: b"\x00\x01\x02binary" * 100, "data.txt", "not a text file"),
    (lambda: b"", "empty.txt", "empty"),
    (lambda: b"<html><body><script>x()</script></body></html>", "blank.html", "no text"),
    (lambda: b"anything", "sheet.xlsx", "not a supported format"),
])
def test_bad_files_are_refused_with_a_clear_message(make, filename, message):
    with pytest.raises(DocumentError, match=message):
        extract(make(), filename)


def test_huge_files_and_too_many_pages_are_refused(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_BYTES", 1000)
    with pytest.raises(DocumentError, match="the limit is"):
        extract(b"a" * 1001, "big.txt")
    monkeypatch.setattr(extraction, "MAX_BYTES", 10**8)
    monkeypatch.setattr(extraction, "MAX_PAGES", 2)
    with pytest.raises(DocumentError, match="3 pages; the limit is 2"):
        extract(files.pdf([[("p", LONG)]] * 3), "long.pdf")


def test_progress_is_reported_per_page():
    seen = []
    extract(files.pdf([[("p", LONG)]] * 3), "three.pdf", lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
