"""action_recommend: the schemes open to the person, from their profile slots."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import FORGET_BUTTON, entry_button
from actions.context import listing
from actions.handoff import handoff_text
from actions.knowledge_client import ask, quietly
from actions.profile import INVITES_INTERESTS, description, latest_message_at, profile_of


def _cited(item: dict[str, Any]) -> str:
    return f" (source: {item['citation']})" if item.get("citation") else ""


def _groups(found: list[dict[str, Any]]) -> tuple[list[dict], list[dict], list[dict]]:
    """Eligible schemes, schemes to check with the R&D office, ways in: the list's sections, in the order shown."""
    schemes = [r for r in found if r.get("kind", "scheme") == "scheme"]
    return ([r for r in schemes if r.get("outcome", "eligible") == "eligible"],
            [r for r in schemes if r.get("outcome") == "unclear"], [r for r in found if r.get("kind") == "route"])


def in_order_shown(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recommendations as the text lists them: "the second one" is the second bullet."""
    return [r for group in _groups(found) for r in group]


NATION_DECIDES = ("Which nation you work in decides most schemes: tell me (England, Scotland, Wales or Northern "
                  "Ireland) and I'll check.")


def recommendation_text(who: str, found: list[dict[str, Any]], wants: list[str] | None = None,
                        yours: bool = True, nation_unknown: bool = False) -> str:
    """Eligible schemes, then those to check with the R&D office (with why and the source), then ways in;
    `who` is the person as the knowledge service describes them ("a physiotherapist in Wales"); `wants`, what they
    asked for ("funding"), which the service put first; `yours`: the list is for the person, not for a group they
    asked about ("can pharmacists apply...?": "A pharmacist can apply for"); `nation_unknown`: most schemes wait on
    the nation, so say that rather than "nothing is certainly open"."""
    eligible, unclear, routes = _groups(found)
    if eligible:
        gifts = [w.replace("_", " ") for w in wants if w != "first_step"]
        first = " (those for a first step first)" if "first_step" in wants else \
            f" (those giving {' or '.join(gifts)} first)" if gifts else ""
        lines = [f"As {who}, you can apply for{first}:" if yours else f"{who[0].upper()}{who[1:]} can apply for{first}:"]
        lines += [f"• **{r['title']}**: {r['reason']}{_cited(r)}." for r in eligible]
    elif nation_unknown:
        lines = [NATION_DECIDES]
    else:
        lines = [f"I couldn't find a scheme in the knowledge base that is certainly open to {who}."]
    if unclear:
        also = " too" if eligible else ""
        lines.append(f"These may be open to {'you' if yours else who}{also}: the sources don't say for certain, so "
                     "check with your R&D office:")
        lines += [f"• **{r['title']}** (check with your R&D office): {r['reason']}{_cited(r)}." for r in unclear]
    if routes:
        lines.append("Ways into research open to everyone:")
        lines += [f"• **{r['title']}**" for r in routes]
    return "\n".join(lines)


async def show_schemes(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    """The schemes open to the person, as a list with reasons and sources. The latest message says what they want
    first ("what about funding?") and, asking about a group ("can pharmacists apply for research fellowships?",
    "any fellowships for nurses?" from a physio), whom the list is for: it then says so, not "As a pharmacist, you"."""
    profile = profile_of(tracker)
    said = (tracker.latest_message.get("text") or "").strip()
    message = {"message": said, "question": said} if said and not said.startswith("/") else {}
    reply = await ask(dispatcher, "/api/recommend", {**profile, **message}, refused="utter_not_recognised")
    if reply is None:
        return []
    used = reply.get("profile", {})  # the group asked about, if any ("for nurses in England")
    group = {slot: used.get(slot, profile[slot]) for slot in ("profession", "nation")}
    yours = all(group[slot] == profile[slot] for slot in group)
    who = await description(profile if yours else {**profile, **group})
    if who is None:  # the service went away between the two calls
        dispatcher.utter_message(response="utter_knowledge_unavailable")
        return []
    found = in_order_shown(reply["recommendations"])
    if not found:
        dispatcher.utter_message(text=(
            f"I couldn't find a scheme in the knowledge base that is open to {who}. "
            f"{handoff_text()} Mentorship is open to everyone: ask me \"how do I find a mentor?\"."))
        return []
    nation_unknown = "nation" in reply.get("needs", [])
    lines = [recommendation_text(who, found, reply.get("wants", []), yours, nation_unknown)]
    if not any(r.get("kind", "scheme") == "scheme" for r in found):
        lines.append(handoff_text())
    if nation_unknown and any(r.get("outcome") == "eligible" and r.get("kind", "scheme") == "scheme" for r in found):
        lines.append(NATION_DECIDES)
    elif not nation_unknown and not profile["interests"]:
        lines.append(INVITES_INTERESTS)
    elif profile["interests"]:  # what their interest changed, said plainly (it orders, it excludes nothing)
        lines.append(f"Noted your interest in \u201c{'; '.join(profile['interests'])}\u201d: among schemes that are "
                     "otherwise alike, those closest to it come first.")
    dispatcher.utter_message(text="\n".join(lines),
                             buttons=[entry_button(r["entry_id"], f"More about {r['title']}") for r in found[:4]])
    return [*listing([r["entry_id"] for r in found]), SlotSet("pending_aspect", None)]


async def show_team(dispatcher: CollectingDispatcher, tracker: Tracker, team: list[str],
                    nation: str | None) -> list[dict]:
    """What each group of the writer's team can apply for ("what could my team actually apply for? ive got RNs, 2
    NAs and a load of HCAs"): the schemes open to each, in short, then the ways in open to everyone. The writer's own
    profile is left as it is."""
    nation = nation or tracker.get_slot("nation")
    sections, routes, shown, cited = [], {}, [], {}
    for profession in team:
        profile = {"profession": profession, "nation": nation, "career_stage": None, "interests": [],
                   "organisation": tracker.get_slot("organisation")}
        reply = await ask(dispatcher, "/api/recommend", profile, refused="utter_not_recognised")
        who = await description(profile)
        if reply is None or who is None:
            if not dispatcher.messages:
                dispatcher.utter_message(response="utter_knowledge_unavailable")
            return []
        eligible, unclear, ways = _groups(in_order_shown(reply["recommendations"]))
        open_to = ", ".join(f"**{r['title']}**" for r in eligible) or "nothing certainly open in the knowledge base"
        check = f"; check with your R&D office: {', '.join(r['title'] for r in unclear)}" if unclear else ""
        sections.append(f"• {who[0].upper()}{who[1:]}: {open_to}{check}.")
        routes.update({r["entry_id"]: r["title"] for r in ways})
        shown += [r["entry_id"] for r in (*eligible, *unclear) if r["entry_id"] not in shown]
        cited.update({r["citation"]: None for r in (*eligible, *unclear) if r.get("citation")})
    lines = ["What each group in your team can apply for:" if len(sections) > 1 else "What your team can apply for:",
             *sections]
    if routes:
        lines.append(f"Open to everyone: {', '.join(routes.values())}.")
    if cited:  # every scheme named is traceable, as in the person's own list
        lines.append(f"Sources: {'; '.join(cited)}.")
    lines.append(NATION_DECIDES if not nation else
                 "Ask me about any of them, or tell me one person's role and stage for their own list with the reasons.")
    dispatcher.utter_message(text="\n".join(lines))
    return [*listing(shown), SlotSet("pending_aspect", None)]


def _this_turn(tracker: Tracker) -> list[dict]:
    """The events since the person's latest message."""
    return tracker.events[latest_message_at(tracker.events):]


def listed_this_turn(tracker: Tracker) -> bool:
    """Has a list been shown in reply to the latest message already (the answering action showed the person's list,
    and the induction that follows "where do I start?" found nothing to ask)?"""
    return any(e.get("event") == "slot" and e.get("name") == "listed" and e.get("value") for e in _this_turn(tracker))


def completed_the_form(tracker: Tracker) -> bool:
    """Did the latest message complete the induction (the form ran on it just now)?"""
    return any(e.get("event") == "action" and e.get("name") == "induction_form" for e in _this_turn(tracker))


async def asked_beside(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The question a message asks after the induction's answer ("wales (hywel dda). wait before i forget - what did
    that CRUK report say were the biggest barriers?"): answered before the list, not dropped. Nothing is said when the
    message asks nothing more, when nothing answers it (the service logs it for the R&D office; "I don't know" before
    the list would read as if the list were no answer), or when the service cannot say now (the list still follows).
    True when the message only acknowledges ("ok thx, bit gutted" read as "where do I start?" from someone whose
    profile was complete) or asks to start over (how to forget is said): the list, just shown, is not shown again."""
    said = (tracker.latest_message.get("text") or "").strip()
    if not said or said.startswith("/") or not completed_the_form(tracker):
        return False
    body: dict[str, Any] = {"question": said, "beside_form": True}
    if tracker.get_slot("nation"):
        body["nation"] = tracker.get_slot("nation")
    reply = await quietly("/api/answer", body) or {}
    if reply.get("forget"):  # "actually can we start over", read as telling us something: how to, not the list again
        dispatcher.utter_message(text=reply["text"], buttons=[FORGET_BUTTON])
        return True
    # answered, or sent to whoever can help; "I don't know" is not said before a list ("nq nurse in london. i think i
    # want to do a phd eventually?": the list is the answer)
    if reply.get("text") and (reply.get("answered") or reply.get("elsewhere")) \
            and not any(reply.get(flag) for flag in SAID_FOR_ITSELF):
        dispatcher.utter_message(text=reply["text"])
    return reply.get("acknowledged") is True


# The service's replies that are no answer to relay here (the action would reply for itself): told, acknowledged...
SAID_FOR_ITSELF = ("told", "acknowledged", "team", "unworded", "known", "unsure", "similar", "bot", "help", "sources", "privacy",
                   "forget", "choose", "schemes", "refers_back")


class ActionRecommend(Action):
    def name(self) -> str:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if completed_the_form(tracker) and listed_this_turn(tracker):
            return []  # "physio band 6 in Nottingham. want to do a PhD ... options?" was answered with the list
        if await asked_beside(dispatcher, tracker):  # only acknowledged: not the list again
            if not dispatcher.messages and not any(e.get("event") == "bot" for e in _this_turn(tracker)):
                # nothing replied yet this turn
                dispatcher.utter_message(response="utter_anything_else")
            return []
        return await show_schemes(dispatcher, tracker)
