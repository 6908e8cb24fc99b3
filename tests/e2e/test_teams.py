"""Microsoft Teams end to end: signed activities into the real Rasa server (with the action server
and knowledge service), replies recorded by a local fake Bot Framework connector."""

import json
import socket
import sqlite3
import time
import uuid

import jwt
import pytest
import requests

from tests.channels.fake_botframework import new_key, sign
from tests.e2e.conftest import APP_ID, TENANT_ID

pytestmark = pytest.mark.e2e


def webhook(stack) -> str:
    return f"http://{stack.settings.host}:{stack.settings.rasa_port}/webhooks/teams/webhook"


def activity(user: str, conversation: str, service_url: str, text: str | None = "", value: dict | None = None,
             **extra) -> dict:
    body = {
        "type": "message", "id": uuid.uuid4().hex, "channelId": "msteams", "serviceUrl": service_url,
        "from": {"id": user, "name": "New Starter"},
        "conversation": {"id": conversation, "conversationType": "personal", "tenantId": TENANT_ID},
        "recipient": {"id": f"28:{APP_ID}", "name": "Research opportunities"},
        "channelData": {"tenant": {"id": TENANT_ID}}, "text": text,
    }
    if value is not None:
        body["value"] = value
    return {**body, **extra}


class Chat:
    """One Teams user in a personal chat with the bot."""

    def __init__(self, stack, fake, service_url: str | None = None):
        self.stack, self.fake = stack, fake
        self.user = f"29:{uuid.uuid4().hex}"
        self.conversation = f"a:{uuid.uuid4().hex}"
        self.service_url = service_url or fake.url

    def send(self, text: str | None = "", value: dict | None = None, token: str | None = None,
             **extra) -> requests.Response:
        token = token or self.fake.token_for(APP_ID, self.service_url)
        body = activity(self.user, self.conversation, self.service_url, text, value, **extra)
        return requests.post(webhook(self.stack), json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def wait_for(self, *needles: str, after: int = 0) -> list[dict]:
        """Messages after the first `after`, once their text (cards included) contains every needle."""
        return self.fake.wait_for(self.conversation,
                                  lambda ms: all(n in rendered(ms[after:]) for n in needles))[after:]


def rendered(messages: list[dict]) -> str:
    return json.dumps(messages, ensure_ascii=False)


def card_actions(messages: list[dict]) -> list[dict]:
    return [action for m in messages for a in m.get("attachments", [])
            for block in a["content"]["body"] if block["type"] == "ActionSet" for action in block["actions"]]


def tracker_texts(stack, sender: str) -> list[str]:
    db = stack.settings.data_dir / "tracker.sqlite3"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)).fetchall()
    return [json.loads(data).get("text") for (data,) in rows]


def test_question_gets_typing_then_the_cited_answer_with_feedback_buttons(channel_stack, fake_botframework):
    chat = Chat(channel_stack, fake_botframework)
    assert chat.send("how much funding does Pathway to Portfolio give?").status_code == 202
    messages = chat.wait_for("£20,000", "Source:")
    posted = fake_botframework.posted_to(chat.conversation)
    assert posted[0][1]["type"] == "typing"  # the indicator comes before the answer
    assert all(auth.startswith("Bearer fake-token-") for auth, _ in posted)
    answer = messages[-1]
    assert answer["replyToId"] and answer["recipient"]["id"] == chat.user
    assert answer["conversation"]["id"] == chat.conversation
    card = answer["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    text = card["content"]["body"][0]["text"]
    assert text.startswith("**Pathway to Portfolio") and "**\n\n" in text  # title in its own paragraph for Teams
    payloads = [a["data"]["payload"] for a in card_actions(messages)]
    assert "/feedback_helpful" in payloads and "/feedback_unhelpful" in payloads
    request = fake_botframework.token_requests[0]
    assert request["client_id"] == APP_ID and request["grant_type"] == "client_credentials"
    assert request["scope"] == "https://api.botframework.com/.default"


def test_conversation_with_buttons_end_to_end(channel_stack, fake_botframework):
    chat = Chat(channel_stack, fake_botframework)
    chat.send("where do I start?")
    asked = chat.wait_for("profession")
    nurse = next(a for a in card_actions(asked) if a["title"] == "Nurse")
    assert nurse["type"] == "Action.Submit" and nurse["data"]["payload"] == '/inform{"profession": "nurse"}'
    seen = len(fake_botframework.replies(chat.conversation))
    assert chat.send("", value=nurse["data"]).status_code == 202  # Teams: empty text, the card's data as value
    asked = chat.wait_for("nation", after=seen)
    wales = next(a for a in card_actions(asked) if a["title"] == "Wales")
    seen = len(fake_botframework.replies(chat.conversation))
    chat.send("", value=wales["data"])
    answer = chat.wait_for("Pathway to Portfolio", "NHS Research Time Award", after=seen)
    assert "Integrated Clinical Academic" not in rendered(answer)
    seen = len(fake_botframework.replies(chat.conversation))
    chat.send("", value={"payload": '/choose_entry{"entry_id": "pcaf"}'})
    chat.wait_for("Pre-doctoral Clinical Academic Fellowship", "Source:", after=seen)
    clicks = tracker_texts(channel_stack, chat.user)[1:3]
    assert clicks == ['/inform{"profession": "nurse"}', '/inform{"nation": "wales"}']
    assert len(fake_botframework.token_requests) == 1  # the bearer token is cached between replies


def eventually(check, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WRONG_KEY = new_key()


@pytest.mark.parametrize("problem", ["missing", "garbage", "expired", "wrong_key", "wrong_audience", "wrong_issuer",
                                     "other_service_url", "unknown_key_id", "hs256"])
def test_request_without_a_valid_token_is_refused(channel_stack, fake_botframework, problem):
    chat = Chat(channel_stack, fake_botframework)
    fake, url = fake_botframework, fake_botframework.url
    token = {
        "missing": None,
        "garbage": "not.a.jwt",
        "expired": lambda: fake.token_for(APP_ID, url, lifetime_s=3600, issued_ago_s=7200),
        "wrong_key": lambda: sign(WRONG_KEY, fake.kid, audience=APP_ID, service_url=url),
        "wrong_audience": lambda: fake.token_for("someone-elses-bot", url),
        "wrong_issuer": lambda: fake.token_for(APP_ID, url, issuer="https://sts.windows.net/attacker/"),
        "other_service_url": lambda: fake.token_for(APP_ID, "https://attacker.example"),
        "unknown_key_id": lambda: sign(WRONG_KEY, "not-published", audience=APP_ID, service_url=url),
        "hs256": lambda: jwt.encode({"aud": APP_ID, "iss": "https://api.botframework.com", "exp": 9999999999,
                                     "serviceurl": url}, "a-shared-secret-of-thirty-two-bytes!", algorithm="HS256",
                                    headers={"kid": fake.kid}),
    }[problem]
    token = token() if callable(token) else token
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.post(webhook(channel_stack), headers=headers, timeout=30,
                             json=activity(chat.user, chat.conversation, url, "how much funding does P2P give?"))
    assert response.status_code == 401
    assert "P2P" not in response.text
    assert tracker_texts(channel_stack, chat.user) == []  # refused before Rasa saw it
    assert fake.posted_to(chat.conversation) == []


def test_connector_down_does_not_lose_the_message(channel_stack, fake_botframework):
    down = Chat(channel_stack, fake_botframework, service_url=f"http://127.0.0.1:{unused_port()}")
    assert down.send("I'm a nurse in Scotland").status_code == 202
    eventually(lambda: "I'm a nurse in Scotland" in tracker_texts(channel_stack, down.user))  # saved once the turn ends
    log = (channel_stack.settings.data_dir / "logs" / "rasa.log").read_text()
    assert '"event": "teams_reply_failed"' in log and "nurse" not in log.split('"teams_reply_failed"')[1][:300]
    back = Chat(channel_stack, fake_botframework)  # the connector is reachable again (same person)
    back.user = down.user
    back.send("hello")
    greeting = back.wait_for("Welcome back")
    assert "nurse" in rendered(greeting) and "Scotland" in rendered(greeting)


def test_malformed_activities_get_a_clear_4xx(channel_stack, fake_botframework):
    chat = Chat(channel_stack, fake_botframework)
    auth = {"Authorization": f"Bearer {fake_botframework.token_for(APP_ID)}"}
    not_json = requests.post(webhook(channel_stack), data=b"{oops", headers=auth, timeout=30)
    assert not_json.status_code == 400 and "JSON" in not_json.json()["error"]
    nobody = activity(chat.user, chat.conversation, fake_botframework.url, "hello")
    del nobody["from"]
    assert requests.post(webhook(channel_stack), json=nobody, headers=auth, timeout=30).status_code == 400
    stranger = activity(chat.user, chat.conversation, fake_botframework.url, "hello")
    stranger["channelData"]["tenant"]["id"] = "another-organisation"
    assert requests.post(webhook(channel_stack), json=stranger, headers=auth, timeout=30).status_code == 403
    assert tracker_texts(channel_stack, chat.user) == []


def test_clicks_from_every_client_arrive_and_an_empty_one_gets_a_hint(channel_stack, fake_botframework):
    """The new desktop client posts value null (the payload comes in the messageBack text), Android
    posts text "|EMPTY|" with the value; a click with neither gets a hint instead of silence."""
    chat = Chat(channel_stack, fake_botframework)
    chat.send("where do I start?")
    asked = chat.wait_for("profession")
    nurse = next(a for a in card_actions(asked) if a["title"] == "Nurse")
    seen = len(fake_botframework.replies(chat.conversation))
    assert chat.send(nurse["data"]["msteams"]["text"], value=None).status_code == 202  # value: null
    asked = chat.wait_for("nation", after=seen)
    wales = next(a for a in card_actions(asked) if a["title"] == "Wales")
    seen = len(fake_botframework.replies(chat.conversation))
    assert chat.send("|EMPTY|", value=wales["data"]["msteams"]["value"]).status_code == 202  # Android
    chat.wait_for("Pathway to Portfolio", after=seen)
    seen = len(fake_botframework.replies(chat.conversation))
    assert chat.send("|EMPTY|").status_code == 202  # nothing usable at all
    hint = chat.wait_for("couldn't read that", after=seen)
    assert len(hint) == 1
    assert tracker_texts(channel_stack, chat.user)[1:3] == ['/inform{"profession": "nurse"}',
                                                            '/inform{"nation": "wales"}']
    assert "|EMPTY|" not in tracker_texts(channel_stack, chat.user)


def test_install_gets_one_welcome_and_web_chat_is_refused(channel_stack, fake_botframework):
    chat = Chat(channel_stack, fake_botframework)
    bot = {"id": f"28:{APP_ID}"}
    assert chat.send(None, type="installationUpdate", action="add").status_code == 202
    assert chat.send(None, type="conversationUpdate", membersAdded=[{"id": chat.user}, bot]).status_code == 200
    [welcome] = chat.wait_for("where do I start?")
    time.sleep(1)
    assert len(fake_botframework.replies(chat.conversation)) == 1  # once per conversation
    buttons = card_actions([welcome])
    assert buttons[0]["data"]["payload"] == "/start_induction"
    chat.send(buttons[0]["data"]["msteams"]["text"])  # pressing it starts the induction
    chat.wait_for("profession", after=1)
    eventually(lambda: tracker_texts(channel_stack, chat.user))  # Rasa saves the turn after its replies go out
    assert tracker_texts(channel_stack, chat.user) == ["/start_induction"]  # the welcome left no trace in Rasa

    web_chat = Chat(channel_stack, fake_botframework)
    assert web_chat.send("hello", channelId="webchat", channelData={}).status_code == 403
    tenantless = activity(web_chat.user, web_chat.conversation, web_chat.service_url, "hello", channelData={})
    del tenantless["conversation"]["tenantId"]
    auth = {"Authorization": f"Bearer {fake_botframework.token_for(APP_ID)}"}
    refused = requests.post(webhook(channel_stack), json=tenantless, headers=auth, timeout=30)
    assert refused.status_code == 403  # no tenant for a single-tenant bot
    assert tracker_texts(channel_stack, web_chat.user) == []
    assert fake_botframework.posted_to(web_chat.conversation) == []
