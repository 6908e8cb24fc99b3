"""End-to-end latency over Rasa's REST channel at 1, 10 and 50 concurrent conversations.

    .venv/bin/python bench/load.py [--levels 1 10 50] [--default-floor]

Starts the whole stack (as `make run` does) on spare ports, then for each concurrency
level runs three kinds of traffic in the same run:
  knowledge  questions from the dev set (custom action + knowledge search),
  induction  "I'm a <profession> in <nation>" turns (custom actions + recommendations),
  floor      chit-chat answered by a plain response, no custom action: the cost of Rasa
             itself with our pipeline, so the cost of our actions is a ratio.
With --default-floor it also trains Rasa 3.6's own `rasa init` assistant (default pipeline
and policies) and measures it under the same load: the floor the issue's targets refer to.
Load goes to 127.0.0.1 only, is bounded in messages and time, and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.settings import Settings  # noqa: E402
from scripts.stack import RASA_VENV, Stack, wait_healthy  # noqa: E402

FLOOR = ["thanks", "are you a bot?", "what can you do?", "thank you so much", "bye", "cheers"]
INDUCTION = [f"I'm a {p} in {n}" for p in ("physio", "midwife", "nurse", "doctor", "pharmacist", "OT")
             for n in ("England", "Wales", "Scotland")]
DEFAULT_FLOOR = ["hello", "I am sad", "yes", "great", "are you a bot?", "goodbye"]
MESSAGES_PER_LEVEL = {1: 40, 10: 200, 50: 400}
TIME_LIMIT_S = 180


async def conversation(session, url: str, messages: list[str], latencies: list[float], errors: list[str]) -> None:
    sender = uuid.uuid4().hex
    for message in messages:
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as response:
                body = await response.json(content_type=None)
                if response.status != 200 or not body:
                    errors.append(f"{response.status}: {str(body)[:80]}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            errors.append(type(exc).__name__)
        latencies.append((time.perf_counter() - started) * 1000)


async def load(url: str, pool: list[str], level: int, total: int) -> dict:
    rng = random.Random(level)
    per = max(1, total // level)
    latencies: list[float] = []
    errors: list[str] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(
            conversation(session, url, [rng.choice(pool) for _ in range(per)], latencies, errors)
            for _ in range(level))), TIME_LIMIT_S)
        elapsed = time.perf_counter() - started
    p = np.percentile(latencies, [50, 95, 99])
    return {"level": level, "messages": len(latencies), "errors": len(errors), "p50": p[0], "p95": p[1],
            "p99": p[2], "throughput": len(latencies) / elapsed}


def row(name: str, r: dict) -> str:
    return (f"{name:10} {r['level']:>5} {r['messages']:>6} {r['errors']:>6} {r['p50']:>8.0f} {r['p95']:>8.0f} "
            f"{r['p99']:>8.0f} {r['throughput']:>9.1f}")


async def measure(url: str, kinds: dict[str, list[str]], levels: list[int]) -> list[tuple[str, dict]]:
    results = []
    for kind, pool in kinds.items():
        await load(url, pool, 1, 5)  # warm up caches and the model
    for level in levels:
        for kind, pool in kinds.items():
            r = await load(url, pool, level, MESSAGES_PER_LEVEL.get(level, 10 * level))
            print(row(kind, r), flush=True)
            results.append((kind, r))
    return results


def default_assistant(folder: Path, port: int) -> subprocess.Popen:
    """Rasa's own `rasa init` assistant, trained as it comes, serving REST on `port`."""
    subprocess.run([str(RASA_VENV / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)], check=True,
                   capture_output=True)
    return subprocess.Popen([str(RASA_VENV / "rasa"), "run", "--port", str(port), "--interface", "127.0.0.1"],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50], help="concurrent conversations")
    parser.add_argument("--default-floor", action="store_true", help="also measure `rasa init`'s assistant")
    parser.add_argument("--json", type=Path, help="write all results here")
    args = parser.parse_args(argv)

    devset = yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())
    kinds = {"knowledge": [d["q"] for d in devset if d["expect"] != "out_of_scope"], "induction": INDUCTION,
             "floor": FLOOR}
    data = Path(tempfile.mkdtemp(prefix="nhsbot-load-"))
    if Settings().index_dir.exists():
        shutil.copytree(Settings().index_dir, data / "index")
    settings = Settings(data_dir=data, rasa_port=5205, action_port=5255, knowledge_port=8200)
    header = f"{'traffic':10} {'conc':>5} {'msgs':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'msg/s':>9}"
    print(header + "\n" + "-" * len(header), flush=True)
    results = []
    try:
        with Stack(settings, log_dir=data / "logs"):
            url = f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
            results += asyncio.run(measure(url, kinds, args.levels))
        if args.default_floor:
            folder = data / "rasa-init"
            process = default_assistant(folder, 5305)
            try:
                wait_healthy("rasa init assistant", "http://127.0.0.1:5305/", process, time.monotonic() + 300)
                url = "http://127.0.0.1:5305/webhooks/rest/webhook"
                results += [(f"default:{k}", r) for k, r in
                            asyncio.run(measure(url, {"rasa-init": DEFAULT_FLOOR}, args.levels))]
            finally:
                subprocess.run(["kill", "--", f"-{process.pid}"], check=False)
                process.wait()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps([{"traffic": k, **r} for k, r in results], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
