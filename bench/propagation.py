"""Several knowledge services on one store: how long a publish on one instance takes to reach another
instance's live index (issue 18).

    .venv/bin/python bench/propagation.py [--rounds 10] [--postgres-url URL | --sqlite]

Two knowledge service apps (create_app, in this process, each with its own live index and its own poll of the
store) share a fresh PostgreSQL schema (or one SQLite file). Each round edits pcaf's summary, submits it, then
times from the publish (written to the store as the first instance's API does) until the second instance's
live index holds the new text. The embedding model is loaded first, as `python -m service` does before
it answers /health. Prints every round and the median and worst.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
from aiohttp.test_utils import TestServer

from knowledge import embedder
from knowledge.curation.db import open_database
from knowledge.curation.store import EntryStore
from knowledge.published import build_index
from knowledge.settings import Settings
from service.app import create_app
from service.state import STATE


async def measure(settings: Settings, rounds: int) -> list[float]:
    index = build_index(Settings())
    first, second = TestServer(create_app(settings, index)), TestServer(create_app(settings, index))
    await first.start_server()
    await second.start_server()
    store = EntryStore(open_database(settings), settings.sources_dir)
    summary, seconds = store.get("pcaf").data["summary"], []
    try:
        for number in range(rounds):
            record, text = store.get("pcaf"), f"{summary} Round {number}, {uuid.uuid4().hex[:6]}."
            saved = await asyncio.to_thread(store.save, "pcaf", {**record.data, "summary": text}, record.version, "e")
            submitted = await asyncio.to_thread(store.submit, "pcaf", saved.version, "e")
            started = time.perf_counter()
            await asyncio.to_thread(store.publish, "pcaf", submitted.version, "r")
            while second.app[STATE].index.entries["pcaf"].summary != text:
                await asyncio.sleep(0.005)
            seconds.append(time.perf_counter() - started)
    finally:
        await first.close()
        await second.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--sqlite", action="store_true", help="share one SQLite file instead (one machine)")
    args = parser.parse_args()
    embedder.embed(["warm up"])
    data = Path(tempfile.mkdtemp())
    (data / "index").mkdir()
    cache = Settings().index_dir / "embeddings.npz"
    if cache.exists():
        shutil.copy(cache, data / "index" / "embeddings.npz")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    url = None
    if not args.sqlite:
        with psycopg.connect(args.postgres_url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = f"{args.postgres_url}?options={quote(f'-csearch_path={schema}')}"
    try:
        seconds = asyncio.run(measure(Settings(data_dir=data, database_url=url, session_secret="bench"), args.rounds))
    finally:
        if url:
            with psycopg.connect(args.postgres_url, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
        shutil.rmtree(data, ignore_errors=True)
    print(f"store: {'SQLite' if args.sqlite else 'PostgreSQL'}; publish on one instance -> the other's live index")
    print("rounds (s):", ", ".join(f"{s:.2f}" for s in seconds))
    print(f"median {statistics.median(seconds):.2f} s, worst {max(seconds):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
