"""Documents made on the fly for the tests and the benchmark: real PDF, Word and HTML files, good and bad."""

from __future__ import annotations

import functools
import io
import zipfile


def pdf(pages: list[list[tuple[str, str]]]) -> bytes:
    """A text PDF: each page a list of (kind, text), kind "h" for a heading or "p" for a paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for i, page in enumerate(pages):
        if i:
            story.append(PageBreak())
        story += [Paragraph(text, styles["Heading2" if kind == "h" else "BodyText"]) for kind, text in page]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def scanned_pdf(pages: int = 3) -> bytes:
    """Pages with a drawing but no text, as a scanner makes them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


def encrypted_pdf(password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf([[("p", "Confidential text of the trust.")]]))))
    writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(blocks: list[tuple[str, str]], table: list[list[str]] | None = None) -> bytes:
    """A Word file: (kind, text) blocks, kind "h" for a Heading 1 and "p" for a paragraph; optionally a table."""
    import docx as python_docx

    document = python_docx.Document()
    for kind, text in blocks:
        document.add_heading(text, level=1) if kind == "h" else document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """A .docx-shaped zip whose document.xml inflates 1,000 times (200 MB from about 200 kB); made once per process
    (compressing 200 MB takes a second)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:t>" + b"a" * (1024 * 1024) + b"</w:t>"
            for _ in range(200):
                member.write(chunk)
    return out.getvalue()
