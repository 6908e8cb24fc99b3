"""The three outcomes on small entries written here: listed = eligible, excluded (quoted) = not, else unclear."""

import datetime as dt

import pytest
from pydantic import ValidationError

from knowledge.recommend import CHECK, UNSAID, Profile, check
from knowledge.schema import Entry, Exclusion

WALES_ONLY = {"nations": ["england", "scotland", "northern_ireland"],
              "source": {"document": "A funder, scheme page", "url": "https://example.org/scheme",
                         "quote": "open to staff in NHS Wales"}}

SAYS_ALL = {"document": "A funder, scheme page", "url": "https://example.org/scheme", "quote": "open to all staff"}


def entry(**eligibility) -> Entry:
    return Entry(id="a-scheme", title="A scheme", kind="scheme", summary="A scheme that funds research time.",
                 body="A scheme that funds research time for staff, as its page describes.",
                 sources=[{"document": "A funder, scheme page", "url": "https://example.org/scheme"}],
                 last_reviewed=dt.date(2026, 1, 1), review_due=dt.date(2027, 1, 1), **eligibility)


def test_an_entry_with_only_the_old_lists_still_loads_and_never_refuses():
    scheme = entry(professions=["nurse", "ahp"], nations=["wales"])
    assert check(scheme, Profile("nurse", "wales", "mid_career")).eligible is True
    assert check(scheme, Profile("physiotherapist", "wales", "mid_career")).eligible is True  # ahp covers physios
    for profile in (Profile("pharmacist", "wales", "senior"), Profile("nurse", "england", "senior")):
        verdict = check(scheme, profile)
        assert verdict.eligible is None and verdict.outcome == "unclear" and CHECK in verdict.reason


def test_a_quoted_exclusion_refuses_with_the_quote():
    scheme = entry(professions=["any"], nations=["wales"], excluded=[WALES_ONLY], eligibility_sources=[SAYS_ALL])
    verdict = check(scheme, Profile("nurse", "scotland", "senior"))
    assert verdict.eligible is False and verdict.outcome == "not_eligible"
    assert '"open to staff in NHS Wales"' in verdict.reason and verdict.citation.endswith("(https://example.org/scheme)")
    assert check(scheme, Profile("support_services", "wales", None)).eligible is True


def test_open_to_every_profession_only_when_a_source_says_so():
    """Professions `any` with no source saying who may apply: offered with a check, never promised, never refused."""
    unsaid = check(entry(nations=["wales"]), Profile("support_services", "wales", "senior"))
    assert unsaid.eligible is None and UNSAID in unsaid.reason and CHECK in unsaid.reason
    assert check(entry(nations=["wales"], eligibility_sources=[SAYS_ALL]),
                 Profile("support_services", "wales", "senior")).eligible is True


def test_an_exclusion_covers_only_people_matching_every_dimension_it_lists():
    no_english_students = {"nations": ["england"], "career_stages": ["student"], "source": WALES_ONLY["source"]}
    scheme = entry(excluded=[no_english_students], eligibility_sources=[SAYS_ALL])
    assert check(scheme, Profile("nurse", "england", "student")).eligible is False
    assert check(scheme, Profile("nurse", "england", "senior")).eligible is True
    assert check(scheme, Profile("nurse", "wales", "student")).eligible is True
    undecided = check(scheme, Profile("nurse", "england"))
    assert undecided.eligible is None and undecided.needs == ["career_stage"]


def test_a_group_excludes_its_members():
    scheme = entry(professions=["registered_health_professional"],
                   excluded=[{"professions": ["doctors_and_dentists"], "source": WALES_ONLY["source"]}])
    assert check(scheme, Profile("dentist", "england", "senior")).eligible is False
    assert check(scheme, Profile("dental_hygienist", "england", "senior")).eligible is True
    assert check(scheme, Profile("nursing_associate", "england", "senior")).eligible is None


@pytest.mark.parametrize("bad, message", [
    ({"source": WALES_ONLY["source"]}, "at least one of professions, nations or career_stages"),
    ({"nations": ["england"], "source": {"document": "A page", "url": "https://example.org/"}}, "verbatim 'quote'"),
    ({"professions": ["astronaut"], "source": WALES_ONLY["source"]}, "unknown profession or group"),
    ({"nations": ["any"], "source": WALES_ONLY["source"]}, "unknown nation"),
])
def test_an_exclusion_must_say_whom_and_quote_its_source(bad, message):
    with pytest.raises(ValidationError, match=message):
        Exclusion.model_validate(bad)


def test_a_requirement_is_said_with_the_reason_and_refuses_nobody():
    scheme = entry(nations=["wales"], requirements=[{"need": "a PhD", "source": WALES_ONLY["source"]}],
                   eligibility_sources=[SAYS_ALL])
    verdict = check(scheme, Profile("nurse", "wales", "student"))
    assert verdict.eligible is True and verdict.reason.endswith("; applicants need a PhD")
    assert "applicants need a PhD, so" in check(scheme, Profile("nurse", "england", "student")).reason


def test_a_requirement_must_quote_its_source():
    with pytest.raises(ValidationError, match="verbatim 'quote'"):
        entry(requirements=[{"need": "a PhD", "source": {"document": "A page", "url": "https://example.org/"}}])
