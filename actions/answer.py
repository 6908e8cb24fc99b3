"""action_answer_question: ask the knowledge service and relay its cited answer."""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_client import KnowledgeUnavailable, post

log = logging.getLogger(__name__)


def chosen_entry(tracker: Tracker) -> str | None:
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "entry_id" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


def suggestion_buttons(suggestions: list[dict]) -> list[dict]:
    return [
        {"title": f"Did you mean: {s['title']}?",
         "payload": "/choose_entry" + json.dumps({"entry_id": s["entry_id"]})}
        for s in suggestions
    ]


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        entry_id = chosen_entry(tracker)
        question = (tracker.latest_message.get("text") or "").strip()
        if not entry_id and not question:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        body = {"entry_id": entry_id} if entry_id else {"question": question}
        try:
            reply = await post("/api/answer", body)
        except KnowledgeUnavailable as exc:
            log.warning("knowledge service unavailable: %s", exc)
            dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        except ValueError:  # the service refused the input (too long, unknown entry)
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        dispatcher.utter_message(text=reply["text"], buttons=suggestion_buttons(reply.get("suggestions", [])))
        return []
