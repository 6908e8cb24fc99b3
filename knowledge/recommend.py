"""Route a person to the schemes they can actually apply for, each with the reason.

Eligibility is a hard filter on the entry's structured fields (profession,
nation, career stage, open status); interests only change the order. A scheme
the person cannot apply for is never recommended, and `check` says why not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from knowledge import embedder
from knowledge.index import KnowledgeIndex
from knowledge.schema import Entry, Kind, Status
from knowledge.text import normalise
from knowledge.taxonomy import (
    AHP_PROFESSIONS,
    ANY,
    CAREER_STAGE_CODES,
    NATION_CODES,
    PROFESSION_CODES,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
    profession_matches,
)

LABELS = {
    "ahp": "allied health professionals", "nurse": "nurses", "midwife": "midwives", "doctor": "doctors",
    "dentist": "dentists", "pharmacist": "pharmacists", "healthcare_scientist": "healthcare scientists",
    "research_delivery": "research delivery staff", "other": "other staff",
    "england": "England", "wales": "Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland",
    "student": "students", "early_career": "early-career staff", "mid_career": "mid-career staff",
    "senior": "senior staff",
    "funding": "funding", "protected_time": "protected time", "training": "training", "mentoring": "mentoring",
    "networking": "networking", "leadership": "leadership development", "information": "information",
}


def label(code: str) -> str:
    return LABELS.get(code, code.replace("_", " ") + "s")


# Where the singular is not the plural label less its "s" ("As a midwife", not "a midwive").
SINGULAR = {"midwife": "midwife", "research_delivery": "member of research delivery staff",
            "other": "member of staff"}


def one_of(code: str) -> str:
    """One person of a profession: "physiotherapist", "midwife", "member of staff"."""
    return SINGULAR.get(code) or label(code).removesuffix("s")


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class ProfileError(ValueError):
    """A profile value that maps to no known profession, nation or career stage."""


@dataclass
class Profile:
    profession: str | None = None
    nation: str | None = None
    career_stage: str | None = None
    interests: list[str] = field(default_factory=list)
    organisation: str | None = None  # free text: "University Hospitals of Leicester"

    @classmethod
    def parse(cls, profession=None, nation=None, career_stage=None, interests=None, organisation=None) -> Profile:
        """Accept codes or the words people type ("physio", "Cardiff", "band 6")."""
        def one(value, codes, normalise, what):
            if value in (None, ""):
                return None
            if not isinstance(value, str):
                raise ProfileError(f"{what} must be text")
            if value in codes:
                return value
            code = normalise(value)
            if code is None:
                raise ProfileError(f"unknown {what} '{value[:60]}'")
            return code

        if organisation is not None and not isinstance(organisation, str):
            raise ProfileError("organisation must be text")
        if isinstance(interests, str):
            interests = [interests]
        if interests is not None and not (isinstance(interests, list) and all(isinstance(i, str) for i in interests)):
            raise ProfileError("interests must be a list of text")
        return cls(
            one(profession, PROFESSION_CODES, normalise_profession, "profession"),
            one(nation, NATION_CODES, normalise_nation, "nation"),
            one(career_stage, CAREER_STAGE_CODES, normalise_career_stage, "career stage"),
            [i.strip()[:200] for i in (interests or []) if i.strip()][:10],
            (organisation or "").strip()[:200] or None,
        )


@dataclass
class Verdict:
    eligible: bool | None  # None: depends on something the person has not said yet
    reason: str
    needs: list[str] = field(default_factory=list)  # profile fields that would decide it


def _audience(entry: Entry) -> str:
    who = "everyone" if ANY in entry.professions else _join([label(p) for p in entry.professions])
    where = "" if ANY in entry.nations else " in " + _join([label(n) for n in entry.nations])
    if entry.organisations:
        where = f" at {entry.organisations[0]}"
    return f"open to {who}{where}"


def _why_open(entry: Entry, profile: Profile) -> str:
    """The reason in the person's own terms: "open to allied health professionals in Wales; gives funding"."""
    who = "all staff" if ANY in entry.professions else label(_group(profile.profession or ""))
    where = f" at {entry.organisations[0]}" if entry.organisations else (
        "" if ANY in entry.nations else f" in {label(profile.nation or entry.nations[0])}")
    gives = f"; gives {_join([label(g.value) for g in entry.gives])}" if entry.gives else ""
    return f"open to {who}{where}{gives}"


def works_at(profile: Profile, entry: Entry) -> bool | None:
    if not entry.organisations:
        return True
    if not profile.organisation:
        return None
    said = normalise(profile.organisation)
    return any(normalise(name) in said or said in normalise(name) for name in entry.organisations)


def check(entry: Entry, profile: Profile, index: KnowledgeIndex | None = None) -> Verdict:
    """Can this person apply? The reason names the rule that decided it."""
    if entry.status is not Status.open:
        successor = index.entries.get(entry.successor) if index and entry.successor else None
        follow = f"; see {successor.title} instead" if successor else ""
        return Verdict(False, f"{entry.title} has {'closed' if entry.status is Status.closed else 'been archived'}{follow}")
    if profile.profession and not profession_matches(profile.profession, entry.professions):
        return Verdict(False, f"{entry.title} is {_audience(entry)}, not {label(_group(profile.profession))}")
    if profile.nation and ANY not in entry.nations and profile.nation not in entry.nations:
        return Verdict(False, f"{entry.title} is only for staff in {_join([label(n) for n in entry.nations])}")
    if profile.career_stage and ANY not in entry.career_stages and profile.career_stage not in entry.career_stages:
        return Verdict(False, f"{entry.title} is for {_join([label(s) for s in entry.career_stages])}")
    if works_at(profile, entry) is False:
        return Verdict(False, f"{entry.title} is only for staff at {entry.organisations[0]}")
    needs = [
        name for name, unknown, restricted in (
            ("profession", profile.profession is None, ANY not in entry.professions),
            ("nation", profile.nation is None, ANY not in entry.nations),
            ("career_stage", profile.career_stage is None, ANY not in entry.career_stages),
            ("organisation", profile.organisation is None, bool(entry.organisations)),
        ) if unknown and restricted
    ]
    if needs:
        return Verdict(None, f"{entry.title} is {_audience(entry)}", needs)
    return Verdict(True, _why_open(entry, profile))


def _group(profession: str) -> str:
    return "ahp" if profession in AHP_PROFESSIONS else profession


@dataclass
class Recommendation:
    entry_id: str
    title: str
    reason: str
    summary: str
    fit: float


def _schemes(index: KnowledgeIndex, profile: Profile) -> list[tuple[Entry, Verdict]]:
    return [(e, check(e, profile, index)) for e in index.entries.values() if e.kind is Kind.scheme]


def needed(index: KnowledgeIndex, profile: Profile) -> list[str]:
    """What to ask next: profession and nation always decide; career stage only when some
    scheme this person could otherwise apply for depends on it. Organisation is never asked:
    organisation-only schemes are simply left out until someone says where they work."""
    asked = [name for name in ("profession", "nation") if getattr(profile, name) is None]
    if asked:
        return asked
    undecided = {need for _, verdict in _schemes(index, profile) if verdict.eligible is None for need in verdict.needs}
    return ["career_stage"] if "career_stage" in undecided else []


def recommend(index: KnowledgeIndex, profile: Profile, limit: int = 6) -> list[Recommendation]:
    """Open schemes this person is certainly eligible for, best fit to their interests first.

    Schemes open to a specific group rank above those open to everyone: a
    physio should see the AHP fellowship before a generic route.
    """
    candidates = [(entry, verdict) for entry, verdict in _schemes(index, profile) if verdict.eligible]
    if not candidates:
        return []
    fit = {entry.id: 0.0 for entry, _ in candidates}
    if profile.interests:
        query = embedder.embed(["; ".join(profile.interests)])[0]
        for entry, _ in candidates:
            fit[entry.id] = float(np.max(index.vectors[index.passage_ids[entry.id]] @ query))

    def specificity(entry: Entry) -> int:
        return (ANY not in entry.professions) + (ANY not in entry.nations) + (ANY not in entry.career_stages)

    candidates.sort(key=lambda ev: (-round(fit[ev[0].id], 2), -specificity(ev[0]), ev[0].title))
    return [
        Recommendation(entry.id, entry.title, verdict.reason, entry.summary, round(fit[entry.id], 4))
        for entry, verdict in candidates[:limit]
    ]
