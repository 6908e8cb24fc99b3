"""Whether a text states how many of what a question counts ("how many work packages?": "five inter-linked work
packages"): the search ranks such a passage up, the tier decides with it whether a passage answers."""

from __future__ import annotations

import re

from knowledge.text import tokens

# A figure: a number, a share or an amount in digits, not a year ("how many responded?" is not answered by "in 2014",
# nor by the "four objectives" an entry names: a passage follows an answer that may have held it, never replaces it).
FIGURE = re.compile(r"(?<![\w£/\u2013-])(?!(?:19|20)\d\d\b)\d[\d,.]*\s*%?|£\s?\d")
# What saying how many takes: a figure, or a number in words ("five work packages", "two thirds").
NUMBER_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
STATES_NUMBER = re.compile(rf"\b(?:{NUMBER_WORDS}|hundreds|thousand|thousands|million|half|third|thirds|quarter|"
                           r"majority)\b", re.I)


# What is counted: "how many PCAF places are there this year?" is not answered by "30 or 40 months".
HOW_MANY = re.compile(r"\bhow many ((?:[\w-]+\s+){0,2}?[\w-]+)(?:\s+(?:are|is|were|was|do|does|did|have|has|can|will|would|"
                      r"in|on|at|for|of|this|per|get|got)\b|\W*$)", re.I)
NEAR_A_NUMBER = 4  # words between a number and what it counts ("723 survey responses were fully completed")
# Places on a programme are counted by the people who took them: "how many places were there?" is answered by "gave
# 70 senior nurses and midwives two days a week", which names no "places".
PLACES = frozenset({"place", "space", "spot"})
TAKEN_BY = frozenset(tokens("people staff nurses midwives fellows participants applicants professionals leaders "
                            "scholars trainees places spaces"))


def counted(how_many: re.Match | None) -> list[str]:
    """What "how many <things>" counts, as a token ("how many PCAF places": place); empty when it says nothing ("how
    many are there?", "how many people answered it?")."""
    return tokens(how_many.group(1).split()[-1]) if how_many else []


def counts(text: str, how_many: re.Match | None) -> bool:
    """Does the text state a number, of what "how many <things>" asks when it says (within a few words of it)?"""
    numbers = [m for pattern in (FIGURE, STATES_NUMBER) for m in pattern.finditer(text)]
    if not how_many or not numbers:
        return bool(numbers)
    things = counted(how_many)
    if not things:
        return True
    for m in numbers:
        after = text[m.end():].split()[:NEAR_A_NUMBER]
        if things[0] in tokens(" ".join([*text[:m.start()].split()[-NEAR_A_NUMBER:], *after])):
            return True
        # "70 senior nurses", not "staff ... 30", "41% of staff" nor "half of nurses"
        if things[0] in PLACES and WHOLE_NUMBER.fullmatch(m.group().strip()) and set(tokens(" ".join(after))) & TAKEN_BY:
            return True
    return False


WHOLE_NUMBER = re.compile(rf"\d[\d,]*|{NUMBER_WORDS}", re.I)  # a count, not a share ("half") nor "41%"
COUNTED_JUST_AFTER = 3  # words between a number and what it counts, for saying the passage states it


def counts_plainly(text: str, how_many: re.Match | None, things: list[str] | None = None) -> bool:
    """Does the text give a whole number of what "how many <things>" asks, just before its name ("3 learning sets",
    "70 senior nurses" for places; `things`: what is counted, when the question names it otherwise: a survey's
    "response" for "how many people answered it?")? Stricter than `counts`: what it says decides that a passage "does" say how many
    (not "1.2 ... in place" nor "41% of staff")."""
    things = things or counted(how_many)
    if not things:
        return False
    wanted = {things[0]} | (TAKEN_BY if things[0] in PLACES else set())
    return any(WHOLE_NUMBER.fullmatch(m.group().strip().rstrip(".,")) and text[m.end():m.end() + 1] != "%"
               and set(tokens(" ".join(text[m.end():].split()[:COUNTED_JUST_AFTER]))) & wanted
               for pattern in (FIGURE, STATES_NUMBER) for m in pattern.finditer(text))
