"""The store on both databases: migrations, import/export round trip with the real entries, serving after a restart."""

import pytest

from knowledge.curation.db import open_database
from knowledge.curation.entryfiles import write_entries
from knowledge.curation.migrations import MIGRATIONS
from knowledge.curation.store import EntryStore
from knowledge.loader import load_entries
from service.app import create_app
from service.state import STATE


def _store(cur_settings) -> EntryStore:
    db = open_database(cur_settings)
    db.migrate()
    return EntryStore(db, cur_settings.sources_dir)


def test_migrations_are_recorded_and_applied_once(cur_settings):
    db = open_database(cur_settings)
    assert db.migrate() == len(MIGRATIONS)
    assert db.migrate() == len(MIGRATIONS)
    with db.connect() as c:
        assert [r["version"] for r in c.all("SELECT version FROM schema_version ORDER BY version")] == \
            list(range(1, len(MIGRATIONS) + 1))


@pytest.mark.empty_store
def test_export_then_import_gives_back_the_same_entries(cur_settings, entries, tmp_path):
    store = _store(cur_settings)
    assert store.import_entries(entries, "test") == {"created": len(entries), "updated": 0, "unchanged": 0}
    exported = tmp_path / "exported"
    write_entries(store.published_entries(), exported)
    again = load_entries(exported, cur_settings.sources_dir)
    assert len(again) == len(entries) > 50
    assert {e.id: e for e in again} == {e.id: e for e in entries}
    assert store.import_entries(again, "test") == {"created": 0, "updated": 0, "unchanged": len(entries)}


def test_export_keeps_the_repository_layout(cur_settings, entries, tmp_path, settings):
    """So an export committed to git shows only what the R&D office changed: every entry file is in the export's
    layout (write new ones with `python -m knowledge export` or the curation app)."""
    store = _store(cur_settings)
    store.import_entries(entries, "test")
    write_entries(store.published_entries(), tmp_path / "out")
    same = [p.name for p in sorted(settings.entries_dir.glob("*.yaml"))
            if (tmp_path / "out" / p.name).read_text(encoding="utf-8") == p.read_text(encoding="utf-8")]
    assert len(same) == len(entries)
    write_entries(load_entries(tmp_path / "out", cur_settings.sources_dir), tmp_path / "again")
    for path in sorted((tmp_path / "out").glob("*.yaml")):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_importing_a_changed_file_publishes_it_as_a_new_version(cur_settings, entries):
    store = _store(cur_settings)
    store.import_entries(entries, "test")
    changed = [e.model_copy(update={"amount": "Up to £25,000"}) if e.id == "pathway-to-portfolio" else e
               for e in entries]
    assert store.import_entries(changed, "git") == {"created": 0, "updated": 1, "unchanged": len(entries) - 1}
    record = store.get("pathway-to-portfolio")
    assert record.version == 2 and record.published_version == 2 and record.data["amount"] == "Up to £25,000"


async def test_after_a_restart_the_bot_serves_what_was_published(aiohttp_client, cur_settings, index, entries):
    store = _store(cur_settings)
    store.import_entries(entries, "test")
    record = store.get("pcaf")
    store.save("pcaf", {**record.data, "summary": "Published through curation before the service restarted."},
               record.version, "editor@trust.nhs.uk")
    store.submit("pcaf", record.version + 1, "editor@trust.nhs.uk")
    store.publish("pcaf", record.version + 2, "reviewer@trust.nhs.uk")
    client = await aiohttp_client(create_app(cur_settings, index))
    served = client.server.app[STATE].index.entries["pcaf"]
    assert served.summary == "Published through curation before the service restarted."


def test_importing_unchanged_files_leaves_a_draft_in_progress_alone(cur_settings, entries):
    store = _store(cur_settings)
    store.import_entries(entries, "test")
    record = store.get("pcaf")
    store.save("pcaf", {**record.data, "amount": "Being checked"}, record.version, "editor@trust.nhs.uk")
    assert store.import_entries(entries, "git")["unchanged"] == len(entries)
    assert store.get("pcaf").data["amount"] == "Being checked"


@pytest.mark.empty_store
async def test_first_start_imports_the_files_and_logs_it(aiohttp_client, cur_settings, index, entries, caplog):
    import logging

    caplog.set_level(logging.INFO)
    client = await aiohttp_client(create_app(cur_settings, index))
    imported = [r for r in caplog.records if r.getMessage().startswith("curation store was empty")]
    assert imported and imported[0].imported == {"created": len(entries), "updated": 0, "unchanged": 0}
    assert len(client.server.app[STATE].index.entries) == len(entries)


async def test_start_warns_when_the_files_changed_since_the_last_import(aiohttp_client, cur_settings, index, entries,
                                                                        tmp_path, caplog):
    import shutil

    files = tmp_path / "entries"
    shutil.copytree(cur_settings.entries_dir, files)
    settings = cur_settings.model_copy(update={"entries_dir": files})
    await aiohttp_client(create_app(settings, index))  # first start: imports and remembers the files
    await aiohttp_client(create_app(settings, index))
    assert not [r for r in caplog.records if "entry files changed" in r.getMessage()]
    (files / "pcaf.yaml").write_text((files / "pcaf.yaml").read_text().replace("PCAF", "P.C.A.F."))
    await aiohttp_client(create_app(settings, index))
    assert [r for r in caplog.records if "entry files changed" in r.getMessage()]


@pytest.mark.empty_store
def test_upgrading_an_older_store_keeps_its_data(cur_settings, entries, monkeypatch):
    db = open_database(cur_settings)
    monkeypatch.setattr("knowledge.curation.db.MIGRATIONS", MIGRATIONS[:1])  # a store made by the first release,
    monkeypatch.setattr(EntryStore, "_published_changed", staticmethod(lambda c: None))  # which counted no publishes
    assert db.migrate() == 1
    EntryStore(db, None).import_entries(entries[:3], "old release")
    monkeypatch.undo()
    assert db.migrate() == len(MIGRATIONS)
    store = EntryStore(db, None)
    assert store.count() == 3
    store.remember_files("abc")
    assert store.files_fingerprint() == "abc"
