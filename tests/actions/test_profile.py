"""Profile slots come from free text via the taxonomy (the knowledge service's POST /api/person), only when
people talk about themselves."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.profile import ValidateInductionForm, ValidateSlotMappings, options, reading
from tests.actions.conftest import tracker

_DOMAIN_FILE = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text())
DOMAIN = {"slots": _DOMAIN_FILE["slots"], "responses": _DOMAIN_FILE["responses"]}


@pytest.fixture(autouse=True)
def _service(knowledge):
    """Every test here reads messages through the real /api/person."""


async def extract(text: str, intent: str = "inform", requested_slot: str | None = None) -> dict:
    """The slots Rasa's action_validate_slot_mappings sets for one message, as it runs it (the domain's slots)."""
    t = tracker(text, intent, requested_slot=requested_slot)
    events = await ValidateSlotMappings().run(CollectingDispatcher(), t, DOMAIN)
    return {e["name"]: e["value"] for e in events}


async def test_one_message_fills_several_slots():
    assert await extract("I'm a band 6 physio in Cardiff interested in stroke rehab") == {
        "profession": "physiotherapist", "nation": "wales", "career_stage": "mid_career",
        "interests": "stroke rehab"}


async def test_correction_and_workplace():
    assert await extract("actually I work in Wales") == {"nation": "wales"}
    assert await extract("I'm a band 5 nurse, I work at University Hospitals of Leicester") == {
        "profession": "nurse", "career_stage": "early_career", "nation": "england",
        "organisation": "University Hospitals of Leicester"}


async def test_questions_do_not_change_the_profile():
    assert await extract("what is HSC R&D in Northern Ireland?", intent="ask_knowledge") == {}
    assert await extract('/inform{"nation": "wales"}') == {}


async def test_answer_to_the_question_asked_is_taken_whatever_the_intent():
    assert await extract("Scotland", intent="greet", requested_slot="nation") == {"nation": "scotland"}


async def test_the_first_one_picks_the_first_button_of_the_question_asked():
    assert options(DOMAIN, "profession")[:3] == ["nurse", "midwife", "ahp"]
    assert await extract("the first one", intent="ask_knowledge", requested_slot="profession") == {
        "profession": "nurse"}
    assert await extract("number 2", intent="ask_knowledge", requested_slot="nation") == {"nation": "wales"}
    assert await extract("the first one", intent="ask_knowledge") == {}  # no question asked: no buttons to pick


async def test_form_asks_career_stage_only_when_the_knowledge_service_needs_it(knowledge):
    form = ValidateInductionForm()
    knowledge.replies["/api/recommend"] = {"needs": ["career_stage"], "recommendations": []}
    t = tracker("I'm a physio in England", slots={"profession": "physiotherapist", "nation": "england"})
    assert await form.required_slots(["profession", "nation"], CollectingDispatcher(), t, {}) == [
        "profession", "nation", "career_stage"]
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": []}
    assert await form.required_slots(["profession", "nation"], CollectingDispatcher(), t, {}) == [
        "profession", "nation"]


async def test_typed_values_become_codes():
    dispatcher = CollectingDispatcher()
    assert await ValidateInductionForm().validate_profession("physio", dispatcher, tracker("physio"), {}) == {
        "profession": "physiotherapist"}
    assert await ValidateInductionForm().validate_nation("northern_ireland", dispatcher, tracker("x"), {}) == {
        "nation": "northern_ireland"}
    assert dispatcher.messages == []


async def test_unrecognised_profession_is_refused_politely():
    dispatcher = CollectingDispatcher()
    result = await ValidateInductionForm().validate_profession("astronaut", dispatcher, tracker("astronaut"), {})
    assert result == {"profession": None}
    assert dispatcher.messages[0]["response"] == "utter_not_recognised"


async def test_words_of_a_person_are_understood():
    assert await extract("about five years qualified", intent="ask_knowledge", requested_slot="nation") == {
        "career_stage": "mid_career"}
    assert await extract("I'm a practitioner psychologist, early in my career") == {
        "profession": "practitioner_psychologist", "career_stage": "early_career"}


async def test_a_question_mid_form_does_not_fill_the_slot_asked():
    assert await extract("what is HSC R&D in Northern Ireland?", intent="ask_knowledge",
                         requested_slot="nation") == {}
    assert await extract("as a nurse, what is HSC R&D?", intent="ask_knowledge") == {"profession": "nurse"}


def form_tracker(text: str, intent: str, slots: dict, requested_slot: str) -> Tracker:
    """As Rasa sends it: the person's reply, then the form's own execution appended."""
    t = tracker(text, intent, slots=slots, requested_slot=requested_slot)
    t.events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text},
                {"event": "action", "name": "induction_form"}]
    t.active_loop = {"name": "induction_form"}
    return t


async def test_form_resuming_after_a_digression_says_nothing(knowledge):
    dispatcher = CollectingDispatcher()
    t = form_tracker("what is ICAP?", "ask_knowledge", {}, "profession")
    t.events.insert(2, {"event": "action", "name": "action_answer_question"})
    await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert dispatcher.messages == []


async def test_form_never_rejects_a_reply_to_another_question(knowledge):
    """Rasa rejects a form when no slot was validated; with no rule after that, its fallback looped."""
    dispatcher = CollectingDispatcher()
    t = form_tracker("about five years qualified", "inform", {"profession": "dentist", "career_stage": "mid_career"},
                     "nation")
    events = await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert {"event": "slot", "name": "nation", "value": None, "timestamp": None} in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_noted"]


async def test_a_question_in_the_form_that_repeats_what_we_hold_is_not_noted(knowledge):
    """"like the NI equivalent of NIHR" from a podiatrist in Northern Ireland asked their career stage got "Thanks,
    noted." (the nation, again); a nation they had not given is noted."""
    def asked_stage(before: str | None) -> Tracker:
        t = form_tracker("like the NI equivalent of NIHR", "nlu_fallback",
                         {"profession": "podiatrist", "nation": "northern_ireland"}, "career_stage")
        earlier = [{"event": "slot", "name": "nation", "value": before}] if before else []
        t.events = [*earlier, *t.events, {"event": "slot", "name": "nation", "value": "northern_ireland"}]
        return t

    domain = {"forms": {"induction_form": {"required_slots": ["profession", "nation", "career_stage"]}}, "slots": {}}
    dispatcher = CollectingDispatcher()
    await ValidateInductionForm().run(dispatcher, asked_stage("northern_ireland"), domain)
    assert dispatcher.messages == []  # the form is rejected and the question's rule answers it
    dispatcher = CollectingDispatcher()
    await ValidateInductionForm().run(dispatcher, asked_stage(None), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_noted"]


async def test_form_says_when_it_did_not_catch_anything(knowledge):
    dispatcher = CollectingDispatcher()
    t = form_tracker("asdfgh", "inform", {}, "profession")
    events = await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert {"event": "slot", "name": "profession", "value": None, "timestamp": None} in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_caught"]


async def test_asking_for_the_schemes_in_the_middle_of_the_form_is_told_why_it_asks(knowledge):
    """"what funding is there for me?" (or the button typed) while the form asks: no "didn't catch that"."""
    dispatcher = CollectingDispatcher()
    t = form_tracker("what funding is there for me?", "start_induction", {"profession": "pharmacist"}, "nation")
    await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert [m["response"] for m in dispatcher.messages] == ["utter_induction_needs"]


async def test_a_question_read_as_a_request_for_options_is_marked_to_be_answered_first():
    """"which body runs the Pathway to Portfolio scheme?" read as start_induction: a rule answers it (answer_first),
    the form does not take it over; a real request for one's options is not marked, and the mark lasts one message."""
    assert (await extract("which body runs the Pathway to Portfolio scheme?", "start_induction")).get("answer_first")
    assert "answer_first" not in await extract("what funding could I get as a nurse?", "start_induction")
    assert "answer_first" not in await extract("which body runs the Pathway to Portfolio scheme?", "ask_knowledge")
    t = tracker("I'm a nurse", "inform", slots={"answer_first": True})
    events = await ValidateSlotMappings().run(CollectingDispatcher(), t, DOMAIN)
    assert {"event": "slot", "timestamp": None, "name": "answer_first", "value": None} in events


async def test_telling_about_oneself_with_a_question_of_its_own_keeps_the_profile_and_marks_the_question():
    """Read as inform, the form took it over ("Which nation do you work in?") and the question went unanswered: what
    it says of the writer is kept and the question answered first; a plain inform is not marked."""
    said = await extract("I'm a healthcare scientist, is the HEE clinical academic careers framework only for nurses "
                         "and doctors?", "inform")
    assert said == {"profession": "healthcare_scientist", "answer_first": True}
    assert "answer_first" not in await extract("I'm a nurse in Wales, what can I apply for?", "inform")


async def test_the_form_lets_a_question_told_with_a_profile_fact_be_answered(knowledge):
    dispatcher = CollectingDispatcher()
    t = form_tracker("I'm in Wales, does the HEE strategy cover me?", "inform", {"answer_first": True}, "nation")
    events = await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert events[-1]["event"] == "action_execution_rejected"


async def test_the_form_lets_a_question_read_as_a_request_for_options_be_answered(knowledge):
    """In the middle of the form it is rejected, so the rule answers and the form resumes (no "didn't catch that")."""
    dispatcher = CollectingDispatcher()
    t = form_tracker("who funds the research time award?", "start_induction", {"answer_first": True}, "profession")
    events = await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert dispatcher.messages == []
    assert events[-1]["event"] == "action_execution_rejected"


async def test_not_knowing_the_answer_gets_the_forms_reply_whatever_the_intent(knowledge):
    """"I'm not sure which nation, I work on the border" read as a request for the schemes: the service says the
    person does not know the answer to the question asked, so the form says to choose the closest option."""
    knowledge.replies["/api/person"] = {"said": {}, "unsure": True, "codes": {}, "description": ""}
    dispatcher = CollectingDispatcher()
    t = form_tracker("I'm not sure which nation, I work on the border", "start_induction", {"profession": "nurse"},
                     "nation")
    await ValidateInductionForm().run(dispatcher, t, {"forms": {"induction_form": {
        "required_slots": ["profession", "nation"]}}, "slots": {}})
    assert [m["response"] for m in dispatcher.messages] == ["utter_form_unsure"]


async def test_no_idea_of_the_career_stage_ends_the_form_without_it(knowledge):
    """"no idea" when asked the career stage: the form is done (nothing more asked) and the stage stays unknown, so
    the schemes that turn on it are offered as unclear; the same words to the profession question are not."""
    knowledge.replies["/api/recommend"] = {"needs": ["career_stage"], "recommendations": []}
    domain = {"forms": {"induction_form": {"required_slots": ["profession", "nation"]}}, "slots": {}}
    known = {"profession": "physiotherapist", "nation": "scotland"}
    dispatcher = CollectingDispatcher()
    events = await ValidateInductionForm().run(dispatcher, form_tracker("no idea", "deny", known, "career_stage"),
                                               domain)
    assert {"event": "slot", "name": "career_stage_unknown", "value": True, "timestamp": None} in events
    # Nothing more to ask: Rasa's form ends (the domain's own slots are filled); not the career stage again
    assert not any(e.get("value") == "career_stage" or e.get("name") == "career_stage" for e in events)
    assert [m["response"] for m in dispatcher.messages] == ["utter_stage_skipped"]
    t = form_tracker("no idea", "deny", {"career_stage_unknown": True, **known}, "career_stage")
    assert await ValidateInductionForm().required_slots(["profession", "nation"], CollectingDispatcher(), t,
                                                        {}) == ["profession", "nation"]
    events = await ValidateInductionForm().run(CollectingDispatcher(), form_tracker("no idea", "deny", {},
                                                                                    "profession"), domain)
    assert not any(e.get("name") == "career_stage_unknown" for e in events)


async def test_asking_for_the_list_instead_of_the_career_stage_ends_the_form_without_it(knowledge):
    """"I'd like to do a PhD one day but keep working clinically - what's out there for me?" when asked the career
    stage got "I just need to know this first" and the question again: the list now, the stage left to check."""
    knowledge.replies["/api/recommend"] = {"needs": ["career_stage"], "recommendations": []}
    domain = {"forms": {"induction_form": {"required_slots": ["profession", "nation"]}}, "slots": {}}
    known = {"profession": "occupational_therapist", "nation": "england"}
    asked = "I'd like to do a PhD one day but keep working clinically - what's out there for me?"
    dispatcher = CollectingDispatcher()
    events = await ValidateInductionForm().run(dispatcher, form_tracker(asked, "start_induction", known,
                                                                        "career_stage"), domain)
    assert {"event": "slot", "name": "career_stage_unknown", "value": True, "timestamp": None} in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_stage_skipped"]
    # asked the nation, the same request still gets why one more detail is asked
    dispatcher = CollectingDispatcher()
    events = await ValidateInductionForm().run(dispatcher, form_tracker(asked, "start_induction", {
        "profession": "occupational_therapist"}, "nation"), domain)
    assert not any(e.get("name") == "career_stage_unknown" for e in events)


async def test_a_correction_that_starts_with_no_is_not_no_idea_of_the_career_stage(knowledge):
    """"no wait, England" when asked the career stage corrects the nation (its slot set this turn): the stage is
    asked again, not skipped as unknown."""
    knowledge.replies["/api/person"] = {"codes": {"nation": "england"}}
    domain = {"forms": {"induction_form": {"required_slots": ["profession", "nation"]}}, "slots": {}}
    t = form_tracker("no wait, England", "deny", {"profession": "midwife", "nation": "england"}, "career_stage")
    t.events.append({"event": "slot", "name": "nation", "value": "england"})  # a candidate, as the form sends it
    dispatcher = CollectingDispatcher()
    events = await ValidateInductionForm().run(dispatcher, t, domain)
    assert not any(e.get("name") == "career_stage_unknown" for e in events)
    assert "utter_stage_skipped" not in [m.get("response") for m in dispatcher.messages]


async def test_an_eligibility_question_about_a_scheme_does_not_move_the_person():
    assert await extract("can I apply for the HSC research fora scheme?", "ask_eligibility") == {}
    assert await extract("as a dentist in Wales can I apply for P2P?", "ask_eligibility") == {
        "profession": "dentist", "nation": "wales"}


def test_the_reading_says_which_question_was_asked_even_without_buttons():
    t = tracker("I'm not sure which nation, I work on the border", "start_induction", requested_slot="nation")
    assert reading(t)["asked"] == "nation" and "options" not in reading(t)


async def test_a_question_read_as_a_request_for_options_says_nothing_of_the_writer_about_others():
    """"how do KCHFT's secondments work for nurses?" asked while the form asks the profession: about nurses, not
    the writer's answer."""
    said = await extract("how do KCHFT's university secondments work for nurses and AHPs", "start_induction",
                         requested_slot="profession")
    assert said == {"answer_first": True}


def test_an_answer_the_induction_asked_its_question_after_was_just_answered():
    """"what about for OTs?" after "is ICAP open to speech and language therapists?" in the form: the form asked its
    question again after the answer, and the follow-up was not read as one."""
    t = tracker("what about for OTs?", "start_induction", slots={"last_entry": "icap"}, requested_slot="career_stage")
    t.events = [{"event": "action", "name": "action_check_eligibility"}, {"event": "action", "name": "induction_form"},
                {"event": "action", "name": "action_listen"}, *t.events]
    assert reading(t)["after_entry"] == "icap"
    t.events = [{"event": "action", "name": "action_check_eligibility"}, {"event": "action", "name": "action_greet"},
                *t.events[2:]]
    assert reading(t)["after_entry"] is False  # a greeting came after the answer


async def test_a_question_in_the_induction_naming_only_what_we_hold_sets_nothing():
    """"is ODP even counted in those reports?" from an ODP asked their career stage: the profession set again had the
    form take the question as its answer (the stage asked again, the question unanswered); nothing new is set, so the
    form rejects it and the in-form rule answers. A new fact in a question is still kept."""
    def in_form(text: str, slots: dict) -> Tracker:
        message = {"text": text, "intent": {"name": "ask_knowledge"}, "entities": []}
        return Tracker("someone", {"requested_slot": "career_stage", **slots}, message,
                       [{"event": "user", "text": text, "parse_data": message}], False, None,
                       {"name": "induction_form"}, "")

    held = {"profession": "operating_department_practitioner", "nation": "scotland"}
    events = await ValidateSlotMappings().run(CollectingDispatcher(), in_form("is ODP even counted in those reports?",
                                                                              held), DOMAIN)
    assert not [e for e in events if e.get("name") in ("profession", "nation", "career_stage")]
    events = await ValidateSlotMappings().run(CollectingDispatcher(), in_form(
        "is ODP even counted in those reports?", {"profession": "nurse", "nation": "scotland"}), DOMAIN)
    assert {e["name"]: e["value"] for e in events}.get("profession") == "operating_department_practitioner"


async def test_a_question_in_the_induction_naming_a_scheme_is_answered_as_well_as_kept():
    """"I'm a band 7 team leader in Lancashire - could I do that Leading Cultures leadership course?" when asked the
    career stage was taken for the stage alone (the list followed, the course never answered): the stage is kept and
    the question marked to be answered first (round twenty-five)."""
    text = "I'm a band 7 team leader in Lancashire - could I do that Leading Cultures leadership course?"
    message = {"text": text, "intent": {"name": "ask_eligibility"}, "entities": []}
    t = Tracker("someone", {"requested_slot": "career_stage", "profession": "paramedic", "nation": "england"},
                message, [{"event": "user", "text": text, "parse_data": message}], False, None,
                {"name": "induction_form"}, "")
    said = {e["name"]: e["value"] for e in await ValidateSlotMappings().run(CollectingDispatcher(), t, DOMAIN)}
    assert said.get("career_stage") == "mid_career" and said.get("answer_first") is True


async def test_a_request_for_the_list_from_someone_we_know_skips_the_career_stage(knowledge):
    """"ok can u just give me a list of what i could apply for with reasons pls" from a psychologist in England got
    "Where are you in your career?": the list now, those turning on the stage marked; "start induction" still asks
    (round twenty-five)."""
    domain = {"forms": {"induction_form": {"required_slots": ["profession", "nation"]}}, "slots": {}}
    known = {"profession": "practitioner_psychologist", "nation": "england"}
    knowledge.replies["/api/recommend"] = {"needs": ["career_stage"], "recommendations": []}
    dispatcher = CollectingDispatcher()
    t = form_tracker("ok can u just give me a list of what i could apply for with reasons pls", "start_induction",
                     known, None)
    events = await ValidateInductionForm().run(dispatcher, t, domain)
    assert {"event": "slot", "timestamp": None, "name": "career_stage_unknown", "value": True} in events
    assert dispatcher.messages[0]["text"].startswith("Some schemes depend on career stage")
    dispatcher = CollectingDispatcher()
    events = await ValidateInductionForm().run(dispatcher, form_tracker("start induction", "start_induction", known,
                                                                        None), domain)
    assert not [e for e in events if e.get("name") == "career_stage_unknown"]
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": []}  # no scheme of theirs turns on it
    dispatcher = CollectingDispatcher()
    events = await ValidateInductionForm().run(dispatcher, form_tracker("what can I apply for?", "start_induction",
                                                                        known, None), domain)
    assert not [e for e in events if e.get("name") == "career_stage_unknown"] and not dispatcher.messages
