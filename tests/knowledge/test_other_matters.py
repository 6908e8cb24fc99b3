from knowledge.other_matters import matter_of


def test_a_clinical_question_is_refused_even_when_an_entry_shares_its_words():
    matter = matter_of("What dose of dexamethasone should we give covid patients on oxygen?", answered=True)
    assert matter is not None and matter.name == "clinical" and "clinical guidelines" in matter.who


def test_pay_leave_and_facilities_are_someone_elses_when_no_entry_answered():
    assert matter_of("can you tell me if I'm entitled to keep my Agenda for Change increments?", False).name == \
        "employment"
    assert matter_of("where do I park? is there staff parking?", False).name == "facilities"
    # whatever an entry shared: pensions, band uplifts; not annual leave, which the report speaks of
    assert matter_of("If I go on an ICA doctoral fellowship, does my NHS pension keep building up?", True).name == \
        "employment"
    assert matter_of("Do research champions at Kent Community Health get paid extra or a band uplift?", True)
    assert matter_of("do staff take annual leave to do research?", answered=True) is None
    assert matter_of("how much does PCAF pay?", answered=True) is None


def test_a_question_about_research_is_no_other_matter():
    for question in ("how do I get protected time for research?", "what is the Pathway to Portfolio scheme?",
                     "does the report mention dexamethasone?", "who funds the Welsh research time award?"):
        assert matter_of(question, answered=False) is None, question
