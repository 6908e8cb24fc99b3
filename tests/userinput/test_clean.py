"""One cleaning rule for what people type, on every HTTP surface (and Rasa's REST channel)."""

from userinput import clean, error_body, has_controls


def test_controls_go_new_lines_and_tabs_stay():
    assert clean("a\x00b\x85c\x7fd\x1be\n\tf") == "abcde\n\tf"
    assert has_controls("a\x07b") and not has_controls("a\n\tb\u00a0c")


def test_a_no_break_space_is_a_space_and_emoji_joiners_stay():
    assert clean("question\u00a0here") == "question here"
    assert clean("narrow\u202fand\u3000wide") == "narrow and wide"
    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"
    assert clean(f" {family} research\u00a0") == f"{family} research"


def test_one_error_shape():
    assert error_body("the question is empty") == {"error": "the question is empty"}
    assert error_body("stale", current={"version": 2}) == {"error": "stale", "current": {"version": 2}}
