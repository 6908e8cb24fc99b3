"""End-to-end latency over Rasa's REST channel at 1, 10 and 50 concurrent conversations.

    .venv/bin/python bench/load.py                      # our stack: knowledge, induction, floor
    .venv/bin/python bench/load.py --default-floor      # ... and Rasa's own `rasa init` assistant

Starts the whole stack (launcher's Stack, as `make run` does) on free loopback ports
with a copy of the index in a temporary data folder, then for each concurrency level runs
three kinds of traffic, one after another, in the same run:

  knowledge  the in-scope questions of bench/devset.yaml that our NLU sends to
             action_answer_question (asked of Rasa's /model/parse first; the others start
             the induction or check eligibility): NLU, the action, the knowledge service's
             hybrid search and cited answer;
  induction  "I'm a band 6 physio in Wales" turns (NLU, action_validate_slot_mappings, the
             induction form and its validation, action_recommend, the knowledge service's
             recommendations);
  floor      chit-chat answered by a plain response ("thanks", "are you a bot?"): the same
             Rasa model, pipeline, tracker store and load with no answering action, so the cost
             of our actions and the knowledge search is a ratio, not a guess. (Rasa still calls
             action_validate_slot_mappings on the action server once per message for every
             kind, floor included: the domain's custom slot mappings make it do so.)

With --default-floor it also trains Rasa 3.6's own `rasa init` assistant (default pipeline and
policies, in-memory tracker store, nothing tuned; reuse it across runs with --default-dir) and
measures it at each level right after ours: the floor the issue's target (b) refers to.

A level runs `level` simulated users at once; each user holds conversations of --turns
messages (then starts a new conversation with a new sender id) and waits for each reply before
sending the next message. A level stops after --messages messages or --time-limit seconds,
whichever comes first; load goes to 127.0.0.1 only, and every process started is stopped at the
end. Replies are checked: "errors" are failed requests, empty replies or "I can't look that up"
(a service down); "off" are replies that did not take the kind's path (a floor message that an
action answered, or a knowledge question answered by a plain response).

Printed: p50/p95/p99 latency (ms), throughput (messages/s) and CPU milliseconds per message of
each service, then the ratios for the issue's targets (a) (knowledge/induction p95 at most 1.25x
the floor's) and (b) (the `rasa init` floor's p95 at 10 concurrent conversations at least 3x a
knowledge question's). --rasa-env and --model try tuning without touching the repository.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import numpy as np
import yaml

from bench.proc import cpu_s, load_average, machine
from launcher.processes import RASA_VENV, free_ports, wait_healthy
from launcher.stack import Stack, isolated_settings

ROOT = Path(__file__).resolve().parent.parent

HOST = "127.0.0.1"
FLOOR = ["thanks", "are you a bot?", "what can you do?", "thank you so much", "bye", "cheers",
         "are you a real person?", "goodbye"]
INDUCTION = [f"I'm a {s} {p} in {n}" for s in ("band 5", "band 6", "band 7")
             for p in ("physio", "midwife", "nurse", "pharmacist", "occupational therapist")
             for n in ("England", "Wales", "Scotland")]
QUESTION_INTENTS = {"ask_knowledge", "nlu_fallback"}  # what action_answer_question answers
DEFAULT_FLOOR = ["hello", "I am sad", "yes", "great", "are you a bot?", "goodbye"]
DEFAULT_MESSAGES = {1: 60, 10: 200, 50: 400}
UNAVAILABLE = "can't look that up right now"
SERVICES = ("rasa", "actions", "knowledge")


def knowledge_questions(rasa_url: str, questions: list[str]) -> list[str]:
    """The dev-set questions our NLU sends to action_answer_question; the others ("where do I start?",
    "am I eligible for ...") start the induction or check eligibility, which is other traffic."""
    kept = []
    for question in questions:
        request = urllib.request.Request(f"{rasa_url}/model/parse", data=json.dumps({"text": question}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            if json.loads(response.read())["intent"]["name"] in QUESTION_INTENTS:
                kept.append(question)
    return kept


def plain_texts(domain_file: Path) -> set[str]:
    """Every text of the domain's responses: a reply made only of these took no custom action."""
    responses = yaml.safe_load(domain_file.read_text()).get("responses", {})
    return {v["text"].strip() for variants in responses.values() for v in variants if v.get("text")}


@dataclass
class Target:
    """Where one kind of traffic goes and how its replies are checked."""
    name: str
    url: str
    pool: list[str]
    plain: set[str]  # texts of plain responses
    expect_plain: bool  # the kind's path: plain responses (floors) or an action's reply
    pgids: dict[str, int] = field(default_factory=dict)  # service -> process group, for CPU time


@dataclass
class Result:
    traffic: str
    level: int
    messages: int
    errors: int
    off_path: int
    p50: float
    p95: float
    p99: float
    throughput: float
    seconds: float
    cpu_ms_per_message: dict[str, float]
    error_samples: list[str]


async def user(session: aiohttp.ClientSession, target: Target, rng: random.Random, turns: int, budget: list[int],
               deadline: float, latencies: list[float], problems: dict[str, list[str]]) -> None:
    """One simulated user: conversations of `turns` messages, each sent when the last reply came."""
    while budget[0] > 0 and time.monotonic() < deadline:
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for _ in range(turns):
            if budget[0] <= 0 or time.monotonic() >= deadline:
                return
            budget[0] -= 1
            message = rng.choice(target.pool)
            started = time.perf_counter()
            try:
                async with session.post(target.url, json={"sender": sender, "message": message}) as response:
                    body = await response.json(content_type=None)
                latencies.append((time.perf_counter() - started) * 1000)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                latencies.append((time.perf_counter() - started) * 1000)
                problems["errors"].append(f"{message!r}: {type(exc).__name__}")
                continue
            texts = [m.get("text", "").strip() for m in body if isinstance(m, dict)] if isinstance(body, list) else []
            if response.status != 200 or not any(texts):
                problems["errors"].append(f"{message!r}: HTTP {response.status} {str(body)[:80]}")
            elif any(UNAVAILABLE in t for t in texts):
                problems["errors"].append(f"{message!r}: knowledge service unavailable")
            elif all(t in target.plain for t in texts if t) != target.expect_plain:
                problems["off"].append(f"{message!r} -> {texts[0][:60]!r}")


async def run_level(target: Target, level: int, messages: int, turns: int, time_limit: float,
                    request_timeout: float) -> Result:
    rng = random.Random(f"{target.name}-{level}")
    latencies: list[float] = []
    problems: dict[str, list[str]] = {"errors": [], "off": []}
    budget = [messages]
    connector = aiohttp.TCPConnector(limit=level + 5)
    cpu_before = {name: cpu_s(pgid) for name, pgid in target.pgids.items()}
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=request_timeout)) as session:
        started = time.perf_counter()
        deadline = time.monotonic() + time_limit
        await asyncio.gather(*(user(session, target, random.Random(rng.random()), turns, budget, deadline,
                                    latencies, problems) for _ in range(level)))
        elapsed = time.perf_counter() - started
    cpu = {name: (cpu_s(pgid) - cpu_before[name]) * 1000 / max(1, len(latencies))
           for name, pgid in target.pgids.items()}
    p50, p95, p99 = np.percentile(latencies, [50, 95, 99]) if latencies else (float("nan"),) * 3
    return Result(target.name, level, len(latencies), len(problems["errors"]), len(problems["off"]), float(p50),
                  float(p95), float(p99), len(latencies) / elapsed if elapsed else 0.0, elapsed, cpu,
                  (problems["errors"] + problems["off"])[:5])


HEADER = (f"{'traffic':10} {'conc':>4} {'msgs':>5} {'err':>4} {'off':>4} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'msg/s':>6} | CPU ms per message: {' '.join(f'{s:>9}' for s in SERVICES)}")


def row(r: Result) -> str:
    cpu = " ".join(f"{r.cpu_ms_per_message[s]:>9.1f}" if s in r.cpu_ms_per_message else f"{'-':>9}"
                   for s in SERVICES)
    return (f"{r.traffic:10} {r.level:>4} {r.messages:>5} {r.errors:>4} {r.off_path:>4} {r.p50:>7.0f} {r.p95:>7.0f} "
            f"{r.p99:>7.0f} {r.throughput:>6.1f} | {' ' * 20} {cpu}")


async def warm_up(target: Target, n: int = 6) -> None:
    """Untimed messages first: lazy imports, TF graph tracing, the embedding model's first call."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for message in target.pool[:n]:
            async with session.post(target.url, json={"sender": f"warm-{uuid.uuid4().hex[:8]}", "message": message}) as r:
                await r.read()


def measure(targets: list[Target], levels: list[int], args: argparse.Namespace) -> list[Result]:
    results = []
    for target in targets:
        asyncio.run(warm_up(target))
    print(HEADER + "\n" + "-" * len(HEADER), flush=True)
    for level in levels:
        for target in targets:
            messages = args.messages or DEFAULT_MESSAGES.get(level, 8 * level)
            r = asyncio.run(run_level(target, level, messages, args.turns, args.time_limit, args.request_timeout))
            print(row(r), flush=True)
            for sample in r.error_samples if (r.errors or r.off_path) and args.verbose else []:
                print(f"    {sample}", flush=True)
            results.append(r)
    return results


def prepare_default_assistant(folder: Path) -> float | None:
    """`rasa init` in `folder` (which trains it) unless a model is there already; returns seconds taken."""
    if list((folder / "models").glob("*.tar.gz")):
        return None
    if folder.exists() and any(folder.iterdir()):
        sys.exit(f"error: {folder} is not empty and holds no trained model; give an empty or new folder")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"training Rasa's `rasa init` assistant in {folder} (default pipeline and policies) ...", flush=True)
    started = time.perf_counter()
    subprocess.run([str(RASA_VENV / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)], check=True,
                   cwd=folder, env=default_env(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return time.perf_counter() - started


def default_env() -> dict[str, str]:
    """The environment for `rasa init`'s assistant: as it comes, none of our tuning variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_INTRA", "TF_INTER", "SANIC_", "OMP_"))}
    return {**env, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            sys.exit(f"error: --rasa-env wants NAME=VALUE, got {pair!r}")
        env[name] = value
    return env


def ratios(results: list[Result], levels: list[int]) -> list[str]:
    by = {(r.traffic, r.level): r for r in results}
    lines = []
    for level in levels:
        floor = by.get(("floor", level))
        for kind in ("knowledge", "induction"):
            r = by.get((kind, level))
            if floor and r and floor.p95 > 0:
                ratio = r.p95 / floor.p95
                lines.append(f"(a) {kind:9} p95 / floor p95 at {level:>2} concurrent: {r.p95:6.0f} / {floor.p95:5.0f} ms "
                             f"= {ratio:4.2f}  (target <= 1.25: {'reached' if ratio <= 1.25 else 'NOT reached'})")
        ours = by.get(("knowledge", level))
        if floor and ours and floor.cpu_ms_per_message:
            cpu, floor_cpu = sum(ours.cpu_ms_per_message.values()), sum(floor.cpu_ms_per_message.values())
            ratio = cpu / floor_cpu if floor_cpu else float("inf")
            lines.append(f"(a') knowledge CPU / floor CPU per message at {level:>2} concurrent: {cpu:5.1f} / "
                         f"{floor_cpu:5.1f} ms = {ratio:4.2f}  (target <= 1.5: {'reached' if ratio <= 1.5 else 'NOT reached'})")
    default, ours = by.get(("rasa-init", 10)), by.get(("knowledge", 10))
    if default and ours and ours.p95 > 0:
        ratio = default.p95 / ours.p95
        lines.append(f"(b) rasa-init floor p95 / knowledge p95 at 10 concurrent: {default.p95:.0f} / {ours.p95:.0f} ms "
                     f"= {ratio:.2f}x  (target >= 3x: {'reached' if ratio >= 3 else 'NOT reached'})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50], metavar="N",
                        help="concurrent conversations (default: 1 10 50)")
    parser.add_argument("--kinds", nargs="+", default=["knowledge", "induction", "floor"],
                        choices=["knowledge", "induction", "floor"], help="our traffic to send (default: all three)")
    parser.add_argument("--messages", type=int, help="messages per kind and level (default: 60 at 1, 200 at 10, "
                        "400 at 50, else 8 per conversation)")
    parser.add_argument("--turns", type=int, default=4, help="messages per conversation before a new sender (default 4)")
    parser.add_argument("--time-limit", type=float, default=90, metavar="S",
                        help="seconds at most per kind and level; it stops early with what it has (default 90)")
    parser.add_argument("--request-timeout", type=float, default=60, metavar="S",
                        help="a reply slower than this counts as an error (default 60)")
    parser.add_argument("--default-floor", action="store_true",
                        help="also train and measure Rasa's own `rasa init` assistant (the target (b) floor)")
    parser.add_argument("--default-dir", type=Path, metavar="DIR",
                        help="keep the `rasa init` project here and reuse its model next time (default: a temporary "
                        "folder, trained anew)")
    parser.add_argument("--no-stack", action="store_true", help="measure only `rasa init`'s assistant (needs --default-floor)")
    parser.add_argument("--model", type=Path, default=ROOT / "models",
                        help="our Rasa model: a .tar.gz or a folder (newest inside); default models/")
    parser.add_argument("--rasa-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for our Rasa server only, e.g. TF_INTRA_OP_PARALLELISM_THREADS=1 "
                        "(repeatable)")
    parser.add_argument("--rasa-python", type=Path, metavar="PYTHON",
                        help="run our Rasa server with this Python (`PYTHON -m rasa run`), e.g. a copy of .venv-rasa "
                        "with another package version; default .venv-rasa/bin/rasa")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every result here")
    parser.add_argument("--verbose", "-v", action="store_true", help="print a few failed or off-path replies")
    args = parser.parse_args(argv)
    if args.no_stack and not args.default_floor:
        parser.error("--no-stack needs --default-floor")
    if not args.model.exists():
        parser.error(f"no Rasa model at {args.model}: run `make train` (or give --model)")
    rasa_env = parse_env(args.rasa_env)

    print(f"machine: {machine()}; load average before: {load_average()}", flush=True)
    devset = yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())
    pools = {"knowledge": [d["q"] for d in devset if d["expect"] != "out_of_scope"], "induction": INDUCTION,
             "floor": FLOOR}
    plain = plain_texts(ROOT / "domain.yml")
    data = Path(tempfile.mkdtemp(prefix="nhsbot-load-"))
    default_dir = (args.default_dir or data / "rasa-init").resolve()
    settings = isolated_settings(data, host=HOST)
    [default_port] = free_ports(1, HOST)
    stack = None
    default_process = None
    targets: list[Target] = []
    results: list[Result] = []
    try:
        if args.default_floor:
            trained = prepare_default_assistant(default_dir)
            if trained is not None:
                print(f"`rasa init` (training included) took {trained:.0f} s", flush=True)
        if not args.no_stack:
            stack = Stack(settings, log_dir=data / "logs", env={"RASA_TELEMETRY_ENABLED": "false"})
            for service in stack.services:
                if service.name == "rasa":
                    service.command[service.command.index("--model") + 1] = str(args.model.resolve())
                    service.command.append("--enable-api")  # /model/parse, to keep the knowledge questions
                    if args.rasa_python:
                        service.command[:1] = [str(args.rasa_python), "-m", "rasa"]
                    service.env = {**(service.env or {}), **rasa_env}
            print(f"starting our stack on 127.0.0.1:{settings.rasa_port} (actions :{settings.action_port}, "
                  f"knowledge :{settings.knowledge_port})"
                  f"{' with ' + ' '.join(args.rasa_env) if args.rasa_env else ''} ...", flush=True)
            started = time.perf_counter()
            stack.start()
            print(f"  ready in {time.perf_counter() - started:.1f} s", flush=True)
            pgids = {s.name: s.process.pid for s in stack.services if s.name in SERVICES}
            if "knowledge" in args.kinds:
                questions = pools["knowledge"]
                pools["knowledge"] = knowledge_questions(f"http://{HOST}:{settings.rasa_port}", questions)
                print(f"  knowledge traffic: the {len(pools['knowledge'])} of {len(questions)} in-scope dev-set "
                      "questions that NLU sends to action_answer_question", flush=True)
            url = f"http://{HOST}:{settings.rasa_port}/webhooks/rest/webhook"
            targets += [Target(kind, url, pools[kind], plain, kind == "floor", pgids) for kind in args.kinds]
        if args.default_floor:
            print(f"starting `rasa init`'s assistant on 127.0.0.1:{default_port} ...", flush=True)
            started = time.perf_counter()
            default_process = subprocess.Popen(
                [str(RASA_VENV / "rasa"), "run", "--interface", HOST, "--port", str(default_port)],
                cwd=default_dir, env=default_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
            wait_healthy("rasa init assistant", f"http://{HOST}:{default_port}/", default_process,
                         time.monotonic() + 300)
            print(f"  ready in {time.perf_counter() - started:.1f} s", flush=True)
            targets.append(Target("rasa-init", f"http://{HOST}:{default_port}/webhooks/rest/webhook", DEFAULT_FLOOR,
                                  plain_texts(default_dir / "domain.yml"), True, {"rasa": default_process.pid}))
        results = measure(targets, args.levels, args)
    except KeyboardInterrupt:
        print("interrupted; stopping", flush=True)
    finally:
        if default_process and default_process.poll() is None:
            os.killpg(default_process.pid, 15)
            try:
                default_process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(default_process.pid, 9)
                default_process.wait()
        if stack:
            stack.stop()
        shutil.rmtree(data, ignore_errors=True)
    print(f"load average after: {load_average()}")
    for line in ratios(results, args.levels):
        print(line)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
