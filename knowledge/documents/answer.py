"""A document passage as the bot's answer: the passage verbatim, where it is in which document of what date,
and a plain note that the R&D office has not reviewed it. Never a paraphrase, never a merge of passages; when the
ranking cannot tell the first two passages apart and the passage is the answer, both are quoted, one after the
other, each with its source.
"""

from __future__ import annotations

from knowledge.documents.index import DocumentHit, DocumentIndex, DocumentResult

# Below this the document tier says nothing and the bot keeps its "I don't know". Calibrated on
# bench/documents.yaml (questions answered only in the documents, and out-of-scope ones) by bench/documents.py,
# which also checks the dev set's out-of-scope questions are refused as often as without this tier.
MIN_CONFIDENCE = 0.62
# A passage whose best few sentences hold nearly all the question's words, each weighted by how rare it is in the
# documents (`DocumentResult.support`), answers at a lower confidence: the small embedding model scores a long list
# low (one item of a list of ten asked for by its number), while out-of-scope questions
# usually ask for words the documents never use ("dog", "canteen", "payslip"). Fitted two-fold (docs/benchmarks.md).
SUPPORTED = 0.8
SUPPORTED_CONFIDENCE = 0.3
# And one holding most of them, a little below it ("What software was used to create the CRUK survey?": the passage
# naming Qualtrics at 0.51, support 0.70), where out-of-scope questions score lower on both. PARTLY_SUPPORTED is
# fitted two-fold beside SUPPORTED; its confidence floor, 0.5, was set by hand from the same figures
# (docs/benchmarks.md).
PARTLY_SUPPORTED = 0.6
PARTLY_SUPPORTED_CONFIDENCE = 0.5

# The second passage is quoted as well when its score (the fused score of knowledge/documents/index.py) is within
# CLOSE of the first's and it says something else: the ranking cannot tell which of the two answers, and quoting
# both is honest where quoting one is a coin toss. Passages sharing more than SAME_TEXT of their words say the
# same thing (a report repeating a quotation) and are not both quoted. Fitted with SUPPORTED by bench/documents.py
# --calibrate: quotes two passages in 1 of the 27 dev-set answers that quote one (docs/benchmarks.md).
CLOSE = 0.15
SAME_TEXT = 0.8


def confident(result: DocumentResult, threshold: float = MIN_CONFIDENCE) -> bool:
    """Is the tier sure enough of its first passage to quote it as an answer?"""
    return bool(result.hits) and (result.confidence >= threshold or (
        result.support >= SUPPORTED and result.confidence >= SUPPORTED_CONFIDENCE) or (
        result.support >= PARTLY_SUPPORTED and result.confidence >= PARTLY_SUPPORTED_CONFIDENCE))

NOT_REVIEWED = ("_This is quoted from the document as it stands: the R&D office has not reviewed it as an answer "
                "yet, so please check with them before relying on it._")


def where(hit: DocumentHit) -> str:
    place = hit.passage.where()
    return f", {place}" if place else ""


def _same_text(a: DocumentHit, b: DocumentHit) -> bool:
    one, other = set(a.passage.text.lower().split()), set(b.passage.text.lower().split())
    return len(one & other) > SAME_TEXT * max(1, len(one | other))


def shown(result: DocumentResult) -> list[DocumentHit]:
    """The passages the answer quotes: the first, and the second when the two are too close to call."""
    hits = result.hits
    if len(hits) > 1 and hits[0].score - hits[1].score <= CLOSE and not _same_text(hits[0], hits[1]):
        return hits[:2]
    return hits[:1]


def _details(hit: DocumentHit) -> str:
    """"Cancer Research UK and University of Kent, February 2021": who published the document, and when."""
    document = hit.document
    return ", ".join(p for p in (document.publisher, document.published or "date not stated") if p)


def _quoted(hit: DocumentHit, lead: str) -> str:
    return f"**{lead} \u201c{hit.document.title}\u201d** ({_details(hit)}){where(hit)}:\n\u201c{hit.passage.text}\u201d"


def text_of(hits: list[DocumentHit], lead: str = "From the document") -> str:
    """One passage: quoted, the note, its source. Two: each quoted with its source, then the note once."""
    if len(hits) == 1:
        hit = hits[0]
        return f"{_quoted(hit, lead)}\n{NOT_REVIEWED}\n_Source: {hit.document.citation()}._"
    leads = ["Two passages may answer this. From the document"] + ["And from the document"] * (len(hits) - 1)
    quotes = [f"{_quoted(hit, lead)}\n_Source: {hit.document.citation()}._" for hit, lead in zip(hits, leads)]
    return "\n\n".join(quotes) + f"\n{NOT_REVIEWED}"


def supplement(result: DocumentResult) -> dict:
    """The passage added after an entry's answer: its text, and what identifies it (tier "document", unreviewed).
    One passage only: after an answer already given, a second would make the reply long for little."""
    hits = result.hits[:1]
    hit = hits[0]
    return {"text": "\n\n" + text_of(hits), "tier": "document", "document_id": hit.document.id,
            "passage_id": hit.passage.key, "passages": [h.passage.key for h in hits], "title": hit.document.title,
            "section": hit.passage.heading, "page": hit.passage.page, "published": hit.document.published,
            "reviewed": False, "confidence": result.confidence}


def compose(result: DocumentResult, threshold: float = MIN_CONFIDENCE) -> dict | None:
    """The answer as /api/answer returns it (tier "document"), or None when the tier is not sure enough."""
    if not confident(result, threshold):
        return None
    hits = shown(result)
    return _passage_reply(hits[0], text_of(hits), result.confidence, hits)


def _passage_reply(hit: DocumentHit, text: str, confidence: float = 1.0,
                   quoted: list[DocumentHit] | None = None) -> dict:
    """A reply of tier "document" about `hit` (and the passages `quoted`, when it quotes more than that one)."""
    passage, document = hit.passage, hit.document
    return {
        "answered": True, "text": text, "confidence": confidence, "entry_id": None, "title": document.title,
        "citation": document.citation(), "last_reviewed": None, "suggestions": [], "tier": "document",
        "reviewed": False, "document_id": document.id, "passage_id": passage.key, "passage_number": passage.number,
        "section": passage.heading, "page": passage.page, "published": document.published,
        "passages": [h.passage.key for h in quoted or [hit]],
    }


def _hit(index: DocumentIndex, at: int) -> DocumentHit:
    passage = index.passages[at]
    return DocumentHit(passage, index.documents[passage.document_id], 1.0, 1.0)


def continued(index: DocumentIndex, key: str) -> dict | None:
    """"Tell me more" after a passage: the one that follows it in the same document, quoted the same way; None when
    the key is no longer indexed (a retired document)."""
    at = index.by_key.get(key)
    if at is None:
        return None
    following = at + 1
    if following >= len(index.passages) or index.passages[following].document_id != index.passages[at].document_id:
        last = _hit(index, at)
        text = (f"That was the end of “{last.document.title}”. Ask me something else, or your R&D office for more."
                f"\n_Source: {last.document.citation()}._")
        return _passage_reply(last, text)
    hit = _hit(index, following)
    return _passage_reply(hit, text_of([hit], "Continuing, from the document"))


def source_of(index: DocumentIndex, key: str) -> dict | None:
    """"Where's that from?" after a passage: the document, where in it, its publisher, date and address."""
    at = index.by_key.get(key)
    if at is None:
        return None
    hit = _hit(index, at)
    text = (f"That passage is quoted word for word from **“{hit.document.title}”** ({_details(hit)}){where(hit)}, "
            f"passage {hit.passage.number}.\n_Source: {hit.document.citation()}._\n{NOT_REVIEWED}")
    return _passage_reply(hit, text)
