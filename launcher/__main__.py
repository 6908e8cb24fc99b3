"""`make run`: start every service on localhost, supervise them, stop them all on Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from knowledge.settings import Settings
from launcher.processes import ROOT, StackError
from launcher.stack import Stack
from launcher.supervisor import Supervisor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m launcher",
        description="Run the assistant on localhost: knowledge service, action server and Rasa (REST channel). "
        "Ports and paths come from NHSBOT_* settings. Ctrl-C stops everything.")
    parser.add_argument("--logs", type=Path, default=ROOT / ".data" / "logs",
                        help="folder for each service's log (default .data/logs)")
    args = parser.parse_args(argv)
    settings = Settings()
    stack = Stack(settings, log_dir=args.logs)
    stopping = False

    def _stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print(f"starting services (logs in {args.logs}) ...", flush=True)
    try:
        stack.start()
    except StackError as exc:
        print(f"error: {exc}; see the logs in {args.logs}", file=sys.stderr)
        stack.stop()
        return 1
    s, teams_app_id = settings, stack.env.get("NHSBOT_TEAMS_APP_ID", "").strip()
    print(f"ready:\n  chat (REST):   POST http://{s.host}:{s.rasa_port}/webhooks/rest/webhook"
          f"  {{\"sender\": \"me\", \"message\": \"hello\"}}\n"
          f"  web chat:      http://{s.host}:{s.knowledge_port}/chat\n"
          f"  Teams:         POST http://{s.host}:{s.rasa_port}/webhooks/teams/webhook"
          f" ({'app id ' + teams_app_id if teams_app_id else 'not configured: NHSBOT_TEAMS_APP_ID is empty'})\n"
          f"  knowledge API: http://{s.host}:{s.knowledge_port}/api/search?q=pathway+to+portfolio\n"
          f"  actions:       http://{s.host}:{s.action_port}/health\nCtrl-C to stop.", flush=True)
    supervisor = Supervisor(stack)
    try:
        while not stopping:
            supervisor.check()
            time.sleep(0.5)
    finally:
        print("stopping ...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
