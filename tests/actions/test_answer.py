"""action_answer_question relays cited answers, falls back in two stages, and survives the service being down."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion
from tests.actions.conftest import tracker

ANSWER = {"answered": True, "text": "**Pathway to Portfolio**\nUp to £20,000.", "confidence": 0.8,
          "entry_id": "pathway-to-portfolio",
          "suggestions": [{"entry_id": "research-time-award-wales", "title": "NHS Research Time Award"}]}
DONT_KNOW = {"answered": False, "text": "I'm sorry, I don't know the answer to that.", "confidence": 0.2,
             "entry_id": None, "suggestions": [{"entry_id": "mentorship", "title": "Mentorship"}]}


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerQuestion().run(dispatcher, t, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_answer_suggestions_and_feedback_buttons(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    [message], slots = await run(tracker("how much does P2P give?"))
    assert knowledge.received == [("/api/answer", {"question": "how much does P2P give?",
                                                   "context": {"entry": None, "listed": [], "passage": None},
                                                   "otherwise": "where-to-start", "otherwise_if_told_only": True})]
    assert "£20,000" in message["text"]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ['/choose_entry{"entry_id": "research-time-award-wales"}', "/feedback_helpful",
                        "/feedback_unhelpful"]
    assert slots == {"last_entry": "pathway-to-portfolio", "last_passage": None, "failed_attempts": 0.0}  # the question is not kept


async def test_chosen_entry_is_asked_for_by_id(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    await run(tracker('/choose_entry{"entry_id": "pcaf"}', "choose_entry", [{"entity": "entry_id", "value": "pcaf"}]))
    assert knowledge.received == [("/api/answer", {"entry_id": "pcaf"})]


async def test_first_failure_offers_related_topics_second_hands_off(knowledge):
    knowledge.replies["/api/answer"] = DONT_KNOW
    [first], slots = await run(tracker("how do I get a parking permit"))
    assert "don't know" in first["text"] and "did you mean one of these" in first["text"]
    assert [b["payload"] for b in first["buttons"]] == ['/choose_entry{"entry_id": "mentorship"}', "/handoff"]
    assert slots == {"failed_attempts": 1.0, "listed": ["mentorship"], "last_entry": None,
                     "last_passage": None}  # "the first one" picks it
    [second], slots = await run(tracker("parking permit please", slots={"failed_attempts": 1.0}))
    assert "R&D" in second["text"] and [b["payload"] for b in second["buttons"]] == ["/ask_rd_office"]
    assert "either" in second["text"] and "still" not in second["text"]  # it may be another question
    assert slots == {"failed_attempts": 0.0}


async def test_service_down_gives_a_polite_message(knowledge_down):
    [message], slots = await run(tracker("what is ICAP?"))
    assert message["response"] == "utter_knowledge_unavailable" and slots == {}


async def test_empty_message_asks_to_rephrase(knowledge_down):
    [message], _ = await run(tracker("   "))
    assert message["response"] == "utter_ask_rephrase"


async def test_a_question_that_says_who_is_asking_gets_the_answer_their_verdict_and_the_induction_offered(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    knowledge.replies["/api/eligibility"] = {"eligible": False, "reason": "it is for staff in Wales",
                                             "entry_id": "pathway-to-portfolio", "title": "Pathway to Portfolio"}
    t = tracker("I'm a nurse in Scotland, what is P2P?", said={"profession": "nurse", "nation": "scotland"})
    [message], _ = await run(t)
    assert "£20,000" in message["text"] and "For a nurse in Scotland: it is for staff in Wales." in message["text"]
    assert "/start_induction" in [b["payload"] for b in message["buttons"]]
    assert knowledge.received[1] == ("/api/eligibility", {"entry_id": "pathway-to-portfolio", "profile": {
        "profession": "nurse", "nation": "scotland", "career_stage": None, "organisation": None, "interests": []}})


async def test_a_finding_answered_to_someone_who_says_who_they_are_gets_no_verdict(knowledge):
    """"band 6 OT, ... what actually stops AHPs doing research?" got "For an occupational therapist: open to all staff;
    gives information." after the barriers: there is nothing to apply to in a finding."""
    knowledge.replies["/api/answer"] = {**ANSWER, "entry_id": "barriers-to-research"}
    knowledge.replies["/api/eligibility"] = {"eligible": True, "reason": "open to all staff; gives information",
                                             "kind": "evidence", "entry_id": "barriers-to-research", "title": "B"}
    knowledge.replies["/api/person"] = {"description": "an occupational therapist"}
    [message], _ = await run(tracker("band 6 OT, what stops AHPs doing research?",
                                     said={"profession": "occupational_therapist"}))
    assert "For an occupational therapist" not in message["text"] and "Tell me the nation" in message["text"]


async def test_a_comparison_leaves_both_entries_listed_for_the_follow_up(knowledge):
    """After "PCAF or DCAF?", "how do I apply for it?" must ask which, so both are the latest list."""
    knowledge.replies["/api/answer"] = {**ANSWER, "entry_id": "pcaf", "compared": ["pcaf", "dcaf"], "suggestions": []}
    [message], slots = await run(tracker("what's the difference between PCAF and DCAF?"))
    assert slots["listed"] == ["pcaf", "dcaf"] and slots["last_entry"] is None


async def test_saying_where_one_works_offers_the_induction_too(knowledge):
    """"I work at UHL, what does the trust offer staff with an idea?": the answer, and the schemes offered (asking
    the profession and nation they still need)."""
    knowledge.replies["/api/answer"] = ANSWER
    [message], _ = await run(tracker("I work at UHL, what is P2P?", said={"organisation": "UHL"}))
    assert "/start_induction" in [b["payload"] for b in message["buttons"]]
    assert "Tell me your profession and the nation you work in" in message["text"]


async def test_where_do_i_start_is_answered_without_an_offer_as_the_form_follows(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    [message], _ = await run(tracker("I'm a nurse, where do I start?", "ask_getting_started"))
    assert "£20,000" in message["text"] and "Tell me" not in message["text"]
    assert "/start_induction" not in [b["payload"] for b in message["buttons"]]


async def test_where_do_i_start_in_any_words_falls_back_to_the_first_steps_entry(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    await run(tracker("hi, I've just started as a staff nurse", "ask_getting_started"))
    assert knowledge.received[0] == ("/api/answer", {"question": "hi, I've just started as a staff nurse",
                                                     "context": {"entry": None, "listed": [], "passage": None},
                                                     "otherwise": "where-to-start"})
    await run(tracker("what is P2P?"))  # a question: first steps only if it just tells (the service checks)
    assert knowledge.received[-1][1]["otherwise_if_told_only"] is True
    # Rasa could not place it, and it told us who the person is: first steps, if that is all it says
    knowledge.replies["/api/eligibility"] = {"eligible": None, "reason": "", "needs": ["nation"]}
    await run(tracker("I'm a healthcare assistant", "nlu_fallback", said={"profession": "healthcare_assistant"}))
    asked = [body for path, body in knowledge.received if path == "/api/answer"]
    assert asked[-1]["otherwise"] == "where-to-start" and asked[-1]["otherwise_if_told_only"] is True
    await run(tracker("hiya, first week here!", "nlu_fallback"))  # no profile fact, but new here: the service says
    assert knowledge.received[-1][1]["otherwise_if_told_only"] is True  # ("xyzzy plugh" is searched as it is)
    # read as a question, but it told us who the person is: the same (the service checks it only tells)
    await run(tracker("hello, I just joined the trust as a dietitian", "ask_knowledge", said={"profession": "dietitian"}))
    asked = [body for path, body in knowledge.received if path == "/api/answer"]
    assert asked[-1]["otherwise"] == "where-to-start" and asked[-1]["otherwise_if_told_only"] is True
    # and one that says nothing of the person but that they are new (round twenty-two: this machine's model read
    # "hiya, first week here!" as a question, and it got "I don't know")
    await run(tracker("hiya, first week here!", "ask_knowledge"))
    assert knowledge.received[-1][1]["otherwise_if_told_only"] is True


async def test_a_message_only_saying_who_the_writer_is_gets_their_schemes_once_the_list_can_be_made(knowledge):
    """"im new, started last week as a band 5 ODP in cardiff" (read as a question) got first steps and a "Show the
    schemes open to me" button: with the profession and nation known, the list itself."""
    knowledge.replies["/api/answer"] = {**ANSWER, "introduced": True}
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "p2p", "title": "Pathway to Portfolio", "reason": "open to all staff in Wales"}]}
    knowledge.replies["/api/person"] = {"description": "an operating department practitioner (early-career staff) in Wales"}
    said = {"profession": "operating_department_practitioner", "nation": "wales", "career_stage": "early_career"}
    [message], _ = await run(tracker("im new, started last week as a band 5 ODP in cardiff", said=said))
    assert "you can apply for" in message["text"] and "**Pathway to Portfolio**" in message["text"]
    knowledge.replies["/api/eligibility"] = {"eligible": None, "reason": "", "needs": ["nation"]}
    [message], _ = await run(tracker("I'm a healthcare assistant", "nlu_fallback",
                                     said={"profession": "healthcare_assistant"}))
    assert message["text"].startswith(ANSWER["text"]) and "/start_induction" in [b["payload"] for b in message["buttons"]]


async def test_a_question_about_oneself_missing_the_nation_asks_for_it(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    knowledge.replies["/api/eligibility"] = {"eligible": None, "reason": "", "needs": ["nation"]}
    [message], _ = await run(tracker("I'm a nurse, what is P2P?", said={"profession": "nurse"}))
    assert "Tell me the nation you work in and I'll show the schemes open to you." in message["text"]


async def test_a_plain_question_offers_nothing(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    [message], _ = await run(tracker("what is P2P?"))
    assert "/start_induction" not in [b["payload"] for b in message["buttons"]]
    [message], _ = await run(tracker("what is P2P?", slots={"profession": "nurse"}))  # known before, not said now
    assert "/start_induction" not in [b["payload"] for b in message["buttons"]]


async def test_a_question_carries_what_was_just_shown_for_the_service_to_weigh(knowledge):
    """"how much is it worth?" after PCAF, "the second one" after a list: the service decides whether the question
    is about them (knowledge/conversation.py)."""
    knowledge.replies["/api/answer"] = ANSWER
    await run(tracker("how much is it worth?", slots={"last_entry": "pcaf", "listed": ["icap", "pcaf"]}))
    assert knowledge.received == [("/api/answer", {"question": "how much is it worth?",
                                                   "context": {"entry": "pcaf", "listed": ["icap", "pcaf"], "passage": None},
                                                   "otherwise": "where-to-start", "otherwise_if_told_only": True})]


async def test_a_question_carries_the_persons_nation_for_the_service_to_favour_when_pointed_at(knowledge):
    knowledge.replies["/api/answer"] = ANSWER
    await run(tracker("who funds research up there?", slots={"nation": "scotland"}))
    assert knowledge.received[0][1]["nation"] == "scotland"


WHICH = {"answered": False, "text": "Which one do you mean?\n1. ICA\n2. PCAF", "confidence": 0.0, "entry_id": None,
         "aspect": "amount", "choose": [{"entry_id": "icap", "title": "ICA"}, {"entry_id": "pcaf", "title": "PCAF"}]}


async def test_when_several_were_listed_it_asks_which_and_answers_the_same_question_about_the_one_chosen(knowledge):
    knowledge.replies["/api/answer"] = WHICH
    [message], slots = await run(tracker("how much is it worth?", slots={"listed": ["icap", "pcaf", "mentorship"]}))
    assert message["text"] == WHICH["text"]
    assert [b["payload"] for b in message["buttons"]] == ['/choose_entry{"entry_id": "icap"}',
                                                          '/choose_entry{"entry_id": "pcaf"}']
    assert slots == {"listed": ["icap", "pcaf"], "last_entry": None, "last_passage": None, "pending_aspect": "amount"}
    knowledge.replies["/api/answer"] = ANSWER
    _, slots = await run(tracker('/choose_entry{"entry_id": "pcaf"}', "choose_entry",
                                 [{"entity": "entry_id", "value": "pcaf"}], slots={"pending_aspect": "amount"}))
    assert knowledge.received[-1] == ("/api/answer", {"entry_id": "pcaf", "aspect": "amount"})
    assert slots["pending_aspect"] is None  # asked once: the next button opens its entry as usual


async def test_an_unclear_verdict_is_told_with_the_check_not_left_out(knowledge):
    """A psychologist asking about a scheme whose list does not name them hears "check with your R&D office"."""
    knowledge.replies["/api/answer"] = ANSWER
    knowledge.replies["/api/eligibility"] = {"eligible": None, "needs": [], "reason": (
        "the source names doctors and nurses, not practitioner psychologists, so check with your R&D office")}
    t = tracker("I'm a psychologist in Scotland, what is P2P?",
                said={"profession": "practitioner_psychologist", "nation": "scotland"})
    [message], _ = await run(t)
    assert "For a practitioner psychologist in Scotland: the source names doctors and nurses, not practitioner " \
           "psychologists, so check with your R&D office." in message["text"]


async def test_a_scheme_picked_after_am_i_eligible_gets_their_verdict_too(knowledge):
    """"am I eligible for it?" asked which; "the second one" typed: who can apply, and the verdict for them."""
    knowledge.replies["/api/answer"] = ANSWER
    knowledge.replies["/api/eligibility"] = {"eligible": True, "reason": "open to nurses in Wales",
                                             "entry_id": "pathway-to-portfolio", "title": "Pathway to Portfolio"}
    [message], slots = await run(tracker("the second one", slots={"pending_aspect": "eligibility", "profession": "nurse",
                                                                 "nation": "wales", "listed": ["pcaf", "pathway-to-portfolio"]}))
    assert knowledge.received[0][1]["aspect"] == "eligibility"
    assert "For a nurse in Wales: open to nurses in Wales." in message["text"]
    assert slots["pending_aspect"] is None


async def test_what_does_that_mean_in_the_induction_explains_its_question(knowledge):
    """The service says the question points back at nothing shown: in the induction, it is about the question the
    form just asked ("Which nation do you work in?"), so the form's help answers; elsewhere, the service's text."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm not sure what you're referring to.",
                                        "confidence": 0.0, "refers_back": True, "tier": "context"}
    t = tracker("what does that mean?")
    t.active_loop = {"name": "induction_form"}
    messages, slots = await run(t)
    assert [m["response"] for m in messages] == ["utter_form_help"] and slots == {}
    messages, _ = await run(tracker("what does that mean?"))
    assert messages[0]["text"].startswith("I'm not sure what you're referring to.")
    knowledge.replies["/api/answer"] = {**knowledge.replies["/api/answer"], "aspect": "amount"}
    t = tracker("how much?")
    t.active_loop = {"name": "induction_form"}
    messages, _ = await run(t)  # asks about a scheme, not about the form's question
    assert messages[0]["text"].startswith("I'm not sure what you're referring to.")


async def test_not_knowing_the_answer_to_the_induction_question_gets_the_forms_reply(knowledge):
    """The action tells the service which profile question the form asked; an "unsure" reply is the form's to give."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "tier": "form",
                                        "unsure": True}
    t = tracker("I'm not sure which nation, I work on the border", slots={"requested_slot": "nation"})
    t.active_loop = {"name": "induction_form"}
    messages, slots = await run(t)
    assert [m["response"] for m in messages] == ["utter_form_unsure"] and slots == {}
    assert knowledge.received[-1][1]["asked"] == "nation"
    await run(tracker("what is PCAF?"))
    assert "asked" not in knowledge.received[-1][1]  # outside the induction nothing was asked


async def test_a_document_passage_that_answered_is_kept_for_tell_me_more(knowledge):
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**From the document ...**", "confidence": 0.7,
                                        "entry_id": None, "tier": "document", "passage_id": "source-004#82",
                                        "suggestions": []}
    _, slots = await run(tracker("how many work packages were there?"))
    assert slots["last_entry"] is None and slots["last_passage"] == "source-004#82"
    await run(tracker("tell me more", slots={"last_passage": "source-004#82"}))
    assert knowledge.received[-1][1]["context"] == {"entry": None, "listed": [], "passage": "source-004#82"}


async def test_a_message_without_a_word_is_asked_again(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "unworded": True}
    [message], slots = await run(tracker("?"))
    assert message["response"] == "utter_ask_rephrase" and slots == {}  # no failure counted, no hand-off offered


async def test_a_message_that_only_acknowledges_gets_anything_else_and_no_failure(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "acknowledged": True}
    [message], slots = await run(tracker("brill", intent="nlu_fallback", slots={"failed_attempts": 1.0}))
    assert message["response"] == "utter_anything_else" and slots == {}


async def test_a_question_for_someone_else_is_said_as_is_and_counts_no_failure(knowledge):
    """"where do I park?" after an unanswered question: who to ask, not "I still don't have an answer ... R&D"."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm sorry ... facilities team can tell you.",
                                        "confidence": 0.0, "entry_id": None, "elsewhere": "facilities"}
    [message], slots = await run(tracker("where do I park?", intent="ask_knowledge", slots={"failed_attempts": 1.0}))
    assert message["text"].endswith("facilities team can tell you.") and slots == {}


async def test_a_request_to_forget_gets_the_forget_me_button(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "If you'd like me to forget ...", "confidence": 0.0,
                                        "entry_id": None, "forget": True}
    [message], slots = await run(tracker("please forget where I work", intent="nlu_fallback"))
    assert message["buttons"] == [{"title": "Forget me", "payload": "/forget_me"}] and slots == {}


async def test_a_question_rasa_took_for_a_request_for_options_is_answered_with_the_induction_offered(knowledge):
    """"which body runs P2P?" read as start_induction (the rule for answer_first sends it here): the answer and the
    induction offered, not forced; in the middle of the induction, which asks already, no offer."""
    knowledge.replies["/api/answer"] = ANSWER
    [message], _ = await run(tracker("which body runs P2P?", "start_induction"))
    assert "£20,000" in message["text"] and "/start_induction" in [b["payload"] for b in message["buttons"]]
    in_form = tracker("which body runs P2P?", "start_induction", requested_slot="profession")
    in_form.active_loop = {"name": "induction_form"}
    [message], _ = await run(in_form)
    assert "/start_induction" not in [b["payload"] for b in message["buttons"]]


async def test_asking_what_the_bot_knows_gets_the_profile_held_and_the_forget_button(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "known": True}
    [message], _ = await run(tracker("do you still know where I work?", intent="nlu_fallback",
                                     slots={"profession": "nurse", "nation": "wales", "organisation": "Betsi"}))
    assert "nurse" in message["text"] and "Wales" in message["text"] and "Betsi" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/forget_me"]
    [message], _ = await run(tracker("what do you know about me?", intent="nlu_fallback"))
    assert "don't hold anything" in message["text"] and not message["buttons"]


async def test_support_asked_for_in_words_no_entry_answers_gets_the_schemes_that_give_it(knowledge):
    """"band 6 radiographer in cardiff. is there anything that pays for time off the rota to do research?" got "I don't
    know", not the Research Time Award open to them."""
    knowledge.replies["/api/answer"] = {**DONT_KNOW, "wishes": True}
    knowledge.replies["/api/recommend"] = {"needs": [], "wants": ["protected_time"], "profile": {}, "recommendations": [
        {"entry_id": "research-time-award-wales", "title": "NHS Research Time Award", "reason": "open to AHPs in Wales",
         "outcome": "eligible", "kind": "scheme"}]}
    knowledge.replies["/api/person"] = {"description": "a paramedic in Wales"}
    known = {"profession": "paramedic", "nation": "wales"}
    [message], _ = await run(tracker("is there anything that pays for time off the rota?", slots=known))
    assert "NHS Research Time Award" in message["text"] and "don't know" not in message["text"]
    # answered by no scheme (the service says `wishes` then): told who they are with it ("I'm a nurse in Scotland, how do
    # I get protected time?"), the answer stays the answer; known before ("want protected time 4 research"), the list
    knowledge.replies["/api/answer"] = {**ANSWER, "wishes": True, "answered": True}
    [answered], _ = await run(tracker("I'm a paramedic in Wales, how do I get protected time?", said=known))
    assert answered["text"].startswith("**Pathway to Portfolio**")
    [listed], _ = await run(tracker("want protected time 4 research", slots=known))
    assert "NHS Research Time Award" in listed["text"] and not listed["text"].startswith("**Pathway")
    # answered only by a document's passage (round twenty-two: "consultant rheumatologist in england. I want proper
    # ring-fenced research time, what's out there?" got the report's paragraph on a trial): the list
    knowledge.replies["/api/answer"] = {**ANSWER, "wishes": True, "answered": True, "tier": "document"}
    [listed], _ = await run(tracker("paramedic in Wales, I want proper protected time, what's out there?", said=known))
    assert "NHS Research Time Award" in listed["text"] and not listed["text"].startswith("**Pathway")


async def test_support_asked_for_before_we_know_enough_asks_what_we_need_not_i_dont_know(knowledge):
    """"Midwife, band 6, just back from mat leave. Always wanted to do a PhD but can't self fund. options?" got "I'm
    sorry, I don't know the answer to that ... Tell me the nation you work in"."""
    knowledge.replies["/api/answer"] = {**DONT_KNOW, "wishes": True}
    [message], _ = await run(tracker("always wanted to do a PhD but can't self fund. options?",
                                     slots={"profession": "midwife"}))
    assert message["text"] == "Tell me the nation you work in and I'll show the schemes open to you."
    assert [b["payload"] for b in message["buttons"]] == ["/start_induction"]


@pytest.mark.parametrize("flag, said, slots, who", [
    # "I'm a band 6 ICU nurse at Southmead in Bristol" then "A friend in Newport got a research time award. Can I apply
    # for one of those from here?" (read as ask_knowledge) got how to apply, not that the award is for staff in Wales
    ("for_writer", "Can I apply for one of those from here?", {"profession": "nurse", "nation": "england"},
     "a nurse in England"),
    # "any money for a small project like the welsh one" from a podiatrist in NHS Highland got Pathway to Portfolio's
    # limits, not that it is for staff in Wales
    ("other_nation", "any money for a small project like the welsh one", {"profession": "podiatrist",
                                                                         "nation": "scotland"},
     "a podiatrist in Scotland"),
])
async def test_asking_whether_i_may_apply_or_another_nations_scheme_adds_my_verdict(knowledge, flag, said, slots, who):
    knowledge.replies["/api/answer"] = {**ANSWER, flag: True}
    knowledge.replies["/api/eligibility"] = {"eligible": False, "reason": "it is for staff in Wales",
                                             "entry_id": "pathway-to-portfolio", "title": "Pathway to Portfolio"}
    knowledge.replies["/api/person"] = {"description": who}
    [message], _ = await run(tracker(said, slots=slots))
    assert f"For {who}: it is for staff in Wales." in message["text"]


async def test_asking_how_to_apply_adds_no_verdict(knowledge):
    knowledge.replies["/api/answer"] = ANSWER  # "how do I apply for it?" asks how, not whether: no verdict
    [message], _ = await run(tracker("how do I apply for P2P?", slots={"profession": "nurse", "nation": "england"}))
    assert "For a nurse" not in message["text"]
    assert [path for path, _ in knowledge.received] == ["/api/answer"]


async def test_privacy_asked_gets_what_is_kept_what_is_held_and_the_forget_button(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "About your privacy: deleted after 90 days.",
                                        "confidence": 0.0, "entry_id": None, "privacy": True}
    [message], slots = await run(tracker("is this confidential?", intent="ask_contact",
                                         slots={"profession": "nurse", "nation": "wales"}))
    assert "90 days" in message["text"] and "nurse" in message["text"] and slots == {}
    assert [b["payload"] for b in message["buttons"]] == ["/forget_me"]


async def test_the_bot_asked_about_in_a_question_says_it_is_a_bot(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "bot": True}
    [message], _ = await run(tracker("before I answer that, who made you?", intent="ask_knowledge"))
    assert message["response"] == "utter_iamabot"


async def test_what_the_bot_can_do_and_its_sources_asked_in_a_question(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "help": True}
    [message], _ = await run(tracker("what exactly can this bot do for new starters?", intent="ask_knowledge"))
    assert message["response"] == "utter_help"
    knowledge.replies["/api/answer"] = {"answered": False, "text": "My answers come from entries ...",
                                        "confidence": 0.0, "entry_id": None, "sources": True}
    [message], _ = await run(tracker("what sources is it using?", intent="ask_knowledge"))
    assert message["text"] == "My answers come from entries ..." and not message.get("buttons")


def test_what_the_person_said_before_goes_with_the_context_only_when_nothing_was_shown():
    from actions.context import shown

    t = tracker("is there any recommendation on that?")
    t.events = [{"event": "user", "text": "research was barely mentioned at my induction"},
                {"event": "action", "name": "action_answer_question"}, *t.events]
    assert shown(t)["before"] == "research was barely mentioned at my induction"
    t.slots["last_entry"] = "pcaf"
    assert "before" not in shown(t)
    button = tracker("is there any recommendation on that?")
    button.events = [{"event": "user", "text": "/start_induction"}, *button.events]
    assert "before" not in shown(button)
    assert "before" not in shown(tracker("hello"))


def test_the_persons_last_two_typed_messages_go_with_the_context():
    """"and the lowest?" after "which had the most studies?" after "which trusts were the case studies?": what it asks
    is read with them (the service decides whether they help)."""
    from actions.context import shown

    t = tracker("and the lowest?")
    t.events = [{"event": "user", "text": "which trusts were the case studies?"},
                {"event": "user", "text": "/choose_entry"}, {"event": "user", "text": "which had the most studies?"},
                {"event": "action", "name": "action_answer_question"}, *t.events]
    t.slots["last_entry"] = "case-study-sites"
    # a button's payload says nothing of its own: the two typed before it
    assert shown(t)["earlier"] == ["which trusts were the case studies?", "which had the most studies?"]
    t.events = [{"event": "user", "text": "hello"}, *t.events]
    assert shown(t)["earlier"] == ["which trusts were the case studies?", "which had the most studies?"]
    assert "earlier" not in shown(tracker("hello"))


async def test_what_the_writer_now_says_of_themselves_gets_the_scheme_just_discussed_checked_again(knowledge):
    """"sorry, I start at Hywel Dda next month. does that help?" after the Research Time Award was refused to a nurse in
    Scotland got "I don't know": the verdict again, for who they now are; after a list (no entry), their list."""
    knowledge.replies["/api/answer"] = {**DONT_KNOW, "suggestions": [], "again": True}
    knowledge.replies["/api/eligibility"] = {"entry_id": "research-time-award-wales", "title": "NHS Research Time Award",
                                             "kind": "scheme", "eligible": True, "reason": "open to nurses in Wales",
                                             "needs": [], "citation": "the 2021 report"}
    said = {"nation": "wales", "organisation": "Hywel Dda"}
    t = tracker("sorry I meant to say - I start at Hywel Dda in Carmarthen next month. does that help?", said=said,
                slots={"profession": "nurse", "last_entry": "research-time-award-wales"})
    [message], _ = await run(t)
    assert message["text"] == "Yes: NHS Research Time Award is open to nurses in Wales. Source: the 2021 report."
    assert knowledge.received[-1] == ("/api/eligibility", {"entry_id": "research-time-award-wales", "profile": {
        "profession": "nurse", "nation": "wales", "career_stage": None, "interests": [], "organisation": "Hywel Dda"}})
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "p2p", "title": "Pathway to Portfolio", "reason": "open to all staff in England"}]}
    knowledge.replies["/api/person"] = {"description": "a paramedic in England"}
    [message], _ = await run(tracker("I'm now with North West Ambulance Service in Bolton. does that change things?",
                                     said={"nation": "england"}, slots={"profession": "paramedic"}))
    assert "you can apply for" in message["text"] and "**Pathway to Portfolio**" in message["text"]


async def test_a_scheme_still_not_open_after_what_the_writer_now_says_comes_with_their_list(knowledge):
    """"I might be moving to a job in Swansea next year, does that open anything up?" from a dentist told ICAP is not for
    dentists got that "no" again: said once, then what is open to them now (round twenty-five)."""
    knowledge.replies["/api/answer"] = {**DONT_KNOW, "suggestions": [], "again": True}
    knowledge.replies["/api/eligibility"] = {"entry_id": "icap", "title": "ICAP", "kind": "scheme", "eligible": False,
                                             "reason": "ICAP is open to registered professionals other than doctors "
                                             "and dentists", "needs": [], "citation": "the 2021 report"}
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "research-time-award-wales", "title": "NHS Research Time Award", "reason": "open to dentists"}]}
    knowledge.replies["/api/person"] = {"description": "a dentist in Wales"}
    t = tracker("I might be moving to a job in Swansea next year, does that open anything up?", said={"nation": "wales"},
                slots={"profession": "dentist", "last_entry": "icap"})
    verdict, listed = (await run(t))[0]
    assert verdict["text"] == "ICAP is open to registered professionals other than doctors and dentists."
    assert "**NHS Research Time Award**" in listed["text"]


async def test_a_document_passage_answering_someone_who_says_who_they_are_asks_no_verdict(knowledge):
    """A passage has no entry to be eligible for: asking the service for a verdict on None was refused (a 400)."""
    knowledge.replies["/api/answer"] = {**ANSWER, "entry_id": None, "tier": "document", "passage_id": "source-004#232"}
    await run(tracker("Clinical psychologist in Sheffield, band 8b. is there anything for someone at my stage?",
                      said={"profession": "practitioner_psychologist", "nation": "england"}))
    assert "/api/eligibility" not in [path for path, _ in knowledge.received]


async def test_declining_the_induction_gets_no_questions(knowledge):
    """"no i dont want to do your induction thing" got "What is your profession?": no questions, and what it can do
    instead (round twenty-five)."""
    knowledge.replies["/api/answer"] = {**DONT_KNOW, "text": "", "suggestions": [], "declined": True}
    [message], slots = await run(tracker("no i dont want to do your induction thing", "start_induction"))
    assert message["text"].startswith("No problem: no questions") and slots == {}


async def test_a_goodbye_in_other_words_is_said_back(knowledge):
    """"ok have a good one" got "I don't know the answer to that" (round twenty-six)."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "acknowledged": True, "farewell": True}
    [message], slots = await run(tracker("ok have a good one", intent="nlu_fallback"))
    assert message["response"] == "utter_goodbye" and slots == {}


def _after_the_list(text: str, intent: str, said: dict | None = None, questions_between: int = 0):
    """The message, after the person's list asked what interests them (and `questions_between` answers since)."""
    from actions.profile import INVITES_INTERESTS

    t = tracker(text, intent, slots={"profession": "occupational_therapist", "nation": "england"}, said=said)
    t.events = [{"event": "user", "text": "band 6 OT in kent"}, {"event": "action", "name": "action_recommend"},
                {"event": "bot", "text": f"As an occupational therapist ...\n{INVITES_INTERESTS}"},
                *[event for _ in range(questions_between) for event in (
                    {"event": "user", "text": "a question"}, {"event": "action", "name": "action_answer_question"},
                    {"event": "bot", "text": "An answer."})], *t.events]
    return t


async def test_a_topic_given_alone_after_the_list_asked_for_interests_sorts_the_list(knowledge):
    """Round twenty-eight: "falls prevention mainly" after the list asked what interests them got "I don't know"; the
    reading says the list invited interests (the service reads the topic as them) and the list follows, sorted."""
    from actions.profile import reading

    assert reading(_after_the_list("perinatal mental health", "ask_knowledge", questions_between=1))["invited"] \
        == "interests"
    assert "invited" not in reading(_after_the_list("perinatal mental health", "ask_knowledge", questions_between=2))
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "pcaf", "title": "PCAF", "reason": "open to allied health professionals in England"}]}
    knowledge.replies["/api/person"] = {"description": "an occupational therapist in England", "asks": False}
    [message], _ = await run(_after_the_list("falls prevention mainly", "ask_knowledge",
                                             said={"interests": "falls prevention"}))
    assert "you can apply for" in message["text"] and knowledge.received[-1][0] == "/api/recommend"
    assert "Noted your interest in \u201cfalls prevention\u201d" in message["text"]
    assert "Tell me what interests you" not in message["text"]
    # not read as interests (nothing set): answered as a question
    knowledge.replies["/api/answer"] = DONT_KNOW
    [message], _ = await run(_after_the_list("falls prevention mainly", "ask_knowledge"))
    assert message["text"].startswith("I'm sorry")
