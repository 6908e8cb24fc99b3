"""The command line an administrator uses: the first admin, import/export, and the weekly review summary."""

import datetime as dt

import pytest
from pydantic import SecretStr

from knowledge.cli import main
from knowledge.curation.db import open_database
from knowledge.curation.reminders import NotConfigured, send, summary
from knowledge.curation.store import EntryStore
from knowledge.curation.users import Accounts, Role
from knowledge.settings import get_settings


@pytest.fixture
def cli_env(cur_settings, monkeypatch):
    """The CLI reads its settings from the environment, like a real run."""
    monkeypatch.setenv("NHSBOT_DATA_DIR", str(cur_settings.data_dir))
    if cur_settings.database_url:
        monkeypatch.setenv("NHSBOT_DATABASE_URL", cur_settings.database_url)
    get_settings.cache_clear()
    yield cur_settings
    get_settings.cache_clear()


def test_create_admin_takes_the_password_from_the_environment(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("NHSBOT_NEW_PASSWORD", "a very long admin password")
    assert main(["create-admin", "--email", "Lead@Trust.nhs.uk"]) == 0
    user = Accounts(open_database(cli_env)).authenticate("lead@trust.nhs.uk", "a very long admin password")
    assert user is not None and user.role is Role.admin


def test_create_admin_refuses_a_short_password(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("NHSBOT_NEW_PASSWORD", "short")
    assert main(["create-admin", "--email", "lead@trust.nhs.uk"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err


@pytest.mark.empty_store
def test_import_then_export_round_trips_the_files(cli_env, tmp_path, entries, capsys):
    assert main(["import-entries"]) == 0
    assert f"{len(entries)} new" in capsys.readouterr().out
    assert main(["export-entries", str(tmp_path / "out")]) == 0
    from knowledge.loader import load_entries

    assert load_entries(tmp_path / "out", cli_env.sources_dir) == entries
    assert main(["import-entries", str(tmp_path / "out")]) == 0
    assert "0 new, 0 changed" in capsys.readouterr().out


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def test_export_import_export_changes_nothing(cli_env, tmp_path, capsys):
    """The git round trip: what the store publishes, exported, imported back and exported again, is the same
    bytes, and the import publishes no new version."""
    assert main(["import-entries"]) == 0  # a store in use, from the repository's files
    store = EntryStore(open_database(cli_env), cli_env.sources_dir)
    record = store.get("pcaf")  # and one entry edited in the curation application since
    saved = store.save("pcaf", {**record.data, "summary": record.data["summary"] + " Ask the R&D office."},
                       record.version, "editor")
    store.publish("pcaf", store.submit("pcaf", saved.version, "editor").version, "reviewer")
    published = store.published_entries()
    assert main(["export-entries", str(tmp_path / "first")]) == 0
    capsys.readouterr()
    assert main(["import-entries", str(tmp_path / "first")]) == 0
    assert "0 new, 0 changed" in capsys.readouterr().out
    assert main(["export-entries", str(tmp_path / "second")]) == 0
    assert _files(tmp_path / "first") == _files(tmp_path / "second") and len(_files(tmp_path / "first")) == len(published)
    assert store.published_entries() == published and "Ask the R&D office." in _files(tmp_path / "first")[
        "pcaf.yaml"].decode()


@pytest.mark.parametrize("command", ["import-entries", "export-entries", "build"])
def test_the_entry_commands_explain_themselves(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "curation store" in " ".join(capsys.readouterr().out.split())  # argparse wraps the lines


@pytest.mark.empty_store
def test_import_of_an_invalid_file_names_it_and_changes_nothing(cli_env, tmp_path, capsys):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "broken.yaml").write_text("id: broken\n")
    assert main(["import-entries", str(tmp_path / "bad")]) == 1
    assert "broken.yaml: title" in capsys.readouterr().err
    assert EntryStore(open_database(cli_env), None).count() == 0


def test_review_summary_lists_overdue_entries(cli_env, entries, capsys):
    store = EntryStore(open_database(cli_env), None)
    store.db.migrate()
    store.import_entries(entries, "test")
    record = store.get("icap")
    store.save("icap", {**record.data, "last_reviewed": "2020-01-01", "review_due": "2021-01-01"}, record.version, "t")
    text = summary(store, dt.date(2026, 11, 23), 30, "https://curation.example.nhs.uk")
    overdue = text.split("Past their review date (1):")[1].split("\n\n")[0]
    assert "review due 2021-01-01" in overdue and "https://curation.example.nhs.uk/curation/entries/icap" in overdue
    assert main(["review-summary"]) == 0 and "Past their review date (1)" in capsys.readouterr().out


def test_sending_the_summary_without_smtp_settings_says_what_to_set(cli_env, capsys):
    with pytest.raises(NotConfigured, match="NHSBOT_SMTP_HOST"):
        send(cli_env, "summary")
    assert main(["review-summary", "--send"]) == 1
    assert "NHSBOT_SMTP_HOST" in capsys.readouterr().err


def test_summary_is_emailed_over_starttls_with_login(cli_env, monkeypatch):
    sent = {}

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent["server"] = (host, port)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent["tls"] = True

        def login(self, user, password):
            sent["login"] = (user, password)

        def send_message(self, message):
            sent["message"] = message

    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    settings = cli_env.model_copy(update={
        "smtp_host": "smtp.trust.nhs.uk", "smtp_from": "assistant@trust.nhs.uk", "smtp_user": "assistant",
        "smtp_password": SecretStr("mail password"), "review_summary_to": "rd@trust.nhs.uk, lead@trust.nhs.uk"})
    assert send(settings, "Knowledge base review summary\n\nPast their review date (0):") == [
        "rd@trust.nhs.uk", "lead@trust.nhs.uk"]
    assert sent["server"] == ("smtp.trust.nhs.uk", 587) and sent["tls"] and sent["login"] == ("assistant", "mail password")
    assert sent["message"]["Subject"] == "Knowledge base review summary"
    assert sent["message"]["To"] == "rd@trust.nhs.uk, lead@trust.nhs.uk"
