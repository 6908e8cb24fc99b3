"""Several knowledge services on one store: what one publishes or retires reaches the others' live indexes in
place, and an instance that was down serves it when it starts. SQLite (one machine) and PostgreSQL alike."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from knowledge.curation.db import open_database
from knowledge.curation.store import EntryStore
from service.app import create_app
from service.state import STATE


def _store(cur_settings, entries) -> EntryStore:
    db = open_database(cur_settings)
    db.migrate()
    store = EntryStore(db, cur_settings.sources_dir)
    store.import_entries(entries, "test")
    return store


def _publish(store: EntryStore, entry_id: str, change: dict) -> None:
    record = store.get(entry_id)
    saved = store.save(entry_id, {**record.data, **change}, record.version, "editor")
    submitted = store.submit(entry_id, saved.version, "editor")
    store.publish(entry_id, submitted.version, "reviewer")


def test_the_serial_and_the_changes_follow_publishing_and_retiring_only(cur_settings, entries):
    store = _store(cur_settings, entries)
    known, serial = store.published_versions(), store.published_serial()
    record = store.get("pcaf")
    saved = store.save("pcaf", {**record.data, "summary": record.data["summary"] + " Draft."}, record.version, "ed")
    store.submit("pcaf", saved.version, "ed")
    assert store.published_serial() == serial and store.published_changes(known)[1:] == ([], set())
    _publish(store, "icap", {"summary": "Published elsewhere."})
    store.retire("seventy-at-seventy", store.get("seventy-at-seventy").version, "reviewer")
    assert store.published_serial() == serial + 2
    now, changed, removed = store.published_changes(known)
    assert [(e.id, e.summary) for e in changed] == [("icap", "Published elsewhere.")]
    assert removed == {"seventy-at-seventy"} and now == store.published_versions()
    assert store.published_changes(now)[1:] == ([], set())


async def _until(condition, seconds: float = 10.0) -> None:
    """Wait for another instance's poll (every 0.5 s); generous, so a busy machine does not fail the test."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the other instance did not follow the store")


async def test_a_publish_and_a_retire_on_one_instance_reach_the_other_in_place(aiohttp_client, cur_settings, index,
                                                                               entries):
    first = await aiohttp_client(create_app(cur_settings, index))
    second = await aiohttp_client(create_app(cur_settings, index))
    store = EntryStore(open_database(cur_settings), cur_settings.sources_dir)  # as the first instance writes
    await asyncio.to_thread(_publish, store, "pcaf", {"summary": "The R&D office now pays PCAF in advance."})
    await _until(lambda: second.app[STATE].index.entries["pcaf"].summary.endswith("in advance."))
    assert second.app[STATE].index.stats.embedded == 1  # updated in place: the changed summary only
    await asyncio.to_thread(store.retire, "seventy-at-seventy", store.get("seventy-at-seventy").version, "reviewer")
    for instance in (first, second):
        await _until(lambda app=instance.app: "seventy-at-seventy" not in app[STATE].index.entries)
    answer = await (await second.post("/api/answer", json={"entry_id": "pcaf"})).json()
    assert "in advance" in answer["text"]


async def test_an_instance_that_was_down_catches_up_when_it_starts(aiohttp_client, cur_settings, index, entries):
    store = _store(cur_settings, entries)
    _publish(store, "icap", {"summary": "Published while this instance was down."})
    late = await aiohttp_client(create_app(cur_settings, index))
    assert late.app[STATE].index.entries["icap"].summary == "Published while this instance was down."
    assert late.app[STATE].published == store.published_versions()


@pytest.mark.empty_store
def test_instances_starting_together_on_an_empty_store_import_the_files_once(cur_settings, entries):
    db = open_database(cur_settings)
    db.migrate()
    with ThreadPoolExecutor(max_workers=3) as pool:
        counts = list(pool.map(lambda _: EntryStore(db, cur_settings.sources_dir).import_entries(entries, "start"),
                               range(3)))
    assert sorted(c["created"] for c in counts) == [0, 0, len(entries)]
    assert EntryStore(db, None).published_serial() == 1
