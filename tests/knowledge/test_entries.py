"""The knowledge base in the repo: complete, valid and traceable to its sources."""

from knowledge.schema import Kind, Status

REQUIRED = {
    "pathway-to-portfolio", "research-time-award-wales", "icap", "pcaf", "seventy-at-seventy",
    "research-for-patient-benefit", "nrs-fellowships", "research-champions", "mentorship",
    "research-secondments", "where-to-start", "rd-office",
}


def test_every_entry_loads_with_sources_that_resolve(entries):
    # load_entries (the fixture) already refuses any quote missing from its seed document.
    assert len(entries) >= 40
    assert REQUIRED <= {e.id for e in entries}
    assert all(e.sources for e in entries)


def test_closed_schemes_are_marked_and_name_their_successor(entries):
    by_id = {e.id: e for e in entries}
    assert by_id["seventy-at-seventy"].status is Status.closed
    assert by_id["seventy-at-seventy"].successor in by_id
    assert by_id["cat-programme"].status is Status.closed
    assert by_id["cat-programme"].successor == "icap"


def test_pathway_to_portfolio_states_its_figures_from_the_report(entries):
    p2p = next(e for e in entries if e.id == "pathway-to-portfolio")
    assert p2p.kind is Kind.scheme and p2p.nations == ["wales"]
    assert "£20,000" in p2p.body
    assert any("£20,000" in (s.quote or "") for s in p2p.sources)


def test_icap_family_excludes_doctors_and_dentists(entries):
    for entry in entries:
        if entry.id in {"icap", "pcaf", "dcaf", "acaf", "icap-internship"}:
            assert "doctor" not in entry.professions and "dentist" not in entry.professions
            assert "any" not in entry.professions


# Issue 13 coverage: schemes and routes the seeds name that had no entry, and entries per nation.
COVERAGE = {
    "integrated-academic-training", "healthcare-science-research-fellowship", "hee-education-research-fellowships",
    "clinical-studies-groups", "community-of-scholars", "research-days", "kent-community-health-research",
    "free-research-training", "student-research-projects", "cqc-well-led-research", "research-metrics",
    "hsc-research-fora-scheme", "ni-research-offices-and-networks", "south-eastern-hsc-trust-research",
    "hcrw-fellowships", "cso-fellowships-scotland",
}


def test_coverage_schemes_state_amount_and_how_to_apply_or_say_the_sources_do_not(entries):
    by_id = {e.id: e for e in entries}
    assert COVERAGE <= set(by_id)
    for entry_id in COVERAGE:
        entry = by_id[entry_id]
        if entry.kind is Kind.scheme:
            assert entry.amount and entry.how_to_apply, entry_id


def test_doctors_and_dentists_have_their_own_academic_training_route(entries):
    iat = next(e for e in entries if e.id == "integrated-academic-training")
    assert iat.kind is Kind.scheme and iat.status is Status.open
    assert sorted(iat.professions) == ["dentist", "doctor"] and iat.nations == ["england"]


def test_each_devolved_nation_has_coverage_entries_of_its_own(entries):
    for nation in ("wales", "scotland", "northern_ireland"):
        assert any(nation in e.nations for e in entries if e.id in COVERAGE), nation


def test_an_entry_is_for_its_nations_every_nation_or_an_unknown_one(entries):
    by_id = {e.id: e for e in entries}
    welsh, everywhere = by_id["pathway-to-portfolio"], by_id["nihr"]
    assert welsh.for_nation("wales") and not welsh.for_nation("england") and welsh.for_nation(None)
    assert everywhere.nations == ["any"] and everywhere.for_nation("scotland")
