"""Splitting into passages: a sentence a page or column break cut is put back together; lists and long runs
still end their passage."""

from knowledge.documents.extract import Block
from knowledge.documents.passages import MAX_WORDS, MIN_WORDS, split

WORDS_50 = " ".join(["research"] * 49) + " time."


def test_a_paragraph_that_stops_mid_sentence_goes_on_in_the_next_block():
    blocks = [Block(WORDS_50[:-1] + " and we interviewed 51", "Methods", None),
              Block("staff in six NHS trusts in four countries.", "Methods", None),
              Block(WORDS_50, "Methods", None)]
    passages = split("d", blocks)
    held = next(p for p in passages if "interviewed 51" in p.text)
    assert "interviewed 51 staff in six NHS trusts" in held.text
    assert [p.text for p in passages][-1] == WORDS_50  # a finished sentence still ends its passage


def test_a_list_item_without_a_full_stop_ends_its_passage_once_long_enough():
    item = "• " + " ".join(["support"] * MIN_WORDS)
    passages = split("d", [Block(item, "Aims", None), Block("• Open trials quickly", "Aims", None)])
    assert [p.text for p in passages] == [item, "• Open trials quickly"]


def test_text_that_never_ends_a_sentence_is_still_cut_at_the_longest_passage():
    blocks = [Block(" ".join(["word"] * 60) + " and", None, None) for _ in range(10)]
    passages = split("d", blocks)
    assert len(passages) > 1 and all(len(p.text.split()) <= MAX_WORDS + 60 for p in passages)
    assert " ".join(p.text for p in passages) == " ".join(b.text for b in blocks)


def test_a_heading_or_page_still_ends_a_passage_mid_sentence():
    passages = split("d", [Block(WORDS_50[:-1] + " and", "One", 1), Block("more text.", "One", 2)])
    assert [(p.text.endswith("and"), p.page) for p in passages] == [(True, 1), (False, 2)]
