"""Ask the R&D office from the chat: consent first (what is sent is shown), then the ticket."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tickets import ActionAskRdOffice, ActionCancelTicket, ActionSendTicket, ActionTicketContact

QUESTION = "can I claim travel for a research course?"


def conversation(latest: str, intent: str, slots: dict | None = None, channel: str = "rest",
                 metadata: dict | None = None) -> Tracker:
    events = [{"event": "user", "text": QUESTION, "parse_data": {"intent": {"name": "ask_knowledge"}}},
              {"event": "bot", "text": "I don't know."},
              {"event": "user", "text": "/handoff", "parse_data": {"intent": {"name": "handoff"}}},
              {"event": "user", "text": latest, "parse_data": {"intent": {"name": intent}},
               "input_channel": channel}]
    message = {"text": latest, "intent": {"name": intent}, "entities": [], "metadata": metadata or {}}
    return Tracker("webchat-abc12345", slots or {}, message, events, False, None, {}, "")


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_asking_shows_what_would_be_sent_and_asks_for_consent(knowledge):
    [message], slots = await run(ActionAskRdOffice(), conversation("/ask_rd_office", "ask_rd_office",
                                                                   {"profession": "nurse", "nation": "wales"}))
    assert f'"{QUESTION}"' in message["text"] and "a nurse in Wales" in message["text"]
    assert "Nothing else is sent" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/ticket_send", "/ticket_send_with_profile",
                                                          "/ticket_cancel"]
    assert slots == {"ticket_question": QUESTION, "ticket_email": None}


async def test_without_a_profile_there_is_no_profile_button(knowledge):
    [message], _ = await run(ActionAskRdOffice(), conversation("/ask_rd_office", "ask_rd_office"))
    assert [b["payload"] for b in message["buttons"]] == ["/ticket_send", "/ticket_cancel"]


async def test_a_typed_request_to_forward_shows_what_would_be_sent(knowledge):
    knowledge.replies["/api/person"] = {"said": {}, "greets": False, "forwards": True, "description": "a member of staff"}
    [message], slots = await run(ActionAskRdOffice(), conversation("send my question to the R&D office",
                                                                   "ask_rd_office"))
    assert "Shall I send it?" in message["text"] and slots["ticket_question"] == QUESTION


async def test_a_question_read_as_asking_the_office_is_answered(knowledge):
    """"whats the deadline for the wellcome trust career development award this year" got "Type your question first,
    then choose 'Ask the R&D office'": a question of its own, answered (here "I don't know", and who to ask)."""
    knowledge.replies["/api/person"] = {"said": {}, "greets": False, "forwards": False}
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I'm sorry, I don't know the answer to that.",
                                        "confidence": 0.1, "suggestions": []}
    [message], slots = await run(ActionAskRdOffice(), conversation(
        "whats the deadline for the wellcome trust career development award this year", "ask_rd_office"))
    assert message["text"].startswith("I'm sorry, I don't know") and "ticket_question" not in slots


async def test_a_question_answered_whatever_rasa_read_it_as_is_the_one_sent(knowledge):
    """"can i swap my night shift on healthroster?" (read as a goodbye) got "I don't know" and the button: the button
    sends it, not an older question."""
    events = [{"event": "user", "text": QUESTION, "parse_data": {"intent": {"name": "ask_knowledge"}}},
              {"event": "user", "text": "can i swap my night shift?", "parse_data": {"intent": {"name": "goodbye"}}},
              {"event": "slot", "name": "failed_attempts", "value": 1.0},
              {"event": "bot", "text": "I don't know."},
              {"event": "user", "text": "thanks, bye", "parse_data": {"intent": {"name": "goodbye"}}},
              {"event": "user", "text": "/ask_rd_office", "parse_data": {"intent": {"name": "ask_rd_office"}}}]
    message = {"text": "/ask_rd_office", "intent": {"name": "ask_rd_office"}, "entities": [], "metadata": {}}
    _, slots = await run(ActionAskRdOffice(), Tracker("webchat-abc12345", {}, message, events, False, None, {}, ""))
    assert slots["ticket_question"] == "can i swap my night shift?"


async def test_an_email_address_is_added_and_shown_before_sending(knowledge):
    [message], slots = await run(ActionTicketContact(), conversation("my email is kim.lee@nhs.net", "ticket_contact",
                                                                     {"ticket_question": QUESTION}))
    assert "kim.lee@nhs.net" in message["text"] and slots == {"ticket_email": "kim.lee@nhs.net"}


async def test_words_that_are_not_an_email_address_are_asked_again(knowledge):
    [again, consent], slots = await run(ActionTicketContact(), conversation(
        "kim.lee at nhs dot net", "ticket_contact", {"ticket_question": QUESTION, "ticket_email": "a.b@nhs.net"}))
    assert "doesn't look like an email address" in again["text"] and "a.b@nhs.net" in consent["text"] and not slots


async def test_sending_creates_the_ticket_with_only_what_was_agreed(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I don't know.", "entry_id": None,
                                        "suggestions": [{"entry_id": "mentorship", "title": "Mentorship"}]}
    knowledge.replies["/api/tickets"] = {"ticket": 7, "next": "You'll get the answer here as soon as they reply."}
    slots = {"ticket_question": QUESTION, "ticket_email": "kim.lee@nhs.net", "profession": "nurse"}
    [message], cleared = await run(ActionSendTicket(), conversation("/ticket_send", "ticket_send", slots))
    path, body = knowledge.received[-1]
    assert path == "/api/tickets" and body == {
        "question": QUESTION, "channel": "rest", "sender": "webchat-abc12345", "contact_email": "kim.lee@nhs.net",
        "profile": None, "reference": None, "attempted_answer": "I don't know.",
        "nearest": [{"entry_id": "mentorship", "title": "Mentorship"}]}
    assert "ticket #7" in message["text"] and "by email and here" in message["text"]
    assert cleared == {"ticket_question": None, "ticket_email": None}


async def test_teams_tickets_carry_the_conversation_reference_and_the_profile_when_chosen(knowledge):
    knowledge.replies["/api/answer"] = {"answered": False, "text": "I don't know.", "suggestions": []}
    knowledge.replies["/api/tickets"] = {"ticket": 1, "next": "soon"}
    reference = {"service_url": "https://smba.example/", "conversation_id": "a:1", "bot_id": "28:b"}
    t = conversation("/ticket_send_with_profile", "ticket_send_with_profile",
                     {"ticket_question": QUESTION, "profession": "nurse"}, "teams",
                     {"conversation_reference": reference})
    await run(ActionSendTicket(), t)
    body = knowledge.received[-1][1]
    assert body["channel"] == "teams" and body["reference"] == reference and body["profile"] == {"profession": "nurse"}


async def test_the_service_down_keeps_the_question_and_offers_to_try_again(knowledge_down):
    [message], slots = await run(ActionSendTicket(), conversation("/ticket_send", "ticket_send",
                                                                  {"ticket_question": QUESTION}))
    assert "couldn't send" in message["text"] and message["buttons"] and slots == {}


async def test_cancelling_sends_nothing_and_forgets_the_question():
    [message], slots = await run(ActionCancelTicket(), conversation("/ticket_cancel", "ticket_cancel",
                                                                    {"ticket_question": QUESTION}))
    assert "nothing was sent" in message["text"] and slots == {"ticket_question": None, "ticket_email": None}


async def test_words_read_as_dont_send_it_with_nothing_waiting_are_answered(knowledge):
    """"the report didnt even include ambulance people tho did it" (read as "don't send it", nothing waiting) got "OK,
    nothing was sent": a question, answered."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**Creating Time for Research**\nSix case study sites.",
                                        "confidence": 0.9, "entry_id": "creating-time-for-research-report",
                                        "suggestions": []}
    messages, _ = await run(ActionCancelTicket(), conversation(
        "the report didnt even include ambulance people tho did it", "ticket_cancel"))
    message = messages[0]
    assert message["text"].startswith("**Creating Time") and "nothing was sent" not in message["text"]


async def test_a_typed_no_with_nothing_waiting_is_not_told_nothing_was_sent(knowledge):
    [message], _ = await run(ActionCancelTicket(), conversation("nah dont bother", "ticket_cancel"))
    assert message.get("response") == "utter_anything_else"


async def test_words_read_as_send_it_with_nothing_waiting_are_answered(knowledge):
    """"who funds them and are they independent?" (read as "send it" after THIS Institute's fellowships) got "There's no
    question waiting to be sent": with nothing waiting, typed words are a question to answer; a button still says so."""
    knowledge.replies["/api/answer"] = {"answered": True, "text": "**THIS Institute**\nFunded by the Health Foundation.",
                                        "confidence": 0.9, "entry_id": "this-institute", "suggestions": []}
    [message], _ = await run(ActionSendTicket(), conversation("who funds them and are they independent?", "ticket_send"))
    assert "Health Foundation" in message["text"]
    [message], slots = await run(ActionSendTicket(), conversation("/ticket_send", "ticket_send"))
    assert message["text"].startswith("There's no question waiting") and slots["ticket_question"] is None
    [message], _ = await run(ActionSendTicket(), conversation("yes send it", "ticket_send"))  # again, after it went
    assert message["text"].startswith("There's no question waiting")
