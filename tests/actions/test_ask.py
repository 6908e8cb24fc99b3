"""The induction form's question: in full when the person replies, once briefly after a digression, then quiet."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import AskCareerStage, AskNation, AskProfession, question_for


def _tracker(*steps) -> Tracker:
    """Events from short steps: "user", ("action", name), ("bot", response), "form" (the form activated)."""
    events = []
    for step in steps:
        if step == "user":
            events.append({"event": "user", "text": "hi", "parse_data": {"intent": {"name": "ask_knowledge"}}})
        elif step == "form":
            events.append({"event": "active_loop", "name": "induction_form"})
        elif step[0] == "action":
            events.append({"event": "action", "name": step[1]})
        else:
            events.append({"event": "bot", "text": "...", "metadata": {"utter_action": step[1]}})
    return Tracker("someone", {}, {}, events, False, None, {"name": "induction_form"}, "")


STARTED = ["user", ("action", "action_listen"), ("action", "induction_form"), "form"]


def test_the_first_question_is_asked_in_full():
    assert question_for(_tracker(*STARTED, ("action", "induction_form")), "profession") == "utter_ask_profession"


def test_after_an_answer_it_reminds_once_then_waits():
    asked = [*STARTED, ("bot", "utter_ask_profession"), ("action", "action_listen"), "user"]
    first = _tracker(*asked, ("action", "action_answer_question"), ("bot", "x"), ("action", "induction_form"))
    assert question_for(first, "profession") == "utter_ask_profession_again"
    reminded = [*asked, ("action", "action_answer_question"), ("bot", "x"), ("action", "induction_form"),
                ("bot", "utter_ask_profession_again"), ("action", "action_listen"), "user"]
    second = _tracker(*reminded, ("action", "action_greet"), ("bot", "x"), ("action", "induction_form"))
    assert question_for(second, "profession") is None


def test_a_reply_the_form_did_not_take_gets_the_question_in_full_again():
    """"erm" to "What is your profession?": asked again with its buttons, however many digressions came before."""
    reminded = [*STARTED, ("bot", "utter_ask_profession"), ("action", "action_listen"), "user",
                ("action", "action_answer_question"), ("action", "induction_form"), ("bot", "utter_ask_profession_again"),
                ("action", "action_listen"), "user"]
    assert question_for(_tracker(*reminded, ("action", "action_listen"), ("action", "induction_form")),
                        "profession") == "utter_ask_profession"


def test_help_and_a_new_question_and_a_new_run_of_the_form_ask_in_full():
    asked = [*STARTED, ("bot", "utter_ask_profession"), ("action", "action_listen"), "user"]
    assert question_for(_tracker(*asked, ("action", "utter_form_help"), ("action", "induction_form")),
                        "profession") == "utter_ask_profession"
    # the profession came with the question answered: the nation has not been asked yet
    assert question_for(_tracker(*asked, ("action", "action_answer_question"), ("action", "induction_form")),
                        "nation") == "utter_ask_nation"
    # a reminder in an earlier run of the form does not count in this one
    earlier = [*asked, ("action", "action_answer_question"), ("action", "induction_form"),
               ("bot", "utter_ask_profession_again"), "user", ("action", "action_listen"), ("action", "induction_form"),
               "form", ("bot", "utter_ask_profession"), ("action", "action_listen"), "user"]
    assert question_for(_tracker(*earlier, ("action", "action_answer_question"), ("action", "induction_form")),
                        "profession") == "utter_ask_profession_again"


@pytest.mark.parametrize("action, slot", [(AskProfession, "profession"), (AskNation, "nation"),
                                          (AskCareerStage, "career_stage")])
async def test_each_slot_has_its_ask_action(action, slot):
    dispatcher = CollectingDispatcher()
    assert action().name() == f"action_ask_{slot}"
    assert await action().run(dispatcher, _tracker(*STARTED, ("action", "induction_form")), {}) == []
    assert dispatcher.messages[0]["response"] == f"utter_ask_{slot}"


def test_after_thanks_noted_the_question_is_asked_in_full():
    """Told something else about themselves in a message read as a question ("Thanks, noted." from the answering
    action): the form's question follows in full, however many reminders came before."""
    reminded = [*STARTED, ("bot", "utter_ask_profession"), ("action", "action_listen"), "user",
                ("action", "action_answer_question"), ("action", "induction_form"), ("bot", "utter_ask_profession_again"),
                ("action", "action_listen"), "user"]
    noted = _tracker(*reminded, ("action", "action_answer_question"), ("bot", "utter_noted"), ("action", "induction_form"))
    assert question_for(noted, "profession") == "utter_ask_profession"
