"""The action server as a process: every action the domain names, its own settings, and no engine inside it."""

import json
import subprocess
import sys
from pathlib import Path

import yaml

from actions.settings import ActionSettings
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _loaded_by_the_action_server() -> dict:
    """Start-up as `python -m actions.server` does it (every action registered, logging set up), in a fresh
    interpreter: the actions it serves and the modules it imported."""
    code = ("import json, sys\n"
            "from rasa_sdk.executor import ActionExecutor\n"
            "from knowledge import logs\n"
            "executor = ActionExecutor(); executor.register_package('actions'); logs.configure()\n"
            "print(json.dumps({'actions': sorted(executor.actions), 'modules': sorted(sys.modules)}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_action_server_serves_the_domains_actions_without_importing_the_engine():
    loaded = _loaded_by_the_action_server()
    assert loaded["actions"] == sorted(yaml.safe_load((ROOT / "domain.yml").read_text())["actions"])
    ours = {m for m in loaded["modules"] if m.split(".")[0] == "knowledge"}
    assert ours == {"knowledge", "knowledge.logs"}  # the JSON log format only; the rest is asked over HTTP
    assert not {"faiss", "numpy", "torch", "onnxruntime", "sentence_transformers"} & set(loaded["modules"])


def test_each_action_setting_is_declared_as_the_knowledge_service_declares_it():
    """Both processes read these NHSBOT_* variables; a default or type that differed would make them disagree."""
    for name, field in ActionSettings.model_fields.items():
        theirs = Settings.model_fields[name]
        assert (field.annotation, field.default) == (theirs.annotation, theirs.default), name
    assert ActionSettings().knowledge_base_url == Settings().knowledge_base_url
