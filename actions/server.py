"""The action server: rasa_sdk's app with our actions, refusing malformed calls with a 400.

Why not `rasa run actions`: rasa_sdk answers a body that is JSON but not an action call (a list, a
missing tracker) with a 500 and a stack trace in the log; a clear 400 says the caller is wrong.
It also runs a single process (no Sanic worker fork), which the stack launcher can stop cleanly.
Only Rasa calls it, server to server, so no browser is let in (no CORS, whatever the Origin), and a
compressed body may not inflate past MAX_BODY_BYTES (a small "zip bomb" cannot fill the memory).
"""

from __future__ import annotations

import argparse
import json
import logging
import zlib

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request

from actions import knowledge_client
from userinput import error_body

log = logging.getLogger("actions.server")


KINDS = {dict: "an object", list: "a list", str: "a string"}
# A whole conversation's events travel in every call; thousands of turns stay well under this.
MAX_BODY_BYTES = 32 * 1024 * 1024


class TooLarge(Exception):
    pass


def inflate(body: bytes, limit: int = MAX_BODY_BYTES) -> bytes:
    """A deflate body inflated, refusing to produce more than `limit` bytes (zlib.error if it is not deflate)."""
    inflater = zlib.decompressobj()
    data = inflater.decompress(body, limit + 1)
    if len(data) > limit or inflater.unconsumed_tail:
        raise TooLarge(f"the body inflates to more than {limit} bytes")
    if not inflater.eof:
        raise zlib.error("incomplete deflate stream")
    return data


def _tracker_problem(tracker: dict) -> str | None:
    """The fields rasa_sdk's Tracker and our actions read, with the types they rely on."""
    if not isinstance(tracker.get("sender_id"), str):
        return "'tracker.sender_id' must be a string"
    message = tracker.get("latest_message") or {}
    if not isinstance(message, dict):
        return "'tracker.latest_message' must be an object"
    for name, value, kind in (("slots", tracker.get("slots", {}), dict),
                              ("active_loop", tracker.get("active_loop") or {}, dict),
                              ("events", tracker.get("events", []), list),
                              ("latest_message.text", message.get("text") or "", str),
                              ("latest_message.intent", message.get("intent") or {}, dict),
                              ("latest_message.entities", message.get("entities", []), list)):
        if not isinstance(value, kind):
            return f"'tracker.{name}' must be {KINDS[kind]}"
    if not all(isinstance(item, dict) for item in [*tracker.get("events", []), *message.get("entities", [])]):
        return "'tracker.events' and 'tracker.latest_message.entities' must hold objects"
    return None


def problem_with(body: bytes, encoding: str | None) -> str | None:
    """What is wrong with an action call's body, or None when it is well formed."""
    try:
        if encoding == "deflate":
            body = inflate(body)
        call = json.loads(body.decode("utf-8"))
    except (zlib.error, ValueError, RecursionError):  # ValueError covers bad UTF-8 and over-long numbers
        return "the body is not JSON (UTF-8)"
    if not isinstance(call, dict):
        return "the body must be a JSON object"
    if not isinstance(call.get("next_action"), str) or not call["next_action"]:
        return "'next_action' must be a non-empty string"
    if not isinstance(call.get("tracker"), dict):
        return "'tracker' must be an object"
    if not isinstance(call.get("domain", {}), dict):
        return "'domain' must be an object"
    if call.get("version") is not None and not isinstance(call["version"], str):
        return "'version' must be a string such as \"3.6.21\""
    return _tracker_problem(call["tracker"])


def build_app() -> Sanic:
    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_app(executor, cors_origins=None)  # no origin matches: no CORS header, ever
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

    @app.on_request
    async def refuse_malformed(request: Request):
        if request.method == "POST" and request.path == "/webhook":
            try:
                problem = problem_with(request.body, request.headers.get("Content-Encoding"))
            except TooLarge as exc:
                log.warning("refused action call", extra={"reason": str(exc), "bytes": len(request.body)})
                return response.json(error_body(str(exc)), status=413)
            if problem:
                log.warning("refused action call", extra={"reason": problem, "bytes": len(request.body)})
                return response.json(error_body(problem), status=400)
        return None

    @app.after_server_stop
    async def close_sessions(app: Sanic):
        await knowledge_client.close()

    return app


def main(argv: list[str] | None = None) -> int:
    from actions.settings import ActionSettings
    from knowledge.logs import configure as configure_logs  # every process's JSON log lines (standard library only)

    settings = ActionSettings()
    parser = argparse.ArgumentParser(
        prog="python -m actions.server",
        description="Run the Rasa action server (our actions in actions/) on one port; "
        "malformed action calls get a 400. GET /health answers when it is up.")
    parser.add_argument("--host", default=settings.host, help=f"interface to listen on (default {settings.host})")
    parser.add_argument("--port", type=int, default=settings.action_port,
                        help=f"port (default NHSBOT_ACTION_PORT={settings.action_port})")
    args = parser.parse_args(argv)
    configure_logs(settings.log_level)
    app = build_app()
    log.info("action server starting", extra={"host": args.host, "port": args.port})
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
