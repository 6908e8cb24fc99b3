"""Microsoft Teams input channel for Rasa: `bot.channels.teams.TeamsInput` in credentials.yml,
messaging endpoint `POST /webhooks/teams/webhook`.

Replaces what Rasa's built-in botframework channel lacks: signing keys are fetched on first use
(not at start-up, which needs the network), every request's JWT is fully checked, single-tenant
tokens, Adaptive Card buttons whose clicks arrive as `value` payloads, a typing indicator, split
long answers, and replies that are retried and never crash the server. The request is
acknowledged at once (202) and the message handled in the background, because the connector
times out after 15 seconds and Rasa plus a knowledge search can take longer. A message Rasa
answers with nothing (a custom action failed) gets a polite reply instead of silence, and so does
a message the channel cannot read (an empty click). Only the configured Bot Service channels are
accepted (Teams by default), and a single-tenant bot accepts its own tenant only. Installing the app
or adding the bot to a chat gets a welcome, once per conversation. Pure logic lives in
botframework_auth, teams_format, teams_replies and botframework_client.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Coroutine, Dict, List, Optional, Set, Text

import aiohttp
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_reply_check
from bot.channels.botframework_auth import AuthError, bearer_token, key_id, verify
from bot.channels.botframework_client import Connector, ConnectorToken, KeysUnavailable, SigningKeys, log_event
from bot.channels.no_reply import NO_REPLY_TEXT
from bot.channels.teams_config import TeamsConfig
from bot.channels.teams_format import incoming_text, reply_activities
from bot.channels.teams_replies import bot_added, invoke_response, unusable_activities, welcome_activities
from userinput import error_body

logger = logging.getLogger(__name__)
action_reply_check.install()  # Rasa imports this module at start-up: see that module for why

TYPING_EVERY_S = 3.0  # Teams shows "typing" for about three seconds per indicator
WELCOMED_REMEMBERED = 10_000  # conversations whose welcome this process remembers (oldest forgotten first)


def _json_object(body: Optional[bytes]) -> Optional[Dict[str, Any]]:
    try:
        parsed = json.loads(body or b"null")
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


class TeamsOutput(BotFramework):
    """Replies into one Teams conversation (reuses the built-in channel's image/elements/custom JSON
    methods, which all go through `prepare_message` and `send`)."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    def __init__(self, connector: Connector, activity: Dict[str, Any], max_chars: int) -> None:
        self.connector = connector
        self.service_url = activity["serviceUrl"]
        self.conversation = activity["conversation"]
        self.bot = activity.get("recipient") or {}
        self.reply_to = activity.get("id")
        self.max_chars = max_chars
        self.replied = False  # a message (not a typing indicator) was sent in this turn

    def prepare_message(self, recipient_id: Text, message_data: Dict[Text, Any]) -> Dict[Text, Any]:
        data: Dict[Text, Any] = {"type": "message", "from": self.bot, "recipient": {"id": recipient_id},
                                 "conversation": {"id": self.conversation["id"]}}
        if self.reply_to:
            data["replyToId"] = self.reply_to
        data.update(message_data)
        return data

    async def send(self, message_data: Dict[Text, Any]) -> None:
        self.replied = True
        await self.connector.post(self.service_url, self.conversation["id"], message_data)

    async def send_typing(self, recipient_id: Text) -> None:
        """Best effort, one attempt: a lost typing indicator is not worth a retry."""
        await self.connector.post(self.service_url, self.conversation["id"],
                                  self.prepare_message(recipient_id, {"type": "typing"}), attempts=1)

    async def _send_all(self, recipient_id: Text, text: Text, buttons: Optional[List[Dict[Text, Any]]]) -> None:
        await self.send_activities(recipient_id, reply_activities(text, buttons, self.max_chars))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send_all(recipient_id, text, None)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self._send_all(recipient_id, text, buttons)

    async def send_activities(self, recipient_id: Text, activities: List[Dict[Text, Any]]) -> None:
        for activity in activities:
            await self.send(self.prepare_message(recipient_id, activity))


class TeamsInput(BotFrameworkInput):
    """Receives Teams activities; configured from NHSBOT_TEAMS_* environment variables."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(TeamsConfig.from_env(os.environ))

    def __init__(self, config: TeamsConfig) -> None:
        # Not super().__init__(): the built-in channel fetches signing keys from the network there.
        self.config = config
        self.app_id = config.app_id
        self._session: Optional[aiohttp.ClientSession] = None
        self.keys = SigningKeys(config.openid_metadata_url, self._http, logger=logger)
        self.token = ConnectorToken(config.token_url, config.app_id, config.app_password, self._http)
        self.connector = Connector(self.token, self._http, attempts=config.send_attempts,
                                   backoff_s=config.retry_backoff_s, logger=logger)
        self._tasks: Set[asyncio.Task] = set()
        self._welcomed: "OrderedDict[str, None]" = OrderedDict()
        for problem in config.problems():
            log_event(logger, logging.WARNING, "teams_not_configured", problem=problem)

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=True)  # HTTPS_PROXY / NO_PROXY, as trusts often need
        return self._session

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.keys.close()
        if self._session and not self._session.closed:
            await self._session.close()

    async def authenticate(self, header: Optional[str], activity: Dict[str, Any]) -> Dict[str, Any]:
        token = bearer_token(header)
        kid = key_id(token)
        if not self.app_id:
            raise AuthError("bot_not_configured")
        jwk, issuer = await self.keys.key(kid)
        if jwk is None:
            raise AuthError("unknown_signing_key")
        return verify(token, jwk, issuer=issuer, audience=self.app_id,
                      service_url=activity.get("serviceUrl"), channel_id=activity.get("channelId"))

    def refusal(self, activity: Dict[str, Any]) -> Optional[str]:
        """Why an authenticated activity is still refused (403), or None. Only the configured
        channels (`msteams`): Web Chat and the rest are signed by the same Bot Framework keys. A
        single-tenant bot talks to its own organisation only, so the tenant must be named and
        match: an activity without one (as Web Chat sends) is refused too."""
        if activity.get("channelId") not in self.config.channels:
            return "channel_not_allowed"
        if self.config.multi_tenant:
            return None
        if not self.config.tenant_id:
            return "tenant_not_configured"
        tenant = ((activity.get("channelData") or {}).get("tenant") or {}).get("id") \
            or (activity.get("conversation") or {}).get("tenantId")
        if not tenant:
            return "no_tenant"
        return None if tenant == self.config.tenant_id else "wrong_tenant"

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _first_welcome(self, conversation_id: str) -> bool:
        """True the first time a conversation is seen here: Teams sends both an installationUpdate
        and a conversationUpdate for one install, and the person should be greeted once."""
        if conversation_id in self._welcomed:
            return False
        self._welcomed[conversation_id] = None
        while len(self._welcomed) > WELCOMED_REMEMBERED:
            self._welcomed.popitem(last=False)
        return True

    async def _say(self, out: TeamsOutput, recipient_id: Text, activities: List[Dict[str, Any]], event: str) -> None:
        try:
            await out.send_activities(recipient_id, activities)
        except Exception as exc:  # the connector logs its own failures; nothing here may crash the server
            log_event(logger, logging.ERROR, f"{event}_failed", error=type(exc).__name__,
                      conversation=out.conversation.get("id"))

    def _non_message(self, activity: Dict[str, Any]) -> HTTPResponse:
        """Invokes get their answer in the HTTP response; a new install or chat gets the welcome."""
        kind = activity.get("type")
        if kind == "invoke":
            status, body = invoke_response(activity)
            log_event(logger, logging.INFO, "teams_invoke_answered", name=activity.get("name"), status=status)
            return response.json(body, status=status) if body is not None else response.empty(status=status)
        conversation = (activity.get("conversation") or {}).get("id")
        if bot_added(activity) and isinstance(conversation, str) and activity.get("serviceUrl"):
            if self._first_welcome(conversation):
                out = TeamsOutput(self.connector, activity, self.config.max_message_chars)
                user = (activity.get("from") or {}).get("id") or ""
                self._spawn(self._say(out, user, welcome_activities(self.config.max_message_chars), "teams_welcome"))
                log_event(logger, logging.INFO, "teams_welcome_sent", activity_type=kind, conversation=conversation)
                return response.empty(status=202)
            log_event(logger, logging.INFO, "teams_welcome_skipped", reason="already_welcomed",
                      conversation=conversation)
            return response.empty(status=200)
        log_event(logger, logging.INFO, "teams_activity_ignored", activity_type=kind)
        return response.empty(status=200)

    async def _handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage,
                      out: TeamsOutput) -> None:
        typing = asyncio.create_task(self._keep_typing(out, message.sender_id))
        try:
            await on_new_message(message)
        except Exception as exc:  # a failed turn must not take the server down
            log_event(logger, logging.ERROR, "teams_message_failed", error=type(exc).__name__,
                      conversation=out.conversation.get("id"))
            logger.debug("teams message failed", exc_info=True)
        finally:
            typing.cancel()
        if not out.replied:
            log_event(logger, logging.WARNING, "teams_no_reply", conversation=out.conversation.get("id"))
            await out.send_text_message(message.sender_id, NO_REPLY_TEXT)

    @staticmethod
    async def _keep_typing(out: TeamsOutput, recipient_id: Text) -> None:
        while True:
            await out.send_typing(recipient_id)
            await asyncio.sleep(TYPING_EVERY_S)

    async def receive(self, header: Optional[str], body: Optional[bytes],
                      on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      metadata: Optional[Dict[str, Any]] = None) -> HTTPResponse:
        """One POST to the messaging endpoint: checked, then answered at once; the turn runs in the background."""
        activity: Dict[str, Any] = {}
        try:
            bearer_token(header)  # no token: 401 before reading anything
            parsed = _json_object(body)
            if parsed is None:
                return response.json(error_body("the body must be a JSON activity"), status=400)
            activity = parsed
            await self.authenticate(header, activity)
        except AuthError as exc:
            log_event(logger, logging.WARNING, "teams_request_refused", reason=exc.reason,
                      activity_type=activity.get("type"), channel=activity.get("channelId"))
            return response.json(error_body("unauthorized"), status=401)
        except KeysUnavailable:
            return response.json(error_body("cannot verify requests right now"), status=503)
        refused = self.refusal(activity)
        if refused:
            log_event(logger, logging.WARNING, "teams_request_refused", reason=refused,
                      activity_type=activity.get("type"), channel=activity.get("channelId"))
            return response.json(error_body("forbidden"), status=403)
        if activity.get("type") != "message":
            return self._non_message(activity)
        sender = (activity.get("from") or {}).get("id")
        conversation = activity.get("conversation") or {}
        if not isinstance(sender, str) or not isinstance(conversation.get("id"), str):
            return response.json(error_body("the activity needs from.id and conversation.id"), status=400)
        text = incoming_text(activity)
        out = TeamsOutput(self.connector, activity, self.config.max_message_chars)
        if text is None:  # an empty click, an attachment alone: a hint, never silence
            log_event(logger, logging.INFO, "teams_message_unusable", conversation=conversation["id"],
                      has_value=activity.get("value") is not None)
            self._spawn(self._say(out, sender, unusable_activities(self.config.max_message_chars), "teams_hint"))
            return response.empty(status=202)
        reference = {"service_url": activity.get("serviceUrl"), "conversation_id": conversation["id"],
                     "bot_id": (activity.get("recipient") or {}).get("id")}  # for answers sent later (tickets)
        message = UserMessage(text=text, output_channel=out, sender_id=sender, input_channel=self.name(),
                              metadata={**(self.add_attachments_to_metadata(activity, metadata) or {}),
                                        "conversation_reference": reference})
        self._spawn(self._handle(on_new_message, message, out))
        log_event(logger, logging.INFO, "teams_message_accepted", conversation=conversation["id"],
                  button=text.startswith("/"))
        return response.empty(status=202)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)

        @teams_webhook.listener("after_server_stop")
        async def _close(app: Any, loop: Any) -> None:
            await self.close()

        @teams_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.receive(request.headers.get("Authorization"), request.body, on_new_message,
                                      self.get_metadata(request))

        return teams_webhook
