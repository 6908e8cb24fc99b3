"""Every Adaptive Card the bot can send in Teams, written as JSON for Microsoft's validators
(`make teams-validate`, which runs tests/teamsapp/microsoft_validators.test.mjs on the result).

The cards come from three places, each rendered through bot/channels/teams_format.py exactly as the
channel renders them: the domain's responses with buttons, the channel's own welcome, and the
replies of every custom action. The actions are run for real (rasa_sdk's executor) against a
stand-in knowledge service that answers from the real entries, in every shape its replies take
(answered with suggestions, unanswered with related topics, every entry recommended, each
eligibility verdict), so the cards have the actions' real structure and their largest content.
An action that fails on such a reply fails the script: its cards could not be checked.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import yaml
from aiohttp import web
from rasa_sdk.executor import ActionExecutor

from actions.settings import get_settings
from bot.channels.teams_format import reply_activities
from bot.channels.teams_replies import welcome_activities
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.settings import Settings
from service.api import api_person
from service.state import STATE, State

ROOT = Path(__file__).resolve().parent.parent

MAX_CHARS = 3500  # the channel's default NHSBOT_TEAMS_MAX_MESSAGE_CHARS
_RASA_BRACES = re.compile(r"\{\{|\}\}")  # Rasa turns '{{' in a response into a literal '{'


def cards_of(activities: list[dict]) -> list[dict]:
    return [a["content"] for activity in activities for a in activity.get("attachments", [])]


def response_messages(domain: dict) -> Iterator[tuple[str, dict]]:
    """(response name, one variant) for every response in the domain."""
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            yield name, variant


def rendered(message: dict, domain: dict) -> list[dict]:
    """A dispatcher message (text and buttons, or a response name) as the Teams channel sends it."""
    if message.get("response"):
        variants = domain["responses"][message["response"]]
        return [a for v in variants for a in rendered({**v, "response": None}, domain)]
    buttons = [{**b, "payload": _RASA_BRACES.sub(lambda m: m.group()[0], b["payload"])}
               for b in message.get("buttons") or []]
    return reply_activities(message.get("text"), buttons or None, MAX_CHARS)


class StandInKnowledge:
    """Answers the actions' requests from the real entries, in the reply shape `mode` names."""

    MODES = ("answered", "unanswered_related", "unanswered", "eligible", "ineligible", "unknown_eligibility")

    def __init__(self, entries: list) -> None:
        self.entries = entries
        self.mode = self.MODES[0]
        self.failures: list[str] = []  # a stand-in that breaks would pass for "knowledge unavailable"

    def _answer(self) -> dict:
        entry = max(self.entries, key=lambda e: len(e.body))  # the longest answer there is
        source = entry.sources[0]
        text = (f"**{entry.title}**\n{entry.summary}\n{entry.body}\n"
                f"_Source: {source.document}{f' ({source.url})' if source.url else ''}_")
        suggestions = [{"entry_id": e.id, "title": e.title} for e in self.entries[:3]]
        if self.mode == "answered":
            return {"answered": True, "text": text, "entry_id": entry.id, "suggestions": suggestions}
        related = suggestions if self.mode == "unanswered_related" else []
        return {"answered": False, "text": "I don't have a confident answer to that.", "entry_id": None,
                "suggestions": related}

    def _eligibility(self) -> dict:
        entry = self.entries[0]
        eligible = {"eligible": True, "ineligible": False}.get(self.mode)
        return {"entry_id": entry.id, "title": entry.title, "eligible": eligible,
                "reason": "open to nurses in every nation", "needs": [] if eligible is not None else ["nation"]}

    async def handle(self, request: web.Request) -> web.Response:
        try:
            return self._reply(request.path)
        except Exception as exc:  # noqa: BLE001 - recorded, and the script stops on it
            self.failures.append(f"{request.path}: {type(exc).__name__}: {exc}")
            raise

    def _reply(self, path: str) -> web.Response:
        if path == "/api/answer":
            return web.json_response(self._answer())
        if path == "/api/recommend":
            found = [] if self.mode == "unanswered" else [
                {"entry_id": e.id, "title": e.title, "reason": "open to your profession and nation"}
                for e in self.entries]
            return web.json_response({"recommendations": found})
        if path == "/api/eligibility":
            return web.json_response(self._eligibility())
        if path == "/api/resolve":
            return web.json_response({"named": self.entries[0].id, "searched": None})
        return web.json_response({})


def trackers() -> Iterator[dict]:
    """Latest messages and slots that reach each branch of the actions."""
    messages = [
        {"text": "how much funding does Pathway to Portfolio give?", "intent": {"name": "ask_knowledge"},
         "entities": []},
        {"text": "", "intent": {"name": "choose_entry"}, "entities": [{"entity": "entry_id", "value": "x"}]},
        {"text": "who do I contact?", "intent": {"name": "ask_contact"}, "entities": []},
        {"text": "thanks, that helped", "intent": {"name": "feedback_helpful"}, "entities": []},
    ]
    profiles = [{}, {"profession": "nurse", "nation": "wales", "career_stage": "mid_career", "interests": ["stroke"]}]
    for message, profile, failed in itertools.product(messages, profiles, (0.0, 1.0)):
        yield {"sender_id": "card-generator", "slots": {**profile, "failed_attempts": failed},
               "latest_message": message, "events": [], "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": None}


async def action_messages(domain: dict, entries: list) -> list[tuple[str, dict]]:
    """(action name, message) for every message any action sends, over every tracker and reply shape."""
    knowledge = StandInKnowledge(entries)
    app = web.Application()
    # what api_person reads: the reading of a message needs no entries (an empty index names none, embeds nothing)
    app[STATE] = State(Settings(), index=KnowledgeIndex.build([], Path(tempfile.mkdtemp(prefix="cards-index-"))),
                       gaps=None, pool=None, reload_lock=None)
    app.router.add_post("/api/person", api_person)  # the real reading of a message and profile
    app.router.add_post("/{path:.*}", knowledge.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    before = os.environ.get("NHSBOT_KNOWLEDGE_URL")  # restored after: a test may call this in its process
    os.environ["NHSBOT_KNOWLEDGE_URL"] = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    get_settings.cache_clear()
    executor = ActionExecutor()
    executor.register_package("actions")
    found = []
    try:
        for name, mode, tracker in itertools.product(sorted(executor.actions), StandInKnowledge.MODES, trackers()):
            knowledge.mode = mode
            call = {"next_action": name, "sender_id": tracker["sender_id"], "tracker": tracker, "domain": domain,
                    "version": "3.6.21"}
            try:
                result = await executor.run(call)
            except Exception as exc:  # noqa: BLE001 - named in the error, which stops the script
                raise SystemExit(f"error: {name} failed on a {mode} reply ({type(exc).__name__}: {exc}): "
                                 "its cards cannot be checked") from exc
            found += [(name, message) for message in (result.responses if result else [])]
    finally:
        await runner.cleanup()
        if before is None:
            os.environ.pop("NHSBOT_KNOWLEDGE_URL", None)
        else:
            os.environ["NHSBOT_KNOWLEDGE_URL"] = before
        get_settings.cache_clear()
    if knowledge.failures:
        raise SystemExit("error: the stand-in knowledge service failed: " + "; ".join(sorted(set(knowledge.failures))))
    return found


def all_cards(domain_path: Path, entries_dir: Path) -> list[dict]:
    """[{"source": where it comes from, "card": the Adaptive Card}], each distinct card once."""
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    entries = load_entries(entries_dir)
    sources: list[tuple[str, list[dict]]] = [("channel:welcome", welcome_activities(MAX_CHARS))]
    sources += [(f"domain:{name}", rendered(variant, domain)) for name, variant in response_messages(domain)]
    sources += [(f"action:{name}", rendered(message, domain))
                for name, message in asyncio.run(action_messages(domain, entries))]
    seen, cards = set(), []
    for source, activities in sources:
        for card in cards_of(activities):
            key = json.dumps(card, sort_keys=True)
            if key not in seen:
                seen.add(key)
                cards.append({"source": source, "card": card})
    return cards


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m teamsapp.cards", description="Write every Adaptive Card the bot can send in Teams as JSON.")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "teams" / "cards.json")
    parser.add_argument("--domain", type=Path, default=ROOT / "domain.yml")
    parser.add_argument("--entries", type=Path, default=ROOT / "knowledge" / "entries")
    args = parser.parse_args(argv)
    cards = all_cards(args.domain, args.entries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(cards, indent=1, ensure_ascii=False), encoding="utf-8")
    by_source = sorted({c["source"] for c in cards})
    print(f"wrote {args.out}: {len(cards)} distinct cards from {', '.join(by_source)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
