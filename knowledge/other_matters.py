"""Questions about matters no R&D office handles (clinical care, pay and leave, the car park): the assistant says it
does not know and names who does, instead of "ask your R&D office" and a gap logged for the R&D office to fill.

A clinical question is never answered from the knowledge base, even when an entry shares its words ("what dose of
dexamethasone for covid patients on oxygen?" found the entry citing the RECOVERY trial), nor one on terms of
employment no entry states (pensions, increments, band uplifts); annual leave, the car park and the like only when no
entry answered ("do staff take annual leave to do research?" is a finding of the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


HR = "Your line manager or your trust's HR (workforce) team can tell you; for pay, the payroll team."


@dataclass(frozen=True)
class Matter:
    name: str
    asked: re.Pattern
    who: str  # who to ask instead, as said after "I don't know"
    always: bool = False  # refused even when an entry shares its words


MATTERS = (
    Matter("clinical", re.compile(r"\b(?:doses?|dosages?|dosing|\d+\s?mg|mg/kg|prescrib(?:e|ed|ing)|contraindicat\w*)\b",
                                  re.I),
           "I can't give clinical advice: please follow your trust's clinical guidelines, or ask your pharmacy team or "
           "a senior clinician.", always=True),
    # terms of employment no scheme's entry states ("does my NHS pension keep building up on a fellowship?", "do
    # research champions get a band uplift?"), asked whatever was found
    Matter("employment", re.compile(r"\b(?:pay ?slips?|pay ?day|pay ?rises?|increments?|pensions?|pensionable|"
                                    r"sick (?:leave|pay)|maternity (?:leave|pay)|paternity leave|overtime|band uplift|"
                                    r"re-?band(?:ed|ing)?|mileage|holiday entitlement|notice period|payroll)\b", re.I),
           HR, always=True),
    # leave and pay terms a source may speak of ("staff take annual leave to do research"): only when nothing answered
    Matter("leave", re.compile(r"\b(?:annual leave|agenda for change|travel expenses)\b", re.I), HR),
    Matter("facilities", re.compile(r"\b(?:parking|car park|canteen|lockers?|wi-?fi|staff badge|id badge|"
                                    r"it password)\b", re.I),
           "Your trust's staff intranet or its facilities team can tell you."),
)


def matter_of(question: str, answered: bool) -> Matter | None:
    """The matter elsewhere the question asks about: a clinical one whatever was found, the others when nothing
    answered it; None for a question about research."""
    return next((m for m in MATTERS if (m.always or not answered) and m.asked.search(question)), None)
