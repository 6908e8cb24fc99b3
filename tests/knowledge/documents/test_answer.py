"""The document tier's answer: verbatim, cited, dated, marked as not reviewed; and when it speaks at all."""

from knowledge.documents import answer
from knowledge.documents.index import Document, DocumentHit, DocumentResult
from knowledge.documents.passages import Passage

DOC = Document("doc-1", "Research time policy", "Riverside Trust", None, "https://example.nhs.uk/policy.pdf", "pdf")
PASSAGE = Passage("doc-1", 3, "Staff may take two research days a month.", "Research days", 4)


def _result(confidence: float) -> DocumentResult:
    return DocumentResult([DocumentHit(PASSAGE, DOC, 0.7, 1.2)], confidence)


def test_a_confident_passage_is_quoted_verbatim_with_title_place_date_and_the_note():
    reply = answer.compose(_result(0.9))
    assert reply["tier"] == "document" and reply["reviewed"] is False and reply["entry_id"] is None
    text = reply["text"]
    assert "\u201cStaff may take two research days a month.\u201d" in text
    assert "Research time policy" in text and "page 4, section \u201cResearch days\u201d" in text
    assert "date not stated" in text and "has not reviewed" in text and "https://example.nhs.uk/policy.pdf" in text
    assert reply["passage_id"] == "doc-1#3" and reply["page"] == 4


def test_below_the_threshold_the_tier_says_nothing():
    assert answer.compose(_result(answer.MIN_CONFIDENCE - 0.01)) is None
    assert answer.compose(DocumentResult([], 0.0)) is None


def test_a_passage_after_an_entry_is_marked_as_an_unreviewed_document():
    extra = answer.supplement(_result(0.9))
    assert extra["text"].startswith("\n\n**From the document") and "has not reviewed" in extra["text"]
    assert extra["tier"] == "document" and extra["reviewed"] is False and extra["page"] == 4


def test_a_passage_whose_sentences_hold_the_rare_asked_words_answers_at_a_lower_confidence():
    low = answer.SUPPORTED_CONFIDENCE + 0.05  # below MIN_CONFIDENCE: the embedding alone would not answer
    assert answer.compose(DocumentResult([DocumentHit(PASSAGE, DOC, 0.3, 1.0)], low, support=0.95)) is not None
    assert answer.compose(DocumentResult([DocumentHit(PASSAGE, DOC, 0.3, 1.0)], low, support=0.5)) is None
    assert answer.compose(DocumentResult([DocumentHit(PASSAGE, DOC, 0.1, 1.0)], answer.SUPPORTED_CONFIDENCE - 0.05,
                                         support=1.0)) is None


OTHER = Passage("doc-1", 9, "Research days are agreed with the line manager in the job plan.", "Job plans", 7)


def test_two_passages_too_close_to_call_are_both_quoted_each_with_its_source_and_one_note():
    close = DocumentResult([DocumentHit(PASSAGE, DOC, 0.7, 1.2), DocumentHit(OTHER, DOC, 0.6, 1.2 - answer.CLOSE / 2)],
                           0.9)
    reply = answer.compose(close)
    assert reply["passages"] == ["doc-1#3", "doc-1#9"] and reply["passage_id"] == "doc-1#3"
    text = reply["text"]
    assert "\u201cStaff may take two research days a month.\u201d" in text and "in the job plan.\u201d" in text
    assert "page 7, section \u201cJob plans\u201d" in text
    assert text.count("_Source:") == 2 and text.count("has not reviewed") == 1
    after_entry = answer.supplement(close)  # after an entry's answer: one passage, to keep the reply short
    assert after_entry["passages"] == ["doc-1#3"] and "job plan" not in after_entry["text"]


def test_a_clear_first_passage_or_a_second_saying_the_same_is_quoted_alone():
    apart = DocumentResult([DocumentHit(PASSAGE, DOC, 0.7, 1.2), DocumentHit(OTHER, DOC, 0.6, 1.1 - answer.CLOSE)],
                           0.9)
    assert answer.compose(apart)["passages"] == ["doc-1#3"]
    repeated = Passage("doc-1", 12, "Staff may take two research days a month.", "Summary", 9)
    same = DocumentResult([DocumentHit(PASSAGE, DOC, 0.7, 1.2), DocumentHit(repeated, DOC, 0.7, 1.2)], 0.9)
    assert [h.passage.key for h in answer.shown(same)] == ["doc-1#3"]


def test_tell_me_more_continues_with_the_next_passage_and_where_is_that_from_cites_it():
    from knowledge.documents.index import DocumentIndex
    other = Document("doc-2", "Parking", "Riverside Trust", None, None, "text")
    index = DocumentIndex.empty().with_documents([
        (DOC, [PASSAGE, Passage("doc-1", 4, "Ask your manager to agree the days.", "Research days", 5)]),
        (other, [Passage("doc-2", 1, "Staff park in zone C.", None, None)])])
    more = answer.continued(index, "doc-1#3")
    assert "\u201cAsk your manager to agree the days.\u201d" in more["text"] and more["passage_id"] == "doc-1#4"
    assert "That was the end of \u201cResearch time policy\u201d" in answer.continued(index, "doc-1#4")["text"]
    source = answer.source_of(index, "doc-1#3")
    assert "Research time policy" in source["text"] and "page 4" in source["text"]
    assert "https://example.nhs.uk/policy.pdf" in source["text"] and source["tier"] == "document"
    assert answer.continued(index, "doc-9#1") is None and answer.source_of(index, "doc-9#1") is None


def test_a_passage_holding_most_of_the_rare_asked_words_answers_a_little_below_the_threshold():
    """"What software was used to create the CRUK survey?": the passage naming Qualtrics at 0.51, support 0.70."""
    def result(confidence, support):
        return DocumentResult([DocumentHit(PASSAGE, DOC, 0.5, 1.0)], confidence, support=support)

    mid = answer.PARTLY_SUPPORTED_CONFIDENCE
    assert answer.MIN_CONFIDENCE > mid and answer.SUPPORTED > answer.PARTLY_SUPPORTED
    assert answer.compose(result(mid + 0.01, answer.PARTLY_SUPPORTED + 0.1)) is not None
    assert answer.compose(result(mid - 0.01, answer.PARTLY_SUPPORTED + 0.1)) is None  # nor below it
    assert answer.compose(result(mid + 0.05, answer.PARTLY_SUPPORTED - 0.05)) is None  # nor holding less
