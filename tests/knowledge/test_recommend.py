"""Eligibility rules as the sources state them, for every profession and nation they speak of.

Expectations are written from the source documents (quoted beside each rule), not from the code:
- Pathway to Portfolio: "open to all healthcare staff in Wales" (Creating Time for Research, 2021).
- Clinical/NHS Research Time Award: "open to staff in NHS Wales ... such as doctors, dentists,
  nurses, midwives, allied health professionals and clinical scientists": examples, so a pharmacist
  in Wales is offered it with "check with your R&D office", never refused.
- ICAP and its fellowships: "research training awards for health service staff (excluding doctors
  and dentists)"; NIHR: "All awards require the support of an English health or social care provider".
- NRS fellowships: "country specific fellowship schemes NRS in Scotland".
- 70@70 ran 2018 to March 2022: closed, so never recommended.
- NIHR Integrated Academic Training: "Two awards are specifically for doctors and dentists, with the third expanded
  in 2024 to include other health and care professionals": doctors and dentists eligible, others check.
- HCRW Doctoral Fellowship: "pre-doctoral researchers employed within Welsh Higher Education Institutions or NHS or
  social care organisations in Wales"; HSC R&D Research Fora: "The Chief Investigator (CI) must be employed in a
  substantive post in Northern Ireland".
The full profession x nation x stage table is bench/eligibility.yaml (tests/knowledge/test_eligibility_table.py).
"""

import pytest

from knowledge.recommend import CHECK, UNSAID, Profile, check, needed, recommend

NATIONS = ["england", "wales", "scotland", "northern_ireland"]
PROFESSIONS = ["nurse", "midwife", "physiotherapist", "occupational_therapist", "paramedic", "doctor", "dentist",
               "pharmacist", "healthcare_scientist"]
ICA_FAMILY = ["icap", "icap-internship", "pcaf", "dcaf", "acaf"]
NON_MEDICAL_REGISTERED = {"nurse", "midwife", "physiotherapist", "occupational_therapist", "paramedic",
                          "pharmacist", "healthcare_scientist"}
TIME_AWARD_WALES = {"nurse", "midwife", "physiotherapist", "occupational_therapist", "paramedic", "doctor",
                    "dentist", "healthcare_scientist"}


def verdict(index, entry_id, profession, nation, stage="mid_career"):
    return check(index.entries[entry_id], Profile(profession, nation, stage), index)


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("profession", PROFESSIONS)
def test_pathway_to_portfolio_is_for_all_staff_in_wales(index, profession, nation):
    result = verdict(index, "pathway-to-portfolio", profession, nation)
    assert result.eligible is (nation == "wales"), result.reason


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("profession", PROFESSIONS)
def test_research_time_award_names_professions_as_examples(index, profession, nation):
    result = verdict(index, "research-time-award-wales", profession, nation)
    if nation != "wales":
        assert result.eligible is False and "open to staff in NHS Wales" in result.reason
    elif profession in TIME_AWARD_WALES:
        assert result.eligible is True, result.reason
    else:  # "such as": not named, never refused
        assert result.eligible is None and "as examples" in result.reason and CHECK in result.reason


def test_pharmacist_in_wales_is_offered_the_time_award_with_a_check(index):
    found = {r.entry_id: r for r in recommend(index, Profile.parse("pharmacist", "Wales", "band 7"), limit=50)}
    assert found["research-time-award-wales"].outcome == "unclear"
    assert found["pathway-to-portfolio"].outcome == "eligible"


def test_another_nations_schemes_are_not_listed_but_never_refused(index):
    """A pharmacist in Wales sees the Welsh time award (unclear: the source's list is examples) and no scheme of
    Scotland or England among their options (read as noise: "CSO fellowships in Scotland: check"); asked about one,
    they are told to check, never refused."""
    shown = [r.entry_id for r in recommend(index, Profile.parse("pharmacist", "Wales", "band 6"), limit=50)
             if r.kind == "scheme"]
    assert "research-time-award-wales" in shown
    assert all(index.entries[e].for_nation("wales") for e in shown), shown
    asked = verdict(index, "cso-fellowships-scotland", "pharmacist", "wales", "senior")
    assert asked.eligible is None and asked.other_nation and CHECK in asked.reason


def test_own_nation_schemes_naming_other_professions_are_still_listed(index):
    """A senior pharmacist in Scotland: the CSO fellowships (the source names other professions and stages: two
    doubts) are listed with a check; a list of professions is no sign the scheme is for others."""
    shown = [r.entry_id for r in recommend(index, Profile.parse("pharmacist", "Scotland", "senior"), limit=50)]
    assert "cso-fellowships-scotland" in shown and "hcrw-advanced-fellowship" not in shown
    assert verdict(index, "cso-fellowships-scotland", "pharmacist", "scotland", "senior").doubts == 2


def test_schemes_aimed_at_fewer_career_stages_come_first_among_equals(index):
    """A newly qualified midwife in England: the internship and PCAF (early and mid career) before the DCAF (early
    career to senior), which sorted first by its title."""
    early = [r.entry_id for r in recommend(index, Profile.parse("midwife", "England", "early career"))]
    assert early.index("icap-internship") < early.index("dcaf") and early.index("pcaf") < early.index("dcaf")


def test_what_applicants_must_already_have_is_said_and_sorts_later_but_refuses_nobody(index):
    """The HCRW Advanced Fellowship asks for a PhD, which no profile records: an occupational therapist in Wales is
    still told it is open to them, with the PhD, after the Doctoral Fellowship; a senior physiotherapist sees the DCAF
    before the ACAF (for post-doctoral researchers)."""
    shown = recommend(index, Profile.parse("occupational therapist", "Wales"), limit=50)
    advanced = next(r for r in shown if r.entry_id == "hcrw-advanced-fellowship")
    assert advanced.outcome == "eligible" and "applicants need a PhD" in advanced.reason
    ids = [r.entry_id for r in shown]
    assert ids.index("hcrw-fellowships") < ids.index("hcrw-advanced-fellowship")
    senior = [r.entry_id for r in recommend(index, Profile.parse("physiotherapist", "England", "senior"))]
    assert senior.index("dcaf") < senior.index("acaf")
    assert "applicants need a doctorate" in verdict(index, "acaf", "nurse", "england", None).reason


def test_unclear_schemes_with_fewer_doubts_come_first(index):
    """A senior pharmacist in Scotland: the NRS fellowships (no source says who may apply: one doubt) before the CSO
    fellowships (the source names other professions and stages: two doubts): both offered, the closer one first."""
    shown = [r.entry_id for r in recommend(index, Profile("pharmacist", "scotland", "senior"), limit=50)]
    assert shown.index("nrs-fellowships") < shown.index("cso-fellowships-scotland")
    one = verdict(index, "nrs-fellowships", "pharmacist", "scotland", "senior")
    two = verdict(index, "cso-fellowships-scotland", "pharmacist", "scotland", "senior")
    assert (one.eligible, two.eligible, one.doubts, two.doubts) == (None, None, 1, 2)


@pytest.mark.parametrize("entry_id", ICA_FAMILY)
@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("profession", PROFESSIONS)
def test_ica_programme_excludes_doctors_and_dentists_and_is_for_england(index, entry_id, profession, nation):
    result = verdict(index, entry_id, profession, nation)
    assert result.eligible is (nation == "england" and profession in NON_MEDICAL_REGISTERED), result.reason
    if profession in {"doctor", "dentist"}:
        assert result.quote and "excluding doctors and dentists" in result.quote and result.quote in result.reason
    elif nation != "england":
        assert "English health or social care provider" in result.reason


@pytest.mark.parametrize("entry_id", ICA_FAMILY)
def test_psychologist_in_england_is_eligible_for_the_ica_programme(index, entry_id):
    # NIHR's DCAF Round 4 Chair's Report counts practitioner psychologists among the applying professions.
    result = verdict(index, entry_id, "practitioner_psychologist", "england")
    assert result.eligible is True and result.citation, result.reason


@pytest.mark.parametrize("entry_id", ICA_FAMILY)
def test_nursing_associate_in_england_is_offered_the_ica_programme_with_a_check(index, entry_id):
    # The NIHR list is "include but not limited to" and does not name nursing associates: never refused.
    result = verdict(index, entry_id, "nursing_associate", "england")
    assert result.eligible is None and CHECK in result.reason and not result.needs
    assert "registered health and care professionals" in result.reason and "include but not limited" in result.quote


def test_acaf_is_offered_to_early_career_staff_only_after_what_they_are_eligible_for(index):
    found = recommend(index, Profile.parse("band 5 nurse", "England", "band 5"), limit=50, routes=0)
    outcomes = {r.entry_id: r.outcome for r in found}
    assert outcomes["acaf"] == "unclear" and outcomes["pcaf"] == "eligible"
    assert [r.entry_id for r in found].index("acaf") > max(i for i, r in enumerate(found) if r.outcome == "eligible")


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("profession", PROFESSIONS)
def test_nrs_fellowships_are_for_scotland_and_offered_with_a_check(index, profession, nation):
    """No source says which staff may apply (the entry's professions are `any` without `eligibility_sources`): offered
    in Scotland with "check with your R&D office", never promised as open to all staff; refused elsewhere (quoted)."""
    result = verdict(index, "nrs-fellowships", profession, nation)
    if nation == "scotland":
        assert result.eligible is None and UNSAID in result.reason and CHECK in result.reason, result.reason
        assert "all staff" not in result.reason
    else:
        assert result.eligible is False


@pytest.mark.parametrize("profession", ["nurse", "midwife"])
def test_closed_70_at_70_is_never_eligible_and_names_its_successor(index, profession):
    result = verdict(index, "seventy-at-seventy", profession, "england", "senior")
    assert result.eligible is False and "closed" in result.reason
    assert "Senior Research Leader Programme" in result.reason


def test_a_closed_scheme_the_person_could_not_have_joined_anyway_says_so_too(index):
    """"I'm a band 7 ward manager in Lancashire, could I have gone on it?" after Leading Cultures got only "it has been
    archived": it was for band 8a and above, in the source's words."""
    result = verdict(index, "leading-cultures-of-research", "nurse", "england", "mid_career")
    assert result.eligible is False and "archived" in result.reason and "band 8a and above" in result.reason
    assert "besides" not in verdict(index, "leading-cultures-of-research", "nurse", "england", "senior").reason


def test_recommendations_never_include_what_the_person_cannot_apply_for(index):
    for nation in NATIONS:
        for profession in PROFESSIONS:
            for stage in ("early_career", "mid_career", "senior"):
                profile = Profile(profession, nation, stage)
                for rec in recommend(index, profile, limit=50):
                    eligible = check(index.entries[rec.entry_id], profile, index).eligible
                    assert eligible is not False and (rec.outcome == "eligible") is (eligible is True)


def test_physio_in_england_gets_ica_not_welsh_schemes(index):
    ids = {r.entry_id for r in recommend(index, Profile.parse("physio", "England", "band 6"), limit=50)}
    assert {"icap", "pcaf"} <= ids
    assert not ids & {"pathway-to-portfolio", "research-time-award-wales", "nrs-fellowships"}


def test_midwife_in_wales_gets_welsh_schemes_not_ica(index):
    ids = {r.entry_id for r in recommend(index, Profile.parse("midwife", "Cardiff"), limit=50)}
    assert {"pathway-to-portfolio", "research-time-award-wales"} <= ids
    assert not ids & set(ICA_FAMILY)


def test_doctor_in_england_is_not_offered_the_ica_programme(index):
    ids = {r.entry_id for r in recommend(index, Profile.parse("junior doctor", "England", "early career"), limit=50)}
    assert ids and not ids & set(ICA_FAMILY)


def test_only_needed_questions_are_asked(index):
    assert needed(index, Profile()) == ["profession", "nation"]
    assert needed(index, Profile("physiotherapist", "england")) == ["career_stage"]  # ICA excludes students
    assert needed(index, Profile("midwife", "wales")) == []  # nothing in Wales depends on career stage


def test_a_scheme_waiting_on_the_career_stage_says_so(index):
    verdict = check(index.entries["cso-fellowships-scotland"], Profile("paramedic", "scotland"), index)
    assert verdict.eligible is None and verdict.needs == ["career_stage"]
    assert verdict.reason.endswith(", aimed at early-career staff and mid-career staff, so it depends on your "
                                   "career stage")


def test_organisation_only_scheme_needs_the_organisation(index):
    entry = index.entries["uhl-innovation-challenges"]
    assert check(entry, Profile("nurse", "england", "mid_career"), index).eligible is None
    assert check(entry, Profile("nurse", "england", "mid_career", organisation="UHL"), index).eligible is True
    assert check(entry, Profile("nurse", "england", "mid_career", organisation="Guy's and St Thomas'"),
                 index).eligible is False


def test_interests_reorder_but_do_not_filter(index):
    plain = recommend(index, Profile("physiotherapist", "england", "mid_career"), limit=50, routes=50)
    keen = recommend(index, Profile("physiotherapist", "england", "mid_career", ["improving patient care"]),
                     limit=50, routes=50)
    assert {r.entry_id for r in plain} == {r.entry_id for r in keen}


def test_what_was_asked_ranks_the_schemes_that_fit_it_first_and_drops_none(index):
    """"is there funding for a masters?": the pre-doctoral fellowship (masters-level training) before the
    internship, which without a topic sorts first (aimed at fewer career stages)."""
    nurse = Profile("nurse", "england", "mid_career")
    plain = [r.entry_id for r in recommend(index, nurse, limit=50, routes=0)]
    asked = [r.entry_id for r in recommend(index, nurse, limit=50, routes=0, topic="is there funding for a masters?")]
    assert plain.index("icap-internship") < plain.index("pcaf") and asked.index("pcaf") < asked.index("icap-internship")
    assert sorted(plain) == sorted(asked)


def test_doctor_or_dentist_in_england_is_offered_integrated_academic_training_first(index):
    for profession in ("junior doctor", "dentist"):
        found = recommend(index, Profile.parse(profession, "England", "early career"), limit=50)
        iat = next(r for r in found if r.entry_id == "integrated-academic-training")
        assert iat.outcome == "eligible" and found[0].outcome == "eligible"


def test_nurse_is_offered_integrated_academic_training_to_check_and_pointed_to_ica(index):
    """NIHR's later page: the IPF was "expanded in 2024 to include other health and care professionals"."""
    result = verdict(index, "integrated-academic-training", "nurse", "england")
    assert result.eligible is None and CHECK in result.reason
    found = {r.entry_id: r for r in recommend(index, Profile("nurse", "england", "mid_career"), 50)}
    assert {"icap", "pcaf"} <= found.keys() and found["icap"].outcome == "eligible"


def test_nurse_in_northern_ireland_gets_a_northern_ireland_route(index):
    found = {r.entry_id: r for r in recommend(index, Profile.parse("nurse", "Belfast", "band 6"), limit=50)}
    assert found["hsc-research-fora-scheme"].outcome == "eligible"


@pytest.mark.parametrize("nation", ["england", "scotland", "northern_ireland"])
def test_wales_only_fellowships_are_never_offered_outside_wales(index, nation):
    result = verdict(index, "hcrw-fellowships", "nurse", nation)
    assert result.eligible is False and "employed within Welsh" in result.reason
    assert "hcrw-fellowships" not in {r.entry_id for r in recommend(index, Profile("nurse", nation, "mid_career"), 50)}


def test_what_the_person_asks_for_comes_first_and_nothing_is_dropped(index):
    """"what about funding?" from a nurse in England: the schemes giving funding lead, the others still follow."""
    nurse = Profile("nurse", "england", "mid_career")
    plain = recommend(index, nurse, limit=50, routes=50)
    funding = recommend(index, nurse, limit=50, routes=50, wants=("funding",))
    schemes = [r for r in funding if r.kind == "scheme"]
    gives = {r.entry_id: [g.value for g in index.entries[r.entry_id].gives] for r in schemes}
    eligible = [r.entry_id for r in schemes if r.outcome == "eligible"]
    first_without = next((i for i, e in enumerate(eligible) if "funding" not in gives[e]), len(eligible))
    assert all("funding" in gives[e] for e in eligible[:first_without])
    assert all("funding" not in gives[e] for e in eligible[first_without:])
    assert {r.entry_id for r in plain} == {r.entry_id for r in funding}


@pytest.mark.parametrize("nation", ["wales", "scotland", "northern_ireland"])
def test_an_organisation_only_scheme_waits_for_the_employer_in_every_nation(index, nation):
    """Leicester's staff challenges were offered to a therapist in Northern Ireland who never named an employer."""
    found = recommend(index, Profile("speech_and_language_therapist", nation, "early_career"), limit=50, routes=50)
    assert "uhl-innovation-challenges" not in [r.entry_id for r in found]
    verdict = check(index.entries["uhl-innovation-challenges"], Profile("nurse", nation))
    assert verdict.eligible is None and "organisation" in verdict.needs


def test_a_first_step_asked_for_comes_first(index):
    """"k. anything smaller to start with" after a pharmacist in Wales's list got "I don't know": the schemes its
    source calls a first step (small-scale, internships, pre-doctoral) first, and the small ways in; a doctoral or
    advanced fellowship is none (round twenty-five)."""
    from knowledge.profile_text import wanted
    from knowledge.recommend import first_step

    assert wanted("k. anything smaller to start with") == ["first_step"]
    assert wanted("which one would be best if I've never done any research?") == ["first_step"]
    assert first_step(index.entries["pathway-to-portfolio"]) and first_step(index.entries["icap-internship"])
    assert not first_step(index.entries["hcrw-fellowships"]) and not first_step(index.entries["acaf"])
    found = recommend(index, Profile(profession="pharmacist", nation="wales", career_stage="mid_career"), 6, 3,
                      ("first_step",))
    assert found[0].entry_id == "pathway-to-portfolio"
    assert "small-research-projects" in [r.entry_id for r in found if r.kind == "route"]
    nurse = recommend(index, Profile(profession="nurse", nation="england", career_stage="mid_career"), 6, 3,
                      ("first_step",))
    assert [r.entry_id for r in nurse[:2]] == ["icap-internship", "pcaf"]


def test_a_student_checks_a_scheme_whose_source_asks_for_registration(index):
    """"student physio, final yr" was told they can apply for the ICA Programme: its source asks for registration, or
    plans to hold it by the start, so a student is offered it with "check", never refused (round twenty-six)."""
    student = check(index.entries["icap"], Profile(profession="physiotherapist", nation="england",
                                                   career_stage="student"), index)
    assert student.eligible is None and "registration" in student.reason and CHECK in student.reason
    qualified = check(index.entries["icap"], Profile(profession="physiotherapist", nation="england",
                                                     career_stage="early_career"), index)
    assert qualified.eligible is True
