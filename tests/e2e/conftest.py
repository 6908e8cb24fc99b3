"""The stack with the Teams channel pointed at a local fake Bot Framework, shared by the Teams and
web chat tests (one Rasa start-up for both). Its ports are picked free at start, so that it never
meets test_conversation.py's stack, a benchmark, or `make run` on the same machine."""

import shutil
import socket

import pytest

from knowledge.settings import Settings
from scripts.stack import Stack
from tests.channels.fake_botframework import FakeBotFramework

APP_ID = "00000000-0000-4000-8000-00000000b07a"
TENANT_ID = "11111111-1111-4111-8111-111111111111"


def free_ports(n: int) -> list[int]:
    """n distinct ports nobody is listening on (all held open together, so none repeats)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture(scope="session")
def fake_botframework():
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def channel_stack(tmp_path_factory, fake_botframework):
    data = tmp_path_factory.mktemp("channels")
    default = Settings()
    if default.index_dir.exists():  # reuse embeddings built by `make index`
        shutil.copytree(default.index_dir, data / "index")
    rasa_port, action_port, knowledge_port = free_ports(3)
    settings = Settings(
        data_dir=data, rasa_port=rasa_port, action_port=action_port, knowledge_port=knowledge_port,
        teams_app_id=APP_ID, teams_app_password="not-a-real-secret", teams_tenant_id=TENANT_ID,
        teams_openid_metadata_url=f"{fake_botframework.url}/openid", teams_token_url=f"{fake_botframework.url}/token",
        teams_send_attempts=3, teams_retry_backoff_s=0.05,
    )
    with Stack(settings, log_dir=data / "logs") as running:
        yield running
