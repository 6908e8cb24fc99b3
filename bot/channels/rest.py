"""Rasa's REST channel with its input checked: `bot.channels.rest.GuardedRestInput` in
credentials.yml, still `POST /webhooks/rest/webhook` with `{"sender": ..., "message": ...}`.

Malformed requests get a 4xx with a JSON `error` (rules in rest_request, no Rasa import), and a
message Rasa answers with nothing (a custom action failed) gets a polite reply instead of silence.
Replies are not streamed (`?stream=true` is refused): the polite reply needs the whole turn.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_reply_check
from bot.channels.botframework_client import log_event
from bot.channels.no_reply import NO_REPLY_TEXT
from bot.channels.rest_request import Refused, parse
from bot.channels.ticket_answers import waiting_answers
from userinput import error_body

logger = logging.getLogger(__name__)
action_reply_check.install()  # Rasa imports this module at start-up: see that module for why


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                if bool_arg(request, "stream", default=False):
                    raise Refused(400, "stream_unsupported", "streamed replies are not supported; leave out ?stream")
                incoming = parse(request.body)
            except Refused as refused:
                log_event(logger, logging.WARNING, "rest_request_refused", reason=refused.reason,
                          bytes=len(request.body or b""))
                return response.json(error_body(refused.message), status=refused.status)
            collector = CollectingOutputChannel()
            message = UserMessage(incoming.message, collector, incoming.sender,
                                  input_channel=incoming.input_channel or self.name(), metadata=incoming.metadata)
            try:
                await on_new_message(message)
            except Exception as exc:  # a failed turn must not become a 500 or silence
                log_event(logger, logging.ERROR, "rest_message_failed", error=type(exc).__name__)
                logger.debug("rest message failed", exc_info=True)
            if not collector.messages:
                log_event(logger, logging.WARNING, "rest_no_reply", chars=len(incoming.message))
                await collector.send_text_message(incoming.sender, NO_REPLY_TEXT)
            answers = await waiting_answers(message.input_channel, incoming.sender)
            return response.json([{"recipient_id": incoming.sender, "text": a} for a in answers] + collector.messages)

        return webhook
