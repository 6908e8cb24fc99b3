"""Which entry a follow-up is about: a question that names nothing of its own is left to the conversation."""

import pytest

from pathlib import Path

import yaml

from knowledge.resolve import (
    about_context,
    about_schemes,
    asks_eligibility,
    answered_first,
    asks_for_options,
    asks_which_schemes,
    follow_up,
    names_a_document,
    searched_entry,
    tells_and_asks_own_options,
    unknown_organisations,
    wishes_for_support,
)
from knowledge.schema import Kind


@pytest.mark.parametrize("question", [
    "how much is it worth?", "how do I apply for it?", "who is it for?", "how long does it last?",
    "when is the deadline?", "what does it involve?", "who can apply?", "how long is the fellowship?", "tell me more",
    "am I eligible?", "am I allowed to apply?", "when's the deadline?", "who's it for?", "what's it worth?",
    "is it still running?", "what replaced it?", "what's in it for me?", "could I apply?", "can I apply", "can I join?",
    "is it open to pharmacists?", "can midwives apply?", "can band 5s apply for it?", "can students do it?",
    "until when?", "when's the next one?", "when is the next cohort?", "how does that one work?", "how does it work?",
    "do i need anything lined up before applying?", "what do i need to have in place before i apply?",
    "is it still around?", "what's it called now?", "can nhs staff take part?", "does it still exist?",
    "are they still recruiting?", "is it taking applications?",
])
def test_a_follow_up_that_names_nothing_is_about_the_context(question):
    assert about_context(question)


@pytest.mark.parametrize("question", [
    "what is ICAP?", "how do I apply for PCAF?", "how much funding is there for nurses?", "what about protected time?",
    "XYZB??", "cool", "where do I start?", "how do I get involved in research?", "ok thanks", "how are you?",
    "apply", "how do I apply for the Welsh fellowship?", "is research open to nurses?", "what about midwives?",
    "how does research work in the NHS?", "I work in Wales",
    # schemes in general (round twenty-eight: "ok so what schemes can i actually apply for" after SPA time got SPA's "who
    # can apply")
    "ok so what schemes can i actually apply for", "which fellowships can I apply for?",
])
def test_a_question_with_a_topic_of_its_own_is_not(question):
    assert not about_context(question)


def test_an_eligibility_question_resolves_to_a_scheme_not_the_organisation_behind_it(index, settings):
    """"what about CSO fellowships, can I apply?" was checked against the Chief Scientist Office itself."""
    question = "what about CSO fellowships, can I apply?"
    scheme = searched_entry(index, question, settings.min_confidence, schemes_only=True)
    assert scheme is not None and index.entries[scheme].kind is Kind.scheme


@pytest.mark.parametrize("question", [
    "can pharmacists apply for research fellowships?", "is there any funding for nurses?",
    "are there grants for AHPs in Wales?", "can a midwife get a PhD fellowship?", "any courses for me?",
    "what research stuff could I actually apply for?",
    "what schemes can radiographers apply for?", "am I eligible for any fellowships?",
])
def test_a_question_about_schemes_in_general_names_none(index, question):
    assert about_schemes(index, question)


@pytest.mark.parametrize("question", [
    "can pharmacists apply for PCAF?", "what about CSO fellowships, can I apply?", "am I eligible for it?",
    "can I apply?", "can nurses apply for the research time award in Wales?", "how do I find a mentor?",
    "can pharmacists apply for a secondment?", "how do I get involved in research as a HCA?",
    "how do I get into research?",
])
def test_a_question_about_one_scheme_or_something_else_is_not(index, question):
    assert not about_schemes(index, question)


@pytest.mark.parametrize("question, asks", [
    ("can pharmacists apply for research fellowships?", True), ("is there any funding for AHPs?", True),
    ("what fellowships are available to physios?", True), ("are there grants for nurses in Wales?", True),
    ("what is a research fellowship?", False), ("can pharmacists apply for PCAF?", False),
    ("how long do fellowships last?", False),
    ("is there literally nothing for HCAs? everything seems to be for nurses and doctors", True),
    ("ok so generally what's around for midwives?", True), ("anything for radiographers specifically?", True),
    ("is there anything research wise I could actually do? never done any", True),
    ("is there any evidence that research helps patients?", False), ("what is ICAP? anything like it in Wales?", False),
    ("what research stuff is there for OTs", True),  # the profession by its plural abbreviation
    ("is there anything that says my trust should tell me about research when i start?", False),  # a source's word
    ("what scheme?", True), ("which fellowships?", True),  # "wat scheme?" after a list found Northern Ireland's fora
    # the asking clause set off by a dash
    ("band 6 physio in england, want some protected time to work on a fellowship application - is there a "
     "programme for people like me", True),
    ("want protected time for a fellowship application", False),
    # a short question after another is part of it
    ("what's UHL doing to get staff innovation ideas off the ground? any money?", False),
    ("is there any funding for AHPs? what about in Wales?", True),
    ("how do I get started? is there any funding for AHPs?", True),
    ("hi! quick one? is there any funding for physios?", True),
    ("any funding for recruitment?", False),  # a topic of its own, though "are they recruiting?" follows up
    ("are there any schemes aimed at nurses and midwives?", True),  # the form asked the writer's profession
])
def test_asking_which_schemes_are_open_is_told_from_asking_what_one_is(index, question, asks):
    assert asks_which_schemes(index, question) is asks


@pytest.mark.parametrize("question, kind", [
    ("tell me more", "more"), ("ok, go on", "more"), ("can you tell me more?", "more"), ("more info please", "more"),
    ("where's that from?", "source"), ("what's your source?", "source"), ("how do you know?", "source"),
    ("tell me more about PCAF", None), ("more funding for nurses", None), ("where do I start?", None),
    ("anything else?", None), ("is that still true?", "source"), ("is this up to date?", "source"),
    ("when was that last reviewed?", "source"), ("is it true that nurses can apply?", None),
    # its words, quoted (round twenty-four)
    ("can you quote it exactly so I can put it in my paper", "source"),
    ("Can you quote the innovation bit word for word?", "source"), ("can you quote me a price", None),
    ("quote what the report says about the time award exactly", None),  # a topic of its own
    ("what's the exact wording of the PCAF eligibility criteria?", None), ("can you quote the eligibility bit for PCAF?", None),
    ("could you quote that for my dissertation, and what year was the DCAF launched?", None),
    # how to cite it (round twenty-five)
    ("what's the full reference?", "source"), ("how do I cite it", "source"), ("what's a reference letter for", None),
])
def test_asking_for_more_or_for_the_source_of_what_was_just_said(question, kind):
    assert follow_up(question) == kind


def _examples(intent: str) -> list[str]:
    nlu = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu.yml").read_text())["nlu"]
    return [line.strip()[2:] for item in nlu if item.get("intent") == intent
            for line in item["examples"].splitlines() if line.strip()]


def test_every_way_of_asking_for_ones_options_that_rasa_learns_is_read_as_that(index):
    """A new start_induction example the service would answer instead of inducting fails here, not in a chat."""
    examples = _examples("start_induction")
    assert len(examples) > 30
    assert [e for e in examples if not asks_for_options(index, e)] == []


@pytest.mark.parametrize("message", [
    "what funding could I get?", "I'm a band 6 OT in Cardiff, what can I get?", "research opportunities for physios",
    "I'm a porter, is there anything for me?", "I'm interested in stroke care", "about seven years qualified",
    "any grants for cancer research?", "what could I go for as a band 5 nurse?", "let's start the induction",
    # where the writer works names an entry, but is not what is asked
    "I'm only band 4 in Betsi Cadwaladr. Is there anything research-wise I could actually apply for?",
    # the "it" of "is it possible ...?" points at nothing
    "is it possible for me to apply for anything as a band 5 nurse?",
])
def test_asking_what_one_could_apply_for_is_a_request_for_options(index, message):
    assert asks_for_options(index, message)


@pytest.mark.parametrize("message", [
    "which body runs the Pathway to Portfolio scheme?", "who funds the research time award in Wales?",
    "do most staff think university links would help research? any numbers?",
    "how do KCHFT secondments with the university work for nurses?",
    "does Leicester have a pot of money for staff innovation ideas?", "mentorship", "QWZ",
    "is there a genomics training plan in the HEE strategy?", "what should new staff hear about research at induction?",
    "whats the pay for a band 6 research nurse these days", "how much does a part-time masters cost?",
    "What does the Burdett Trust for Nursing fund and when can I apply?",  # an organisation named, never known
    "can I get it in England? I'm in Manchester",  # about the scheme just discussed
    "what's the one for senior nurses called?",  # a scheme's name asked
])
def test_a_question_of_its_own_read_as_a_request_for_options_is_not_one(index, message):
    """Rasa read these as "show me what I can apply for"; the form took them over instead of answering."""
    assert not asks_for_options(index, message)


def test_a_message_telling_about_the_writer_is_answered_first_only_when_it_asks_its_own_question(index):
    """Rasa reads "I'm a healthcare scientist, is the HEE framework only for nurses and doctors?" as telling us about
    the writer: the form took it over ("Which nation do you work in?") and the question went unanswered."""
    asked = "I'm a healthcare scientist, is the HEE clinical academic careers framework only for nurses and doctors?"
    assert answered_first(index, asked, requested=False, telling=True)
    assert not answered_first(index, asked, requested=False, telling=False)
    for told in ("I'm a nurse in Wales", "band 6", "England?", "I'm a physio, what can I apply for?", "QWZ",
                 "I'm a physio who works in MSK", "I work in the trust where I trained",
                 "Did my nursing degree in 2010, I'm in Wales", "band 7 OT, which is mid career I guess",
                 "Do research nursing on a stroke ward"):
        assert not answered_first(index, told, requested=False, telling=True), told
    assert answered_first(index, "which body runs the Pathway to Portfolio scheme?", requested=True, telling=False)
    # what applying takes, in other words: "whats the catch? anything i need to sort out before i apply"
    assert answered_first(index, "whats the catch? anything i need to sort out before i apply", requested=True,
                          telling=False)
    for options in ("I'm a nurse interested in long term conditions, what can I apply for?",
                    "what can I apply for before applying for a PhD?"):  # conditions as illnesses; before, not what
        assert not answered_first(index, options, requested=True, telling=False), options
    # what applying takes, read as a request for options: a question about the scheme just shown
    assert answered_first(index, "do i need anything lined up before applying?", requested=True, telling=False)
    assert not answered_first(index, "what can I apply for?", requested=True, telling=False)


def test_an_eligibility_question_naming_a_strategy_asks_whom_it_covers(index):
    assert names_a_document(index, "im a nurse in glasgow, does the HEE research strategy apply to me")
    assert not names_a_document(index, "can I apply to the NIHR?")  # a body: its schemes are asked about
    assert not names_a_document(index, "can nurses apply for ICAP?")


def test_asking_what_something_may_be_used_for_is_no_eligibility_question():
    assert not asks_eligibility("can I use my SPA time for research?")
    assert asks_eligibility("can I apply for PCAF?") and asks_eligibility("could she do ICAP?")
    assert asks_eligibility("can I claim the HCP bursary as a band 5?")
    assert asks_eligibility("can I put myself forward for ICAP?")


def test_every_eligibility_question_rasa_learns_asks_about_taking_part():
    """An example the service would treat as a question of its own fails here, not in a chat."""
    examples = _examples("ask_eligibility")
    assert len(examples) > 30
    assert [e for e in examples if not asks_eligibility(e)] == []


@pytest.mark.parametrize("question, asks", [
    ("is the time award only for medics?", True), ("can she do ICAP?", True), ("who's it for?", True),
    ("a nurse told me she took annual leave for a conference, is that common?", False),
    ("what does the report say about annual leave?", False),
])
def test_whether_a_question_asks_about_taking_part(question, asks):
    assert asks_eligibility(question) is asks


def test_where_the_writer_is_belongs_to_a_follow_up_about_it_not_elsewhere():
    """"can I get it in England? I'm in Manchester" after Pathway to Portfolio was searched on its own words."""
    assert about_context("can I get it in England? I'm in Manchester")
    assert about_context("is it open to staff in Scotland?")
    assert not about_context("how do I apply for the welsh fellowship?")  # names a scheme of its own


def test_a_wish_for_support_in_words_of_its_own_is_told_from_a_question_about_something_named(index):
    """"is there anything that pays for time off the rota to do research?" got "I don't know": no entry shares its
    words, but the schemes giving protected time answer it."""
    assert wishes_for_support(index, "is there anything that pays for time off the rota to do research?")
    assert wishes_for_support(index, "how do I get protected time?")
    # a wish typed without its subject, and protected research time, which is no one entry's name
    assert wishes_for_support(index, "want protected time 4 research")
    assert wishes_for_support(index, "is there a fellowship scheme up here that gives you protected research time?")
    # support bought, with a scheme half-remembered after it
    assert wishes_for_support(index, "is there anything that'd buy me protected time for research? a colleague "
                                     "mentioned some kind of time award")
    assert not wishes_for_support(index, "where can i buy a research textbook?")
    assert wishes_for_support(index, "Hiya, looking for something that gives me time off the floor to do research")
    # whom for, asked after it ("... or is that only for doctors?"), is no topic of its own
    assert wishes_for_support(index, "is there any scheme that buys out time for research here, or is that only for "
                                     "doctors?")
    # a subject of its own: an entry on it answers
    assert not wishes_for_support(index, "is there a leadership programme about research culture round here?")
    assert not wishes_for_support(index, "What does the Burdett Trust for Nursing fund and when can I apply?")
    assert not wishes_for_support(index, "how much funding does Pathway to Portfolio give?")  # named
    assert not wishes_for_support(index, "what is the weather like in London?")
    # words that only stress it (round twenty-two)
    assert wishes_for_support(index, "I want proper ring-fenced research time, what's out there?")
    assert wishes_for_support(index, "is there any way of getting actual time for research or is it all in my own time")


def test_a_scheme_abroad_or_of_an_unknown_organisation_resolves_to_no_entry_found_alike(index, settings):
    """"how do I apply for a fulbright fellowship to do research in the US?" got how to apply for CSO fellowships."""
    assert searched_entry(index, "how do I apply for a fulbright fellowship to do research in the US?",
                          settings.min_confidence) is None
    assert searched_entry(index, "how do I apply for the Wellcome Trust fellowship?", settings.min_confidence) is None
    assert searched_entry(index, "how do I apply for CSO fellowships?", settings.min_confidence) is not None


def test_a_name_the_knowledge_base_never_uses_is_an_unknown_organisation_but_not_where_someone_is(index):
    """"Does Macmillan offer research fellowships for cancer nurses?" was answered with a passage on funding."""
    assert unknown_organisations("Does Macmillan offer research fellowships for cancer nurses?", index) == ["Macmillan"]
    assert unknown_organisations("Is there anything for a nurse at Glenfield?", index) == []
    assert unknown_organisations("I'm a nurse in Swansea, what can I apply for?", index) == []
    assert unknown_organisations("can I apply for PCAF in March?", index) == []
    assert unknown_organisations("is there funding from Macmillan?", index) == ["Macmillan"]
    # a disease, a person, a day: not where an organisation stands
    for said in ("How do I get funding for a project on Parkinson's disease?", "Hi, I'm Sarah, what can I apply for?",
                 "What research funding is there for nurses working with Dementia patients?",
                 "my manager Dave says I should ask about ICAP", "can I apply by Friday?"):
        assert unknown_organisations(said, index) == [], said
    # typed in lower case: a charity after "the" ("the wellcome trust" was answered with Northern Ireland's fora
    # scheme), not the kind of NHS body or the place it is in
    assert unknown_organisations("whats the deadline for the wellcome trust career development award", index) \
        == ["wellcome trust"]
    for said in ("does the ambulance trust do research?", "does the leicester trust have an R&D office?",
                 "is my trust research active?", "does the nhs foundation trust offer time?",
                 "will the employing trust give me protected time for research?",
                 "can the neighbouring trust give me research time?", "does the host trust pay?"):
        assert unknown_organisations(said, index) == [], said


@pytest.mark.parametrize("message", ["about 4 years qualified. What's there for me?", "What's there for me?",
                                     "is there funding for people like me or is it just nurses and docs",
                                     "anything for someone like me?", "so what is available for me?",
                                     # the story names an entry ("induction"); the question asks only for options
                                     "My induction didn't mention research at all. What's actually out there for "
                                     "someone like me in Scotland?",
                                     "Is there anything a brand new dietitian could apply for to start a research "
                                     "career?", "FY2 at st thomas' in london. whats out there for me research wise",
                                     "great, what else is there in Wales?",  # round twenty-four
                                     "oh thats a shame. what is there for me then",
                                     "so what's actually open to me then"])
def test_asking_for_ones_options_in_no_more_words_lists_them(index, message):
    """Nothing asked but one's options, with no kind of scheme named: the list, not whatever search ranks first (an
    OT four years qualified was shown the doctors' academic training)."""
    from knowledge.resolve import asks_which_schemes

    assert asks_which_schemes(index, message)


@pytest.mark.parametrize("message", ["what's there for me in the CRUK report?", "is there anything for me at UHL?",
                                     "what's the deadline for me?",
                                     # a scheme named in a sentence that asks: about it
                                     "What's there for me? Is PCAF open to physios?",
                                     "What's there for me? How much is the research time award worth?",
                                     "what else does the report say?"])
def test_options_asked_with_something_else_are_not_only_options(index, message):
    from knowledge.resolve import asks_which_schemes

    assert not asks_which_schemes(index, message)


@pytest.mark.parametrize("message, options", [
    ("does my trust do anything to get normal clinical staff into research?", False),
    ("what does our board offer for nurses?", False),
    ("what can I apply for at my trust?", True),
])
def test_what_the_writers_organisation_does_is_a_question_about_it(index, message, options):
    """"does my trust do anything to get normal clinical staff into research?", from a nurse at Kent Community Health,
    was read as "show me what I can apply for" and got the list, not the trust's own research routes."""
    from knowledge.resolve import asks_for_options

    assert asks_for_options(index, message) is options



@pytest.mark.parametrize("message", ["what can I apply for? my trust has nothing",
                                     "my trust has given me a day a week, what could I apply for?"])
def test_a_trust_spoken_of_beside_a_request_for_options_leaves_the_request(index, message):
    from knowledge.resolve import asks_for_options

    assert asks_for_options(index, message)


def test_docs_are_doctors_only_beside_another_group(index):
    from knowledge.resolve import asks_which_schemes

    assert asks_which_schemes(index, "is there funding for people like me or is it just nurses and docs")
    assert not asks_which_schemes(index, "is there a doc about getting started?")
    assert not asks_which_schemes(index, "is there anything in the docs about it?")


def test_which_schemes_asked_in_a_clause_after_the_writers_story(index):
    """"i'm not a nurse or anything but i have an idea for a little research project, is there any funding someone
    like me could apply for?" got two quoted passages, not the schemes open to a support worker."""
    assert asks_which_schemes(index, "i'm not a nurse or anything but i have an idea for a little research project, "
                                     "is there any funding someone like me could apply for?")
    assert not asks_which_schemes(index, "what's UHL doing to get staff ideas off the ground, any money?")
    assert not asks_which_schemes(index, "as a physio, can I apply for ICAP?")


def test_support_asked_for_after_a_story_naming_a_route_is_a_wish_for_support(index):
    """A consultant: "My SPA time gets eaten by management and teaching. Are there any schemes up here that actually buy
    out time for research?" got the SPA entry: SPA is the writer's story; what is asked is time bought out."""
    from knowledge.resolve import wishes_for_support

    assert wishes_for_support(index, "My SPA time gets eaten by management and teaching. Are there any schemes up "
                                     "here that actually buy out time for research?")
    assert not wishes_for_support(index, "can SPA time be used to buy out time for research?")  # asks about SPA


@pytest.mark.parametrize("message, asks", [
    ("Can I apply for one of those from here?", True), ("could I apply for that?", True), ("am I eligible?", True),
    ("can we still apply?", True), ("do I qualify for it?", True), ("is it open to me?", True),
    ("my mate who's a physio did the icap thing, can i do that too?", True), ("how can I do it?", False),
    ("can I do it part time?", False), ("how long can I do it for?", False), ("so when exactly can I do it?", False),
    ("how do I apply?", False), ("how much can I get?", False), ("who can apply?", False),
    ("how can I apply for PCAF?", False), ("when can I apply for the research time award?", False),
    ("what can I apply for?", False),
    # whether a list rules them out (round twenty-six: the answer came without their verdict)
    ("Im an ODP in theatres at Ysbyty Gwynedd in Bangor. does the research time award cover me?", True),
    ("hospital pharmacist here (Birmingham). the RfPB thing - it says for nurses and AHPs. does that rule pharmacists "
     "out?", True),
    ("pharmacist, Aneurin Bevan. the research time award lists doctors, dentists, nurses, midwives, AHPs and clinical "
     "scientists. not pharmacists. so no?", True),
    ("am I covered?", True), ("nurse here, does that rule pharmacists out?", False),  # another group's
    ("does that rule pharmacists out?", False),  # no role of the writer's said
    ("does the time award cover backfill?", False), ("so no?", False),
])
def test_the_writer_asking_whether_they_may_apply(message, asks):
    from knowledge.resolve import asks_for_writer

    assert asks_for_writer(message) is asks


@pytest.mark.parametrize("message", [
    "Hiya im an OT at leeds general infirmary, qualified 2 yrs ago. want to do a phd eventually - are there any "
    "schemes that give me time/money for that??",
    "band 5 mental health nurse at sheffield. thinking about doing a research masters?? what schemes are there for "
    "someone just starting out"])
def test_support_wished_for_with_when_or_whether_in_passing(index, message):
    from knowledge.resolve import wishes_for_support

    assert wishes_for_support(index, message)


def test_a_scheme_called_by_words_of_its_title_is_asked_about_not_the_writers_options(index):
    """"what about the time award thing" (read as "show me what I can apply for") got the doctor's whole Welsh list."""
    assert not asks_for_options(index, "what about the time award thing")
    assert not asks_for_options(index, "what about the portfolio one")
    assert asks_for_options(index, "what could I apply for?")
    assert not asks_for_options(index, "yeah but what's in it for me")  # what research gives them
    # (the round's second review) a title's word said in passing, and options asked beside the idiom
    assert asks_for_options(index, "what can I apply for? I got the staff award last year")
    assert asks_for_options(index, "what can I apply for? what's in it for me")


def test_what_a_named_nhs_body_does_is_asked_about_it_not_the_writers_options(index):
    """"anything else Betsi Cadwaladr does?" after the Community of Scholars started the induction."""
    for asked in ("anything else Betsi Cadwaladr does?", "what does NHS Lothian offer nurses?"):
        assert not asks_for_options(index, asked) and answered_first(index, asked, requested=True, telling=False)
    for options in ("I'm at Betsi Cadwaladr, what can I apply for?", "does NHS Lothian have any fellowships I could "
                    "apply for?", "I work for NHS Lothian, anything for me?"):
        assert asks_for_options(index, options), options


@pytest.mark.parametrize("message", [
    # who the writer is and what they themselves could apply for, however Rasa read it (round twenty-one)
    "hiya, band 5 staff nurse in cardiff, qualified 2 yrs ago. never done research but want to. what could i apply for?",
    "OT in NHS Lothian, qualifed 6 yrs. what can i apply for research wise",
    "clinical scientist (medical physics) band 7 in Betsi. can i get research time?",
    "R&D admin officer band 5 in NHS Grampian, non clinical. any development for people like me",
    "im a HCA at sandwell, not a nurse. can people like me do research or is it just for nurses and doctors",
    "dietitian in NHS Lothian, band 6 - any research routes?",
    # an entry named in a sentence of its own is the writer's story, not what is asked (round twenty-two)
    "FY2 in swansea, could I get any time for research? my SPA is tiny",
    "ANP band 8a in Bolton, done my msc, would like a PhD but stay clinical. options?",
    "ODP at st thomas', is there ANYTHING for ODPs? we never get a mention",
    # whether research is for the writer's own group, or a claim that it is for others (round twenty-three)
    "Im a nursing associate in Aneurin Bevan, qualified 18 months. is research stuff even for NAs?",
    "I'm a paramedic with an ambulance trust in the midlands. is any of it for paramedics?",
    "healthcare scientist, band 6 in Manchester. are there research schemes for HCS or is it all doctors?",
    "I'm a ward clerk at Leicester Royal. is there any research opportunity for non clinical staff or is it all "
    "clinicians?",
    "hca on a surgical ward in wrexham. my manager says research is for nurses n doctors. is that right?",
    # what support exists, whether they count at all (round twenty-four)
    "hi there, new pharmacist at lothian, B7. curious what research support exists",
    "hi, paramedic in scotland, are we even counted in this stuff? we're not hospital",
    "Hi, I'm admin (medical secretary) not clinical, is any of this relevant to me?",
    "therapeutic radiographer, band 6, want to get into research. what's out there?",
    "OT in swansea bay, whats out there research wise?",
])
def test_who_the_writer_is_and_their_own_options_asked(index, message):
    assert tells_and_asks_own_options(index, message)


@pytest.mark.parametrize("message", [
    "I'm a research admin at Leicester Royal, not clinical. does the trust strategy say anything about careers for "
    "people like me??",
    "im a band 4 research support worker at UHL - is there anything in the strategy about career progression for "
    "people like me or is it all about doctors",
    "my friend in wales got pathway to portfolio money, can i apply?",
    "pharmacist here, is pharmacy research underfunded or is it just my trust",
    "I'm a physio in Wales, how much can I get from pathway to portfolio?",
    "what could i apply for?",  # nothing told: the induction asks
    "physio in Leeds, any research on back pain?",
    "I'm a consultant, any opportunities to supervise PhD students?",  # a topic of its own (round 21's review)
    "I'm a midwife, why do people like me do research? what motivates them?",
    "band 6 nurse at NHS Lanarkshire - how did they give people research time up here, according to the cruk report?",
    # a scheme named as heard of is what they would hear about (round twenty-two)
    "band 8a manager in Leeds, is there anything for me? someone mentioned a leading cultures of research course",
    "I'm a nurse in Bristol. My friend in Swansea got a research time award. Could I get one of those?",
    "I'm a nurse in Wales. PCAF looks great. Can I apply?",  # a bare ask points back (the round's review)
    "nurse in leeds. is there anything for conferences?", "I'm a nurse in Wales, is there anything for physios?",
    "I'm a nurse. is there any training for nurses on GCP?", "I'm a nurse. is PCAF open to nurses?",
    "I'm a nurse, my manager says research is for doctors. why would she say that?",
    "I'm a nurse, what research support exists for staff with dementia?",  # a topic of its own
    # the round's review: counted or covered by something else
    "I'm a band 6 nurse, am I covered by indemnity if I recruit to a trial?", "I'm a physio in Leeds, do I count as an AHP?",
    "I'm a nurse, do we count research hours as CPD for revalidation?",
])
def test_a_question_of_its_own_or_nothing_told_is_no_request_for_ones_options(index, message):
    assert not tells_and_asks_own_options(index, message)


@pytest.mark.parametrize("message, again", [
    # what the writer now says of themselves, and whether it changes what they were told (round twenty-four)
    ("sorry I meant to say - I start at Hywel Dda in Carmarthen next month. does that help?", True),
    ("oops, I should say I'm a pharmacy technician not a pharmacist. still ok?", True),
    ("sorry my mistake - I moved last month, I'm now with North West Ambulance Service in Bolton. does that change "
     "things?", True),
    ("does that help?", False),  # nothing new of the writer
    ("I'm a nurse. does P2P help with fees?", False),
    ("I'm a nurse, is it still open?", False),  # whether the scheme still runs
    # a question of its own (the round's review)
    ("I'm a nurse in Wales. does it help to have a masters?", False),
    ("I'm a nurse, does it matter which trust I work for?", False),
    ("I'm a band 6 physio, am I still eligible if I go part time?", False),
    ("I'm a nurse, is there any different funding for part-timers?", False),
    # a move that may open others (round twenty-five)
    ("I might be moving to a job in Swansea next year, does that open anything up?", True),
    ("I moved to Cardiff. would that open up more options?", True),
    ("does it open anything up", False),
    ("wait im actually moving to swansea in sept does that change anything", True),
    ("I'm a nurse in Wales does it help to have a masters", False),
])
def test_what_the_writer_now_says_and_whether_it_changes_their_answer(message, again):
    from knowledge.resolve import asks_again

    assert asks_again(message) is again


@pytest.mark.parametrize("question, there", [
    ("can I apply from NI?", True), ("is it open in Scotland?", True), ("can I apply from Northern Ireland?", True),
    ("could I do it from Wales?", True),
    # another nation's own scheme, a contact there, how to apply, a place said in passing (the round's second review)
    ("is there an NI one I can apply for?", False), ("who do I contact in NI?", False),
    ("how do I apply in Scotland?", False), ("I'm not in Scotland anymore, can I still apply?", False),
    ("I trained in Scotland, can I apply for RfPB?", False),
])
def test_whether_one_may_apply_there_asked_of_the_scheme_just_shown(question, there):
    from knowledge.resolve import asks_whether_there

    assert asks_whether_there(question) is there


def test_research_stuff_yet_asks_for_schemes_in_general(index):
    """"im a student nurse, can i apply for research stuff yet?" was answered about one fellowship search picked (for
    healthcare scientists: "No, I'm afraid"); "yet" says when, not what (round twenty-five)."""
    from knowledge.resolve import about_schemes

    assert about_schemes(index, "im a student nurse, can i apply for research stuff yet?")
    assert about_schemes(index, "can i already apply for any research funding?")


def test_an_interest_said_before_the_request_is_no_topic_of_the_request(index):
    """"respiratory mostly. what can I actually apply for?" (asked their career stage) got "I don't know": the interest
    is their answer, the request their list (round twenty-five)."""
    from knowledge.resolve import asks_for_options

    assert asks_for_options(index, "respiratory mostly. what can I actually apply for?")
    assert not asks_for_options(index, "do staff think links with universities would help? any figures?")


def test_a_bare_number_after_the_recommendations_is_that_recommendation(index):
    """"what does 14 say exactly" just after the report's entry got "I don't know" (round twenty-five)."""
    from knowledge.resolve import numbered_recommendation

    report = index.entries["creating-time-for-research-report"]
    assert numbered_recommendation("what does 14 say exactly", report) == "what does recommendation 14 say exactly"
    assert numbered_recommendation("and 7?", report) == "what does recommendation 7 say exactly"
    assert numbered_recommendation("what does 14 say", None) is None
    assert numbered_recommendation("what's 14 days in hours", report) is None
    quoted = "17. We therefore recommend local NHS R&D Offices should frequently showcase and promote their research"
    assert numbered_recommendation("and 14?", None, quoted) == "what does recommendation 14 say exactly"
    assert numbered_recommendation("and 14?", None, "Day 2 will focus on leadership.") is None
    assert numbered_recommendation("and 3?", None, "85% would recommend research training to colleagues.") is None
    assert numbered_recommendation("and 85%?", None, quoted) is None


def test_what_else_is_there_for_a_group_at_a_trust_asks_for_the_list(index):
    """"what else is there for midwives at GSTT then" (after 70@70 had closed) got "I don't know" (round twenty-five)."""
    from knowledge.profile_text import extract
    from knowledge.resolve import asks_which_schemes

    assert asks_which_schemes(index, "what else is there for midwives at GSTT then")
    assert extract("what else is there for midwives at GSTT then").nation == "england"
    assert not asks_which_schemes(index, "what else is there to know about P2P")


@pytest.mark.parametrize("question, starts", [
    ("band 6 research nurse at Sandwell, done loads of trial delivery. I want to be a PI eventually - where do I "
     "start?", True),
    ("so how do i even get started?", True), ("where do i start", True),
    ("how do I start a PhD application?", False), ("where do I start with the application form?", False),
])
def test_where_to_start_asked_in_a_clause_of_its_own(question, starts):
    """Answered with first steps when nothing answers the rest ("PI" is in no entry; round twenty-five)."""
    from knowledge.resolve import asks_where_to_start

    assert asks_where_to_start(question) is starts


def test_a_first_step_wished_for_asks_for_support(index):
    """"oh nice. anything smaller to start with? i've got an idea about theatre handovers" just after one scheme got "I
    don't know": the first steps open to them (round twenty-five)."""
    from knowledge.resolve import wishes_for_support

    assert wishes_for_support(index, "oh nice. anything smaller to start with? i've got an idea about theatre handovers")
    assert wishes_for_support(index, "is there something more entry level")


@pytest.mark.parametrize("question, asks", [
    ("right so what can i actually do from here", True), ("what can i do", True),
    ("what can i do about burnout?", False), ("what can you do?", False),
    # "ha yeah. anyway what could I actually apply for" got "I don't know" (round twenty-six)
    ("ha yeah. anyway what could I actually apply for", True), ("so what can we apply for then", True),
    ("what can i get from PCAF", False), ("what can i do about my SPA", False),
    ("SLT here. moving from Leeds to Aberdeen next month. which nation's schemes should i be looking at", True),
    ("which fellowships should I apply for", True), ("which ones should I apply to for PCAF", False),
    ("I'm in the finance team, not clinical at all. guessing none of this applies?", True),
    ("does any of this apply to me?", True), ("none of them apply to physios", False),
    ("so what could i actually get?", False),  # after a scheme: what it gives
])
def test_what_the_writer_can_do_asks_for_their_options(index, question, asks):
    from knowledge.resolve import bare_options

    assert bare_options(index, question) is asks
