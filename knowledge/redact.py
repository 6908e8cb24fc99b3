"""Mask obvious personal identifiers in what staff type, before it is kept (the question log).

People paste their NHS number, phone number, email address or postcode into a chat; the R&D office
needs the question, not those. Masked: email addresses; runs of ten or more digits (however spaced
or bracketed: NHS numbers, UK and international phone numbers); a number given as the writer's employee, staff,
payroll or ESR assignment number ("my employee number is 4471920"); full UK postcodes. Names and other
free-text details are not recognised, which is one reason the log is kept only for a limited time
(knowledge/retention.py).
"""

from __future__ import annotations

import re

EMAIL = "[email address]"
NHS_NUMBER = "[NHS number]"
PHONE = "[phone number]"
NUMBER = "[number]"
POSTCODE = "[postcode]"
STAFF_NUMBER = "[staff number]"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# A digit, then 8 to 14 more, each after at most two separators: "943 476 5919", "+44 (0)20 7946 0958".
_DIGITS = re.compile(r"(?<![\w+])\+?\(?\d(?:[\s().-]{0,2}\d){8,14}(?!\d)")
_STAFF_NUMBER = re.compile(r"(\b(?:employee|staff|payroll|assignment|esr|personnel|badge|smartcard)\s*(?:number|no\.?|num|"
                           r"id|#)\s*(?:is|=|:)?\s*)\d[\d\s-]{2,14}\d\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)


def _nhs_checksum_ok(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    return (0 if check == 11 else check) == int(digits[9]) and check != 10


def _number(match: re.Match) -> str:
    text = match.group()
    digits = re.sub(r"\D", "", text)
    if len(digits) < 10:
        return text
    if len(digits) == 10 and not text.startswith("+") and _nhs_checksum_ok(digits):
        return NHS_NUMBER
    return PHONE if text.lstrip("(").startswith(("+", "0")) else NUMBER


def redact(text: str) -> str:
    """`text` with identifiers replaced by a label in brackets, e.g. "[NHS number]"."""
    text = _EMAIL.sub(EMAIL, text)
    text = _DIGITS.sub(_number, text)
    text = _STAFF_NUMBER.sub(lambda m: m.group(1) + STAFF_NUMBER, text)
    return _POSTCODE.sub(POSTCODE, text)
