"""Markdown for Teams, message splitting, Adaptive Card buttons and reading button clicks."""

import json

import pytest

from bot.channels.teams_format import (button_card, incoming_text, reply_activities, split_message,
                                       teams_markdown)

ANSWER = ("**Pathway to Portfolio**\nProjects last up to 6 months.\n- funding\n- protected time\n"
          "_Source: Creating Time for Research (https://example.org/a_b)._")
BUTTONS = [{"title": "Nurse", "payload": '/inform{"profession": "nurse"}'},
           {"title": "👍 Helpful", "payload": "/feedback_helpful"}]


def test_lines_become_paragraphs_and_lists_stay_lists():
    assert teams_markdown(ANSWER) == ("**Pathway to Portfolio**\n\nProjects last up to 6 months.\n\n"
                                      "- funding\n- protected time\n\n"
                                      "_Source: Creating Time for Research (https://example.org/a_b)._")


def test_short_text_is_one_message():
    assert split_message("one paragraph", 100) == ["one paragraph"]
    assert split_message("", 100) == []


def test_long_text_splits_at_paragraphs_then_sentences_and_loses_nothing():
    paragraphs = [f"Paragraph {i}. " + "It has words. " * 20 for i in range(6)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_message(text, 700)
    assert len(parts) > 1 and all(len(p) <= 700 for p in parts)
    assert all(p.startswith("Paragraph") for p in parts)  # whole paragraphs packed, none cut
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())
    sentences = split_message("First sentence here. " * 30, 200)
    assert all(len(p) <= 200 and p.endswith(".") for p in sentences)


def test_a_single_huge_word_is_cut_hard():
    assert split_message("x" * 450, 200) == ["x" * 200, "x" * 200, "x" * 50]


def test_buttons_become_adaptive_card_submit_actions_carrying_the_payload():
    card = button_card("What is your profession?", BUTTONS)
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    body = card["content"]["body"]
    assert body[0] == {"type": "TextBlock", "text": "What is your profession?", "wrap": True}
    actions = [b["actions"][0] for b in body[1:]]
    assert [a["type"] for a in actions] == ["Action.Submit", "Action.Submit"]
    assert actions[0]["title"] == "Nurse" and actions[0]["data"]["payload"] == '/inform{"profession": "nurse"}'
    assert actions[0]["data"]["msteams"]["displayText"] == "Nurse"
    # messageBack carries the payload twice: in value and in text, for clients that drop one
    assert actions[0]["data"]["msteams"]["value"] == {"payload": '/inform{"profession": "nurse"}'}
    assert actions[0]["data"]["msteams"]["text"] == '/inform{"profession": "nurse"}'


def test_text_with_buttons_puts_the_last_part_in_the_card():
    long_text = "\n\n".join(["A paragraph of text that goes on." * 5] * 4)
    activities = reply_activities(long_text, BUTTONS, 400)
    assert all(a["textFormat"] == "markdown" for a in activities[:-1])
    assert activities[-1]["attachments"][0]["content"]["body"][0]["text"] == split_message(long_text, 400)[-1]
    assert reply_activities("hi", None, 400) == [{"type": "message", "textFormat": "markdown", "text": "hi"}]


@pytest.mark.parametrize("activity, expected", [
    ({"text": "what is P2P?"}, "what is P2P?"),
    ({"text": "<at>Research bot</at> what is P2P?"}, "what is P2P?"),
    ({"text": "", "value": {"payload": '/choose_entry{"entry_id": "pcaf"}'}}, '/choose_entry{"entry_id": "pcaf"}'),
    ({"value": {"payload": "/feedback_helpful", "msteams": {}}}, "/feedback_helpful"),
    ({"text": "", "value": json.dumps({"payload": '/inform{"profession": "nurse"}'})},
     '/inform{"profession": "nurse"}'),
    ({"text": "", "value": {"payload": "not an intent"}}, None),
    ({"text": "", "value": {"payload": "/" + "x" * 600}}, None),
    ({"text": "", "value": {"other": 1}}, None),
    ({"text": "   "}, None),
    ({}, None),
    # clients seen in the wild (MicrosoftDocs/msteams-docs 13443, 13461)
    ({"text": "/feedback_helpful", "value": None}, "/feedback_helpful"),
    ({"text": "|EMPTY|", "value": {"payload": "/feedback_helpful"}}, "/feedback_helpful"),
    ({"text": "|EMPTY|", "value": None}, None),
    ({"text": "Helpful", "value": {"payload": "/feedback_helpful"}}, "/feedback_helpful"),
    ({"text": "what is P2P?", "value": {"payload": "junk"}}, "what is P2P?"),
])
def test_incoming_text_is_typed_text_or_a_clicked_payload(activity, expected):
    assert incoming_text(activity) == expected
