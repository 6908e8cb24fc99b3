from knowledge.documents import counting


def test_places_are_counted_by_the_people_who_took_them():
    """"how many places were there on 70@70?" is answered by "70 senior nurses and midwives", not by "two days"."""
    asked = counting.HOW_MANY.search("what was the time commitment and how many places were there?")
    assert counting.counts("It gave 70 senior nurses and midwives two days a week for three years.", asked)
    assert not counting.counts("It gave two days a week for three years.", asked)
    assert not counting.counts("It ran in 3 locations.", asked)


def test_a_passage_says_how_many_only_with_a_whole_number_of_what_is_counted():
    """The note that the passage "does" say how many must be true: not for "1.2 ... in place" nor "41% of staff"."""
    asked = counting.HOW_MANY.search("how many places on the HEE education research fellowship?")
    assert counting.counts_plainly("It gave 70 senior nurses and midwives two days a week.", asked)
    assert not counting.counts_plainly("1.2 Put the fellowship programme in place.", asked)
    assert not counting.counts_plainly("Only 41% of staff had time.", asked)
    assert not counting.counts("Half of nurses said so.", asked)
    sets = counting.HOW_MANY.search("how many action learning sets are there?")
    assert counting.counts_plainly("You will participate in 3 learning sets.", sets)
