"""Profession, nation and career-stage vocabularies.

Eligibility rules in entries and the profiles people give in chat must use the
same small set of codes, otherwise routing silently fails. People type "physio",
"OT" or "band 5 staff nurse"; `normalise_*` maps that to the codes.
"""

from __future__ import annotations

import re

ANY = "any"

# AHP member professions (the 14 allied health professions recognised by NHS England).
AHP_PROFESSIONS: dict[str, tuple[str, ...]] = {
    "physiotherapist": ("physio", "physiotherapist", "physiotherapy", "physical therapist"),
    "occupational_therapist": ("ot", "occupational therapist", "occupational therapy"),
    "speech_and_language_therapist": ("salt", "slt", "speech and language therapist", "speech therapist", "speech and language therapy"),
    "dietitian": ("dietitian", "dietician", "dietetics"),
    "paramedic": ("paramedic",),
    "radiographer": ("radiographer", "radiography", "diagnostic radiographer", "therapeutic radiographer"),
    "podiatrist": ("podiatrist", "chiropodist", "podiatry"),
    "orthoptist": ("orthoptist",),
    "prosthetist_orthotist": ("prosthetist", "orthotist"),
    "operating_department_practitioner": ("odp", "operating department practitioner"),
    "arts_therapist": ("art therapist", "music therapist", "drama therapist", "arts therapist"),
    "osteopath": ("osteopath",),
}

# Top-level professions. "ahp" covers every member profession above.
PROFESSIONS: dict[str, tuple[str, ...]] = {
    "nurse": ("nurse", "staff nurse", "nursing", "ward sister", "charge nurse", "matron", "nurse practitioner", "health visitor", "district nurse", "rn", "rgn", "rmn"),
    "midwife": ("midwife", "midwives", "midwifery"),
    "ahp": ("ahp", "allied health professional", "allied health"),
    "doctor": ("doctor", "medic", "consultant", "registrar", "junior doctor", "resident doctor", "gp", "physician", "surgeon", "foundation doctor", "fy1", "fy2"),
    "dentist": ("dentist", "dental surgeon"),
    "pharmacist": ("pharmacist", "pharmacy"),
    "healthcare_scientist": ("healthcare scientist", "clinical scientist", "biomedical scientist", "scientist"),
    "research_delivery": ("research nurse", "clinical research practitioner", "research delivery", "research practitioner", "trial coordinator", "research coordinator", "data manager"),
    "other": ("manager", "administrator", "admin", "healthcare assistant", "hca", "support worker", "porter", "psychologist"),
}

NATIONS: dict[str, tuple[str, ...]] = {
    "england": ("england", "english", "london", "leicester", "manchester", "birmingham", "kent", "preston", "lancaster", "cumbria", "lancashire", "nhs england"),
    "wales": ("wales", "welsh", "cardiff", "swansea", "newport", "bangor", "wrexham", "nhs wales", "betsi cadwaladr"),
    "scotland": ("scotland", "scottish", "glasgow", "edinburgh", "aberdeen", "dundee", "lanarkshire", "lothian", "nhs scotland"),
    "northern_ireland": ("northern ireland", "belfast", "derry", "ni", "hsc"),
}

CAREER_STAGES: dict[str, tuple[str, ...]] = {
    "student": ("student", "trainee", "pre-registration", "undergraduate"),
    "early_career": ("newly qualified", "early career", "band 5", "preceptee", "junior"),
    "mid_career": ("band 6", "band 7", "mid career", "experienced", "specialist"),
    "senior": ("band 8a", "band 8b", "band 8c", "band 8d", "band 9", "senior", "lead", "consultant", "manager", "head of"),
}

PROFESSION_CODES = frozenset(PROFESSIONS) | frozenset(AHP_PROFESSIONS)
NATION_CODES = frozenset(NATIONS)
CAREER_STAGE_CODES = frozenset(CAREER_STAGES)


def _lookup(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """Return the code whose longest synonym occurs in `text` as whole words."""
    lowered = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    best: tuple[int, str] | None = None
    for code, synonyms in table.items():
        for synonym in (code.replace("_", " "), *synonyms):
            if f" {synonym} " in lowered and (best is None or len(synonym) > best[0]):
                best = (len(synonym), code)
    return best[1] if best else None


def normalise_profession(text: str) -> str | None:
    """Map free text ("band 6 physio") to a profession code ("physiotherapist")."""
    return _lookup(text, {**AHP_PROFESSIONS, **PROFESSIONS})


def normalise_nation(text: str) -> str | None:
    return _lookup(text, NATIONS)


def normalise_career_stage(text: str) -> str | None:
    return _lookup(text, CAREER_STAGES)


def profession_matches(person: str, allowed: list[str]) -> bool:
    """Is a person of profession `person` covered by an entry's `allowed` list?

    An entry open to "ahp" is open to every AHP member profession.
    """
    if ANY in allowed or person in allowed:
        return True
    return person in AHP_PROFESSIONS and "ahp" in allowed
