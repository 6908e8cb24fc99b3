"""The Rasa side of the Teams channel (runs in the Rasa environment: `make channels-test`):
built from the environment without touching the network, checks tokens against lazily fetched
keys, accepts Teams only (and a single-tenant bot's own tenant), reads every kind of button click,
greets once on install, hints instead of silence, and replies into the conversation with cards."""

import asyncio
import json

import pytest

pytest.importorskip("rasa", reason="the Rasa channel runs in .venv-rasa: make channels-test")

from rasa.core.channels.channel import UserMessage  # noqa: E402

from bot.channels.botframework_auth import AuthError  # noqa: E402
from bot.channels.no_reply import NO_REPLY_TEXT  # noqa: E402
from bot.channels.teams import TeamsInput, TeamsOutput  # noqa: E402
from bot.channels.teams_config import TeamsConfig  # noqa: E402
from bot.channels.teams_replies import UNUSABLE_TEXT, WELCOME_TEXT  # noqa: E402
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
    assert channel.refusal(activity(fake)) is None
    assert channel.refusal(activity(fake, channelData={"tenant": {"id": "someone-else"}})) == "wrong_tenant"
    assert channel.refusal(activity(fake, channelData={})) == "no_tenant"  # tenant-less (Web Chat sends none)
    assert channel.refusal(activity(fake, channelData={}, conversation={"id": "a:c", "tenantId": "tenant"})) is None
    multi = TeamsInput(config(fake, NHSBOT_TEAMS_MULTI_TENANT="1"))
    assert multi.refusal(activity(fake, channelData={"tenant": {"id": "someone-else"}})) is None
    assert multi.refusal(activity(fake, channelData={})) is None
    unset = TeamsInput(config(fake, NHSBOT_TEAMS_TENANT_ID=""))
    assert unset.refusal(activity(fake)) == "tenant_not_configured"


def test_only_the_configured_channels_are_accepted(fake):
    channel = TeamsInput(config(fake))
    assert channel.refusal(activity(fake, channelId="webchat")) == "channel_not_allowed"
    assert channel.refusal(activity(fake, channelId="directline")) == "channel_not_allowed"
    assert channel.refusal(activity(fake, channelId=None)) == "channel_not_allowed"
    wider = TeamsInput(config(fake, NHSBOT_TEAMS_CHANNELS="msteams, webchat"))
    assert wider.refusal(activity(fake, channelId="webchat")) is None


class FakeRasa:
    def __init__(self):
        self.received = []

    async def __call__(self, message):
        self.received.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, f"you said {message.text}")


async def post(channel, fake, body, rasa=None):
    """The webhook as the Bot Framework calls it, then every background reply finished."""
    header = f"Bearer {fake.token_for('app-id', fake.url)}"
    answer = await channel.receive(header, json.dumps(body).encode(), rasa or FakeRasa())
    await asyncio.gather(*list(channel._tasks))
    return answer


CLICK = '/inform{"profession": "nurse"}'


@pytest.mark.parametrize("text, value, expected", [
    (CLICK, None, CLICK),  # new desktop client: value null, the payload arrives in the messageBack text
    ("|EMPTY|", {"payload": CLICK}, CLICK),  # Android: placeholder text, the payload in value
    ("Nurse", {"payload": CLICK}, CLICK),  # a valid payload wins over whatever text came with it
    ("<at>Research bot</at> hello", None, "hello"),
], ids=["value_null", "empty_marker", "junk_text", "typed"])
async def test_every_kind_of_click_reaches_rasa_as_its_payload(fake, text, value, expected):
    channel, rasa = TeamsInput(config(fake)), FakeRasa()
    try:
        answer = await post(channel, fake, activity(fake, text=text, value=value), rasa)
    finally:
        await channel.close()
    assert answer.status == 202 and rasa.received == [expected]
    assert [a["text"] for a in fake.replies("a:conv")] == [f"you said {expected}"]


@pytest.mark.parametrize("text, value", [("|EMPTY|", None), ("", None), ("", {"payload": "not an intent"}),
                                         (None, {"junk": 1})], ids=["empty_marker", "nothing", "bad_payload", "junk"])
async def test_an_unusable_activity_gets_a_hint_never_silence(fake, text, value):
    channel, rasa = TeamsInput(config(fake)), FakeRasa()
    try:
        answer = await post(channel, fake, activity(fake, text=text, value=value), rasa)
    finally:
        await channel.close()
    assert answer.status == 202 and rasa.received == []
    assert [a["text"] for a in fake.replies("a:conv")] == [UNUSABLE_TEXT]


def install(fake, kind: str) -> dict:
    base = activity(fake, type=kind, membersAdded=[{"id": "29:user"}, {"id": "28:app-id"}])
    return {**base, "action": "add"} if kind == "installationUpdate" else base


async def test_install_and_add_to_chat_get_one_welcome_per_conversation(fake):
    channel, rasa = TeamsInput(config(fake)), FakeRasa()
    try:
        first = await post(channel, fake, install(fake, "installationUpdate"), rasa)
        again = await post(channel, fake, install(fake, "conversationUpdate"), rasa)  # Teams sends both
        other = activity(fake, type="conversationUpdate", conversation={"id": "19:group@thread.v2"},
                         membersAdded=[{"id": "28:app-id"}])
        added = await post(channel, fake, other, rasa)
        someone_else = activity(fake, type="conversationUpdate", conversation={"id": "19:x@thread.v2"},
                                membersAdded=[{"id": "29:another-user"}])
        ignored = await post(channel, fake, someone_else, rasa)
    finally:
        await channel.close()
    assert (first.status, again.status, added.status, ignored.status) == (202, 200, 202, 200)
    assert rasa.received == []  # the welcome is the channel's own: nothing in the tracker
    for conversation in ("a:conv", "19:group@thread.v2"):
        [welcome] = fake.replies(conversation)
        card = welcome["attachments"][0]["content"]
        assert card["body"][0]["text"].startswith(WELCOME_TEXT.split("\n")[0])
        assert "where do I start?" in card["body"][0]["text"]
        actions = [b["actions"][0] for b in card["body"][1:]]
        assert actions[0]["data"]["payload"] == "/start_induction"
        assert actions[0]["data"]["msteams"]["text"] == "/start_induction"
    assert fake.replies("19:x@thread.v2") == []


async def test_web_chat_and_tenantless_activities_are_refused_before_rasa(fake):
    channel, rasa = TeamsInput(config(fake)), FakeRasa()
    try:
        web_chat = await post(channel, fake, activity(fake, channelId="webchat", channelData={}, text="hi"), rasa)
        tenantless = await post(channel, fake, activity(fake, channelData={}, text="hi"), rasa)
    finally:
        await channel.close()
    assert web_chat.status == 403 and tenantless.status == 403
    assert rasa.received == [] and fake.posted_to("a:conv") == []


async def test_invokes_are_answered_not_left_empty(fake):
    channel = TeamsInput(config(fake))
    try:
        card_action = await post(channel, fake, activity(fake, type="invoke", name="adaptiveCard/action",
                                                           value={"action": {"type": "Action.Execute"}}))
        other = await post(channel, fake, activity(fake, type="invoke", name="task/fetch"))
    finally:
        await channel.close()
    assert card_action.status == 200
    assert json.loads(card_action.body) == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                                            "value": UNUSABLE_TEXT}
    assert other.status == 501


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
