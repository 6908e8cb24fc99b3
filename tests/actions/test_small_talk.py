"""Small talk is told apart from questions and greetings."""

import pytest

from actions.small_talk import HOW_ARE_YOU


@pytest.mark.parametrize("text, small_talk", [
    ("hey how are you today", True), ("morning! how's your day going 😊", True), ("how you doing?", True),
    ("you good?", True), ("how's the shift been", True), ("how are things", True),
    ("how are you funded?", False), ("how's PCAF going to help me?", False), ("morning!", False),
])
def test_how_are_you_is_small_talk(text, small_talk):
    assert bool(HOW_ARE_YOU.search(text)) is small_talk
