"""The actions' client keeps one pooled session, and a restarted knowledge service is not "down" to it."""

import asyncio
import json

import pytest
from aiohttp import web

from actions import knowledge_client
from actions.knowledge_client import KnowledgeUnavailable, post


def _app(reply: dict) -> web.Application:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response({**reply, "peer": request.transport.get_extra_info("peername")[1]})
    app = web.Application()
    app.router.add_post("/api/answer", answer)
    return app


async def test_calls_share_one_connection(aiohttp_server, point_actions_at):
    server = await aiohttp_server(_app({"n": 1}))
    point_actions_at(str(server.make_url("")).rstrip("/"))
    first, second = await post("/api/answer", {}), await post("/api/answer", {})
    assert first["peer"] == second["peer"]  # the same client port: the connection was kept


async def test_a_restarted_service_is_reached_on_a_new_connection_not_reported_down(aiohttp_server, point_actions_at,
                                                                                    unused_tcp_port):
    server = await aiohttp_server(_app({"generation": 1}), port=unused_tcp_port)
    point_actions_at(str(server.make_url("")).rstrip("/"))
    assert (await post("/api/answer", {}))["generation"] == 1
    await server.close()  # the pooled connection is now closed at the other end
    await aiohttp_server(_app({"generation": 2}), port=unused_tcp_port)
    assert (await post("/api/answer", {}))["generation"] == 2


async def test_a_kept_connection_dropped_before_the_reply_is_retried_on_a_new_one(point_actions_at):
    """The race a restart leaves: the pooled connection looks open, the service closes it on the next request
    without answering. That call must not tell the person the service is down."""
    async def one_reply_per_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        answered = False
        while not reader.at_eof():
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            await reader.readexactly(length)
            if answered:  # the second request on this connection: dropped unanswered
                writer.close()
                return
            body = json.dumps({"ok": True}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            await writer.drain()
            answered = True

    server = await asyncio.start_server(one_reply_per_connection, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    point_actions_at(f"http://127.0.0.1:{port}")
    try:
        assert await post("/api/answer", {}) == {"ok": True}
        assert await post("/api/answer", {}) == {"ok": True}  # the kept connection fails; a new one answers
    finally:
        server.close()


async def test_a_service_that_stays_down_is_unavailable(aiohttp_server, point_actions_at, unused_tcp_port):
    server = await aiohttp_server(_app({}), port=unused_tcp_port)
    point_actions_at(str(server.make_url("")).rstrip("/"))
    await post("/api/answer", {})
    await server.close()
    with pytest.raises(KnowledgeUnavailable):
        await post("/api/answer", {})
    assert knowledge_client._sessions  # a session is kept for the next call
