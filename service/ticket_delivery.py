"""Getting a ticket's answer to the person, and new tickets to the R&D office's Teams channel.

Teams: a proactive message in the person's chat with the bot, through the channel's own Bot Framework
client (bot/channels/botframework_client.py) and the conversation reference stored at ticket time.
Email: the answer to the address the person chose to give, through the SMTP server; a failed send
stays pending and is retried by `outbox` until it goes or runs out of attempts ("failed", shown on
the ticket, retried on request): never dropped. A Teams answer that did not go is retried by `outbox`
too. The web chat and REST channel need nothing here: they collect the answer at the person's next
message (TicketStore.claim_answers).
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage

import aiohttp

from bot.channels.botframework_client import Connector, ConnectorToken
from bot.channels.teams_config import TeamsConfig
from knowledge.mail import NotConfigured, send_message
from knowledge.settings import Settings, environment
from knowledge.tickets import Ticket, TicketStore

log = logging.getLogger("knowledge.tickets")


def answer_text(ticket: Ticket) -> str:
    return f"The R&D office answered your question: \"{ticket.question}\"\n\n{ticket.answer}"


def ticket_url(settings: Settings, number: int) -> str:
    base = (settings.public_url or settings.knowledge_base_url).rstrip("/")
    return f"{base}/curation/tickets/{number}"


def wait_text(wait_s: float | None) -> str:
    """How long an answer usually takes, from the tickets answered so far (nothing claimed before there are any)."""
    if wait_s is None:
        return "You'll get the answer here as soon as they reply."
    if wait_s < 2 * 3600:
        usual = "within a couple of hours"
    elif wait_s < 36 * 3600:
        usual = f"in about {round(wait_s / 3600)} hours"
    else:
        usual = f"in about {round(wait_s / 86400)} days"
    return f"They usually answer {usual}; you'll get the answer here as soon as they reply."


class TeamsSender:
    """Posts to Teams conversations with the bot's credentials and settings (the same client and the same
    NHSBOT_TEAMS_* settings the Teams channel uses; `teams` defaults to them as read from the environment)."""

    def __init__(self, settings: Settings, teams: TeamsConfig | None = None):
        self.settings = settings
        self.teams = teams or TeamsConfig.from_env(environment())
        self._session: aiohttp.ClientSession | None = None
        token = ConnectorToken(self.teams.token_url, self.teams.app_id, self.teams.app_password, self._http)
        self.connector = Connector(token, self._http, attempts=self.teams.send_attempts,
                                   backoff_s=self.teams.retry_backoff_s, logger=log)

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    @property
    def configured(self) -> bool:
        return bool(self.teams.app_id)

    async def deliver_answer(self, ticket: Ticket) -> bool:
        """The answer as a proactive message in the person's chat with the bot."""
        ref = ticket.reference or {}
        activity = {"type": "message", "text": answer_text(ticket), "textFormat": "plain"}
        if ref.get("bot_id"):
            activity["from"] = {"id": ref["bot_id"]}
        return await self.connector.post(ref["service_url"], ref["conversation_id"], activity)

    async def announce(self, ticket: Ticket) -> bool:
        """A new ticket as an Adaptive Card in the R&D office's team channel, with a button that opens it."""
        settings = self.settings
        if not (self.configured and settings.tickets_teams_channel_id and settings.tickets_teams_service_url):
            return False
        activity = {"type": "message", "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive", "content": new_ticket_card(ticket, settings)}]}
        return await self.connector.post(settings.tickets_teams_service_url, settings.tickets_teams_channel_id,
                                         activity)


def new_ticket_card(ticket: Ticket, settings: Settings) -> dict:
    """The card for the team channel: the question and what the bot tried, never who asked."""
    body = [{"type": "TextBlock", "text": f"New question for the R&D office (ticket #{ticket.id})",
             "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": ticket.question, "wrap": True}]
    if ticket.nearest:
        names = ", ".join(n.get("title") or n.get("entry_id", "") for n in ticket.nearest)
        body.append({"type": "TextBlock", "isSubtle": True, "wrap": True, "text": f"Closest entries: {names}"})
    return {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.4",
            "body": body,
            "actions": [{"type": "Action.OpenUrl", "title": "Open the ticket", "url": ticket_url(settings, ticket.id)}]}


async def deliver_answer(store: TicketStore, teams: TeamsSender, ticket: Ticket) -> Ticket:
    """Right after answering: Teams gets it now; other chats at their next message; email via the outbox."""
    if not ticket.reference:
        return ticket
    if not teams.configured:
        return await asyncio.to_thread(store.delivered, ticket.id, "Teams is not configured")
    ok = await teams.deliver_answer(ticket)
    log.info("ticket answer to teams", extra={"ticket": ticket.id, "sent": ok})
    return await asyncio.to_thread(store.delivered, ticket.id, None if ok else "Teams did not accept the message")


def email_message(ticket: Ticket, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "The R&D office answered your question"
    message["To"] = ticket.contact_email
    contact = settings.rd_office_email or settings.rd_office_contact
    message.set_content(f"You asked the research opportunities assistant:\n\n{ticket.question}\n\n"
                        f"The R&D office answered:\n\n{ticket.answer}\n\n"
                        f"Questions about this answer? Contact {contact}.\n")
    return message


def send_due_emails(store: TicketStore, settings: Settings) -> int:
    """Try every answer email that is due once; returns how many went. Failures stay on the ticket."""
    sent = 0
    for ticket in store.emails_due(settings.ticket_email_attempts):
        try:
            send_message(settings, email_message(ticket, settings), timeout_s=15)
            error = None
        except NotConfigured as exc:
            error = str(exc)
        except (smtplib.SMTPException, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        updated = store.email_result(ticket.id, error, settings.ticket_email_attempts)
        log.info("ticket email", extra={"ticket": ticket.id, "sent": error is None,
                                        "email_status": updated.email_status.value})
        sent += error is None
    return sent


async def outbox(store: TicketStore, teams: TeamsSender, settings: Settings, wake: asyncio.Event) -> None:
    """Runs with the service: sends answer emails as soon as they are written (`wake`), retries the rest,
    and retries Teams answers that did not go."""
    while True:  # waits first: at start-up the store is migrated after this task starts
        try:
            await asyncio.wait_for(wake.wait(), settings.ticket_email_retry_s)
        except TimeoutError:
            pass
        wake.clear()
        try:
            await asyncio.to_thread(send_due_emails, store, settings)
            for ticket in await asyncio.to_thread(store.proactive_due):
                await deliver_answer(store, teams, ticket)
        except Exception:  # the store may be briefly unavailable; the next round tries again
            log.exception("ticket outbox round failed")
