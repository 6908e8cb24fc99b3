"""What the Teams channel says on its own: when the bot counts as added, the welcome card, and
invoke answers."""

import pytest

from bot.channels.teams_replies import (UNUSABLE_TEXT, bot_added, invoke_response, unusable_activities,
                                        welcome_activities)

BOT = {"id": "28:app-id"}


@pytest.mark.parametrize("activity, expected", [
    ({"type": "installationUpdate", "action": "add", "recipient": BOT}, True),
    ({"type": "installationUpdate", "action": "add-upgrade", "recipient": BOT}, True),
    ({"type": "installationUpdate", "action": "remove", "recipient": BOT}, False),
    ({"type": "conversationUpdate", "recipient": BOT, "membersAdded": [{"id": "29:u"}, BOT]}, True),
    ({"type": "conversationUpdate", "recipient": BOT, "membersAdded": [{"id": "29:u"}]}, False),
    ({"type": "conversationUpdate", "recipient": BOT, "membersRemoved": [BOT]}, False),
    ({"type": "conversationUpdate", "membersAdded": [BOT]}, False),  # no recipient: cannot tell
    ({"type": "message", "recipient": BOT, "membersAdded": [BOT]}, False),
])
def test_bot_added_on_install_or_when_it_joins_a_chat(activity, expected):
    assert bot_added(activity) is expected


def test_welcome_says_what_it_does_and_how_to_start_with_a_button():
    [card] = welcome_activities(3500)
    content = card["attachments"][0]["content"]
    text = content["body"][0]["text"]
    assert "research schemes" in text and "where do I start?" in text and "source" in text
    titles = [block["actions"][0]["title"] for block in content["body"][1:]]
    assert titles == ["Where do I start?", "What can you do?"]


def test_unusable_hint_is_a_plain_message():
    assert unusable_activities(3500) == [{"type": "message", "textFormat": "markdown", "text": UNUSABLE_TEXT}]


def test_card_action_invokes_get_a_message_other_invokes_501():
    status, body = invoke_response({"type": "invoke", "name": "adaptiveCard/action"})
    assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert body["value"] == UNUSABLE_TEXT
    assert invoke_response({"type": "invoke", "name": "composeExtension/query"}) == (501, None)
