"""The confidence that decides "I don't know": the chosen entry's similarity plus evidence, with learned weights.

Out-of-scope questions often sit close to some entry in embedding space but rarely share its rare words.
How much each piece of evidence counts is not set by hand: bench/fit_confidence.py fits a logistic regression on
the entries' own alternate questions (in scope, each searched with itself left out) against
bench/out_of_scope.yaml (never the dev set) and writes the weights to confidence_weights.json beside this file.
They are divided by the similarity's weight and the evidence is measured from its mean over in-scope questions,
so a typical answerable question keeps its cosine as its confidence and the thresholds stay on that scale.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("confidence_weights.json")
EVIDENCE = ("lexical_agreement", "lexical_score", "coverage")


@cache
def _fitted() -> tuple[dict[str, float], dict[str, float]]:
    fitted = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return ({name: float(fitted["weights"][name]) for name in EVIDENCE},
            {name: float(fitted["centre"][name]) for name in EVIDENCE})


def score(similarity: float, evidence: dict[str, float]) -> float:
    """Cosine of the chosen entry, plus each piece of evidence's distance from the usual, times its weight."""
    weights, centre = _fitted()
    return similarity + sum(w * (evidence[name] - centre[name]) for name, w in weights.items())


def usual(names: tuple[str, ...]) -> dict[str, float]:
    """The evidence's usual values (what counts neither for nor against), for evidence that cannot be gathered."""
    return {name: _fitted()[1][name] for name in names}
