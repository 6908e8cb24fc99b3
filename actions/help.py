"""action_help and action_bot_challenge: what the assistant can do, and that it is a bot. A question Rasa read as
either is answered instead when it names an entry ("what band do you need to be for the Leading Cultures
programme?" got the list of what the bot can do) or follows up the entry just answered ("how does that work?" after
KCHFT's secondments; "and where are they based?" after THIS Institute got "I'm a bot"), and so is one read as asking
whether it is a bot that says nothing of a bot ("is it a trust-wide thing or sorted locally?"). In the induction, help
is how to answer its question, or what it holds about the writer when that is asked."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import WELL_THANKS, ActionAnswerQuestion
from actions.profile import ANSWERING_ACTIONS, just_answered, last_reply, read_message


# Words that ask about the assistant itself ("how does this work?", "what do you do?"), whatever was just shown.
TO_THE_BOT = re.compile(r"\b(?:you|your|u|this)\b", re.I)
# What the writer can do, asked in words read as help ("right so what can i actually do from here")
WHAT_I_CAN_DO = re.compile(r"\bwhat (?:can|could|should) i (?:actually |even |realistically |really )?do\b", re.I)
# Asking for help itself ("help?", "I need some help", "what topics are covered?"), not a question that ends on the word
# ("would training help?" after a survey's figures: a question for the knowledge base)
HELP_ASKED = re.compile(r"^\W*(?:(?:please|pls|hi|hello|hey|sorry)\W+)*(?:i\s+)?(?:need\s+|want\s+)?(?:some\s+|a bit of\s+)?"
                        r"help(?:\s+(?:me|us|please|pls))*\W*$|^\W*what (?:topics|questions|things|subjects|(?:sorts?|"
                        r"kinds?|types?) of (?:topics|questions|things|stuff))(?: (?:are covered|can i ask(?: you)?(?: about)?|"
                        r"do you (?:cover|answer|know about)|can you (?:answer|help with|cover)))?\W*$|"
                        r"^\W*what can i ask(?: you)?(?: about)?\W*$|^\W*how (?:does|do) (?:it|this|that|the bot) work\W*$",
                        re.I)
# Words that ask whether it is a bot ("are you a real person?", "is this automated?").
WHAT_IT_IS = re.compile(r"\b(?:you|your|u|ya|bots?|chatbots?|robots?|human|person|people|real|machine|automated|automatic|"
                        r"ai|artificial|program|computer|software|talking|speaking|chat(?:ting)?|someone|somebody|anyone|"
                        r"chatgpt|gpt|llm)\b", re.I)




# Words that point back at one of the entries shown ("how does that one work?", "tell me about the first") just after a
# list; not "help, I don't get it", "help with the first step".
POINTS_BACK = re.compile(r"\b(?:(?:that|this|which|the (?:first|second|third|fourth|last)) (?:one|scheme|fellowship|"
                         r"programme|award)|those|them|the (?:first|second|third|fourth|last)(?=\s*\W*$))\b", re.I)


def _after_a_list(tracker: Tracker) -> bool:
    """Did the bot's last reply list entries (the schemes open to the person)?"""
    return bool(tracker.get_slot("listed")) and last_reply(tracker) in ("action_recommend", *ANSWERING_ACTIONS)


async def answers_instead(tracker: Tracker, domain: dict, about_the_bot: re.Pattern, named_anyway: bool,
                          read: dict | None = None, any_question: bool = True) -> bool:
    """Is the message a question for the knowledge base: it follows up the entry just answered in words that are not
    about the bot, names an entry (`named_anyway`: whatever else it says; "what can you tell me about ICAP?"), or asks
    what the assistant knows about the writer? `read`: the service's reading, when already asked; `any_question`:
    any question just after an answer counts, not only one in the answer's own words."""
    read = read if read is not None else await read_message(tracker, domain)
    if read.get("known") or read.get("sources"):  # "do you still know where I work?": what it holds about them, and
        return True  # how to have it forgotten; "what sources are you using for all this?": the documents it quotes
    text = tracker.latest_message.get("text") or ""
    about_it = about_the_bot.search(text)
    pointing = bool(POINTS_BACK.search(text)) and _after_a_list(tracker)  # "how does that one work?" after a list
    # a question just after an answer that says nothing of the bot ("do I need a uni?" after PCAF)
    asked_of_it = any_question and bool(read.get("asks")) and bool(just_answered(tracker))
    return bool((read.get("names") and (named_anyway or not about_it)) or
                ((read.get("follows_up") or pointing or asked_of_it) and not about_it))


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if (tracker.active_loop or {}).get("name") == "induction_form":
            # why it asks and how to answer, unless what it holds is asked ("do you still know where I work?", which
            # this machine's model read as help): the form's question follows either way
            # nor when it follows up the answer just given in words of it ("what % agreed?" after the survey's finding)
            # or names an entry; a question about the form's own question ("why is my band needed?") is the form's
            if await answers_instead(tracker, domain, TO_THE_BOT, named_anyway=False, any_question=False):
                return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
            dispatcher.utter_message(response="utter_form_help")
            return []
        text = tracker.latest_message.get("text") or ""
        read = await read_message(tracker, domain)
        if WHAT_I_CAN_DO.search(text) and not TO_THE_BOT.search(text) \
                or await answers_instead(tracker, domain, TO_THE_BOT, named_anyway=True, read=read) \
                or read.get("asks") and not TO_THE_BOT.search(text) and not HELP_ASKED.search(text):
            # and "right so what can i actually do from here": what the writer can do (their options), not the bot
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_help")
        return []


class ActionBotChallenge(Action):
    def name(self) -> str:
        return "action_bot_challenge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        # "is this an NIHR chatbot?" names NIHR, and is asked whether it is a bot: it is told; "is it going to rain
        # tomorrow?" and "is it a trust-wide thing or sorted locally?" say nothing of a bot: questions to answer
        text = tracker.latest_message.get("text") or ""
        read = await read_message(tracker, domain)
        if read.get("small_talk"):  # "hey how are you today": small talk, answered as such
            dispatcher.utter_message(text=WELL_THANKS)
            return []
        if not WHAT_IT_IS.search(text) or read.get("known") \
                or await answers_instead(tracker, domain, WHAT_IT_IS, named_anyway=False):
            # and "are you sure it's gone?" after forgetting was offered: what it holds (nothing, or still their details)
            return await ActionAnswerQuestion().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_iamabot")
        return []
