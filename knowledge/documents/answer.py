"""A document passage as the bot's answer: the passage verbatim, where it is in which document of what date,
and a plain note that the R&D office has not reviewed it. Never a paraphrase, never a merge of passages.
"""

from __future__ import annotations

from knowledge.documents.index import DocumentHit, DocumentResult

# Below this the document tier says nothing and the bot keeps its "I don't know". Calibrated on
# bench/documents.yaml (questions answered only in the documents, and out-of-scope ones) by bench/documents.py,
# which also checks the dev set's out-of-scope questions are refused as often as without this tier.
MIN_CONFIDENCE = 0.62
# A passage whose best few sentences hold nearly all the question's words, each weighted by how rare it is in the
# documents (`DocumentResult.support`), answers at a lower confidence: the small embedding model scores a long list
# low ("What is HEE's key deliverable 1.1?" against a list of ten deliverables), while out-of-scope questions
# always ask for words the documents do not use ("dog", "canteen", "payslip"). Fitted two-fold (docs/benchmarks.md).
SUPPORTED = 0.8
SUPPORTED_CONFIDENCE = 0.3


def confident(result: DocumentResult, threshold: float = MIN_CONFIDENCE) -> bool:
    """Is the tier sure enough of its first passage to quote it as an answer?"""
    return bool(result.hits) and (result.confidence >= threshold or (
        result.support >= SUPPORTED and result.confidence >= SUPPORTED_CONFIDENCE))

NOT_REVIEWED = ("_This is quoted from the document as it stands: the R&D office has not reviewed it as an answer "
                "yet, so please check with them before relying on it._")


def where(hit: DocumentHit) -> str:
    place = hit.passage.where()
    return f", {place}" if place else ""


def text_of(hit: DocumentHit) -> str:
    document = hit.document
    details = ", ".join(p for p in (document.publisher, document.published or "date not stated") if p)
    return (f"**From the document \u201c{document.title}\u201d** ({details}){where(hit)}:\n"
            f"\u201c{hit.passage.text}\u201d\n{NOT_REVIEWED}\n_Source: {document.citation()}._")


def supplement(result: DocumentResult) -> dict:
    """The passage added after an entry's answer: its text, and what identifies it (tier "document", unreviewed)."""
    hit = result.hits[0]
    return {"text": "\n\n" + text_of(hit), "tier": "document", "document_id": hit.document.id,
            "passage_id": hit.passage.key, "title": hit.document.title, "section": hit.passage.heading,
            "page": hit.passage.page, "published": hit.document.published, "reviewed": False, "confidence": result.confidence}


def compose(result: DocumentResult, threshold: float = MIN_CONFIDENCE) -> dict | None:
    """The answer as /api/answer returns it (tier "document"), or None when the tier is not sure enough."""
    if not confident(result, threshold):
        return None
    hit = result.hits[0]
    passage, document = hit.passage, hit.document
    return {
        "answered": True, "text": text_of(hit), "confidence": result.confidence, "entry_id": None,
        "title": document.title, "citation": document.citation(), "last_reviewed": None, "suggestions": [],
        "tier": "document", "reviewed": False, "document_id": document.id, "passage_id": passage.key,
        "passage_number": passage.number, "section": passage.heading, "page": passage.page,
        "published": document.published,
    }
