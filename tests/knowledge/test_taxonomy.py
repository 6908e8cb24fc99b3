import pytest

from knowledge.taxonomy import normalise_career_stage, normalise_nation, normalise_profession, profession_matches


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


def test_ahp_covers_member_professions_but_not_nurses():
    assert profession_matches("physiotherapist", ["ahp"])
    assert not profession_matches("nurse", ["ahp"])
    assert profession_matches("doctor", ["any"])
