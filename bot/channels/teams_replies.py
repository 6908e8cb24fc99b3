"""What the Teams channel says on its own, without Rasa, as pure functions: the welcome when the
app is installed or the bot is added to a chat, the hint for an activity it cannot use, and the
answer to an invoke activity. Kept out of Rasa so that none of them touches the conversation's
tracker: the first thing Rasa records is what the person says."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from bot.channels.teams_format import reply_activities

WELCOME_TEXT = (
    "Hello! I'm the research opportunities assistant for NHS staff.\n"
    "I can show you the research schemes, funding and protected time open to you, and answer questions "
    "about them from the R&D office's knowledge base, always naming the source.\n"
    "To start your induction, press **Where do I start?** or type \"where do I start?\": I'll ask your "
    "profession, nation and career stage, then list what you can apply for.\n"
    "Or just ask, e.g. \"what is Pathway to Portfolio?\". Say \"help\" at any time."
)
WELCOME_BUTTONS: List[Dict[str, str]] = [{"title": "Where do I start?", "payload": "/start_induction"},
                                         {"title": "What can you do?", "payload": "/help"}]

UNUSABLE_TEXT = ("Sorry, I couldn't read that. Please type your question or your choice, "
                 "or say \"where do I start?\" to see the research schemes open to you.")

# Teams invoke names an Action.Execute click (Universal Actions) arrives as.
CARD_ACTION_INVOKE = "adaptiveCard/action"
MESSAGE_RESPONSE_TYPE = "application/vnd.microsoft.activity.message"


def bot_added(activity: Dict[str, Any]) -> bool:
    """The app was installed for someone, or the bot was added to a chat: a conversationUpdate whose
    membersAdded includes the bot (the activity's recipient), or an installationUpdate "add"."""
    kind = activity.get("type")
    if kind == "installationUpdate":
        return str(activity.get("action") or "add").lower().startswith("add")
    if kind != "conversationUpdate":
        return False
    bot_id = (activity.get("recipient") or {}).get("id")
    added = activity.get("membersAdded")
    return bool(bot_id) and isinstance(added, list) and any(
        isinstance(m, dict) and m.get("id") == bot_id for m in added)


def welcome_activities(max_chars: int) -> List[Dict[str, Any]]:
    return reply_activities(WELCOME_TEXT, WELCOME_BUTTONS, max_chars)


def unusable_activities(max_chars: int) -> List[Dict[str, Any]]:
    return reply_activities(UNUSABLE_TEXT, None, max_chars)


def invoke_response(activity: Dict[str, Any]) -> Tuple[int, Optional[Dict[str, Any]]]:
    """(HTTP status, body) for an invoke activity. The cards only use Action.Submit, so an
    `adaptiveCard/action` invoke can only come from an old or foreign card: it is answered with a
    message (shown in place of the card's result) pointing the person back to typing. Any other
    invoke is not implemented (501), as the Bot Framework SDK answers invokes it has no handler for."""
    if activity.get("name") == CARD_ACTION_INVOKE:
        return 200, {"statusCode": 200, "type": MESSAGE_RESPONSE_TYPE, "value": UNUSABLE_TEXT}
    return 501, None
