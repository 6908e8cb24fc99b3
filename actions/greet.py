"""action_greet: a returning user is greeted with what they told us before, and can change it. A message Rasa read
as a greeting that greets nobody ("and training?") is answered as the question it is."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answered_instead
from actions.profile import description, profile_of


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answered = await answered_instead(dispatcher, tracker, domain)  # "and training?": a question, answered
        if answered is not None:
            return answered
        profile = profile_of(tracker)
        who = await description(profile) if profile["profession"] or profile["nation"] else None
        if who is None:  # a new person (or the service cannot describe them now): the plain greeting
            dispatcher.utter_message(response="utter_greet")
            return []
        dispatcher.utter_message(
            text=(f"Welcome back! Last time you told me you're {who}. "
                  "Ask me anything, say \"where do I start?\" to see the schemes that fit, "
                  "or tell me if something has changed (e.g. \"I work in Wales now\")."),
            buttons=[{"title": "Show my options", "payload": "/start_induction"},
                     {"title": "Start over", "payload": "/forget_me"}])
        return []
