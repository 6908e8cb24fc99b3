"""answer_question: which answer a free question gets (the whole message's, its question part's, or `otherwise`)."""

import datetime as dt

import pytest

from knowledge import answer as answers
from knowledge.answer import answer_question
from knowledge.index import Passage
from knowledge.profile_text import question_part
from knowledge.schema import Entry
from knowledge.search import Hit, SearchResult, search

MIDWIFE = "I'm a midwife in Scotland, who do I talk to about research?"
NURSE_SAID = "hi, I've just started as a staff nurse on a surgical ward"


def ask(index, settings, question, **kwargs):
    return answer_question(index, question, rrf_k=settings.rrf_k, min_confidence=settings.min_confidence,
                           rd_office_contact=settings.rd_office_contact,
                           rd_office_email=settings.rd_office_email, **kwargs)


def test_a_plain_question_is_answered_by_the_whole_message(index, settings):
    question = "how much funding does Pathway to Portfolio give?"
    chosen = ask(index, settings, question, otherwise="where-to-start")
    assert chosen.answer.answered and chosen.answer.entry_id == "pathway-to-portfolio" and not chosen.otherwise
    assert chosen.result.query == question and chosen.answer.confidence == chosen.result.confidence


def test_the_chat_around_a_question_does_not_move_its_answer(index, settings):
    """Round twenty-four: "fair enough." before it and "then" after it put student projects first, below the
    threshold; the question alone is answered with first steps."""
    chosen = ask(index, settings, "fair enough. what could I do instead to get into research then?")
    assert chosen.answer.answered and chosen.answer.entry_id == "where-to-start"


def test_the_question_part_wins_when_the_profile_pulls_search_away(index, settings):
    """The whole message finds Scotland's CSO fellowships (the midwife's words); the question alone finds where to
    start, with more confidence."""
    whole = search(index, MIDWIFE, 5, settings.rrf_k)
    assert whole.hits[0].entry_id == "cso-fellowships-scotland"
    chosen = ask(index, settings, MIDWIFE)
    assert chosen.result.query == question_part(MIDWIFE) != MIDWIFE
    assert chosen.answer.answered and chosen.answer.entry_id != "cso-fellowships-scotland"
    assert chosen.result.confidence > whole.confidence or not answers.compose(
        whole, index, settings.min_confidence, settings.rd_office_contact, settings.rd_office_email).answered


def test_otherwise_answers_only_when_nothing_else_does(index, settings):
    """"I've just started as a staff nurse": no words ask anything the search can answer; the intent's entry does,
    at the search's own confidence. A question the search answers keeps its answer."""
    chosen = ask(index, settings, NURSE_SAID, otherwise="where-to-start")
    assert chosen.otherwise and chosen.answer.answered and chosen.answer.entry_id == "where-to-start"
    assert chosen.answer.confidence == chosen.result.confidence < settings.min_confidence
    assert not ask(index, settings, NURSE_SAID).answer.answered  # the same message, without it: I don't know
    answered = ask(index, settings, "what is P2P?", otherwise="where-to-start")
    assert not answered.otherwise and answered.answer.entry_id == "pathway-to-portfolio"


def test_a_message_that_only_tells_about_the_writer_gets_otherwise_whatever_the_search_found(index, settings):
    """"I'm a healthcare assistant": the search answers with whatever shares its words (a healthcare science
    fellowship); the person said who they are, and the intent said they ask where to start."""
    said = "I'm a healthcare assistant"
    assert ask(index, settings, said).answer.entry_id != "where-to-start"
    chosen = ask(index, settings, said, otherwise="where-to-start")
    assert chosen.otherwise and chosen.answer.entry_id == "where-to-start"
    asked = ask(index, settings, "I'm a healthcare assistant, what is P2P?", otherwise="where-to-start")
    assert not asked.otherwise and asked.answer.entry_id == "pathway-to-portfolio"


def test_told_only_keeps_otherwise_for_messages_that_only_tell_about_the_writer(index, settings):
    """Rasa could not place the message: "I'm a healthcare assistant" gets first steps, an unanswered question
    that also says who the person is keeps its "I don't know"."""
    told = ask(index, settings, "I'm a healthcare assistant", otherwise="where-to-start", told_only=True)
    assert told.otherwise and told.answer.entry_id == "where-to-start"
    unanswered = ask(index, settings, "I'm a nurse, what is on the canteen menu today?", otherwise="where-to-start",
                     told_only=True)
    assert not unanswered.otherwise and not unanswered.answer.answered
    assert ask(index, settings, "I'm a nurse, what is on the canteen menu today?", otherwise="where-to-start").otherwise
    new_here = ask(index, settings, "hiya, first week here!", otherwise="where-to-start", told_only=True)
    assert new_here.otherwise and new_here.answer.entry_id == "where-to-start"
    assert not ask(index, settings, "xyzzy plugh", otherwise="where-to-start", told_only=True).otherwise
    # who they are beside a remark that asks nothing: first steps, not "I don't know the answer to that"
    remark = ask(index, settings, "Dietitian here, Western Trust NI (Altnagelvin). small dept, 4 of us.",
                 otherwise="where-to-start", told_only=True)
    assert remark.otherwise and remark.answer.entry_id == "where-to-start"


def test_an_unanswered_message_about_neither_research_nor_the_writer_keeps_i_dont_know(index, settings):
    """"where's the canteen?" given the getting-started intent by mistake: still "I don't know"."""
    chosen = ask(index, settings, "where's the canteen?", otherwise="where-to-start")
    assert not chosen.otherwise and not chosen.answer.answered
    # who the writer is, said without "I", speaks of them: first steps ("where do i start lol. mh nurse, community
    # team" got "I don't know" and three trusts' entries to choose from)
    told = ask(index, settings, "where do i start lol. ward sister, surgical unit", otherwise="where-to-start")
    assert told.answer.entry_id == "where-to-start"


@pytest.mark.parametrize("question, expected", [
    ("what's the difference between PCAF and DCAF?", ["pcaf", "dcaf"]),
    ("ACAF vs DCAF", ["acaf", "dcaf"]),
    ("should I go for PCAF or an ICA internship?", ["icap-internship", "pcaf"]),
    ("I've been reading about PCAF, should I do that or would the internship suit me better?",
     ["pcaf", "icap-internship"]),
    ("how much funding do PCAF and DCAF give?", ["pcaf", "dcaf"]),
    ("what's the difference between the internship and PCAF?", ["pcaf", "icap-internship"]),
    ("how does PCAF compare with the fellowship in Wales?", ["pcaf", "hcrw-fellowships"]),
])
def test_a_question_setting_two_named_entries_side_by_side_gets_both(index, settings, question, expected):
    """Each entry's own card, with its own source: nothing merged, nothing left to "Did you mean"."""
    answer = ask(index, settings, question).answer
    assert answer.answered and answer.compared == expected and answer.entry_id == expected[0]
    for entry_id in expected:
        entry = index.entries[entry_id]
        assert f"**{entry.title}**\n{entry.summary}" in answer.text and answers.footer(entry) in answer.text


def test_one_named_entry_or_no_comparison_is_answered_as_before(index, settings):
    assert ask(index, settings, "what is PCAF?").answer.compared == []
    assert ask(index, settings, "does NIHR or HEE fund PCAF?").answer.compared == []  # three named: who funds it
    assert ask(index, settings, "what is PCAF and how do I apply?").answer.compared == []  # one named, no choice
    assert ask(index, settings, "is PCAF or a masters better for me?").answer.compared == []  # no entry called so
    # "or" far from the word that would call another entry: one question about one entry, its own paragraph
    asked = ask(index, settings, "I'm a student paramedic on an NHS-funded course. Does the HEE research strategy "
                                 "cover people like me or only people already employed?").answer
    assert asked.compared == [] and asked.entry_id == "hee-ri-strategy" and "students" in asked.text


@pytest.mark.parametrize("otherwise", ["no-such-entry", None, ["where-to-start"], 42])
def test_otherwise_is_ignored_unless_it_names_an_entry(index, settings, otherwise):
    chosen = ask(index, settings, NURSE_SAID, otherwise=otherwise)
    assert not chosen.otherwise and not chosen.answer.answered and chosen.answer.entry_id is None


# The choice itself, with the searches' results made up: which wins, by confidence and by whether it answers.

def _found(index, query, entry_id, confidence):
    entry = index.entries[entry_id]
    hit = Hit(entry_id, entry.title, 1.0, confidence, False, choose=lambda: Passage(entry_id, 0, entry.summary))
    return SearchResult(query, [hit], confidence)


@pytest.fixture
def searches(index, monkeypatch):
    """Set `found[query] = (entry_id, confidence)`; `calls` records each search's query and nation."""
    found, calls = {}, []

    def fake(index_, query, k=5, rrf_k=60, nation=None):
        calls.append((query, nation))
        return _found(index, query, *found[query])

    monkeypatch.setattr(answers, "search", fake)
    return found, calls


QUESTION_PART = "can I get protected time for research?"
WITH_PROFILE = f"I'm a nurse in Scotland. {QUESTION_PART}"


@pytest.mark.parametrize("whole, part, winner", [
    (0.9, 0.8, "whole"),  # both answer: the more confident wins
    (0.8, 0.9, "part"),
    (0.8, 0.8, "whole"),  # a tie keeps the whole message's
    (0.1, 0.8, "part"),  # only the part answers
    (0.9, 0.1, "whole"),  # only the whole answers
    (0.1, 0.2, "whole"),  # neither answers: the whole message's "I don't know"
])
def test_the_more_confident_answer_wins(index, settings, searches, whole, part, winner):
    found, calls = searches
    assert question_part(WITH_PROFILE) == QUESTION_PART and 0.2 < settings.min_confidence < 0.8
    found[WITH_PROFILE] = ("icap", whole)
    found[QUESTION_PART] = ("pathway-to-portfolio", part)
    chosen = ask(index, settings, WITH_PROFILE)
    # the part, steered by the nation named; when that finds nothing, unsteered too
    assert calls == [(WITH_PROFILE, None), (QUESTION_PART, "scotland"),
                     *([(QUESTION_PART, None)] if part < settings.min_confidence else [])]
    assert chosen.result.query == (WITH_PROFILE if winner == "whole" else QUESTION_PART)
    if chosen.answer.answered:
        assert chosen.answer.entry_id == ("icap" if winner == "whole" else "pathway-to-portfolio")


def test_a_message_that_is_all_question_is_searched_once(index, settings, searches):
    found, calls = searches
    found["what is P2P?"] = ("pathway-to-portfolio", 0.9)
    assert ask(index, settings, "what is P2P?").answer.entry_id == "pathway-to-portfolio"
    assert calls == [("what is P2P?", None)]


def test_a_word_of_the_name_asks_for_no_aspect(index, settings):
    """"Research for Patient Benefit" holds "benefit", which asks what a scheme involves only outside the name."""
    named = ask(index, settings, "is there any research for patient benefit funding for nurses?").answer
    assert named.entry_id == "research-for-patient-benefit" and "What it involves" not in named.text
    asked = ask(index, settings, "what are the benefits of RfPB?").answer
    assert "What it involves: It gives funding." in asked.text


def test_the_r_and_d_office_entry_gives_the_deployments_own_contact(index, settings):
    """With NHSBOT_RD_OFFICE_EMAIL set, "how do I contact the R&D office?" says whom to write to here; other entries,
    and a deployment without an address, say nothing of it."""
    asked = answer_question(index, "how do I contact the R&D office?", rrf_k=settings.rrf_k,
                            min_confidence=settings.min_confidence, rd_office_contact="the R&I office",
                            rd_office_email="ri@example.nhs.uk").answer
    assert asked.entry_id == "rd-office" and "Contact here: the R&I office, ri@example.nhs.uk" in asked.text
    assert "Contact here" not in ask(index, settings, "how do I contact the R&D office?").answer.text
    entry = index.entries["rd-office"]
    assert "ri@example.nhs.uk" in answers.aspect_of(entry, index, "contact",
                                                    answers.local_contact(entry, "the R&I office", "ri@example.nhs.uk")).text
    assert answers.local_contact(index.entries["pcaf"], "the R&I office", "ri@example.nhs.uk") == ""


def test_a_question_about_an_nhs_body_no_entry_mentions_gets_no_entry_answer(index, settings):
    """Health and Care Research Wales reads like "Sheffield Health and Social Care" to the embedding; the entries said
    nothing of that trust (the survey's entry now thanks it, round twenty-five: a trust no entry names stands in). A
    body the entry does mention, or one named as the writer's workplace, answers as before."""
    assert not ask(index, settings, "how does Nottingham University Hospitals support research?").answer.answered
    lanarkshire = ask(index, settings, "what does NHS Lanarkshire put in its job descriptions?").answer
    assert lanarkshire.answered and lanarkshire.entry_id == "local-research-time-agreements"
    assert ask(index, settings, "I work at Portsmouth Hospitals, how do I get research time?").answer.answered
    assert ask(index, settings, "can I apply for PCAF at Portsmouth Hospitals?").answer.entry_id == "pcaf"


@pytest.mark.parametrize("question", [
    "Does the Canadian Institutes of Health Research fund UK-based nurses?",
    "Is there a research time scheme for nurses working for the HSE in the Republic of Ireland?",
    "which research time schemes does the HSE in Ireland offer nurses?",  # not an HSC entry's "Northern Ireland"
    "How much is a Wellcome Trust clinical research fellowship worth?",  # an organisation never named in it
    "When's the deadline for the Wellcome clinical PhD fellowship this year?",  # a scheme named by an unknown word
    "does Kidney Research UK fund nurse-led projects",  # a charity of another field
    "how much does a part-time PhD cost at the University of Oxford?",  # a university it never names
])
def test_a_question_about_another_country_gets_no_uk_scheme_as_its_answer(index, settings, question):
    assert not ask(index, settings, question).answer.answered


def test_northern_ireland_and_organisations_the_knowledge_base_names_are_answered(index, settings):
    assert ask(index, settings, "what research schemes are there in Northern Ireland?").answer.answered
    assert ask(index, settings, "what does the Health Foundation fund?").answer.entry_id == "this-institute"
    assert ask(index, settings, "What's THIS Institute's mission, in one line?").answer.entry_id == "this-institute"
    assert ask(index, settings, "what did Cancer Research UK find about research time?").answer.answered
    assert ask(index, settings, "what does the Pathway to Portfolo Development Funding Scheme fund?").answer.entry_id \
        == "pathway-to-portfolio"  # a typo of a word it knows


def test_a_country_in_what_the_writer_says_of_themselves_is_not_what_is_asked(index, settings):
    asked = ask(index, settings, "I trained in Australia and now work as a nurse in Leeds, can I apply for PCAF?")
    assert asked.answer.entry_id == "pcaf"
    assert ask(index, settings, "is there anything for nurses in Northern Ireland?").answer.answered


def test_a_place_pointed_at_is_the_one_the_person_told_us_and_only_then(index, settings):
    """"who funds research up there?" from someone in Scotland: the Chief Scientist Office. A question that does not
    point at where the person works is searched as asked, whatever their nation."""
    up_there = answers.answer_question(index, "and who funds research up there?", rrf_k=settings.rrf_k,
                                       min_confidence=settings.min_confidence, rd_office_contact="the R&D office",
                                       rd_office_email=None, nation="scotland")
    assert up_there.answer.entry_id == "cso"
    for nation in (None, "scotland", "england"):
        start = answers.answer_question(index, "where do I start?", rrf_k=settings.rrf_k,
                                        min_confidence=settings.min_confidence, rd_office_contact="the R&D office",
                                        rd_office_email=None, nation=nation)
        assert start.answer.entry_id == "where-to-start"


def _at(index, settings, question, organisation):
    return answers.answer_question(index, question, rrf_k=settings.rrf_k, min_confidence=settings.min_confidence,
                                   rd_office_contact="the R&D office", rd_office_email=None,
                                   organisation=organisation).answer


def test_the_trust_asked_about_is_the_one_the_writer_just_said_they_joined(index, settings):
    """"hi im new at leicester royal ... does the trust actually care about research or is it just a doctor thing"
    got the CQC's well-led framework."""
    question = ("hi im new at leicester royal, staff nurse on a surgical ward. does the trust actually care about "
                "research or is it just a doctor thing")
    assert _at(index, settings, question, None).entry_id == "uhl-ri-strategy"
    assert _at(index, settings, "does the trust have a research strategy?", "Leicester's Hospitals").entry_id == \
        "uhl-ri-strategy"


def test_my_trust_is_the_organisation_the_person_told_us_when_an_entry_speaks_of_it(index, settings):
    """"what good practice is there at my trust?" from someone at the South Eastern Trust got Sandwell's example.
    The organisation only counts when the answer it brings is about it: "will my trust tell me about research when I
    start?" from Leicester is not answered with a programme that happens to match "Leicester"'s neighbours."""
    question = "what good practice is there at my trust?"
    assert _at(index, settings, question, "South Eastern Trust").entry_id == "south-eastern-hsc-trust-research"
    assert _at(index, settings, question, None).entry_id != "south-eastern-hsc-trust-research"
    assert _at(index, settings, "does my trust have an innovation fund?", "Leicester").entry_id == \
        "uhl-innovation-challenges"
    told = _at(index, settings, "will my trust tell me about research when I start?", "Leicester")
    assert told.entry_id is None or "leicester" in index.entries[told.entry_id].title.lower()


def test_our_strategy_is_the_strategy_of_the_organisation_the_person_told_us(index, settings):
    """"what does our strategy say about staff who support research?" from someone at University Hospitals of Leicester
    got the report's recommendation on inductions."""
    question = "what does our strategy say about staff who support research?"
    assert "Leicester" in index.entries[_at(index, settings, question, "University Hospitals of Leicester").entry_id].title
    assert _at(index, settings, question, None).entry_id != "uhl-ri-strategy"
    assert _at(index, settings, "random q - how many areas are in our R&I strategy?", "Leicester's hospitals"
               ).entry_id == "uhl-ri-strategy"
    assert "Leicester" in index.entries[_at(index, settings, "what does the trust's research strategy say it'll do for staff?",
                                            "Leicester's Hospitals").entry_id].title


def test_a_follow_up_is_answered_with_the_paragraph_holding_its_words(index):
    entry = index.entries["integrated-academic-training"]
    assert "Oriel" in answers.paragraph_for(entry, "what about Oriel?")
    assert answers.paragraph_for(entry, "") is None  # nothing asked: the summary


def test_a_name_only_a_paragraph_holds_chooses_that_paragraph(index):
    """"and lothian did something like it?" after the research metrics, whose synonyms name "NHS Lothian research
    metrics", got the summary again: the paragraph on Lothian's reviews answers."""
    entry = index.entries["research-metrics"]
    assert "Lothian" in answers.paragraph_for(entry, "and lothian did something like it?")


@pytest.mark.parametrize("question", [
    "what time does the staff canteen close?", "when is the deadline for the Fooble award?", "where do I park?",
])
def test_a_question_whose_topic_the_knowledge_base_never_mentions_is_not_answered(index, settings, question):
    """"canteen" is the question's topic; its "time", "staff" and "close" found a fellowship's closing dates."""
    assert not ask(index, settings, question).answer.answered


def test_a_topic_word_it_knows_or_a_typo_of_one_is_still_answered(index, settings):
    assert ask(index, settings, "is there anything for nurses in Northern Ireland?").answer.answered
    assert ask(index, settings, "what is a secondmant?").answer.answered  # a typo the speller puts right
    assert ask(index, settings, "why would I bother with research?").answer.answered  # "bother" unknown, "research" not


def test_asked_how_much_of_an_entry_that_states_no_sum_says_the_sources_do_not(index, settings):
    """"how much do THIS Institute fellows get paid?" was answered with the programme's themes, as if that said it."""
    unsaid = ask(index, settings, "how much do THIS Institute fellows get paid?").answer
    assert unsaid.entry_id == "this-institute-fellowships" and "I don't know how much" in unsaid.text
    said = ask(index, settings, "how much is pathway to portfolio worth?").answer
    assert said.entry_id == "pathway-to-portfolio" and "don't say" not in said.text and "£20,000" in said.text
    asked_else = ask(index, settings, "who runs THIS Institute's fellowships?").answer
    assert "don't know" not in asked_else.text
    assert "don't know" not in ask(index, settings, "how much time do I get on the NIHR PCAF?").answer.text


def test_a_title_without_its_bracketed_acronym_names_its_entry(index, settings):
    """The pre-doctoral fellowship's title, typed without "(PCAF)", was answered with the doctoral one."""
    assert ask(index, settings, "what salary does the NIHR pre-doctoral clinical academic fellowship pay?").answer.entry_id \
        == "pcaf"


def test_unstated_says_so_only_when_the_entry_holds_no_sum_or_number_at_all(index):
    def entry(body: str) -> Entry:
        body += " The R&D office of each trust can tell staff more about it."  # long enough to be an entry
        return Entry(id="x", title="X scheme", kind="scheme", summary="X supports staff research.", body=body,
                     sources=[{"document": "004_a.txt", "quote": "X supports staff research."}],
                     last_reviewed=dt.date(2026, 1, 1), review_due=dt.date(2027, 1, 1))

    assert "I don't know how much" in answers.unstated(entry("It is run by the trust."), "amount", "how much does it pay?")
    assert answers.unstated(entry("It pays salary costs."), "amount", "how much does it pay?") == ""
    assert answers.unstated(entry("It is run by the trust."), "amount", "how much time do I get?") == ""  # not money
    assert "I don't know how many" in answers.unstated(entry("Staff join it."), None, "how many staff join it?")
    assert answers.unstated(entry("Five staff joined it."), None, "how many staff join it?") == ""
    assert answers.unstated(entry("Staff join it."), None, "who joins it?") == ""
    # a share: "what % of midwives in the cruk survey said they had protected research time?" and 51 interviews
    assert "I don't know the percentage" in answers.unstated(entry("We interviewed 51 staff."), None,
                                                             "what % of midwives said they had protected time?")
    assert answers.unstated(entry("73% of staff agreed."), None, "what percentage of staff agreed?") == ""
    # and the answer carries what it does not state, for a passage that states it to follow (documents/answerable.py)
    unsaid = answers.from_entry(entry("We interviewed 51 staff."), index, question="what % of midwives said yes?")
    assert unsaid.unstated == "the percentage" and "I don't know the percentage" in unsaid.text
    assert answers.from_entry(entry("73% of staff agreed."), index, question="what % agreed?").unstated == ""
    # money invested: "how much extra did the government invest in NIHR?" and the report's 1,200 responses
    assert "I don't know how much" in answers.unstated(entry("There were 1,200 responses."), "amount",
                                                       "how much extra did the government invest in NIHR?")
    # not time given, nor a share said in passing or stated as an equal split
    assert answers.unstated(entry("It is run by the trust."), "amount", "how much protected time does it give?") == ""
    assert answers.unstated(entry("It is run by the trust."), None, "I'm 50% through my MSc, can I apply?") == ""
    assert answers.unstated(entry("Fellows split their time equally."), None,
                            "what proportion of my time would be protected?") == ""
    # a closing date: "the closing date for the NIHR PCAF round in 2027?" was answered with the streams, as if that said
    assert "I don't know the closing date" in answers.unstated(entry("Staff join it."), "deadline", "when does it close?")
    assert answers.unstated(entry("Applications close each March."), "deadline", "when does it close?") == ""
    closed = entry("Staff joined it.").model_copy(update={"status": "closed"})  # its status note says so
    assert answers.unstated(closed, "deadline", "when does it close?") == ""
    # a phone number or an email address, held nowhere (the deployment's own contact counts)
    asked = "what's the email address for their R&D team?"
    assert "I don't know the email address" in answers.unstated(entry("Staff join it."), "contact", asked)
    assert answers.unstated(entry("Write to rd@trust.nhs.uk."), "contact", asked) == ""
    assert answers.unstated(entry("Staff join it."), "contact", asked, local="\nContact here: R&I, ri@x.nhs.uk") == ""
    assert "the phone number" in answers.unstated(entry("Staff join it."), "contact", "what's their phone number?")
    assert answers.unstated(entry("Staff join it."), "contact", "who do I contact about ring-fenced time?") == ""
    # "may" is no month: "who may attend" says nothing of when to apply
    assert "closing date" in answers.unstated(entry("Staff who may attend join it."), "deadline", "when does it close?")
    assert answers.unstated(entry("Staff join it."), None, "can I email my application?") == ""
    # what "how many" counts: "how many PCAF places are there this year?" is not answered by "30 or 40 months"
    asked = "how many places are there this year?"
    assert "I don't know how many" in answers.unstated(entry("It lasts 30 or 40 months."), None, asked)
    assert answers.unstated(entry("It offers 40 places a year."), None, asked) == ""
    # the exact salary: "it covers your salary" says what is paid, not how much
    assert "I don't know how much" in answers.unstated(entry("It pays salary costs."), "amount", "what's the salary?")
    assert answers.unstated(entry("It pays a salary of £35,000."), "amount", "what's the salary?") == ""


def test_a_scheme_named_as_the_likeness_of_one_in_another_nation_is_not_the_answer(index, settings):
    """"whats the scottish version of ICAP?" was answered with ICAP, England's: an entry for Scotland, or nothing."""
    assert not ask(index, settings, "whats the scottish version of ICAP?").answer.answered
    welsh = ask(index, settings, "is there a welsh equivalent of ICAP?").answer
    assert welsh.entry_id != "icap" and "wales" in index.entries[welsh.entry_id].nations
    assert ask(index, settings, "can I do ICAP?").answer.entry_id == "icap"
    # a wish, or what it is like, is no likeness asked of another nation's
    assert ask(index, settings, "I'd like to apply for ICAP, I work in Wales").answer.entry_id == "icap"
    assert ask(index, settings, "what is ICAP like for people in Wales?").answer.entry_id == "icap"
    assert not ask(index, settings, "is there a scheme like ICAP in australia? thinking of moving to melbourne"
                   ).answer.answered


def test_the_sentences_that_ask_are_searched_alone_when_they_say_enough(index, settings):
    """"band 6 OT, nobody in my team does any research. what actually stops AHPs doing research, is there any
    evidence?" went unanswered: the story pulled search away from the barriers."""
    asked = ("band 6 OT, nobody in my team does any research. what actually stops AHPs doing research, is there any "
             "evidence?")
    assert ask(index, settings, asked).answer.entry_id == "barriers-to-research"


def test_the_same_entry_found_again_with_the_organisation_named_keeps_the_paragraph_the_question_chose(index, settings):
    """"Does the trust's research strategy do anything for research delivery staff like me?" from someone at
    Leicester's Hospitals was answered with the strategy's summary, not its paragraph on research delivery staff."""
    asked = ("I'm a clinical research practitioner at Leicester's Hospitals. Does the trust's research strategy do "
             "anything for research delivery staff like me?")
    chosen = ask(index, settings, asked, organisation="Leicester's Hospitals").answer
    assert chosen.entry_id == "uhl-ri-strategy" and "career pathways for research delivery" in chosen.text
    # "the trust strategy", without its "'s", is theirs too
    asked = "does the trust strategy say anything about people in research delivery roles like me?"
    assert ask(index, settings, asked, organisation="Leicester's Hospitals").answer.entry_id == "uhl-ri-strategy"
    # "does the trust have a research plan" just after "im at UHL leicester" got local agreements on research time
    assert ask(index, settings, "does the trust have a research plan", organisation="UHL leicester"
               ).answer.entry_id == "uhl-ri-strategy"
    assert ask(index, settings, "does the trust have a research plan").answer.entry_id != "uhl-ri-strategy"
    # the writer's own plan, or the trust's winter plan, is no research strategy
    for own in ("my plan is to do a PhD, is there any funding?", "does the trust have a winter plan?"):
        assert ask(index, settings, own, organisation="UHL leicester").answer.entry_id != "uhl-ri-strategy", own


def test_the_sentences_that_ask_are_searched_alone_only_when_they_name_what_they_ask_about(index, settings):
    assert ask(index, settings, "is HEE still a thing? my manager keeps referring to their research strategy").answer \
        .entry_id == "hee"
    assert not ask(index, settings, "My project is on stroke rehabilitation. Who can help?").answer.answered


@pytest.mark.parametrize("question, entry_id", [
    ("according to the CRUK report, what is the main reason staff give for wanting to do research?",
     "motivations-for-research"),
    ("In the CRUK 'creating time for research' report what were the biggest barriers staff said stopped them doing "
     "research?", "barriers-to-research"),
    ("how does the Creating Time for Research report want research impact to be measured?", "research-metrics"),
    # the topic is the entry's own name, though only one word of the question
    ("what were the biggest barriers to research in the CRUK report?", "barriers-to-research"),
])
def test_a_named_report_asked_what_it_says_of_a_topic_is_answered_by_the_entry_on_that_topic(index, settings,
                                                                                             question, entry_id):
    """"what's the top reason nhs staff give for wanting to do research, per the cruk report?" got the report's
    paragraph on regional inequality: the entry on motivations, drawn from the same report, answers it (the search
    may rank it first already: `search._topic_of_a_named_source`)."""
    assert {h.entry_id for h in search(index, question, 5, settings.rrf_k).hits[:2]} >= {entry_id}
    chosen = ask(index, settings, question)
    assert chosen.answer.answered and chosen.answer.entry_id == entry_id


def test_how_the_writer_came_across_a_report_is_no_topic_asked_of_it(index, settings):
    """"i read something about a cruk report on research time" got research days ("read": their journal club)."""
    assert ask(index, settings, "i read something about a cruk report on research time").answer.entry_id == \
        "creating-time-for-research-report"
    assert ask(index, settings, "what did the CRUK report say about journal clubs?").answer.entry_id == "research-days"


def test_something_within_a_strategy_named_is_answered_by_its_own_entry(index, settings):
    """"is the HEE clinical academic careers framework only for nurses and doctors?" names the framework, not a
    document: the ICA Programme's entry covers more of its words but does not answer it."""
    question = "I'm a healthcare scientist, is the HEE clinical academic careers framework only for nurses and doctors?"
    assert ask(index, settings, question).answer.entry_id == "clinical-academic-careers-framework"


@pytest.mark.parametrize("question", ["who wrote the creating time for research report?",
                                      "what is the CRUK report?", "what's the 2.4% figure in the CRUK report about?",
                                      # entries sharing a word or two with it, not its topic
                                      "is the CRUK report out of date?", "what methods did the CRUK report use?",
                                      # "say" frames the question: under-represented professions' entry says it too
                                      "which research fields does the CRUK report say are underinvested?"])
def test_a_named_report_asked_about_itself_is_answered_by_its_own_entry(index, settings, question):
    assert ask(index, settings, question).answer.entry_id == "creating-time-for-research-report"


def test_the_reports_survey_asked_about_is_the_report_or_its_survey(index, settings):
    """Its survey has an entry of its own (round twenty-five): either answers it, no entry sharing a word or two."""
    assert ask(index, settings, "where can I find the CRUK report's survey questions?").answer.entry_id in (
        "creating-time-for-research-report", "staff-survey-2020")


def test_a_short_question_pointing_back_asks_about_what_the_message_named(index, settings):
    """"the induction slides keep mentioning HEE, who are they?" found the entry on research at induction (its words)
    and said "I don't know": "they" are HEE."""
    from knowledge.answer import pointed

    question = "the induction slides keep mentioning HEE, who are they?"
    assert pointed(index, question) == "who are Health Education England (HEE)?"
    assert ask(index, settings, question).answer.entry_id == "hee"
    assert pointed(index, "who are they?") is None  # nothing named before it
    assert pointed(index, "HEE and ICAP, what are they?") is None  # two things named: which?
    assert pointed(index, "I read about HEE, what was the evidence hub for?") is None  # it names no pronoun's thing



def test_a_title_put_in_place_of_a_pronoun_is_taken_as_it_is(index):
    """A title is text, not a pattern: one with a backslash (titles are edited in curation) must not break the
    question that points back at it."""
    from knowledge.answer import pointed

    entry = index.entries["hee"]
    odd = index.entries.copy()
    odd["hee"] = entry.model_copy(update={"title": r"Health Education England \1 (HEE)"})
    original = index.entries
    try:
        index.entries = odd
        assert pointed(index, "the induction slides keep mentioning HEE, who are they?") == \
            r"who are Health Education England \1 (HEE)?"
    finally:
        index.entries = original


def test_a_clause_asking_about_what_it_names_is_searched_alone(index, settings):
    """"sorry before i answer that - what does NIHR actually stand for? everyone keeps saying it" lost NIHR among
    the sentence's other words and got the Research Support Service."""
    chosen = ask(index, settings, "sorry before i answer that - what does NIHR actually stand for? everyone keeps saying it")
    assert chosen.answer.entry_id == "nihr" and index.entries["nihr"].summary in chosen.answer.text


def test_a_message_telling_about_the_writer_and_naming_a_scheme_is_answered_about_the_scheme(index, settings):
    """"im in cardiff and vale uhb, someone mentioned the pathway to portfolio scheme to me" got first steps, and then
    "how long is it?" their length; where the writer works ("a research nurse with the NIHR") is no such name."""
    told = "im in cardiff and vale uhb, someone mentioned the pathway to portfolio scheme to me"
    chosen = ask(index, settings, told, otherwise="where-to-start", told_only=True)
    assert chosen.answer.entry_id == "pathway-to-portfolio" and not chosen.otherwise
    for introduced in ("I'm a research nurse with the NIHR", "I'm a PCAF fellow in Leeds",
                       "I'm a physio, I did P2P last year"):  # a role or a past, not what they would hear about
        assert ask(index, settings, introduced, otherwise="where-to-start", told_only=True).otherwise, introduced


def test_how_many_of_nothing_named_is_answered_by_a_count_not_a_labels_number(index):
    """"how many people answered it?" after the survey's barriers: the paragraph with "over 1,200 responses"; "how
    many are there?" of Clinical Studies Groups is not "Recommendation 5"."""
    assert "1,200 responses" in answers.paragraph_for(index.entries["barriers-to-research"], "how many people answered it?")
    chosen = answers.paragraph_for(index.entries["clinical-studies-groups"], "how many are there?") or ""
    assert not chosen.startswith("Recommendation 5")
    assert answers.COUNT.search("over 1,200 responses") and not answers.COUNT.search("Recommendation 5 of the report")


def test_the_nation_of_the_writers_story_does_not_push_what_was_asked_out(index, settings):
    """"dietitian, band 6, small DGH in cumbria. literally nobody in our dept does research, where do I even start" got
    "I don't know": searched favouring England, England's fellowships came above first steps."""
    chosen = ask(index, settings, "band 6 SLT in norfolk. no one in my dept does research, where do I even begin")
    assert chosen.answer.answered and chosen.answer.entry_id == "where-to-start"


def test_a_clause_that_asks_beside_the_writers_chat_is_answered(index):
    """"honestly why would i bother with research, were run off our feet" got "I don't know": the rest pulled the
    whole message away from why staff do research."""
    chosen = answer_question(index, "honestly why would i bother with research, were run off our feet", rrf_k=60,
                             min_confidence=0.23, rd_office_contact="your R&D office", rd_office_email=None)
    assert chosen.answer.answered and chosen.answer.entry_id == "motivations-for-research"


def test_the_diff_between_two_is_a_comparison(index):
    """"whats the diff between the internship and pcaf" described only the PCAF."""
    chosen = answer_question(index, "whats the diff between the internship and pcaf", rrf_k=60, min_confidence=0.23,
                             rd_office_contact="your R&D office", rd_office_email=None)
    assert sorted(chosen.answer.compared) == ["icap-internship", "pcaf"]


def test_how_much_of_an_entry_that_states_no_amount_says_so(index):
    """"how much time does it actually give u?" of the Welsh time award got a paragraph naming the award, with no
    amount and no "the sources don't say"."""
    from knowledge.answer import aspect_of

    award = aspect_of(index.entries["research-time-award-wales"], index, "amount", "", "how much time does it give?")
    assert "don't say how much" in award.text
    assert "£20,000" in aspect_of(index.entries["pathway-to-portfolio"], index, "amount", "", "how much?").text


def test_a_name_asked_about_that_only_an_entry_holds_is_quoted_from_it(index):
    """"was sheffeild in that cancer reserch report": Sheffield is only in the report's thanks, which no passage holds;
    the survey's entry quotes them (round twenty-five). An acronym, or a name in several entries, is left to search."""
    from knowledge.answer import naming

    found = naming(index, "sheffeild")
    assert found.entry_id == "staff-survey-2020" and "Sheffield Health and Social Care" in found.text
    assert naming(index, "UHL") is None and naming(index, "Betsi") is None


def test_what_a_follow_up_asks_that_the_entry_holds_nowhere(index):
    """Its own words, not how it asks ("pay"), whom for ("my deputy") nor chat ("fine")."""
    from knowledge.answer import unheld

    award = index.entries["research-time-award-wales"]
    assert unheld(award, "does the time award pay my employer to backfill?") == {"employer", "backfill"}
    assert unheld(award, "ok fine, who can apply?") == set()
    assert unheld(index.entries["leading-cultures-of-research"], "could my deputy go?") == set()
    assert unheld(index.entries["pathway-to-portfolio"], "what kind of projects?") == set()  # its summary says


def test_a_paragraph_sharing_a_follow_ups_lesser_words_is_no_answer_when_most_are_held_nowhere(index):
    from knowledge.answer import mostly_unheld, paragraph_for

    professions = index.entries["under-represented-professions"]
    asked = "what % said their org counts research for promotion?"
    assert paragraph_for(professions, asked) is not None and mostly_unheld(professions, asked)
    assert not mostly_unheld(index.entries["pathway-to-portfolio"], "what kind of projects?")
    assert not mostly_unheld(professions, "ok")  # nothing of its own asked


def test_who_can_apply_asked_of_a_profession_ends_with_the_verdict_for_them(index):
    """"pharmacists arent in the list for the time award tho?": the list is of examples, no source rules them out."""
    award = index.entries["research-time-award-wales"]
    text = answers.aspect_of(award, index, "eligibility", group="pharmacist").text
    assert "Pharmacists: the source gives" in text and "not a complete list" in text and "check with" in text
    assert "Doctors: the source" not in answers.aspect_of(index.entries["icap"], index, "eligibility").text
    assert "Doctors: " in answers.aspect_of(index.entries["icap"], index, "eligibility", group="doctor").text
    england = answers.aspect_of(award, index, "eligibility", group="nurse", group_nation="england").text
    assert "Nurses: " in england and "open to nurses in Wales" not in england  # where asked, not the scheme's nation


def test_i_dont_know_names_who_to_ask_for_research_and_for_anything_else():
    text = answers.dont_know(0.1, "your R&D office", "rd@example.nhs.uk").text
    assert "If it's about research, please ask your R&D office (rd@example.nhs.uk)" in text
    assert "noted your question" in text and "line manager" in text
