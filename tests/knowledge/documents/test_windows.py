"""A passage judged by its best few sentences, and by whether they hold the kind of answer asked for."""

import pytest

from knowledge.documents.windows import (
    AnswerType, Windows, asked_words, asks_for, holds_type, kind_asked, sentences, terms)


@pytest.mark.parametrize("question, kind", [
    ("How many nurses joined the scheme?", AnswerType.number),
    ("What percentage of trusts increased research?", AnswerType.number),
    ("What share of responses came from Wales?", AnswerType.number),
    ("% of staff who think training would make them more research active?", AnswerType.number),
    ("what % think closer ties with universities would help", AnswerType.number),
    ("When did the bursary open?", AnswerType.date),
    ("In what year was the strategy published?", AnswerType.date),
    ("How long is the fellowship?", AnswerType.duration),
    ("Who wrote the foreword?", AnswerType.name),
    ("Which software was used to code the interviews?", AnswerType.name),
    ("What databases were searched?", AnswerType.name),
    ("What does the strategy say about patients?", AnswerType.other),
])
def test_the_wording_says_what_kind_of_answer_is_wanted(question, kind):
    assert asks_for(question) is kind


def test_a_window_holds_a_kind_of_answer_only_when_it_has_one():
    assert holds_type("82% of respondents agreed", AnswerType.number)
    assert not holds_type("Respondents agreed with the statement", AnswerType.number)
    assert holds_type("Applications opened on 3rd March", AnswerType.date)
    assert not holds_type("Applications opened early", AnswerType.date)
    assert holds_type("The post runs for two years", AnswerType.duration)
    assert holds_type("The notes were kept in Trello", AnswerType.name)
    assert not holds_type("The notes were kept by hand", AnswerType.name)


def test_sentences_and_list_items_are_cut_apart():
    assert sentences("First one. Second one! • Item a • Item b - Item c") == [
        "First one.", "Second one!", "• Item a", "• Item b", "- Item c"]
    assert sentences("Costs rose, e.g. for staff, and fell.") == ["Costs rose, e.g. for staff, and fell."]


def test_the_best_window_is_the_sentences_that_hold_the_question_not_the_whole_passage():
    text = ("The audit ran in eleven wards. Staff were invited by email. Managers were told in advance. "
            "Forms were anonymous. In all 412 responses were analysed after checks.")
    windows = Windows.of(text, "Ward audit report - Methods")
    question = "How many responses were analysed?"
    asked = asked_words(question, asks_for(question))
    assert asked == set(terms("response analysed"))  # "many" is the answer's slot, held by the number, not a word
    share, typed = windows.best(asked, AnswerType.number)
    assert share == pytest.approx(1.0) and typed
    assert windows.best(set(terms(question)), AnswerType.number)[0] == pytest.approx(2 / 3)
    # The heading and title count for every window: "methods" is held without a sentence naming it.
    assert windows.best(set(terms("What were the methods for responses?")))[0] == pytest.approx(1.0)
    # A window is at most three sentences: words spread over five are not held together.
    assert windows.best(set(terms("eleven wards anonymous checks")))[0] < 1.0


def test_the_window_holding_the_kind_of_answer_wins_a_tie_and_rare_words_weigh_more():
    windows = Windows.of("Staff responded in large numbers. In all 97 staff responded.", "")
    asked = set(terms("How many staff responded?"))
    assert windows.best(asked, AnswerType.number, type_weight=0.1) == (pytest.approx(2 / 3), True)
    rare = Windows.of("Staff like it. It was sunny. The room was full. Trello was used.", "")
    assert rare.best({"staff", "trello"}, weights={"staff": 0.1, "trello": 2.0})[0] == pytest.approx(2.0 / 2.1)


def test_a_past_tense_and_a_final_e_meet_the_present_and_the_ing_form():
    assert terms("closed") == terms("close") == terms("closing")
    assert terms("We analysed it") == terms("analyse") == terms("analysing")
    assert terms("launched") == terms("launch")
    assert terms("need") == ["need"] and terms("used") == ["used"]  # short words are left alone
    assert terms("When did the bursary close?") == terms("bursary close")  # "did" asks nothing
    assert terms("What is HEE's objective?") == terms("HEE objective")  # nor does a possessive's "s"


def test_numbers_in_words_figures_and_ordinals_meet():
    assert set(terms("day 3")) == set(terms("day three")) == set(terms("the third day")) == set(terms("Day 3rd"))
    assert terms("twelve ward managers") == terms("12 ward managers")


def test_a_nation_meets_its_adjective():
    """"responses from Scotland" is answered by "11% from Scottish Health Boards"."""
    assert terms("Scottish") == terms("Scotland") and terms("Welsh") == terms("Wales")
    assert terms("Northern Irish trusts") == terms("Northern Ireland trusts")


def test_a_numbered_part_is_one_word_however_it_is_written():
    """"recommendation 6", "the sixth recommendation" and the report's "6. We recommend ..." meet; so do "day 3" and
    "the third day". A number beside no label ("4 inter-linked one day workshops") makes no such word."""
    def numbered(text):
        return [t for t in terms(text) if "#" in t]
    assert numbered("what is recommendation 6?") == numbered("the sixth recommendation") == ["recommendation#6"]
    assert numbered("6. We therefore recommend the NIHR, CSO and HSC R&D should") == ["recommendation#6"]
    assert numbered("What does day 3 cover?") == numbered("The third day will explore") == ["day#3"]
    assert numbered("Objective Two") == numbered("objective 2") == ["objective#2"]
    assert numbered("4 inter-linked one day workshops") == []
    assert numbered("what does rec 9 in the CRUK report say?") == ["recommendation#9"]  # round twenty-eight


def test_the_items_of_a_list_of_recommendations_are_numbered_recommendations():
    text = "Full list of policy recommendations\n- 4. The UK Government should conduct a regional review."
    assert "recommendation#4" in terms(text)
    assert "recommendation#1" not in terms("Aims\n- 1. To map the range and type of initiatives.")


def test_numbered_parts_read_near_their_labels_are_those_of_the_whole_text(entries, settings):
    """Read only around the words that label them, every entry's and every source passage's numbered parts are
    those `terms` finds in the whole text."""
    from knowledge.documents.seeds import seed_documents
    from knowledge.documents.windows import numbered_parts, terms

    texts = [" ".join([e.title, e.summary, e.body, *e.synonyms]) for e in entries]
    texts += [p.text for _, passages in seed_documents(settings.sources_dir) for p in passages]
    texts += ["6. We recommend that Trusts do more", "the sixth recommendation", "Day 3 and then day four",
              "Full list of policy recommendations\n- 4. The UK Government should fund it\n- 5. Trusts should"]
    assert len(texts) > 300
    assert [t for t in texts if numbered_parts(t) != frozenset(w for w in terms(t) if "#" in w)] == []
    assert numbered_parts("recommendation 15 on secondments") == {"recommendation#15"}
    long = "In phase " + "x " * 28 + "phase 12 of the work"  # the window around the first label ends in "12"
    assert numbered_parts(long) == frozenset(w for w in terms(long) if "#" in w)


def test_the_verb_framing_what_did_x_show_is_no_word_the_answer_must_hold():
    """"what did the PARROT trial show?": the passage says the trial "demonstrated"."""
    assert asked_words("what did the PARROT trial show?", AnswerType.other) == {"parrot", "trial"}
    assert asked_words("what does the report say?", AnswerType.other) == {"report"}
    assert "show" in asked_words("how do I show my manager research matters?", AnswerType.other)


def test_a_share_asked_is_answered_by_a_window_holding_a_share_not_any_number():
    """"what proportion of NHS trusts upped their research activity in 2018/19?" ranked a table of study counts above
    "50% of NHS trusts increasing their research activity during 2018/19"."""
    question = "what proportion of NHS trusts upped their research activity in 2018/19?"
    assert kind_asked(question) is AnswerType.share and asks_for(question) is AnswerType.number
    assert kind_asked("how many trusts took part?") is AnswerType.number
    assert holds_type("with 50% of NHS trusts increasing their research", AnswerType.share)
    assert not holds_type("Trust Region CRN studies 18/19 412 1,200", AnswerType.share)
    table = Windows.of("Trust Region CRN studies 18/19. Guy's 412 studies.", "")
    share = Windows.of("With 50% of NHS trusts increasing their research activity.", "")
    asked = asked_words(question, AnswerType.share)
    assert share.best(asked, AnswerType.share, 0.1)[1] and not table.best(asked, AnswerType.share, 0.1)[1]
