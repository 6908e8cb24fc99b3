"""Fit the weights of the "I don't know" confidence (knowledge/confidence.py) and write them beside it.

    .venv/bin/python bench/fit_confidence.py [--dry-run]

In scope (1): every entry's alternate questions, each searched with itself left out of the index, so it is a new
question to the engine. Out of scope (0): bench/out_of_scope.yaml. Questions that name an entry are left out: a
name sets the confidence by rule. The dev set (bench/devset.yaml) is never read, so bench/retrieval.py still
measures on questions the weights never saw. Re-run after entries or their alternate questions change much, and set
NHSBOT_MIN_CONFIDENCE's default (knowledge/settings.py) to the threshold it prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

from knowledge import confidence
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.search import search
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

OUT_OF_SCOPE = ROOT / "bench" / "out_of_scope.yaml"


def examples(index: KnowledgeIndex) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    asked = [(p.text, p.entry_id, frozenset({p.key})) for p in index.passages if p.question]
    asked += [(q, None, frozenset()) for q in yaml.safe_load(OUT_OF_SCOPE.read_text(encoding="utf-8"))]
    for question, entry_id, leave_out in asked:
        result = search(index, question, k=1, exclude=leave_out)
        top = result.hits[0]
        if top.named:
            continue
        rows.append([top.similarity] + [result.evidence[name] for name in confidence.EVIDENCE])
        labels.append(int(entry_id is not None))
    return np.array(rows), np.array(labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true", help="print the weights without writing them")
    args = parser.parse_args(argv)
    settings = Settings()
    index = KnowledgeIndex.build(load_entries(settings.entries_dir, settings.sources_dir), settings.index_dir)
    x, y = examples(index)
    model = LogisticRegression(class_weight="balanced", max_iter=1000).fit(x, y)
    scale = model.coef_[0][0]  # the similarity's weight: the confidence stays on the cosine scale
    weights = {name: round(float(w / scale), 4) for name, w in zip(confidence.EVIDENCE, model.coef_[0][1:])}
    centre = {name: round(float(m), 4) for name, m in zip(confidence.EVIDENCE, x[y == 1, 1:].mean(axis=0))}
    # The model's own boundary (probability 0.5) on the confidence's scale: the service's NHSBOT_MIN_CONFIDENCE.
    threshold = -model.intercept_[0] / scale - sum(weights[n] * centre[n] for n in confidence.EVIDENCE)
    fitted = {"weights": weights, "centre": centre, "threshold": round(float(threshold), 4),
              "examples": {"in_scope": int(y.sum()), "out_of_scope": int(len(y) - y.sum())},
              "training_accuracy": round(float(model.score(x, y)), 3)}
    print(json.dumps(fitted, indent=2))
    if not args.dry_run:
        confidence.WEIGHTS_FILE.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
