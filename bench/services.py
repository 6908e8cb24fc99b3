"""Start-up time and resident memory of each service, and (with --train) Rasa training time.

    .venv/bin/python bench/services.py [--train] [--repeat 3] [--messages 40]

Starts the three services of launcher/stack.py one at a time, alone, on free loopback ports and
a copy of the index in a temporary folder, and times each from spawn to its health check
answering (knowledge /health, actions /health, Rasa /: Rasa has loaded its model by then).
Then the time to Rasa's first reply to a knowledge question (lazy loading included), and the
resident memory (VmRSS summed over each service's process group) idle after start-up and
after --messages messages of mixed traffic. --repeat starts everything again and reports the
median. --train first trains the Rasa model from config.yml, domain.yml and bot/data into a
temporary folder (never models/) with --force, so no component comes from Rasa's training cache
(~/.rasa/cache: `make train` after a small edit reuses what did not change), and prints how long
it took. Every process started is
stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bench.load import FLOOR, HOST, INDUCTION
from bench.proc import load_average, machine, rss_mib
from launcher.processes import RASA_VENV
from launcher.stack import Stack, isolated_settings

ROOT = Path(__file__).resolve().parent.parent

ORDER = ("knowledge", "actions", "rasa")
QUESTIONS = ["how much funding does Pathway to Portfolio give?", "what is RfPB?", "how do I find a research mentor?",
             "can a nurse in Scotland get protected research time?"]


def train(config: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(RASA_VENV / "rasa"), "train", "--domain", str(ROOT / "domain.yml"), "--config", str(config),
                    "--data", str(ROOT / "bot" / "data"), "--out", str(out), "--fixed-model-name", "bench",
                    "--force"],  # every component trained, none reused from Rasa's training cache
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"})
    return time.perf_counter() - started


def say(url: str, message: str) -> list:
    body = json.dumps({"sender": f"svc-{uuid.uuid4().hex[:8]}", "message": message}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def one_round(model: Path, messages: int) -> dict:
    data = Path(tempfile.mkdtemp(prefix="nhsbot-services-"))
    try:
        settings = isolated_settings(data, host=HOST)
        stack = Stack(settings, log_dir=data / "logs", env={"RASA_TELEMETRY_ENABLED": "false"})
        for service in stack.services:
            if service.name == "rasa":
                service.command[service.command.index("--model") + 1] = str(model.resolve())
        data.mkdir(parents=True, exist_ok=True)
        result: dict = {"startup_s": {}, "rss_idle_mib": {}, "rss_loaded_mib": {}}
        try:
            for name in ORDER:
                started = time.perf_counter()
                stack.start_service(name)
                result["startup_s"][name] = time.perf_counter() - started
                print(f"  {name:9} healthy after {result['startup_s'][name]:5.1f} s", flush=True)
            url = f"http://{HOST}:{settings.rasa_port}/webhooks/rest/webhook"
            started = time.perf_counter()
            say(url, QUESTIONS[0])
            result["first_reply_s"] = time.perf_counter() - started
            pgids = {s.name: s.process.pid for s in stack.services if s.name in ORDER}
            result["rss_idle_mib"] = {name: rss_mib(pgid) for name, pgid in pgids.items()}
            traffic = QUESTIONS + INDUCTION[:4] + FLOOR[:4]
            for i in range(messages):
                say(url, traffic[i % len(traffic)])
            result["rss_loaded_mib"] = {name: rss_mib(pgid) for name, pgid in pgids.items()}
        finally:
            stack.stop()
        return result
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", action="store_true", help="time `rasa train` first (into a temporary folder)")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml", help="Rasa config for --train (default config.yml)")
    parser.add_argument("--model", type=Path, default=ROOT / "models",
                        help="Rasa model to serve (default models/; with --train, the model just trained)")
    parser.add_argument("--repeat", type=int, default=1, help="start everything this many times; report medians")
    parser.add_argument("--messages", type=int, default=40, help="messages sent before the 'after traffic' memory (default 40)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}; load average before: {load_average()}", flush=True)
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="nhsbot-train-") as folder:
        model = args.model
        if args.train:
            print(f"training the Rasa model ({args.config.name}) into a temporary folder ...", flush=True)
            out["train_s"] = train(args.config, Path(folder))
            model = Path(folder) / "bench.tar.gz"
            print(f"rasa train: {out['train_s']:.1f} s", flush=True)
        if not model.exists():
            parser.error(f"no Rasa model at {model}: run `make train`, give --model, or use --train")
        rounds = []
        for i in range(args.repeat):
            print(f"round {i + 1}/{args.repeat}: starting each service alone ...", flush=True)
            rounds.append(one_round(model, args.messages))
    med = {key: {name: statistics.median(r[key][name] for r in rounds) for name in ORDER}
           for key in ("startup_s", "rss_idle_mib", "rss_loaded_mib")}
    med["first_reply_s"] = statistics.median(r["first_reply_s"] for r in rounds)
    out.update(med)
    print(f"\n{'service':10} {'start-up s':>10} {'RSS idle MiB':>13} {'RSS after traffic MiB':>22}")
    for name in ORDER:
        print(f"{name:10} {med['startup_s'][name]:>10.1f} {med['rss_idle_mib'][name]:>13.0f} "
              f"{med['rss_loaded_mib'][name]:>22.0f}")
    print(f"{'total':10} {sum(med['startup_s'].values()):>10.1f} {sum(med['rss_idle_mib'].values()):>13.0f} "
          f"{sum(med['rss_loaded_mib'].values()):>22.0f}")
    print(f"Rasa's first reply to a knowledge question after start-up: {med['first_reply_s']:.2f} s")
    if "train_s" in out:
        print(f"Rasa model training ({args.config.name}): {out['train_s']:.1f} s")
    print(f"load average after: {load_average()}  (medians of {args.repeat} round(s))")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
