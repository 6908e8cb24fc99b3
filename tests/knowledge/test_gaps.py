"""The gap log keeps what the R&D office needs, and opens logs written by older versions."""

import sqlite3

from knowledge.gaps import GapLog


def test_a_log_from_before_low_confidence_answers_is_upgraded_and_kept(tmp_path):
    path = tmp_path / "gaps.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE gaps (id INTEGER PRIMARY KEY, asked_at REAL NOT NULL, question TEXT NOT NULL, "
                   "confidence REAL NOT NULL, nearest_entry TEXT)")
        db.execute("INSERT INTO gaps (asked_at, question, confidence) VALUES (1.0, 'where do I park?', 0.1)")
    log = GapLog(path)
    log.record("is PCAF paid?", 0.55, "pcaf", answered=True)
    rows = {g["question"]: (g["answered"], g["nearest_entry"]) for g in log.recent()}
    assert rows == {"where do I park?": (0, None), "is PCAF paid?": (1, "pcaf")}
