"""action_answer_question: ask the knowledge service and relay its cited answer.

When the knowledge base has no confident answer, a two-stage fallback: first offer the
topics that may be related (as buttons, never as the answer); if that fails too, hand
off to the R&D office.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import ASK_BUTTON, FORGET_BUTTON, entry_button
from actions.context import ask_which, chosen_entry, listing, shown
from actions.handoff import handoff_text
from actions.intents import latest_intent
from actions.knowledge_client import ask, quietly
from actions.profile import description, interests_told_now, profile_of, read_message
from actions.recommend import show_schemes, show_team
from actions.verdict import said_again

FEEDBACK_BUTTONS = [
    {"title": "👍 Helpful", "payload": "/feedback_helpful"},
    {"title": "👎 Not helpful", "payload": "/feedback_unhelpful"},
]


OFFER_BUTTON = {"title": "Show the schemes open to me", "payload": "/start_induction"}
NO_QUESTIONS = ("No problem: no questions, then. Ask me anything about research in the NHS (schemes, funding, "
                "protected time, training, the reports) and I'll answer from the sources.")
NOTHING_HELD = "I don't hold anything about you: you haven't told me your profession, nation or workplace."
# "Hi, I've just started as a staff nurse": the intent says the person asks where to start, though no words of the
# message ask it; if nothing answers the words, the first-steps entry does (never "I don't know"). A message Rasa
# could not place that only tells us who the person is gets it too.
GETTING_STARTED_ENTRY = "where-to-start"


NOTHING_TO_APPLY_TO = {"evidence", "strategy", "organisation"}  # entry kinds: findings, strategies, bodies


async def offers_induction(tracker: Tracker) -> bool:
    """Offer the induction beside an answer to someone telling us about themselves in their question ("I'm a
    nurse in Scotland, how do I get protected time?"; "I work at UHL, ...": where they work decides some schemes),
    or whose question Rasa read as a request for their options.
    "Where do I start?" needs no offer: the induction form follows its answer (bot/data/rules.yml)."""
    intent = latest_intent(tracker)
    if intent == "ask_getting_started":
        return False
    if intent == "start_induction":  # a question Rasa took for "show me what I can apply for": answered, and offered
        return (tracker.active_loop or {}).get("name") != "induction_form"  # unless the induction is asking already
    return bool(said_this_turn(tracker) & {"profession", "nation", "career_stage", "organisation"})


def said_this_turn(tracker: Tracker) -> set[str]:
    """The slots the latest message filled: action_validate_slot_mappings read it a moment before (from the knowledge
    service), and its slot events follow the message in the tracker; asking the service again cost a request."""
    filled = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("value") is not None:
            filled.add(event.get("name"))
    return filled


async def offer_text(profile: dict[str, Any]) -> str:
    missing = [words for words, slot in (("your profession", "profession"), ("the nation you work in", "nation"))
               if not profile.get(slot)]
    if missing:
        return f"Tell me {' and '.join(missing)} and I'll show the schemes open to you."
    return f"I can also show the schemes open to {await description(profile) or 'you'}."


async def for_you(entry_id: str, profile: dict[str, Any]) -> str | None:
    """Whether the answered scheme is open to the person, when their question said who they are: yes, no (with the
    source's words) or "check with your R&D office" (a psychologist asking about a scheme whose list does not name
    them must hear that too); nothing while it still waits on details the offer below asks for."""
    if not (profile.get("profession") or profile.get("nation")):
        return None
    verdict = await quietly("/api/eligibility", {"entry_id": entry_id, "profile": profile})
    if verdict and verdict.get("kind") in NOTHING_TO_APPLY_TO:
        return None  # "For an occupational therapist: open to all staff; gives information" says nothing of a finding
    decided = verdict and (verdict.get("eligible") is not None or not verdict.get("needs"))
    who = await description(profile) if decided else None
    return f"For {who}: {verdict['reason']}." if who else None


async def known_facts(profile: dict[str, Any]) -> str | None:
    """"From this conversation I know that you are a nurse in Wales.": what this conversation holds about the person,
    in the knowledge base's words; None when it holds nothing."""
    told = {k: v for k, v in profile.items() if k in ("profession", "nation", "career_stage") and v}
    where = profile.get("organisation")
    if not told and not where:
        return None
    who = (await description(told) or "") if told else ""
    parts = [f"you are {who}" if who else "", f"you work at {where}" if where else ""]
    return f"From this conversation I know that {' and '.join(p for p in parts if p)}."


async def what_i_know(profile: dict[str, Any]) -> str | None:
    """"Do you still know where I work?": what this conversation holds and how to have it forgotten."""
    known = await known_facts(profile)
    return (f"{known} I use it only to show the schemes open to you. Choose \"Forget me\" if you'd like me to forget "
            "it.") if known else None


def suggestion_buttons(suggestions: list[dict]) -> list[dict]:
    return [entry_button(s["entry_id"], f"Did you mean: {s['title']}?") for s in suggestions]


# Small talk's reply: the service says which messages are small talk (knowledge/text.py `small_talk`)
WELL_THANKS = ("I'm well, thanks for asking! I'm the research opportunities assistant: ask me about research schemes, "
               "funding, protected time and training, or say \"where do I start?\" to see what is open to you.")


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        if interests_told_now(tracker) and not chosen_entry(tracker) \
                and not (await read_message(tracker, domain)).get("asks"):
            return await show_schemes(dispatcher, tracker)  # "falls prevention mainly": the list, sorted by it
        events = await self.reply(dispatcher, tracker)
        if tracker.get_slot("pending_aspect") and not any(e.get("name") == "pending_aspect" for e in events):
            events.append(SlotSet("pending_aspect", None))  # "which one?" was answered, or passed over
        return events

    async def reply(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
        entry_id = chosen_entry(tracker)
        question = (tracker.latest_message.get("text") or "").strip()
        if not entry_id and not question:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        # "how much is it worth?", "the second one": about what was just shown; after "which one?", what it asked
        pending = tracker.get_slot("pending_aspect")
        body = {"entry_id": entry_id} if entry_id else {"question": question, "context": shown(tracker)}
        if not entry_id and tracker.get_slot("nation"):  # favoured when the message names none ("up there")
            body["nation"] = tracker.get_slot("nation")
        if not entry_id and tracker.get_slot("organisation"):  # "my trust"
            body["organisation"] = tracker.get_slot("organisation")
        intent = latest_intent(tracker)
        if not entry_id and intent == "ask_getting_started":
            body["otherwise"] = GETTING_STARTED_ENTRY
        elif not entry_id and intent in ("nlu_fallback", "greet", "thank", "ask_knowledge"):
            # "I'm a healthcare assistant", "hello, I just joined the trust as a dietitian", "hiya, first week here!"
            # (read as a greeting that is more than one, or as a question): first steps, if it only tells us who they
            # are (the service decides), never "I don't know"
            body.update(otherwise=GETTING_STARTED_ENTRY, otherwise_if_told_only=True)
        in_form = (tracker.active_loop or {}).get("name") == "induction_form"
        if in_form and not entry_id:  # "I'm not sure which nation": the form's question, not the knowledge base's
            body["asked"] = tracker.get_slot("requested_slot")
        reply = await ask(dispatcher, "/api/answer", {**body, **({"aspect": pending} if pending else {})})
        if reply is None:  # refused: too long, unknown entry
            return []
        if reply.get("unsure"):
            dispatcher.utter_message(response="utter_form_unsure")
            return []
        if reply.get("told"):  # in the form, another profile fact than the one asked: kept; the form asks again
            dispatcher.utter_message(response="utter_noted")
            return []
        if reply.get("bot"):  # "before I answer that, who made you?"
            dispatcher.utter_message(response="utter_iamabot")
            return []
        if reply.get("help"):  # "what exactly can this bot do for new starters?"
            dispatcher.utter_message(response="utter_help")
            return []
        if reply.get("sources") or reply.get("short_list"):  # "what sources is it using?": the documents, by name;
            # "can u make that a short list i can paste in the team brief": what was just listed
            dispatcher.utter_message(text=reply["text"])
            return []
        if reply.get("privacy"):  # "is this confidential?": what is kept and for how long, and the way to forget
            held = await known_facts(profile_of(tracker))
            dispatcher.utter_message(text="\n\n".join(t for t in (held, reply["text"]) if t), buttons=[FORGET_BUTTON])
            return []
        if reply.get("forget"):  # "please forget where I work", read as something else: the way to forget
            dispatcher.utter_message(text=reply["text"], buttons=[FORGET_BUTTON])
            return []
        if reply.get("declined"):  # "no i dont want to do your induction thing": no questions, and what else it does
            dispatcher.utter_message(text=NO_QUESTIONS)
            return []
        if reply.get("unworded"):  # "?", "...": no words to answer
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        if reply.get("acknowledged"):  # "brill", "lol ok", "thanks, that's what I needed": nothing asked or failed
            if reply.get("small_talk"):  # "morning! how's your day going"
                dispatcher.utter_message(text=WELL_THANKS)
                return []
            if reply.get("farewell"):  # "ok have a good one": a goodbye
                dispatcher.utter_message(response="utter_goodbye")
                return []
            dispatcher.utter_message(response="utter_you_are_welcome" if intent == "thank" else "utter_anything_else")
            return []
        if reply.get("elsewhere"):  # "can I keep my increments?": who to ask instead, not a failure to hand off
            dispatcher.utter_message(text=reply["text"])
            return []
        if reply.get("known"):  # "do you still know where I work?"
            held = await what_i_know(profile_of(tracker))
            dispatcher.utter_message(text=held or NOTHING_HELD, buttons=[FORGET_BUTTON] if held else [])
            return []
        if reply.get("refers_back") and not reply.get("aspect") and in_form:
            dispatcher.utter_message(response="utter_form_help")  # "what does that mean?": the form's question
            return []  # "how much?" asks about a scheme: which one, the service's reply asks
        if reply.get("again"):  # "sorry, I start at Hywel Dda next month. does that help?": for who they now are
            return await said_again(dispatcher, tracker)
        if reply.get("team"):  # "what could my team apply for? ive got RNs, 2 NAs and a load of HCAs"
            return await show_team(dispatcher, tracker, reply["team"], reply.get("nation"))
        if reply.get("choose"):  # several were just listed: which one?
            return ask_which(dispatcher, reply["choose"], reply["text"], reply.get("aspect"))
        if reply.get("schemes") and not entry_id:  # "can pharmacists apply for fellowships?": those open, not one
            return await show_schemes(dispatcher, tracker)
        offer = not entry_id and await offers_induction(tracker)
        profile = profile_of(tracker)
        if reply.get("introduced") and profile["profession"] and profile["nation"] and not in_form:
            # "SLT 5 yrs qualified, NHS wales": who they are, all the list needs; the list, not first steps and a button
            return await show_schemes(dispatcher, tracker)
        if reply.get("wishes") and profile["profession"] and profile["nation"] and (
                not reply["answered"] or reply.get("tier") == "document"
                or not said_this_turn(tracker) & {"profession", "nation"}):
            # asks for support in words no entry answers ("band 6 radiographer in Cardiff. is there anything that pays
            # for time off the rota to do research?"), or no scheme does and we knew who they are before ("want
            # protected time 4 research" from a speech and language therapist in Wales): the schemes open to them, what
            # they ask for first. Told who they are with the question ("I'm a nurse in Scotland, how do I get protected
            # time?"), the answer stays the answer, with the induction offered beside it; unless only a document's passage
            # answered ("consultant rheumatologist in england. I want proper ring-fenced research time, what's out
            # there?" got the report's paragraph on a trial): the schemes are what they asked for.
            return await show_schemes(dispatcher, tracker)
        if reply["answered"]:
            # "am I eligible for it?" then "the second one": their verdict as well as who can apply
            # and "can I apply for one of those from here?" however Rasa read it: whether it is open to them
            # and a scheme of another nation than theirs ("whats RfPB then" from an OT in Northern Ireland)
            verdict = offer or pending == "eligibility" or reply.get("for_writer") is True \
                or reply.get("other_nation") is True
            # (a document's passage is no scheme to be eligible for)
            note = await for_you(reply["entry_id"], profile) if verdict and reply.get("entry_id") else None
            extra = [OFFER_BUTTON] if offer else []
            text = "\n\n".join(t for t in (reply["text"], note, await offer_text(profile) if offer else None) if t)
            dispatcher.utter_message(text=text, buttons=suggestion_buttons(reply.get("suggestions", [])) + extra
                                     + FEEDBACK_BUTTONS)
            if reply.get("compared"):  # "PCAF or DCAF?": "how do I apply for it?" asks which of the two
                return [*listing(reply["compared"]), SlotSet("failed_attempts", 0.0)]
            passage = reply.get("passage_id") if reply.get("tier") == "document" else None  # it answered
            return [SlotSet("last_entry", reply["entry_id"]), SlotSet("last_passage", passage),
                    SlotSet("failed_attempts", 0.0)]
        if reply.get("wishes"):  # support asked for by someone we know too little about yet ("can't self fund a PhD.
            # options?"): what we need to show it, not "I don't know the answer to that"
            dispatcher.utter_message(text=await offer_text(profile), buttons=[OFFER_BUTTON])
            return []
        if offer:  # no answer, but the induction can still show them what is open to them
            dispatcher.utter_message(text=f"{reply['text']} {await offer_text(profile)}", buttons=[OFFER_BUTTON])
            return []
        failures = int(tracker.get_slot("failed_attempts") or 0) + 1
        related = reply.get("suggestions", [])
        if failures == 1 and related:
            dispatcher.utter_message(text=reply["text"] + " Or did you mean one of these?",
                                     buttons=suggestion_buttons(related) + [{"title": "None of these",
                                                                             "payload": "/handoff"}])
            return [SlotSet("failed_attempts", 1.0), *listing([r["entry_id"] for r in related])]
        if failures >= 2:  # the same question again or another: "still" told a new question it had been asked
            dispatcher.utter_message(text=f"I don't have an answer for that one either. {handoff_text()} "
                                          "I've noted your question for them.", buttons=[ASK_BUTTON])
            return [SlotSet("failed_attempts", 0.0)]
        dispatcher.utter_message(text=reply["text"], buttons=[ASK_BUTTON])
        return [SlotSet("failed_attempts", float(failures))]


async def answered_instead(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict,
                           outright: bool = False) -> list[dict] | None:
    """A message Rasa read as small talk (a greeting, thanks) that asks something or tells us about its writer ("and
    training?", "thanks! so can I get protected time?") is answered as the question it is; with `outright` (a
    goodbye: "so long", "see you when I've spoken to my manager" are goodbyes), only one that asks outright ("can i
    swap my night shift on healthroster?"); and one that asks us to forget ("please forget that, I don't want it
    stored": how to). None when it is only the small talk it seemed."""
    read = await read_message(tracker, domain)
    if read.get("small_talk"):  # "morning! how's your day going 😊", read as a greeting or a yes
        dispatcher.utter_message(text=WELL_THANKS)
        return []
    if read.get("forgets") or read.get("greets") is False and (read.get("asks") or not outright):
        return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
    return None

