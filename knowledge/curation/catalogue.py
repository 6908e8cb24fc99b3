"""Finding entries for the list page and the API: the bot's own search, then the filters.

Search ranks published entries with the same retrieval the bot uses; drafts the
bot cannot see yet are matched on their id, title, synonyms and summary.
"""

from __future__ import annotations

import datetime as dt

from knowledge.curation.store import EntryStore, Record, Workflow
from knowledge.index import KnowledgeIndex
from knowledge.search import search
from knowledge.text import normalise

REVIEW_FILTERS = ("overdue", "soon")


def review_cutoff(review: str | None, today: dt.date, soon_days: int) -> dt.date | None:
    if review == "overdue":
        return today - dt.timedelta(days=1)
    if review == "soon":
        return today + dt.timedelta(days=soon_days)
    return None


def _matches(record: Record, needle: str) -> bool:
    data = record.data
    hay = " ".join([data["id"], data["title"], data["summary"], *data.get("synonyms", [])])
    return needle in normalise(hay)


def find(store: EntryStore, index: KnowledgeIndex, q: str = "", workflow: str | None = None, owner: str | None = None,
         kind: str | None = None, review: str | None = None, today: dt.date | None = None,
         soon_days: int = 30) -> list[Record]:
    records = store.list(workflow=workflow, owner=owner, kind=kind,
                         due_by=review_cutoff(review, today or dt.date.today(), soon_days))
    q = q.strip()
    if not q:
        return records
    ranked = [h.entry_id for h in search(index, q, k=20).hits]
    order = {entry_id: i for i, entry_id in enumerate(ranked)}
    needle = normalise(q).strip()
    hits = [r for r in records if r.id in order or _matches(r, needle)]
    return sorted(hits, key=lambda r: order.get(r.id, len(order)))


def dashboard(store: EntryStore, today: dt.date, soon_days: int) -> dict:
    """Counts by workflow, entries waiting for review, and entries past or near their review date."""
    records = store.list()
    live = [r for r in records if r.workflow is not Workflow.retired]
    return {
        "counts": {w.value: sum(r.workflow is w for r in records) for w in Workflow},
        "in_review": [r for r in records if r.workflow is Workflow.in_review],
        "overdue": sorted((r for r in live if r.review_due < today), key=lambda r: r.review_due),
        "due_soon": sorted((r for r in live if today <= r.review_due <= today + dt.timedelta(days=soon_days)),
                           key=lambda r: r.review_due),
    }
