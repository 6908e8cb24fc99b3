"""The Rasa side of the Teams channel (runs in the Rasa environment: `make channels-test`):
built from the environment without touching the network, checks tokens against lazily fetched
keys, and replies into the conversation with cards."""

import pytest

pytest.importorskip("rasa", reason="the Rasa channel runs in .venv-rasa: make channels-test")

from rasa.core.channels.channel import UserMessage  # noqa: E402

from bot.channels.botframework_auth import AuthError  # noqa: E402
from bot.channels.no_reply import NO_REPLY_TEXT  # noqa: E402
from bot.channels.teams import TeamsInput, TeamsOutput  # noqa: E402
from bot.channels.teams_config import TeamsConfig  # noqa: E402
from tests.channels.fake_botframework import FakeBotFramework  # noqa: E402


@pytest.fixture
def fake():
    running = FakeBotFramework().start()
    yield running
    running.stop()


def config(fake, **overrides) -> TeamsConfig:
    env = {"NHSBOT_TEAMS_APP_ID": "app-id", "NHSBOT_TEAMS_APP_PASSWORD": "pw", "NHSBOT_TEAMS_TENANT_ID": "tenant",
           "NHSBOT_TEAMS_OPENID_METADATA_URL": f"{fake.url}/openid", "NHSBOT_TEAMS_TOKEN_URL": f"{fake.url}/token",
           **overrides}
    return TeamsConfig.from_env(env)


def activity(fake, **extra) -> dict:
    return {"type": "message", "id": "act-1", "channelId": "msteams", "serviceUrl": fake.url,
            "from": {"id": "29:user"}, "recipient": {"id": "28:app-id"}, "conversation": {"id": "a:conv"},
            "channelData": {"tenant": {"id": "tenant"}}, **extra}


def test_built_from_the_environment_without_fetching_keys(fake, monkeypatch):
    for name, value in {"NHSBOT_TEAMS_APP_ID": "app-id", "NHSBOT_TEAMS_OPENID_METADATA_URL": f"{fake.url}/openid",
                        "NHSBOT_TEAMS_MULTI_TENANT": "true"}.items():
        monkeypatch.setenv(name, value)
    channel = TeamsInput.from_credentials(None)
    assert channel.name() == "teams" and channel.config.multi_tenant
    assert channel.token.url == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert fake.metadata_requests == 0


async def test_valid_token_passes_and_keys_are_fetched_once(fake):
    channel = TeamsInput(config(fake))
    try:
        for _ in range(2):
            claims = await channel.authenticate(f"Bearer {fake.token_for('app-id')}", activity(fake))
            assert claims["aud"] == "app-id"
        assert fake.metadata_requests == 1
    finally:
        await channel.close()


async def test_unconfigured_bot_refuses_without_any_network(fake):
    channel = TeamsInput(config(fake, NHSBOT_TEAMS_APP_ID=""))
    with pytest.raises(AuthError) as refused:
        await channel.authenticate(f"Bearer {fake.token_for('app-id')}", activity(fake))
    assert refused.value.reason == "bot_not_configured" and fake.metadata_requests == 0
    await channel.close()


def test_single_tenant_bot_only_talks_to_its_own_tenant(fake):
    channel = TeamsInput(config(fake))
    assert not channel._wrong_tenant(activity(fake))
    assert channel._wrong_tenant(activity(fake, channelData={"tenant": {"id": "someone-else"}}))
    assert not TeamsInput(config(fake, NHSBOT_TEAMS_MULTI_TENANT="1"))._wrong_tenant(
        activity(fake, channelData={"tenant": {"id": "someone-else"}}))


async def test_replies_go_to_the_conversation_as_markdown_and_cards(fake):
    channel = TeamsInput(config(fake))
    out = TeamsOutput(channel.connector, activity(fake), max_chars=3500)
    try:
        await out.send_typing("29:user")
        await out.send_text_message("29:user", "**Title**\nBody")
        await out.send_text_with_buttons("29:user", "Which nation?",
                                         [{"title": "Wales", "payload": '/inform{"nation": "wales"}'}])
    finally:
        await channel.close()
    posted = [a for _, a in fake.posted_to("a:conv")]
    assert [a["type"] for a in posted] == ["typing", "message", "message"]
    assert posted[1]["text"] == "**Title**\n\nBody" and posted[1]["textFormat"] == "markdown"
    assert posted[1]["replyToId"] == "act-1" and posted[1]["from"] == {"id": "28:app-id"}
    action = posted[2]["attachments"][0]["content"]["body"][1]["actions"][0]
    assert action["data"]["payload"] == '/inform{"nation": "wales"}'


@pytest.mark.parametrize("fail", [False, True], ids=["no_reply", "turn_failed"])
async def test_silence_from_rasa_becomes_a_polite_reply(fake, fail):
    """Rasa answers nothing when a custom action fails (action server down): the user is told, not left waiting."""
    async def rasa(message):
        if fail:
            raise RuntimeError("the processor fell over")

    channel = TeamsInput(config(fake))
    out = TeamsOutput(channel.connector, activity(fake), max_chars=3500)
    try:
        await channel._handle(rasa, UserMessage("what is ICAP?", out, "29:user"), out)
    finally:
        await channel.close()
    assert [a["text"] for a in fake.replies("a:conv")] == [NO_REPLY_TEXT]
