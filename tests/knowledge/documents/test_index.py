"""The document tier's index: finds the passage by its rare words or its meaning; adding or retiring a document
embeds only new passages."""

import pytest

from knowledge import embedder
from knowledge.documents.index import Document, DocumentIndex
from knowledge.documents.passages import Passage

A = Document("a", "Library rules", "Trust")
B = Document("b", "Parking guide", "Trust")
PASSAGES_A = [Passage("a", 1, "Laptops with SPSS are lent to staff for three weeks.", "Loans", None),
              Passage("a", 2, "The reading room opens at eight in the morning.", "Opening hours", None)]
PASSAGES_B = [Passage("b", 1, "Staff park in zone C after applying for a permit.", None, None)]


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = embedder.embed

    def embed(texts, batch_size=32, progress=False):
        calls.append(len(texts))
        return real(texts, batch_size=batch_size)

    monkeypatch.setattr(embedder, "embed", embed)
    return calls


def test_search_finds_the_passage_and_is_confident_only_when_it_fits(counted):
    index = DocumentIndex.empty().with_documents([(A, PASSAGES_A), (B, PASSAGES_B)])
    result = index.search("How long can I borrow a laptop with SPSS?")
    assert result.hits[0].passage.key == "a#1"
    assert result.confidence > index.search("What is the capital of Peru?").confidence


def test_changes_embed_only_new_passages(counted):
    index = DocumentIndex.empty().with_documents([(A, PASSAGES_A)])
    counted.clear()
    bigger = index.with_documents([(A, PASSAGES_A), (B, PASSAGES_B)])
    assert counted == [1]  # B's one passage: A's vectors are reused
    smaller = bigger.with_documents([], removed={"a"})
    assert [p.key for p in smaller.passages] == ["b#1"] and set(smaller.documents) == {"b"}
    assert smaller.search("where do staff park?").hits[0].passage.key == "b#1"


def test_a_passage_holding_more_of_the_asked_words_gains_on_one_repeating_a_rare_word(monkeypatch):
    survey = Document("s", "Survey report", "Trust")
    passages = [Passage("s", 1, "Qualtrics hosted the survey. Qualtrics settings, Qualtrics exports and Qualtrics "
                        "logins were managed by the analytics team.", "Methods", None),
                Passage("s", 2, "The survey on Qualtrics closed in April, after 1,000 staff had responded.",
                        "Responses", None)]
    index = DocumentIndex.empty().with_documents([(survey, passages)])
    question = "How many staff responded to the Qualtrics survey?"  # asked: many, staff, responded, qualtrics, survey

    def gap() -> float:
        scores = {h.passage.key: h.score for h in index.search(question).hits}
        return scores["s#2"] - scores["s#1"]

    with_coverage = gap()
    monkeypatch.setattr("knowledge.documents.index.COVERAGE_WEIGHT", 0.0)
    assert with_coverage - gap() == pytest.approx(0.5 * (4 / 5 - 2 / 5), abs=1e-4)
    assert with_coverage > 0
