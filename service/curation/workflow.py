"""What the curation application does, once for its pages and its API: sign in (throttled), the workflow steps
and the role each needs, and the entry list's filters. pages.py and api.py only read the request and render the
answer (HTML or JSON); the rules live here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from aiohttp import web

from knowledge.curation import catalogue
from knowledge.curation.store import Record, Workflow
from knowledge.curation.users import Role, User
from knowledge.index import KnowledgeIndex
from knowledge.schema import Kind
from service.curation.auth import sign_in_wait
from service.curation.context import CURATION
from service.curation.publish import refresh_index
from service.state import STATE

log = logging.getLogger("knowledge.curation.workflow")


# Sign-in.

@dataclass(frozen=True)
class SignIn:
    """The outcome: `wait` seconds when throttled, else the user and their new session token (None when refused)."""
    wait: int = 0
    user: User | None = None
    token: str | None = None


async def sign_in(request: web.Request, email: str, password: str) -> SignIn:
    """Count the attempt before the password is checked; a success clears that email's count."""
    cur = request.app[CURATION]
    wait = await sign_in_wait(request, email)
    if wait:
        return SignIn(wait=wait)
    user = await asyncio.to_thread(cur.accounts.authenticate, email, password)
    if user is None:
        log.info("sign-in refused")
        return SignIn()
    await asyncio.to_thread(cur.throttle.succeeded, email)
    token = await asyncio.to_thread(cur.accounts.start_session, user)
    log.info("signed in", extra={"user": user.id, "role": user.role.name})
    return SignIn(user=user, token=token)


# Workflow steps.

@dataclass(frozen=True)
class Step:
    action: str  # in the address: /entries/{id}/{action}
    button: str  # on the entry page
    role: Role  # the least role that may take it
    applies_to: frozenset[str]  # workflow states the entry page offers it in
    goes_live: bool  # the live index changes: refreshed before answering
    done: str  # told to the person afterwards


STEPS = {step.action: step for step in (
    Step("submit", "Submit for review", Role.editor, frozenset({"draft"}), False, "Submitted for review."),
    Step("publish", "Approve and publish", Role.reviewer, frozenset({"in_review"}), True,
         "Published: the bot now answers from this version."),
    Step("send-back", "Send back to draft", Role.reviewer, frozenset({"in_review"}), False, "Sent back to draft."),
    Step("retire", "Retire", Role.reviewer, frozenset({"draft", "in_review", "published"}), True,
         "Retired: the bot no longer uses this entry."),
)}


async def take_step(request: web.Request, step: Step, entry_id: str, base: int,
                    user: User) -> tuple[Record, KnowledgeIndex | None]:
    """Move the entry on (the store's refusals propagate: NotFound, Conflict, BadTransition); a step that changes
    what the bot answers puts the change live before returning, with the live index it made."""
    entries = request.app[CURATION].entries
    call = {"submit": entries.submit, "publish": entries.publish, "send-back": entries.send_back,
            "retire": entries.retire}[step.action]
    record = await asyncio.to_thread(call, entry_id, base, user.email)
    log.info(f"entry {step.action}", extra={"user": user.id, "role": user.role.name, "entry": entry_id,
                                           "version": record.version})
    index = await refresh_index(request.app, step.action, entry_id) if step.goes_live else None
    return record, index


# The entry list.

class BadFilter(ValueError):
    """A filter value the list does not know; the message names the ones it does."""


FILTERS = ("workflow", "owner", "kind", "review")


def entry_filters(query) -> dict[str, str | None]:
    """The list's filters from the query string (blank means any), or BadFilter."""
    filters = {name: query.get(name) or None for name in FILTERS}
    for name, known in (("workflow", list(Workflow.__members__)), ("kind", list(Kind.__members__)),
                        ("review", list(catalogue.REVIEW_FILTERS))):
        if filters[name] is not None and filters[name] not in known:
            raise BadFilter(f"{name} must be one of {known}")
    return filters


async def find_entries(request: web.Request, q: str, filters: dict[str, str | None]) -> list[Record]:
    cur = request.app[CURATION]
    return await asyncio.to_thread(catalogue.find, cur.entries, request.app[STATE].index,
                                   q[: cur.settings.max_query_chars], filters["workflow"], filters["owner"],
                                   filters["kind"], filters["review"], dt.date.today(), cur.settings.review_soon_days)
