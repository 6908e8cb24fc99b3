"""Questions about matters no R&D office handles (clinical care, pay and leave, the car park): the assistant says it
does not know and names who does, instead of "ask your R&D office" and a gap logged for the R&D office to fill.

A clinical question is never answered from the knowledge base, even when an entry shares its words ("what dose of
dexamethasone for covid patients on oxygen?" found the entry citing the RECOVERY trial); the others are matched only
when no entry answered ("how much does PCAF pay?" is about a scheme).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    Matter("employment", re.compile(r"\b(?:pay ?slips?|pay ?day|pay ?rises?|increments?|pensions?|annual leave|"
                                    r"sick (?:leave|pay)|maternity leave|paternity leave|overtime|agenda for change|"
                                    r"band uplift|re-?band(?:ed|ing)?|mileage|travel expenses|holiday entitlement|"
                                    r"notice period|payroll)\b", re.I),
           "Your line manager or your trust's HR (workforce) team can tell you; for pay, the payroll team."),
    Matter("facilities", re.compile(r"\b(?:parking|car park|canteen|lockers?|wi-?fi|staff badge|id badge|"
                                    r"it password)\b", re.I),
           "Your trust's staff intranet or its facilities team can tell you."),
)


def matter_of(question: str, answered: bool) -> Matter | None:
    """The matter elsewhere the question asks about: a clinical one whatever was found, the others when nothing
    answered it; None for a question about research."""
    return next((m for m in MATTERS if (m.always or not answered) and m.asked.search(question)), None)
