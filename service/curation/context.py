"""What every curation handler needs: settings, the stores, the CSRF secret and the live service state."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from knowledge.curation.db import Database
from knowledge.curation.store import EntryStore
from knowledge.curation.throttle import SignInThrottle
from knowledge.curation.users import Accounts
from knowledge.settings import Settings


@dataclass
class Curation:
    settings: Settings
    db: Database
    entries: EntryStore
    accounts: Accounts
    secret: bytes
    throttle: SignInThrottle


CURATION = web.AppKey("curation", Curation)
