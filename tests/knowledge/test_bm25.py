"""Our updatable BM25 ranks exactly as bm25s (the library it replaced) and an update equals a rebuild."""

import random

import bm25s
import numpy as np
import pytest

from knowledge.bm25 import Bm25

WORDS = [f"w{i}" for i in range(60)]


def corpus(rng: random.Random, n: int) -> list[list[str]]:
    return [rng.choices(WORDS[: rng.randint(5, 60)], k=rng.randint(1, 40)) for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_scores_equal_bm25s(seed):
    rng = random.Random(seed)
    docs = corpus(rng, 200)
    reference = bm25s.BM25()
    reference.index(docs, show_progress=False)
    ours = Bm25.index(docs)
    for _ in range(20):
        query = rng.choices(WORDS + ["unknown"], k=rng.randint(1, 6))  # repeats and unknown words included
        known = [t for t in query if t in reference.vocab_dict]
        expected = reference.get_scores(known) if known else np.zeros(len(docs))
        assert np.allclose(ours.scores(query), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_update_equals_a_rebuild_and_leaves_the_old_index_alone(seed):
    rng = random.Random(seed)
    docs = corpus(rng, 100)
    before = Bm25.index(docs)
    scores_before = before.scores(["w1", "w2", "w3"])
    keep = np.array([rng.random() > 0.1 for _ in docs])
    added = corpus(rng, 7) + [["brand", "new", "words", "w1"]]
    after = before.updated(keep, added)
    rebuilt = Bm25.index([d for d, k in zip(docs, keep) if k] + added)
    for query in (["w1", "w2", "w3"], ["brand", "w7"], ["w59", "w59"], ["nothing"]):
        assert np.allclose(after.scores(query), rebuilt.scores(query), rtol=1e-5, atol=1e-6)
    assert np.array_equal(before.scores(["w1", "w2", "w3"]), scores_before)
    assert len(before) == len(docs) and len(after) == keep.sum() + len(added)


def test_empty_index_and_removing_everything():
    assert len(Bm25.index([]).scores(["w1"])) == 0
    index = Bm25.index([["a", "b"], ["b", "c"]])
    emptied = index.updated(np.array([False, False]), [])
    assert len(emptied) == 0 and len(emptied.scores(["a"])) == 0
    refilled = emptied.updated(np.zeros(0, dtype=bool), [["a"]])
    assert refilled.scores(["a"])[0] > 0


def test_idf_is_highest_for_a_word_no_passage_uses_and_lowest_for_one_every_passage_does():
    index = Bm25.index([["staff", "survey"], ["staff", "nvivo"], ["staff", "audit"]])
    assert index.idf("unknown") > index.idf("nvivo") > index.idf("staff") > 0


def test_a_word_in_most_passages_ranks_nothing():
    """"research" is in three passages of four: alone it would rank passages by their length, not by the question."""
    index = Bm25.index([["research", "champion"], ["research", "time"], ["research"], ["mentor"]])
    assert not index.ranks_by(["research"]) and not index.ranks_by(["research", "unknown"])
    assert index.ranks_by(["research", "champion"]) and index.ranks_by(["mentor"])


def test_a_common_terms_kept_scores_are_the_scores_made_afresh(monkeypatch):
    """The scores of a term in many passages are made once and kept: a second question gets exactly the first's."""
    import numpy as np

    from knowledge import bm25

    monkeypatch.setattr(bm25, "COMMON", 2)
    corpus = [["research", "nurse"], ["research", "time"], ["research", "nurse", "nurse"], ["funding"]]
    index = bm25.Bm25.index(corpus)
    first = index.scores(["research", "nurse"])
    assert index._weights  # kept
    again = index.scores(["nurse", "research"])
    fresh = bm25.Bm25.index(corpus)
    monkeypatch.setattr(bm25, "COMMON", 10**9)
    assert np.array_equal(first, again) and np.array_equal(first, fresh.scores(["research", "nurse"]))


def test_a_distinctive_term_is_used_but_in_few_passages():
    """A name word that says what a text is about ("barriers") is in fewer than 5% of the passages; "staff" is not."""
    corpus = [["staff", "barrier"], *([["staff"]] * 19), *([["other"]] * 20)]
    index = Bm25.index(corpus)
    assert index.distinctive("barrier") and not index.distinctive("staff") and not index.distinctive("unused")
