"""Profile extraction from natural phrasing: per-slot precision, recall and F1 on bench/profiles.yaml.

    .venv/bin/python bench/profiles.py [--show-errors]

Runs knowledge.profile_text.extract (what actions/profile.py fills the slots with) on every labelled
phrasing. A slot the phrasing does not state must stay empty: a value there is a false positive.
Interests and organisation are compared ignoring case and punctuation.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import yaml

from knowledge.profile_text import extract

ROOT = Path(__file__).resolve().parent.parent

SLOTS = ("profession", "nation", "career_stage", "interests", "organisation")
TARGET_F1 = 0.95


def _norm(value: str | None) -> str | None:
    return re.sub(r"[^a-z0-9 ]+", "", value.lower()).strip() if value else None


def score(phrasings: list[dict]) -> tuple[dict[str, dict], list[str]]:
    counts = {slot: {"tp": 0, "fp": 0, "fn": 0} for slot in SLOTS}
    errors = []
    for item in phrasings:
        found = extract(item["text"])
        for slot in SLOTS:
            expected, got = _norm(item.get(slot)), _norm(getattr(found, slot))
            if got and got == expected:
                counts[slot]["tp"] += 1
                continue
            if got:
                counts[slot]["fp"] += 1
            if expected:
                counts[slot]["fn"] += 1
            if got or expected:
                errors.append(f"{slot}: {item['text']!r} expected {item.get(slot)!r} got {getattr(found, slot)!r}")
    report = {}
    for slot, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[slot] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                        "stated": c["tp"] + c["fn"]}
    return report, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    phrasings = yaml.safe_load((ROOT / "bench" / "profiles.yaml").read_text())["phrasings"]
    report, errors = score(phrasings)
    print(json.dumps({"phrasings": len(phrasings), "target_f1": TARGET_F1, "slots": report}, indent=2))
    if args.show_errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
