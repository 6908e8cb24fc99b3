"""action_answer_question relays the knowledge service's answer, and survives it being down."""

import json

import pytest
from aiohttp import web
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from knowledge.settings import get_settings


def tracker(text: str, entities: list | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": "ask_knowledge"}, "entities": entities or []}
    return Tracker("someone", {}, message, [], False, None, {}, "")


@pytest.fixture
def use_knowledge_url(monkeypatch):
    def point_at(url: str) -> None:
        monkeypatch.setenv("NHSBOT_KNOWLEDGE_URL", url)
        get_settings.cache_clear()
    yield point_at
    get_settings.cache_clear()


@pytest.fixture
async def fake_service(aiohttp_server):
    received = []

    async def answer(request):
        body = await request.json()
        received.append(body)
        return web.json_response({
            "answered": True, "text": "**Pathway to Portfolio**\n\nUp to £20,000.", "confidence": 0.8,
            "suggestions": [{"entry_id": "research-time-award-wales", "title": "NHS Research Time Award"}],
        })

    app = web.Application()
    app.router.add_post("/api/answer", answer)
    server = await aiohttp_server(app)
    server.received = received
    return server


async def run(text: str, entities: list | None = None) -> list[dict]:
    dispatcher = CollectingDispatcher()
    await ActionAnswerQuestion().run(dispatcher, tracker(text, entities), {})
    return dispatcher.messages


async def test_answer_and_suggestion_buttons_are_relayed(fake_service, use_knowledge_url):
    use_knowledge_url(str(fake_service.make_url("")).rstrip("/"))
    [message] = await run("how much does P2P give?")
    assert fake_service.received == [{"question": "how much does P2P give?"}]
    assert "£20,000" in message["text"]
    [button] = message["buttons"]
    assert button["payload"] == '/choose_entry{"entry_id": "research-time-award-wales"}'
    assert json.loads(button["payload"].removeprefix("/choose_entry")) == {"entry_id": "research-time-award-wales"}


async def test_chosen_entry_is_asked_for_by_id(fake_service, use_knowledge_url):
    use_knowledge_url(str(fake_service.make_url("")).rstrip("/"))
    await run('/choose_entry{"entry_id": "pcaf"}', [{"entity": "entry_id", "value": "pcaf"}])
    assert fake_service.received == [{"entry_id": "pcaf"}]


async def test_service_down_gives_a_polite_message(use_knowledge_url, unused_tcp_port):
    use_knowledge_url(f"http://127.0.0.1:{unused_tcp_port}")
    [message] = await run("what is ICAP?")
    assert message["response"] == "utter_knowledge_unavailable"


async def test_empty_message_asks_to_rephrase(use_knowledge_url, unused_tcp_port):
    use_knowledge_url(f"http://127.0.0.1:{unused_tcp_port}")
    [message] = await run("   ")
    assert message["response"] == "utter_ask_rephrase"
