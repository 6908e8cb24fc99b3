"""The "I don't know" confidence: fitted weights in use, evidence that moves it the right way, and a fit that
searches each alternate question as a new one."""

import json

import yaml

from bench.fit_confidence import OUT_OF_SCOPE
from knowledge import confidence
from knowledge.search import SURE_SIMILARITY, search
from knowledge.settings import Settings


def test_the_service_threshold_is_the_fitted_one():
    fitted = json.loads(confidence.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(fitted["weights"]) == set(fitted["centre"]) == set(confidence.EVIDENCE)
    assert Settings.model_fields["min_confidence"].default == round(fitted["threshold"], 2)


def test_words_the_entry_uses_count_towards_confidence():
    usual = {name: 0.5 for name in confidence.EVIDENCE}
    covered = confidence.score(0.6, {**usual, "coverage": 1.0})
    foreign = confidence.score(0.6, {**usual, "coverage": 0.0})
    assert covered > foreign


def test_a_left_out_alternate_question_is_searched_as_a_new_question(index):
    passage = next(p for p in index.passages if p.question and p.entry_id == "research-secondments")
    assert search(index, passage.text).hits[0].similarity > 0.99
    without = search(index, passage.text, exclude=frozenset({passage.key}))
    assert all(h.similarity < 0.99 for h in without.hits)


def test_a_question_as_close_as_a_paraphrase_is_answered_whatever_its_chat(index, settings):
    """Most of its words are the writer's story ("started here last month", "nobody mentioned"), which the entry never
    uses; its meaning is the entry's."""
    result = search(index, "started here last month and nobody mentioned research once during my induction, should "
                           "they have?")
    assert result.hits[0].entry_id == "induction-research-strategy"
    assert result.evidence["coverage"] < 0.3 and result.hits[0].similarity >= SURE_SIMILARITY
    assert result.confidence >= result.hits[0].similarity > settings.min_confidence


def test_no_out_of_scope_question_comes_as_close_as_a_paraphrase(index):
    """What lets likeness alone answer: none of the negatives the confidence is fitted on gets near it."""
    questions = yaml.safe_load(OUT_OF_SCOPE.read_text(encoding="utf-8"))
    closest = max(search(index, q, k=1).hits[0].similarity for q in questions)
    assert closest < SURE_SIMILARITY
