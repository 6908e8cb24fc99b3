"""Text out of PDF, Word (.docx), HTML and plain-text files, as blocks that keep the document's structure:
the heading each paragraph sits under, and its page in a PDF.

Uploaded files are untrusted: size, page count, zip members and compression ratio are checked before a parser
sees them, and any failure to read one becomes a `DocumentError` with a message the uploader can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt

MAX_BYTES = 25 * 1024 * 1024
MAX_PAGES = 1500
MAX_TEXT_CHARS = 5_000_000
# A .docx is a zip: refuse one that would inflate past these (a "zip bomb"), before python-docx opens it.
MAX_ZIP_MEMBERS = 2000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# A PDF page with text has hundreds of characters; a scan has none, or a few from a stamp or page number.
MIN_CHARS_PER_PAGE = 40

FORMATS = ("pdf", "docx", "html", "text")
HEADING_MAX_CHARS = 90
_SENTENCE_END = re.compile(r"[.!?;:,)\]\"'”’]$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^\s*(?:[•\-*–·▪]|\d+[.)])\s+")


class DocumentError(ValueError):
    """The file cannot be used; the message says why and what to do instead."""


@dataclass(frozen=True)
class Block:
    text: str
    heading: str | None  # the nearest heading above it
    page: int | None  # 1-based, PDFs only
    is_heading: bool = False


Progress = Callable[[int, int], None]  # (done, total) pages or blocks


def detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if data.startswith(b"%PDF-") or name.endswith(".pdf"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or name.endswith(".docx"):
        return "docx"
    head = data[:2048].lstrip().lower()
    if name.endswith((".html", ".htm")) or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if name.endswith((".doc", ".rtf", ".odt", ".xls", ".xlsx", ".ppt", ".pptx", ".zip")):
        raise DocumentError(f"'{filename}' is not a supported format: upload a PDF, a Word .docx, HTML or text file "
                            "(save older .doc files as .docx first)")
    return "text"


def extract(data: bytes, filename: str, progress: Progress | None = None) -> tuple[str, list[Block]]:
    """The format found and the document's blocks in reading order; raises DocumentError for a file it cannot use."""
    if not data:
        raise DocumentError("the file is empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the file is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    kind = detect_format(filename, data)
    reader = {"pdf": _pdf, "docx": _docx, "html": _html, "text": _text}[kind]
    blocks = list(_with_headings(reader(data, progress or (lambda done, total: None))))
    if sum(len(b.text) for b in blocks) > MAX_TEXT_CHARS:
        raise DocumentError(f"the document holds more than {MAX_TEXT_CHARS:,} characters of text; split it into parts")
    if not any(not b.is_heading for b in blocks):
        raise DocumentError("no text could be found in the file")
    return kind, blocks


# A numbered label run into the words after it, as pages copied from a website have them ("Day 2The focus of the
# second day ..."): "Day 2: The focus ...", so "day 2" is read as the label it is.
_RUN_IN_LABEL = re.compile(r"\b((?:Day|Week|Month|Module|Session|Phase|Stage|Step|Part|Unit|Workshop) \d{1,2})(?=[A-Z][a-z])")


def _with_headings(raw: Iterator[tuple[str, int | None, bool]]) -> Iterator[Block]:
    heading = None
    for text, page, is_heading in raw:
        text = _RUN_IN_LABEL.sub(r"\1: ", " ".join(text.split()))
        if not text:
            continue
        if is_heading:
            heading = text
        yield Block(text, heading, page, is_heading)


def looks_like_heading(line: str) -> bool:
    """A short line standing alone, without the punctuation that ends a sentence or a list item."""
    line = line.strip()
    if _MARKDOWN_HEADING.match(line):
        return True
    return (0 < len(line) <= HEADING_MAX_CHARS and not _SENTENCE_END.search(line) and not _BULLET.match(line)
            and (line[0].isupper() or line[0].isdigit()) and any(c.isalpha() for c in line))


# Plain text.

def _decode(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise DocumentError("this is not a text file (it holds binary data); upload a PDF, a Word .docx, HTML or text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text(data: bytes, progress: Progress) -> Iterator[tuple[str, int | None, bool]]:
    """Paragraphs are separated by blank lines; a paragraph of one short line is a heading. In a Markdown file (a
    heading's hashes, a link or strong emphasis in it) the inline marks are read, not quoted ("[NHS Constitution](#)"
    is "NHS Constitution")."""
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    marked = bool(_MARKDOWN_SIGNS.search(text))  # plain text's "5*3*2" is arithmetic, not emphasis
    paragraphs = re.split(r"\n\s*\n", text)
    for i, paragraph in enumerate(paragraphs):
        lines = [plain(line) if marked else line for line in paragraph.split("\n") if line.strip()]
        if len(lines) == 1 and looks_like_heading(lines[0]):
            yield _MARKDOWN_HEADING.sub("", lines[0]), None, True
        elif lines:
            yield "\n".join(lines), None, False
        progress(i + 1, len(paragraphs))


_INLINE = MarkdownIt("commonmark")
_MARKDOWN_SIGNS = re.compile(r"^#{1,6}\s|\]\(|\*\*\w", re.M)
_MARK = re.compile(r"[*_`\[]")


def plain(line: str) -> str:
    """A line without Markdown's inline marks: links, images (their words), emphasis and code ticks; a list's
    marker and a heading's hashes are the line's structure and stay. Plain text passes through unchanged."""
    if not _MARK.search(line):
        return line
    lead = re.match(r"\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?", line).group()
    words = []
    for token in _INLINE.parseInline(line[len(lead):])[0].children or ():
        if token.type in ("text", "code_inline", "html_inline", "image"):  # (an image: its alt text)
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):  # text of several lines (the documents bench's facts)
            words.append(" ")
    return lead + "".join(words)


# HTML.

_HTML_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "td", "th", "dt", "dd", "caption"]


def _html(data: bytes, progress: Progress) -> Iterator[tuple[str, int | None, bool]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "form", "template", "svg"]):
        tag.decompose()
    found = soup.find_all(_HTML_BLOCKS)
    for i, element in enumerate(found):
        if element.find_parent(_HTML_BLOCKS):  # its text is already in the enclosing block
            continue
        yield element.get_text(" ", strip=True), None, element.name[0] == "h" and element.name[1:].isdigit()
        progress(i + 1, len(found))


# Word.

def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError("the Word file is damaged (not a valid .docx); open it in Word and save it again") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise DocumentError("the Word file holds too many parts to be a document; it was not read")
        if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES or any(
                m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1) for m in members):
            raise DocumentError("the Word file would expand to far more than its size (a zip bomb?); it was not read")
        if "word/document.xml" not in archive.namelist():
            raise DocumentError("this zip file is not a Word document (.docx)")
        if "EncryptedPackage" in archive.namelist():
            raise DocumentError("the Word file is password-protected; save a copy without a password and upload that")


def _docx(data: bytes, progress: Progress) -> Iterator[tuple[str, int | None, bool]]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: an old .doc, or a password-protected .docx
        raise DocumentError("the Word file is password-protected or in the old .doc format; "
                            "save it as an unprotected .docx and upload that")
    _check_zip(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        content = list(document.iter_inner_content())
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        raise DocumentError(f"the Word file could not be read ({type(exc).__name__}); open it in Word and save it "
                            "again") from None
    for i, item in enumerate(content):
        if isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if cells:
                    yield " | ".join(cells), None, False
        else:
            style = (item.style.name if item.style is not None else "") or ""
            yield item.text, None, style.startswith(("Heading", "Title"))
        progress(i + 1, len(content))


# PDF.

def _pdf(data: bytes, progress: Progress) -> Iterator[tuple[str, int | None, bool]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("the PDF is password-protected; save a copy without a password and upload that")
        total = len(reader.pages)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise DocumentError(f"the PDF is damaged or not a PDF ({type(exc).__name__}); it was not read") from None
    if total == 0:
        raise DocumentError("the PDF has no pages")
    if total > MAX_PAGES:
        raise DocumentError(f"the PDF has {total} pages; the limit is {MAX_PAGES}: split it into parts")
    pages = []
    for number in range(total):
        try:
            pages.append(reader.pages[number].extract_text() or "")
        except Exception as exc:  # pypdf raises many kinds on a damaged page stream
            raise DocumentError(f"page {number + 1} of the PDF could not be read ({type(exc).__name__})") from None
        progress(number + 1, total)
    if sum(len(p.strip()) for p in pages) < MIN_CHARS_PER_PAGE * total / 4:
        raise DocumentError("the PDF has no text to read: it looks like a scan (pictures of pages). Upload a PDF with "
                            "selectable text, or the document in Word or HTML")
    for number, text in enumerate(pages, start=1):
        yield from _pdf_page(text, number)


def _pdf_page(text: str, page: int) -> Iterator[tuple[str, int | None, bool]]:
    """Lines into paragraphs: a short line ending a sentence ends its paragraph, a short line without one is a
    heading, and a lone number (a page number) is dropped."""
    paragraph: list[str] = []
    lines = [line.strip() for line in text.split("\n")]
    width = max((len(line) for line in lines), default=0)
    for line in lines:
        if not line or line.isdigit():
            if paragraph:
                yield "\n".join(paragraph), page, False
                paragraph = []
            continue
        if looks_like_heading(line) and len(line) < 0.7 * width and not paragraph:
            yield line, page, True
            continue
        paragraph.append(line)
        if _SENTENCE_END.search(line) and len(line) < 0.8 * width:
            yield "\n".join(paragraph), page, False
            paragraph = []
    if paragraph:
        yield "\n".join(paragraph), page, False
