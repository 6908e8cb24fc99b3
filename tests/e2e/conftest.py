"""The stack with the Teams channel pointed at a local fake Bot Framework, shared by the Teams and
web chat tests (one Rasa start-up for both). Its ports are picked free at start, so that it never
meets another test's stack, a benchmark, or `make run` on the same machine."""

import pytest

from scripts.stack import Stack, isolated_settings
from tests.channels.fake_botframework import FakeBotFramework

APP_ID = "00000000-0000-4000-8000-00000000b07a"
TENANT_ID = "11111111-1111-4111-8111-111111111111"


@pytest.fixture(scope="session")
def fake_botframework():
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def channel_stack(tmp_path_factory, fake_botframework):
    data = tmp_path_factory.mktemp("channels")
    settings = isolated_settings(
        data, teams_app_id=APP_ID, teams_app_password="not-a-real-secret", teams_tenant_id=TENANT_ID,
        teams_openid_metadata_url=f"{fake_botframework.url}/openid", teams_token_url=f"{fake_botframework.url}/token",
        teams_send_attempts=3, teams_retry_backoff_s=0.05,
    )
    with Stack(settings, log_dir=data / "logs") as running:
        yield running
