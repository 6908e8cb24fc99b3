"""Re-audit of the knowledge base's eligibility, amounts and durations, and its coverage by nation and group.

    .venv/bin/python bench/eligibility_audit.py [--entries knowledge/entries]

Prints, for open entries, how many per nation and per profession group (an entry counts for a group when
a member of the group is eligible, not merely unclear), and, for every entry, two checks a machine can do:
- eligibility: every open scheme that restricts who may apply cites a source for it (an `excluded` quote or an
  `eligibility_sources` entry), and every exclusion quotes its source;
- amounts and durations: every number in an entry's `amount` / `duration` appears in a quote it cites;
- years: every year an entry states appears in a quote it cites or in the name of a dated source.
Lists what fails, so a curator can fix it. It cannot judge whether a quote means what the entry says:
that part of the audit is by reading (docs/knowledge.md).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from knowledge.citations import describe
from knowledge.loader import load_entries
from knowledge.recommend import Profile, check
from knowledge.schema import Entry, Kind, Status
from knowledge.taxonomy import ANY, GROUPS, NATIONS

ROOT = Path(__file__).resolve().parent.parent


def eligible_for_group(entry: Entry, group: str) -> bool:
    """Is some named member of the group eligible, in some nation and stage? (Organisation-only: any staff.)"""
    for member in sorted(GROUPS[group].members):
        for nation in NATIONS:
            staff_of = entry.organisations[0] if entry.organisations else None
            if check(entry, Profile(member, nation, "mid_career", organisation=staff_of)).eligible:
                return True
    return False


def eligibility_problems(entry: Entry) -> list[str]:
    restricted = any(ANY not in values for values in (entry.professions, entry.nations, entry.career_stages))
    problems = []
    if entry.kind is Kind.scheme and entry.status is Status.open and restricted \
            and not (entry.excluded or entry.eligibility_sources):
        problems.append("restricts who may apply without an `excluded` quote or `eligibility_sources`")
    problems += [f"exclusion {i} has no quote" for i, x in enumerate(entry.excluded) if not x.source.quote]
    return problems


WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
         "nine": "9", "ten": "10", "twelve": "12", "eighteen": "18", "twenty": "20", "thirty": "30", "forty": "40"}


def number_problems(entry: Entry) -> list[str]:
    """Numbers in `amount` / `duration` that no cited quote (or the dated name of a cited source) contains."""
    said = " ".join(f"{source.quote or ''} {describe(source)}" for _, source in entry.cited()).replace(",", "")
    quotes = re.sub(r"[a-z]+", lambda m: WORDS.get(m.group(0), m.group(0)), said.lower())
    problems = []
    for name in ("amount", "duration"):
        value = getattr(entry, name) or ""
        spelt = re.sub(r"[a-z]+", lambda m: WORDS.get(m.group(0), m.group(0)), value.lower().replace(",", ""))
        for number in re.findall(r"\d+(?:\.\d+)?", spelt):
            if not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", quotes):
                problems.append(f"{name} '{value}': {number} is in no cited quote")
    return problems


def year_problems(entry: Entry) -> tuple[int, list[str]]:
    """Years the entry states (summary, body, amount, duration) that no cited quote or dated source name contains."""
    said = " ".join(f"{source.quote or ''} {describe(source)}" for _, source in entry.cited())
    text = " ".join(filter(None, (entry.summary, entry.body, entry.amount, entry.duration)))
    years = sorted(set(re.findall(r"\b(?:19|20)\d\d\b", text)))
    return len(years), [f"year {year} is in no cited quote or dated source name" for year in years if year not in said]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=Path, default=ROOT / "knowledge" / "entries")
    args = parser.parse_args()
    everything = load_entries(args.entries, ROOT / "knowledge" / "sources")
    entries = [e for e in everything if e.status is Status.open]
    schemes = [e for e in entries if e.kind is Kind.scheme]
    print(f"open entries: {len(entries)} ({len(schemes)} schemes)\n")
    print("| nation | open entries for it | of which schemes |\n| --- | --- | --- |")
    for nation in NATIONS:
        for_nation = [e for e in entries if ANY in e.nations or nation in e.nations]
        print(f"| {nation} | {len(for_nation)} | {sum(e.kind is Kind.scheme for e in for_nation)} |")
    print(f"| (all nations) | {sum(ANY in e.nations for e in entries)} | {sum(ANY in e.nations for e in schemes)} |")
    print("\n| profession group | schemes a member is eligible for | of which for that group only |")
    print("| --- | --- | --- |")
    for group in GROUPS:
        open_to = [e for e in schemes if eligible_for_group(e, group)]
        print(f"| {group} | {len(open_to)} | {sum(ANY not in e.professions for e in open_to)} |")
    checked = failed = 0
    print()
    for entry in everything:
        problems = eligibility_problems(entry) + number_problems(entry)
        checked += (entry.kind is Kind.scheme and entry.status is Status.open) + len(entry.excluded) \
            + bool(entry.amount) + bool(entry.duration)
        failed += len(problems)
        for problem in problems:
            print(f"  {entry.id}: {problem}")
    share = (checked - failed) / checked if checked else 1.0
    print(f"machine-checked claims (scheme eligibility, exclusions, amounts, durations): {checked}, "
          f"supported by a cited quote or source: {checked - failed} ({share:.0%})")
    stated = unmatched = 0
    for entry in everything:
        count, problems = year_problems(entry)
        stated, unmatched = stated + count, unmatched + len(problems)
        for problem in problems:
            print(f"  {entry.id}: {problem}")
    print(f"years stated (distinct per entry): {stated}, in a cited quote or dated source name: {stated - unmatched} "
          f"({(stated - unmatched) / stated if stated else 1:.0%}); the rest rest on a cited page without a quote")


if __name__ == "__main__":
    main()
