"""The guarded REST channel on a real Sanic server (runs in the Rasa environment: `make channels-test`):
malformed requests get a JSON 4xx before Rasa sees them, good ones reach Rasa cleaned, and a turn
that Rasa answers with nothing (a custom action failed) gets a polite reply, never silence."""

import json
import socket
import time
import uuid

import aiohttp
import pytest
import pytest_asyncio

pytest.importorskip("rasa", reason="the Rasa channel runs in .venv-rasa: make channels-test")

from sanic import Sanic  # noqa: E402

from bot.channels.no_reply import NO_REPLY_TEXT  # noqa: E402
from bot.channels.rest import GuardedRestInput  # noqa: E402

# One server for the module: Sanic 21.12 can start only one app per process (its start-up rewrites
# shared methods in place), so the tests share it and its event loop.
pytestmark = pytest.mark.asyncio(loop_scope="module")


class FakeRasa:
    """Stands in for `agent.handle_message`: records messages and replies as told."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.received = []
        self.reply = "hello back"
        self.fail = False

    async def __call__(self, message) -> None:
        self.received.append(message)
        if self.fail:
            raise RuntimeError("the processor fell over")
        if self.reply:
            await message.output_channel.send_text_message(message.sender_id, self.reply)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server():
    fake = FakeRasa()
    app = Sanic(f"rest_channel_test_{uuid.uuid4().hex}")
    app.blueprint(GuardedRestInput.from_credentials(None).blueprint(fake), url_prefix="/webhooks/rest")
    port = _free_port()
    running = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await running.startup()
    fake.url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    async with aiohttp.ClientSession() as http:
        fake.http = http
        yield fake
    running.close()
    await running.wait_closed()


@pytest.fixture
def rasa(server):
    server.reset()
    return server


async def post(rasa, data: bytes, query: str = "") -> tuple[int, object]:
    async with rasa.http.post(rasa.url + query, data=data, headers={"Content-Type": "application/json"}) as response:
        return response.status, await response.json(content_type=None)


async def test_it_keeps_the_rest_url():
    assert GuardedRestInput.name() == "rest" and GuardedRestInput().url_prefix() == "rest"


@pytest.mark.parametrize("data, status", [
    (b"{not json", 400),
    (b"\xc3\x28", 400),
    (b"[]", 400),
    (json.dumps({"sender": "a", "message": 5}).encode(), 400),
    (json.dumps({"message": "hi"}).encode(), 400),
    (json.dumps({"sender": "a", "message": "   "}).encode(), 400),
    (json.dumps({"sender": "a", "message": "x" * 5001}).encode(), 413),
], ids=lambda value: repr(value)[:40])
async def test_malformed_requests_get_a_json_error_and_never_reach_rasa(rasa, data, status):
    code, body = await post(rasa, data)
    assert code == status and isinstance(body, dict) and body["error"]
    assert rasa.received == []


async def test_a_1mb_message_is_refused_quickly(rasa):
    started = time.perf_counter()
    code, body = await post(rasa, json.dumps({"sender": "a", "message": "x" * 1024 * 1024}).encode())
    assert code == 413 and "larger than" in body["error"]
    assert time.perf_counter() - started < 2 and rasa.received == []


async def test_streaming_is_refused_rather_than_silently_changed(rasa):
    code, body = await post(rasa, json.dumps({"sender": "a", "message": "hi"}).encode(), "?stream=true")
    assert code == 400 and "stream" in body["error"] and rasa.received == []


async def test_a_good_message_reaches_rasa_cleaned_with_its_metadata(rasa):
    data = json.dumps({"sender": "nurse-1", "message": " what is\x00 P2P?\x07 <b>now</b>\n",
                       "metadata": {"page": "/chat"}}).encode()
    code, body = await post(rasa, data)
    assert code == 200 and body == [{"recipient_id": "nurse-1", "text": "hello back"}]
    [message] = rasa.received
    assert (message.text, message.sender_id, message.input_channel) == ("what is P2P? <b>now</b>", "nurse-1", "rest")
    assert message.metadata == {"page": "/chat"}


@pytest.mark.parametrize("fail", [False, True], ids=["no_reply", "turn_failed"])
async def test_silence_from_rasa_becomes_a_polite_reply(rasa, fail):
    rasa.reply, rasa.fail = None, fail
    code, body = await post(rasa, json.dumps({"sender": "a", "message": "what is ICAP?"}).encode())
    assert code == 200 and body == [{"recipient_id": "a", "text": NO_REPLY_TEXT}]
    assert "can't look that up right now" in NO_REPLY_TEXT and len(rasa.received) == 1


async def test_health_answers(rasa):
    async with rasa.http.get(rasa.url.removesuffix("webhook")) as response:
        assert response.status == 200 and await response.json() == {"status": "ok"}
