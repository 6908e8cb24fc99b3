"""Splitting into passages: a sentence a page or column break cut is put back together; lists and long runs
still end their passage."""

from knowledge.documents.extract import Block
from knowledge.documents.passages import MAX_WORDS, MIN_WORDS, is_references, split

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


def test_a_lead_in_ending_with_a_colon_stays_with_its_list():
    """UHL's "... as soon as possible. We will:" was quoted alone, its four commitments in the next passage."""
    lead = WORDS_50 + " We will:"
    passages = split("d", [Block(lead, "Performance", None), Block("• Invest in our support staff", "Performance", None),
                           Block("• Streamline study set-up", "Performance", None)])
    assert passages[0].text.startswith(lead) and "Invest in our support staff" in passages[0].text


def test_text_that_never_ends_a_sentence_is_still_cut_at_the_longest_passage():
    blocks = [Block(" ".join(["word"] * 60) + " and", None, None) for _ in range(10)]
    passages = split("d", blocks)
    assert len(passages) > 1 and all(len(p.text.split()) <= MAX_WORDS + 60 for p in passages)
    assert " ".join(p.text for p in passages) == " ".join(b.text for b in blocks)


def test_a_heading_or_page_still_ends_a_passage_mid_sentence():
    passages = split("d", [Block(WORDS_50[:-1] + " and", "One", 1), Block("more text.", "One", 2)])
    assert [(p.text.endswith("and"), p.page) for p in passages] == [(True, 1), (False, 2)]


def test_a_line_taken_for_a_heading_that_heads_nothing_ends_the_section_above_instead_of_being_lost():
    blocks = [Block("Annual report", "Annual report", None, is_heading=True),
              Block("Chief executive", "Chief executive", None, is_heading=True),
              Block(WORDS_50, "Chief executive", None),
              Block("Jane Smith, Chief Executive", "Jane Smith, Chief Executive", None, is_heading=True),
              Block("Finances", "Finances", None, is_heading=True),
              Block("The trust spent its budget.", "Finances", None)]
    passages = split("d", blocks)
    assert [(p.heading, p.text) for p in passages] == [
        ("Chief executive", WORDS_50 + " Jane Smith, Chief Executive"), ("Finances", "The trust spent its budget.")]


def test_a_short_section_still_pending_takes_the_line_too():
    blocks = [Block("Notes", "Notes", 3, is_heading=True), Block("Short text.", "Notes", 3),
              Block("Figure 2: Staff numbers", "Figure 2: Staff numbers", 3, is_heading=True),
              Block("Next", "Next", 4, is_heading=True), Block("More text.", "Next", 4)]
    assert [(p.heading, p.text, p.page) for p in split("d", blocks)] == [
        ("Notes", "Short text. Figure 2: Staff numbers", 3), ("Next", "More text.", 4)]


REFERENCES = ("- ¹ Jonker L, Fisher SJ (2018) The correlation between trials and ratings. BMJ Open. "
              "- ² Royal College of Physicians (2016) Research for All, Royal College of Physicians. "
              "- ³ Health and Care Research Wales (2019). Delivery Framework 2019/20. https://example.org/x.pdf")


def test_a_reference_list_makes_no_passage_nor_joins_what_surrounds_it():
    blocks = [Block(WORDS_50, "Recommendations", None), Block("References", None, None, is_heading=True),
              Block(REFERENCES, "References", None), Block("2018.pdf", "References", None, is_heading=True),
              Block("⁴⁰ Duhig KE, Myers J (2019) Placental growth factor testing.", "2018.pdf", None),
              Block("Appendix: the survey asked about protected time.", "Appendix", None)]
    texts = [p.text for p in split("d", blocks)]
    assert texts == [WORDS_50, "Appendix: the survey asked about protected time."]


def test_text_that_cites_its_sources_is_kept():
    cited = ("Patients in research-active hospitals get better care.¹ ² A 2019 survey (Jonker 2018) agreed; "
             "see the King's Fund (2018) report.")
    assert not is_references(cited)
    assert [p.text for p in split("d", [Block(cited, "Why", None)])] == [cited]


def test_a_table_of_contents_and_acknowledgements_make_no_passages():
    """Thanks to the trusts that took part answered "do big teaching hospitals get all the research?"."""
    blocks = [Block("Acknowledgements", "Acknowledgements", 1, is_heading=True),
              Block("We thank Guy's and St Thomas' and NHS Lothian. " + WORDS_50, "Acknowledgements", 1),
              Block("Contents", "Contents", 2, is_heading=True),
              Block("Introduction 4 Methods 6 Results 9", "Contents", 2),
              Block("Introduction", "Introduction", 4, is_heading=True),
              Block(WORDS_50, "Introduction", 4)]
    assert [(p.number, p.heading) for p in split("d", blocks)] == [(1, "Introduction")]
