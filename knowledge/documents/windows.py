"""A passage judged by its best few sentences, and by whether they hold the kind of thing asked for.

A passage of 150 words that answers in one sentence shares only a few of its words with the question, so a
whole-passage score ranks it below a shorter passage that merely talks about the same subject. The best window of
one to three consecutive sentences (list items count as sentences) is where an answer sits, and the share of the
question's words it holds, with the document's title and the passage's heading counted as context every sentence
shares, says how well the passage answers.

A question also says what kind of answer it wants: "how many", "what percentage", "when", "which software". The
classic answer-type prior of question answering: a window that holds a number where a number was asked for (a
date where a date was) is more likely to be the answer than one that only repeats the question's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from knowledge.text import tokens

WINDOW = 3  # sentences at most
_SENTENCES = re.compile(r"(?<=[.!?;])\s+(?=[^a-z\s])|\s+(?=[•▪·–]\s)|\s+(?=-\s+\S)")


class AnswerType(str, Enum):
    number = "number"  # how many, how much, what percentage / share / proportion
    date = "date"  # when, what year, since when
    duration = "duration"  # how long, how often
    name = "name"  # who, which organisation / software / database
    share = "share"  # what percentage / proportion: a number that is a share (never from `asks_for`: `kind_asked`)
    other = "other"


_ASKS = [
    (AnswerType.duration, re.compile(r"\bhow (long|often|frequently)\b")),
    (AnswerType.number, re.compile(r"\bhow (many|much)\b|\bwhat (percentage|proportion|share|fraction|number|"
                                   r"per ?cent|amount)\b|\bwhat (is|was) the (number|percentage|proportion|share)\b|"
                                   r"^\W*%|\bwhat\s*%|"  # "% of staff who ...?", "what % think ...?"
                                   # "... is there a figure?", "any stats on that?", "was there a % for it?"
                                   r"\b(?:any|a|the|some)\s+(?:survey\s+)?(?:figures?|stats?|statistics?|"
                                   r"percentages?|%)(?!\w)")),
    (AnswerType.date, re.compile(r"^\s*when\b|\bwhat (year|date|month|day)\b|\bby when\b|\bsince when\b")),
    (AnswerType.name, re.compile(r"^\s*(who|whom|whose)\b|\b(which|what) (organisations?|organizations?|company|"
                                 r"companies|charity|charities|body|bodies|university|universities|trusts?|boards?|"
                                 r"software|databases?|funders?|committees?|programmes?|tools?)\b")),
]

_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|hundred|thousand|million|half|quarter|quarters|third|thirds|majority|most|few)\b", re.I)
_MONTHS = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_DATE = re.compile(rf"\b(1[89]|20)\d\d\b|\b{_MONTHS}\b|\b\d{{1,2}}(st|nd|rd|th)\b", re.I)
_DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|half)[- ]?(minute|hour|day|"
                       r"week|month|year|session|term)s?\b|\b(daily|weekly|monthly|annual|annually|yearly|quarterly|"
                       r"fortnightly|every)\b", re.I)
# A capitalised word not opening its sentence, or an acronym: a named person, organisation or product.
_NAME = re.compile(r"(?<![.!?•]\s)(?<!^)\b[A-Z][A-Za-z]+|\b[A-Z]{2,}\b")


_NUMBERS = {word: str(n) for n, words in enumerate([
    (), ("one", "first", "1st"), ("two", "second", "2nd"), ("three", "third", "3rd"), ("four", "fourth", "4th"),
    ("five", "fifth", "5th"), ("six", "sixth", "6th"), ("seven", "seventh", "7th"), ("eight", "eighth", "8th"),
    ("nine", "ninth", "9th"), ("ten", "tenth", "10th"), ("eleven", "eleventh", "11th"), ("twelve", "twelfth", "12th"),
]) for word in words}


# A nation and its adjective: "responses from Scotland" meets "from Scottish Health Boards" ("wale": Wales stemmed).
_NATIONS = {"scottish": "scotland", "welsh": "wale", "english": "england", "irish": "ireland", "british": "uk",
            "britain": "uk"}


def _fold(word: str) -> str:
    if word in _NUMBERS:  # "day 3", "the third day", "three days" meet
        return _NUMBERS[word]
    if word in _NATIONS:
        return _NATIONS[word]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 4 and word.endswith("e"):
        return word[:-1]
    return word


# Auxiliary verbs knowledge.text's stopwords lack: "When did the scheme open?" asks nothing with "did", and a word
# no passage uses would count against every passage (and most against the support of the right one). The "s" of a
# possessive ("HEE's objective", cut at the apostrophe) asks nothing either.
AUXILIARIES = frozenset({"did", "been", "being", "am", "might", "must", "shall", "s"})


# Numbered parts of a document, as one word each: "recommendation 6", "the sixth recommendation" and a report's "6. We
# recommend ..." meet as "recommendation#6", which the number alone (in every other list) and the label (in every
# recommendation) cannot say; "day 3" and "the third day", "objective two" and "Objective Two" likewise.
_LABELS = {_fold(word): word for word in ("recommendation", "objective", "theme", "day", "appendix", "figure",
                                         "phase", "step", "package", "priority", "principle", "pillar")}
_ORDINALS = {word: _NUMBERS[word] for word in _NUMBERS if word not in ("one", "two", "three", "four", "five", "six",
                                                                        "seven", "eight", "nine", "ten", "eleven",
                                                                        "twelve")}
_RECOMMENDATION = re.compile(r"(?:^|\s)(\d{1,2})\.\s+(?:We\s+)?(?:therefore\s+)?recommend", re.I)
_LIST_ITEM = re.compile(r"(?m)^\s*-?\s*(\d{1,2})\.\s")  # "- 4. The UK Government should ..." in a list of them


def _numbered(words: list[str], folded: list[str], text: str) -> list[str]:
    """"recommendation 6" (a label before its number, or after an ordinal), "6. We recommend" and the items of a list
    of recommendations, as single words."""
    found = [f"{_LABELS[a]}#{b}" for a, b in zip(folded, folded[1:]) if a in _LABELS and b.isdigit() and len(b) < 3]
    found += [f"{_LABELS[b]}#{_ORDINALS[a]}" for a, b in zip(words, folded[1:]) if a in _ORDINALS and b in _LABELS]
    items = _LIST_ITEM.findall(text) if "recommendation" in folded else []  # "Full list of policy recommendations"
    return found + [f"recommendation#{n}" for n in dict.fromkeys([*_RECOMMENDATION.findall(text), *items])]


# "what does rec 9 say?": a recommendation, not a Research Ethics Committee ("London Camden REC 3", in capitals)
_REC = re.compile(r"\b(?-i:[Rr]ec)\.?\s+(?=\d)")


def terms(text: str) -> list[str]:
    """The document tier's words: knowledge.text.tokens less AUXILIARIES, with a past tense and a final e folded, so
    that "closed", "close" and "closing" meet (a question asks "when do applications close?", a report says
    "applications closed in May"). Documents are written in the past tense far more than entries are. Numbered parts
    ("recommendation 6") are added as words of their own (`_numbered`)."""
    text = _REC.sub("recommendation ", text)
    words = [t for t in tokens(text) if t not in AUXILIARIES]
    folded = [_fold(t) for t in words]
    return folded + _numbered(words, folded, text)


# A fragment of every label's word in any form, and how far from it its number may sit: `numbered_parts` reads only
# there (and a report's list items, when it speaks of recommendations).
_LABEL_FRAGMENT = re.compile(r"rec(?:ommend)?|objective|theme|day|appendi|figure|phase|step|package|priorit|principle|pillar",
                             re.IGNORECASE)
_NEAR = 60
_SPEAKS_OF_RECOMMENDATIONS = re.compile(r"\brecommendations?\b", re.IGNORECASE)


def _around(text: str, start: int, end: int) -> str:
    """The text within _NEAR characters of a span, widened to whole words (a number is never cut: "phase 12")."""
    before = text.rfind(" ", 0, max(0, start - _NEAR))
    after = text.find(" ", end + _NEAR)
    return text[before + 1:after if after >= 0 else len(text)]


def numbered_parts(text: str) -> frozenset[str]:
    """The numbered parts a text names, as `terms` gives them ("recommendation#6", "objective#3"), read only around the
    words that label them: a search checks the leading entries' parts at each question, and `terms` of a whole entry
    cost half a millisecond."""
    found = {t for m in _LABEL_FRAGMENT.finditer(text) for t in terms(_around(text, m.start(), m.end())) if "#" in t}
    if _SPEAKS_OF_RECOMMENDATIONS.search(text):
        found.update(f"recommendation#{n}" for n in _LIST_ITEM.findall(text))
    return frozenset(found)


# Words that name the answer's slot, not its subject: "how many" is answered by a number, not by the word "many".
SLOT_WORDS = frozenset(_fold(w) for w in ("many", "much", "percentage", "proportion", "share", "number", "long",
                                            "often", "year", "date"))


# "what did the PARROT trial show?", "what does the report say?": the verb at the end frames the question; the passage
# that answers says "demonstrated", "found", "recommends", or nothing of the kind.
_FRAME_VERB = re.compile(r"\bwhat (?:did|does|do|has|have) .{1,80}? (show|find|say|reveal|conclude|demonstrate|prove|"
                         r"suggest|recommend|find out|tell us)\W*$", re.IGNORECASE)


def asked_words(question: str, kind: AnswerType) -> set[str]:
    """The question's words a window should hold: less the slot words when the question asks for a kind of answer,
    and less the verb that frames "what did X show?"."""
    words = set(terms(question))
    frame = _FRAME_VERB.search(question)
    if frame and words - set(terms(frame.group(1))):
        words -= set(terms(frame.group(1)))
    return words - SLOT_WORDS if kind is not AnswerType.other and words - SLOT_WORDS else words


# A share asked for ("what % of midwives...?", "what proportion of staff...?"), which only a share states: the report's
# "51 staff" and "1,200 responses" say no percentage, nor does "four months".
SHARE_ASKED = re.compile(r"\b(?:what|which)\s*(?:%|per ?cent|percentage|proportion|share|fraction)|\bhow many per ?cent\b|"
                         r"^\W*%|\b(?:is there|any|a)\s+(?:%|percentage)(?!\w)", re.I)
STATES_SHARE = re.compile(r"\d\s?%|\bper ?cent\b|\b(?:half|third|thirds|quarter|quarters|majority|minority|equally|"
                          r"equal|split)\b|\b\d+:\d+\b", re.I)


def kind_asked(question: str) -> AnswerType:
    """The kind of answer a passage should hold: a share when one is asked ("what proportion of trusts ...?" is not
    answered by a table of study counts), else `asks_for`'s."""
    return AnswerType.share if SHARE_ASKED.search(question) else asks_for(question)


def asks_for(question: str) -> AnswerType:
    """The kind of answer the question's wording asks for."""
    lowered = question.lower()
    return next((kind for kind, pattern in _ASKS if pattern.search(lowered)), AnswerType.other)


def holds_type(text: str, kind: AnswerType) -> bool:
    """Does the text hold something of that kind (always true for `other`)?"""
    if kind is AnswerType.number:
        return bool(_NUMBER.search(text))
    if kind is AnswerType.date:
        return bool(_DATE.search(text))
    if kind is AnswerType.duration:
        return bool(_DURATION.search(text))
    if kind is AnswerType.name:
        return bool(_NAME.search(text))
    if kind is AnswerType.share:
        return bool(STATES_SHARE.search(text))
    return True


def sentences(text: str) -> list[str]:
    """The passage cut between sentences and before list items."""
    return [s for s in (p.strip() for p in _SENTENCES.split(text)) if s]


@dataclass(frozen=True)
class Windows:
    """A passage's sentences as word sets, ready to score against many questions."""
    words: tuple[frozenset[str], ...]
    kinds: tuple[frozenset[AnswerType], ...]  # the kinds of answer each sentence holds
    context: frozenset[str]  # the document's title and the passage's heading

    @classmethod
    def of(cls, text: str, context: str) -> Windows:
        parts = sentences(text) or [text]
        kinds = tuple(frozenset(k for k in AnswerType if k is not AnswerType.other and holds_type(p, k)) for p in parts)
        return cls(tuple(frozenset(terms(p)) for p in parts), kinds, frozenset(terms(context)))

    def best(self, asked: set[str], kind: AnswerType = AnswerType.other, type_weight: float = 0.0,
             weights: dict[str, float] | None = None) -> tuple[float, bool]:
        """The window with the largest share of the asked words (with the context; each word counting its weight,
        1 by default), counting `type_weight` more for one that holds the kind of answer asked for: its share, and
        whether it holds that kind."""
        weights = weights or dict.fromkeys(asked, 1.0)
        total = sum(weights[w] for w in asked)
        if not asked or total <= 0:
            return 0.0, False
        best = (-1.0, -1.0, False)
        for start in range(len(self.words)):
            covered = set(self.context & asked)
            typed = False
            for end in range(start, min(start + WINDOW, len(self.words))):
                covered |= self.words[end] & asked
                typed = typed or kind in self.kinds[end]
                share = sum(weights[w] for w in covered) / total
                best = max(best, (share + type_weight * typed, share, typed))
        return best[1], best[2]
