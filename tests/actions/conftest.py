"""A fake knowledge service for action tests: records requests, answers with canned replies; except
POST /api/person, which is the real service's handler (what a message says about its writer is the engine's
reading, not a canned one)."""

import pytest
from aiohttp import web
from rasa_sdk import Tracker

from actions import knowledge_client
from actions.settings import get_settings
from service.api import api_person
from service.state import STATE, State
from knowledge.settings import Settings


def tracker(text: str, intent: str = "ask_knowledge", entities: list | None = None, slots: dict | None = None,
            requested_slot: str | None = None, said: dict | None = None) -> Tracker:
    """`said`: slots the message itself filled, set after it as action_validate_slot_mappings does."""
    message = {"text": text, "intent": {"name": intent}, "entities": entities or []}
    all_slots = {"requested_slot": requested_slot, **(slots or {}), **(said or {})}
    events = [{"event": "user", "text": text, "parse_data": message},
              *({"event": "slot", "name": name, "value": value} for name, value in (said or {}).items())]
    return Tracker("someone", all_slots, message, events, False, None, {}, "")


class FakeKnowledge:
    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.replies: dict[str, dict] = {}

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append((request.path, body))
        return web.json_response(self.replies[request.path])


@pytest.fixture
async def point_actions_at(monkeypatch):
    def point_at(url: str) -> None:
        monkeypatch.setenv("NHSBOT_KNOWLEDGE_URL", url)
        get_settings.cache_clear()
    yield point_at
    get_settings.cache_clear()
    await knowledge_client.close()  # the pooled session belongs to this test's event loop


@pytest.fixture
async def knowledge(aiohttp_server, point_actions_at, index):
    fake = FakeKnowledge()
    app = web.Application()
    app[STATE] = State(Settings(), index=index, gaps=None, pool=None, reload_lock=None)  # what api_person reads
    app.router.add_post("/api/person", api_person)
    app.router.add_post("/{path:.*}", fake.handle)
    server = await aiohttp_server(app)
    point_actions_at(str(server.make_url("")).rstrip("/"))
    return fake


@pytest.fixture
def knowledge_down(point_actions_at, unused_tcp_port):
    point_actions_at(f"http://127.0.0.1:{unused_tcp_port}")
