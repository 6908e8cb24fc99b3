"""The stack with the Teams channel pointed at a local fake Bot Framework, shared by the Teams and
web chat tests (one Rasa start-up for both). Its ports are picked free at start, so that it never
meets another test's stack, a benchmark, or `make run` on the same machine."""

import pytest
from aiosmtpd.controller import Controller

from launcher.processes import free_ports
from launcher.stack import Stack, isolated_settings
from tests.channels.fake_botframework import FakeBotFramework

APP_ID = "00000000-0000-4000-8000-00000000b07a"
TENANT_ID = "11111111-1111-4111-8111-111111111111"
RD_CHANNEL = "19:rd-office@thread.tacv2"  # the R&D office's team channel, where new tickets are posted


@pytest.fixture(scope="session")
def fake_botframework():
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def smtp_inbox():
    """A local SMTP server (aiosmtpd) the knowledge service sends ticket answers to."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_ports(1)[0])
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture(scope="session")
def channel_stack(tmp_path_factory, fake_botframework, smtp_inbox):
    data = tmp_path_factory.mktemp("channels")
    settings = isolated_settings(data)
    teams = {"NHSBOT_TEAMS_APP_ID": APP_ID, "NHSBOT_TEAMS_APP_PASSWORD": "not-a-real-secret",
             "NHSBOT_TEAMS_TENANT_ID": TENANT_ID, "NHSBOT_TEAMS_OPENID_METADATA_URL": f"{fake_botframework.url}/openid",
             "NHSBOT_TEAMS_TOKEN_URL": f"{fake_botframework.url}/token", "NHSBOT_TEAMS_SEND_ATTEMPTS": "3",
             "NHSBOT_TEAMS_RETRY_BACKOFF_S": "0.05"}
    tickets = {"NHSBOT_SMTP_HOST": "127.0.0.1", "NHSBOT_SMTP_PORT": str(smtp_inbox.port),
               "NHSBOT_SMTP_STARTTLS": "false",
               "NHSBOT_SMTP_FROM": "rd-office@trust.nhs.uk", "NHSBOT_TICKET_EMAIL_RETRY_S": "1",
               "NHSBOT_TICKETS_TEAMS_CHANNEL_ID": RD_CHANNEL, "NHSBOT_TICKETS_TEAMS_SERVICE_URL": fake_botframework.url}
    with Stack(settings, log_dir=data / "logs", env={**teams, **tickets}) as running:
        yield running
