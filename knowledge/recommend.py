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

    @classmethod
    def parse(cls, profession=None, nation=None, career_stage=None, interests=None) -> Profile:
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

        if isinstance(interests, str):
            interests = [interests]
        if interests is not None and not (isinstance(interests, list) and all(isinstance(i, str) for i in interests)):
            raise ProfileError("interests must be a list of text")
        return cls(
            one(profession, PROFESSION_CODES, normalise_profession, "profession"),
            one(nation, NATION_CODES, normalise_nation, "nation"),
            one(career_stage, CAREER_STAGE_CODES, normalise_career_stage, "career stage"),
            [i.strip()[:200] for i in (interests or []) if i.strip()][:10],
        )


@dataclass
class Verdict:
    eligible: bool
    reason: str


def _audience(entry: Entry) -> str:
    who = "everyone" if ANY in entry.professions else _join([label(p) for p in entry.professions])
    where = "" if ANY in entry.nations else " in " + _join([label(n) for n in entry.nations])
    return f"open to {who}{where}"


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
    gives = f"; gives {_join([label(g.value) for g in entry.gives])}" if entry.gives else ""
    return Verdict(True, f"{_audience(entry)}{gives}")


def _group(profession: str) -> str:
    return "ahp" if profession in AHP_PROFESSIONS else profession


@dataclass
class Recommendation:
    entry_id: str
    title: str
    reason: str
    summary: str
    fit: float


def recommend(index: KnowledgeIndex, profile: Profile, limit: int = 5) -> list[Recommendation]:
    """Open schemes this person is eligible for, best fit to their interests first.

    Schemes open to a specific group rank above those open to everyone: a
    physio should see the AHP fellowship before a generic route.
    """
    candidates = [
        (entry, verdict)
        for entry in index.entries.values()
        if entry.kind is Kind.scheme and (verdict := check(entry, profile, index)).eligible
    ]
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
