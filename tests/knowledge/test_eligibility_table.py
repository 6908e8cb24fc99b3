"""Every profession x nation x career stage against bench/eligibility.yaml (written from the sources).

Nobody eligible is turned away, nobody is offered what a source rules out, and nobody is left with nothing.
"""

from itertools import product
from pathlib import Path

import pytest
import yaml

from knowledge.recommend import CHECK, Profile, check, recommend
from knowledge.taxonomy import CAREER_STAGE_CODES, NATION_CODES, PROFESSION_CODES

TABLE = yaml.safe_load((Path(__file__).resolve().parents[2] / "bench" / "eligibility.yaml").read_text())
COMBINATIONS = list(product(sorted(PROFESSION_CODES), sorted(NATION_CODES), sorted(CAREER_STAGE_CODES)))


def matches(rule: dict, profession: str, nation: str, stage: str) -> bool:
    """A rule covers a person when every dimension it lists includes them (a dimension left out: everyone)."""
    return all(value in rule.get(key, [value])
               for key, value in (("professions", profession), ("nations", nation), ("career_stages", stage)))


def test_the_table_names_real_entries(index):
    named = {*TABLE["schemes"], *TABLE["closed"], *TABLE["routes"]}
    assert named <= set(index.entries), named - set(index.entries)


@pytest.mark.parametrize("profession, nation, stage", COMBINATIONS)
def test_every_combination(index, profession, nation, stage):
    profile = Profile(profession, nation, stage)
    offered = {r.entry_id: r for r in recommend(index, profile, limit=1000, routes=1000)}
    for scheme, rule in TABLE["schemes"].items():
        verdict = check(index.entries[scheme], profile, index)
        if any(matches(never, profession, nation, stage) for never in rule["never"]):
            assert verdict.eligible is False and verdict.quote, f"{scheme}: {verdict.reason}"
            assert verdict.quote in verdict.reason and verdict.citation, "an exclusion is quoted and cited"
            assert scheme not in offered
        elif matches(rule["eligible"], profession, nation, stage):
            assert verdict.eligible is True, f"{scheme} refused or doubted: {verdict.reason}"
            assert offered[scheme].outcome == "eligible" and offered[scheme].citation
        else:
            assert verdict.eligible is None and CHECK in verdict.reason, f"{scheme}: {verdict.reason}"
            if index.entries[scheme].for_nation(nation):
                assert offered[scheme].outcome == "unclear"
            else:  # another nation's scheme: "check" if asked, not listed among the person's options
                assert verdict.other_nation and scheme not in offered
    assert not offered.keys() & set(TABLE["closed"])
    assert offered.keys() & set(TABLE["routes"]), "at least one general route for everyone"


@pytest.mark.parametrize("profession, nation, stage", COMBINATIONS[::7])
def test_nothing_offered_is_ruled_out_and_eligible_comes_first(index, profession, nation, stage):
    profile = Profile(profession, nation, stage)
    found = recommend(index, profile, limit=1000, routes=0)
    for rec in found:
        assert check(index.entries[rec.entry_id], profile, index).eligible is not False
    outcomes = [r.outcome for r in found]
    assert outcomes == sorted(outcomes, key=lambda o: o != "eligible"), "eligible schemes before unclear ones"
