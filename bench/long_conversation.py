"""Does a message get slower as its conversation grows? Latency by turn of long conversations.

    .venv/bin/python bench/long_conversation.py                    # 1 and 10 conversations of 250 turns
    .venv/bin/python bench/long_conversation.py --store both       # ... with Rasa's own SQL store too

A Teams personal chat is one conversation for ever, so a new starter who comes back every week
for a year sends turn 250 of the same conversation. This starts the whole stack (launcher's
Stack, on free loopback ports, a copy of the index in a temporary folder) and holds `--conversations`
conversations of `--turns` messages each at once, every user waiting for the reply before the next
message. Messages cycle through a mixed pool: knowledge questions, profile statements (the induction
form) and chit-chat. Printed: p50/p95 (ms) of the turns around 1, 25, 100 and 250 (a window of ten
turns each, over every conversation) and the ratio of the last window to the first.

--store both runs the same traffic against Rasa's own SQL tracker store (which reads every event of
the session at each message) and then ours (bot/tracker_store.py), one after the other in one run.
Load goes to 127.0.0.1 only; every process started is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import numpy as np
import yaml

from bench.proc import cpu_s, load_average, machine
from launcher.stack import Stack, isolated_settings

ROOT = Path(__file__).resolve().parent.parent

HOST = "127.0.0.1"
CHAT = ["thanks", "are you a bot?", "what can you do?", "hello", "ok", "cheers"]
PROFILE = ["I'm a band 6 physio", "I work in Wales", "I'm a nurse in Scotland", "band 5 midwife in England"]
STORES = {"rasa": "SQL", "windowed": "bot.tracker_store.WindowedSQLTrackerStore"}
UNAVAILABLE = "can't look that up right now"
PERIOD = 240  # turns after which a conversation's messages repeat (turn 241 sends turn 1's message)


def pool() -> list[str]:
    devset = yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())
    questions = [d["q"] for d in devset if d["expect"] != "out_of_scope"][:40]
    mixed = []
    for i, question in enumerate(questions):
        mixed += [question, CHAT[i % len(CHAT)]] + ([PROFILE[i % len(PROFILE)]] if i % 3 == 0 else [])
    return (mixed * (PERIOD // len(mixed) + 1))[:PERIOD]


def endpoints_for(store: str, folder: Path, window: int | None = None) -> Path:
    """endpoints.yml with the tracker store's type (and our store's window) replaced: the same database."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    config["tracker_store"]["type"] = STORES[store]
    if window is not None and store == "windowed":
        config["tracker_store"]["window"] = window
    path = folder / f"endpoints-{store}.yml"
    path.write_text(yaml.safe_dump(config))
    return path


async def conversation(session: aiohttp.ClientSession, url: str, messages: list[str], turns: int,
                       latencies: list[list[float]], errors: list[str], cpu: list[list[float]] | None = None,
                       pgids: list[int] = ()) -> None:
    sender = f"long-{uuid.uuid4().hex}"
    for turn in range(turns):
        message = messages[turn % len(messages)]
        cpu_before = sum(cpu_s(pgid) for pgid in pgids)
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as response:
                body = await response.json(content_type=None)
            if response.status != 200 or not body or any(UNAVAILABLE in (m.get("text") or "") for m in body):
                texts = " / ".join((m.get("text") or "")[:60] for m in body or [])
                errors.append(f"turn {turn + 1} {message!r}: HTTP {response.status} {texts}")
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            errors.append(f"turn {turn + 1} {message!r}: {type(exc).__name__}")
        latencies[turn].append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu[turn].append((sum(cpu_s(pgid) for pgid in pgids) - cpu_before) * 1000)


async def run(url: str, conversations: int, turns: int, timeout: float,
              pgids: list[int] = ()) -> tuple[list[list[float]], list[str], list[list[float]] | None]:
    """Latencies (and, for one conversation, CPU ms of the services) by turn, and the errors."""
    messages = pool()
    latencies: list[list[float]] = [[] for _ in range(turns)]
    cpu = [[] for _ in range(turns)] if conversations == 1 else None
    errors: list[str] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        await asyncio.gather(*(conversation(session, url, messages[i * 7:] + messages[:i * 7], turns, latencies,
                                            errors, cpu, pgids) for i in range(conversations)))
    return latencies, errors, cpu


def settle(pgids: list[int], idle_share: float = 0.05, longest_s: float = 180) -> float:
    """Wait until the services are idle (under `idle_share` of a core over a second): at start the knowledge service
    indexes the source documents in the background, which would otherwise be counted against the first turns."""
    started = time.perf_counter()
    while time.perf_counter() - started < longest_s:
        before = sum(cpu_s(pgid) for pgid in pgids)
        time.sleep(1)
        if sum(cpu_s(pgid) for pgid in pgids) - before < idle_share:
            break
    return time.perf_counter() - started


def windows(turns: int) -> list[int]:
    return sorted({t for t in (1, 25, 100, 250, turns) if t <= turns})


def report(store: str, conversations: int, latencies: list[list[float]], errors: list[str],
           cpu: list[list[float]] | None = None) -> list[str]:
    lines, first, first_cpu = [], None, None
    for turn in windows(len(latencies)):
        lo = max(0, min(turn - 5, len(latencies) - 10))
        sample = [ms for per_turn in latencies[lo:lo + 10] for ms in per_turn]
        p50, p95 = np.percentile(sample, [50, 95])
        first = first or p50
        line = (f"{store:12} {conversations:>5} turn {turn:>4} (turns {lo + 1}-{lo + 10}): "
                f"p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  p50 / turn 1's {p50 / first:4.2f}x")
        if cpu is not None:
            spent = sum(ms for per_turn in cpu[lo:lo + 10] for ms in per_turn)
            first_cpu = first_cpu or spent
            line += f"  | CPU {spent / 10:5.0f} ms/message, / turn 1's {spent / first_cpu:4.2f}x"
        lines.append(line)
    lines.append(f"{store:12} {conversations:>5} errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=250, help="messages per conversation (default 250)")
    parser.add_argument("--conversations", type=int, nargs="+", default=[1, 10], metavar="N",
                        help="conversations held at once (default: 1 10)")
    parser.add_argument("--store", choices=["windowed", "rasa", "both"], default="windowed",
                        help="tracker store: ours (default), Rasa's own SQL store, or both one after the other")
    parser.add_argument("--window", type=int, nargs="+", default=[None], metavar="EVENTS",
                        help="our store's window(s) in events, each run in turn (default: endpoints.yml's)")
    parser.add_argument("--request-timeout", type=float, default=120, metavar="S")
    args = parser.parse_args(argv)
    if args.turns < 10:
        parser.error("--turns must be at least 10")

    print(f"machine: {machine()}; load average before: {load_average()}", flush=True)
    lines = []
    runs = [(store, window) for store in (["rasa", "windowed"] if args.store == "both" else [args.store])
            for window in (args.window if store == "windowed" else [None])]
    for store, window in runs:
        label = f"{store}-{window}" if window else store
        data = Path(tempfile.mkdtemp(prefix="nhsbot-long-"))
        try:
            settings = isolated_settings(data, host=HOST)
            with Stack(settings, log_dir=data / "logs", env={"RASA_TELEMETRY_ENABLED": "false"},
                       endpoints=endpoints_for(store, data, window)) as stack:
                url = f"http://{HOST}:{settings.rasa_port}/webhooks/rest/webhook"
                pgids = [service.process.pid for service in stack.services if service.process]
                asyncio.run(run(url, 1, 3, args.request_timeout))  # warm up: lazy imports, first embedding
                print(f"{label}: services idle after {settle(pgids):.0f} s", flush=True)
                for conversations in args.conversations:
                    started = time.perf_counter()
                    latencies, errors, cpu = asyncio.run(run(url, conversations, args.turns, args.request_timeout,
                                                             pgids))
                    print(f"{label}: {conversations} x {args.turns} turns in {time.perf_counter() - started:.0f} s",
                          flush=True)
                    lines += report(label, conversations, latencies, errors, cpu)
                    print("\n".join(lines[-len(windows(args.turns)) - 1:]), flush=True)
        finally:
            shutil.rmtree(data, ignore_errors=True)
    print(f"load average after: {load_average()}\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
