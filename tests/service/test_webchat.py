"""The web chat page and its proxy to Rasa's REST channel, against a fake Rasa."""

import pytest
from aiohttp import web

from knowledge.settings import Settings
from service.app import create_app

SENDER = "3f9c2a7be1d04c5f8a6e9b2d7c1f4a08"  # as the page makes them: 128 random bits in hex


class FakeRasa:
    def __init__(self):
        self.received: list[dict] = []
        self.status = 200

    async def webhook(self, request: web.Request) -> web.Response:
        self.received.append(await request.json())
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        return web.json_response([
            {"recipient_id": SENDER, "text": "**Pathway to Portfolio**\nFunding: £20,000",
             "buttons": [{"title": "👍 Helpful", "payload": "/feedback_helpful", "type": "postback"}]},
            {"recipient_id": SENDER, "custom": {"ignored": True}},
        ])


@pytest.fixture
async def rasa(aiohttp_server):
    fake = FakeRasa()
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", fake.webhook)
    fake.server = await aiohttp_server(app)
    return fake


@pytest.fixture
async def chat(aiohttp_client, index, service_data, rasa):
    settings = Settings(data_dir=service_data(), rasa_url=str(rasa.server.make_url("")))
    return await aiohttp_client(create_app(settings, index))


async def test_page_is_served_with_a_strict_content_security_policy(chat):
    response = await chat.get("/chat")
    html = await response.text()
    assert response.status == 200 and '<label for="message"' in html and 'role="log"' in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    script = await chat.get("/chat/static/chat.js")
    assert script.status == 200 and "/chat/api/message" in await script.text()


async def test_message_is_relayed_to_rasa_and_only_text_and_buttons_come_back(chat, rasa):
    response = await chat.post("/chat/api/message", json={"sender": SENDER, "message": "  what is P2P?  "})
    assert response.status == 200
    assert rasa.received == [{"sender": SENDER, "message": "what is P2P?"}]
    assert (await response.json())["replies"] == [
        {"text": "**Pathway to Portfolio**\nFunding: £20,000",
         "buttons": [{"title": "👍 Helpful", "payload": "/feedback_helpful"}]}]


@pytest.mark.parametrize("body, status, error", [
    (b"{not json", 400, "JSON"),
    (b"[1]", 400, "object"),
    (b'{"sender": "short", "message": "hi"}', 400, "sender"),
    (b'{"sender": "../../etc/passwd", "message": "hi"}', 400, "sender"),
    (b'{"sender": "0123456789abcdef", "message": "hi"}', 400, "sender"),  # too short to be unguessable
    (b'{"sender": "0123456789abcdef0123456789abcdef", "message": "hi"}', 400, "sender"),  # a pattern
    (b'{"sender": "00000000000000000000000000000001", "message": "hi"}', 400, "sender"),
    (b'{"sender": "3F9C2A7BE1D04C5F8A6E9B2D7C1F4A08", "message": "hi"}', 400, "sender"),
    (b'{"sender": "' + SENDER.encode() + b'", "message": "   "}', 400, "empty"),
    (b'{"sender": "' + SENDER.encode() + b'", "message": 42}', 400, "text"),
    (b'{"sender": "' + SENDER.encode() + b'", "message": "' + b"x" * 2500 + b'"}', 413, "longer"),
])
async def test_bad_input_gets_a_clear_4xx(chat, rasa, body, status, error):
    response = await chat.post("/chat/api/message", data=body, headers={"Content-Type": "application/json"})
    assert response.status == status and error in (await response.json())["error"]
    assert rasa.received == []


async def test_rasa_failing_gets_a_polite_503(chat, rasa):
    rasa.status = 500
    response = await chat.post("/chat/api/message", json={"sender": SENDER, "message": "hello"})
    assert response.status == 503 and "isn't available right now" in (await response.json())["error"]


async def test_rasa_down_gets_a_polite_503(aiohttp_client, index, service_data, unused_tcp_port):
    settings = Settings(data_dir=service_data(), rasa_url=f"http://127.0.0.1:{unused_tcp_port}")
    client = await aiohttp_client(create_app(settings, index))
    response = await client.post("/chat/api/message", json={"sender": SENDER, "message": "hello"})
    assert response.status == 503 and "try again in a few minutes" in (await response.json())["error"]
