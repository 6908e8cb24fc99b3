"""Which entry a question is about ("am I eligible for X?", "how do I apply for P2P?"): one it names outright,
else a confident search hit."""

from __future__ import annotations

from knowledge.index import KnowledgeIndex
from knowledge.schema import Kind
from knowledge.search import named_entries, search


def named_scheme(index: KnowledgeIndex, question: str) -> str | None:
    named = [e for e in named_entries(index, question) if index.entries[e].kind is Kind.scheme]
    return named[0] if named else None


def searched_entry(index: KnowledgeIndex, question: str, threshold: float) -> str | None:
    result = search(index, question, k=1)
    return result.hits[0].entry_id if result.hits and result.confidence >= threshold else None


def resolve_entry(index: KnowledgeIndex, question: str, threshold: float) -> str | None:
    """Which entry is "X" in "am I eligible for X?": one named outright, else a confident search hit."""
    return named_scheme(index, question) or searched_entry(index, question, threshold)
