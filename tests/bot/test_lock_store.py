"""Two Rasa servers taking one conversation's messages at once must never hold the same ticket."""

import threading
import uuid

import pytest

pytest.importorskip("rasa", reason="the Rasa lock store runs in .venv-rasa: make channels-test")

from rasa.core.lock_store import LockStore  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from bot.lock_store import SerialisedRedisLockStore  # noqa: E402

SERVERS, MESSAGES_EACH = 8, 5


def store(prefix: str) -> SerialisedRedisLockStore:
    """Built from endpoints.yml-style settings, the way Rasa builds it."""
    config = EndpointConfig.from_dict({"type": "bot.lock_store.SerialisedRedisLockStore", "url": "127.0.0.1",
                                       "port": 6379, "db": 0, "key_prefix": prefix})
    made = LockStore.create(config)
    assert isinstance(made, SerialisedRedisLockStore) and made.key_prefix.startswith(prefix)
    return made


def test_tickets_issued_at_the_same_moment_by_many_servers_are_all_different():
    prefix, conversation = "test" + uuid.uuid4().hex, uuid.uuid4().hex
    stores = [store(prefix) for _ in range(SERVERS)]
    start = threading.Barrier(SERVERS)
    tickets: list[int] = []

    def take(s: SerialisedRedisLockStore) -> None:
        start.wait()
        for _ in range(MESSAGES_EACH):
            tickets.append(s.issue_ticket(conversation))

    threads = [threading.Thread(target=take, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(tickets) == list(range(SERVERS * MESSAGES_EACH))

    lock = stores[0].get_lock(conversation)
    for ticket in sorted(tickets):  # served in order, each by whichever server holds it
        assert not lock.is_locked(ticket)
        stores[ticket % SERVERS].cleanup(conversation, ticket)
        lock = stores[0].get_lock(conversation)
    assert lock is None  # the last one out removes the lock
