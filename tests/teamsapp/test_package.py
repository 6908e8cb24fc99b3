"""`make teams-package`: a sideloadable zip whose manifest carries the settings and meets the
v1.17 schema's rules, with the two icons Teams requires."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from PIL import Image

from knowledge.settings import Settings
from teamsapp.package import ROOT, PackageError, build, manifest, problems

BOT = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
URLS = {"teams_website_url": "https://rd.example.nhs.uk/assistant",
        "teams_privacy_url": "https://rd.example.nhs.uk/privacy",
        "teams_terms_url": "https://rd.example.nhs.uk/terms"}


def test_package_has_manifest_and_icons_from_the_settings(tmp_path):
    settings = Settings(teams_app_short_name="R&D helper", teams_app_version="2.1.0", **URLS)
    out = tmp_path / "teams-app.zip"
    build(settings, BOT, out)
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]  # at the root
        manifest = json.loads(package.read("manifest.json"))
        color = Image.open(io.BytesIO(package.read("color.png")))
        outline = Image.open(io.BytesIO(package.read("outline.png"))).convert("RGBA")
    assert manifest["$schema"].endswith("/v1.17/MicrosoftTeams.schema.json") and manifest["manifestVersion"] == "1.17"
    assert manifest["id"] == BOT and manifest["bots"][0]["botId"] == BOT and manifest["version"] == "2.1.0"
    assert manifest["name"]["short"] == "R&D helper"
    assert manifest["developer"]["privacyUrl"] == URLS["teams_privacy_url"]
    assert manifest["bots"][0]["scopes"] == ["personal"]
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert problems(manifest) == []
    assert color.size == (192, 192) and outline.size == (32, 32)
    drawn = [p for p in (outline.getpixel((x, y)) for x in range(32) for y in range(32)) if p[3] > 0]
    assert drawn and all(p[:3] == (255, 255, 255) for p in drawn)  # white on transparent only


def test_missing_bot_id_and_links_are_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "teams-app.zip"
    with pytest.raises(PackageError) as refused:
        build(Settings(teams_website_url=None, teams_privacy_url=None, teams_terms_url=None), "", out)
    message = str(refused.value)
    for name in ("APP_ID", "WEBSITE_URL", "PRIVACY_URL", "TERMS_URL"):
        assert f"NHSBOT_TEAMS_{name}" in message
    assert not out.exists()


@pytest.mark.parametrize("overrides, expected", [
    ({"teams_app_short_name": "x" * 31}, "name.short"),
    ({"teams_app_short_description": "x" * 81}, "description.short"),
    ({"teams_app_version": "1.0"}, "version"),
    ({"teams_accent_color": "blue"}, "accentColor"),
    ({"teams_privacy_url": "http://insecure.example"}, "privacyUrl"),
    ({"teams_developer_name": "x" * 33}, "developer.name"),
])
def test_schema_rules_are_enforced(tmp_path, overrides, expected):
    with pytest.raises(PackageError, match=expected):
        build(Settings(**{**URLS, **overrides}), BOT, tmp_path / "p.zip")


def test_command_line(tmp_path):
    script = ["-m", "teamsapp.package"]
    assert "NHSBOT_TEAMS_" in subprocess.run([sys.executable, *script, "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    env = {"PATH": "/usr/bin:/bin", "NHSBOT_TEAMS_APP_ID": BOT, **{f"NHSBOT_{k.upper()}": v for k, v in URLS.items()}}
    done = subprocess.run([sys.executable, *script, "--out", str(tmp_path / "a.zip")], capture_output=True, cwd=ROOT,
                          text=True, env=env)
    assert done.returncode == 0 and (tmp_path / "a.zip").exists()
    failed = subprocess.run([sys.executable, *script, "--out", str(tmp_path / "b.zip")], capture_output=True, text=True, cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin"})
    assert failed.returncode == 1 and "NHSBOT_TEAMS_APP_ID" in failed.stderr


@pytest.mark.parametrize("scopes, ok", [(["personal", "groupChat", "team"], True), (["groupchat"], False),
                                        (["Personal"], False), ([], False)])
def test_bot_scopes_use_the_schema_casing(scopes, ok):
    built = manifest(Settings(**URLS), BOT)
    built["bots"][0]["scopes"] = scopes
    built["bots"][0]["commandLists"][0]["scopes"] = scopes or ["personal"]
    assert (problems(built) == []) is ok
