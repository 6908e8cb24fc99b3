"""Answer or induct: route accuracy of first messages on bench/routes.yaml, against the real stack.

    .venv/bin/python bench/routes.py [--show-errors]

Starts Rasa, the action server and the knowledge service (launcher/stack.py, on free ports and a copy of
the index), sends each labelled message as the first of a new conversation, and reads the route from
the reply: the induction's questions or recommendations (induction), a reply from the knowledge base
(answer), both together or an answer with the induction offered beside it (both), a small-talk
response (chit-chat), or anything else (other: forgetting, hand-off, feedback, yes/no).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import yaml

from bench.fuzz import say
from launcher.stack import Stack, isolated_settings

ROOT = Path(__file__).resolve().parent.parent

TARGET = 0.97
INDUCTION = ("utter_ask_profession", "utter_ask_nation", "utter_ask_career_stage")
CHITCHAT = ("utter_greet", "utter_goodbye", "utter_you_are_welcome", "utter_iamabot", "utter_help")
# "you can apply for:", "you can apply for (those giving protected time first):", "A nurse in England can apply for:"
RECOMMENDATION_MARKS = re.compile(r"can apply for(?: \([^)]*\))?:|I couldn't find a scheme in the knowledge base that is "
                                  r"open to")
OTHER_MARKS = ("The best people to ask are",)  # the hand-off, on its own


def templates() -> dict[str, str]:
    """Response text -> route, from domain.yml (every other template is 'other')."""
    responses = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    kinds = {}
    for name, variants in responses.items():
        kind = "induction" if name in INDUCTION else "chit-chat" if name in CHITCHAT else "other"
        for variant in variants:
            kinds[variant["text"].replace("{{", "{").replace("}}", "}")] = kind
    return kinds


def route_of(replies: list[dict], known: dict[str, str]) -> str:
    kinds = set()
    for reply in replies:
        text = reply.get("text") or ""
        if text in known:
            kinds.add(known[text])
        elif RECOMMENDATION_MARKS.search(text):
            kinds.add("induction")
        elif text.startswith("Welcome back"):
            kinds.add("chit-chat")
        elif text.startswith(OTHER_MARKS):
            kinds.add("other")
        elif text:
            kinds.add("answer")
        if any(b.get("payload") == "/start_induction" for b in reply.get("buttons") or []) and "answer" in kinds:
            kinds.add("induction")
    if {"answer", "induction"} <= kinds:
        return "both"
    for kind in ("induction", "answer", "chit-chat"):
        if kind in kinds:
            return kind
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    messages = yaml.safe_load((ROOT / "bench" / "routes.yaml").read_text())["messages"]
    known = templates()
    results = []
    with tempfile.TemporaryDirectory() as tmp, Stack(isolated_settings(Path(tmp)), log_dir=Path(tmp) / "logs") as stack:
        base_url = f"http://{stack.settings.host}:{stack.settings.rasa_port}"
        for item in messages:
            got = route_of(say(base_url, f"route-{uuid.uuid4().hex}", item["text"]), known)
            results.append((item["text"], item["route"], got))
    right = sum(expected == got for _, expected, got in results)
    per_route = {route: f"{sum(e == g for _, e, g in results if e == route)}/{n}"
                 for route, n in Counter(e for _, e, _ in results).items()}
    print(json.dumps({"messages": len(results), "route_accuracy": round(right / len(results), 3), "target": TARGET,
                      "right_by_route": per_route}, indent=2))
    if args.show_errors:
        for text, expected, got in results:
            if expected != got:
                print(f"{text!r}: expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
