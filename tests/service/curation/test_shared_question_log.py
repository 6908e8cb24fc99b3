"""The question log of several instances: with a PostgreSQL URL, tables every knowledge service instance
shares; without, one SQLite file (instances on one machine). `database_url` comes from conftest.py."""

from concurrent.futures import ThreadPoolExecutor

from knowledge.gaps import GapLog


def test_two_instances_write_and_read_one_log(tmp_path, database_url):
    path = tmp_path / "gaps.sqlite3"
    first, second = GapLog(path, database_url), GapLog(path, database_url)
    first.record("who pays for my time? 07700 900123", 0.2, "pcaf")
    second.rate("pcaf", "is PCAF paid?", helpful=False)
    assert [g["question"] for g in second.recent()] == ["who pays for my time? [phone number]"]
    assert [(r["entry_id"], r["helpful"]) for r in first.ratings()] == [("pcaf", 0)]
    assert path.exists() == (database_url is None)
    row = first.recent()[0]["id"]
    assert second.delete("gaps", row) and not first.delete("gaps", row)


def test_purge_deletes_only_older_rows_for_every_instance(tmp_path, database_url, monkeypatch):
    path = tmp_path / "gaps.sqlite3"
    log = GapLog(path, database_url)
    with monkeypatch.context() as patched:
        patched.setattr("knowledge.gaps.time.time", lambda: 1000.0)
        log.record("old question", 0.1, None)
    log.record("new question", 0.1, None)
    deleted = GapLog(path, database_url).purge(2000.0)
    assert len(deleted["gaps"]) == 1 and [g["question"] for g in log.recent()] == ["new question"]


def test_instances_starting_together_create_the_tables_once(tmp_path, database_url):
    with ThreadPoolExecutor(max_workers=4) as pool:
        logs = list(pool.map(lambda _: GapLog(tmp_path / "gaps.sqlite3", database_url), range(4)))
    logs[0].record("a question", 0.1, None)
    assert [g["question"] for g in logs[3].recent()] == ["a question"]
