"""action_help: what the assistant can do; a follow-up Rasa read as help is answered."""

from rasa_sdk.executor import CollectingDispatcher

from actions.help import ActionBotChallenge, ActionHelp
from tests.actions.conftest import tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionHelp().run(dispatcher, t, {})
    return dispatcher.messages, events


def after(text: str, *actions: str):
    """The message, after the bot's `actions` (the last is its reply just before), with an entry shown."""
    t = tracker(text, "help", slots={"last_entry": "research-secondments"})
    t.events = [*({"event": "action", "name": name} for name in actions), *t.events]
    return t


async def test_asking_what_the_assistant_does_gets_help(knowledge):
    for text in ("what can you do?", "how does this work?", "what do you do?"):
        [message], _ = await run(after(text, "action_answer_question"))
        assert message["response"] == "utter_help", text


async def test_a_follow_up_read_as_help_is_answered_about_the_entry_just_shown(knowledge):
    """"how does that work?" after KCHFT's research routes got the list of what the bot can do."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Research secondments**\nSecondments let ...",
                                        "confidence": 0.9, "entry_id": "research-secondments", "suggestions": []}
    messages, _ = await run(after("how does that work?", "action_answer_question"))
    assert messages[0]["text"].startswith("**Research secondments**")
    assert knowledge.received[-1] == ("/api/answer", {"question": "how does that work?", "context": {
        "entry": "research-secondments", "listed": [], "passage": None}})
    # an answer further back (a greeting came after it), or none: help
    [message], _ = await run(after("how does that work?", "action_answer_question", "action_greet"))
    assert message["response"] == "utter_help"
    [message], _ = await run(tracker("how does that work?", "help"))
    assert message["response"] == "utter_help"


async def test_pointing_back_just_after_a_list_is_answered_not_help(knowledge):
    """"how does that one work?" after the schemes open to an OT in Wales got the list of what the bot can do."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "Which one do you mean?", "confidence": 0.0,
                                        "entry_id": None, "suggestions": [], "choose": []}
    listed = tracker("how does that one work?", "help", slots={"listed": ["pcaf", "dcaf"]})
    listed.events = [{"event": "action", "name": "action_recommend"}, *listed.events]
    messages, _ = await run(listed)
    assert messages[0].get("response") != "utter_help" and knowledge.received[-1][0] == "/api/answer"
    # asking about the bot after a list is still help, and so is asking for help in words that point at nothing shown
    for text in ("how does this work?", "help, I don't get it"):
        about = tracker(text, "help", slots={"listed": ["pcaf", "dcaf"]})
        about.events = [{"event": "action", "name": "action_recommend"}, *about.events]
        [message], _ = await run(about)
        assert message["response"] == "utter_help", text


async def test_a_question_just_after_an_answer_read_as_help_is_answered(knowledge):
    """"do I need a uni?" just after PCAF got the list of what the bot can do."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**PCAF: who can apply**\n...", "confidence": 0.9,
                                        "entry_id": "pcaf", "suggestions": []}
    messages, _ = await run(after("do I need a uni?", "action_answer_question"))
    assert messages[0]["text"].startswith("**PCAF")
    [message], _ = await run(after("what can you do?", "action_answer_question"))  # still about the bot
    assert message["response"] == "utter_help"


async def test_a_question_naming_an_entry_read_as_help_is_answered(knowledge):
    """"What band do you need to be for the Leading Cultures of Research & Innovation programme?" got the list of
    what the bot can do (its "you" kept it as help)."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Leading Cultures**\nOpen to band 8a ...",
                                        "confidence": 0.9, "entry_id": "leading-cultures-of-research",
                                        "suggestions": []}
    text = "What band do you need to be for the Leading Cultures of Research & Innovation programme?"
    messages, _ = await run(tracker(text, "help"))
    assert messages[0]["text"].startswith("**Leading Cultures**")
    [message], _ = await run(tracker("what can you do?", "help"))
    assert message["response"] == "utter_help"


async def challenge(t):
    dispatcher = CollectingDispatcher()
    events = await ActionBotChallenge().run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_a_follow_up_read_as_asking_if_it_is_a_bot_is_answered(knowledge):
    """"and where are they based?" after THIS Institute got "I'm a bot"; "are you a real person?" still does."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**THIS Institute**\nbased at the University of "
                                        "Cambridge", "confidence": 0.9, "entry_id": "this-institute", "suggestions": []}
    shown = {"last_entry": "this-institute"}

    def after_answer(text):
        t = tracker(text, "bot_challenge", slots=shown)
        t.events = [{"event": "action", "name": "action_answer_question"}, *t.events]
        return t

    messages, _ = await challenge(after_answer("and where are they based?"))
    assert "Cambridge" in messages[0]["text"]
    for text in ("are you a real person?", "who are you?", "is this automated?", "is this an NIHR chatbot?"):
        [message], _ = await challenge(after_answer(text))
        assert message["response"] == "utter_iamabot", text
    # nothing shown before: a question of its own, as is one that says nothing of a bot
    for text in ("and where are they based?", "is it a trust-wide thing or sorted locally?",
                 "is it going to rain in Manchester tomorrow?"):
        messages, _ = await challenge(tracker(text, "bot_challenge"))
        assert "Cambridge" in messages[0]["text"] and knowledge.received[-1][1]["question"] == text, text
    for text in ("are you a bot?", "is this automatic?", "who am i chatting with?", "robots?"):
        [message], _ = await challenge(tracker(text, "bot_challenge"))
        assert message["response"] == "utter_iamabot", text


async def test_asking_what_the_assistant_knows_read_as_help_is_answered(knowledge):
    """"do you still know where I work?", read as a request for help, got the list of what the bot can do."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "known": True,
                                        "suggestions": []}
    t = tracker("do you still know where I work?", "help", slots={"profession": "pharmacist", "nation": "england"})
    messages, _ = await run(t)
    assert "From this conversation I know" in messages[0]["text"]
    [message], _ = await run(tracker("what can you do?", "help"))
    assert message["response"] == "utter_help"


async def test_in_the_induction_help_is_how_to_answer_unless_what_it_holds_is_asked(knowledge):
    """"do you still know where I work?" in the middle of the induction (this machine's model read it as help) got why
    the induction asks, not what the assistant holds."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "known": True,
                                        "suggestions": []}
    t = tracker("do you still know where I work?", "help", slots={"nation": "scotland"}, requested_slot="profession")
    t.active_loop = {"name": "induction_form"}
    messages, _ = await run(t)
    assert "From this conversation I know" in messages[0]["text"] and "Scotland" in messages[0]["text"]
    t = tracker("what do you mean?", "help", requested_slot="profession")
    t.active_loop = {"name": "induction_form"}
    [message], _ = await run(t)
    assert message["response"] == "utter_form_help"


async def test_asking_what_its_answers_come_from_read_as_help_is_answered(knowledge):
    """"what sources are you using for all this?" (an R&D office checking the bot), read as help, got what it can do."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "I answer from these documents: ...", "confidence": 1.0,
                                        "entry_id": None, "suggestions": [], "sources": True}
    messages, _ = await run(tracker("what sources are you using for all this?", "help"))
    assert messages[0]["text"].startswith("I answer from these documents")
    t = tracker("where does your info come from?", "help", requested_slot="profession")
    t.active_loop = {"name": "induction_form"}
    messages, _ = await run(t)
    assert messages[0]["text"].startswith("I answer from these documents")


async def test_how_are_you_gets_small_talk_not_i_am_a_bot(knowledge):
    """"hey how are you today" (read as asking whether it is a bot) got "I'm a bot: ..." (round twenty-five)."""
    knowledge.replies["/api/person"] = {"said": {}, "small_talk": True}
    [message], _ = await challenge(tracker("hey how are you today", "bot_challenge"))
    assert message["text"].startswith("I'm well, thanks for asking")


async def test_asking_whether_it_was_forgotten_says_what_is_held(knowledge):
    """"are you sure it's gone?" after forgetting was offered (not confirmed) got "I'm a bot": what it still holds, and
    how to have it forgotten (round twenty-five)."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "suggestions": [], "known": True}
    messages, _ = await challenge(tracker("are you sure it's gone?", "bot_challenge", slots={"nation": "england",
                                                                                          "profession": "nurse"}))
    assert "From this conversation I know" in messages[0]["text"] and "Forget me" in messages[0]["text"]


async def test_what_the_writer_can_do_read_as_help_is_their_options(knowledge):
    """"right so what can i actually do from here" (read as help) got what the bot can do (round twenty-five)."""
    knowledge.replies["/api/answer"] = {"answered": False, "text": "", "confidence": 0.0, "entry_id": None,
                                        "suggestions": [], "schemes": True}
    knowledge.replies["/api/recommend"] = {"needs": [], "recommendations": [
        {"entry_id": "icap", "title": "ICA Programme", "reason": "open to dietitians in England"}]}
    knowledge.replies["/api/person"] = {"description": "a dietitian in England"}
    messages, _ = await run(tracker("right so what can i actually do from here", "help",
                                    slots={"profession": "dietitian", "nation": "england"}))
    assert "**ICA Programme**" in messages[0]["text"]
    [message], _ = await run(tracker("what can you do?", "help"))
    assert message["response"] == "utter_help"


async def test_a_question_read_as_help_that_asks_for_no_help_is_answered(knowledge):
    """"would training help?" after a survey's figures, and "what sort of skills does it build" after Pathway to
    Portfolio, got the list of what the bot can do; asking for help itself still gets it."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Free research training**\n...", "confidence": 0.9,
                                        "entry_id": "free-research-training", "suggestions": []}
    messages, _ = await run(after("would training help?", "action_answer_question", "action_greet"))
    assert messages[0]["text"].startswith("**Free research training**")
    messages, _ = await run(after("what sort of skills does it build", "action_answer_question"))
    assert messages[0]["text"].startswith("**Free research training**")
    for text in ("help?", "I need some help?", "what topics are covered?", "how does it work?", "help me please"):
        [message], _ = await run(tracker(text, "help"))
        assert message["response"] == "utter_help", text
    # asking for help with something is a question ("can anyone help me with getting research time?")
    from actions.help import HELP_ASKED
    for asked in ("what questions should I ask my manager about research time?", "what things count as research "
                  "activity?", "I need help writing a grant application?", "can anyone help me with getting research time?"):
        assert not HELP_ASKED.search(asked), asked


async def test_in_the_induction_a_follow_up_of_the_answer_just_given_read_as_help_is_answered(knowledge):
    """Round twenty-eight: "what % agreed?" just after the survey's finding (the induction asking its question after the
    answer) got why the induction asks."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Research culture**\n73% agreed ...",
                                        "confidence": 0.9, "entry_id": "research-culture", "suggestions": []}
    t = after("what % agreed?", "action_answer_question")
    t.slots.update(requested_slot="profession", last_entry="research-in-every-role")
    t.active_loop = {"name": "induction_form"}
    messages, _ = await run(t)
    assert messages[0]["text"].startswith("**Research culture**")
    # a question about the form's own question is the form's ("why is my band needed?")
    t = after("why is my band needed?", "action_answer_question")
    t.slots.update(requested_slot="career_stage", last_entry="research-in-every-role")
    t.active_loop = {"name": "induction_form"}
    [message], _ = await run(t)
    assert message["response"] == "utter_form_help"
