"""What a message refers to in the conversation so far: the entry just answered, an item of the list just shown
("the second one", "number 2", "the last one"), or one of several (then the person is asked which).

The actions keep what was shown (slots) and pass it here as the context; search alone would answer "how do I
apply for it?" after a list of schemes about whichever scheme shares its words, or about the entry answered
before the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge import aspects
from knowledge.documents.counting import FIGURE
from knowledge.documents.index import FRAME_TERMS
from knowledge.documents.windows import AnswerType, asks_for, terms
from knowledge.index import KnowledgeIndex
from knowledge.profile_text import asking_clauses, extract, question_part, really_asks, tells_only
from knowledge.resolve import (
    FOLLOW_UP_WORDS,
    KINDS_OF_SCHEME,
    POINTS_BACK,
    REQUIREMENTS,
    THE_DOCUMENT,
    says_whom,
    schemes_in_general,
    about_context,
    about_schemes,
    asks_whether_there,
    asks_which_schemes,
    documents_of,
    for_another_group,
    named_as_document,
    named_scheme,
    scheme_titled,
    searched_entries,
    title_words,
    words_called,
)
from knowledge.schema import Entry, Kind
from knowledge.search import name_tokens, named_entries, names_in, search
from knowledge.taxonomy import place_nation
from knowledge.text import ACKNOWLEDGING, CHAT_FILLER, acknowledges, tokens

ORDINALS = {word: n for n, words in enumerate((
    "first 1st one top", "second 2nd two", "third 3rd three", "fourth 4th four", "fifth 5th five",
    "sixth 6th six", "seventh 7th seven", "eighth 8th eight", "ninth 9th nine", "tenth 10th ten")) for word in words.split()}
LAST = ("last", "final", "bottom")
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)|last|final)"
_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
# What may follow an ordinal that picks from a list: "the first one", "the second scheme you mentioned", "the 3rd?";
# not "the first step", "the first time", "how long does it last?".
_ITEM = r"(?:ones?|schemes?|programmes?|programs?|options?|items?|fellowships?|awards?|courses?|routes?|entr(?:y|ies)|" \
        r"bullets?|links?|buttons?|choices?|of (?:them|these|those|the list)|on (?:the|your|that) list|in (?:the|your|" \
        r"that) list|you (?:listed|mentioned|showed|gave|suggested))"
PICKS = re.compile(
    rf"(?:\b(?:the|that|this)\s+(?:very\s+)?(?P<ord>{_ORDINAL}|top|bottom)(?:\s+{_ITEM}|\s*(?:[?.!,;:]|$)|\s+(?:please|"
    rf"then|for me|again|and|but|is|was|sounds?|looks?)\b)"
    rf"|\b(?P<ord2>{_ORDINAL}|top|bottom)\s+{_ITEM}"
    rf"|(?:\b(?:number|option|item|choice)\s+|\bno\.?\s*(?=\d)|#\s*)(?P<num>{_NUMBER})\b"
    rf"|^\s*(?P<alone>{_ORDINAL}|\d{{1,2}})\s*(?:one|please)?\s*[?.!]*\s*$)",
    re.IGNORECASE)


# "number 2" is a pick, unless it numbers something else ("recommendation number 6", "band number 5") or is the idiom
# before a noun ("the number one reason staff give"); words that may follow a pick: "number 2 please", "option 3 you
# listed", "number two, how do I apply?".
_LABELLED = re.compile(r"\b(?:recommendations?|objectives?|themes?|days?|appendix|figures?|phases?|steps?|packages?|"
                       r"priorit(?:y|ies)|principles?|pillars?|questions?|pages?|sections?|chapters?|tables?|bands?|"
                       r"levels?|years?)\s*$", re.IGNORECASE)
_AFTER_A_PICK = re.compile(rf"\s+(?:{_ITEM}|please|then|for|again|and|but|or|is|was|sounds?|looks?|on|in|of|from|"
                           r"it|that|this|how|what|when|who|where|can|could|do|does|would|thanks?|pls)\b", re.IGNORECASE)


def _numbers_something_else(question: str, found: re.Match) -> bool:
    if not found.group("num"):
        return False
    after = question[found.end():]
    return bool(_LABELLED.search(question[:found.start()])
                or (re.match(r"\s+[a-z]", after, re.IGNORECASE) and not _AFTER_A_PICK.match(after)))


def position(question: str, count: int) -> int | None:
    """Which item of a list of `count` the message picks, from 0 ("the first one", "number 2", "the last one",
    "tell me more about the 3rd"); None when it picks none. May be `count` or more: a pick past the end."""
    found = next((f for f in PICKS.finditer(question) if not _numbers_something_else(question, f)), None)
    if not found:
        return None
    word = next(g for g in found.groups() if g).lower()
    if word in LAST:
        return count - 1
    digits = re.match(r"\d+", word)
    picked = int(digits.group(0)) - 1 if digits else ORDINALS.get(word)
    return picked if picked is not None and picked >= 0 else None


@dataclass(frozen=True)
class Context:
    """What the conversation has just shown: `entry`, the entry answered last (None once a list came after it);
    `listed`, the entries of the latest list, in the order shown; `passage`, the document passage that answered
    last (its key; whether it is still indexed, the document tier says)."""
    entry: str | None = None
    listed: tuple[str, ...] = ()
    passage: str | None = None
    before: str | None = None  # what the person said just before, when nothing was shown after it
    earlier: tuple[str, ...] = ()  # what the person typed in their last messages, oldest first

    @classmethod
    def read(cls, raw: object, index: KnowledgeIndex) -> Context:
        """From a request: an entry id, or {"entry": id, "listed": [ids]}; whatever the index no longer holds (or is
        not an id) is left out, so a retired entry is never answered."""
        if isinstance(raw, str):
            raw = {"entry": raw}
        if not isinstance(raw, dict):
            return cls()
        entry = raw.get("entry")
        listed = raw.get("listed")
        passage = raw.get("passage")
        before = raw.get("before")
        earlier = raw.get("earlier")
        return cls(entry if isinstance(entry, str) and entry in index.entries else None,
                   tuple(e for e in listed if isinstance(e, str) and e in index.entries)
                   if isinstance(listed, list) else (),
                   passage if isinstance(passage, str) and len(passage) <= 200 else None,
                   before.strip()[:MAX_BEFORE_CHARS] if isinstance(before, str) and before.strip() else None,
                   tuple([e.strip()[:MAX_BEFORE_CHARS] for e in earlier if isinstance(e, str) and e.strip()]
                         [-EARLIER_MESSAGES:]) if isinstance(earlier, list) else ())


MAX_BEFORE_CHARS = 500
EARLIER_MESSAGES = 2


def with_earlier(question: str, context: Context) -> str | None:
    """A follow-up read with the person's last messages, when something was just shown ("and the lowest?" after
    "which trusts were the case studies?" and "which had the most studies?"): its subject is in what it follows (the
    service tries it when nothing answered the follow-up alone, or when it is a `fragment`). None when nothing was shown or said before, or when the question says
    nothing of its own to check an answer against (`follows_up`)."""
    if not (context.entry or context.passage) or not context.earlier or acknowledges(question) \
            or not (own_words(question) or FIGURE_ASKED.search(question)):
        return None
    return " ".join([*context.earlier, question])


# A fragment going on from the last answer ("and links with unis?", "what about data?"): its subject is the last answer's
GOES_ON_TO = re.compile(r"^\W*(?:and|also|what about|how about)\s+(?P<rest>[^.!?]*)[.!?\s]*$", re.I)
FRAGMENT_WORDS = 3
FRAGMENT_CHARS = 120  # a fragment is short (and longer text is not matched against the pattern at all)


def fragment(question: str) -> bool:
    """Does the message only add a subject to what was just discussed ("and training?", "what about data?"), naming
    no one (not "and for midwives?", which asks who may apply) and no place ("what about in Scotland?")?"""
    going_on = GOES_ON_TO.match(question) if len(question) <= FRAGMENT_CHARS else None
    if not going_on or acknowledges(going_on.group("rest")):  # "and thanks"
        return False
    named = extract(re.sub(r"\b(?:my|our)\b", " ", question), of_someone_else=True)  # "my dental nurse colleague"
    if named.filled() or place_nation(question):
        return False
    return 0 < len(own_words(going_on.group("rest"))) <= FRAGMENT_WORDS


def subject_of(question: str) -> str:
    """What a fragment adds ("training" of "and training?"); the question itself otherwise."""
    going_on = GOES_ON_TO.match(question) if len(question) <= FRAGMENT_CHARS else None
    return going_on.group("rest").strip() if going_on else question


# Asking for a figure or the top or bottom of a table ("which had the most studies?", "and the lowest?")
FIGURE_ASKED = re.compile(r"\bwhat(?:'?s)?(?: the)?\s*%|\b(?:how (?:many|much|big|large|small)|what (?:per ?cent|"
                          r"percentage|proportion|share|number)|most|least|fewest|highest|lowest|biggest|largest|smallest|"
                          r"top|bottom)\b", re.I)
FIGURE_TERMS = frozenset(terms("most least fewest highest lowest biggest largest smallest top bottom big large small "
                                "number percentage proportion share"))


def own_words(question: str) -> set[str]:
    """What the question asks with, as stems ("how many did they interview there": interview); not chat ("and thanks",
    "that is all")."""
    return {t for t in terms(question) if len(t) > 1 and t not in FRAME_TERMS and t not in ASKING_TERMS
            and t not in CHAT_FILLER and t not in ACKNOWLEDGING and t not in ENOUGH_SAID}


ENOUGH_SAID = frozenset(terms("all that everything lot much"))


def figure_only(question: str, distinctive: Callable[[str], bool] = lambda term: True) -> bool:
    """Does the follow-up ask only for a figure, naming no subject of its own ("and the lowest?", "how many?")? The
    passage just quoted may hold it (a table's other rows)."""
    return bool(FIGURE_ASKED.search(question)) and not _own_subject(question, distinctive)


def _own_subject(question: str, distinctive: Callable[[str], bool]) -> set[str]:
    return {w for w in own_words(question) if distinctive(w)} - FIGURE_TERMS


def _kin(word: str, other: str) -> bool:
    """One stem begins the other ("com" and "come"; "interview" and "interviewe")."""
    return min(len(word), len(other)) >= KIN_STEM and (word.startswith(other) or other.startswith(word))


KIN_STEM = 3
MIN_STEM = 4  # a word this long holds its kin's stem ("interview": "interviewees")
ASKING_TERMS = frozenset(terms("what whats which who whom whose how many much when where why"))


def follows_up(question: str, answer: str, distinctive: Callable[[str], bool] = lambda term: True,
               figure: bool = False, earlier: tuple[str, ...] = ()) -> bool:
    """Does an answer found with the earlier messages answer this question? It holds the question's own words that
    say what it is about, one at least (`distinctive`: not "research", in most passages), or a figure, not a year, when only a
    figure is asked ("wales?" and "Wales (n=106)"; "and the lowest?" and a table of counts; not "what's the capital of
    Peru?", nor "how many research directors said so?" and the report's summary the earlier messages found); with
    `figure`, a figure too ("and training?" after "what % said improving outcomes"). `earlier`: the messages it
    follows."""
    held = set(terms(answer))
    # its words that say what it is about; all its words when none does ("and training?": in many passages); not the
    # words of the messages it follows, which found the answer ("what band would i come back on" after "do people lose
    # pay coming back after a PhD fellowship?" is not answered by the passage on coming back)
    said = set(terms(" ".join(earlier)))
    own = {w for w in _own_subject(question, distinctive) or _own_subject(question, lambda term: True)
           if w not in said and not any(_kin(w, t) for t in said)}  # ("come" of "coming": "com")
    if not own:
        return bool(FIGURE_ASKED.search(question) and FIGURE.search(answer))
    if figure and not FIGURE.search(answer):  # a figure asked of its subject (`figure`): one stated beside it
        return False
    return any(w in held or (len(w) >= MIN_STEM and any(h.startswith(w) for h in held)) for w in own)


# What was said before must say this many words of its own for "that" to mean it ("hi", "are you a bot?" do not).
MIN_BEFORE_WORDS = 2


def with_before(index: KnowledgeIndex, question: str, context: Context) -> str | None:
    """The question with what the person said just before it, when it points back ("is there any recommendation on
    that?") and nothing was shown since to point at ("research was barely mentioned at induction" got "I don't
    know"): that is what "that" means. None otherwise, and when what was said before is chat, small talk or only
    who the writer is, naming nothing ("hi", "are you a bot?", "I'm a nurse in Wales": nothing "that" could be; "my
    manager told me to look at ICAP", then "what is it?", names it)."""
    before = context.before
    if not before or context.entry or context.listed or context.passage or not POINTS_BACK.search(question):
        return None
    if acknowledges(before) or (tells_only(before) and not names_in(index, before)) or \
            len({t for t in tokens(before) if t not in CHAT_FILLER and t not in ACKNOWLEDGING}) < MIN_BEFORE_WORDS:
        return None
    return f"{before} {question}"


def about_what_was_said(index: KnowledgeIndex, before: str, entry_id: str) -> bool:
    """Is the entry among the first that what was said before finds (not sure enough to answer it alone)? Only then
    does the answer to both together answer "that"."""
    return entry_id in [h.entry_id for h in search(index, before, k=BEFORE_HITS).hits]


BEFORE_HITS = 3


@dataclass(frozen=True)
class Referent:
    """The entry meant, or the entries it could be (ask which), or neither (the context does not say); `schemes`:
    no one scheme, schemes in general ("can pharmacists apply for research fellowships?": list those open)."""
    entry_id: str | None = None
    choices: tuple[str, ...] = ()
    schemes: bool = False


def _only_a_listed_name(index: KnowledgeIndex, question: str, listed: tuple[str, ...]) -> str | None:
    """"Pathway to Portfolio" typed in answer to "which one?": a listed entry named, with little else said."""
    named = [e for e in named_entries(index, question) if e in listed]
    if len(named) != 1:
        return None
    names = name_tokens(index.entries[named[0]]) | {"one", "meant", "please"}  # "mean" is a stopword
    return named[0] if len([t for t in tokens(question) if t not in names]) <= 1 else None


# Any or all of those listed, or the others ("do i need a degree for the others?", "... for either?")
OTHERS_MEANT = re.compile(r"\b(?:others?|either|any of (?:them|these|those)|all of (?:them|these|those)|each|both)\b", re.I)
# The scheme that followed the one just answered ("the new one", "the replacement")
SUCCESSOR_MEANT = re.compile(r"\bthe (?:new|newer|replacement|successor|current)(?: one| scheme| programme| version| thing)?\b|"
                             r"\b(?:its|the) (?:replacement|successor)\b", re.I)


def _called_by_a_word(index: KnowledgeIndex, question: str, listed: tuple[str, ...]) -> str | None:
    """The entry whose names hold the word: the one listed that does (or whose title does, or the one such scheme),
    else the one scheme of all whose title does ("the portfolio one", shown in an earlier list; "the time award" with
    no list shown); none when the question names an entry outright."""
    said = words_called(question)
    if named_entries(index, question):  # "the icap thing" names it: search answers
        return None
    if by_sum := _called_by_its_sum(index, question, listed):
        return by_sum
    if not said:
        return None
    if not listed:  # "who do I ask about the time award" just after ICAP: the one scheme so titled, not ICAP
        return scheme_titled(index, said)
    holding = [e for e in listed if said <= index.read_once(e, name_tokens)]
    titled = [e for e in holding if said <= index.read_once(e, title_words)]  # its title, before other names
    schemes = [e for e in titled if index.entries[e].kind is Kind.scheme]  # "the time one": an award, not advice
    for found in (holding, titled, schemes):
        if len(found) == 1:
            return found[0]
    if holding:
        return None
    return scheme_titled(index, said)


# "the 20k welsh one", "that £5k NI scheme": a scheme called by its sum, and the nation it is for
A_SUM_CALLED = re.compile(r"\b(?:that|the|this)\s+(?:[\w']+\s+)?(?:£\s*)?(\d{1,3})\s*(?:k|,000)\s+(?:[\w']+\s+)?"
                          r"(?:one|thing|scheme|award|fund|grant|fellowship|programme)s?\b", re.I)
NATION_WORDS = {"welsh": "wales", "wales": "wales", "scottish": "scotland", "scotland": "scotland", "english": "england",
                "england": "england", "ni": "northern_ireland", "northern ireland": "northern_ireland",
                "northern irish": "northern_ireland"}


def _called_by_its_sum(index: KnowledgeIndex, question: str, listed: tuple[str, ...]) -> str | None:
    """The one scheme whose amount is the sum said (listed first), for the nation said if any ("what about that 20k
    welsh one i heard about" is Pathway to Portfolio's £20,000)."""
    said = A_SUM_CALLED.search(question)
    if not said:
        return None
    figure = re.compile(rf"(?<![\d,]){said.group(1)},000\b")
    nation = next((code for word, code in NATION_WORDS.items() if re.search(rf"\b{word}\b", question, re.I)), None)
    found = [e for e, entry in index.entries.items() if entry.kind is Kind.scheme and entry.amount
             and figure.search(entry.amount) and entry.for_nation(nation)]
    mine = [e for e in found if e in listed]
    for candidates in (mine, found):
        if len(candidates) == 1:
            return candidates[0]
    return None


def _pointed_at(context: Context, listed: tuple[str, ...]) -> Referent:
    """"it": the entry just answered, else the one entry listed, else ask which of those listed."""
    if context.entry:
        return Referent(context.entry)
    if len(listed) == 1:
        return Referent(listed[0])
    return Referent(choices=listed)


# Whom to talk to first about any of the schemes listed (the local R&D office's entry).
RD_OFFICE = "rd-office"


def _whom_first(index: KnowledgeIndex, asked: aspects.Aspect | None, context: Context) -> bool:
    """Does a question asking `asked` ask whom to contact just after a list ("ok who do i actually talk to")? The R&D
    office first, rather than "which one do you mean?" of seven."""
    return asked is not None and asked.name == "contact" and bool(context.listed) and not context.entry \
        and RD_OFFICE in index.entries


# What only a scheme has (money): asked after a list, only its schemes are asked which of. How to apply and who can
# are asked of mentorship programmes too.
SCHEME_ASPECTS = frozenset({"amount"})


def in_context(index: KnowledgeIndex, question: str, context: Context, schemes_only: bool = False) -> Referent | None:
    """What the conversation says the message is about, or None when it is a question of its own (search it).
    `schemes_only` (an eligibility question): only a scheme is asked which of ("am I eligible for it?")."""
    listed = context.listed
    picked = position(question, len(listed))
    if picked is not None and not listed:  # "the last one", "number 7" with no list shown: nothing to pick from
        return Referent()
    if picked is not None:
        return Referent(listed[picked]) if picked < len(listed) else Referent(choices=listed)
    if listed and (chosen := _only_a_listed_name(index, question, listed)):
        return Referent(chosen)
    successor = index.entries[context.entry].successor if context.entry in index.entries else None
    if successor in index.entries and SUCCESSOR_MEANT.search(question) and not named_entries(index, question):
        return Referent(successor)  # "is the new one just for nurses" after 70@70, which names its successor
    if chosen := _called_by_a_word(index, question, listed):
        return Referent(chosen)
    if (schemes := _schemes(index, listed)) and REQUIREMENTS.search(question) and not named_entries(index, question) \
            and len([t for t in tokens(question) if t not in FOLLOW_UP_WORDS]) <= REQUIRED_WORDS:
        # "do i need a uni lined up first?" just after a list: what applying to one of them takes; just after one of
        # them was asked about ("wot is pathway to portfolio can i do it", then "do i need a degree"), or anything else
        # answered since the list ("innovation challenge??" then "do i need a degree"), that one
        if context.entry and not OTHERS_MEANT.search(question) and not words_called(question):
            return Referent(context.entry)
        return Referent(schemes[0]) if len(schemes) == 1 else Referent(choices=schemes)
    if about_context(question) and not (WRITER_TELLS.match(question) and not really_asks(question)
                                        and aspects.asked(question) is None) \
            and not (set(named_entries(index, question)) - set(listed)):  # "is 70 at 70 still going? my matron did
        # it" after a list names a scheme of its own (its name's digits read like bands)
        # (not "i qualify in sept btw": the writer telling us, not asking of the schemes)
        # "how much money can you get from it?" after a list: which of its schemes (not the R&D office, first steps)
        asked = aspects.asked(question)
        if _whom_first(index, asked, context):
            return Referent(RD_OFFICE)
        schemes = schemes_only or (asked is not None and asked.name in SCHEME_ASPECTS)
        pointed = _pointed_at(context, (_schemes(index, listed) or listed) if schemes else listed)
        return Referent(_narrower(index, question, pointed.entry_id, schemes_only)) if pointed.entry_id else pointed
    if context.entry and for_another_group(question) and not named_entries(index, question):
        return Referent(context.entry)
    return None


# A question cut short after an answer ("what kind of projects?", "what sort of training?", "any mentoring?"): the
# rest of it is the entry just answered.
ELLIPTICAL = re.compile(r"^\W*(?:(?:and|so|ok|okay|but)\W+)?(?:what (?:kind|sort|type|types|kinds|sorts) of|what about|"
                        r"how about|any|is there any|are there any)\b", re.IGNORECASE)
MAX_ELLIPTICAL_WORDS = 3


def elliptical(index: KnowledgeIndex, question: str, entry_id: str) -> bool:
    """Is the question cut short, asking about a word or two the entry just answered holds ("what kind of projects?"
    after Pathway to Portfolio's "small-scale research scoping projects")?"""
    asked = tokens(ELLIPTICAL.sub("", question))
    if not ELLIPTICAL.search(question) or not 0 < len(asked) <= MAX_ELLIPTICAL_WORDS:
        return False
    held = index.read_once(entry_id, _entry_words)
    return all(t in held for t in asked)


def pointed_back(index: KnowledgeIndex, question: str, context: Context, threshold: float) -> str | None:
    """"do I need a PhD for it?" after the ACAF: a question with a topic of its own that points back ("it") is
    about the entry just answered, unless it names another or a confident search puts that entry outside its first
    three (search alone answered it about the DCAF, for its "PhD"). So is a question cut short about something the
    entry holds ("what kind of projects?"). A lead-in of chat is left out first ("oh and random one, what does THIS
    Institute do?" names THIS Institute once the chat is gone)."""
    if NEW_TOPIC.search(question):  # before its lead-in goes: "sorry side q, is it true ...?"
        return None
    question = question_part(question)
    if not context.entry or NEW_TOPIC.search(question) or named_then_asked(index, question, context):
        return None  # a change of topic, or "a mate told me to sign up to thiscovery?? what is that"
    # "sorry before i answer that - what does NIHR actually stand for? everyone keeps saying it": when no clause that
    # asks points back, one naming something (an organisation among many words too) is about that ("how long is it,
    # and does NIHR pay my salary?" still asks of the entry shown)
    asking = asking_clauses(question)
    if not any(POINTS_BACK.search(asked) for asked in asking) and any(
            {e for e, specific in names_in(index, asked).items() if specific} - {context.entry} for asked in asking):
        return None
    others = named_entries(index, question).keys() - {context.entry}
    if others:  # "does that CRUK report talk about that?" after SPA time, which it quotes: SPA time, in the report
        shown = documents_of(index.entries[context.entry])
        cited = all(named_as_document(index, question, e) and documents_of(index.entries[e]) & shown for e in others)
        return context.entry if cited and POINTS_BACK.search(THE_DOCUMENT.sub(" ", question)) else None
    if asks_of_it(index, question, context.entry):
        return context.entry
    if POSSESSIVE.search(question) and (narrower := _narrower(index, question, context.entry)) != context.entry:
        return narrower  # "and what were its R&I strategy's main aims?" after HEE: HEE's strategy, whatever search says
    if _its_of_the_entry(question) and not _names_elsewhere(index, question, context.entry):
        return context.entry  # "what are their three research priorities" after THIS Institute: its priorities
    if not POINTS_BACK.search(DUMMY_IT.sub(" ", _own_half(index, question, context.entry))):  # not "is it true ..."
        return context.entry if elliptical(index, question, context.entry) else None
    if index.entries[context.entry].kind is Kind.scheme and IT.search(question) and not DUMMY_IT.search(question) \
            and aspects.asked(question) and not _names_elsewhere(index, question, context.entry):
        return context.entry  # "could you do it part time alongside your clinical job?" after 70@70: how long it is
    own = [t for t in tokens(question) if t not in FOLLOW_UP_WORDS and t not in ASKING_WORDS]
    if len(own) <= ONE_WORD_OF_ITS_OWN and not DUMMY_IT.search(question) and len(asking) <= 1 \
            and not _names_elsewhere(index, question, context.entry):  # not "what's a PhD? do I need it?"
        return context.entry  # "who wrote it" after a report: "wrote" is no topic ("write research into job plans")
    searched = searched_entries(index, question, threshold, n=3)
    if searched:
        return _narrower(index, question, context.entry) if context.entry in searched else None
    return None if _names_elsewhere(index, question, context.entry) else _narrower(index, question, context.entry)


# A change of topic announced ("actually forget that, totally different q - the report mentions a pre-eclampsia
# trial?"): what follows is not about the entry just answered, whatever "that" or "the report" may point at.
NEW_TOPIC = re.compile(r"\b(?:forget (?:that|it|about (?:that|it))|(?:totally |completely |something )?(?:different|unrelated|"
                       r"separate|new|side) (?:q|qu|question|topic|subject|note)|change (?:of )?(?:subject|topic)|"
                       r"on (?:another|a different|an unrelated) (?:note|topic)|unrelated|off topic|moving on)\b", re.I)


# A question pointing back with no more than this many words of its own asks of the entry just answered, whatever a
# search of that word finds: "who wrote it", "who runs it?", "when did it start?".
ONE_WORD_OF_ITS_OWN = 1


# "it" asked of a scheme just shown, with one thing it asks of it (how long, how much, who for); not the "it" of "is it
# worth doing a PhD?", "how long does it take to become a research nurse?", whose topic follows.
IT = re.compile(r"\b(?:it|it's|the (?:scheme|programme|fellowship|award|course))\b", re.IGNORECASE)
DUMMY_IT = re.compile(r"\bit(?:'s|\s+is)?\s+(?:take|takes|took|cost|costs|worth|possible|hard|easy|normal|common)\b"
                      r"[^?.!]*\b(?:to|doing|getting|becoming|for)\s+\w+|"
                      # "is it true pharmacy is underfunded for research?": a claim to check, not the entry shown
                      r"\b(?:is it|it'?s|is that) (?:true|right|correct|the case|a fact) (?:that )?\w+", re.IGNORECASE)


# Something of the entry just shown, by its name ("its R&I strategy", "their fellowships").
POSSESSIVE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)


# Asking for a part of what was just shown ("which one covers staff development?" after a strategy's four areas).
WHICH_PART = re.compile(r"\bwhich (?:one|ones|part|parts|area|areas|bit|bits|section|theme|strand|pillar|of them|of "
                        r"those|of these)\b", re.IGNORECASE)
MAX_OWN_WORDS = 3
# How such a question asks, not what about: "who is it aimed at?", "where are they based?"
ASKING_WORDS = frozenset(tokens("aimed aim based located targeted meant designed suitable suited cover covers"))
FIGURE_WORDS = frozenset(tokens("percentage percent proportion share fraction number figure figures stats statistics"))


def asks_of_it(index: KnowledgeIndex, question: str, entry_id: str) -> bool:
    """Does the question ask one thing of the entry just answered (how much, who it is for, where, which of its
    parts, a figure), its other words all words that entry uses, none saying whom for unless a figure is asked ("what %
    of nurses agreed?") and none naming another entry ("where is the design service based?" after NIHR)? ("how much
    money can one project get?" after Pathway to Portfolio, "who is it aimed at?" after a programme, "which one covers
    staff development?") Then it is about that entry, whatever a search of its few words finds (a framework "aimed"
    at researchers)."""
    aspect = aspects.asked(question)
    figure = asks_for(question) is AnswerType.number  # "what % agreed?" after an entry giving the survey's shares
    if aspect is None and not WHICH_PART.search(question) and not figure:
        return False
    if schemes_in_general(question):
        return False  # "ok so what schemes can i actually apply for" after SPA time: the writer's own list
    own = [t for t in tokens(question) if t not in FOLLOW_UP_WORDS and t not in ORDINALS and t not in FIGURE_WORDS
           and t not in ASKING_WORDS]
    if len(own) > MAX_OWN_WORDS or (not figure and any(says_whom(t) for t in own)):
        return False  # "how much funding is there for nurses?" asks its own; "what % of nurses agreed?" does not
    if len(own) > 1 and set(index.titled_with.get(frozenset(own), ())) - {entry_id}:
        return False  # "where is the design service based?" after NIHR names the Research Design Service
    held = index.read_once(entry_id, _entry_words)
    return all(t in held or _shares_root(t, held) for t in own)


ROOT_LETTERS = 6  # "development" and "develop", "funders" and "funding": the same word to a follow-up


def _shares_root(word: str, held: frozenset[str]) -> bool:
    return len(word) >= ROOT_LETTERS and any(h.startswith(word[:ROOT_LETTERS]) for h in held)


# The other half of a question put both ways ("were most answers from England or was it spread across the nations?"):
# its "it" is the question's own subject, not what was just shown.
OR_IS_IT = re.compile(r"[\s,]*\bor (?:is|was|are|were|does|did|do) (?:it|that|this|they)\b.*$", re.I | re.S)


def _own_half(index: KnowledgeIndex, question: str, entry_id: str) -> str:
    """The question less the other half of a question put both ways, when the first half has a subject of its own the
    entry never speaks of ("were most of the survey answers from england or was it spread across the nations?");
    "is there a deadline or is it rolling?" keeps its "it"."""
    first = OR_IS_IT.sub("", question)
    subject = {t for t in tokens(first) if t not in FOLLOW_UP_WORDS}
    return first if subject - index.read_once(entry_id, _entry_words) else question


# Words that name a kind of thing, not one thing: a name made of them alone names nothing after it.
GENERIC_NAME_WORDS = KINDS_OF_SCHEME | FOLLOW_UP_WORDS

# A name in the question: an acronym, or a capitalised word not opening it ("that CRUK survey", "the Kent report").
NAME_WORD = re.compile(r"\b[A-Z]{2,}\b|(?<=[a-z,] )[A-Z][a-z]+\b")


def _names_elsewhere(index: KnowledgeIndex, question: str, entry_id: str) -> bool:
    """Does the question name something the entry just answered never mentions ("what % of people in that CRUK survey
    said training would help?" after first steps)? With no confident search to say otherwise, a question pointing
    back is about that entry unless so ("is it competitive?", "would my manager need to sign it off?")."""
    entry = index.entries[entry_id]
    held = index.read_once(entry_id, _entry_words)
    named = {t for word in NAME_WORD.findall(question) for t in tokens(word)}
    return bool(named - held) and not named <= name_tokens(entry)


def _entry_words(entry: Entry) -> frozenset[str]:
    return frozenset(t for text in (entry.title, entry.summary, entry.body, *entry.synonyms) for t in tokens(text))


# Whose "their" may be, said before it ("what do nurses say about their workload?": the nurses')
OWNERS = frozenset("staff people students patients researchers colleagues team managers they them we us you i".split())


def _its_of_the_entry(question: str) -> bool:
    """Does "its"/"their" point back at what was just shown: no one the message names before it could own it?"""
    possessive = POSSESSIVE.search(question)
    before = re.findall(r"[a-z']+", question[:possessive.start()].lower()) if possessive else []
    return bool(possessive) and not any(w in OWNERS or says_whom(w) or _plural_noun(w) for w in before)


NOT_PLURALS = frozenset("this does was has his its is us yes thus plus less unless across perhaps always sometimes "
                        "whereas ones".split())


def _plural_noun(word: str) -> bool:
    """A word that may name owners in the plural ("do trusts release their nurses?", "how do universities fund their
    PhD students?")."""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word not in NOT_PLURALS


# Words in the titles of entries of every kind: "their three research priorities" after THIS Institute asks for
# no "National Institute for Health and Care Research" by its "research"
EVERY_TITLE = frozenset(tokens("research health care nhs national"))


def _narrower(index: KnowledgeIndex, question: str, entry_id: str, schemes_only: bool = False) -> str:
    """The entry a follow-up points at, or the one entry named after it that the follow-up asks for by the rest of
    its name ("do they have fellowships?" after THIS Institute: "THIS Institute fellowship programme"; "what does
    it fund?" after ICAP stays ICAP). Names of generic words only ("fellowship") name nothing after, and two entries
    that could be meant ("their fellowship" after NIHR) leave the follow-up with the entry."""
    own = name_tokens(index.entries[entry_id])
    asked = set(tokens(question))
    found = {other for name in _names_of(index, entry_id) for other in index.titled_with.get(frozenset(name), ())
             if other != entry_id and (set(tokens(index.entries[other].title)) - own - EVERY_TITLE) & asked
             and (not schemes_only or index.entries[other].kind is Kind.scheme)}
    return found.pop() if len(found) == 1 else entry_id


def _names_of(index: KnowledgeIndex, entry_id: str) -> list[set[str]]:
    """The entry's short names as word sets ("THIS Institute", "ICAP"): two words or fewer, one of them not a
    generic word ("fellowship", "research")."""
    entry = index.entries[entry_id]
    return [words for name in (entry.title, *entry.synonyms) if 0 < len(words := set(tokens(name))) <= 2
            and words - GENERIC_NAME_WORDS]


# "what is that?" asked of something the same message names ("a mate told me to sign up to thiscovery?? what is that").
WHAT_IS_THAT = re.compile(r"\bwhat(?:'s|s| is| are)\s+(?:that|it|this|they|those)(?:\s+(?:then|exactly|about|thing))?"
                          r"\W*$", re.I)


def named_then_asked(index: KnowledgeIndex, question: str, context: Context) -> str | None:
    """The one entry a message names by a name of its own before asking "what is that?" (an organisation among many
    words too), other than the one just shown; else None: "that" is what the message named, not what was shown."""
    asked = WHAT_IS_THAT.search(question)
    if not asked or POINTS_BACK.search(question[:asked.start()]):
        return None  # "the CRN sent me a link to apply for this, what is it?": "this" is what was shown
    named = {e for e, specific in names_in(index, question).items() if specific} - {context.entry}
    return named.pop() if len(named) == 1 else None


# What the writer could apply for, asked as a question of its own ("what else could I apply for?", "what schemes can we
# go for?"), not "could I apply?" about what was just shown.
WHAT_I_COULD_APPLY_FOR = re.compile(r"\bwhat(?:\s+(?:else|other|\w+s))?\s+(?:can|could|may|might|should|would)\s+"
                                    r"(?:i|we)\s+(?:\w+\s+)?(?:apply|go)\s+(?:for|to)\b", re.I)


def refers_to(index: KnowledgeIndex, question: str, context: Context, threshold: float,
              schemes_only: bool = False) -> Referent:
    """Which entry a follow-up ("how do I apply?", "am I eligible for the second one?") is about: the entry it names
    (a scheme or a route, with `schemes_only`), else what the conversation points at, else the entry just answered
    unless a confident search puts another first and it nowhere near, else a confident search hit, else one of the
    latest list. An eligibility question about schemes in general is about none of them (`schemes`)."""
    # A route named in an eligibility question ("can physios get SPA?") is what is asked about, not the next scheme
    # search ranks below it; a body or a strategy named ("can I apply to the NIHR?") is not applied to: its schemes are.
    applicable = (Kind.guidance,) if schemes_only else tuple(Kind)
    then_asked = named_then_asked(index, question, context)
    named = named_scheme(index, question) or next(
        (e for e in named_entries(index, question) if index.entries[e].kind in applicable), None) or (
        then_asked if then_asked and index.entries[then_asked].kind in applicable else None)
    if named:
        return Referent(named)
    if schemes_only and WHAT_I_COULD_APPLY_FOR.search(question):
        return Referent(schemes=True)  # "What could I apply for once I'm there?" after a list: the list again, anew
    found = in_context(index, question, context, schemes_only)
    if found is not None:
        return found
    if schemes_only and (about_schemes(index, question) or asks_which_schemes(index, question)):
        return Referent(schemes=True)  # also when the writer's story comes first ("I'm a band 5 nurse on a surgical
        # ward ... Is there any research stuff I could apply for?": its ward is no scheme's topic)
    if context.entry and asks_whether_there(question):  # "can I apply from NI?" after RfPB: that scheme, there
        return Referent(context.entry)  # (search put Northern Ireland's own scheme first)
    searched = searched_entries(index, question, threshold, schemes_only, n=3)
    elsewhere = bool(named_entries(index, question).keys() - {context.entry})  # "and CSO?" after NRS fellowships
    if context.entry and (not searched or context.entry in searched) and not elsewhere:
        return Referent(context.entry)  # search does not know better ("is it open to bank staff?")
    if searched:  # a topic of its own the entry just discussed is not ("what about the internship?" after PCAF)
        return Referent(searched[0])
    if _whom_first(index, aspects.asked(question), context):
        return Referent(RD_OFFICE)
    return _pointed_at(context, _schemes(index, context.listed) if schemes_only else context.listed)


# The writer telling us something of themselves ("i qualify in sept btw"), not asking
WRITER_TELLS = re.compile(r"^\W*(?:i|i'm|im|i've|ive|i'll|i am|my)\b", re.I)
REQUIRED_WORDS = 2  # words of its own a question about what applying takes may have ("uni", "lined")


def _schemes(index: KnowledgeIndex, listed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(e for e in listed if index.entries[e].kind is Kind.scheme)


# "what about in Scotland? I might move to Glasgow", "and in Wales?", "is there one in Scotland?", "what about Scotland,
# anything like that?" after a scheme for another nation: the same for that nation.
ANOTHER_NATION = re.compile(
    r"^\W*(?:(?:so|ok|okay|but|thanks|thank you|thank u|thx|ta|cheers|great|cool|right)\W+)*(?:and\s+(?:(?:what|how)\s+about\s+)?|(?:what|how)\s+about\s+|is there (?:one|"
    r"an? equivalent|an? version|anything (?:like|similar to) (?:it|that|this))\s+)(?:(?:over\s+|up\s+|down\s+)?in\s+|"
    r"for\s+)?([a-z][a-z ]{1,30}?)(?:\W+(?:anything|something|one) (?:like|similar)[^.?!]*)?\s*(?:then|instead|though)?"
    r"\W*(?:[.?!]|$)", re.I)
# What the entry gives, at most this many kinds, is what is searched for there ("funding and protected time").
GIVES_ASKED = 2


# "so what's the english alternative" after a Welsh scheme: the likeness in that nation
NATIONAL_LIKENESS = re.compile(r"^\W*(?:(?:so|ok|okay|and|but|then)\W+)*(?:what(?:'s|s| is| are)|is there|are there|any)\s+"
                               r"(?:the\s+|an?\s+)?(english|welsh|scottish|northern irish|ni)\s+(?:alternatives?|equivalents?|"
                               r"versions?|ones?)(?:\s+then)?\W*$", re.I)


# "and if i took a perm job at an english trust instead?" after the Welsh time award: the likeness there
MOVED_THERE = re.compile(r"^\W*(?:(?:so|ok|okay|and|but|then|what)\W+)*if i (?:took|take|got|get|moved|move|went|go|"
                         r"worked|work|started|start|switched|switch)\s+(?:to\s+|at\s+|in\s+)?(?:an?\s+|the\s+)?(?:(?:perm|"
                         r"permanent|new|substantive|full[- ]time|part[- ]time)\s+)?(?:(?:job|post|role|contract)\s+)?(?:at|in|"
                         r"to|with|for)\s+(?:an?\s+|the\s+)?(english|welsh|scottish|northern irish|england|wales|scotland|"
                         r"northern ireland)(?:\s+(?:nhs\s+)?(?:trust|board|health board|hospital|organisation|job|post))?"
                         r"(?:\s+(?:instead|then|next year|later))?\W*$", re.I)  # not "... would i lose the award?"


def another_nation(question: str) -> str | None:
    """The nation a bare follow-up asks about ("and in Scotland?", "what about Wales then?", "so what's the english
    alternative", "and if i took a perm job at an english trust instead?"), or None."""
    asked = ANOTHER_NATION.match(question.strip()) or NATIONAL_LIKENESS.match(question.strip()) \
        or MOVED_THERE.match(question.strip())
    return place_nation(asked.group(1).replace("northern irish", "northern ireland")) if asked else None


def like_it_elsewhere(index: KnowledgeIndex, question: str, context: Context) -> str | None:
    """What to search when a follow-up asks for the entry just answered in another nation ("what about in Scotland?"
    after the Welsh time award): what it gives, asked for there. None for its own nation, every nation, or no nation."""
    where = another_nation(question) if context.entry else None
    if where is None:
        return None
    entry = index.entries[context.entry]
    if entry.for_nation(where):
        return None
    gives = " and ".join(g.value.replace("_", " ") for g in entry.gives[:GIVES_ASKED]) or "support"
    return f"is there {gives} for research in {where.replace('_', ' ')}?"
