"""The knowledge entry: one scheme, programme, organisation or piece of guidance.

The same model validates entry files at build time and (later) the curation
forms, so an entry that loads is an entry the bot can cite.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from knowledge.taxonomy import ANY, CAREER_STAGE_CODES, GROUP_CODES, NATION_CODES, PROFESSION_CODES

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
AlternateQuestion = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]


class Kind(str, Enum):
    scheme = "scheme"  # funding, fellowship, award or programme someone applies to
    guidance = "guidance"  # a route into research or advice (champions, mentorship...)
    organisation = "organisation"  # a body or acronym (NIHR, HCRW, CRN...)
    strategy = "strategy"  # an organisation's R&I strategy
    evidence = "evidence"  # findings: barriers, motivations, recommendations


class Status(str, Enum):
    open = "open"  # current: can be applied to / still applies
    closed = "closed"  # no longer runs; name the successor where known
    archived = "archived"  # historical record kept for context


class Gives(str, Enum):
    funding = "funding"
    protected_time = "protected_time"
    training = "training"
    mentoring = "mentoring"
    networking = "networking"
    leadership = "leadership"
    information = "information"


class Source(BaseModel):
    """Where a fact comes from: a seed document or a document added in the curation app (each with a verbatim
    quote), or a public page."""

    model_config = ConfigDict(extra="forbid")

    document: str = Field(min_length=3, description="Seed file name (e.g. 004_3dbd70d0db6fa5af.txt) or the publisher's page title")
    section: str | None = None
    url: str | None = Field(default=None, pattern=r"^https://")
    quote: str | None = Field(default=None, description="Verbatim text from a seed document that supports the entry")
    document_id: str | None = Field(
        default=None, pattern=r"^doc-[A-Za-z0-9_-]{1,64}$",
        description="A document added in the curation app (its id); the quote is checked against its text")

    @model_validator(mode="after")
    def _traceable(self) -> Source:
        if self.document.endswith(".txt") and not self.quote:
            raise ValueError("a seed document source needs a verbatim 'quote'")
        if self.document_id and not self.quote:
            raise ValueError("an added document source needs a verbatim 'quote'")
        if not self.document.endswith(".txt") and not self.document_id and not self.url:
            raise ValueError("a public source needs a 'url'")
        return self


class Exclusion(BaseModel):
    """Who a source says cannot apply, and the source that says so (quoted).

    A person is excluded when they match every dimension the exclusion lists (an
    unlisted dimension matches everyone): `professions: [doctor, dentist]` excludes
    doctors and dentists anywhere; `nations: [england, scotland, northern_ireland]`
    makes a Wales-only award. Without an exclusion nobody is refused: a person the
    entry's lists do not name is "unclear" and offered with "check with your R&D office".
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    professions: list[str] = Field(default_factory=list, description="Profession or group codes")
    nations: list[str] = Field(default_factory=list)
    career_stages: list[str] = Field(default_factory=list)
    source: Source

    @model_validator(mode="after")
    def _stated(self) -> Exclusion:
        if not (self.professions or self.nations or self.career_stages):
            raise ValueError("an exclusion lists at least one of professions, nations or career_stages")
        if not self.source.quote:
            raise ValueError("an exclusion's source needs the verbatim 'quote' that states it")
        for value, allowed, what in ((self.professions, PROFESSION_CODES | GROUP_CODES, "profession or group"),
                                     (self.nations, NATION_CODES, "nation"),
                                     (self.career_stages, CAREER_STAGE_CODES, "career stage")):
            if value:
                _codes(value, allowed, what, allow_any=False)
        return self


class Requirement(BaseModel):
    """What an applicant must already have, as a source states it ("a PhD, awarded by the interview at the latest"),
    and the source that says so (quoted). No profile records qualifications, so a requirement never refuses anyone:
    it is said beside the scheme, in the list of schemes and when someone asks who can apply."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    need: str = Field(min_length=3, max_length=160, description='What applicants need, read after "applicants need"')
    source: Source

    @model_validator(mode="after")
    def _stated(self) -> Requirement:
        if not self.source.quote:
            raise ValueError("a requirement's source needs the verbatim 'quote' that states it")
        return self


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN, max_length=80)
    title: str = Field(min_length=3, max_length=160)
    kind: Kind
    summary: str = Field(min_length=20, max_length=400, description="One or two sentences: the answer to 'what is it?'")
    body: str = Field(min_length=40, description="Paragraphs separated by blank lines; each becomes a searchable passage")
    status: Status = Status.open
    successor: str | None = Field(default=None, pattern=ID_PATTERN)
    funder: str | None = None
    nations: list[str] = Field(default_factory=lambda: [ANY])
    professions: list[str] = Field(default_factory=lambda: [ANY])
    career_stages: list[str] = Field(default_factory=lambda: [ANY])
    excluded: list[Exclusion] = Field(default_factory=list, description="Who a source says cannot apply")
    requirements: list[Requirement] = Field(default_factory=list,
                                            description="What a source says applicants must already have")
    eligibility_sources: list[Source] = Field(
        default_factory=list, description="The sources that say who can apply (cited with an eligible verdict)")
    organisations: list[str] = Field(
        default_factory=list, description="Names of the only organisations whose staff may apply (empty: any)"
    )
    topics: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list, description="Other names and acronyms people type")
    gives: list[Gives] = Field(default_factory=list)
    amount: str | None = None
    duration: str | None = None
    how_to_apply: str | None = None
    contact: str | None = None
    sources: list[Source] = Field(min_length=1)
    owner: str = "R&D office"
    last_reviewed: dt.date
    review_due: dt.date
    alternate_questions: list[AlternateQuestion] = Field(
        default_factory=list, max_length=200,
        description="Other ways staff ask for this entry (as QnA Maker's alternate questions): searched, never quoted")

    @field_validator("nations")
    @classmethod
    def _nations(cls, value: list[str]) -> list[str]:
        return _codes(value, NATION_CODES, "nation")

    @field_validator("professions")
    @classmethod
    def _professions(cls, value: list[str]) -> list[str]:
        return _codes(value, PROFESSION_CODES | GROUP_CODES, "profession")

    @field_validator("career_stages")
    @classmethod
    def _stages(cls, value: list[str]) -> list[str]:
        return _codes(value, CAREER_STAGE_CODES, "career stage")

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        if re.search(r"<\s*script", value, re.IGNORECASE):
            raise ValueError("scripts are not allowed in entry text")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Entry:
        if self.review_due <= self.last_reviewed:
            raise ValueError("review_due must be after last_reviewed")
        if self.successor and self.status is Status.open:
            raise ValueError("only a closed or archived entry has a successor")
        if self.successor == self.id:
            raise ValueError("an entry cannot succeed itself")
        return self

    @property
    def names(self) -> list[str]:
        """The title and every synonym: the strings someone might search for."""
        return [self.title, *self.synonyms]

    def cited(self) -> list[tuple[str, Source]]:
        """Every source the entry cites, with where it sits ("excluded.0.source"), for the quote check."""
        return [
            *((f"sources.{i}", s) for i, s in enumerate(self.sources)),
            *((f"eligibility_sources.{i}", s) for i, s in enumerate(self.eligibility_sources)),
            *((f"excluded.{i}.source", x.source) for i, x in enumerate(self.excluded)),
            *((f"requirements.{i}.source", r.source) for i, r in enumerate(self.requirements)),
        ]

    def for_nation(self, nation: str | None) -> bool:
        """Is it for staff in that nation (it is for every nation's, or the nation is not known)?"""
        return nation is None or ANY in self.nations or nation in self.nations

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.body) if p.strip()]


def _codes(value: list[str], allowed: frozenset[str], what: str, allow_any: bool = True) -> list[str]:
    if not value:
        raise ValueError(f"list at least one {what}, or '{ANY}'")
    unknown = [v for v in value if (v != ANY or not allow_any) and v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; use one of {sorted(allowed)} or '{ANY}'")
    return value
