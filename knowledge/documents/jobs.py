"""Documents being added, and how far each has got, for the curation page's progress display.

Kept in memory: a job lasts seconds to a minute, and a restart mid-way loses nothing stored (the store is
written only at the end, in one transaction).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

KEEP = 100  # finished jobs kept to show their outcome

STAGES = {"queued": "Waiting to start", "reading": "Reading the file", "splitting": "Splitting into passages",
          "embedding": "Indexing the passages", "saving": "Saving", "done": "Done", "failed": "Not added"}


@dataclass
class Job:
    filename: str
    author: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    stage: str = "queued"
    done: int = 0
    total: int = 0
    error: str | None = None
    document_id: str | None = None
    passages: int = 0
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def finish(self, document_id: str, passages: int) -> None:
        self.stage, self.document_id, self.passages, self.finished_at = "done", document_id, passages, time.time()

    def fail(self, error: str) -> None:
        self.stage, self.error, self.finished_at = "failed", error, time.time()

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    def to_dict(self) -> dict:
        return {"id": self.id, "filename": self.filename, "stage": self.stage, "stage_label": STAGES[self.stage],
                "done": self.done, "total": self.total, "percent": self.percent, "error": self.error,
                "document_id": self.document_id, "passages": self.passages, "finished": self.finished}


class Jobs:
    def __init__(self):
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, filename: str, author: str) -> Job:
        job = Job(filename, author)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)
