"""Which tier answers: the curated entry when it holds what was asked, else the document passage that does."""

import datetime as dt

import numpy as np
import pytest

from knowledge.documents import answerable
from knowledge.documents.answerable import Tier
from knowledge.documents.index import Document, DocumentHit, DocumentIndex, DocumentResult
from knowledge.documents.passages import Passage
from knowledge.schema import Entry

SURVEY = Document("source-005", "Creating Time for Research", "Cancer Research UK", "2021")
FIGURES = Passage("source-005", 12, "Of the 1,000 responses received, 723 survey responses were fully completed and "
                  "analysed.", "Methods", 8)
ENTRY = Entry(
    id="barriers-to-research", title="Barriers to research in the NHS", kind="evidence",
    summary="Staff say lack of protected time is the main barrier to doing research.",
    body="A survey of NHS staff found that time, funding and support were the barriers most often named.",
    synonyms=["research barriers"],
    sources=[{"document": "005_a.txt", "quote": "A survey found that time, funding and support were the barriers."}],
    last_reviewed=dt.date(2026, 1, 1), review_due=dt.date(2027, 1, 1))


def _result(confidence: float, passage: Passage = FIGURES) -> DocumentResult:
    return DocumentResult([DocumentHit(passage, SURVEY, 0.6, 1.5)], confidence)


def _entry_reply() -> dict:
    return {"answered": True, "text": "**Barriers to research in the NHS**\nStaff say...", "confidence": 0.8,
            "entry_id": "barriers-to-research", "title": "Barriers to research in the NHS", "citation": "x",
            "last_reviewed": "2026-01-01", "suggestions": [{"entry_id": "other", "title": "Other"}]}


def test_the_passage_answers_when_the_question_asks_what_only_it_holds():
    question = "How many survey responses were fully completed?"
    assert answerable.advantage(question, FIGURES.text, answerable.entry_text(ENTRY)) >= answerable.ANSWERS_INSTEAD
    assert answerable.choose(question, _result(0.7), ENTRY, 0.8, named=False) is Tier.document


def test_one_word_of_a_short_question_is_not_enough_for_the_passage_to_answer_instead():
    """"Time off" against a passage on "one-off" opportunities: a third of the question, but one word."""
    one_off = Passage("source-005", 20, "One-off opportunities to find time for research are not enough.", None, 9)
    question = "how do I get time off for research?"
    assert answerable.advantage(question, one_off.text, "Time for research: agree it in your job plan.") >= 0.3
    time = Entry(**{**ENTRY.model_dump(), "body": "Staff can agree time for research in their job plan."})
    assert answerable.choose(question, _result(0.7, one_off), time, 0.4, named=False) is Tier.both


def test_the_entry_answers_when_it_holds_what_was_asked():
    question = "What are the main barriers to research for NHS staff?"
    assert answerable.choose(question, _result(0.7), ENTRY, 0.8, named=False) is Tier.entry


def test_what_the_writer_says_about_themselves_is_not_what_is_asked():
    """"Northern Ireland" and "occupational therapist" are who asks: a passage on the survey's Northern Ireland
    interviews followed the getting-started answer."""
    place = Passage("source-005", 30, "We interviewed 51 staff, 1 in Northern Ireland, on barriers to research.",
                    None, 10)
    question = "I'm an occupational therapist in Northern Ireland. What are the barriers to research?"
    assert answerable.choose(question, _result(0.5, place), ENTRY, 0.8, named=False) is Tier.entry
    assert answerable.choose("What are the barriers to research in Northern Ireland?", _result(0.5, place), ENTRY,
                             0.8, named=False) is not Tier.entry


def test_a_named_entry_keeps_answering_first_with_the_passage_after_it():
    question = "Barriers to research survey: how many responses were fully completed?"
    assert answerable.choose(question, _result(0.7), ENTRY, 0.95, named=True) is Tier.both
    assert answerable.choose("What are barriers to research in the NHS?", _result(0.7), ENTRY, 0.95,
                             named=True) is Tier.entry


def test_the_named_entrys_own_words_are_not_what_is_asked():
    """"Who wrote the foreword to Creating Time for Research?": the name says what the question is about; "foreword"
    is what it asks, and only the passage has it."""
    report = Entry(**{**ENTRY.model_dump(), "id": "report", "title": "Creating Time for Research",
                      "summary": "A 2021 report on how NHS staff find time for research.", "synonyms": []})
    foreword = Passage("source-005", 3, "Foreword by Baroness Blackwood: make research part of everyone's job.",
                       "Foreword", 2)
    question = "Who wrote the foreword to Creating Time for Research?"
    assert answerable.advantage(question, foreword.text, answerable.entry_text(report)) < answerable.ANSWERS_INSTEAD
    assert answerable.advantage(question, foreword.text, answerable.entry_text(report),
                                answerable.name_words(report)) >= answerable.ANSWERS_INSTEAD
    assert answerable.choose(question, _result(0.7, foreword), report, 0.9, named=True) is Tier.both


def test_single_letters_are_not_asked_words():
    """"HEE's" and "R&I" leave "s", "r" and "i": letters no passage is chosen by."""
    assert answerable.advantage("What is HEE's plan?", "HEE plan", "HEE's plan") == 0.0


def test_a_passage_the_tier_is_unsure_of_never_competes_with_an_entry():
    question = "How many survey responses were fully completed?"
    assert answerable.choose(question, _result(answerable.BESIDE_ENTRY_CONFIDENCE - 0.01), ENTRY, 0.8,
                             named=False) is Tier.entry


def test_a_passage_the_entry_already_quotes_adds_nothing():
    quoted = Passage("source-005", 3, "Time, funding and support were the barriers.", None, 2)
    question = "Were time, funding and support the barriers? How many survey responses were fully completed?"
    assert answerable.choose(question, _result(0.9, quoted), ENTRY, 0.8, named=False) is Tier.entry
    longer = Passage("source-005", 4, quoted.text + " In all 723 survey responses were fully completed.", None, 2)
    assert answerable.choose(question, _result(0.9, longer), ENTRY, 0.8, named=False) is not Tier.entry


def test_without_an_entry_the_passage_answers_only_above_the_threshold():
    question = "How many survey responses were fully completed?"
    assert answerable.choose(question, _result(0.7), None, 0.3, named=False, threshold=0.62) is Tier.document
    assert answerable.choose(question, _result(0.6), None, 0.3, named=False, threshold=0.62) is Tier.none
    assert answerable.choose(question, DocumentResult([], 0.0), None, 0.3, named=False) is Tier.none


def test_the_document_reply_is_marked_and_offers_the_entry_it_replaced():
    reply = answerable.reply(_entry_reply(), Tier.document, _result(0.7))
    assert reply["tier"] == "document" and reply["reviewed"] is False and reply["entry_id"] is None
    assert "723 survey responses were fully completed" in reply["text"] and "page 8" in reply["text"]
    assert reply["suggestions"][0] == {"entry_id": "barriers-to-research", "title": "Barriers to research in the NHS"}


def test_the_passage_follows_the_entrys_answer_as_an_unreviewed_document():
    reply = answerable.reply(_entry_reply(), Tier.both, _result(0.7))
    assert reply["tier"] == "entry" and reply["entry_id"] == "barriers-to-research"
    assert reply["text"].startswith("**Barriers to research in the NHS**")
    assert reply["supplement"]["tier"] == "document" and reply["supplement"]["reviewed"] is False
    assert "From the document \u201cCreating Time for Research\u201d" in reply["text"]


def test_the_entries_reply_is_kept_when_neither_tier_answers():
    dont_know = {"answered": False, "text": "I'm sorry, I don't know", "confidence": 0.2, "entry_id": None,
                 "title": None, "citation": None, "last_reviewed": None, "suggestions": []}
    assert answerable.reply(dont_know, Tier.none, _result(0.2)) == {**dont_know, "tier": None}
    assert answerable.reply(_entry_reply(), Tier.entry, _result(0.2))["tier"] == "entry"


def test_a_passage_does_not_answer_for_a_country_or_an_organisation_it_does_not_name(index):
    """The entries refuse "is there funding from the Health Research Board in the Republic of Ireland?" (another
    country) and "does Kidney Research UK fund nurse-led projects?" (a name the knowledge base never uses); a passage
    on research funding in the UK does not answer them either. One that names them would."""
    for question in ("is there funding from the Health Research Board in the Republic of Ireland?",
                     "does Kidney Research UK fund nurse-led projects?"):
        assert answerable.choose(question, _result(0.9), None, 0.1, named=False, index=index) is Tier.none
        assert answerable.choose(question, _result(0.9), None, 0.1, named=False) is Tier.document  # no index: as before
    naming = Passage("source-005", 13, "Kidney Research UK and the Republic of Ireland's Health Research Board fund "
                     "nurse-led projects.", "Funders", 9)
    for question in ("is there funding from the Health Research Board in the Republic of Ireland?",
                     "does Kidney Research UK fund nurse-led projects?"):
        assert answerable.choose(question, _result(0.9, naming), None, 0.1, named=False, index=index) is Tier.document
    asked_here = "How many survey responses were fully completed?"
    assert answerable.choose(asked_here, _result(0.9), None, 0.1, named=False, index=index) is Tier.document


def test_a_figure_asked_for_that_only_the_passage_states_follows_the_entrys_answer():
    """"how many orgs responded to the consultation?": the strategy's entry answered, with no figure in it; the passage
    stating "Over 70 organisations responded" now follows it. A year is no figure, and an entry with one keeps alone."""
    hee = Document("source-002", "HEE Research and Innovation Strategy", "Health Education England", "2014")
    consulted = Passage("source-002", 3, "In May 2014 we launched a stakeholder engagement exercise. Over 70 "
                        "organisations responded.", "Introduction", 2)
    result = DocumentResult([DocumentHit(consulted, hee, 0.5, 1.5)], 0.5)
    strategy = ENTRY.model_copy(update={"summary": "HEE's strategy set out its objectives in 2014.",
                                        "body": "It covered staff in England."})
    question = "how many orgs responded to the consultation on the draft strategy"
    # ("orgs" read as organisations: the passage holds nearly all it asks, the entry none of it: it answers instead)
    assert answerable.choose(question, result, strategy, 0.45, named=False) is Tier.document
    unsaid = "how many took part in the consultation on the draft strategy"
    assert answerable.choose(unsaid, result, strategy, 0.45, named=False) is Tier.both  # a figure only it states
    counted = strategy.model_copy(update={"body": "Over 70 organisations responded to its consultation."})
    assert answerable.choose(question, result, counted, 0.45, named=False) is Tier.entry
    assert answerable.choose("which organisations did it consult", result, counted, 0.45, named=False) is Tier.entry


def test_a_publisher_is_known_by_its_initials_and_how_a_question_is_framed_is_not_what_it_asks():
    """"did HEE say anything about genomics training?" was answered with an entry on another objective: the
    strategy's passages say "we", never "HEE", and the entry happened to hold "say"."""
    from knowledge.documents.index import initials

    assert initials("Health Education England") == ["HEE"]
    assert "CRUK" in initials("Cancer Research UK and University of Kent")
    assert "HCRW" in initials("Health and Care Research Wales")
    assert initials("University Hospitals of Leicester") == ["UHL"]
    strategy = Document("source-002", "Research and Innovation Strategy", "Health Education England")
    said = Passage("source-002", 3, "We will develop a training strategy for genomics.", None, None)
    assert "HEE" in answerable.passage_text(DocumentHit(said, strategy, 0.6, 1.5))
    entry = "HEE said its evidence hub would make training evidence informed."
    assert answerable.advantage("did HEE say anything about genomics training?",
                                answerable.passage_text(DocumentHit(said, strategy, 0.6, 1.5)), entry) > 0


class _Searched:
    """A document index that answers with confidence only the question part it is given."""

    def __init__(self, sure_of: str):
        self.sure_of, self.asked = sure_of, []

    def search(self, question: str, k: int = 3) -> DocumentResult:
        self.asked.append(question)
        return DocumentResult([DocumentHit(FIGURES, SURVEY, 0.6, 1.5)], 0.9 if question == self.sure_of else 0.2)


def test_the_question_part_is_searched_when_the_whole_message_finds_no_passage_for_sure():
    """"midwife here - what did the PARROT trial show?" got "I don't know": "midwife" and "here" are no words a passage
    must hold; the question alone is answered."""
    documents = _Searched("what did the PARROT trial show?")
    found = answerable.searched(documents, "midwife here - what did the PARROT trial show?")
    assert found.confidence == 0.9 and documents.asked[-1] == "what did the PARROT trial show?"
    sure = _Searched("how many responses were there?")
    assert answerable.searched(sure, "how many responses were there?").confidence == 0.9 and len(sure.asked) == 1
    unsure = _Searched("nothing")
    assert answerable.searched(unsure, "I'm a nurse, what did the survey find?").confidence == 0.2


def test_a_passage_without_the_number_asked_for_does_not_answer_how_many():
    """"how many days annual leave do i get as a band 5" was answered with a quote on taking annual leave for
    conferences; a passage answers "how many" only with a number, near what is counted when the question says."""
    assert not answerable.states_number_asked("how many places are there this year?", "Fellows split their time.")
    assert not answerable.states_number_asked("how many places are there this year?", "It lasts 30 or 40 months.")
    assert answerable.states_number_asked("how many places are there this year?", "It offers 40 places a year.")
    assert answerable.states_number_asked("what is PCAF?", "Fellows split their time.")  # no number asked
    # a share asked is answered by a share only
    assert not answerable.states_number_asked("what % of staff finished it?", "I was jobless for four months.")
    assert answerable.states_number_asked("what % of staff finished it?", "Just under 40% of staff finished.")
    result = _result(0.9, Passage("source-005", 3, "Staff said they take annual leave to go to conferences.",
                                  "Findings", 4))
    assert answerable.choose("how many days annual leave do i get?", result, None, 0.0, False) is Tier.none
    # nor instead of an entry that answered ("how many research nurses does university hospitals birmingham employ?"
    # was answered with a passage on secondments with research nursing teams)
    nursing = Passage("source-005", 9, "Secondments between clinical and research nursing teams give nurses "
                      "opportunities to engage with research.", "Collaboration", 30)
    question = "how many research nurses does the hospital employ on secondments?"
    assert answerable.advantage(question, nursing.text, answerable.entry_text(ENTRY)) >= answerable.ANSWERS_INSTEAD
    assert answerable.choose(question, _result(0.9, nursing), ENTRY, 0.3, False) is not Tier.document


def test_a_numbered_part_of_a_named_entry_only_the_passage_holds_follows_the_entry():
    """"What does day 3 of the Leading Cultures programme cover?" names the programme's entry, which says nothing of
    its third day; the passage that is the third day follows the entry's answer."""
    day = Passage("source-001", 4, "The third day will explore the organisational cultures of R&I.", "Day 3", 2)
    entry = ENTRY.model_copy(update={"body": "A leadership programme of four one-day workshops."})
    assert answerable.choose("What does day 3 of it cover?", _result(0.7, day), entry, 0.9, named=True) is Tier.both
    assert answerable.choose("What does it cover?", _result(0.7, day), entry, 0.9, named=True) is Tier.entry
    held = ENTRY.model_copy(update={"body": "On day 3 it explores organisational cultures."})
    assert answerable.choose("What does day 3 of it cover?", _result(0.7, day), held, 0.9, named=True) is Tier.entry


class _Titled:
    """A document index whose sure answer to a question searched with an entry's title is `found`, and whose first
    passages for the question alone are `alone`."""

    def __init__(self, found: DocumentResult, alone: list[Passage]):
        self.found, self.alone = found, alone

    def search(self, question: str, k: int = 3) -> DocumentResult:
        if ": " in question:
            return self.found
        return DocumentResult([DocumentHit(p, SURVEY, 0.3, 1.0) for p in self.alone], 0.3)


DAY_TWO = Passage("source-005", 7, "Day 2 covers your leadership role and networks.", "Overview", 3)
PROGRAMME = ENTRY.model_copy(update={"title": "The leadership programme"})


def test_a_follow_up_no_entry_answers_is_answered_from_a_document_the_entry_cites():
    """"what happens on the second day?" after the Leading Cultures programme got "I don't know": the programme's own
    document, searched with its title, says."""
    sure = DocumentResult([DocumentHit(DAY_TWO, SURVEY, 0.8, 2.0)], 0.9, support=1.0)
    cited = Entry.model_validate({**PROGRAMME.model_dump(), "sources": [{"document": "005_a.txt",
                                                                          "quote": "A programme."}]})
    assert answerable.in_context(_Titled(sure, [FIGURES, DAY_TWO]), "what happens on the second day?", cited) is sure
    # not a passage the question alone does not find ("where's the canteen?" and the programme's overview)
    assert answerable.in_context(_Titled(sure, [FIGURES]), "where's the canteen?", cited) is None
    # not a document the entry does not cite, nor a passage holding few of the question's words
    other = Entry.model_validate({**PROGRAMME.model_dump(), "sources": [{"document": "003_b.txt",
                                                                         "quote": "A programme."}]})
    assert answerable.in_context(_Titled(sure, [DAY_TWO]), "what happens on the second day?", other) is None
    partly = DocumentResult([DocumentHit(DAY_TWO, SURVEY, 0.8, 2.0)], 0.9, support=0.4)
    assert answerable.in_context(_Titled(partly, [DAY_TWO]), "what happens on the second day?", cited) is None


class _Quoted(_Titled):
    """`_Titled` that also holds `passages` by key, as a document index does."""

    def __init__(self, found: DocumentResult, alone: list[Passage], passages: list[Passage]):
        super().__init__(found, alone)
        self.passages = passages
        self.by_key = {p.key: at for at, p in enumerate(passages)}


SETS = Passage("source-005", 14, "You will take part in three action learning sets.", "Action Learning Set", 3)
VENUES = Passage("source-005", 15, "Cohort 1, Preston; Cohort 2, Lancaster; 13th November, 2nd December.",
                 "Action Learning Set", 3)


def test_a_follow_up_just_after_a_passage_is_answered_from_near_it():
    """"and when did cohort 2 start?" just after the programme's action learning sets were quoted got "I don't
    know": the passage beside it, found with its section's heading, says."""
    sure = DocumentResult([DocumentHit(VENUES, SURVEY, 0.8, 2.0)], 0.88, support=0.7)
    shown = _Quoted(sure, [VENUES], [SETS, VENUES, FIGURES])
    assert answerable.after_passage(shown, "and when did cohort 2 start?", SETS.key) is sure
    # not one the question alone does not find, nor one far off in the document, nor after a passage no longer held
    assert answerable.after_passage(_Quoted(sure, [FIGURES], [SETS, VENUES]), "where's the canteen?", SETS.key) is None
    methods = Passage("source-005", 40, "Of the 1,000 responses received, 723 were analysed.", "Methods", 8)
    far = DocumentResult([DocumentHit(methods, SURVEY, 0.8, 2.0)], 0.9, support=1.0)
    assert answerable.after_passage(_Quoted(far, [methods], [SETS, methods]), "how many?", SETS.key) is None
    assert answerable.after_passage(shown, "and when did cohort 2 start?", "source-009#1") is None
    nearly = DocumentResult([DocumentHit(VENUES, SURVEY, 0.8, 2.0)], 0.60, support=0.7)  # just under the threshold
    assert answerable.after_passage(_Quoted(nearly, [VENUES], [SETS, VENUES]), "and when?", SETS.key, 0.62) is nearly
    unsure = DocumentResult([DocumentHit(VENUES, SURVEY, 0.8, 2.0)], 0.3, support=0.7)
    assert answerable.after_passage(_Quoted(unsure, [VENUES], [SETS, VENUES]), "and when?", SETS.key) is None


def test_a_share_the_entry_says_it_does_not_state_is_followed_by_a_passage_stating_one():
    """"what share of research directors said funding was short?" got the report's entry saying "I don't know the
    percentage: the entry below doesn't say", and nothing after it, though the report's passage states 60%."""
    directors = Passage("source-005", 40, "In our survey, 60% of research directors said there was insufficient funding "
                        "to support research studies.", "Resourcing", 20)
    question = "what share of research directors said there wasn't enough money for studies?"
    report = ENTRY.model_copy(update={"body": "Research directors said there was not enough money for research "
                                              "studies; 1,200 staff answered the survey."})
    assert answerable.choose(question, _result(0.8, directors), report, 0.9, named=True) is Tier.entry
    assert answerable.choose(question, _result(0.8, directors), report, 0.9, named=True,
                             unstated="the percentage") is Tier.both
    assert answerable.choose(question, _result(0.8, directors), report, 0.9, named=False,
                             unstated="the percentage") is Tier.both
    # a passage with no share does not follow; nor one the tier is unsure of
    assert answerable.choose(question, _result(0.8, FIGURES), report, 0.9, named=True,
                             unstated="the percentage") is Tier.entry
    assert answerable.choose(question, _result(0.45, directors), report, 0.9, named=True,
                             unstated="the percentage") is Tier.entry


def test_a_named_entry_is_followed_by_a_passage_the_tier_is_sure_of_that_holds_more_of_what_was_asked():
    """"how many action learning sets do you do on the Leading Cultures course?": the entry is named and tells of
    "action learning sets"; the passage the tier is sure of says "participate in 3 learning sets"."""
    course = Entry(**{**ENTRY.model_dump(), "id": "course", "title": "Leading Cultures",
                      "summary": "Four linked one-day workshops and action learning sets for service leaders.",
                      "body": "The programme was free of charge and planned for three cohorts.", "synonyms": []})
    sets = Passage("source-005", 14, "You will develop skills in facilitating action learning sets and participate in "
                   "3 learning sets between the workshops.", None, 4)
    question = "Leading Cultures: how many action learning sets between the workshops?"
    gain = answerable.advantage(question, sets.text, answerable.entry_text(course), answerable.name_words(course))
    assert answerable.SHOWN_AFTER <= gain < answerable.ANSWERS_INSTEAD
    assert answerable.choose(question, _result(0.9, sets), course, 0.9, named=True) is Tier.both
    assert answerable.choose(question, _result(0.5, sets), course, 0.9, named=True) is Tier.entry  # not sure of it


def _index_with(*passages: Passage, document: Document = SURVEY) -> DocumentIndex:
    return DocumentIndex({document.id: document}, list(passages), [str(p.number) for p in passages],
                 np.zeros((len(passages), 384), np.float32))


def test_a_contact_detail_the_entry_lacks_comes_from_a_document_it_cites_and_the_question_names():
    """"who do I email about the HEE strategy?": the entry states no address; the strategy it cites ends with one."""
    hee = Document("source-002", "Research and Innovation Strategy", "Health Education England", "2014")
    contact = Passage("source-002", 45, "Health Education England www.hee.nhs.uk hee.enquiries@nhs.net", None, 30)
    other = Passage("source-002", 44, "We will review the strategy in 2015.", None, 29)
    index = _index_with(other, contact, document=hee)
    strategy = Entry(**{**ENTRY.model_dump(), "id": "hee-strategy", "title": "HEE Research and Innovation Strategy",
                        "kind": "strategy",
                        "sources": [{"document": "002_44d600e1792138c5.txt", "quote": "We will review it."}]})
    found = answerable.detail_in_sources(index, "who do I email about the HEE research strategy?", strategy,
                                         "the email address")
    assert found is not None and found.hits[0].passage is contact
    # Not named by its publisher: the strategy's address is no contact for every scheme whose entry cites it.
    assert answerable.detail_in_sources(index, "what's the email for the strategy?", strategy,
                                        "the email address") is None
    assert answerable.detail_in_sources(index, "HEE strategy's phone number?", strategy, "the phone number") is None
    assert answerable.detail_in_sources(index, "who do I email about the HEE strategy?", strategy, "how many") is None
    elsewhere = Entry(**{**strategy.model_dump(), "sources": [{"document": "005_a.txt", "quote": "x"}]})
    assert answerable.detail_in_sources(index, "who do I email at HEE?", elsewhere, "the email address") is None
    # a scheme citing the strategy: its contact is no strategy's inbox
    scheme = Entry(**{**strategy.model_dump(), "id": "hee-fellowships", "title": "HEE research fellowships",
                      "kind": "scheme"})
    assert answerable.detail_in_sources(index, "email for HEE research fellowships?", scheme, "the email address") is None


def test_a_word_asked_in_another_form_of_its_root_is_held():
    """"how does HEE define innovation?": the passage says "Innovation is defined as ..."; "physio" is who asks, and a
    passage on "physiotherapists" holds no more of what was asked."""
    assert answerable.held_words({"define", "innovation"}, frozenset({"defined", "innovation"})) == {"define",
                                                                                                    "innovation"}
    assert answerable.held_words({"funded"}, frozenset({"funding"})) == {"funded"}
    assert answerable.held_words({"physios", "time"}, frozenset({"physio", "time"})) == {"time"}
    # a longer word it begins is no form of it
    assert answerable.held_words({"nation", "second", "intern"}, frozenset({"national", "secondment",
                                                                           "international"})) == set()
    defined = Passage("source-005", 16, "Innovation is defined as an idea, product or service, new to the NHS.", None, 3)
    hee = Entry(**{**ENTRY.model_dump(), "id": "hee", "title": "Health Education England",
                   "summary": "HEE's Research and Innovation Strategy set out four objectives for the workforce.",
                   "synonyms": ["HEE"]})
    question = "how does HEE define innovation?"
    assert answerable.advantage(question, defined.text, answerable.entry_text(hee), answerable.name_words(hee)) > 0
    # the story after the question is not what it asks
    chatty = "how does HEE define innovation?? need it for my msc essay due tmrw"
    assert answerable.choose(chatty, _result(0.8, defined), hee, 0.9, named=True) is Tier.both


def test_an_entry_that_does_not_say_a_figure_its_passage_states_says_so_plainly():
    """The entry's "I don't know how many" above a passage that says "3 learning sets" read as false: it says the
    passage quoted after it does; a passage stating no number leaves the "I don't know" as it was."""
    entry = {**_entry_reply(), "unstated": "how many",
             "text": "**Leading Cultures**\n" + answerable.UNSTATED_NOTE.format(asked="how many") + "It comprised workshops."}
    question = "how many action learning sets are there on the leading cultures programme"
    sets = Passage(SURVEY.id, 3, "You will participate in 3 learning sets, one of which will be facilitated as part of "
                   "day 2.", "Action Learning Set", None)
    text = answerable.reply(entry, Tier.both, _result(0.7, sets), question)["text"]
    assert "I don't know how many" not in text
    assert answerable.STATED_AFTER_NOTE.format(asked="how many") in text and "3 learning sets" in text
    none = Passage(SURVEY.id, 4, "Learning sets are facilitated by the team.", "Action Learning Set", None)
    assert "I don't know how many" in answerable.reply(entry, Tier.both, _result(0.7, none), question)["text"]


REC_14 = Passage("source-005", 40, "14. We therefore recommend local NHS R&D Offices and universities should establish "
                 "integrated research offices.", "4.2 Collaboration", 30)


def test_a_numbered_recommendation_asked_for_is_quoted_from_the_report():
    """"what does recommendation 14 say exactly" got an entry that only cites it (the Community of Scholars): the
    report's own words answer, even when the passage's confidence is low; an entry titled with the recommendation
    answers first, with the words after it; another number is not this passage (round twenty-five)."""
    cites = ENTRY.model_copy(update={"title": "Community of Scholars", "synonyms": ["Recommendation 14"]})
    titled = ENTRY.model_copy(update={"title": "Integrated research offices (Recommendation 14)"})
    question = "what does recommendation 14 say exactly"
    assert answerable.choose(question, _result(0.3, REC_14), cites, 0.9, named=True) is Tier.document
    assert answerable.choose(question, _result(0.3, REC_14), None, 0.0, named=False) is Tier.document
    assert answerable.choose(question, _result(0.3, REC_14), titled, 0.9, named=True) is Tier.both
    assert answerable.choose("what does recommendation 4 say", _result(0.3, REC_14), cites, 0.9,
                             named=True) is not Tier.document
    # a topic beside the number: the entry on it first, the report's words after (the dev set's "recommendation 9
    # mentoring" kept its entry)
    assert answerable.choose("recommendation 14 research offices", _result(0.3, REC_14), cites, 0.9,
                             named=True) is Tier.both


@pytest.mark.parametrize("question, name", [
    ("was sheffeild in that cancer reserch report", "sheffeild"), ("was UHL involved in that report?", "UHL"),
    ("glasgow was mentioned somewhere right?", "glasgow"), ("is Guy's in the report", "Guy's"),
    ("was Wrexham mentioned", "Wrexham"), ("was it mentioned?", None), ("was the survey in 2020", None),
    ("is my trust in the report?", None), ("were nurses included in the survey?", None),
    ("is there anything in the report about AHPs", None), ("is there funding in wales for it", None),
    ("is backfill included in it", None),
    # whether it does much research: what the documents say of it ("is Lothian big on research?" got "I don't know")
    ("is Lothian big on research?", "Lothian"), ("is GSTT any good at research", "GSTT"), ("are you good?", None),
    ("is it good?", None), ("is my trust big on research?", None), ("is the PCAF good for me?", None),
    ("is the pay good?", None), ("is the funding good?", None), ("is wales good?", None),  # the review
])
def test_whether_a_name_is_in_a_document_is_asked(question, name):
    assert answerable.mention_asked(question) == name


def test_the_passages_that_name_something_answer_whether_a_document_names_it():
    """"glasgow was mentioned somewhere right?" got "I don't know"; the name is looked for in the passages, mended to a
    word they hold and spelt out from its initials; not in the body's own documents, nor in a list of abbreviations
    first, and in the document the question names (round twenty-five)."""
    report = Document("r", "Creating Time for Research", "Cancer Research UK")
    strategy = Document("s", "Research and Innovation Strategy", "University Hospitals of Leicester")
    glossary = Passage("r", 1, "BCUHB Betsi Cadwaladr University Health Board CQC Care Quality Commission GSTT Guy's "
                       "and St Thomas' NHS FT HEE Health Education England", "Abbreviations", 2)
    body = Passage("r", 2, "In Scotland research is a key element in the four main Health Boards (Edinburgh, Glasgow, "
                   "Aberdeen, Dundee); Betsi Cadwaladr piloted a Community of Scholars.", "2.1", 20)
    own = Passage("s", 1, "University Hospitals of Leicester will invest in research delivery staff.", None, None)
    index = DocumentIndex.empty().with_documents([(report, [glossary, body]), (strategy, [own])])
    assert [h.passage.key for h in answerable.mentioned(index, "glasgow").hits] == ["r#2"]
    assert [h.passage.key for h in answerable.mentioned(index, "glasgw").hits] == ["r#2"]  # mended
    assert [h.passage.key for h in answerable.mentioned(index, "Betsi").hits] == ["r#2", "r#1"]  # the list last
    assert answerable.mentioned(index, "UHL") is None  # only in its own strategy
    assert answerable.mentioned(index, "Betsi", question="was Betsi mentioned in the Leicester strategy") is None
    assert answerable.mentioned(index, "Timbuktu") is None
    # whether it does much research: a list of abbreviations only names it ("is GSTT big on research?" got one)
    assert [h.passage.key for h in answerable.mentioned(index, "Betsi", question="is Betsi big on research?").hits] \
        == ["r#2"]
    assert answerable.mentioned(index, "GSTT", question="is GSTT big on research?") is None
    assert [h.passage.key for h in answerable.mentioned(index, "GSTT", question="was GSTT mentioned").hits] == ["r#1"]


@pytest.mark.parametrize("question, acronym", [
    ("lol great. whats the RECOVERY thing", "RECOVERY"), ("ok. random q then, what was the PARROT trial", "PARROT"),
    ("what's the PARROT trial about?", "PARROT"), ("whats the recovery thing", None), ("what are CSGs", None),
    ("what's an ODP", None),  # a profession (the review)
    ("whats the 2.4% thing", "2.4%"), ("whats the £20k thing", "£20k"), ("what is 14", None),  # a figure, not a number
])
def test_what_an_acronym_is_asked(question, acronym):
    """Answered with the passages that name it when no entry does (round twenty-five)."""
    assert answerable.acronym_asked(question) == acronym


def test_a_figure_asked_about_is_found_as_written():
    """"whats the 2.4% thing": the passage giving 2.4%, not every passage holding a 2 and a 4."""
    report = Document("r", "Creating Time for Research", "Cancer Research UK")
    target = Passage("r", 1, "The Government's target is to spend 2.4% of GDP on R&D by 2027.", "Funding", 3)
    others = Passage("r", 2, "Of 4 trusts, 2 had research offices; 24% said so and 12.4% did not.", "Survey", 4)
    index = DocumentIndex.empty().with_documents([(report, [target, others])])
    assert [h.passage.key for h in answerable.mentioned(index, "2.4%", spelt_out=False).hits] == ["r#1"]


def test_the_passage_about_a_name_comes_before_one_that_mentions_it_in_passing():
    report = Document("r", "Creating Time for Research", "Cancer Research UK")
    passing = Passage("r", 1, "There is clear evidence of patient benefit from research, as shown by the PARROT trial.",
                      "Foreword", 1)
    about = Passage("r", 2, "In the PARROT trial NIHR-funded researchers showed that a blood test for pre-eclampsia "
                    "could cut the wait for a diagnosis.", "Examples", 9)
    index = DocumentIndex.empty().with_documents([(report, [passing, about])])
    assert [h.passage.key for h in answerable.mentioned(index, "PARROT").hits] == ["r#2", "r#1"]


def test_a_passage_follows_a_named_entry_whose_shown_paragraph_lacks_what_was_asked():
    """"What happens on the final day of the Leading Cultures workshop series?": the entry holds "workshop" and the
    passage "final", so their balance said nothing, and the summary shown says neither (round twenty-six)."""
    programme = Entry(**{**ENTRY.model_dump(), "id": "leading-cultures", "title": "Leading Cultures", "synonyms": [],
                         "summary": "A free programme for service leaders.",
                         "body": "It had four linked one-day workshops, one a month."})
    final = Passage("source-005", 40, "Day 4: the final day explores the culture of R&I within your service.",
                    "Programme", 3)
    question = "Leading Cultures: what happens on the final day of the workshops?"
    summary = "**Leading Cultures**\nA free programme for service leaders."
    assert answerable.choose(question, _result(0.7, final), programme, 0.9, named=True) is Tier.entry
    assert answerable.choose(question, _result(0.7, final), programme, 0.9, named=True, shown=summary) is Tier.both
    # not when the shown paragraph holds it, nor from a document the entry doesn't cite
    assert answerable.choose(question, _result(0.7, final), programme, 0.9, named=True,
                             shown=f"{summary} The final day explores culture.") is Tier.entry
    other = Entry(**{**programme.model_dump(), "sources": [{"document": "004_b.txt", "quote": "x"}]})
    assert answerable.choose(question, _result(0.7, final), other, 0.9, named=True, shown=summary) is Tier.entry
    # nor when another paragraph of the entry holds the words: they are its subject ("training awards" of ICA, asked
    # whether a junior doctor may apply), and a passage sharing them is no more an answer
    holds_them = Entry(**{**programme.model_dump(), "body": f"{programme.body}\n\nThe final day explores culture."})
    assert answerable.choose(question, _result(0.7, final), holds_them, 0.9, named=True, shown=summary) is Tier.entry
    # "how many" is answered by a number, not by the word "many": a word of the slot is nothing the answer lacks
    assert not answerable.shown_lacks("how many were there?", _result(0.7, final), programme, summary, 0.62)


@pytest.mark.parametrize("question, letters", [
    ("before that - what does AHP stand for? keeps coming up", "AHP"), ("what's NIHR short for?", "NIHR"),
    ("what does RfPB stand for", "RfPB"), ("what does it stand for", None), ("what do you stand for?", None),
])
def test_what_letters_stand_for_is_asked(question, letters):
    """"what does AHP stand for?" got the secondments entry (round twenty-six)."""
    assert answerable.stands_for_asked(question) == letters


def test_letters_are_spelt_out_only_beside_them():
    assert answerable.spelt_beside("AHP", "ACAF Advanced Clinical Academic Fellowship AHP Allied Healthcare Profession")
    assert answerable.spelt_beside("CRN", "studies supported by the Clinical Research Network (CRN) in 2018")
    assert answerable.spelt_beside("NIHR", "NIHR National Institute for Health Research")
    assert not answerable.spelt_beside("AHP", "One AHP echoed the feeling of many health service staff")
    report = Document("r", "Creating Time for Research", "Cancer Research UK")
    uses = Passage("r", 1, "One AHP Lead said research was a nice to have.", None, 2)
    spells = Passage("r", 2, "ACAF Advanced Clinical Academic Fellowship AHP Allied Healthcare Profession CQC Care "
                     "Quality Commission", "Abbreviations", 3)
    index = DocumentIndex.empty().with_documents([(report, [uses, spells])])
    found = answerable.mentioned(index, "AHP", question="what does AHP stand for?", spelling=True)
    assert [h.passage.key for h in found.hits] == ["r#2"]


def test_a_follow_up_read_with_earlier_messages_gets_the_passage_holding_what_it_asks():
    """"which had the most studies?" after the case study sites were quoted: of the passages of that document holding
    what it asks, the table stating the figures, never the passage just quoted nor another document's."""
    report, other = Document("r", "Report", "University"), Document("o", "Other", "Trust")
    shown = Passage("r", 1, "The case studies were six NHS trusts across four nations.", "Case studies", None)
    aside = Passage("r", 2, "Case study research in 3 sites: we interviewed 51 staff about studies.", "Methods", None)
    table = Passage("r", 3, "Trust A 1104 studies, 15,966 staff, 9 interviewees; Trust B 28 studies, 4,681 staff, 8 "
                    "interviewees; Trust C 310 studies, 9,000 staff, 7 interviewees.", "Table 1.1", None)
    elsewhere = Passage("o", 1, "Our trust ran 2,000 studies in 12 wards across 40 sites and 3 towns, 1 to 9.",
                        "Studies", None)
    documents = DocumentIndex.empty().with_documents([(report, [shown, aside, table]), (other, [elsewhere])])
    followed = "which trusts were the case studies? which had the most studies?"
    found = answerable.read_with_earlier(documents, followed, lambda text: "studies" in text, key="r#1", figures=True,
                                         threshold=0.0)
    assert found is not None and found.hits[0].passage.key == "r#3"
    first = answerable.read_with_earlier(documents, followed, lambda text: "studies" in text, key="r#1", threshold=0.0)
    assert first is not None and first.hits[0].passage.document_id == "r" and first.hits[0].passage.key != "r#1"
    assert answerable.read_with_earlier(documents, followed, lambda text: False, key="r#1", threshold=0.0) is None
    assert answerable.read_with_earlier(documents, followed, lambda text: True, threshold=0.0) is None  # nothing shown
    again = answerable.read_with_earlier(documents, followed + " and the lowest?", lambda text: "1104" in text,
                                         key="r#3", figures=True, again=True, threshold=0.0)
    assert again is not None and again.hits[0].passage.key == "r#3"  # the table just quoted holds its other rows


def test_a_fragments_subject_is_searched_alone_first():
    """"and training?": the earlier messages' words outrank the passage on training; its subject alone finds it."""
    report = Document("r", "Report", "University")
    outcomes = Passage("r", 1, "90% of staff said improving outcomes for patients motivates them; 87% agreed.", "A", None)
    promotion = Passage("r", 2, "Staff said improving outcomes should count in promotion; 51% of staff agreed, and "
                        "training came up.", "B", None)
    training = Passage("r", 3, "85% of survey respondents felt research training would support staff.", "C", None)
    documents = DocumentIndex.empty().with_documents([(report, [outcomes, promotion, training])])
    followed = "what motivates staff? what % said improving outcomes and training?"
    holds = lambda text: "training" in text  # noqa: E731
    found = answerable.read_with_earlier(documents, followed, holds, key="r#1", subject="training", threshold=0.0)
    assert found is not None and found.hits[0].passage.key == "r#3"


def test_a_question_on_what_a_named_report_says_is_answered_by_its_own_words_first():
    """Round twenty-eight: "does the creating time for research report say whether trusts count research towards
    promotion?" named the report's entry, whose summary answered first and the passage holding the figure after it.
    Named as where to look ("the report", "the survey"), the report's entry gives way to its passage; named as what is
    asked about, it still answers first."""
    report = Entry(**{**ENTRY.model_dump(), "id": "report", "title": "Creating Time for Research",
                      "summary": "A 2021 report on how NHS staff find time for research.", "synonyms": []})
    question = "Does the Creating Time for Research report say how many survey responses were fully completed?"
    assert answerable.choose(question, _result(0.7), report, 0.9, named=True) is Tier.document
    assert answerable.choose("Creating Time for Research: how many responses were fully completed?",
                             _result(0.7), report, 0.9, named=True) is Tier.both
    # a strategy or report's own entry only: a scheme named beside "the report" keeps answering first
    scheme = report.model_copy(update={"kind": "scheme"})
    assert answerable.choose(question, _result(0.7), scheme, 0.9, named=True) is Tier.both
