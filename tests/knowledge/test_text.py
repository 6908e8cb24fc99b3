"""Typo correction for lexical search: typos are corrected, real words the index lacks are not."""

import pytest

from knowledge.text import Speller, edits

VOCABULARY = {"both", "portfolio", "secondment", "benefit", "research", "informatics", "former", "form"}


@pytest.mark.parametrize("a, b, n", [("secondmnet", "secondment", 1), ("portfollio", "portfolio", 1),
                                     ("bother", "both", 2), ("kitten", "sitting", 3), ("", "ab", 2)])
def test_edits_count_a_swap_of_neighbours_as_one(a, b, n):
    assert edits(a, b) == n == edits(b, a)


@pytest.mark.parametrize("typo, word", [("portfollio", "portfolio"), ("secondmnet", "secondment"),
                                        ("benifit", "benefit"), ("reserch", "research"), ("informatcs", "informatics")])
def test_a_typo_is_corrected(typo, word):
    assert Speller(VOCABULARY).correct_word(typo) == word


@pytest.mark.parametrize("word", ["bother", "formal"])
def test_a_real_word_is_not_turned_into_a_shorter_one(word):
    """"why would I bother with research?" was searched as "both research": a different word, not a typo."""
    assert Speller(VOCABULARY).correct_word(word) == word
