"""Recommendation, eligibility, follow-up, greeting and feedback actions translate the knowledge service's replies."""

from rasa_sdk.executor import CollectingDispatcher

from actions.eligibility import ActionCheckEligibility
from actions.feedback import ActionRecordFeedback
from actions.follow_up import ActionAnswerFollowUp
from actions.greet import ActionGreet
from actions.recommend import ActionRecommend
from actions.thank import ActionThank
from tests.actions.conftest import tracker

PHYSIO_ENGLAND = {"profession": "physiotherapist", "nation": "england", "career_stage": "mid_career"}


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_recommendations_list_each_scheme_with_its_reason(knowledge):
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "icap", "title": "ICA Programme", "reason": "open to allied health professionals in England"}]}
    [message], _ = await run(ActionRecommend(), tracker("where do I start", "start_induction", slots=PHYSIO_ENGLAND))
    assert knowledge.received[0][1]["profession"] == "physiotherapist"
    assert "As a physiotherapist (mid-career staff) in England" in message["text"]
    assert "**ICA Programme**: open to allied health professionals in England." in message["text"]
    assert message["buttons"][0]["payload"] == '/choose_entry{"entry_id": "icap"}'


async def test_a_question_after_the_forms_answer_is_answered_before_the_list(knowledge):
    """"wales (hywel dda). wait before i forget - what did that CRUK report say were the biggest barriers?" completed
    the induction, and the question was dropped."""
    from rasa_sdk import Tracker

    said = "wales (hywel dda). wait before i forget - what did that CRUK report say were the biggest barriers?"
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Barriers to research** ...", "entry_id": "b"}
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "p2p", "title": "Pathway to Portfolio", "reason": "open to all staff in Wales"}]}
    done = tracker(said, "ask_knowledge", slots={"profession": "occupational_therapist", "nation": "wales"})
    events = [*done.events, {"event": "action", "name": "induction_form"}]
    done = Tracker("someone", done.slots, done.latest_message, events, False, None, {}, "")
    [answer, listed], _ = await run(ActionRecommend(), done)
    assert answer["text"].startswith("**Barriers to research**") and "Pathway to Portfolio" in listed["text"]
    assert knowledge.received[0] == ("/api/answer", {"question": said, "beside_form": True, "nation": "wales"})
    # asked for the list outright (no form just now): no question asked beside it
    knowledge.received.clear()
    [listed], _ = await run(ActionRecommend(), tracker(said, "start_induction", slots=PHYSIO_ENGLAND))
    assert "/api/answer" not in [path for path, _ in knowledge.received]
    # not answered: no "I don't know" before the list, which answers a wish ("i think i want to do a phd eventually?")
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm sorry, I don't know", "entry_id": None}
    [listed], _ = await run(ActionRecommend(), done)
    assert "Pathway to Portfolio" in listed["text"]
    # the service finds nothing asked after the answer: only the list
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "told": True}
    [listed], _ = await run(ActionRecommend(), done)
    assert "Pathway to Portfolio" in listed["text"]
    # "ok thx, bit gutted" read as "where do I start?" with the profile complete: not the list again
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "acknowledged": True}
    [said], events = await run(ActionRecommend(), done)
    assert said["response"] == "utter_anything_else" and events == []
    replied = Tracker("someone", done.slots, done.latest_message,
                      [*done.events[:1], {"event": "bot", "text": "OK."}, *done.events[1:]], False, None, {}, "")
    assert await run(ActionRecommend(), replied) == ([], [])
    # "actually can we start over", read as telling us something (round twenty-eight): how to forget, not the list again
    knowledge.replies["/api/answer"] = {"answered": False, "text": "To start over, say forget me.", "forget": True}
    [said], events = await run(ActionRecommend(), done)
    assert said["text"].startswith("To start over") and said["buttons"][0]["payload"] == "/forget_me"


async def test_nothing_fits_points_to_the_rd_office_and_mentorship(knowledge):
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": []}
    [message], _ = await run(ActionRecommend(), tracker("where do I start", "start_induction",
                                                        slots={"profession": "doctor", "nation": "northern_ireland"}))
    assert "couldn't find a scheme" in message["text"] and "R&D" in message["text"] and "mentor" in message["text"]


async def test_not_eligible_gives_the_reason(knowledge):
    knowledge.replies["/api/resolve"] = {"entry": "icap", "choose": []}
    knowledge.replies["/api/eligibility"] = {"entry_id": "icap", "title": "ICA Programme", "eligible": False,
                                             "reason": "ICA Programme is open to nurses ..., not doctors", "needs": []}
    [message], events = await run(ActionCheckEligibility(), tracker(
        "am I eligible for ICAP?", "ask_eligibility", slots={"profession": "doctor", "nation": "england"}))
    assert message["text"].startswith("No, I'm afraid: ICA Programme is open to nurses ..., not doctors.")
    assert [(e["name"], e["value"]) for e in events] == [("last_entry", "icap"), ("pending_aspect", None)]
    assert knowledge.received[-1][1]["question"] == "am I eligible for ICAP?"  # "can pharmacists apply?" is theirs


async def test_a_question_of_its_own_read_as_how_to_apply_is_answered_not_asked_which_scheme(knowledge):
    """"How do I opt out of the NHS Pension Scheme?" got "Which scheme do you mean?"."""
    knowledge.replies["/api/resolve"] = {"entry": None, "choose": [], "own_question": True}
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm sorry, I don't know", "confidence": 0.1,
                                        "entry_id": None, "suggestions": []}
    [message], _ = await run(ActionAnswerFollowUp(), tracker("How do I opt out of the NHS Pension Scheme?",
                                                             "ask_how_to_apply"))
    assert "don't know" in message["text"] and knowledge.received[-1][0] == "/api/answer"
    assert "entry_id" not in knowledge.received[-1][1]  # the question searched, not an entry's aspect


async def test_only_for_some_group_gets_who_can_apply(knowledge):
    """"is the time award only for medics?": the service sends who can apply, shown instead of a yes or no."""
    knowledge.replies["/api/resolve"] = {"entry": "research-time-award-wales", "choose": []}
    knowledge.replies["/api/eligibility"] = {"entry_id": "research-time-award-wales", "title": "Time Award",
                                             "eligible": None, "needs": [], "who": "**Time Award: who can apply**"}
    [message], _ = await run(ActionCheckEligibility(), tracker("is the time award only for medics?", "ask_eligibility"))
    assert message["text"] == "**Time Award: who can apply**"


async def test_how_to_apply_uses_the_scheme_just_discussed(knowledge):
    knowledge.replies["/api/resolve"] = {"entry": "pcaf", "choose": []}
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**PCAF: how to apply**\nApply to NIHR."}
    [message], _ = await run(ActionAnswerFollowUp(), tracker("how do I apply?", "ask_how_to_apply",
                                                             slots={"last_entry": "pcaf"}))
    assert knowledge.received[0] == ("/api/resolve", {"question": "how do I apply?",
                                                      "context": {"entry": "pcaf", "listed": [], "passage": None}})
    assert knowledge.received[-1] == ("/api/answer", {"entry_id": "pcaf", "aspect": "how_to_apply",
                                                      "question": "how do I apply?"})
    assert "how to apply" in message["text"]


CHOOSE = [{"entry_id": "icap", "title": "ICA Programme"}, {"entry_id": "pcaf", "title": "PCAF"}]


async def test_how_to_apply_after_a_list_asks_which_with_a_button_each(knowledge):
    knowledge.replies["/api/resolve"] = {"entry": None, "choose": CHOOSE, "ask": "Which one do you mean?",
                                         "aspect": "how_to_apply"}
    [message], events = await run(ActionAnswerFollowUp(), tracker("how do I apply for it?", "ask_how_to_apply",
                                                                  slots={"listed": ["icap", "pcaf"]}))
    assert knowledge.received == [("/api/resolve", {"question": "how do I apply for it?",
                                                    "context": {"entry": None, "listed": ["icap", "pcaf"], "passage": None}})]
    assert message["text"] == "Which one do you mean?"
    assert [b["payload"] for b in message["buttons"]] == ['/choose_entry{"entry_id": "icap"}',
                                                          '/choose_entry{"entry_id": "pcaf"}']
    assert {e["name"]: e["value"] for e in events} == {"listed": ["icap", "pcaf"], "last_entry": None, "last_passage": None,
                                                       "pending_aspect": "how_to_apply"}


async def test_eligibility_after_a_list_asks_which_and_its_buttons_check_the_one_chosen(knowledge):
    knowledge.replies["/api/resolve"] = {"entry": None, "choose": CHOOSE, "ask": "Which one do you mean?",
                                         "aspect": "eligibility"}
    [message], _ = await run(ActionCheckEligibility(), tracker("am I eligible for it?", "ask_eligibility",
                                                               slots={"listed": ["icap", "pcaf"], **PHYSIO_ENGLAND}))
    assert message["buttons"][1]["payload"] == '/ask_eligibility{"entry_id": "pcaf"}'
    knowledge.received.clear()
    knowledge.replies["/api/eligibility"] = {"entry_id": "pcaf", "title": "PCAF", "eligible": True,
                                             "reason": "open to allied health professionals"}
    [message], _ = await run(ActionCheckEligibility(), tracker(
        '/ask_eligibility{"entry_id": "pcaf"}', "ask_eligibility", [{"entity": "entry_id", "value": "pcaf"}],
        slots=PHYSIO_ENGLAND))
    assert [path for path, _ in knowledge.received] == ["/api/eligibility"]  # the button said which
    assert message["text"].startswith("Yes: PCAF is open to allied health professionals")


async def test_recommendations_are_kept_in_the_order_shown_for_the_first_one_and_which_one(knowledge):
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "mentorship", "title": "Mentorship", "reason": "open to all", "kind": "route"},
        {"entry_id": "acaf", "title": "ACAF", "reason": "check", "outcome": "unclear", "kind": "scheme"},
        {"entry_id": "icap", "title": "ICA Programme", "reason": "open to AHPs", "kind": "scheme"}]}
    [message], events = await run(ActionRecommend(), tracker("where do I start", "start_induction",
                                                             slots={**PHYSIO_ENGLAND, "last_entry": "where-to-start"}))
    shown = ["icap", "acaf", "mentorship"]
    assert [message["text"].index(t) for t in ("ICA Programme", "ACAF", "Mentorship")] == \
        sorted(message["text"].index(t) for t in ("ICA Programme", "ACAF", "Mentorship"))
    assert [b["payload"] for b in message["buttons"]] == [f'/choose_entry{{"entry_id": "{e}"}}' for e in shown]
    assert {e["name"]: e["value"] for e in events} == {"listed": shown, "last_entry": None, "last_passage": None,
                                                       "pending_aspect": None}


async def test_returning_user_is_greeted_with_their_profile(knowledge):
    [message], _ = await run(ActionGreet(), tracker("hi", "greet", slots=PHYSIO_ENGLAND))
    assert message["text"].startswith("Welcome back! Last time you told me you're a physiotherapist "
                                      "(mid-career staff) in England.")
    [fresh], _ = await run(ActionGreet(), tracker("hi", "greet"))
    assert fresh["response"] == "utter_greet"


async def test_a_message_read_as_a_greeting_that_greets_nobody_is_answered(knowledge):
    """"and training?" (after a question about survey figures) got "Hello, and welcome!"."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False}
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Research training**\nTraining ...", "confidence": 0.7,
                                        "entry_id": "research-training", "title": "Research training", "suggestions": []}
    [message], _ = await run(ActionGreet(), tracker("and training?", "greet"))
    assert message["text"].startswith("**Research training**")
    knowledge.replies["/api/person"] = {"said": {}, "greets": True}
    [hello], _ = await run(ActionGreet(), tracker("hiya", "greet"))
    assert hello["response"] == "utter_greet"



async def test_thanks_that_also_ask_are_answered_and_thanks_alone_welcomed(knowledge):
    """"thanks! so can I get protected research time?" got "You're welcome." and the question went unanswered."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False}
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Research time awards**\nTime ...", "confidence": 0.7,
                                        "entry_id": "research-time-award-wales", "title": "Research Time Award",
                                        "suggestions": []}
    [message], _ = await run(ActionThank(), tracker("thanks! so can I get protected research time?", "thank"))
    assert message["text"].startswith("**Research time awards**")
    knowledge.replies["/api/person"] = {"said": {}, "greets": True}
    [welcome], _ = await run(ActionThank(), tracker("thanks!", "thank"))
    assert welcome["response"] == "utter_you_are_welcome"


async def test_thanks_with_the_service_down_are_still_welcomed(knowledge_down):
    [welcome], _ = await run(ActionThank(), tracker("thanks!", "thank"))
    assert welcome["response"] == "utter_you_are_welcome"


async def test_a_new_starter_greeting_gets_first_steps(knowledge):
    """"hiya, first week here!" read as a greeting: the service says it tells us who they are, and the answer falls
    back to first steps (only when it just tells us that), never the plain greeting."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False}
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Getting started in research**\nFirst steps...",
                                        "confidence": 0.2, "entry_id": "where-to-start", "title": "Getting started",
                                        "suggestions": []}
    [message], _ = await run(ActionGreet(), tracker("hiya, first week here!", "greet"))
    assert message["text"].startswith("**Getting started in research**")
    asked = knowledge.received[-1][1]
    assert asked["otherwise"] == "where-to-start" and asked["otherwise_if_told_only"] is True


async def test_with_the_service_down_a_returning_user_gets_the_plain_greeting(knowledge_down):
    [message], _ = await run(ActionGreet(), tracker("hi", "greet", slots=PHYSIO_ENGLAND))
    assert message["response"] == "utter_greet"


async def test_recommend_with_the_service_down_is_polite(knowledge_down):
    [message], _ = await run(ActionRecommend(), tracker("where do I start", "start_induction", slots=PHYSIO_ENGLAND))
    assert message["response"] == "utter_knowledge_unavailable"


async def test_follow_up_with_the_service_down_is_polite(knowledge_down):
    [message], events = await run(ActionAnswerFollowUp(), tracker("how do I apply?", "ask_how_to_apply",
                                                                  slots={"last_entry": "pcaf"}))
    assert message["response"] == "utter_knowledge_unavailable" and events == []


async def test_unclear_schemes_come_after_eligible_ones_marked_check_with_the_rd_office(knowledge):
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "pcaf", "title": "PCAF", "reason": "open to nurses in England", "outcome": "eligible",
         "kind": "scheme", "citation": "NIHR, PCAF Round 6 Chair's Report"},
        {"entry_id": "acaf", "title": "ACAF",
         "reason": "it is aimed at mid-career staff, so check with your R&D office",
         "outcome": "unclear", "kind": "scheme", "citation": "NIHR, ACAF guidance notes"},
        {"entry_id": "mentorship", "title": "Mentorship", "reason": "open to all staff", "outcome": "eligible",
         "kind": "route", "citation": "Creating Time for Research"}]}
    [message], _ = await run(ActionRecommend(), tracker("where do I start", "start_induction", slots=PHYSIO_ENGLAND))
    text = message["text"]
    assert "**PCAF**: open to nurses in England (source: NIHR, PCAF Round 6 Chair's Report)." in text
    assert "**ACAF** (check with your R&D office): it is aimed at mid-career staff" in text
    assert text.index("PCAF") < text.index("ACAF") < text.index("Mentorship")


async def test_eligibility_for_schemes_in_general_lists_those_open_to_the_group_asked_about(knowledge):
    """"can pharmacists apply for research fellowships?" from a nurse: the pharmacists' list, said as theirs."""
    knowledge.replies["/api/resolve"] = {"entry": None, "choose": [], "schemes": True}
    knowledge.replies["/api/recommend"] = {"profile": {"profession": "pharmacist", "nation": "england"}, "needs": [],
                                           "wants": [], "recommendations": [
        {"entry_id": "icap", "title": "ICA Programme", "reason": "open to pharmacists in England",
         "outcome": "eligible", "kind": "scheme"}]}
    asked = "can pharmacists apply for research fellowships?"
    [message], events = await run(ActionCheckEligibility(), tracker(asked, "ask_eligibility",
                                                                    slots={"profession": "nurse", "nation": "england"}))
    assert knowledge.received[-1] == ("/api/recommend", {"profession": "nurse", "nation": "england",
                                                         "career_stage": None, "organisation": None, "interests": [],
                                                         "message": asked, "question": asked})
    assert message["text"].startswith("A pharmacist in England can apply for:\n• **ICA Programme**")
    assert {"event": "slot", "name": "listed", "value": ["icap"]} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events]


async def test_a_question_about_which_schemes_are_open_gets_the_list_not_one_answer(knowledge):
    """NLU may read "are there any fellowships for physios?" as a question: the service flags it, and the person
    gets the physiotherapists' list; with no nation known, the unclear ones come with "tell me your nation"."""
    from actions.answer import ActionAnswerQuestion
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**CSO fellowships**", "entry_id": "cso",
                                        "schemes": True, "confidence": 0.5}
    knowledge.replies["/api/recommend"] = {"profile": {"profession": "physiotherapist"}, "needs": ["nation"],
                                           "wants": [], "recommendations": [
        {"entry_id": "acaf", "title": "ACAF", "reason": "open in England", "outcome": "unclear", "kind": "scheme"}]}
    asked = "are there any fellowships for physios?"
    [message], _ = await run(ActionAnswerQuestion(), tracker(asked, "ask_knowledge"))
    assert knowledge.received[-1][0] == "/api/recommend" and knowledge.received[-1][1]["question"] == asked
    assert message["text"].startswith("Which nation you work in decides most schemes")
    assert "These may be open to a physiotherapist: " in message["text"] and "**ACAF**" in message["text"]
    assert "CSO" not in message["text"]


async def test_unclear_eligibility_is_a_maybe_with_the_source_never_a_no(knowledge):
    knowledge.replies["/api/resolve"] = {"entry": "research-time-award-wales", "choose": []}
    knowledge.replies["/api/eligibility"] = {
        "entry_id": "research-time-award-wales", "title": "NHS Research Time Award", "eligible": None,
        "outcome": "unclear", "needs": [], "citation": "Creating Time for Research (2021)",
        "reason": "the source gives doctors and nurses as examples, and does not name pharmacists, so check with "
                  "your R&D office"}
    [message], _ = await run(ActionCheckEligibility(), tracker(
        "can I apply for the research time award?", "ask_eligibility",
        slots={"profession": "pharmacist", "nation": "wales"}))
    assert message["text"].startswith("Possibly: NHS Research Time Award: the source gives doctors and nurses")
    assert "Source: Creating Time for Research (2021)." in message["text"] and "No," not in message["text"]


async def test_feedback_reads_the_answered_question_from_the_events_not_a_slot(knowledge):
    from rasa_sdk import Tracker

    knowledge.replies["/api/feedback"] = {"recorded": True}
    events = [{"event": "user", "text": "how much does P2P give?"},
              {"event": "action", "name": "action_answer_question"},
              {"event": "user", "text": "/feedback_helpful"}, {"event": "action", "name": "action_record_feedback"}]
    t = Tracker("someone", {"last_entry": "pathway-to-portfolio"}, {"intent": {"name": "feedback_helpful"}},
                events, False, None, {}, "")
    await ActionRecordFeedback().run(CollectingDispatcher(), t, {})
    assert knowledge.received == [("/api/feedback", {"helpful": True, "entry_id": "pathway-to-portfolio",
                                                     "question": "how much does P2P give?"})]
    chosen = [{"event": "user", "text": '/choose_entry{"entry_id": "pcaf"}'}, *events[1:]]
    await ActionRecordFeedback().run(CollectingDispatcher(), Tracker("someone", {"last_entry": "pcaf"}, {
        "intent": {"name": "feedback_unhelpful"}}, chosen, False, None, {}, ""), {})
    assert knowledge.received[-1] == ("/api/feedback", {"helpful": False, "entry_id": "pcaf", "question": None})


async def test_a_question_read_as_feedback_is_answered_and_records_no_feedback(knowledge):
    """"were most of the survey answers from england or was it spread across the four nations?" was read as
    feedback_helpful and got "thanks for letting me know: glad it helped"."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False, "asks": True}
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm sorry, I don't know the answer to that.",
                                        "confidence": 0.1, "suggestions": []}
    [message], _ = await run(ActionRecordFeedback(), tracker(
        "were most of the survey answers from england or was it spread across the four nations?", "feedback_helpful"))
    assert message["text"].startswith("I'm sorry, I don't know")
    assert "/api/feedback" not in [path for path, _ in knowledge.received]


async def test_typed_feedback_that_asks_nothing_is_recorded(knowledge):
    knowledge.replies["/api/person"] = {"said": {}, "greets": False, "asks": False}
    knowledge.replies["/api/feedback"] = {"recorded": True}
    [message], _ = await run(ActionRecordFeedback(), tracker("that was really useful", "feedback_helpful"))
    assert message["response"] == "utter_feedback_thanks"
    assert knowledge.received[-1][0] == "/api/feedback"


async def test_what_the_person_asked_for_goes_to_the_service_and_is_said_to_lead(knowledge):
    """"what about funding?" after the list: the service puts funding first (knowledge/recommend.py), the text says so."""
    knowledge.replies["/api/recommend"] = {"needs": [], "wants": ["funding"], "recommendations": [
        {"entry_id": "pcaf", "title": "PCAF", "reason": "open to nurses in England; gives funding"}]}
    [message], _ = await run(ActionRecommend(), tracker("what about funding?", "start_induction",
                                                        slots={"profession": "nurse", "nation": "england"}))
    assert knowledge.received[0][1]["message"] == "what about funding?"
    assert "you can apply for (those giving funding first):" in message["text"]


async def test_a_first_step_asked_for_is_said_to_lead(knowledge):
    """"k. anything smaller to start with" (round twenty-five): the first steps first, said so."""
    knowledge.replies["/api/recommend"] = {"needs": [], "wants": ["first_step"], "recommendations": [
        {"entry_id": "pathway-to-portfolio", "title": "Pathway to Portfolio", "reason": "open to all staff in Wales"}]}
    [message], _ = await run(ActionRecommend(), tracker("k. anything smaller to start with", "start_induction",
                                                        slots={"profession": "pharmacist", "nation": "wales"}))
    assert "you can apply for (those for a first step first):" in message["text"]
    await run(ActionRecommend(), tracker('/inform{"nation": "england"}', "inform",
                                         slots={"profession": "nurse", "nation": "england"}))
    assert "message" not in knowledge.received[-1][1]  # a button's payload says nothing


async def test_eligibility_asks_the_service_for_a_scheme(knowledge):
    knowledge.replies["/api/resolve"] = {"entry": "cso-fellowships-scotland", "choose": []}
    knowledge.replies["/api/eligibility"] = {"entry_id": "cso-fellowships-scotland", "title": "CSO fellowships",
                                             "eligible": True, "reason": "open to allied health professionals"}
    await run(ActionCheckEligibility(), tracker("what about CSO fellowships, can I apply?", "ask_eligibility",
                                                slots={"profession": "physiotherapist", "nation": "scotland"}))
    assert knowledge.received[0] == ("/api/resolve", {"question": "what about CSO fellowships, can I apply?",
                                                      "context": {"entry": None, "listed": [], "passage": None}, "kind": "scheme"})


async def test_a_name_given_to_which_one_answers_what_was_asked_even_read_as_an_eligibility_question(knowledge):
    """"how do I apply for it?" -> "which one?" -> "Pathway to Portfolio": NLU may call the bare name an eligibility
    question; the person still gets how to apply for it."""
    knowledge.replies["/api/resolve"] = {"entry": "pathway-to-portfolio", "choose": [], "aspect": None}
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**P2P: how to apply**", "entry_id": "pathway-to-portfolio"}
    [message], events = await run(ActionCheckEligibility(), tracker(
        "Pathway to Portfolio", "ask_eligibility", slots={"pending_aspect": "how_to_apply"}))
    assert knowledge.received[-1] == ("/api/answer", {"entry_id": "pathway-to-portfolio", "aspect": "how_to_apply",
                                                      "question": "Pathway to Portfolio"})
    assert message["text"] == "**P2P: how to apply**"
    knowledge.replies["/api/resolve"] = {"entry": "pathway-to-portfolio", "choose": [], "aspect": "eligibility"}
    knowledge.replies["/api/eligibility"] = {"entry_id": "pathway-to-portfolio", "title": "P2P", "eligible": True,
                                             "reason": "open to all staff in Wales", "needs": []}
    [message], _ = await run(ActionCheckEligibility(), tracker(
        "can I apply for Pathway to Portfolio?", "ask_eligibility", slots={"pending_aspect": "how_to_apply"}))
    assert message["text"].startswith("Yes: P2P")


async def test_a_correction_of_who_the_writer_is_read_as_feedback_gets_their_new_list(knowledge):
    """"actually wait im doing my f2 in wrexham not brum, got it mixed up with my f1" (read as feedback_unhelpful) got
    "Sorry that didn't help", and was logged as a bad answer."""
    knowledge.replies["/api/recommend"] = {"recommendations": [
        {"entry_id": "research-time-award-wales", "title": "NHS Research Time Award", "outcome": "eligible",
         "reason": "open to doctors in Wales", "kind": "scheme", "citation": "HCRW"}], "needs": [], "wants": []}
    t = tracker("actually wait im doing my f2 in wrexham not brum, got it mixed up with my f1", "feedback_unhelpful",
                slots={"profession": "doctor", "career_stage": "early_career"}, said={"nation": "wales"})
    messages, _ = await run(ActionRecordFeedback(), t)
    assert "/api/feedback" not in [path for path, _ in knowledge.received]
    assert ("/api/recommend", ) == tuple(p for p, _ in knowledge.received if p == "/api/recommend")
    assert "NHS Research Time Award" in messages[0]["text"]


async def test_a_team_gets_what_each_group_can_apply_for(knowledge):
    """"what could my team actually apply for? ive got RNs, 2 NAs and a load of HCAs" got "I don't know"."""
    from actions.recommend import show_team

    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "ica", "title": "ICA Programme", "reason": "open to nurses in England", "citation": "NIHR, ICA page"},
        {"entry_id": "rfpb", "title": "RfPB", "reason": "check", "outcome": "unclear"},
        {"entry_id": "rd-office", "title": "Your local NHS R&D office", "reason": "", "kind": "route"}]}
    dispatcher = CollectingDispatcher()
    events = await show_team(dispatcher, tracker("what could my team apply for?", "start_induction"),
                             ["nurse", "healthcare_assistant"], "england")
    [message] = dispatcher.messages
    assert "• A nurse in England: **ICA Programme**; check with your R&D office: RfPB." in message["text"]
    assert "• A healthcare assistant or support worker in England:" in message["text"]
    assert message["text"].count("Your local NHS R&D office") == 1
    assert message["text"].count("Sources: NIHR, ICA page.") == 1  # once, though two groups are offered it
    assert [body["profession"] for path, body in knowledge.received if path == "/api/recommend"] == [
        "nurse", "healthcare_assistant"]
    assert events[0]["value"] == ["ica", "rfpb"]


async def test_a_list_already_shown_for_the_message_is_not_shown_again(knowledge):
    """"physio band 6 in Nottingham. want to do a PhD but can't afford to go part time. options?" (read as "where do I
    start?") got the list from the answering action, then again once the induction found nothing to ask."""
    from rasa_sdk import Tracker

    t = tracker("physio band 6 in Nottingham ... options?", "ask_getting_started", slots=PHYSIO_ENGLAND)
    events = [*t.events, {"event": "action", "name": "action_answer_question"},
              {"event": "slot", "name": "listed", "value": ["dcaf"]}, {"event": "action", "name": "induction_form"}]
    t = Tracker("someone", t.slots, t.latest_message, events, False, None, {}, "")
    assert await run(ActionRecommend(), t) == ([], [])
    assert knowledge.received == []
