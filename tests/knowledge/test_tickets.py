"""Tickets without HTTP: the store's life cycle, delivery once per conversation, the email outbox
through a real SMTP client to a local aiosmtpd server (and what happens when it is down), retention."""

import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from bot.channels.teams_config import TeamsConfig
from knowledge.curation.db import Database
from knowledge.settings import Settings
from service.ticket_delivery import TeamsSender, deliver_answer, new_ticket_card, send_due_emails, wait_text
from knowledge.tickets import EmailStatus, Status, TicketError, TicketStore, WrongState, email_in
from launcher.processes import free_ports
from tests.channels.fake_botframework import FakeBotFramework


class Inbox(Sink):
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def store(tmp_path) -> TicketStore:
    db = Database(None, tmp_path / "curation.sqlite3")
    db.migrate()
    return TicketStore(db)


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_ports(1)[0])
    controller.start()
    yield controller, inbox
    controller.stop()


def mail_settings(tmp_path, port: int, attempts: int = 3) -> Settings:
    return Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                    smtp_from="rd-office@trust.nhs.uk", ticket_email_attempts=attempts)


def ask(store: TicketStore, **extra):
    return store.create("Can I claim travel for a research course?", "rest", "webchat-abc12345", **extra)


def test_a_ticket_goes_from_new_to_taken_to_answered_to_closed(store):
    ticket = ask(store, attempted_answer="I don't know.", nearest=[{"entry_id": "p2p", "title": "Pathway"}],
                 profile={"profession": "nurse", "nation": None})
    assert (ticket.id, ticket.status, ticket.profile, ticket.email_status) == (1, Status.new, {"profession": "nurse"},
                                                                               EmailStatus.none)
    assert "sender" not in ticket.to_dict() and "reference" not in ticket.to_dict()  # addressing stays internal
    assert store.take(1, "ed@trust.nhs.uk").taken_by == "ed@trust.nhs.uk"
    answered = store.answer(1, "Yes: ask your line manager first.", "ed@trust.nhs.uk")
    assert answered.status is Status.answered and answered.answered_by == "ed@trust.nhs.uk"
    assert store.close(1).status is Status.closed
    with pytest.raises(WrongState):
        store.answer(1, "again", "ed@trust.nhs.uk")
    assert store.counts() == {"new": 0, "taken": 0, "answered": 0, "closed": 1}


@pytest.mark.parametrize("field, value", [("question", ""), ("question", "x" * 2001), ("channel", "Rest!"),
                                          ("contact_email", "not an address"), ("profile", "nurse"),
                                          ("reference", {"service_url": "https://x"})])
def test_bad_input_is_refused_and_names_the_field(store, field, value):
    args = {"question": "Is there funding?", "channel": "rest", "sender": "webchat-abc12345", field: value}
    with pytest.raises(TicketError, match=field):
        store.create(**args)
    assert store.list() == []


def test_the_question_is_cleaned_as_every_surface_cleans_it(store):
    ticket = store.create("Can\u00a0I\x00 apply? \U0001F469\u200d\U0001F52C", "rest", "webchat-abc12345")
    assert ticket.question == "Can I apply? \U0001F469\u200d\U0001F52C"  # no-break space a space; joiner kept


def test_an_answer_is_shown_once_and_only_in_its_own_conversation(store):
    ask(store)
    assert store.claim_answers("rest", "webchat-abc12345") == []  # not answered yet
    store.answer(1, "Yes.", "ed@trust.nhs.uk")
    assert store.claim_answers("rest", "someone-else-123") == []
    assert store.claim_answers("teams", "webchat-abc12345") == []
    [claimed] = store.claim_answers("rest", "webchat-abc12345")
    assert claimed.answer == "Yes." and claimed.delivered_at
    assert store.claim_answers("rest", "webchat-abc12345") == []


def test_teams_answers_are_not_collected_at_the_next_message(store):
    store.create("Is there funding?", "teams", "29:user", reference={"service_url": "https://smba.example/",
                                                                     "conversation_id": "a:1"})
    store.answer(1, "Yes.", "ed@trust.nhs.uk")
    assert store.claim_answers("teams", "29:user") == []  # they went as a proactive message


def test_the_typical_wait_comes_from_answered_tickets_and_claims_nothing_before(store):
    assert wait_text(store.typical_wait_s()) == "You'll get the answer here as soon as they reply."
    ask(store)
    store.answer(1, "Yes.", "ed@trust.nhs.uk")
    assert store.typical_wait_s() < 60
    assert "within a couple of hours" in wait_text(store.typical_wait_s())
    assert "about 3 days" in wait_text(3 * 86400)


def test_the_answer_email_goes_through_smtp_to_the_address_given(store, smtp, tmp_path):
    controller, inbox = smtp
    ask(store, contact_email="kim.lee@nhs.net")
    assert store.get(1).email_status is EmailStatus.waiting
    store.answer(1, "Yes: ask your line manager first.", "ed@trust.nhs.uk")
    assert send_due_emails(store, mail_settings(tmp_path, controller.port)) == 1
    [message] = inbox.messages
    assert message.rcpt_tos == ["kim.lee@nhs.net"] and message.mail_from == "rd-office@trust.nhs.uk"
    assert b"Yes: ask your line manager first." in message.content
    assert store.get(1).email_status is EmailStatus.sent
    assert send_due_emails(store, mail_settings(tmp_path, controller.port)) == 0  # never twice


def test_a_failed_email_is_retried_then_shown_as_failed_and_sent_when_retried(store, smtp, tmp_path):
    controller, inbox = smtp
    ask(store, contact_email="kim.lee@nhs.net")
    store.answer(1, "Yes.", "ed@trust.nhs.uk")
    down = mail_settings(tmp_path, free_ports(1)[0], attempts=2)  # nothing listens there
    assert send_due_emails(store, down) == 0
    ticket = store.get(1)
    assert (ticket.email_status, ticket.email_attempts) == (EmailStatus.pending, 1) and "Refused" in ticket.email_error
    send_due_emails(store, down)
    assert store.get(1).email_status is EmailStatus.failed  # out of automatic attempts: kept, shown
    assert send_due_emails(store, down) == 0 and store.get(1).email_attempts == 2
    store.retry_email(1)
    assert send_due_emails(store, mail_settings(tmp_path, controller.port)) == 1
    assert store.get(1).email_status is EmailStatus.sent and store.get(1).email_error is None
    assert len(inbox.messages) == 1


def test_email_in_finds_an_address_in_a_sentence():
    assert email_in("you can reach me at kim.lee@nhs.net, thanks.") == "kim.lee@nhs.net"
    assert email_in("no address here @ all") is None


def test_the_team_channel_card_has_the_question_and_a_button_to_the_ticket_but_not_who_asked(store, tmp_path):
    ticket = ask(store, nearest=[{"entry_id": "p2p", "title": "Pathway to Portfolio"}], contact_email="kim@nhs.net")
    card = new_ticket_card(ticket, Settings(data_dir=tmp_path, public_url="https://rd.trust.nhs.uk"))
    text = str(card)
    assert ticket.question in text and "Pathway to Portfolio" in text and "kim@nhs.net" not in text
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Open the ticket",
                                "url": "https://rd.trust.nhs.uk/curation/tickets/1"}]


def test_purge_older_than_deletes_tickets_created_before_the_cutoff(store):
    ask(store)
    cutoff = time.time()
    time.sleep(0.01)
    ask(store)
    assert store.purge_older_than(cutoff) == 1
    assert [t.id for t in store.list()] == [2]


async def test_a_teams_answer_that_did_not_go_is_shown_and_goes_on_a_later_try(store, tmp_path):
    fake = FakeBotFramework().start()
    try:
        ticket = store.create("Is there funding?", "teams", "29:user",
                              reference={"service_url": fake.url, "conversation_id": "a:1", "bot_id": "28:b"})
        ticket = store.answer(ticket.id, "Yes.", "ed@trust.nhs.uk")
        teams = {"app_id": "app", "app_password": "secret", "tenant_id": "t", "send_attempts": 1}
        down = TeamsSender(Settings(data_dir=tmp_path),
                           TeamsConfig(**teams, token_url_override=f"http://127.0.0.1:{free_ports(1)[0]}"))
        failed = await deliver_answer(store, down, ticket)
        assert failed.delivered_at is None and failed.delivery_error and fake.replies("a:1") == []
        assert [t.id for t in store.proactive_due()] == [ticket.id]
        up = TeamsSender(Settings(data_dir=tmp_path), TeamsConfig(**teams, token_url_override=f"{fake.url}/token"))
        [due] = store.proactive_due()
        assert (await deliver_answer(store, up, due)).delivered_at
        assert fake.replies("a:1")[0]["text"].endswith("Yes.") and store.proactive_due() == []
        await down.close()
        await up.close()
    finally:
        fake.stop()
