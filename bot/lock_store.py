"""Rasa's Redis lock store, with every change to a conversation's ticket lock made atomic.

Why: Rasa 3.6's RedisLockStore reads a conversation's lock, changes it and writes it back in
separate calls. Two Rasa servers taking messages of one conversation at the same moment can both
read the lock before either writes it: both hold the same ticket, both process at once, and the
SQL tracker store keeps only one of the two user messages (tests/e2e/test_scale_out.py caught it).
A short Redis mutex per conversation around each read-modify-write closes that gap.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_TIMEOUT_S = 10  # each guarded change is one or two Redis round trips


class SerialisedRedisLockStore(RedisLockStore):
    """Configured like Rasa's `redis` lock store (url, port, db, key_prefix, password...)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store named by its module path
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    @contextmanager
    def _mutex(self, conversation_id: Text) -> Iterator[None]:
        with self.red.lock(f"mutex:{self.key_prefix}{conversation_id}", timeout=MUTEX_TIMEOUT_S,
                           blocking_timeout=MUTEX_TIMEOUT_S):
            yield

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
