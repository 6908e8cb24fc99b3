"""What launcher/stack.py gives the Rasa process and the action servers is what their own code reads: the
Rasa side cannot import knowledge/settings.py, so the variables are the only way settings reach it."""

import os
import re
from pathlib import Path
from unittest import mock

from actions.settings import ActionSettings
from bot.channels.teams_config import TeamsConfig
from bot.channels.ticket_answers import knowledge_url
from knowledge.settings import Settings
from launcher.stack import Stack

ROOT = Path(__file__).resolve().parents[2]


class Reading(dict):
    """An environment that notes every variable read from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)


def _env_of(stack: Stack, name: str) -> dict:
    [service] = [s for s in stack.services if s.name == name]
    return {**stack.env, **(service.env or {})}


def test_rasa_gets_the_teams_settings_from_dotenv_and_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a .env of this test's own
    names = Reading()
    TeamsConfig.from_env(names)  # every NHSBOT_TEAMS_* variable the channel reads
    given = {name: str(300 + i) for i, name in enumerate(sorted(names.read))}
    from_file = dict(list(given.items())[::2])
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in from_file.items()))
    for name, value in given.items():
        monkeypatch.delenv(name, raising=False)
        if name not in from_file:
            monkeypatch.setenv(name, value)
    expected = TeamsConfig.from_env(given)
    assert len(names.read) >= 10 and expected != TeamsConfig()
    rasa = _env_of(Stack(Settings(data_dir=tmp_path)), "rasa")
    assert TeamsConfig.from_env(rasa) == expected


def test_rasa_gets_every_variable_its_endpoints_and_channels_read(tmp_path):
    settings = Settings(data_dir=tmp_path, knowledge_port=18123, host="127.0.0.2")
    stack = Stack(settings)
    rasa = _env_of(stack, "rasa")
    for name in re.findall(r"\$\{(\w+)\}", (ROOT / "endpoints.yml").read_text()):
        assert rasa.get(name), name
    assert rasa["TRACKER_DB"] == str(settings.tracker_db)
    assert rasa["ACTION_ENDPOINT_URL"] == f"http://127.0.0.2:{settings.action_port}/webhook"
    read = Reading(rasa)
    assert knowledge_url(read) == settings.knowledge_base_url == "http://127.0.0.2:18123"
    assert read.read <= set(rasa) | {"NHSBOT_KNOWLEDGE_URL"}  # unset: the host and port are used


def test_each_action_server_reads_its_port_and_its_knowledge_service(tmp_path):
    settings = Settings(data_dir=tmp_path, host="127.0.0.2", rasa_port=15005, action_port=15055, knowledge_port=18000)
    stack = Stack(settings, action_ports=[15055, 15056], knowledge_ports=[18000, 18001])
    for name, port, knowledge in (("actions", 15055, 18000), ("actions-2", 15056, 18001)):
        with mock.patch.dict(os.environ, _env_of(stack, name), clear=True):
            read = ActionSettings()
        assert read.knowledge_base_url == f"http://127.0.0.2:{knowledge}"
        assert read.host == "127.0.0.2"
    with mock.patch.dict(os.environ, _env_of(Stack(settings), "actions"), clear=True):
        assert ActionSettings().action_port == 15055 and ActionSettings().knowledge_base_url == settings.knowledge_base_url
