"""What staff asked and did not get: unanswered questions, low-confidence answers and answers rated
unhelpful, grouped by meaning.

The gap log keeps no sender ids; the professions chart counts only professions
named in the question text itself ("as a physio, ..."), so it stays anonymous.
Handled questions are remembered in the curation store, keyed "gap:<id>" or
"feedback:<id>", and drop off the list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from knowledge import embedder
from knowledge.curation.db import Database
from knowledge.curation.store import EntryStore, FieldError, Invalid, Record
from knowledge.gaps import GapLog
from knowledge.index import KnowledgeIndex
from knowledge.search import CANDIDATES
from knowledge.taxonomy import normalise_profession

HISTORY_LIMIT = 10_000


@dataclass
class Question:
    key: str  # "gap:12" or "feedback:3"
    kind: str  # "unanswered", "low confidence" or "unhelpful"
    question: str
    at: float
    entry_id: str | None  # nearest entry (unanswered) or the entry rated (unhelpful)
    confidence: float | None


@dataclass
class Likely:
    """An entry a group of questions probably belongs to: add the question to it, and the bot learns it."""

    entry_id: str
    title: str
    similarity: float  # cosine between the group's questions and the entry's closest passage or question


@dataclass
class Group:
    questions: list[Question] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list, repr=False)  # the questions' embeddings
    likely: list[Likely] = field(default_factory=list)

    @property
    def label(self) -> str:
        counts = Counter(q.question.strip().lower() for q in self.questions)
        commonest = counts.most_common(1)[0][0]
        return next(q.question for q in self.questions if q.question.strip().lower() == commonest)

    def to_dict(self) -> dict:
        times = [q.at for q in self.questions]
        return {"label": self.label, "count": len(self.questions), "first_at": min(times), "last_at": max(times),
                "kinds": dict(Counter(q.kind for q in self.questions)),
                "entries": sorted({q.entry_id for q in self.questions if q.entry_id}),
                "likely": [likely.__dict__ for likely in self.likely],
                "questions": [q.__dict__ for q in sorted(self.questions, key=lambda q: -q.at)]}


def handled_keys(db: Database) -> set[str]:
    with db.connect() as c:
        return {r["question_key"] for r in c.all("SELECT question_key FROM handled_questions")}


def mark_handled(db: Database, keys: list[str], user_id: str) -> int:
    """Mark questions handled; returns how many were newly marked."""
    done = handled_keys(db)
    new = [k for k in dict.fromkeys(keys) if k not in done]
    with db.connect() as c:
        for key in new:
            c.execute("INSERT INTO handled_questions (question_key, handled_by, handled_at) VALUES (?, ?, ?)",
                      (key, user_id, time.time()))
    return len(new)


def collect(gaps: GapLog, db: Database, include_handled: bool = False) -> list[Question]:
    """Unanswered questions and unhelpful ratings that carry the question, newest first."""
    found = [Question(f"gap:{g['id']}", "low confidence" if g["answered"] else "unanswered", g["question"], g["asked_at"], g["nearest_entry"], g["confidence"])
             for g in gaps.recent(HISTORY_LIMIT)]
    found += [Question(f"feedback:{f['id']}", "unhelpful", f["question"], f["rated_at"], f["entry_id"], None)
              for f in gaps.ratings(HISTORY_LIMIT) if not f["helpful"] and f["question"]]
    if not include_handled:
        done = handled_keys(db)
        found = [q for q in found if q.key not in done]
    return sorted(found, key=lambda q: -q.at)


def group(questions: list[Question], threshold: float) -> list[Group]:
    """Greedy grouping: each question joins the first group whose first question is at least `threshold` similar."""
    if not questions:
        return []
    vectors = embedder.embed([q.question for q in questions])
    groups: list[Group] = []
    leaders: list[np.ndarray] = []
    for question, vector in zip(questions, vectors):
        scores = [float(vector @ leader) for leader in leaders]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= threshold:
            groups[best].questions.append(question)
            groups[best].vectors.append(vector)
        else:
            groups.append(Group([question], [vector]))
            leaders.append(vector)
    return sorted(groups, key=lambda g: (-len(g.questions), -max(q.at for q in g.questions)))


LIKELY_ENTRIES = 3


def suggest_entries(groups: list[Group], index: KnowledgeIndex, n: int = LIKELY_ENTRIES) -> list[Group]:
    """Fill each group's `likely`: the entries whose passages or alternate questions are closest to the
    group's questions (their mean), by the service's own dense index and from the vectors grouping already
    made, so no question is embedded twice and a page of many groups stays cheap at 10,000 entries."""
    if not index.passages:
        return groups
    for g in groups:
        centre = np.mean(g.vectors, axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        found = index.dense.search(centre.astype(np.float32), min(CANDIDATES, len(index.passages)))
        best: dict[str, float] = {}
        for pid, similarity in zip(found, (index.vectors[found] @ centre).tolist()):
            entry_id = index.passages[pid].entry_id
            best[entry_id] = max(similarity, best.get(entry_id, -1.0))
        top = sorted(best, key=lambda e: -best[e])[:n]
        g.likely = [Likely(e, index.entries[e].title, round(best[e], 3)) for e in top]
    return groups


def add_as_question(store: EntryStore, entry_id: str, question: str, author: str) -> Record:
    """A new draft of the entry with `question` among its alternate questions, for review and publishing like
    any edit (once published the live index searches it). Refused as the store refuses any edit: an invalid
    question (Invalid), no such entry (NotFound), someone saving at the same moment (Conflict)."""
    record = store.get(entry_id)
    data = dict(record.data)
    known = [q.casefold() for q in data.get("alternate_questions") or []]
    if question.strip().casefold() in known:
        raise Invalid([FieldError("alternate_questions", "the entry already has this question")])
    data["alternate_questions"] = [*(data.get("alternate_questions") or []), question.strip()]
    return store.save(entry_id, data, record.version, author)


def week_of(timestamp: float) -> dt.date:
    day = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).date()
    return day - dt.timedelta(days=day.weekday())


def stats(questions: list[Question], index: KnowledgeIndex, weeks: int = 12, today: dt.date | None = None) -> dict:
    """Questions per week (last `weeks`, Mondays), top topics of the nearest entries, professions named."""
    this_week = week_of(time.time()) if today is None else today - dt.timedelta(days=today.weekday())
    starts = [this_week - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    per_week = Counter(week_of(q.at) for q in questions)
    topics: Counter[str] = Counter()
    for q in questions:
        entry = index.entries.get(q.entry_id or "")
        topics.update(entry.topics if entry else ["(no close entry)"])
    professions = Counter(normalise_profession(q.question) or "not stated" for q in questions)
    return {"per_week": [(d.isoformat(), per_week.get(d, 0)) for d in starts],
            "topics": topics.most_common(10), "professions": professions.most_common(10)}


def to_csv(questions: list[Question]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["key", "kind", "asked_at_utc", "question", "entry_id", "confidence"])
    for q in questions:
        when = dt.datetime.fromtimestamp(q.at, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
        text = "'" + q.question if q.question.startswith(("=", "+", "-", "@")) else q.question  # no spreadsheet formulas
        writer.writerow([q.key, q.kind, when, text, q.entry_id or "", "" if q.confidence is None else round(q.confidence, 3)])
    return out.getvalue()
