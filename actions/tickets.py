"""Ask the R&D office from the chat: show what would be sent, ask for consent, create the ticket.

The person sees exactly what goes (their question; their profile only if they choose; an email address
only if they type one) before anything is sent. The ticket keeps where to deliver the answer: this
conversation (web chat and REST show it at the next message; Teams gets a proactive message using
the conversation reference the Teams channel puts in the message metadata).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswerQuestion, answered_instead
from actions.buttons import ASK_BUTTON
from actions.intents import latest_intent
from actions.knowledge_client import ask, quietly
from actions.profile import PROFILE_SLOTS, read_message
from actions.settings import get_settings

# Messages that are not a question for the office (the ticket steps themselves, ratings, small talk).
NOT_A_QUESTION = {"ask_rd_office", "ticket_contact", "ticket_send", "ticket_send_with_profile", "ticket_cancel",
                  "handoff", "feedback_helpful", "feedback_unhelpful", "greet", "goodbye", "thank", "restart",
                  "bot_challenge", "help", "inform", "start_induction", "choose_entry"}
CLEARED = [SlotSet("ticket_question", None), SlotSet("ticket_email", None)]


def question_to_send(tracker: Tracker) -> str | None:
    """The person's last typed question before they asked for the R&D office: by its intent, or answered as one
    whatever Rasa read it as ("can i swap my night shift on healthroster?", read as a goodbye, got "I don't know" and
    the "Ask the R&D office" button): an unanswered question leaves its count of failed attempts after it."""
    failed = False  # a failed_attempts slot set after the user message being looked at
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "failed_attempts":
            failed = True
        if event.get("event") != "user":
            continue
        text = (event.get("text") or "").strip()
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if text and not text.startswith("/") and (intent not in NOT_A_QUESTION or failed):
            return text
        failed = False
    return None


def profile_of(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in (*PROFILE_SLOTS, "organisation", "interests")
            if tracker.get_slot(slot)}


async def reading(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict | None:
    """The knowledge service's reading of the latest message (an email address in it) and of the person's
    profile (how to describe it); None, with the person told, when the service cannot say."""
    text = (tracker.latest_message.get("text") or "").strip()
    body = {"profile": profile_of(tracker), **({"text": text} if text else {})}
    return await ask(dispatcher, "/api/person", body)


def consent(dispatcher: CollectingDispatcher, tracker: Tracker, question: str, email: str | None, who: str) -> None:
    """`who`: the person as the knowledge service describes their profile ("a nurse in Wales")."""
    office = get_settings().rd_office_contact
    profile = profile_of(tracker)
    lines = [f"I can send your question to {office}. This is what they would get:",
             f"• Your question: \"{question}\""]
    if profile:
        lines.append(f"• Only if you choose \"Send with my profile\": that you're {who}")
    lines.append(f"• The email address for their answer: {email}" if email else
                 "• No email address: the answer comes back here. To get it by email too, type your email address.")
    lines.append("Nothing else is sent (not your name). Shall I send it?")
    buttons = [{"title": "Send my question", "payload": "/ticket_send"}]
    if profile:
        buttons.append({"title": "Send with my profile", "payload": "/ticket_send_with_profile"})
    buttons.append({"title": "Don't send", "payload": "/ticket_cancel"})
    dispatcher.utter_message(text="\n".join(lines), buttons=buttons)


class ActionAskRdOffice(Action):
    def name(self) -> str:
        return "action_ask_rd_office"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        text = (tracker.latest_message.get("text") or "").strip()
        typed = text and not text.startswith("/")  # not the "Ask the R&D office" button
        read = await quietly("/api/person", {"profile": profile_of(tracker), "text": text}) if typed else None
        if read and read.get("forwards") is False and read.get("greets") is False:
            # "whats the deadline for the wellcome trust career development award this year": a question of its own
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        question = question_to_send(tracker)
        if question is None:
            dispatcher.utter_message(text="Type your question first, then choose \"Ask the R&D office\" and I'll "
                                          "send it to them.")
            return CLEARED
        read = read or await reading(dispatcher, tracker)
        if read is None:
            return CLEARED
        consent(dispatcher, tracker, question, None, read["description"])
        return [SlotSet("ticket_question", question), SlotSet("ticket_email", None)]


class ActionTicketContact(Action):
    def name(self) -> str:
        return "action_ticket_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        question = tracker.get_slot("ticket_question")
        if not question:
            dispatcher.utter_message(text="If you'd like the R&D office to answer a question, ask it first; when I "
                                          "can't answer, choose \"Ask the R&D office\".")
            return []
        read = await reading(dispatcher, tracker)
        if read is None:
            return []
        email = read["email"]
        if email is None:
            dispatcher.utter_message(text="That doesn't look like an email address (like name@nhs.net). "
                                          "Type it again, or choose one of the buttons.")
            consent(dispatcher, tracker, question, tracker.get_slot("ticket_email"), read["description"])
            return []
        consent(dispatcher, tracker, question, email, read["description"])
        return [SlotSet("ticket_email", email)]


class ActionSendTicket(Action):
    def name(self) -> str:
        return "action_send_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        question = tracker.get_slot("ticket_question")
        typed = (tracker.latest_message.get("text") or "").strip()
        if not question and typed and not typed.startswith("/") \
                and (await read_message(tracker, domain)).get("forwards") is False:
            # nothing waiting, and typed words read as "send it" that ask no forwarding ("who funds them and are they
            # independent?"): a question to answer; "yes send it" again, after it went, is told nothing waits
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        if not question:
            dispatcher.utter_message(text="There's no question waiting to be sent. Ask me something first.")
            return CLEARED
        with_profile = latest_intent(tracker) == "ticket_send_with_profile"
        channel = tracker.get_latest_input_channel() or "rest"
        metadata = tracker.latest_message.get("metadata") or {}
        body = {"question": question, "channel": channel, "sender": tracker.sender_id,
                "contact_email": tracker.get_slot("ticket_email"),
                "profile": profile_of(tracker) if with_profile else None,
                "reference": metadata.get("conversation_reference")}  # Teams: for the proactive answer
        attempt = await quietly("/api/answer", {"question": question})
        if attempt is not None:  # else the ticket goes without the bot's attempt rather than not at all
            body["attempted_answer"] = attempt.get("text", "")
            body["nearest"] = [{"entry_id": s["entry_id"], "title": s.get("title")}
                               for s in attempt.get("suggestions", []) if isinstance(s, dict) and s.get("entry_id")]
            if attempt.get("entry_id"):
                body["nearest"].insert(0, {"entry_id": attempt["entry_id"], "title": attempt.get("title")})
        not_sent = {"text": "Sorry, I couldn't send your question just now. Please try again in a few minutes; "
                            "your question is kept.", "buttons": [ASK_BUTTON]}
        created = await ask(dispatcher, "/api/tickets", body, refused=not_sent, unavailable=not_sent)
        if created is None:
            return []
        where = "by email and here" if body["contact_email"] else "here"
        dispatcher.utter_message(text=f"Sent: your question is ticket #{created['ticket']} for the R&D office. "
                                      f"They'll answer you {where}. {created['next']}")
        return CLEARED


class ActionCancelTicket(Action):
    def name(self) -> str:
        return "action_cancel_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        typed = (tracker.latest_message.get("text") or "").strip()
        if not tracker.get_slot("ticket_question") and typed and not typed.startswith("/"):
            # nothing waiting: words read as "don't send it" that ask ("the report didnt even include ambulance people
            # tho did it") are answered; a plain "no" gets "anything else?"
            answered = await answered_instead(dispatcher, tracker, domain, outright=True)
            if answered is not None:
                return answered
            dispatcher.utter_message(response="utter_anything_else")
            return CLEARED
        dispatcher.utter_message(text="OK, nothing was sent. Ask me anything else.")
        return CLEARED
