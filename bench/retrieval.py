"""Retrieval quality and latency on the labelled development set, for BM25, dense and hybrid.

    .venv/bin/python bench/retrieval.py [--devset bench/devset.yaml] [--json out.json]

Prints recall@1, recall@3 and MRR over the in-scope questions; the "I don't know"
threshold each method needs, calibrated on half the set and measured on the other
half (and the reverse), with the out-of-scope rejection rate and the share of all
questions handled correctly; and query latency percentiles.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.search import Mode, search
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    expect: list[str] | None  # None: out of scope
    ranked: list[str]
    confidence: float
    ms: float

    @property
    def rank(self) -> int | None:
        for i, entry_id in enumerate(self.ranked, start=1):
            if self.expect and entry_id in self.expect:
                return i
        return None


def correct(o: Outcome, threshold: float) -> bool:
    """Handled as a user would want: right entry first and answered, or out of scope and refused."""
    if o.expect is None:
        return o.confidence < threshold
    return o.confidence >= threshold and o.rank == 1


def calibrate(outcomes: list[Outcome]) -> float:
    """The threshold that handles most questions correctly (ties: the lowest such threshold)."""
    candidates = sorted({o.confidence for o in outcomes} | {0.0})
    cut = [(c + n) / 2 for c, n in zip(candidates, candidates[1:])] + [candidates[-1] + 1e-6]
    return max(cut, key=lambda t: (sum(correct(o, t) for o in outcomes), -t))


def summarise(outcomes: list[Outcome], threshold: float) -> dict:
    inscope = [o for o in outcomes if o.expect is not None]
    oos = [o for o in outcomes if o.expect is None]
    return {
        "threshold": round(threshold, 4),
        "oos_rejected": sum(o.confidence < threshold for o in oos) / len(oos),
        "in_scope_answered": sum(o.confidence >= threshold for o in inscope) / len(inscope),
        "handled_correctly": sum(correct(o, threshold) for o in outcomes) / len(outcomes),
    }


def evaluate(index: KnowledgeIndex, devset: list[dict], mode: Mode, rrf_k: int) -> dict:
    outcomes = []
    for item in devset:
        started = time.perf_counter()
        result = search(index, item["q"], k=10, rrf_k=rrf_k, mode=mode)
        ms = (time.perf_counter() - started) * 1000
        expect = None if item["expect"] == "out_of_scope" else list(item["expect"])
        outcomes.append(Outcome(expect, [h.entry_id for h in result.hits], result.confidence, ms))
    inscope = [o for o in outcomes if o.expect is not None]
    ranks = [o.rank for o in inscope]
    # Two-fold: calibrate on one half, measure on the other, so the figure is not fitted to itself.
    halves = outcomes[0::2], outcomes[1::2]
    folds = [summarise(halves[1 - i], calibrate(halves[i])) for i in range(2)]
    held_out = {key: statistics.mean(f[key] for f in folds) for key in ("oos_rejected", "in_scope_answered", "handled_correctly")}
    times = np.array([o.ms for o in outcomes])
    return {
        "mode": mode.value,
        "recall@1": sum(r == 1 for r in ranks) / len(ranks),
        "recall@3": sum(r is not None and r <= 3 for r in ranks) / len(ranks),
        "mrr": sum(1 / r for r in ranks if r) / len(ranks),
        "calibrated_on_all": summarise(outcomes, calibrate(outcomes)),
        "held_out": held_out,
        "latency_ms": {"p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95))},
        "misses": [(item["q"], o.ranked[:3]) for item, o in zip(devset, outcomes) if o.expect and o.rank != 1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", type=Path, default=ROOT / "bench" / "devset.yaml", help="labelled questions")
    parser.add_argument("--json", type=Path, help="also write the full results here")
    parser.add_argument("--misses", action="store_true", help="list hybrid's in-scope questions not ranked first")
    args = parser.parse_args(argv)

    settings = Settings()
    devset = yaml.safe_load(args.devset.read_text(encoding="utf-8"))
    index = KnowledgeIndex.build(load_entries(settings.entries_dir, settings.sources_dir), settings.index_dir)
    search(index, "warm up the model")
    n_in = sum(1 for d in devset if d["expect"] != "out_of_scope")
    print(f"dev set: {len(devset)} questions ({n_in} in scope, {len(devset) - n_in} out of scope); "
          f"{len(index.entries)} entries, {len(index.passages)} passages\n")
    results = [evaluate(index, devset, mode, settings.rrf_k) for mode in (Mode.bm25, Mode.dense, Mode.hybrid)]
    header = f"{'method':8} {'R@1':>6} {'R@3':>6} {'MRR':>6} {'OOS rej':>8} {'answered':>9} {'correct':>8} {'thresh':>8} {'p50 ms':>7} {'p95 ms':>7}"
    print(header + "\n" + "-" * len(header))
    for r in results:
        h, c = r["held_out"], r["calibrated_on_all"]
        print(f"{r['mode']:8} {r['recall@1']:6.3f} {r['recall@3']:6.3f} {r['mrr']:6.3f} {h['oos_rejected']:8.3f} "
              f"{h['in_scope_answered']:9.3f} {h['handled_correctly']:8.3f} {c['threshold']:8.3f} "
              f"{r['latency_ms']['p50']:7.1f} {r['latency_ms']['p95']:7.1f}")
    print("\nOOS rej / answered / correct: two-fold held-out (threshold fitted on one half, measured on the other).")
    print("thresh: the threshold fitted on the whole set (hybrid's is the service's NHSBOT_MIN_CONFIDENCE; "
          f"now {settings.min_confidence}).")
    if args.misses:
        for q, top in results[-1]["misses"]:
            print(f"  miss: {q!r} -> {top}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
