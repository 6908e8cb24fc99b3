"""The REST channel's input rules (pure, no Rasa import: runs in both virtual environments)."""

import json

import pytest

from bot.channels.rest_request import MAX_MESSAGE_CHARS, MAX_SENDER_CHARS, Refused, parse


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize("raw, status, reason", [
    (b"", 400, "not_json"),
    (b"{not json", 400, "not_json"),
    (b"\xff\xfe\xfa", 400, "not_utf8"),
    (b'{"sender": "a", "message": "caf\xe9"}', 400, "not_utf8"),  # Latin-1, not UTF-8
    (b"[1, 2]", 400, "not_object"),
    (b'"hello"', 400, "not_object"),
    (b"null", 400, "not_object"),
    (b"[" * 30_000 + b"]" * 30_000, 400, "not_json"),  # deeper than Python's recursion limit
    (b'{"sender": "a", "message": ' + b"1" * 5000 + b"}", 400, "not_json"),  # more digits than int() takes
    (body(message="hi"), 400, "bad_sender"),
    (body(sender=42, message="hi"), 400, "bad_sender"),
    (body(sender="  ", message="hi"), 400, "bad_sender"),
    (body(sender="a\x00b", message="hi"), 400, "bad_sender"),
    (body(sender="s" * (MAX_SENDER_CHARS + 1), message="hi"), 400, "bad_sender"),
    (body(sender="a"), 400, "bad_message"),
    (body(sender="a", message=None), 400, "bad_message"),
    (body(sender="a", message=["hi"]), 400, "bad_message"),
    (body(sender="a", message={"text": "hi"}), 400, "bad_message"),
    (body(sender="a", message=""), 400, "empty_message"),
    (body(sender="a", message=" \n\t "), 400, "empty_message"),
    (body(sender="a", message="\x00\x07\x1b"), 400, "empty_message"),
    (b'{"sender": "a", "message": "\\ud800 lone surrogate"}', 400, "bad_message"),
    (body(sender="a", message="x" * (MAX_MESSAGE_CHARS + 1)), 413, "message_too_long"),
    (body(sender="a", message="x" * 1024 * 1024), 413, "body_too_large"),
    (body(sender="a", message="hi", metadata=[1]), 400, "bad_metadata"),
    (body(sender="a", message="hi", input_channel=7), 400, "bad_input_channel"),
    (body(sender="a", message="hi", input_channel="a b"), 400, "bad_input_channel"),
], ids=lambda value: repr(value)[:40] if isinstance(value, bytes) else None)
def test_malformed_requests_are_refused_with_a_reason(raw, status, reason):
    with pytest.raises(Refused) as refused:
        parse(raw)
    assert (refused.value.status, refused.value.reason) == (status, reason)
    assert refused.value.message  # said to the caller


def test_a_message_is_cleaned_of_control_characters_but_keeps_its_lines():
    incoming = parse(body(sender="nurse-1", message="  what is\x00 P2P?\x1b[31m\r\nand ICAP?\t \x7f"))
    assert incoming.sender == "nurse-1"
    assert incoming.message == "what is P2P?[31m\nand ICAP?"
    assert incoming.input_channel is None and incoming.metadata is None


def test_html_and_emoji_pass_through_unchanged():
    """Escaping is the job of whatever renders the text; the channel keeps what people typed."""
    text = "<script>alert(1)</script> 👩‍⚕️ café"
    assert parse(body(sender="a", message=text)).message == text


def test_the_longest_allowed_message_and_its_metadata_pass():
    incoming = parse(body(sender="a", message="x" * MAX_MESSAGE_CHARS, input_channel="web_chat",
                          metadata={"page": "/chat"}))
    assert len(incoming.message) == MAX_MESSAGE_CHARS
    assert incoming.input_channel == "web_chat" and incoming.metadata == {"page": "/chat"}


def test_the_message_is_cleaned_as_every_surface_cleans_it():
    # C0, C1 and DEL out; the emoji joiner kept; a no-break space is a space (userinput.clean)
    assert parse(body(sender="a", message="a\x00b\x85c\x7fd\u200de\n\tf\u00a0g")).message == "abcd\u200de\n\tf g"
