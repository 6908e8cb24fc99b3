"""Alternate questions are written from the sources and from how staff talk, never from the dev set: a question
that is a near copy of a dev-set question (same words, or the same meaning by the embedding model) would make
bench/retrieval.py measure memory instead of retrieval."""

import difflib
import re
from pathlib import Path

import pytest
import yaml

from knowledge import embedder

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "devset.yaml"
SAME_WORDS = 0.85  # difflib ratio of the normalised texts
SAME_MEANING = 0.85  # cosine of the embeddings


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9@]+", text.lower()))


@pytest.mark.slow  # embeds or waits for seconds: `make test` runs it, `make unit` does not
def test_no_alternate_question_is_a_copy_of_a_dev_set_question(entries):
    dev = [d["q"] for d in yaml.safe_load(DEVSET.read_text(encoding="utf-8"))]
    mine = [(e.id, q) for e in entries for q in e.alternate_questions]
    assert mine, "entries carry alternate questions"
    worded = [(e, q, d) for e, q in mine for d in dev
              if difflib.SequenceMatcher(None, _plain(q), _plain(d)).ratio() >= SAME_WORDS]
    assert worded == []
    similar = embedder.embed([q for _, q in mine]) @ embedder.embed(dev).T
    meant = [(mine[i][0], mine[i][1], dev[j]) for i, j in zip(*(similar >= SAME_MEANING).nonzero())]
    assert meant == []


def test_alternate_questions_of_one_entry_are_distinct(entries):
    for e in entries:
        assert len({_plain(q) for q in e.alternate_questions}) == len(e.alternate_questions), e.id
