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
