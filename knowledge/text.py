"""Tokenising and matching rules shared by lexical search and name matching."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an and are as at be but by can could do does for from had has have how i if in into is it its me my
    of on or our should so that the their them then there these they this to us was we were what when where
    which who whom why will with would you your im i'm about any get got please tell know want""".split()
)

_TOKEN = re.compile(r"[a-z0-9£@]+")


def _stem(token: str) -> str:
    """A deliberately light stemmer: plural and -ing forms only, so acronyms survive."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 5 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    return [_stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, padded, for whole-phrase matching."""
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "
