"""Mount the curation application (pages under /curation, JSON API under /curation/api) on the service."""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from knowledge.curation.db import open_database
from knowledge.curation.store import EntryStore
from knowledge.curation.throttle import SignInThrottle
from knowledge.curation.users import Accounts
from knowledge.settings import Settings
from service.curation.api import add_api_routes
from service.curation.context import CURATION, Curation
from service.curation.documents import add_document_routes
from service.curation.forget import add_forget_route
from service.curation.headers import add_security_headers
from service.curation.openapi import add_openapi_route
from service.curation.pages import add_page_routes
from service.curation.publish import start_following, stop_following, sync_on_start
from service.curation.tickets import add_ticket_routes
from service.retention import on_schedule
from service.state import STATE

log = logging.getLogger("knowledge.curation")


def curation_for(settings: Settings) -> Curation:
    db = open_database(settings)
    if settings.session_secret is not None:
        secret = settings.session_secret.get_secret_value().encode()
    else:
        secret = secrets.token_bytes(32)
        log.warning("NHSBOT_SESSION_SECRET is not set: using a random one; forms open at a restart must be reloaded")
    accounts = Accounts(db, settings.session_hours, settings.api_token_days)
    return Curation(settings, db, EntryStore(db, settings.sources_dir), accounts, secret, SignInThrottle(db))


def mount(app: web.Application, settings: Settings) -> None:
    """Add the curation routes; at start-up, migrate the store and serve its published entries."""
    app[CURATION] = curation_for(settings)
    app.on_response_prepare.append(add_security_headers)
    add_api_routes(app)
    add_openapi_route(app)
    add_page_routes(app)
    add_document_routes(app)
    add_ticket_routes(app)
    add_forget_route(app)
    app.on_startup.extend([sync_on_start, start_following])
    app.on_cleanup.append(stop_following)
    on_schedule(app, app[STATE].gaps, app[CURATION].db, settings)  # after sync_on_start's migrations
