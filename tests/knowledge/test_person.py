"""What a message says about its writer and how they are named back (knowledge/person.py, POST /api/person)."""

import pytest

from knowledge.person import asked_about, group_asked, lists_for_a_group, similar_for_a_group, asks_who_else, code, describe, stated, unsure_of


def test_people_are_described_in_the_singular_with_the_right_article():
    assert describe({"profession": "midwife", "nation": "wales"}) == "a midwife in Wales"
    assert describe({"profession": "ahp"}) == "an allied health professional"
    assert describe({"profession": "other"}) == "a member of staff"
    assert describe({}) == "a member of staff"
    assert describe({"profession": "nurse", "career_stage": "student", "nation": "england"}) == \
        "a student nurse in England"
    assert describe({"profession": "ahp", "career_stage": "mid_career"}) == \
        "an allied health professional (mid-career staff)"


def test_only_messages_about_the_writer_state_a_profile():
    assert stated("I'm a nurse in Wales", about_writer=False, question=False, answering=False) == {
        "profession": "nurse", "nation": "wales"}
    assert stated("what is HSC R&D in Northern Ireland?", about_writer=False, question=True, answering=False) == {}
    assert stated("as a nurse, what is HSC R&D?", about_writer=False, question=True, answering=False) == {
        "profession": "nurse"}
    # the writer's role said after the question began ("... as a nurse?"): the form asked the profession again
    assert stated("ta. back to me - what could i actually apply for as a nurse?", about_writer=False, question=True,
                  answering=False) == {"profession": "nurse"}
    assert stated("could the trust fund a course for me as a physio?", about_writer=False, question=True,
                  answering=False) == {"profession": "physiotherapist"}
    assert stated("my friend said I should ask you - what can she apply for as a midwife?", about_writer=False,
                  question=True, answering=False) == {}  # hers, not the writer's
    assert stated("new band 5, surgical ward, bristol", about_writer=False, question=False, answering=False) == {
        "nation": "england", "career_stage": "early_career"}  # profile facts alone, whatever Rasa read them as
    assert stated("Scotland", about_writer=False, question=False, answering=True) == {"nation": "scotland"}
    assert stated("Scotland", about_writer=False, question=False, answering=False) == {}
    # asking to forget states nothing, whatever intent Rasa read it as
    assert stated("forget that I said I'm a nurse", about_writer=True, question=False, answering=False) == {}


def test_typed_values_become_codes_and_unknown_ones_none():
    assert code("profession", "physio") == "physiotherapist"
    assert code("career_stage", "mid_career") == "mid_career"
    assert code("profession", "astronaut") is None
    assert code("organisation", "anything") is None and code("nation", 3) is None


def test_a_schemes_acronym_in_an_eligibility_question_is_not_the_writers_nation():
    """"can I apply for the HSC research fora?" (actions/profile.py reads it as a question) keeps its asker where
    they are; the part about the writer still counts."""
    assert stated("can I apply for the HSC research fora scheme?", about_writer=False, question=True,
                  answering=False) == {}
    assert stated("I'm a psychologist in Scotland, am I eligible for the CSO fellowships?", about_writer=False,
                  question=True, answering=False) == {"profession": "practitioner_psychologist", "nation": "scotland"}


def test_a_question_about_a_group_names_that_group_not_the_writer():
    assert asked_about("can pharmacists apply for PCAF?") == "pharmacist"
    assert asked_about("are doctors eligible for the ICA programme?") == "doctor"
    assert asked_about("I'm a nurse, can I apply for PCAF?") is None  # about the writer: their profile
    assert asked_about("can I apply for PCAF?") is None
    assert asked_about("I'm a nurse, could my colleague, a dentist, apply for ICAP?") == "dentist"
    # a yes before who they are, after the help offered to show what is open (round twenty-four)
    assert stated("go on then. nurse, b5, england", False, False, False) == {
        "profession": "nurse", "nation": "england", "career_stage": "early_career"}
    # where the writer starts next month, said as a correction (round twenty-four)
    assert stated("sorry I meant to say - I start at Hywel Dda in Carmarthen next month. does that help?", False, True,
                  False, known={"profession": "nurse", "nation": "scotland"}) == {"nation": "wales",
                                                                                  "organisation": "Hywel Dda"}
    # one of the writer's staff, by profession (round twenty-four)
    assert asked_about("one of my HCAs is keen too - is the research time award open to her?") == "healthcare_assistant"
    assert asked_about("one of our consultants told me about PCAF, am I eligible as a band 6 physio?") is None
    # a doubt added after the question is whom the writer fears it is for, not whom it asks about
    assert asked_about("is there any scheme that buys out time for research here, or is that only for doctors?") is None
    assert asked_about("is it only for doctors?") == "doctor"


def test_a_group_in_a_question_about_the_writers_workplace_is_not_the_writers_profession():
    """An HCA asked their career stage: "does my hospital even care about research or is it just for doctors" made them
    a doctor ("my hospital" is about the writer, "doctors" the group asked about)."""
    assert stated("does my hospital even care about research or is it just for doctors", False, True, False) == {}
    assert stated("im a band 5 physio, are there schemes for physios?", False, True, False)["profession"] \
        == "physiotherapist"
    # misspelt, said by a verb, or among the group: still the writer's
    for said, profession in (("im a nruse in wales, can i apply?", "nurse"),
                             ("I manage a ward in Wales, what leadership schemes are there?", "manager_admin"),
                             ("we're nurses in Leeds, can we apply?", "nurse"),
                             ("I'm one of the physios at Leeds, can I apply?", "physiotherapist")):
        assert stated(said, False, True, False).get("profession") == profession, said


def test_a_group_asked_about_keeps_the_nation_said_with_it_and_its_list_is_asked_for(index):
    """"what research opportunities are there for nurses in england?" asked the writer their own profession."""
    asked = "ok fine. what research opportunities are there for nurses in england?"
    assert group_asked(asked) == {"profession": "nurse", "nation": "england"}
    assert lists_for_a_group(index, asked)
    assert group_asked("what research opportunities are there in england?") == {}  # no group: the writer's own
    assert not lists_for_a_group(index, "I'm a nurse in England, what opportunities are there?")
    assert not lists_for_a_group(index, "can nurses apply for PCAF?")  # one scheme: its verdict for nurses
    # a doubt added ("or is it just for registered staff?") is no topic of its own
    assert lists_for_a_group(index, "can a healthcare support worker in Wales apply for any research funding or is it "
                                    "just for registered staff?")
    # a nation in a scheme's name is the scheme's, not the group's
    assert group_asked("can nurses apply for NHS Research Scotland fellowships?") == {"profession": "nurse"}


@pytest.mark.parametrize("question, who_else", [
    ("is the time award only for medics?", True), ("is it just for consultants?", True),
    ("is it only nurses who can apply?", True), ("can she do ICAP?", True), ("can my colleague apply for PCAF?", True),
    ("can my colleague who's a dentist apply?", False),  # answered for dentists
    ("I only work part time, can I apply?", False), ("can I just apply online?", False), ("can I apply?", False),
    ("are doctors eligible for ICAP?", False),
])
def test_asking_whether_a_scheme_is_only_for_some_or_for_someone_else_asks_who_can_apply(question, who_else):
    assert asks_who_else(question) is who_else


def test_a_known_person_asking_about_another_group_keeps_their_profession():
    """A physio asking "any fellowships for nurses?" (read as an induction request) asks about nurses; a bare
    "nurse" or "I'm a nurse" still corrects the profession, and someone not known yet is taken at their word."""
    physio = {"profession": "physiotherapist"}
    assert "profession" not in stated("are there any fellowships for nurses?", True, False, False, known=physio)
    assert stated("nurse", True, False, True, known=physio) == {"profession": "nurse"}
    assert stated("actually I'm a nurse", True, False, False, known=physio) == {"profession": "nurse"}
    assert stated("are there any fellowships for nurses?", True, False, False) == {"profession": "nurse"}


def test_a_reply_that_picks_a_button_by_its_place_takes_that_option():
    shown = ("profession", ["nurse", "midwife", "ahp", "doctor"])
    assert stated("the first one", False, False, True, options=shown) == {"profession": "nurse"}
    assert stated("number 3", False, False, True, options=shown) == {"profession": "ahp"}
    assert stated("the last one please", False, False, True, options=shown) == {"profession": "doctor"}
    assert stated("the ninth one", False, False, True, options=shown) == {}  # past the end: nothing guessed
    assert stated("the first one", False, True, False, options=shown) == {}  # not a reply to the question
    assert stated("the first one", False, False, True, options=("profession", ["astronaut"])) == {}
    assert stated("midwife", False, False, True, options=shown) == {"profession": "midwife"}  # words still count
    assert stated("3", False, False, True, options=("career_stage", ["student", "early_career", "mid_career"])) == {}


def test_not_knowing_the_answer_to_the_profile_question_asked_is_told_apart_from_a_question():
    assert unsure_of("I'm not sure which nation, I work on the border", "nation")
    assert unsure_of("dunno my band tbh", "career_stage")
    assert not unsure_of("I don't know what PCAF is", "nation")  # a question of its own
    assert not unsure_of("not sure which nation", "profession")  # not the question asked
    assert not unsure_of("not sure which nation", "None")


def test_profile_facts_alone_read_as_a_question_are_the_writers():
    assert stated("ok fine, NHS Lanarkshire", about_writer=False, question=True, answering=False) == {
        "nation": "scotland", "organisation": "NHS Lanarkshire"}


@pytest.mark.parametrize("text, similar", [
    ("what about for physios? is there anything similar?", True), ("anything similar for physios?", True),
    ("is there something like that for OTs?", True),
    ("and is there one for AHPs?", True),  # after 70@70: not 70@70 again
    ("is there one for me?", False),
    ("what about midwives?", False),  # the same question for them: who may apply
    ("is there anything similar?", False),  # for no other group
    ("I'm a physio, what is ICAP like?", False),
])
def test_something_like_what_was_shown_for_another_group(text, similar):
    assert similar_for_a_group(text) is similar


def test_the_writer_asking_for_themselves_asks_about_no_group():
    """"the list says doctors, nurses and clinical scientists. Pharmacists aren't on it - can I still apply?": the
    writer's own eligibility, not the clinical scientists' ("Yes: open to healthcare scientists" answered a pharmacist)."""
    from knowledge.person import group_asked

    assert group_asked("I read about the Clinical Research Time Award but the list says doctors, dentists, nurses, "
                       "midwives, AHPs and clinical scientists. Pharmacists aren't on it - can I still apply?") == {}
    assert group_asked("do I need to be a nurse?") == {"profession": "nurse"}  # the group asked about
    assert group_asked("are physios eligible or do I need to be a doctor?") == {"profession": "physiotherapist"}
    assert group_asked("is it open to nurses in Wales, should i apply?") == {"profession": "nurse", "nation": "wales"}
    assert group_asked("can pharmacists apply?") == {"profession": "pharmacist"}
    assert group_asked("can I ask whether nurses can apply?") == {"profession": "nurse"}


def test_a_profession_in_a_schemes_name_is_not_the_group_asked_about():
    """"can I apply for IAT for doctors and dentists?" from a nurse was answered for dentists (second review)."""
    from knowledge.person import group_asked

    assert group_asked("can I apply for IAT for doctors and dentists?") == {}
    assert group_asked("can I do the clinical doctoral fellowship for nurses?") == {}


@pytest.mark.parametrize("text, said", [
    ("3rd yr student nurse on placement with South Eastern HSC Trust. can students do research placements?",
     {"profession": "nurse", "nation": "northern_ireland", "career_stage": "student",
      "organisation": "South Eastern HSC Trust"}),
    ("Nurses in Wales are stretched. Is there funding?", {}),
    ("My friend is a nurse in Wales. can she apply for P2P?", {}),
    # or who they are said after it, in a sentence of its own (round twenty-two)
    ("hey, where should i begin?? OT in fife, want to get into it", {"profession": "occupational_therapist",
                                                                    "nation": "scotland"}),
    ("any funding going? Research nurse job at Cardiff advertised.", {}),
    ("where do i start? district nurse, just moved over from acute", {"profession": "nurse"}),
    ("is there funding? Nurses are so stretched.", {}),
    ("what was 70@70 again? the senior nurse one.", {}),
    ("where do i start? consultant says everyone on the ward should do research", {}),  # someone the writer works with
    ("where do i start?? dietitian at a small DGH, feels like research only happens at big hospitals",
     {"profession": "dietitian"}),
    ("honest question, is research really part of my job? i'm a midwife, i thought it was for doctors",
     {"profession": "midwife"}),
    ("what is ICAP? My friend is a nurse in Wales.", {}),
])
def test_a_question_opening_with_who_the_writer_is_keeps_it(text, said):
    """"3rd yr student nurse on placement with South Eastern HSC Trust. can students ...?" then "and once I qualify?"
    was asked for a profession and nation already given."""
    assert stated(text, False, True, False) == said


def test_the_writer_opening_with_their_role_beside_a_group_they_like_keeps_it():
    """"HCA band 3 in Aneurin Bevan, love the research nurses, could i ever do something?" was asked their profession."""
    from knowledge.person import stated

    assert stated("HCA band 3 in Aneurin Bevan, love the research nurses, could i ever do something?", False, True,
                  False)["profession"] == "healthcare_assistant"
    assert "profession" not in stated("band 6 in Leeds, is it just for doctors?", False, True, False)
    assert stated("What about a midwife in Belfast, any schemes for them?", False, True, False) == {}  # someone else


def test_a_doubt_whether_a_named_scheme_is_aimed_at_a_group_asks_about_no_group():
    """"is pathway to portfolio worth it for a junior doc or is it aimed at nurses" (a doctor in Wales) got the nurses'
    list, headed "A nurse (early-career staff) in Wales can apply for"."""
    from knowledge.person import group_asked

    assert group_asked("is P2P any good for a junior doc or is it aimed at nurses?") == {}
    assert group_asked("is it worth me applying or is it mainly for physios") == {}
    assert group_asked("is there funding for physios or for nurses in wales?")["profession"] == "physiotherapist"


def test_the_nation_said_before_the_group_is_the_groups():
    from knowledge.person import group_asked

    assert group_asked("anything else for a Scottish nurse?") == {"profession": "nurse", "nation": "scotland"}
    assert group_asked("what about a welsh physio?") == {"profession": "physiotherapist", "nation": "wales"}
    assert group_asked("is the welsh research time award for nurses?") == {"profession": "nurse"}  # the scheme's


def test_the_writer_opening_with_a_misspelt_role_keeps_it():
    from knowledge.person import stated

    assert stated("hiya newly qualifed midwfe in belfast, wat research stuff can i do", False, True, False) == {
        "profession": "midwife", "nation": "northern_ireland", "career_stage": "early_career"}


def test_every_scheme_for_a_group_asked_with_give_me_is_the_groups_list(index):
    """"give me every research scheme for nurses in scotland with the deadlines" got first steps: "me" asks, the
    nurses in Scotland are whom the list is for."""
    from knowledge.person import group_asked, lists_for_a_group
    from knowledge.resolve import asks_which_schemes

    asked = "give me every research scheme for nurses in scotland with the deadlines"
    assert asks_which_schemes(index, asked) and lists_for_a_group(index, asked)
    assert group_asked(asked) == {"profession": "nurse", "nation": "scotland"}
    assert not asks_which_schemes(index, "give me all the details of the ICA internship")


def test_the_forms_answer_opening_a_message_that_goes_on_to_something_else():
    from knowledge.person import opening_answer

    assert opening_answer("england. sorry random q but do u know how i swap a shift?", "nation") == {"nation": "england"}
    assert opening_answer("band 6, whats ICAP", "career_stage") == {"career_stage": "mid_career"}
    assert opening_answer("what is P2P, is it welsh?", "nation") == {}  # asks
    assert opening_answer("wales? never worked there, what's it got?", "nation") == {}  # a question, not the answer
    assert opening_answer("wales", "nation") == {}  # the whole message: the form reads it
    assert opening_answer("nurse. how do I apply", "nation") == {}  # another slot: stated() reads it


@pytest.mark.parametrize("text, said", [
    ("hi!! where do i start with research, im a nurse on a care of the elderly ward in kent",
     {"profession": "nurse", "nation": "england"}),
    ("where can I find a mentor? my friend is a nurse in wales", {}),
    ("hey where do i start, OT in cwm taf, bit lost tbh", {"profession": "occupational_therapist", "nation": "wales",
                                                          "organisation": "cwm taf"}),
])
def test_who_the_writer_is_told_in_a_clause_after_the_question(text, said):
    assert stated(text, False, True, False) == said


def test_a_claim_that_research_is_for_others_asks_about_the_writer():
    """"hca ... in wrexham. my manager says research is for nurses n doctors. is that right?" got a doctor's list."""
    from knowledge.person import group_asked

    assert group_asked("hca on a surgical ward in wrexham. my manager says research is for nurses n doctors. is that "
                       "right?") == {}
    assert group_asked("what research opportunities are there for nurses in England?") == {"profession": "nurse",
                                                                                          "nation": "england"}


@pytest.mark.parametrize("message, team", [
    ("what could my team actually apply for? ive got RNs, 2 NAs and a load of HCAs",
     ["nurse", "nursing_associate", "healthcare_assistant"]),
    ("what can my team apply for? mix of nurses, hcas and nursing associates",
     ["nurse", "nursing_associate", "healthcare_assistant"]),
    ("charge nurse in NHS Lothian - what is there for my team? mostly staff nurses and a couple of HCAs",
     ["nurse", "healthcare_assistant"]),
    ("our ward has physios and OTs, any funding for them?", ["physiotherapist", "occupational_therapist"]),
    ("charge nurse, icu, nhs lothian. what could my team of ~40 nurses apply for", ["nurse"]),
    ("my team are all nurses, what can they apply for?", ["nurse"]),
    # round twenty-four: the staff they have, and one group of them after a reply
    ("Morning. Ward manager B7 here (England). I've got 14 RNs and a load of HCAs - what research stuff can I point "
     "them at?", ["nurse", "healthcare_assistant"]),
    ("what about for my HCAs specifically?", ["healthcare_assistant"]),
    ("my colleagues are nurses, is there anything for me?", []), ("what about for my patients?", []),
    # others spoken of, not the writer's staff asked for (the round's review)
    ("our doctors get all the funding, what is there for AHPs?", []),
    ("my managers say research is only for doctors, is there anything for physios?", []),
    ("I've got 3 years post-qual, what options are there for physios?", []),
    # no team: the writer's list
    ("what can I apply for as a nurse?", []), ("my team lead says research is for doctors, is that right?", []),
    ("I'm a nurse, my manager is a doctor, what can I apply for?", []),
])
def test_a_team_of_several_groups_asked_for(message, team):
    from knowledge.person import team_asked

    assert team_asked(message) == team


def test_the_review_of_round_twenty_three():
    """A read-only review found these readings wrong; each is mended."""
    from knowledge.person import group_asked, interests_said, profile_opening, team_asked

    assert team_asked("band 5 nurse on the ward in leeds, what can I apply for?") == []  # the writer's own role
    assert group_asked("my mate says research is only for doctors. is that true for physios too?") == {
        "profession": "physiotherapist"}
    for text in ("is there an interest-free loan for a masters?", "conflict of interest - do I need to declare it for "
                 "my PhD?", "my friend is an OT, interests - hand therapy. what can she apply for?"):
        assert interests_said(text) is None, text
    assert profile_opening("OT in leeds. research always seems to be for doctors and nurses") == "OT in leeds"
    assert profile_opening("our SPA time just goes on admin") is None


def test_where_a_new_starter_started_is_kept_from_their_question():
    """"new starter, started monday at dorset healthcare. is research supposed to be part of induction?": the nation
    was asked again two turns later (round twenty-six); "the study started in 2019" is no one's workplace."""
    assert stated("new starter, started monday at dorset healthcare. is research supposed to be part of induction?",
                  about_writer=False, question=True, answering=False)["nation"] == "england"
    assert stated("the study started in 2019 at Leeds, what did it find?", about_writer=False, question=True,
                  answering=False) == {}


def test_a_topic_given_alone_after_the_list_asked_is_the_writers_interest(index):
    """Round twenty-eight: "falls prevention mainly", "perinatal mental health" and "deprescribing in older people" after
    the list asked what interests them got "I don't know" (or an offer to forget them)."""
    from knowledge.person import interests_answered

    for told, topic in (("falls prevention mainly", "falls prevention"), ("perinatal mental health",
                                                                            "perinatal mental health"),
                        ("erm probably paeds tbh", "paeds"), ("deprescribing in older people",
                                                             "deprescribing in older people")):
        assert interests_answered(index, told) == topic, told
    # a question, a kind of support, an entry's name, a profile fact, chat, no topic or a key mash: none
    for other in ("how do i apply?", "funding", "secondments", "pcaf", "wales", "band 6", "thanks", "none really",
                  "ok cool", "asdfgh", "what sort of skills does it build", "the first one", "the second",
                  "that one", "forget where I work"):
        assert interests_answered(index, other) is None, other
