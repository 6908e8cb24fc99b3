"""Ask the R&D office: a question the bot could not answer becomes a ticket, a person answers it,
and the answer goes back to the asker (in their chat, by email if they gave one).

A ticket holds only what the person agreed to send (their question, optionally their profile and a
contact address) plus where to deliver the answer (the channel, the conversation's sender id and,
for Teams, the conversation reference). Tickets live in the curation store (SQLite or PostgreSQL)
and are personal data: `TicketStore.purge_older_than(cutoff)` deletes every ticket created before
`cutoff` (seconds since the epoch); the retention job calls it with the retention setting. Nothing
here logs a question, an answer, a contact or a sender id.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import asdict, dataclass, field
from enum import Enum

from knowledge.curation.db import Connection, Database
from userinput import clean


class Status(str, Enum):
    new = "new"  # waiting for someone in the R&D office
    taken = "taken"  # someone is writing the answer
    answered = "answered"  # the answer was sent to the person
    closed = "closed"  # done (answered, or nothing to answer)


class EmailStatus(str, Enum):
    none = "none"  # no contact given
    waiting = "waiting"  # contact given, no answer yet
    pending = "pending"  # answer written, email not sent yet (or a retry is due)
    sent = "sent"
    failed = "failed"  # every automatic attempt failed; kept, shown on the ticket, retried on request


EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
CHANNEL = re.compile(r"^[a-z_]{2,32}$")
MAX_TEXT = 4000


class TicketError(ValueError):
    """Bad input for a ticket; the message says which field and why."""


class NotFound(LookupError):
    pass


class WrongState(RuntimeError):
    """The step is not possible from where the ticket is (e.g. answering a closed ticket)."""


@dataclass
class Ticket:
    id: int
    created_at: float
    status: Status
    question: str
    attempted_answer: str
    nearest: list[dict]
    profile: dict | None
    contact_email: str | None
    channel: str
    sender: str = field(repr=False)
    reference: dict | None = field(repr=False)
    taken_by: str | None
    answer: str | None
    answered_by: str | None
    answered_at: float | None
    delivered_at: float | None
    delivery_error: str | None
    email_status: EmailStatus
    email_attempts: int
    email_error: str | None
    entry_id: str | None
    updated_at: float

    def to_dict(self) -> dict:
        """What the R&D office sees: everything but the delivery addressing (sender id, Teams reference)."""
        data = asdict(self)
        del data["sender"], data["reference"]
        return {**data, "status": self.status.value, "email_status": self.email_status.value}


def clean_text(value: object, name: str, required: bool = True, limit: int = MAX_TEXT) -> str | None:
    if value is None or value == "":
        if required:
            raise TicketError(f"'{name}' is required")
        return None
    if not isinstance(value, str):
        raise TicketError(f"'{name}' must be text")
    text = clean(value)
    if required and not text:
        raise TicketError(f"'{name}' is empty")
    if len(text) > limit:
        raise TicketError(f"'{name}' is longer than {limit} characters")
    return text or None


def clean_email(value: object) -> str | None:
    text = clean_text(value, "contact_email", required=False, limit=254)
    if text is not None and not EMAIL.match(text):
        raise TicketError("'contact_email' is not an email address")
    return text


def email_in(text: str) -> str | None:
    """The first email address in a message ("you can reach me at a.b@nhs.net"), if any."""
    for word in re.split(r"[\s<>(),;]+", text):
        word = word.strip(".:")
        if EMAIL.match(word):
            return word
    return None


class TicketStore:
    def __init__(self, db: Database):
        self.db = db

    # The person's side (through the knowledge service's /api/tickets).

    def create(self, question: object, channel: object, sender: object, attempted_answer: object = "",
               nearest: object = (), profile: object = None, contact_email: object = None,
               reference: object = None) -> Ticket:
        question = clean_text(question, "question", limit=2000)
        attempted = clean_text(attempted_answer, "attempted_answer", required=False) or ""
        if not isinstance(channel, str) or not CHANNEL.match(channel):
            raise TicketError("'channel' must be a channel name like 'rest' or 'msteams'")
        sender = clean_text(sender, "sender", limit=200)
        if profile is not None and not isinstance(profile, dict):
            raise TicketError("'profile' must be an object")
        if reference is not None and not (isinstance(reference, dict) and isinstance(reference.get("service_url"), str)
                                          and isinstance(reference.get("conversation_id"), str)):
            raise TicketError("'reference' needs 'service_url' and 'conversation_id'")
        if not isinstance(nearest, (list, tuple)) or not all(isinstance(n, dict) for n in nearest):
            raise TicketError("'nearest' must be a list of objects")
        email = clean_email(contact_email)
        profile = {k: v for k, v in (profile or {}).items() if v not in (None, "", [])} or None
        now = time.time()
        with self.db.connect() as c:
            number = (c.one("SELECT MAX(id) AS n FROM tickets")["n"] or 0) + 1
            c.execute("INSERT INTO tickets (id, created_at, status, question, attempted_answer, nearest, profile, "
                      "contact_email, channel, sender, reference, email_status, email_attempts, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                      (number, now, Status.new.value, question, attempted, json.dumps(list(nearest)[:5]),
                       json.dumps(profile) if profile else None, email, channel, sender,
                       json.dumps(reference) if reference else None,
                       (EmailStatus.waiting if email else EmailStatus.none).value, now))
            return self._get(c, number)

    def claim_answers(self, channel: str, sender: str) -> list[Ticket]:
        """Answered tickets not yet shown in this conversation, marked shown (each is shown once). Tickets with a
        conversation reference (Teams) are not collected this way: they get a proactive message."""
        with self.db.connect() as c:
            rows = c.all("SELECT * FROM tickets WHERE channel = ? AND sender = ? AND answer IS NOT NULL "
                         "AND delivered_at IS NULL AND reference IS NULL ORDER BY answered_at", (channel, sender))
            now = time.time()
            for row in rows:
                c.execute("UPDATE tickets SET delivered_at = ?, updated_at = ? WHERE id = ?", (now, now, row["id"]))
            return [self._ticket({**row, "delivered_at": now}) for row in rows]

    def typical_wait_s(self, last: int = 50) -> float | None:
        """The median time from asking to the answer over the last answered tickets; None before any."""
        with self.db.connect() as c:
            rows = c.all("SELECT answered_at - created_at AS wait FROM tickets WHERE answered_at IS NOT NULL "
                         "ORDER BY answered_at DESC LIMIT ?", (last,))
        return statistics.median(r["wait"] for r in rows) if rows else None

    # The R&D office's side (curation).

    def get(self, number: int) -> Ticket:
        with self.db.connect() as c:
            return self._get(c, number)

    def list(self, status: str | None = None) -> list[Ticket]:
        if status is not None and status not in Status.__members__:
            raise TicketError(f"status must be one of {list(Status.__members__)}")
        sql, params = "SELECT * FROM tickets", []
        if status:
            sql += " WHERE status = ?"
            params.append(status)
        with self.db.connect() as c:
            return [self._ticket(r) for r in c.all(sql + " ORDER BY created_at DESC, id DESC", params)]

    def counts(self) -> dict[str, int]:
        with self.db.connect() as c:
            rows = c.all("SELECT status, COUNT(*) AS n FROM tickets GROUP BY status")
        return {s.value: 0 for s in Status} | {r["status"]: r["n"] for r in rows}

    def take(self, number: int, who: str) -> Ticket:
        return self._update(number, {Status.new, Status.taken}, status=Status.taken.value, taken_by=who)

    def answer(self, number: int, text: object, who: str) -> Ticket:
        """Record the answer; the caller then delivers it (Teams now, chat at the next message, email by the outbox)."""
        text = clean_text(text, "answer")
        with self.db.connect() as c:
            ticket = self._get(c, number)
        email = EmailStatus.pending if ticket.contact_email else EmailStatus.none
        return self._update(number, {Status.new, Status.taken, Status.answered}, status=Status.answered.value,
                            answer=text, answered_by=who, answered_at=time.time(), taken_by=ticket.taken_by or who,
                            delivered_at=None, delivery_error=None, email_status=email.value, email_attempts=0,
                            email_error=None)

    def close(self, number: int) -> Ticket:
        return self._update(number, {Status.new, Status.taken, Status.answered}, status=Status.closed.value)

    def delivered(self, number: int, error: str | None = None) -> Ticket:
        """A proactive delivery (Teams) succeeded, or failed with `error` (kept on the ticket to retry)."""
        if error:
            return self._update(number, None, delivery_error=error)
        return self._update(number, None, delivered_at=time.time(), delivery_error=None)

    def proactive_due(self) -> list[Ticket]:
        """Answers whose proactive delivery (Teams) failed: tried again until they go."""
        with self.db.connect() as c:
            rows = c.all("SELECT * FROM tickets WHERE reference IS NOT NULL AND answer IS NOT NULL "
                         "AND delivered_at IS NULL AND delivery_error IS NOT NULL ORDER BY answered_at")
        return [self._ticket(r) for r in rows]

    def emails_due(self, max_attempts: int) -> list[Ticket]:
        with self.db.connect() as c:
            rows = c.all("SELECT * FROM tickets WHERE email_status = ? AND email_attempts < ? ORDER BY answered_at",
                         (EmailStatus.pending.value, max_attempts))
        return [self._ticket(r) for r in rows]

    def email_result(self, number: int, error: str | None, max_attempts: int) -> Ticket:
        """One send attempt's outcome: sent, still pending (retried later) or failed after `max_attempts`."""
        with self.db.connect() as c:
            attempts = self._get(c, number).email_attempts + 1
        if error is None:
            return self._update(number, None, email_status=EmailStatus.sent.value, email_attempts=attempts,
                                email_error=None)
        status = EmailStatus.failed if attempts >= max_attempts else EmailStatus.pending
        return self._update(number, None, email_status=status.value, email_attempts=attempts, email_error=error)

    def retry_email(self, number: int) -> Ticket:
        ticket = self.get(number)
        if ticket.email_status not in (EmailStatus.failed, EmailStatus.pending):
            raise WrongState("there is no unsent email on this ticket")
        return self._update(number, None, email_status=EmailStatus.pending.value, email_attempts=0)

    def link_entry(self, number: int, entry_id: str, version: int) -> Ticket:
        """Note the entry the answer went into, on the ticket and in that entry version's history."""
        with self.db.connect() as c:
            row = c.one("SELECT action FROM versions WHERE entry_id = ? AND version = ?", (entry_id, version))
            if row is not None:
                c.execute("UPDATE versions SET action = ? WHERE entry_id = ? AND version = ?",
                          (f"{row['action']} (from ticket #{number})", entry_id, version))
        return self._update(number, None, entry_id=entry_id)

    # Retention.

    def purge_older_than(self, cutoff: float) -> int:
        """Delete every ticket created before `cutoff` (seconds since the epoch), whatever its state;
        returns how many. Entries made from them keep their text and the "(from ticket #N)" note."""
        with self.db.connect() as c:
            return c.execute("DELETE FROM tickets WHERE created_at < ?", (cutoff,))

    def delete_sent_by(self, sender: str) -> int:
        """Delete every ticket this conversation sent, whatever its state ("forget me"); returns how many."""
        with self.db.connect() as c:
            return c.execute("DELETE FROM tickets WHERE sender = ?", (sender,))

    # Internals.

    def _update(self, number: int, allowed: set[Status] | None, **values) -> Ticket:
        with self.db.connect() as c:
            ticket = self._get(c, number)
            if allowed is not None and ticket.status not in allowed:
                raise WrongState(f"ticket #{number} is {ticket.status.value}")
            values["updated_at"] = time.time()
            columns = ", ".join(f"{name} = ?" for name in values)
            c.execute(f"UPDATE tickets SET {columns} WHERE id = ?", (*values.values(), number))
            return self._get(c, number)

    def _get(self, c: Connection, number: int) -> Ticket:
        row = c.one("SELECT * FROM tickets WHERE id = ?", (number,))
        if row is None:
            raise NotFound(f"no ticket #{number}")
        return self._ticket(row)

    @staticmethod
    def _ticket(row: dict) -> Ticket:
        def loads(value: str | None):
            return json.loads(value) if value else None

        return Ticket(**{**row, "status": Status(row["status"]), "email_status": EmailStatus(row["email_status"]),
                         "nearest": loads(row["nearest"]) or [], "profile": loads(row["profile"]),
                         "reference": loads(row["reference"])})
