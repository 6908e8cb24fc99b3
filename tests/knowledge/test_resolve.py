"""Which entry a follow-up is about: a question that names nothing of its own is left to the conversation."""

import pytest

from knowledge.resolve import about_context, about_schemes, asks_which_schemes, follow_up, searched_entry
from knowledge.schema import Kind


@pytest.mark.parametrize("question", [
    "how much is it worth?", "how do I apply for it?", "who is it for?", "how long does it last?",
    "when is the deadline?", "what does it involve?", "who can apply?", "how long is the fellowship?", "tell me more",
    "am I eligible?", "am I allowed to apply?", "when's the deadline?", "who's it for?", "what's it worth?",
    "is it still running?", "what replaced it?", "what's in it for me?", "could I apply?", "can I apply", "can I join?",
    "is it open to pharmacists?", "can midwives apply?", "can band 5s apply for it?", "can students do it?",
    "until when?", "when's the next one?", "when is the next cohort?", "how does that one work?", "how does it work?",
])
def test_a_follow_up_that_names_nothing_is_about_the_context(question):
    assert about_context(question)


@pytest.mark.parametrize("question", [
    "what is ICAP?", "how do I apply for PCAF?", "how much funding is there for nurses?", "what about protected time?",
    "XYZB??", "cool", "where do I start?", "how do I get involved in research?", "ok thanks", "how are you?",
    "apply", "how do I apply for the Welsh fellowship?", "is research open to nurses?", "what about midwives?",
    "how does research work in the NHS?", "I work in Wales",
])
def test_a_question_with_a_topic_of_its_own_is_not(question):
    assert not about_context(question)


def test_an_eligibility_question_resolves_to_a_scheme_not_the_organisation_behind_it(index, settings):
    """"what about CSO fellowships, can I apply?" was checked against the Chief Scientist Office itself."""
    question = "what about CSO fellowships, can I apply?"
    scheme = searched_entry(index, question, settings.min_confidence, schemes_only=True)
    assert scheme is not None and index.entries[scheme].kind is Kind.scheme


@pytest.mark.parametrize("question", [
    "can pharmacists apply for research fellowships?", "is there any funding for nurses?",
    "are there grants for AHPs in Wales?", "can a midwife get a PhD fellowship?", "any courses for me?",
    "what schemes can radiographers apply for?", "am I eligible for any fellowships?",
])
def test_a_question_about_schemes_in_general_names_none(index, question):
    assert about_schemes(index, question)


@pytest.mark.parametrize("question", [
    "can pharmacists apply for PCAF?", "what about CSO fellowships, can I apply?", "am I eligible for it?",
    "can I apply?", "can nurses apply for the research time award in Wales?", "how do I find a mentor?",
    "can pharmacists apply for a secondment?", "how do I get involved in research as a HCA?",
    "how do I get into research?",
])
def test_a_question_about_one_scheme_or_something_else_is_not(index, question):
    assert not about_schemes(index, question)


@pytest.mark.parametrize("question, asks", [
    ("can pharmacists apply for research fellowships?", True), ("is there any funding for AHPs?", True),
    ("what fellowships are available to physios?", True), ("are there grants for nurses in Wales?", True),
    ("what is a research fellowship?", False), ("can pharmacists apply for PCAF?", False),
    ("how long do fellowships last?", False),
])
def test_asking_which_schemes_are_open_is_told_from_asking_what_one_is(index, question, asks):
    assert asks_which_schemes(index, question) is asks


@pytest.mark.parametrize("question, kind", [
    ("tell me more", "more"), ("ok, go on", "more"), ("can you tell me more?", "more"), ("more info please", "more"),
    ("where's that from?", "source"), ("what's your source?", "source"), ("how do you know?", "source"),
    ("tell me more about PCAF", None), ("more funding for nurses", None), ("where do I start?", None),
    ("anything else?", None), ("is that still true?", "source"), ("is this up to date?", "source"),
    ("when was that last reviewed?", "source"), ("is it true that nurses can apply?", None),
])
def test_asking_for_more_or_for_the_source_of_what_was_just_said(question, kind):
    assert follow_up(question) == kind
