"""What the REST channel accepts, as a pure function: a JSON object with a sender and a message that
is neither empty nor huge. Anything else is refused with a status and a reason people can act on,
before Rasa sees it: Rasa's own REST channel passes a missing message, a number or a 1 MB string
straight to NLU, and a NUL character on to the tracker store (which PostgreSQL refuses)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, Optional

from userinput import clean, has_controls

MAX_BODY_BYTES = 64 * 1024
MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 255  # Rasa's SQL tracker store keeps sender_id in a VARCHAR(255)


class Refused(ValueError):
    """The request is not a message Rasa should handle; `reason` is a short code for the logs."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Incoming:
    sender: str
    message: str
    input_channel: Optional[str]
    metadata: Optional[Dict[str, Any]]


def _unicode(text: str) -> bool:
    """False for lone surrogates ("\\ud800" is valid JSON but no character): nothing can store them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse(body: Optional[bytes]) -> Incoming:
    """The message in a request body, or `Refused`."""
    body = body or b""
    if len(body) > MAX_BODY_BYTES:
        raise Refused(413, "body_too_large", f"the request body is larger than {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused(400, "not_utf8", "the body is not valid UTF-8") from None
    except (ValueError, RecursionError):
        raise Refused(400, "not_json", "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "not_object", 'the body must be a JSON object: {"sender": ..., "message": ...}')
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip():
        raise Refused(400, "bad_sender", "'sender' must be a non-empty string")
    if len(sender) > MAX_SENDER_CHARS or has_controls(sender) or not _unicode(sender):
        raise Refused(400, "bad_sender", f"'sender' must be at most {MAX_SENDER_CHARS} printable characters")
    if not isinstance(message, str):
        raise Refused(400, "bad_message", "'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise Refused(413, "message_too_long", f"the message is longer than {MAX_MESSAGE_CHARS} characters")
    if not _unicode(message):
        raise Refused(400, "bad_message", "the message contains invalid Unicode (a lone surrogate)")
    message = clean(message)
    if not message:
        raise Refused(400, "empty_message", "the message is empty")
    input_channel, metadata = data.get("input_channel"), data.get("metadata")
    if input_channel is not None and not (isinstance(input_channel, str) and input_channel.isidentifier()):
        raise Refused(400, "bad_input_channel", "'input_channel' must be a name (letters, digits, '_')")
    if metadata is not None and not isinstance(metadata, dict):
        raise Refused(400, "bad_metadata", "'metadata' must be a JSON object")
    return Incoming(sender, message, input_channel or None, metadata)
