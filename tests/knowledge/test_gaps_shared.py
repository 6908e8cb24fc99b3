"""With a PostgreSQL URL the question log is one table every knowledge service instance shares."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import psycopg
import pytest

from knowledge.gaps import GapLog

POSTGRES_URL = os.environ.get("NHSBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def shared_url():
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_two_instances_write_and_read_one_log(tmp_path, shared_url):
    first, second = GapLog(tmp_path / "a.sqlite3", shared_url), GapLog(tmp_path / "b.sqlite3", shared_url)
    first.record("who pays for my time? 07700 900123", 0.2, "pcaf")
    second.rate("pcaf", "is PCAF paid?", helpful=False)
    assert [g["question"] for g in second.recent()] == ["who pays for my time? [phone number]"]
    assert [(r["entry_id"], r["helpful"]) for r in first.ratings()] == [("pcaf", 0)]
    assert not (tmp_path / "a.sqlite3").exists()
    row = first.recent()[0]["id"]
    assert second.delete("gaps", row) and not first.delete("gaps", row)


def test_purge_deletes_only_older_rows_for_every_instance(tmp_path, shared_url):
    log = GapLog(tmp_path / "gaps.sqlite3", shared_url)
    log.record("old question", 0.1, None)
    cutoff = log.recent()[0]["asked_at"] + 0.001
    log.record("new question", 0.1, None)
    with psycopg.connect(shared_url, autocommit=True) as conn:  # the second row is younger than the cut-off
        conn.execute("UPDATE gaps SET asked_at = asked_at + 10 WHERE question = 'new question'")
    deleted = GapLog(tmp_path / "other.sqlite3", shared_url).purge(cutoff)
    assert len(deleted["gaps"]) == 1 and [g["question"] for g in log.recent()] == ["new question"]


def test_instances_starting_together_create_the_tables_once(tmp_path, shared_url):
    with ThreadPoolExecutor(max_workers=4) as pool:
        logs = list(pool.map(lambda i: GapLog(tmp_path / f"{i}.sqlite3", shared_url), range(4)))
    logs[0].record("a question", 0.1, None)
    assert [g["question"] for g in logs[3].recent()] == ["a question"]
