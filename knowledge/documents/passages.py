"""Blocks into passages the bot can quote: whole paragraphs where they are a sensible size, short ones under the
same heading and page joined, long ones cut between sentences. A passage never crosses a heading or a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from knowledge.documents.extract import Block

MIN_WORDS = 40  # shorter paragraphs are joined to the next one under the same heading and page
MAX_WORDS = 160  # longer ones are cut between sentences
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
# A paragraph that stops without ending its sentence (a PDF's page or column break, "We interviewed 51" / "staff
# in six NHS Trusts") goes on in the next block: the passage waits for it rather than cutting the sentence.
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"'”’*]\W*$")
_LIST_ITEM = re.compile(r"^\s*(?:[•\-*–·▪]|\d+[.)])\s+")  # a list item is whole without a full stop
# A numbered note or reference: "⁵⁸ Academy of Medical Sciences (2020) Transforming health..." or "[12] Gee M
# (2018) ...", at the start of the block or after a list dash (a block's lines arrive joined into one).
_REFERENCE = re.compile(r"(?:^|\s[•\-*–]\s|^[•\-*–]\s)(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])\s*[A-Z][^()]{0,150}\((?:19|20)\d\d")


@dataclass(frozen=True)
class Passage:
    document_id: str
    number: int  # 1.. in reading order
    text: str  # verbatim from the document (runs of white space made one space)
    heading: str | None
    page: int | None

    @property
    def key(self) -> str:
        return f"{self.document_id}#{self.number}"

    def where(self) -> str:
        """Where in the document: "page 4, section 'Barriers'" / "section 'Barriers'" / ""."""
        parts = [f"page {self.page}"] if self.page else []
        if self.heading:
            parts.append(f"section \u201c{self.heading}\u201d")
        return ", ".join(parts)


def _pieces(text: str) -> list[str]:
    """A long paragraph cut between sentences into pieces of at most MAX_WORDS words (a longer sentence stays whole)."""
    if len(text.split()) <= MAX_WORDS:
        return [text]
    pieces, current = [], []
    for sentence in _SENTENCES.split(text):
        if current and len(" ".join(current + [sentence]).split()) > MAX_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def is_references(text: str) -> bool:
    """The block is a list of numbered notes or references (three of them, or one that opens the block): a
    bibliography answers no one's question, and its authors' names and titles would otherwise match many (a
    question about Wales found a list of reports)."""
    notes = _REFERENCE.findall(text)
    return len(notes) >= 3 or (bool(notes) and text.startswith(notes[0]))


# Sections that answer no one's question: a table of contents (every heading's words, so it matched many questions)
# and the thanks to those who took part (its list of trusts answered "do big teaching hospitals get all the research?").
FRONT_MATTER = re.compile(r"^\W*(?:table of )?contents\W*$|^\W*acknowledge?ments?\W*$|^\W*list of (?:appendices|figures|"
                          r"tables|contents)\W*$", re.IGNORECASE)


def split(document_id: str, blocks: Iterable[Block]) -> list[Passage]:
    """Passages of the blocks, leaving out reference lists, tables of contents and acknowledgements."""
    passages: list[Passage] = []
    pending: list[str] = []
    place: tuple[str | None, int | None] = (None, None)

    def flush() -> None:
        if pending:
            for piece in _pieces(" ".join(pending)):
                passages.append(Passage(document_id, len(passages) + 1, piece, *place))
            pending.clear()

    blocks = list(blocks)
    for i, block in enumerate(blocks):
        heads_nothing = block.is_heading and (i + 1 == len(blocks) or blocks[i + 1].is_heading)
        if heads_nothing and block.page == place[1] and (
                pending or (passages and (passages[-1].heading, passages[-1].page) == place)):
            # A short line taken for a heading that heads nothing (a signature, a caption without a full stop) ends
            # the section above it, instead of being lost: no passage would hold it otherwise.
            if pending:
                pending.append(block.text)
            else:
                passages[-1] = replace(passages[-1], text=f"{passages[-1].text} {block.text}")
            continue
        if not block.is_heading and is_references(block.text):
            flush()
            place = (None, -1)  # nothing joins across the references, nor a heading that headed only them
            continue
        if block.is_heading or (block.heading, block.page) != place:
            flush()
            place = (block.heading, block.page)
        if block.is_heading or (place[0] and FRONT_MATTER.match(place[0])):
            continue
        pending.append(block.text)
        size = len(" ".join(pending).split())
        leads_in = block.text.rstrip().endswith(":")  # "We will:" is said by the list after it, kept with it
        if size >= MAX_WORDS or (size >= MIN_WORDS and not leads_in and (
                _ENDS_SENTENCE.search(block.text) or _LIST_ITEM.match(block.text))):
            flush()
    flush()
    return passages
