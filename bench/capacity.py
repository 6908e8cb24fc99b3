"""How many people can chat at once? Simultaneous conversations held at p95 < 1 s, with thinking time.

    .venv/bin/python -m bench.capacity                       # ours and `rasa init`'s, one after the other
    .venv/bin/python -m bench.capacity --users 20 40 80 160  # the steps to try

People read the reply and think before they type: each simulated user waits 5-15 s (uniform) between
receiving a reply and sending the next message, for --turns messages, then starts a new conversation.
For each number of users (started spread over the first think time, so they do not all arrive at
once) it measures --seconds of traffic and prints p50/p95 latency and errors; the capacity is the
largest number of users whose p95 stayed under --target-ms. Our stack (launcher's Stack: Rasa,
actions, knowledge, a copy of the index, free loopback ports) gets a realistic mix (knowledge questions,
profile statements, chit-chat); `rasa init`'s assistant (trained once into --default-dir, reused) gets
its own chit-chat, in the same run. Steps stop early once the p95 passes twice the target.
Load goes to 127.0.0.1 only; every process started is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import numpy as np
import yaml

from bench.load import DEFAULT_FLOOR, FLOOR, HOST, INDUCTION, default_env, prepare_default_assistant
from bench.proc import load_average, machine
from launcher.processes import RASA_VENV, free_ports, wait_healthy
from launcher.stack import Stack, isolated_settings

ROOT = Path(__file__).resolve().parent.parent


async def person(session: aiohttp.ClientSession, url: str, pool: list[str], rng: random.Random, turns: int,
                 think: tuple[float, float], deadline: float, latencies: list[float], errors: list[str]) -> None:
    await asyncio.sleep(rng.uniform(0, think[1]))  # arrivals spread over the first think time
    while time.monotonic() < deadline:
        sender = f"cap-{uuid.uuid4().hex}"
        for _ in range(turns):
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": rng.choice(pool)}) as response:
                    body = await response.json(content_type=None)
                if response.status != 200 or not body:
                    errors.append(f"HTTP {response.status}")
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                errors.append(type(exc).__name__)
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(rng.uniform(*think))


async def step(url: str, pool: list[str], users: int, seconds: float, turns: int,
               think: tuple[float, float]) -> tuple[float, float, int, int]:
    latencies: list[float] = []
    errors: list[str] = []
    rng = random.Random(users)
    connector = aiohttp.TCPConnector(limit=users + 5)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(person(session, url, pool, random.Random(rng.random()), turns, think, deadline,
                                      latencies, errors) for _ in range(users)))
    p50, p95 = np.percentile(latencies, [50, 95]) if latencies else (float("nan"),) * 2
    return float(p50), float(p95), len(latencies), len(errors)


def measure(name: str, url: str, pool: list[str], args: argparse.Namespace) -> int:
    held = 0
    for users in args.users:
        p50, p95, messages, errors = asyncio.run(step(url, pool, users, args.seconds, args.turns,
                                                      (args.think_min, args.think_max)))
        ok = p95 < args.target_ms and not errors
        print(f"{name:10} {users:>5} users: {messages:>5} messages, p50 {p50:6.0f} ms, p95 {p95:6.0f} ms, "
              f"errors {errors:>3}  {'held' if ok else 'NOT held'}", flush=True)
        held = users if ok else held
        if p95 > 2 * args.target_ms:
            break
    return held


def our_pool() -> list[str]:
    devset = yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())
    return [d["q"] for d in devset if d["expect"] != "out_of_scope"] + INDUCTION + FLOOR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 20, 40, 80, 160, 320], metavar="N",
                        help="simultaneous users to try, in order (default 10 20 40 80 160 320)")
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds per step (default 60)")
    parser.add_argument("--turns", type=int, default=8, help="messages per conversation (default 8)")
    parser.add_argument("--think-min", type=float, default=5.0, help="shortest thinking time, s (default 5)")
    parser.add_argument("--think-max", type=float, default=15.0, help="longest thinking time, s (default 15)")
    parser.add_argument("--target-ms", type=float, default=1000, help="p95 a step must stay under (default 1000)")
    parser.add_argument("--only", choices=["ours", "rasa-init"], help="measure one assistant only")
    parser.add_argument("--default-dir", type=Path, metavar="DIR",
                        help="keep `rasa init`'s project here and reuse its model (default: a temporary folder)")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}; load average before: {load_average()}", flush=True)
    data = Path(tempfile.mkdtemp(prefix="nhsbot-capacity-"))
    capacity: dict[str, int] = {}
    try:
        if args.only != "rasa-init":
            settings = isolated_settings(data, host=HOST)
            with Stack(settings, log_dir=data / "logs", env={"RASA_TELEMETRY_ENABLED": "false"}):
                url = f"http://{HOST}:{settings.rasa_port}/webhooks/rest/webhook"
                asyncio.run(step(url, our_pool(), 2, 1, 2, (0, 0.1)))  # warm up
                capacity["ours"] = measure("ours", url, our_pool(), args)
        if args.only != "ours":
            folder = (args.default_dir or data / "rasa-init").resolve()
            prepare_default_assistant(folder)
            [port] = free_ports(1, HOST)
            process = subprocess.Popen([str(RASA_VENV / "rasa"), "run", "--interface", HOST, "--port", str(port)],
                                       cwd=folder, env=default_env(), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
            try:
                wait_healthy("rasa init assistant", f"http://{HOST}:{port}/", process, time.monotonic() + 300)
                url = f"http://{HOST}:{port}/webhooks/rest/webhook"
                asyncio.run(step(url, DEFAULT_FLOOR, 2, 1, 2, (0, 0.1)))
                capacity["rasa-init"] = measure("rasa-init", url, DEFAULT_FLOOR, args)
            finally:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(f"load average after: {load_average()}")
    for name, users in capacity.items():
        print(f"capacity at p95 < {args.target_ms:.0f} ms: {name} {users} users")
    if "ours" in capacity and capacity.get("rasa-init"):
        ratio = capacity["ours"] / capacity["rasa-init"]
        print(f"ours / rasa init: {ratio:.2f}x  (target >= 2x: {'reached' if ratio >= 2 else 'NOT reached'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
