"""Answers from the R&D office collected for a web chat / REST conversation at its next message
(runs in either environment: no Rasa import)."""

import asyncio
import socket

from aiohttp import web

from bot.channels.ticket_answers import knowledge_url, waiting_answers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_knowledge_service_address_comes_from_the_same_variables_as_the_stack():
    assert knowledge_url({"NHSBOT_HOST": "10.0.0.2", "NHSBOT_KNOWLEDGE_PORT": "9000"}) == "http://10.0.0.2:9000"
    assert knowledge_url({"NHSBOT_KNOWLEDGE_URL": "https://k.example/"}) == "https://k.example"


def test_waiting_answers_are_fetched_for_the_conversation(monkeypatch):
    received = []

    async def answers(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.json_response({"answers": [{"ticket": 1, "text": "The R&D office answered your question: ..."}]})

    async def scenario() -> list:
        app = web.Application()
        app.router.add_post("/api/tickets/answers", answers)
        runner = web.AppRunner(app)
        await runner.setup()
        port = _free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        monkeypatch.setenv("NHSBOT_KNOWLEDGE_URL", f"http://127.0.0.1:{port}")
        try:
            return await waiting_answers("rest", "webchat-abc12345")
        finally:
            await runner.cleanup()

    assert asyncio.run(scenario()) == ["The R&D office answered your question: ..."]
    assert received == [{"channel": "rest", "sender": "webchat-abc12345"}]


def test_the_service_down_means_no_answers_now_and_no_failure(monkeypatch):
    monkeypatch.setenv("NHSBOT_KNOWLEDGE_URL", f"http://127.0.0.1:{_free_port()}")
    assert asyncio.run(waiting_answers("rest", "webchat-abc12345")) == []
