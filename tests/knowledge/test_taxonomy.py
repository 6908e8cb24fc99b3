import pytest

from knowledge.taxonomy import (
    GROUPS,
    HOSPITALS,
    NATIONS,
    bodies_named,
    in_town_names,
    named_in,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
    places_abroad,
    place_nation,
    possibly_in,
    profession_matches,
)


@pytest.mark.parametrize("text, code", [
    ("I'm a band 6 physio", "physiotherapist"),
    ("band 5 staff nurse", "nurse"),
    ("OT here", "occupational_therapist"),
    ("I'm a midwife", "midwife"),
    ("I work as a research nurse", "research_delivery"),
    ("junior doctor", "doctor"),
    ("speech and language therapist", "speech_and_language_therapist"),
])
def test_profession_synonyms(text, code):
    assert normalise_profession(text) == code


def test_nation_and_stage_from_free_text():
    assert normalise_nation("a physio in Cardiff") == "wales"
    assert normalise_nation("NHS Lanarkshire") == "scotland"
    assert normalise_career_stage("band 5 staff nurse") == "early_career"
    assert normalise_career_stage("band 8a service lead") == "senior"
    # a support worker's band, the reply "band 3" to the career stage: the entry level, not "didn't catch that"
    assert normalise_career_stage("band 3") == "early_career" and normalise_career_stage("band 4 HCA") == "early_career"


def test_an_nhs_body_says_where_someone_works_but_only_a_place_steers_a_question():
    """"a nurse at Guy's and St Thomas'" was asked which nation they work in; a question about a body ("what did Betsi
    Cadwaladr do with universities?") is about it, not asked from its nation."""
    assert normalise_nation("I'm a newly qualified nurse at Guy's and St Thomas'") == "england"
    assert normalise_nation("physio at Hywel Dda") == "wales"
    assert normalise_nation("nurse in NHS Fife") == "scotland"
    assert place_nation("What did Betsi Cadwaladr do with universities?") is None
    assert place_nation("a physio in Cardiff") == "wales"
    assert bodies_named("What does NHS Lanarkshire do?") == ["nhs lanarkshire"]
    assert bodies_named("a nurse in Lanarkshire") == []


@pytest.mark.parametrize("text, code", [
    ("staff nurse at Ninewells, band 6", "scotland"),
    ("ODP at Raigmore", "scotland"),
    ("HCA at Aberdeen Royal", "scotland"),
    ("nurse at the Queen Elizabeth University Hospital", "scotland"),
    ("physio at the QEUH", "scotland"),
    ("Dietitian here, Western Trust NI (Altnagelvin)", "northern_ireland"),
    ("healthcare support worker on a surgical ward at glan clwyd", "wales"),
    ("ACP in ED at the Grange University Hospital", "wales"),
    ("band 5 at Morriston", "wales"),
    ("I'm at the Ulster Hospital", "northern_ireland"),
    ("OT at Craigavon Area Hospital", "northern_ireland"),
    ("nurse at the Royal Victoria Hospital, Belfast", "northern_ireland"),
    ("nurse at Cumberland Infirmary", "england"),
    ("physio at Guy's", "england"),
    ("physio at guys", "england"),  # the apostrophe dropped
    ("physio at Guy\u2019s", "england"),
    ("ODP at Addenbrookes", "england"),
    ("midwife at St Thomas' Hospital", "england"),
    ("band 6 at musgrove park in taunton", "england"),  # not Belfast's Musgrave Park
])
def test_a_hospital_says_the_nation(text, code):
    """People say where they work by naming their hospital, and were asked "Which nation do you work in?"."""
    assert normalise_nation(text) == code
    assert place_nation(text) == code  # a place the writer asks from ("any funding for nurses at Raigmore?")


@pytest.mark.parametrize("text", [
    "ACP in ED at the Grange",  # the Grange University Hospital is Welsh, but there are Granges in England too
    "nurse at the royal infirmary", "band 5 at the general hospital", "physio at the city hospital",
    "nurse at the Queen Elizabeth",  # Glasgow's, or Birmingham's, Gateshead's, King's Lynn's
    "I work at the Royal Victoria Hospital",  # Belfast's, or Folkestone's
    "hi guys, any funding for nurses?",  # Guy's only after "at"
    "I'm a nurse in a south west acute hospital",  # England's South West; Enniskillen's is "the" one
    "band 6 at daisy hill",  # a hospital in Newry, and a place near Bolton
])
def test_a_name_many_hospitals_share_says_no_nation(text):
    assert normalise_nation(text) is None
    assert place_nation(text) is None


def test_hospitals_are_read_once_by_nation_and_are_no_bodies():
    assert set(HOSPITALS) == set(NATIONS)
    assert "addenbrookes" in HOSPITALS["england"] and "at guys" in HOSPITALS["england"]
    assert bodies_named("is there funding for nurses at Raigmore?") == []  # asked from, not about
    # a hospital's name is no misspelling ("glan clwyd" was "glan clyde", of Greater Glasgow and Clyde)
    assert in_town_names("ward at glan clwyd".split()) == {2, 3}


def test_ahp_covers_member_professions_but_not_nurses():
    assert profession_matches("physiotherapist", ["ahp"])
    assert not profession_matches("nurse", ["ahp"])
    assert profession_matches("doctor", ["any"])


@pytest.mark.parametrize("text, code", [
    ("I'm a clinical psychologist", "practitioner_psychologist"),
    ("practitioner psychologist in CAMHS", "practitioner_psychologist"),
    ("pharmacy technician", "pharmacy_technician"),
    ("I'm a nursing associate", "nursing_associate"),
    ("physician associate in ED", "physician_associate"),
    ("dental nurse", "dental_nurse"),
    ("I work as a hygienist", "dental_hygienist"),
    ("dental therapist", "dental_therapist"),
    ("healthcare assistant on a ward", "healthcare_assistant"),
    ("HCA", "healthcare_assistant"),
    # not an HCPC-registered practitioner psychologist: the ICA awards are for registered professionals
    ("assistant psychologist in CAMHS", "assistant_psychologist"),
    ("social worker", "social_worker"),
    ("I'm a porter", "support_services"),
    ("service manager", "manager_admin"),
    ("nurse consultant", "nurse"),
    ("student nurse", "nurse"),
    ("medical student", "doctor"),
])
def test_everyone_in_the_nhs_is_understood(text, code):
    assert normalise_profession(text) == code


def test_words_that_are_not_professions_stay_unknown():
    assert normalise_profession("is it for me?") is None
    assert normalise_profession("astronaut") is None
    assert normalise_career_stage("student nurse") == "student"


def test_groups_name_members_and_leave_possible_members_unclear():
    assert named_in("pharmacist", ["registered_health_professional"])
    assert named_in("physiotherapist", ["registered_health_professional"])
    assert not named_in("doctor", ["registered_health_professional"])
    assert named_in("practitioner_psychologist", ["registered_health_professional"])
    assert not named_in("nursing_associate", ["registered_health_professional"])
    assert possibly_in("nursing_associate", ["registered_health_professional"]) == "registered_health_professional"
    assert named_in("dentist", ["doctors_and_dentists"]) and not named_in("dental_nurse", ["doctors_and_dentists"])
    for group in GROUPS.values():
        assert group.quote and (group.url or group.source) and not group.members & group.possible


@pytest.mark.parametrize("text, code", [
    ("I'm a nurse working in public health", "nurse"),
    ("nurse looking for finance for a project", "nurse"),
    ("public health registrar", "public_health_practitioner"),
])
def test_what_someone_works_on_does_not_override_what_they_are(text, code):
    assert normalise_profession(text) == code


@pytest.mark.parametrize("text, code", [
    ("what support is there for AHPs in Wales?", "ahp"), ("can pharmacists apply?", "pharmacist"),
    ("schemes for midwives", "midwife"), ("are nurses eligible?", "nurse"), ("OTs and physios", "physiotherapist"),
])
def test_a_profession_named_in_the_plural_is_understood(text, code):
    """People ask about their group ("can pharmacists apply?") as often as they name themselves."""
    assert normalise_profession(text) == code


def _naive(text: str, table: dict) -> str | None:
    """The look-up as first written: every synonym's forms searched for in the text, the longest kept."""
    import re

    def plain(t):
        return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()

    lowered, best = f" {plain(text)} ", None
    for code, synonyms in table.items():
        for synonym in (code.replace("_", " "), *synonyms):
            synonym = plain(synonym)
            forms = (synonym, f"{synonym}s", f"{synonym}es", *((f"{synonym[:-2]}ves",) if synonym.endswith("fe") else ()))
            if any(f" {f} " in lowered for f in forms) and (best is None or len(synonym) > best[0]):
                best = (len(synonym), code)
    return best[1] if best else None


@pytest.mark.parametrize("text, code", [
    ("I'm a band 8a OT manager in Preston", "occupational_therapist"),
    ("physio service manager", "physiotherapist"),
    ("practice manager", "manager_admin"),
    ("I'm a manager", "manager_admin"),
    ("nurse manager", "nurse"),
    ("I am a practice manager at a GP surgery", "manager_admin"),  # the profession is not the writer's
    ("ward clerk on a nursing ward", "manager_admin"),
    ("data analyst for the nursing directorate", "manager_admin"),
    # a profession said first is what the writer is, the admin after it what they do
    ("ST3 in gastro at Guy's. My SPA gets swallowed by admin, how do people actually get research time?", "doctor"),
    ("I'm a nurse, now a manager", "nurse"),
    # where they work or what they were, not what they are (the round's review)
    ("pharmacy department secretary, band 3", "manager_admin"), ("physio team administrator", "manager_admin"),
    ("ex nurse, now a practice manager", "manager_admin"),
])
def test_a_profession_named_beside_managing_is_the_profession(text, code):
    from knowledge.taxonomy import normalise_profession

    assert normalise_profession(text) == code


def test_the_look_up_made_once_finds_what_searching_every_synonym_finds():
    """Synonyms' forms are made once and looked up by the message's words: the same code as searching the message for
    every synonym, on every synonym in sentences, and on the NLU examples."""
    from pathlib import Path

    import yaml

    from knowledge import taxonomy as t

    # ("other" is a profession only said alone: test_other_is_a_profession_only_said_alone)
    named = {code: names for code, names in {**t.AHP_PROFESSIONS, **t.PROFESSIONS}.items() if code != "other"}
    tables = [(t.normalise_profession, named), (t.normalise_nation, t.WHERE),
              (t.place_nation, t.NATIONS), (t.normalise_career_stage, t.CAREER_STAGES)]
    nlu = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu.yml").read_text())["nlu"]
    texts = [line.strip()[2:] for item in nlu if "examples" in item for line in item["examples"].splitlines()]
    for _, table in tables:
        for code, synonyms in table.items():
            for synonym in synonyms:
                texts += [synonym, f"I'm a {synonym}s in Wales", f"band 6 {synonym} at a trust in {synonym}"]
    for lookup, table in tables:
        # (a town the tables do not hold is looked up after them: test_a_town_says_the_nation)
        differ = [x for x in texts if lookup(x) != _naive(x, table) and not (_naive(x, table) is None and t.town_nation(x))]
        # only where a profession is named beside managing (test_a_profession_named_beside_managing_is_the_profession)
        assert [x for x in differ if _naive(x, table) != t.MANAGING] == []


def test_other_is_a_profession_only_said_alone():
    """"my SPA time just gets eaten by other stuff" (a doctor asked their nation) made the doctor "other staff"."""
    from knowledge.taxonomy import normalise_profession

    assert normalise_profession("Other") == normalise_profession("something else") == "other"
    assert normalise_profession("my SPA time just gets eaten by other stuff") is None
    assert normalise_profession("other staff") is None
    assert normalise_profession("other please") == normalise_profession("erm its other") == "other"


def test_the_us_is_a_place_abroad_and_us_a_word():
    """"how do I apply for a fulbright fellowship to do research in the US?" was answered with CSO fellowships."""
    assert places_abroad("a fellowship to do research in the US?") == ["us"]
    assert places_abroad("over in the states") == ["states"]
    assert places_abroad("can you tell us about the scheme?") == []



def test_a_town_says_the_nation():
    """GeoNames' UK towns, read where the message says someone is there or as the whole reply: "an OT in Sheffield"
    works in England; a town that is also a word ("interested in reading") or two nations share keeps to the tables."""
    from knowledge import taxonomy as t

    assert t.normalise_nation("I'm an OT in Sheffield, band 6") == "england"
    assert t.normalise_nation("ODP at Portsmouth") == "england"
    assert t.normalise_nation("Sheffield") == "england"
    assert t.normalise_nation("nurse near Aberystwyth") == "wales"
    assert t.normalise_nation("I work in Stoke-on-Trent") == "england"
    assert t.place_nation("a physio in Kirkcaldy") == "scotland"
    assert t.normalise_nation("midwife in Omagh") == "northern_ireland"
    assert t.normalise_nation("I'm interested in reading groups") is None
    assert t.normalise_nation("started in March") is None
    assert t.normalise_nation("Sheffield is where my sister lives and I love it") is None  # not said to be there
    assert t.normalise_nation("I'm in Newport") == "wales"  # the hand-kept table (Newport is in England too)
    assert t.normalise_nation("midwife at daisy hill, newry") == "northern_ireland"
    assert t.normalise_nation("B5 nurse, swansea") == "wales"
    assert t.normalise_nation("OT (Inverness)") == "scotland"
    assert "bangor" not in t.towns() and "reading" not in t.towns()


@pytest.mark.parametrize("message, profession, nation, stage", [
    # what new starters type (round twenty-one): a newly qualified nurse, a foundation doctor, an ambulance service or
    # a trust by its initials, a health board by its first name
    ("NQN, band 5, cardiff", "nurse", "wales", "early_career"),
    ("paramedic NWAS 5yrs", "paramedic", "england", None),
    ("F2 doctor here", "doctor", None, "early_career"),
    ("SLT at Betsi here, band 6", "speech_and_language_therapist", "wales", "mid_career"),
    ("OT, just started at KCHFT this month", "occupational_therapist", "england", None),
    ("im on a rotation (preceptorship) at LRI, band 5", None, "england", "early_career"),
    # round twenty-two: the Welsh ambulance service, an advanced nurse practitioner, a dental core trainee
    ("paramedic with WAST", "paramedic", "wales", None),
    ("ANP in A&E, band 8a", "nurse", None, "senior"),
    ("CNS for lung cancer", "nurse", None, None),
    ("DCT in oral surgery", "dentist", None, None),
    ("dental core trainee in leeds", "dentist", "england", "early_career"),
])
def test_initials_and_short_names_new_starters_use(message, profession, nation, stage):
    from knowledge.profile_text import extract

    found = extract(message)
    assert (found.profession, found.nation, found.career_stage) == (profession, nation, stage)


def test_a_chest_infection_is_no_hospital():
    from knowledge.taxonomy import normalise_nation

    assert normalise_nation("my pt with an LRI on the ward") is None


@pytest.mark.parametrize("message, profession", [
    ("staff nurse in south eastern trust NI, heard theres research nurse secondments?", "nurse"),
    ("physio, are there research nurse posts I could do?", "physiotherapist"),
    ("research nurse here, band 6", "research_delivery"),
    ("any research nurse jobs going?", "research_delivery"),  # no other role said: the post is all there is
    ("Physio team lead here, any research schemes for the nurses in my team?", "physiotherapist"),
    ("midwife team leader in Cardiff, can the HCAs on my unit do research too?", "midwife"),
])
def test_a_role_naming_a_kind_of_post_is_not_the_writers_beside_one_that_is(message, profession):
    from knowledge.taxonomy import normalise_profession

    assert normalise_profession(message) == profession


def test_a_town_ending_a_sentence_and_a_hospital_after_at_the():
    """"Clinical scientist, band 7, Sheffield. Healthcare science seems forgotten ..." and "F2 at the LRI" were asked
    which nation they work in."""
    from knowledge.taxonomy import normalise_nation

    assert normalise_nation("Clinical scientist, band 7, Sheffield. Healthcare science seems forgotten") == "england"
    assert normalise_nation("Hi, F2 at the LRI. What's UHL's research strategy about?") == "england"
    assert normalise_nation("Thanks. Brandon") is None


@pytest.mark.parametrize("message, profession", [
    # round twenty-two: "honest q, is research actually part of my job? i'm a nurse, i thought that was for doctors"
    ("i'm a nurse, i thought that was for doctors", "nurse"),
    ("I am a band 6 nurse but I thought research was for doctors", "nurse"),
    ("are physios eligible or do I need to be a doctor?", "physiotherapist"),  # the group asked about
    ("can physios apply for PCAF or do you have to apply as a doctor?", "physiotherapist"),
    ("funding for nurses?", "nurse"),
])
def test_the_writers_own_role_wins_over_a_group_named_beside_it(message, profession):
    from knowledge.taxonomy import normalise_profession

    assert normalise_profession(message) == profession


@pytest.mark.parametrize("text, nation", [
    # an NHS body's name after its town says where the writer works (round twenty-five)
    ("Service manager, band 8a, Blackpool Teaching Hospitals", "england"),
    ("I work at Kettering General Hospital NHS Foundation Trust", "england"),
    ("Sheffield Teaching Hospitals", "england"),
    ("the teaching hospitals get all the money", None),
    ("i work at reading general hospital", None),  # an everyday word is no town
])
def test_a_town_before_a_body_says_the_nation(text, nation):
    from knowledge.taxonomy import town_nation

    assert town_nation(text) == nation


def test_a_town_whose_name_holds_another_place_is_the_place_meant():
    """"sorry i meant newport pagnell, im in milton keynes" stayed in Wales (Newport) and was then refused the ICA
    Programme as working in Wales (round twenty-six)."""
    from knowledge.taxonomy import normalise_nation

    assert normalise_nation("sorry i meant newport pagnell") == "england"
    assert normalise_nation("band 7 physio in Newport") == "wales"
