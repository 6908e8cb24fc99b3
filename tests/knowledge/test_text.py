"""Typo correction for lexical search (typos corrected, real words the index lacks kept) and chat shorthand."""

import pytest

from knowledge.text import Speller, acknowledges, edits, expand_shorthand, thanks_first, tokens

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


@pytest.mark.parametrize("typed, meant", [
    ("hw much money do u get", "how much money do you get"),
    ("Im a nurse, r there any schemes?", "I'm a nurse, are there any schemes?"),
    ("who runs R&D in my trust?", "who runs R&D in my trust?"),
    ("U.K. schemes for ur band", "U.K. schemes for your band"),
    ("you're", "you're"),
    ("is research even for ppl like me?? im an hca", "is research even for people like me?? I'm an hca"),
])
def test_chat_shorthand_is_spelt_out(typed, meant):
    assert expand_shorthand(typed) == meant


def test_auxiliary_verbs_and_pronouns_are_stopwords():
    assert tokens("What did she do? Has he been there?") == []


@pytest.mark.parametrize("text, only", [
    ("brill", True), ("lol ok", True), ("nice one, cheers", True), ("thanks!", True), ("ok great", True),
    ("ok what about PCAF?", False), ("great, how do I apply?", False), ("good luck", False), ("", False),
    ("ok ok ok ok ok ok ok", False),  # too long to be only that
    ("hiya how's your day going", True), ("you ok?", True), ("how are you doing today?", True),
    ("how are you funded?", False), ("how is PCAF funded?", False),
    ("that's so unfair", True), ("ugh that's annoying", True), ("that's unfair on nurses, isn't it?", False),
    # a question announced, not asked yet
    ("quick one", True), ("hi, quick question", True), ("can I ask you something?", True), ("random q", True),
    ("quick question: is PCAF open to pharmacists?", False), ("can I ask about ICAP?", False),
])
def test_a_message_that_only_acknowledges(text, only):
    assert acknowledges(text) is only


def test_thanks_first():
    assert thanks_first("thanks, that's what I needed") and thanks_first("Thank you, what a great service")
    assert not thanks_first("what's the thanks for?")
    assert not thanks_first("ta. and who do I talk to locally?")  # thanks, then a question: not missed


@pytest.mark.parametrize("message, mash", [
    ("asdfghjk", True), ("jjjjjj", True), ("hello", False), ("wibble", False), ("qwerty", False),
    ("pcaf", False),  # the knowledge base's own word
    ("XYZB??", False),  # an acronym typed in capitals: the bot asks what it stands for
    ("asdf ghjk", False),  # two runs: not one mash
    ("orthoptist", False), ("rcslt", False), ("datix", False), ("thanksss", False),  # words to someone
])
def test_a_keyboard_mash_is_no_question(message, mash):
    from knowledge.text import mashed

    assert mashed(message, {"pcaf"}) is mash


@pytest.mark.parametrize("message, praise", [
    ("lol this bot is better than my induction", True), ("you're actually really helpful", True),
    ("this bot is useless", False), ("is this bot good for finding funding?", False),
    ("this chat is great, what else is there for nurses", False),  # praise, then a question
    ("this thing is useful but can it tell me about PCAF?", False),
])
def test_a_compliment_is_acknowledged(message, praise):
    from knowledge.text import acknowledges

    assert acknowledges(message) is praise


@pytest.mark.parametrize("message, only", [
    # round twenty-three: how the writer feels, or what they will do next, after an answer
    ("ok thx, bit gutted", True), ("ok thanks, will look at the new one", True), ("cheers, I'll have a read", True),
    ("will I get paid?", False), ("ok, will this work for nurses?", False),
    ("I'm gutted I missed the deadline, when is the next one?", False),
    ("happy to help with research, where do I start", False),
])
def test_a_feeling_or_a_next_step_only_acknowledges(message, only):
    assert acknowledges(message) is only


def test_a_next_step_then_a_question_is_no_acknowledgement():
    """"ok thanks, will email the R&D office, whats their address" was taken as thanks alone (the review)."""
    assert not acknowledges("ok thanks, will email the R&D office, whats their address")
    assert not acknowledges("thanks - I'll look into PCAF. what's the closing date")


def test_other_spellings_meet_the_sources_own():
    """"which specialities are underfunded?" shared no word with the report's "specialties"."""
    assert tokens("specialities") == tokens("specialties") == tokens("speciality") == ["specialty"]
    assert tokens("organizations") == tokens("organisation") and tokens("program") == tokens("programmes")
    assert tokens("orgs unis govt") == tokens("organisations universities government")  # chat's short forms
    assert "organisation" not in tokens("see www.nhsconfed.org or email rd@uhl.org.uk")  # addresses name none


@pytest.mark.parametrize("text, bye", [
    ("ok have a good one", True), ("thanks, bye!", True), ("take care x", True), ("thats all for now", True),
    ("have a good day at work", False), ("is there a good one for nurses", False), ("see you at the research day?", False),
])
def test_a_goodbye_in_other_words(text, bye):
    """"ok have a good one" got "I don't know the answer to that" (round twenty-six)."""
    from knowledge.text import farewell

    assert farewell(text) is bye and (not bye or acknowledges(text))


@pytest.mark.parametrize("text, talk", [
    ("hey how are you today", True), ("morning! how's your day going 😊", True), ("how you doing?", True),
    ("you good?", True), ("how's the shift been", True), ("how are things", True),
    ("how are you funded?", False), ("how's PCAF going to help me?", False), ("morning!", False),
])
def test_small_talk_is_told_apart_from_questions(text, talk):
    """Answered as small talk by the actions, whatever Rasa read it as (round twenty-six)."""
    from knowledge.text import small_talk

    assert small_talk(text) is talk
