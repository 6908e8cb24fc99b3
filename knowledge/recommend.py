"""Route a person to the schemes they can apply for, each with the reason and the source.

Three outcomes for a person and a scheme (`check`):
- eligible: the entry's lists name the person's profession (or a group that names it), nation and stage;
- not eligible: a source states an exclusion that covers the person (quoted), the scheme has closed,
  or it is only for staff of named organisations;
- unclear: the source is silent about the person, or names them only by example ("such as"): the scheme
  is offered, marked "check with your R&D office", never refused.
Interests only change the order; eligible schemes come before unclear ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from knowledge import embedder
from knowledge.citations import describe
from knowledge.index import KnowledgeIndex
from knowledge.schema import Entry, Exclusion, Kind, Source, Status
from knowledge.text import normalise
from knowledge.taxonomy import (
    AHP_PROFESSIONS,
    ANY,
    CAREER_STAGE_CODES,
    GROUPS,
    NATION_CODES,
    PROFESSION_CODES,
    named_in,
    normalise_career_stage,
    normalise_nation,
    normalise_profession,
    possibly_in,
)

CHECK = "check with your R&D office"
# A scheme entered as open to every profession that no source says so of (NRS fellowships): offered, never promised.
UNSAID = "the sources do not say which staff"  # "... in Scotland may apply"
# Words that make a list of professions a list of examples, not the whole of who may apply.
EXAMPLES = re.compile(r"\b(such as|including|include but not limited|e\.g\.|for example)\b", re.IGNORECASE)
ELIGIBLE, NOT_ELIGIBLE, UNCLEAR = "eligible", "not_eligible", "unclear"

LABELS = {
    "ahp": "allied health professionals", "nurse": "nurses", "midwife": "midwives", "doctor": "doctors",
    "dentist": "dentists", "pharmacist": "pharmacists", "healthcare_scientist": "healthcare scientists",
    "research_delivery": "research delivery staff", "other": "other staff",
    "public_health_practitioner": "public health practitioners", "manager_admin": "managers and administrative staff",
    "support_services": "support services staff", "healthcare_assistant": "healthcare assistants and support workers",
    **{code: group.label for code, group in GROUPS.items()},
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
            "other": "member of staff",
            "manager_admin": "manager or administrator", "support_services": "member of support services staff",
            "healthcare_assistant": "healthcare assistant or support worker"}


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
    eligible: bool | None  # None: unclear, or depends on something the person has not said yet
    reason: str
    needs: list[str] = field(default_factory=list)  # profile fields that would decide it
    citation: str = ""  # the source that decided it: "title (address)"
    quote: str | None = None  # its words, when the verdict rests on them (always for an exclusion)
    doubts: int = 0  # how many of the scheme's lists leave the person out without excluding them
    # unclear because its source speaks of another nation (CSO fellowships to staff in Wales): said if asked, never
    # refused, but not listed among their options
    other_nation: bool = False

    @property
    def outcome(self) -> str:
        return ELIGIBLE if self.eligible else NOT_ELIGIBLE if self.eligible is False else UNCLEAR


def _who(codes: list[str]) -> str:
    return "everyone" if ANY in codes else _join([label(p) for p in codes])


def unsaid(entry: Entry) -> bool:
    """Entered as open to every profession, with no source saying who may apply (NRS fellowships)."""
    return ANY in entry.professions and not entry.eligibility_sources


def by_example(entry: Entry) -> bool:
    """Does the source that says who may apply give its professions as examples ("staff in NHS Wales, such as doctors,
    dentists, nurses...")? Then they are not the whole of who may apply, and are never said as if they were."""
    stated = entry.eligibility_sources[0] if entry.eligibility_sources else None
    return bool(stated and EXAMPLES.search(stated.quote or "")) and ANY not in entry.professions \
        and not any(code in GROUPS for code in entry.professions)


def audience(entry: Entry, opened: str = "open to") -> str:
    """"open to nurses in Wales"; "open to staff in Wales, such as doctors and nurses" when the source gives them as
    examples; "for staff in Scotland" when no source says which staff (not "open to everyone")."""
    where = "" if ANY in entry.nations else " in " + _join([label(n) for n in entry.nations])
    if entry.organisations:
        where = f" at {entry.organisations[0]}"
    if unsaid(entry):
        return f"for staff{where}"
    if by_example(entry):
        return f"{opened} staff{where}, such as {_who(entry.professions)}"
    return f"{opened} {_who(entry.professions)}{where}"


NEED_WORDS = {"profession": "your profession", "nation": "where you work", "career_stage": "your career stage",
              "organisation": "your employer"}


def _waits_on(entry: Entry, needs: list[str]) -> str:
    """", aimed at early-career staff, so it depends on your career stage": why a scheme open to the person so far
    is still to check (shown beside it while the induction asks the rest)."""
    aimed = f", aimed at {_join([label(s) for s in entry.career_stages])}" if "career_stage" in needs else ""
    return f"{aimed}, so it depends on {_join([NEED_WORDS[n] for n in needs if n in NEED_WORDS])}"


def _needs(entry: Entry) -> str:
    """"; applicants need a PhD": what a source says applicants must already have (nobody is refused for it)."""
    return f"; applicants need {_join([r.need for r in entry.requirements])}" if entry.requirements else ""


def _why_open(entry: Entry, profile: Profile) -> str:
    """The reason in the person's own terms: "open to allied health professionals in Wales; gives funding"."""
    who = "all staff" if ANY in entry.professions else label(_group(profile.profession or ""))
    where = f" at {entry.organisations[0]}" if entry.organisations else (
        "" if ANY in entry.nations else f" in {label(profile.nation or entry.nations[0])}")
    gives = f"; gives {_join([label(g.value) for g in entry.gives])}" if entry.gives else ""
    return f"open to {who}{where}{gives}{_needs(entry)}"


def works_at(profile: Profile, entry: Entry) -> bool | None:
    if not entry.organisations:
        return True
    if not profile.organisation:
        return None
    said = normalise(profile.organisation)
    return any(normalise(name) in said or said in normalise(name) for name in entry.organisations)


def _excludes(exclusion: Exclusion, profile: Profile) -> tuple[bool, list[str]]:
    """(every dimension the exclusion lists covers the person, the listed dimensions the person has not given)."""
    unknown, covered = [], True
    for name, codes, value in (("profession", exclusion.professions, profile.profession),
                               ("nation", exclusion.nations, profile.nation),
                               ("career_stage", exclusion.career_stages, profile.career_stage)):
        if not codes:
            continue
        if value is None:
            unknown.append(name)
        elif not (value in codes or (name == "profession" and named_in(value, codes))):
            covered = False
    return covered and not unknown, unknown if covered else []


def _not_for(exclusion: Exclusion, profile: Profile) -> str:
    """Whom the exclusion leaves out, in the person's terms: "doctors", "staff in England", "students"."""
    parts = []
    if exclusion.professions:
        parts.append(label(_group(profile.profession or "")))
    if exclusion.career_stages:
        parts.append(label(profile.career_stage or ""))
    who = " or ".join(parts) or "staff"
    return who + (f" in {label(profile.nation or '')}" if exclusion.nations else "")


def _unnamed(entry: Entry, profile: Profile) -> tuple[list[str], Source | None, bool]:
    """Why the person is neither named nor excluded (one phrase per list that does not name them), the source that
    says whom a group covers when the person may be in it without being named, and whether the scheme is another
    nation's (its source speaks of staff there): still "check", never refused, but not listed. A list of professions
    that does not name the person is no such sign: curators read lists, and a closed reading turns people away."""
    gaps, group_source, others = [], None, False
    person = profile.profession
    if person and not named_in(person, entry.professions):
        group = possibly_in(person, entry.professions)
        if group:
            gaps.append(f"it is open to {label(group)}, and the source's list does not name {label(person)}")
            defining = GROUPS[group]
            group_source = Source(document=defining.source, url=defining.url, quote=defining.quote)
        elif by_example(entry):
            gaps.append(f"the source gives {_who(entry.professions)} as examples (not a complete list), and does not "
                        f"name {label(person)}")
        else:
            gaps.append(f"the source names {_who(entry.professions)}, not {label(person)}")
    if not entry.for_nation(profile.nation):
        gaps.append(f"the source speaks of staff in {_join([label(n) for n in entry.nations])}")
        others = True
    stage = profile.career_stage
    if stage and ANY not in entry.career_stages and stage not in entry.career_stages:
        gaps.append(f"{AIMED_AT} {_join([label(s) for s in entry.career_stages])}")
    registration = next((x.source for x in entry.excluded if UNREGISTERED in x.professions), None)
    if stage == "student" and registration is not None:
        # "student physio, final yr" was told they can apply for the ICA Programme: its source asks for registration,
        # or plans to hold it by the start, so a student checks (never refused: the plans may be in place)
        gaps.append("the source asks for professional registration, which students hold once they qualify")
        group_source = group_source or registration
    return gaps, group_source, others


UNREGISTERED = "unregistered_staff"


# A source sentence saying the band or career stage a scheme is for ("aimed at service leaders ... working at band 8a
# and above"), and how `_unnamed` says a stage does not fit.
STAGE_SAID = re.compile(r"\b(?:band \d\w?|senior|early[- ]career|mid[- ]career|students?|trainees?|consultants?)\b", re.I)
AIMED_AT = "it is aimed at"


def check(entry: Entry, profile: Profile, index: KnowledgeIndex | None = None) -> Verdict:
    """Can this person apply? The reason names the rule that decided it, and the citation its source.

    Eligible and unclear reasons are clauses ("open to nurses in England"); not-eligible reasons and
    those that wait on the person's details are sentences naming the scheme.
    """
    first = describe(entry.sources[0])
    if entry.status is not Status.open:
        successor = index.entries.get(entry.successor) if index and entry.successor else None
        follow = f"; see {successor.title} instead" if successor else ""
        state = "closed" if entry.status is Status.closed else "been archived"
        # "could I have gone on it?" from a band 7: not only closed, it was for band 8a and above
        gaps = _unnamed(entry, profile)[0]
        # quoted only for the career stage, by a source sentence giving the band or stage it was for
        stated = next((s for s in (*entry.eligibility_sources, *entry.sources) if STAGE_SAID.search(s.quote or "")),
                      None) if gaps and gaps[0].startswith(AIMED_AT) else None
        also = f"; besides, {gaps[0]}" + (f": the source says \"{stated.quote}\"" if stated else "") if gaps else ""
        return Verdict(False, f"{entry.title} has {state}{follow}{also}",
                       citation=describe(stated) if stated else first)
    needs: list[str] = []  # details that would decide: first those an exclusion turns on
    for exclusion in entry.excluded:
        excluded, unknown = _excludes(exclusion, profile)
        if excluded:
            return Verdict(False, f"{entry.title} is {audience(entry)}, not {_not_for(exclusion, profile)}: the "
                                  f"source says \"{exclusion.source.quote}\"", citation=describe(exclusion.source),
                           quote=exclusion.source.quote)
        needs += [n for n in unknown if n not in needs]
    at = works_at(profile, entry)
    if at is False:
        return Verdict(False, f"{entry.title} is only for staff at {entry.organisations[0]}", citation=first)
    excluded_on = list(needs)
    needs += [
        name for name, unknown, restricted in (
            ("profession", profile.profession is None, ANY not in entry.professions),
            ("nation", profile.nation is None, ANY not in entry.nations),
            ("career_stage", profile.career_stage is None, ANY not in entry.career_stages),
            ("organisation", at is None, True),
        ) if unknown and restricted and name not in needs
    ]
    stated = entry.eligibility_sources[0] if entry.eligibility_sources else None
    gaps, group_source, other_nation = _unnamed(entry, profile)
    if entry.kind is Kind.scheme and unsaid(entry):
        where = "" if ANY in entry.nations else " in " + _join([label(n) for n in entry.nations])
        gaps.append(f"{UNSAID}{where} may apply")
    said = group_source or stated or entry.sources[0]
    if gaps:  # unclear whatever else the person says, unless an exclusion turns on it or their employer decides
        waits = excluded_on + (["organisation"] if at is None else [])  # a UHL-only scheme waits for the employer
        return Verdict(None, f"{'; '.join(gaps)}{_needs(entry)}, so {CHECK}", waits, describe(said), said.quote,
                       len(gaps), other_nation)
    if needs:
        return Verdict(None, f"{entry.title} is {audience(entry)}{_waits_on(entry, needs)}{_needs(entry)}", needs,
                       describe(said), said.quote)
    return Verdict(True, _why_open(entry, profile), citation=describe(said), quote=said.quote)


def for_group(entry: Entry, profession: str, index: KnowledgeIndex | None = None, nation: str | None = None) -> Verdict:
    """The verdict for a profession asked about, not the writer ("pharmacists aren't in the list for the time award
    though?"), in the nation asked ("are nurses in england allowed?"), else the one the scheme is open in when it is
    open in one."""
    nations = [n for n in entry.nations if n != ANY]
    where = nation or (nations[0] if len(nations) == 1 else None)
    return check(entry, Profile(profession=profession, nation=where), index)


def _group(profession: str) -> str:
    return "ahp" if profession in AHP_PROFESSIONS else profession


@dataclass
class Recommendation:
    entry_id: str
    title: str
    reason: str
    summary: str
    fit: float
    outcome: str  # "eligible", or "unclear": offered with "check with your R&D office"
    kind: str  # "scheme", or "route": a general way in (champions, mentorship, time agreements...)
    citation: str


# General routes into research, offered after the schemes: the R&D office (the first stop every unclear
# scheme points to), then guidance, time and mentoring before the rest.
ROUTE_KINDS = (Kind.guidance,)
FIRST_STOP = "rd-office"
GIVES_FIRST = ("protected_time", "mentoring", "networking", "funding", "training", "leadership", "information")


def _verdicts(index: KnowledgeIndex, profile: Profile, kinds: tuple[Kind, ...]) -> list[tuple[Entry, Verdict]]:
    return [(e, check(e, profile, index)) for e in index.entries.values() if e.kind in kinds]


def needed(index: KnowledgeIndex, profile: Profile) -> list[str]:
    """What to ask next: profession and nation always decide; career stage only when some
    scheme this person could otherwise apply for depends on it. Organisation is never asked:
    organisation-only schemes are simply left out until someone says where they work."""
    asked = [name for name in ("profession", "nation") if getattr(profile, name) is None]
    if asked:
        return asked
    undecided = {need for _, verdict in _verdicts(index, profile, (Kind.scheme,))
                 if verdict.eligible is None for need in verdict.needs}
    return ["career_stage"] if "career_stage" in undecided else []


def _offered(verdict: Verdict) -> bool:
    """Eligible, or unclear for a reason other than an unknown employer (organisation-only schemes wait) or a source
    speaking of another nation (readers of the lists took "CSO fellowships in Scotland: check" to a nurse in Wales for
    noise)."""
    return verdict.eligible is True or (verdict.eligible is None and "organisation" not in verdict.needs
                                        and not verdict.other_nation)


def _ranked(index: KnowledgeIndex, profile: Profile, kinds: tuple[Kind, ...],
            query, wants: tuple[str, ...] = ()) -> list[tuple[Entry, Verdict, float]]:
    """Eligible before unclear; within each, those giving what the person asked for ("what about funding?"), then
    those for any nation before one nation's while the person's nation is not known (another nation's are not offered
    once it is), then those with fewer doubts, then the person's own nation
    before anywhere, then those asking nothing the person may lack (a PhD) before those that do, then best fit to
    the interests, then the most specific entry (the fewest career stages)."""
    offered = [(e, v) for e, v in _verdicts(index, profile, kinds) if _offered(v)]

    def fit(entry: Entry) -> float:
        return float(np.max(index.vectors[index.passage_ids[entry.id]] @ query)) if query is not None else 0.0

    def specificity(entry: Entry) -> int:
        return (ANY not in entry.professions) + (ANY not in entry.nations) + (ANY not in entry.career_stages)

    def stages(entry: Entry) -> int:
        """Aimed at fewer career stages, the person's among them, fits them closer: a newly qualified midwife's
        internship and PCAF (early and mid career) before the DCAF (early career to senior)."""
        return len(CAREER_STAGE_CODES) if ANY in entry.career_stages else len(entry.career_stages)

    def gives(entry: Entry) -> int:
        return min((GIVES_FIRST.index(g.value) for g in entry.gives), default=len(GIVES_FIRST))

    def elsewhere(entry: Entry) -> int:
        """Unclear schemes of the person's own nation before those of anywhere, before one nation's (nation unknown)."""
        return 0 if profile.nation in entry.nations else 1 if ANY in entry.nations else 2

    scored = [(e, v, fit(e)) for e, v in offered]
    def gives_wanted(entry: Entry) -> bool:
        return not wants or any(g.value in wants for g in entry.gives) or ("first_step" in wants and first_step(entry))

    scored.sort(key=lambda evf: (evf[1].eligible is not True, not gives_wanted(evf[0]), elsewhere(evf[0]) == 2,
                                 evf[1].doubts, elsewhere(evf[0]), bool(evf[0].requirements),
                                 -round(evf[2], 2),
                                 -specificity(evf[0]), stages(evf[0]), gives(evf[0]), evf[0].title))
    return scored


# A scheme its source calls a first step: small, short or before a doctorate, asking nothing the person may lack
FIRST_STEP = re.compile(r"\b(?:small[- ]scale|internships?|pre-?doctoral|tasters?|first steps?|introductory|scoping|"
                        r"short awards?)\b", re.I)


NO_FIRST_STEP = re.compile(r"(?<![-\w])(?:doctoral|advanced|senior|leaders?)\b", re.I)  # by its title: a PhD's fellowship


def first_step(entry: Entry) -> bool:
    return not entry.requirements and not NO_FIRST_STEP.search(entry.title) \
        and bool(FIRST_STEP.search(f"{entry.title} {entry.summary}"))


def recommend(index: KnowledgeIndex, profile: Profile, limit: int = 6, routes: int = 3,
              wants: tuple[str, ...] = (), topic: str | None = None) -> list[Recommendation]:
    """Schemes this person can apply for (eligible first, then unclear ones marked "check with your R&D
    office"), then up to `routes` general routes in, so nobody is left with nothing.

    Schemes open to a specific group rank above those open to everyone: a
    physio should see the AHP fellowship before a generic route. `wants` (the `gives` codes the person asked
    for, "what funding is there for me?") puts the schemes that give them first, among the eligible and among
    the unclear alike: nothing is dropped for it. `topic`, what the person asked ("is there funding for a
    masters?"), ranks like the interests: the scheme that fits it before one that merely sorts first.
    """
    about = [*profile.interests, *([topic] if topic else [])]
    query = embedder.embed_query("; ".join(about)) if about else None
    schemes = _ranked(index, profile, (Kind.scheme,), query, wants)[:limit]
    first = [(index.entries[FIRST_STOP], check(index.entries[FIRST_STOP], profile, index), 0.0)] \
        if routes and FIRST_STOP in index.entries else []
    # a first step asked for: the ways in that are one (small projects, tasters) first too
    steps = ("first_step",) if "first_step" in wants else ()
    ways_in = first + _ranked(index, profile, ROUTE_KINDS, query, steps)[:max(routes - len(first), 0)]
    return [
        Recommendation(entry.id, entry.title, verdict.reason, entry.summary, round(fit, 4), verdict.outcome,
                       "scheme" if entry.kind is Kind.scheme else "route", verdict.citation)
        for entry, verdict, fit in [*schemes, *ways_in]
    ]
