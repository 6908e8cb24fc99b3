"""The retention purge, with a fake clock: the question log and Rasa's tracker store (SQLite and PostgreSQL)
keep only what is younger than the retention period, and a conversation in use carries on."""

import json
import os
import uuid
from urllib.parse import quote

import psycopg
import pytest

from knowledge import retention
from knowledge.curation.db import Database
from knowledge.gaps import GapLog
from knowledge.settings import Settings

POSTGRES_URL = os.environ.get("NHSBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = 1_900_000_000.0
DAY = 86400
# Rasa 3.6's SQLTrackerStore.SQLEvent, column for column.
EVENTS = """CREATE TABLE events (id {id}, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
            timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request, tmp_path):
    if request.param == "sqlite":
        yield Settings(data_dir=tmp_path)
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield Settings(data_dir=tmp_path, tracker_database_url=f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}")
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def tracker(settings: Settings) -> Database:
    db = Database(settings.tracker_database_url, settings.tracker_db)
    with db.connect() as c:
        c.execute(EVENTS.format(id="SERIAL PRIMARY KEY" if db.postgres else "INTEGER PRIMARY KEY"))
    return db


def say(db: Database, sender: str, days_ago: float, *types: str) -> None:
    with db.connect() as c:
        for i, kind in enumerate(types):
            at = NOW - days_ago * DAY + i
            c.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                      (sender, kind, at, json.dumps({"event": kind, "text": "my NHS number is ...", "timestamp": at})))


def left(db: Database) -> dict[str, list[str]]:
    with db.connect() as c:
        rows = c.all("SELECT sender_id, type_name FROM events ORDER BY id")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["sender_id"], []).append(row["type_name"])
    return found


SESSION = ("action", "session_started", "slot", "action", "user", "bot")


def test_conversations_older_than_the_period_go_and_current_sessions_stay(settings):
    db = tracker(settings)
    say(db, "idle", 100, *SESSION)  # nobody has written for 100 days: all of it goes
    say(db, "returning", 120, *SESSION)  # an old session, then a recent one: only the old one goes
    say(db, "returning", 5, *SESSION)
    say(db, "recent", 1, *SESSION)
    say(db, "long", 100, *SESSION)  # the current session began long ago but is still in use: kept (Rasa reads it)
    say(db, "long", 1, "user", "bot")
    say(db, "sessionless", 100, "user", "bot")  # no session to cut at: kept while in use
    say(db, "sessionless", 2, "user", "bot")
    before = left(db)
    purged = retention.purge(settings, GapLog(settings.gaps_db), None, now=NOW)
    after = left(db)
    assert "idle" not in after
    assert after["returning"] == list(SESSION) and after["recent"] == before["recent"]
    # what came before the current session's start (here the action that started it) is not read by Rasa: it goes
    assert after["long"] == before["long"][1:] and after["sessionless"] == before["sessionless"]
    assert purged.conversation_events == len(SESSION) * 2 + 1
    assert retention.purge(settings, GapLog(settings.gaps_db), None, now=NOW).conversation_events == 0


def test_questions_and_ratings_older_than_the_period_go(settings, monkeypatch):
    gaps = GapLog(settings.gaps_db)
    for days_ago, question in ((91, "old question"), (89, "recent question")):
        monkeypatch.setattr("knowledge.gaps.time.time", lambda d=days_ago: NOW - d * DAY)
        gaps.record(question, 0.1, None)
        gaps.rate("pcaf", question, False)
    purged = retention.purge(settings, gaps, None, now=NOW)
    assert (purged.questions, purged.ratings) == (1, 1)
    assert [g["question"] for g in gaps.recent()] == ["recent question"]
    assert [f["question"] for f in gaps.ratings()] == ["recent question"]


def test_the_period_is_a_setting(settings, monkeypatch):
    gaps = GapLog(settings.gaps_db)
    monkeypatch.setattr("knowledge.gaps.time.time", lambda: NOW - 10 * DAY)
    gaps.record("ten days old", 0.1, None)
    assert retention.purge(settings, gaps, None, now=NOW).questions == 0
    assert retention.purge(settings.model_copy(update={"retention_days": 7}), gaps, None, now=NOW).questions == 1


def test_no_tracker_store_yet_is_not_an_error(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert retention.purge(settings, GapLog(settings.gaps_db), None, now=NOW).conversation_events == 0
    assert not settings.tracker_db.exists()  # not created by the purge


@pytest.mark.parametrize("key", ["gap:0", "gap:x", "gap:", "other:1", "gap:1:2", f"gap:{2**63}", "gap:١"])
def test_question_keys_are_checked(key):
    with pytest.raises(ValueError):
        retention.parse_key(key)


def test_questions_sent_to_the_rd_office_older_than_the_period_go(settings, tmp_path, monkeypatch):
    from knowledge.tickets import TicketStore

    store = Database(None, tmp_path / "curation.sqlite3")
    store.migrate()
    tickets = TicketStore(store)
    for days_ago, question in ((91, "old question, email me at a@b.nhs.uk"), (89, "recent question")):
        monkeypatch.setattr("knowledge.tickets.time.time", lambda d=days_ago: NOW - d * DAY)
        tickets.create(question, "rest", "sender-1")
    assert retention.purge(settings, GapLog(settings.gaps_db), store, now=NOW).tickets == 1
    with store.connect() as c:
        assert [r["question"] for r in c.all("SELECT question FROM tickets")] == ["recent question"]


def test_forget_me_deletes_one_conversation_its_snapshots_and_its_tickets(settings, tmp_path, caplog):
    from knowledge.tickets import TicketStore

    db = tracker(settings)
    with db.connect() as c:
        c.execute("CREATE TABLE tracker_snapshots (sender_id VARCHAR(255), last_event_id INTEGER, state TEXT)")
        for sender in ("me", "other"):
            c.execute("INSERT INTO tracker_snapshots VALUES (?, 3, '{}')", (sender,))
    say(db, "me", 120, *SESSION)  # every session goes, old and current
    say(db, "me", 1, *SESSION)
    say(db, "other", 1, *SESSION)
    store = Database(None, tmp_path / "curation.sqlite3")
    store.migrate()
    tickets = TicketStore(store)
    tickets.create("my NHS number is 943 476 5919", "rest", "me")
    tickets.create("someone else's question", "rest", "other")
    forgotten = retention.forget_person(settings, store, "me")
    assert (forgotten.conversation_events, forgotten.tickets) == (2 * len(SESSION), 1)
    assert list(left(db)) == ["other"]
    with db.connect() as c:
        assert [r["sender_id"] for r in c.all("SELECT sender_id FROM tracker_snapshots")] == ["other"]
    with store.connect() as c:
        assert [r["sender"] for r in c.all("SELECT sender FROM tickets")] == ["other"]
    assert "me" not in [getattr(r, "sender", None) for r in caplog.records] and "943" not in caplog.text
    assert retention.forget_person(settings, store, "me") == retention.Forgotten(0, 0)  # twice is not an error


def test_forget_me_before_rasa_saved_anything_is_not_an_error(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert retention.forget_person(settings, None, "me") == retention.Forgotten(0, 0)
    assert not settings.tracker_db.exists()


@pytest.mark.parametrize("sender", [None, "", "  ", 12, "x" * 256])
def test_forget_me_needs_a_sender_id(tmp_path, sender):
    with pytest.raises(ValueError):
        retention.forget_person(Settings(data_dir=tmp_path), None, sender)
