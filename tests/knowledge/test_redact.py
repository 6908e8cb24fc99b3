"""Identifiers are masked before a question is kept; the question itself survives."""

import pytest

from knowledge.redact import redact


@pytest.mark.parametrize("text, expected", [
    ("my NHS number is 943 476 5919, can I apply?", "my NHS number is [NHS number], can I apply?"),
    ("nhs no 9434765919", "nhs no [NHS number]"),
    ("call me on 07700 900123", "call me on [phone number]"),
    ("or +44 (0)20 7946 0958 after 5", "or [phone number] after 5"),
    ("tel: (0113) 496-0000", "tel: [phone number]"),
    ("ref 1234567890 please", "ref [number] please"),  # ten digits that are not an NHS number
    ("email Ann.Smith@nhs.net about P2P", "email [email address] about P2P"),
    ("I live at LS1 4AP, near sw1a1aa", "I live at [postcode], near [postcode]"),
    ("my employee number is 4471920 if that helps", "my employee number is [staff number] if that helps"),
    ("ESR assignment no: 12345678-2", "ESR assignment no: [staff number]"),
])
def test_identifiers_are_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Can a band 6 nurse apply for the 2025 PCAF round?",
    "IRAS 1234567: how long does HRA approval take?",
    "Is the £1,000,000 award open in 2024-2025?",
    "NIHR300123 call reference",
    "covid19 research at 4am",
    "as a physio in B12, can I join?",
    "how many staff responded in 2020?",  # "staff" near a number that is no identifier
    "the NHS staff 2020 survey",
])
def test_ordinary_questions_are_left_alone(text):
    assert redact(text) == text
