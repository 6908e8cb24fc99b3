"""Profile slots come from free text via the taxonomy, only when people talk about themselves."""

from rasa_sdk.executor import CollectingDispatcher

from actions.profile import ValidateInductionForm, ValidateSlotMappings
from tests.actions.conftest import tracker


async def extract(text: str, intent: str = "inform", requested_slot: str | None = None) -> dict:
    action = ValidateSlotMappings()
    t = tracker(text, intent, requested_slot=requested_slot)
    found = {}
    for slot in ("profession", "nation", "career_stage", "interests", "organisation"):
        found.update(await getattr(action, f"extract_{slot}")(CollectingDispatcher(), t, {}))
    return found


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


async def test_form_asks_career_stage_only_when_the_knowledge_service_needs_it(knowledge):
    form = ValidateInductionForm()
    knowledge.replies["/api/recommend"] = {"needs": ["career_stage"], "recommendations": []}
    t = tracker("I'm a physio in England", slots={"profession": "physiotherapist", "nation": "england"})
    assert await form.required_slots(["profession", "nation"], CollectingDispatcher(), t, {}) == [
        "profession", "nation", "career_stage"]
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": []}
    assert await form.required_slots(["profession", "nation"], CollectingDispatcher(), t, {}) == [
        "profession", "nation"]


async def test_unrecognised_profession_is_refused_politely():
    dispatcher = CollectingDispatcher()
    result = await ValidateInductionForm().validate_profession("astronaut", dispatcher, tracker("astronaut"), {})
    assert result == {"profession": None}
    assert dispatcher.messages[0]["response"] == "utter_not_recognised"
