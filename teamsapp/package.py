"""Build the Microsoft Teams app package (manifest.json and two icons in a zip) to sideload or
hand to the Teams administrator, from the NHSBOT_TEAMS_* settings (bot id, names, descriptions,
links). The manifest is checked against the rules of the schema version it declares before
anything is written, so an invalid package is never produced."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

from bot.channels.teams_config import TeamsConfig
from knowledge.settings import Settings, environment

ROOT = Path(__file__).resolve().parent.parent

MANIFEST_VERSION = "1.17"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
HTTPS = re.compile(r"^https://\S+$")
BOT_SCOPES = {"personal", "team", "groupChat"}  # the schema's enum, case-sensitive


class PackageError(ValueError):
    pass


def manifest(settings: Settings, bot_id: str) -> dict:
    """The app manifest (schema v1.17): a personal-scope bot, no tabs, no extra permissions. `bot_id`: the
    Teams channel's NHSBOT_TEAMS_APP_ID (declared with the channel, bot/channels/teams_config.py)."""
    s = settings
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": s.teams_app_version,
        "id": s.teams_package_id or bot_id,
        "developer": {"name": s.teams_developer_name, "websiteUrl": s.teams_website_url or "",
                      "privacyUrl": s.teams_privacy_url or "", "termsOfUseUrl": s.teams_terms_url or ""},
        "name": {"short": s.teams_app_short_name, "full": s.teams_app_full_name},
        "description": {"short": s.teams_app_short_description, "full": s.teams_app_full_description},
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": s.teams_accent_color,
        "bots": [{"botId": bot_id, "scopes": ["personal"], "supportsFiles": False, "isNotificationOnly": False,
                  "commandLists": [{"scopes": ["personal"], "commands": [
                      {"title": "where do I start?", "description": "Find the schemes open to you"},
                      {"title": "what is Pathway to Portfolio?", "description": "Ask about any scheme"},
                      {"title": "help", "description": "What I can do"}]}]}],
        "permissions": ["identity"],
        "validDomains": [],
    }


def _require(problems: list[str], ok: bool, message: str) -> None:
    if not ok:
        problems.append(message)


def problems(m: dict) -> list[str]:
    """What the v1.17 schema would reject: required fields, formats and lengths; empty if valid."""
    found: list[str] = []
    for key in ("manifestVersion", "version", "id", "developer", "name", "description", "icons", "accentColor"):
        _require(found, key in m, f"{key} is required")
    _require(found, m.get("manifestVersion") == MANIFEST_VERSION, f"manifestVersion must be {MANIFEST_VERSION}")
    _require(found, bool(SEMVER.match(m.get("version", ""))),
             "version must be MAJOR.MINOR.PATCH (NHSBOT_TEAMS_APP_VERSION)")
    _require(found, bool(GUID.match(m.get("id", ""))),
             "id must be a GUID: set NHSBOT_TEAMS_APP_ID (or NHSBOT_TEAMS_PACKAGE_ID)")
    developer = m.get("developer", {})
    _require(found, 1 <= len(developer.get("name", "")) <= 32, "developer.name must be 1 to 32 characters")
    links = (("websiteUrl", "WEBSITE_URL"), ("privacyUrl", "PRIVACY_URL"), ("termsOfUseUrl", "TERMS_URL"))
    for field, setting in links:
        value = developer.get(field, "")
        _require(found, bool(HTTPS.match(value)) and len(value) <= 2048,
                 f"developer.{field} must be an https URL: set NHSBOT_TEAMS_{setting}")
    name, description = m.get("name", {}), m.get("description", {})
    _require(found, 1 <= len(name.get("short", "")) <= 30, "name.short must be 1 to 30 characters")
    _require(found, len(name.get("full", "")) <= 100, "name.full must be at most 100 characters")
    _require(found, 1 <= len(description.get("short", "")) <= 80, "description.short must be 1 to 80 characters")
    _require(found, 1 <= len(description.get("full", "")) <= 4000, "description.full must be 1 to 4000 characters")
    icons = m.get("icons", {})
    _require(found, bool(icons.get("color")) and bool(icons.get("outline")),
             "icons.color and icons.outline are required")
    _require(found, bool(HEX_COLOUR.match(m.get("accentColor", ""))), "accentColor must be #RRGGBB")
    for bot in m.get("bots", []):
        _require(found, bool(GUID.match(bot.get("botId", ""))), "bots[].botId must be the bot's app id (a GUID)")
        _require(found, set(bot.get("scopes", [])) <= BOT_SCOPES and bool(bot.get("scopes")),
                 "bots[].scopes must be personal, team or groupChat (that casing)")
        for commands in bot.get("commandLists", []):
            _require(found, set(commands.get("scopes", [])) <= BOT_SCOPES,
                     "bots[].commandLists[].scopes must be personal, team or groupChat (that casing)")
    return found


def color_icon(accent: str) -> bytes:
    """192x192, full colour: a white speech bubble with three dots on the accent colour."""
    size, image = 192, Image.new("RGBA", (192, 192), accent)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((36, 44, 156, 128), radius=22, fill="white")
    draw.polygon([(64, 124), (64, 156), (96, 124)], fill="white")
    for x in (66, 96, 126):
        draw.ellipse((x - 10, 76, x + 10, 96), fill=accent)
    return _png(image, size)


def outline_icon() -> bytes:
    """32x32, white on transparent only (Teams' rule for the outline icon)."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 6, 27, 21), radius=4, outline=(255, 255, 255, 255), width=2)
    draw.polygon([(9, 20), (9, 27), (15, 20)], fill=(255, 255, 255, 255))
    return _png(image, 32)


def _png(image: Image.Image, size: int) -> bytes:
    assert image.size == (size, size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build(settings: Settings, bot_id: str, out: Path) -> dict:
    """Write the zip (manifest.json and icons at its root, as Teams requires); PackageError if invalid."""
    m = manifest(settings, bot_id)
    found = problems(m)
    if found:
        raise PackageError("the Teams manifest would be invalid:\n  - " + "\n  - ".join(found))
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(m, indent=2, ensure_ascii=False))
        package.writestr(COLOR_ICON, color_icon(settings.teams_accent_color))
        package.writestr(OUTLINE_ICON, outline_icon())
    return m


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teamsapp.package",
        description="Build the Teams app package (manifest.json, color.png 192x192, outline.png 32x32) to sideload "
        "or upload in the Teams admin centre. Values come from NHSBOT_TEAMS_* settings: APP_ID (the bot's "
        "Microsoft App ID), WEBSITE_URL, PRIVACY_URL and TERMS_URL are required; see docs/teams.md.")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "teams-app.zip",
                        help="where to write the zip (default dist/teams-app.zip)")
    args = parser.parse_args(argv)
    try:
        m = build(Settings(), TeamsConfig.from_env(environment()).app_id, args.out)
    except PackageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} (app {m['name']['short']!r} {m['version']}, bot {m['bots'][0]['botId']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
