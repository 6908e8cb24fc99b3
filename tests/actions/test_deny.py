"""action_deny: a plain no gets "anything else?"; a no that corrects the profile re-routes."""

from rasa_sdk.executor import CollectingDispatcher

from actions.deny import ActionDeny
from tests.actions.conftest import tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionDeny().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_a_plain_no_asks_what_else(knowledge):
    [message], events = await run(tracker("no", "deny", slots={"profession": "nurse", "nation": "wales"}))
    assert message["response"] == "utter_anything_else" and events == []
    assert knowledge.received == []


async def test_a_no_that_corrects_the_profession_shows_the_schemes_for_the_corrected_profile(knowledge):
    """"no i'm a midwife not a nurse" (read as a no) got "OK. Ask me about any research scheme"."""
    knowledge.replies["/api/recommend"] = {"needs": [], "wants": [], "recommendations": [
        {"entry_id": "research-time-award-wales", "title": "NHS Research Time Award",
         "reason": "open to midwives in Wales; gives protected time"}]}
    messages, _ = await run(tracker("no i'm a midwife not a nurse", "deny", slots={"nation": "wales"},
                                    said={"profession": "midwife"}))
    assert knowledge.received[0] == ("/api/recommend", {
        "profession": "midwife", "nation": "wales", "career_stage": None, "organisation": None, "interests": [],
        "message": "no i'm a midwife not a nurse", "question": "no i'm a midwife not a nurse"})
    assert "you can apply for" in messages[0]["text"] and "NHS Research Time Award" in messages[0]["text"]


async def test_a_no_that_corrects_without_a_nation_says_what_is_still_needed(knowledge):
    messages, _ = await run(tracker("no, I'm a paramedic", "deny", said={"profession": "paramedic"}))
    assert messages[0]["response"] == "utter_noted"
    assert "the nation you work in" in messages[1]["text"] and messages[1]["buttons"]


async def test_a_question_read_as_a_no_is_answered(knowledge):
    """"is that common?" (read as a no, in the induction) got "No problem: choose the closest option"."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Barriers to research**\nMany staff ...",
                                        "confidence": 0.5, "entry_id": "barriers-to-research", "suggestions": []}
    t = tracker("is that common?", "deny", slots={"profession": "pharmacist"}, requested_slot="nation")
    t.active_loop = {"name": "induction_form"}
    messages, _ = await run(t)
    assert messages[0]["text"].startswith("**Barriers to research**")
    assert knowledge.received[-1][0] == "/api/answer" and knowledge.received[-1][1]["asked"] == "nation"


async def test_not_sure_in_the_induction_is_told_how_to_answer(knowledge):
    t = tracker("not sure", "deny", requested_slot="nation")
    t.active_loop = {"name": "induction_form"}
    [message], _ = await run(t)
    assert message["response"] == "utter_form_unsure"


async def test_a_stop_asking_us_to_forget_is_told_how(knowledge):
    """"please forget that, I don't want it stored" (read as "stop") got "OK. Ask me about any research scheme": how to
    have it forgotten, with the button (the forgetting itself is confirmed first)."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "Choose \"Forget me\" and I'll forget it.",
                                        "confidence": 0.0, "entry_id": None, "suggestions": [], "forget": True}
    [message], _ = await run(tracker("please forget that, I don't want it stored", "stop",
                                     slots={"profession": "nurse", "nation": "scotland"}))
    assert message["text"] == "Choose \"Forget me\" and I'll forget it."
    assert [b["payload"] for b in message["buttons"]] == ["/forget_me"]
