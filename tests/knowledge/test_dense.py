"""Dense search: the IVF index finds what exact search finds, and updates never show removed passages."""

import numpy as np

from knowledge.dense import DenseIndex

DIM = 32


def clustered(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit vectors around 50 topics, like passages about a few dozen schemes."""
    centres = rng.normal(size=(50, DIM))
    v = centres[rng.integers(0, 50, n)] + 0.6 * rng.normal(size=(n, DIM))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def exact(vectors: np.ndarray, q: np.ndarray, n: int) -> list[int]:
    return list(np.argsort(-(vectors @ q), kind="stable")[:n])


def test_small_indexes_are_exact():
    vectors = clustered(np.random.default_rng(0), 500)
    index = DenseIndex.build(vectors, ivf_from=1000)
    assert index.exact
    for q in vectors[:20]:
        assert index.search(q, 10) == exact(vectors, q, 10)


def test_ivf_recall_against_exact_search():
    rng = np.random.default_rng(1)
    vectors = clustered(rng, 4000)
    index = DenseIndex.build(vectors, ivf_from=1000)
    assert not index.exact
    queries = clustered(rng, 100)
    recall = np.mean([len(set(index.search(q, 10)) & set(exact(vectors, q, 10))) / 10 for q in queries])
    assert recall >= 0.9


def test_what_the_ivf_finds_is_ordered_by_its_exact_score():
    """The IVF keeps its vectors in half precision (two bytes a dimension: half the memory read per question); the
    passages it finds are ranked by their full vectors' scores, so among them the order is exact search's."""
    rng = np.random.default_rng(3)
    vectors = clustered(rng, 4000)
    index = DenseIndex.build(vectors, ivf_from=1000)
    assert index.ivf.code_size == 2 * DIM
    for q in clustered(rng, 30):
        found = index.search(q, 10)
        scores = vectors[found] @ q
        assert list(scores) == sorted(scores, reverse=True)


def test_update_masks_removed_passages_and_finds_new_ones_exactly():
    rng = np.random.default_rng(2)
    vectors = clustered(rng, 3000)
    before = DenseIndex.build(vectors, ivf_from=1000)
    keep = np.ones(len(vectors), dtype=bool)
    keep[rng.choice(len(vectors), 300, replace=False)] = False
    new = clustered(rng, 20)
    after_vectors = np.concatenate([vectors[keep], new])
    after = before.updated(keep, after_vectors)
    assert after.ivf is before.ivf  # no retraining to publish an entry

    for i, q in enumerate(new):
        assert after.search(q, 5)[0] == len(after_vectors) - len(new) + i  # each new passage finds itself first
    for q in vectors[~keep][:50]:  # a removed passage's own vector: it is gone, its neighbours remain
        found = after.search(q, 10)
        assert all(0 <= p < len(after_vectors) for p in found) and len(found) == 10
        assert exact(after_vectors, q, 1)[0] in found
    assert before.search(vectors[~keep][0], 1) == [int(np.flatnonzero(~keep)[0])]  # the old index is unchanged

    again = after.updated(np.ones(len(after_vectors), dtype=bool), after_vectors)  # an unchanged second update
    q = clustered(rng, 1)[0]
    assert again.search(q, 10) == after.search(q, 10)


def test_repeated_updates_keep_positions_right():
    """Publishing the same entry again and again: its passages leave the delta and come back."""
    rng = np.random.default_rng(3)
    vectors = clustered(rng, 2500)
    index, current = DenseIndex.build(vectors, ivf_from=1000), vectors
    for _ in range(5):
        keep = np.ones(len(current), dtype=bool)
        keep[rng.choice(len(current), 3, replace=False)] = False
        keep[-2:] = False  # the previous update's passages too
        current = np.concatenate([current[keep], clustered(rng, 4)])
        index = index.updated(keep, current)
        for position in range(len(current)):
            if position % 97 == 0 or position >= len(current) - 4:
                assert index.search(current[position], 1) == [position]
