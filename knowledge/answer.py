"""Compose what the bot says from retrieved passages: short, cited, dated, or an honest "I don't know"."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

from knowledge import aspects
from knowledge.citations import cite, describe
from knowledge.documents.answerable import STATES_DETAIL, UNSTATED_NOTE
from knowledge.documents.counting import HOW_MANY, counted, counts
from knowledge.documents.index import FRAME_WORDS, Document
from knowledge.documents.windows import SHARE_ASKED, STATES_SHARE, AnswerType, asks_for
from knowledge.index import KnowledgeIndex
from knowledge.other_matters import Matter
from knowledge.person import stated
from knowledge.recommend import for_group, label
from knowledge.profile_text import (
    PEOPLE,
    about_research_or_writer,
    asking_clauses,
    asking_sentences,
    clauses,
    extract,
    question_part,
    tells_only,
    tells_with_a_remark,
    without_chat,
)
from knowledge.resolve import (
    FOLLOW_UP_WORDS,
    MY_ORGANISATION,
    A_DOCUMENT,
    HEARD_OF,
    LIKENESS,
    about_another_body,
    documents_of,
    named_as_document,
    says_whom,
)
from knowledge.schema import Entry, Kind, Status
from knowledge.search import SearchResult, name_tokens, named_entries, names_in, search, without_names, words_held
from knowledge.taxonomy import (
    normalise_nation,
)
from knowledge.text import ACKNOWLEDGING, CHAT_FILLER, tokens, word_set


@dataclass
class Answer:
    answered: bool
    text: str
    confidence: float
    entry_id: str | None = None
    title: str | None = None
    citation: str | None = None
    last_reviewed: str | None = None
    suggestions: list[dict] = field(default_factory=list)  # {"entry_id", "title"} for "Did you mean..."
    choose: list[dict] = field(default_factory=list)  # {"entry_id", "title"}: several were meant, which one?
    compared: list[str] = field(default_factory=list)  # the entries set side by side ("PCAF or DCAF?"), as shown
    unstated: str = ""  # what was asked that the entry says nowhere ("the percentage"): a passage stating it may follow

    def to_dict(self) -> dict:
        return asdict(self)


def status_note(entry: Entry, index: KnowledgeIndex) -> str:
    if entry.status is Status.open:
        return ""
    word = "has closed" if entry.status is Status.closed else "is archived (kept for reference)"
    successor = index.entries.get(entry.successor) if entry.successor else None
    follow = f" It was followed by **{successor.title}**." if successor else ""
    return f"\n⚠️ This {entry.kind.value} {word}.{follow}"


def facts_line(entry: Entry) -> str:
    facts = [f"{label}: {value}" for label, value in (("Funding", entry.amount), ("Duration", entry.duration)) if value]
    return ("\n" + " · ".join(facts)) if facts else ""


def footer(entry: Entry) -> str:
    return f"\n_Source: {cite(entry)}. Last reviewed {entry.last_reviewed:%d %b %Y}._"


# The entry on the person's own R&D office: the deployment's contact details (NHSBOT_RD_OFFICE_EMAIL) complete it.
RD_OFFICE = "rd-office"


def local_contact(entry: Entry, contact: str, email: str | None) -> str:
    """"Contact here: the Research and Innovation office, ri@trust.nhs.uk", beside the R&D office's entry only."""
    return f"\nContact here: {contact}, {email}" if entry.id == RD_OFFICE and email else ""


# What saying how much takes: a sum, or what is paid ("salary costs", "fees"); "funding" alone does not say it, and
# for an exact salary only a sum does.
SUM = r"£\s?\d|\b\d[\d,.]*\s?(?:k|m|million|billion)\b"
STATES_SUM = re.compile(SUM, re.I)
STATES_AMOUNT = re.compile(SUM + r"|\bsalar(?:y|ies)\b|\bfees?\b", re.I)
SALARY_ASKED = re.compile(r"\bsalar(?:y|ies)\b", re.I)


# How much money, not how much time or experience ("how much time do I get on PCAF?" is answered by its split week).
MONEY_ASKED = re.compile(r"£|\b(?:pay|pays|paid|salary|salaries|worth|fund|funds|funding|funded|cost|costs|money|grant|"
                         r"stipend|bursary|budget|award|invest|invests|invested|investment)\b", re.I)



# When to apply, said: a month, a round or call, "any time", a closing date. An open scheme's entry saying none of these
# does not know "the closing date for the PCAF round in 2027".
STATES_WHEN = re.compile(r"\b(?:january|february|march|april|(?-i:May)|june|july|august|september|october|november|december|"
                         r"any ?time|rolling|annual(?:ly)?|each year|every year|once a year|closing dates?|deadlines?)\b",
                         re.I)
# A contact detail asked for, which only an address or a number gives ("the phone number of the head of research").
DETAIL_ASKED = {"phone number": re.compile(r"\b(?:phone|telephone|mobile|number to call|ring (?:them|up|the)|give \w+ a ring)\b",
                                          re.I),
                "email address": re.compile(r"\be-?mail(?: address)?\b", re.I)}
DETAIL_QUESTION = re.compile(r"\b(?:what(?:'s| is)?|give me|need|got|is there)\b.{0,25}\b(?:e-?mail|phone|telephone|"
                             r"number)\b", re.I)


def unstated(entry: Entry, aspect: str | None, question: str = "", local: str = "") -> str:
    """What the answer says first when the entry states nowhere what was asked (`not_stated`): that it doesn't say, and
    who may know; empty when it states it."""
    return _unstated_note(not_stated(entry, aspect, question, local))


def _unstated_note(asked: str) -> str:
    return UNSTATED_NOTE.format(asked=asked) if asked else ""


# What a follow-up the entry holds nothing of gets before the entry's summary: the summary again, unannounced, read as
# the question ignored ("does the time award pay my employer to backfill?" after the award).
NOT_HELD_NOTE = ("I couldn't find that in what I hold on this (it may be there in other words), and your R&D office may "
                 "know. What I hold says:\n")


def unheld(entry: Entry, question: str) -> set[str]:
    """The follow-up's own words (not how it asks, whom for, nor the entry's names) that the entry holds nowhere:
    title, summary, body, other names and fields; none when its summary holds any of its words ("what kind of
    projects?" after Pathway to Portfolio, whose summary speaks of its projects)."""
    fields = [ASPECTS[a].field(entry) or "" for a in ASPECTS]
    held = word_set(" ".join([entry.title, entry.summary, entry.body, *entry.synonyms, *fields, entry.amount or "",
                              entry.duration or ""]))  # remembered: the same entry follows up many questions
    asked = own_words(entry, question)
    return set() if asked & word_set(entry.summary) else asked - held


def own_words(entry: Entry, question: str) -> set[str]:
    """A follow-up's own words: not how it asks, whom for, nor the entry's names."""
    return {t for t in tokens(question) if len(t) > 2 and not says_whom(t)} - name_tokens(entry) \
        - FOLLOW_UP_WORDS - CHAT_FILLER - ACKNOWLEDGING - FRAME_WORDS - PEOPLE_TOKENS - KIND_WORDS


def mostly_unheld(entry: Entry, question: str) -> bool:
    """Does the entry hold nowhere at least half of a follow-up's own words ("what % said their org counts research
    for promotion?" after under-represented professions: org, counts, promotion)? A paragraph sharing the rest
    ("research") is no answer to it."""
    asked = own_words(entry, question)
    return bool(asked) and len(unheld(entry, question)) * 2 >= len(asked)


PEOPLE_TOKENS = frozenset(tokens(" ".join(PEOPLE)))  # "could my deputy go?": whom for, not what is asked
KIND_WORDS = frozenset(tokens("kind kinds sort sorts type types"))  # "what kind of projects?" asks for projects


def not_stated(entry: Entry, aspect: str | None, question: str = "", local: str = "") -> str:
    """What was asked that the entry says nowhere ("the percentage", "how many", "the closing date"...; empty when it
    says it): how much, how many or what share when the entry states no sum, number or share anywhere
    ("how much do THIS Institute fellows get paid?" was answered with its themes, "how many research nurses does NHS
    Lothian employ?" with its metrics, as if that were the answer), an open scheme's closing date when the entry gives
    no time of year, round or date, or a phone number or email address it holds none of (`local`: the deployment's
    own contact shown with it)."""
    text = " ".join([entry.summary, *entry.paragraphs()])
    detail = next((name for name, pattern in DETAIL_ASKED.items() if pattern.search(question)), None)
    salary = SALARY_ASKED.search(question)  # "what's the exact salary?": "it covers your salary" is no sum
    share = bool(question) and bool(SHARE_ASKED.search(question_part(question)))  # not "I'm 50% through my MSc"
    if aspect == "amount" and MONEY_ASKED.search(question) and not entry.amount \
            and not (STATES_SUM.search(text) if salary else STATES_AMOUNT.search(text)):
        asked = ASPECTS[aspect].label
    elif share and not STATES_SHARE.search(text):
        asked = "the percentage"
    elif question and not share and asks_for(question) is AnswerType.number and aspect != "amount" \
            and not counts(text, HOW_MANY.search(question)):
        asked = "how many"
    elif aspect == "deadline" and entry.status is Status.open \
            and not STATES_WHEN.search(" ".join([text, entry.how_to_apply or ""])):
        asked = "the closing date"
    elif detail and (aspect == "contact" or DETAIL_QUESTION.search(question)) and entry.id != RD_OFFICE \
            and not STATES_DETAIL[detail].search(" ".join([text, entry.contact or "", entry.how_to_apply or "", local])):
        asked = f"the {detail}"
    else:
        return ""
    return asked


def from_entry(entry: Entry, index: KnowledgeIndex, passage: str | None = None, confidence: float = 1.0,
               aspect: str | None = None, local: str = "", question: str = "", not_held: bool = False) -> Answer:
    """The answer card for one entry: the best passage (or its summary), what was asked from the entry's own
    fields (who can apply, how to apply...), key facts, the deployment's own contact (`local_contact`), status,
    citation; that it doesn't say, when the `question` asks what it states nowhere (`unstated`: how much, how many, a
    closing date, a contact detail); `not_held`: a follow-up asked what it holds nothing of (`unheld`)."""
    asked = not_stated(entry, aspect, question, local)
    note = _unstated_note(asked) or (NOT_HELD_NOTE if not_held else "")
    text = (f"**{entry.title}**\n{note}{passage or entry.summary}"
            f"{field_line(entry, aspect)}"
            f"{facts_line(entry)}{local}")
    text += status_note(entry, index) + footer(entry)
    return Answer(True, text, confidence, entry.id, entry.title, cite(entry), entry.last_reviewed.isoformat(),
                  unstated=asked)


def naming(index: KnowledgeIndex, name: str) -> Answer | None:
    """Whether the knowledge base names something asked about ("was sheffield in the report": the survey's entry quotes
    the report's thanks to Sheffield Health and Social Care): the one entry whose paragraph, or quote of its sources,
    holds every word of the name, that quoted; None when none or several do, or the name is an acronym (its entries
    answer it by name)."""
    if name.strip().isupper():
        return None
    # its paragraphs, and the words it quotes from its sources (the report's thanks, quoted by the survey's entry, which
    # would otherwise answer every question naming one of the trusts thanked)
    texts = [(entry, text, words) for entry in index.entries.values()
             for text, words in index.read_once(entry.id, _named_texts)]
    held = frozenset().union(*(words for _, _, words in texts))
    words = {next(iter(difflib.get_close_matches(t, held, n=1, cutoff=0.8)), t) if t not in held else t
             for t in tokens(name) if len(t) > 3}  # "sheffeild"
    if not words:
        return None
    found = [(entry, text) for entry, text, held_words in texts if words <= held_words]
    if len({entry.id for entry, _ in found}) != 1:
        return None
    entry, paragraph = found[0]
    return from_entry(entry, index, paragraph)


def _named_texts(entry: Entry) -> list[tuple[str, frozenset[str]]]:
    """An entry's paragraphs and the quotes of its sources, each with its words (read once per entry and index)."""
    return [*((paragraph.strip(), word_set(paragraph)) for paragraph in entry.body.split("\n\n")),
            *((f"{source.section}, quoted: \u201c{source.quote}\u201d", word_set(source.quote))
              for source in entry.sources if source.quote and source.section)]


# A count in digits that is no label's number ("over 1,200 responses", not "Recommendation 5" or "day 2").
COUNT = re.compile(r"(?<!\w)(?<!recommendation )(?<!recommendations )(?<!objective )(?<!figure )(?<!table )"
                   r"(?<!section )(?<!page )(?<!day )(?<!cohort )(?<!round )(?<!phase )(?<!band )(?<!level )"
                   r"(?!(?:19|20)\d\d\b)\d[\d,]*(?![\d.]*\d)", re.I)


def paragraph_for(entry: Entry, question: str) -> str | None:
    """The entry's paragraph holding most of a follow-up's own words ("what kind of projects?" after Pathway to
    Portfolio: the one on its "small-scale research scoping projects"); None when none holds more than the summary."""
    texts = [entry.summary, *entry.paragraphs()]
    # the entry's names say nothing of which paragraph, unless only a paragraph holds one: "and lothian did something
    # like it?" after the research metrics, which name "NHS Lothian research metrics" among their synonyms
    asked = set(tokens(question)) - (name_tokens(entry) & set(tokens(f"{entry.title} {entry.summary}")))
    held = [len(asked & set(tokens(t))) for t in texts]
    # "how many people answered it?" after the survey's barriers: the paragraph giving a count ("over 1,200
    # responses"), whatever words it shares
    share = bool(SHARE_ASKED.search(question_part(question)))
    if share or asks_for(question) is AnswerType.number:
        # what "how many" counts, when it says ("how many are there?" says nothing: a count in digits, not a label's
        # number, "Recommendation 5")
        how_many = HOW_MANY.search(question)
        stating = [i for i, t in enumerate(texts)
                   if (STATES_SHARE.search(t) if share else counts(t, how_many) if counted(how_many) else COUNT.search(t))]
        if stating:
            best = max(stating, key=held.__getitem__)
            return texts[best] if best else None
    best = max(range(len(texts)), key=held.__getitem__)
    return texts[best] if best and held[best] > held[0] else None


ASPECTS = aspects.ASPECTS
IN_FACTS_LINE = {"amount", "duration"}  # facts_line shows them on every answer
FIELD_ENOUGH = {"how_to_apply", "contact"}  # the field is the whole answer to a follow-up


def field_line(entry: Entry, aspect: str | None) -> str:
    """The entry's own field for what was asked ("How to apply: ..."), unless the facts line shows it already."""
    if aspect not in ASPECTS or aspect in IN_FACTS_LINE:
        return ""
    value = ASPECTS[aspect].field(entry)
    return f"\n{ASPECTS[aspect].label.capitalize()}: {value}" if value else ""


def more_of(entry: Entry, index: KnowledgeIndex, local: str = "") -> Answer:
    """"Tell me more" after an entry's answer: the whole entry (summary, every paragraph, its own fields), not the
    same card again."""
    fields = [f"{ASPECTS[a].label.capitalize()}: {value}" for a in ("eligibility", "how_to_apply", "contact")
              if (value := ASPECTS[a].field(entry))]
    parts = [entry.summary, *entry.paragraphs(), "\n".join(fields)]
    text = f"**{entry.title}: more**\n" + "\n\n".join(p for p in parts if p) + facts_line(entry) + local
    text += status_note(entry, index) + footer(entry)
    return Answer(True, text, 1.0, entry.id, entry.title, cite(entry), entry.last_reviewed.isoformat())


def sources_of(entry: Entry, index: KnowledgeIndex) -> Answer:
    """"Where's that from?" after an entry's answer: each source it cites, with the words it quotes and its address,
    and when the R&D office last reviewed it."""
    lines = [f"• {describe(s)}" + (f", {s.section}" if s.section else "") + (f": “{s.quote}”" if s.quote else "")
             for s in entry.sources]
    text = (f"**{entry.title}: sources**\n" + "\n".join(lines) + f"\nLast reviewed by the {entry.owner} on "
            f"{entry.last_reviewed:%d %b %Y}; next review due {entry.review_due:%d %b %Y}.{status_note(entry, index)}")
    return Answer(True, text, 1.0, entry.id, entry.title, cite(entry), entry.last_reviewed.isoformat())


# An amount stated: a sum or a figure ("£20,000", "up to 50%", "two days a week" is a figure in words)
AMOUNT_STATED = re.compile(r"[£$€]|\d+\s*(?:%|per ?cent|days?|hours?|weeks?|months?|years?|sessions?|k\b)|\b(?:one|two|three|"
                           r"four|five|six|half|a quarter)\s+(?:days?|hours?|weeks?|months?|years?|sessions?|of (?:their|your|"
                           r"the) time)\b", re.I)
A_YEAR = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b")  # "the 2021 report" states no amount


def aspect_of(entry: Entry, index: KnowledgeIndex, aspect: str, local: str = "", question: str = "",
              group: str | None = None, group_nation: str | None = None) -> Answer:
    """A follow-up on one entry ("how do I apply?", "who can apply?"): its own field for that, and the
    paragraph that answers it (`question`: as asked, when there is one); who can apply to a scheme, asked of a
    profession (`group`: "pharmacists aren't in the list though?"; `group_nation`: where, when said), ends with the
    verdict for them."""
    if aspect == "parts" and aspects.best_paragraph(ASPECTS[aspect], [entry.summary, *entry.paragraphs()],
                                                    [0.0] * (1 + len(entry.paragraphs()))) is None:
        aspect = "involves"  # no paragraph lists its parts: what it involves answers "what are the parts of it?"
    wanted = ASPECTS[aspect]
    value = wanted.field(entry)
    if aspect in ("how_to_apply", "contact", "deadline"):
        value = value or entry.contact or "Your R&D office can tell you."
    paragraph = None
    if aspect not in FIELD_ENOUGH or not value:
        texts = [entry.summary, *entry.paragraphs()]
        chosen = aspects.best_paragraph(wanted, texts, [0.0] * len(texts))
        if chosen is None and aspect == "where" and ASPECTS["venue"].asked.search(question):
            # "and where does it run?": no nation in its text, but its venues (not for "which nation is it for?")
            chosen = aspects.best_paragraph(ASPECTS["venue"], texts, [0.0] * len(texts))
        if chosen is not None and aspect == "amount" and not AMOUNT_STATED.search(A_YEAR.sub(" ", texts[chosen])):
            chosen = None  # "how much time does it actually give u?": a paragraph naming the award states no amount
        paragraph = texts[chosen] if chosen is not None else (None if value else entry.summary)
        if chosen is None and not value:  # nothing says it: say so, rather than pass the summary off as the answer
            value = f"The sources I have don't say {wanted.label} for this one: your R&D office can tell you. In short:"
            if aspect == "runs" and entry.funder and entry.kind is not Kind.strategy:  # who pays is known, and is
                # not said to run it (a strategy's "funder" is its publisher)
                value = f"The sources I have don't say who runs it; it is funded by {entry.funder}. In short:"
    verdict = f"{label(group).capitalize()}: {for_group(entry, group, index, group_nation).reason}." \
        if group and aspect == "eligibility" and entry.kind is Kind.scheme else ""
    body = "\n".join(t for t in (value, paragraph, verdict) if t)
    text = f"**{entry.title}: {wanted.label}**\n{body}{local}{status_note(entry, index)}{footer(entry)}"
    return Answer(True, text, 1.0, entry.id, entry.title, cite(entry), entry.last_reviewed.isoformat())


def which_one(index: KnowledgeIndex, choices: Sequence[str]) -> Answer:
    """Several entries could be meant ("how do I apply for it?" after a list of schemes): ask which, numbered as
    listed, so "the second one" answers it as well as a button."""
    numbered = "\n".join(f"{n}. {index.entries[e].title}" for n, e in enumerate(choices, 1))
    text = f"Which one do you mean?\n{numbered}\nChoose one below, or say \"the first one\", \"the second one\"..."
    return Answer(False, text, 0.0, choose=[{"entry_id": e, "title": index.entries[e].title} for e in choices])


HOW_TO_FORGET = ("If you'd like me to forget what you've told me about yourself, choose \"Forget me\": I'll ask you to "
                 "confirm, then forget all of it. I can't forget one detail alone, but you can tell me the right one "
                 "instead (\"sorry, I meant Scotland\").")


def privacy(days: int) -> Answer:
    """"Is this confidential?": what the assistant keeps, for how long and who sees it, as docs/privacy.md says."""
    return Answer(False, (
        "About your privacy: this conversation is stored word for word, with what you tell me about your role, nation, "
        "career stage, interests and workplace, so I can show you the schemes open to you. Only the people who run this "
        f"service can read stored conversations, and a conversation is deleted after {days} days without use. Questions "
        "I can't answer well, and answers you rate, are listed for the R&D office without your name or ID (NHS "
        "numbers, phone numbers, email addresses and postcodes are taken out, but names are not), so please don't type "
        "patient details or names. A question you ask me to send to the R&D office reaches them with what you choose "
        "to send. To have me forget what you've told me and delete our earlier messages, choose \"Forget me\"."), 0.0)


def from_these(documents: Sequence[Document]) -> Answer:
    """"What sources is it using?": where answers come from, the documents by name, and how old facts are marked."""
    listed = "\n".join(f"• {d.citation()}" for d in documents)
    return Answer(False, (
        "My answers come from entries your R&D office curates: each names its source (a document, or a funder's public "
        "page with its address) and the date it was last reviewed, and a scheme that has closed is marked so, with what "
        "replaced it. Where no entry answers, I quote a passage from one of these documents, marked as not yet reviewed"
        + (":\n" + listed if listed else ".")
        + "\nIf something looks out of date, choose \"Not helpful\" under the answer: the R&D office sees it."), 0.0)


def short_list(index: KnowledgeIndex, listed: Sequence[str]) -> Answer:
    """"can u make that a short list i can paste in the team brief": what was just listed, by name, each with where
    it is from, short enough to paste."""
    lines = [f"• {index.entries[e].title} ({cite(index.entries[e], most=1)})" for e in listed if e in index.entries]
    return Answer(False, "Here it is as a short list to paste:\n" + "\n".join(lines)
                  + "\nAsk me about any of them for who can apply, what it gives and how to apply.", 0.0)


def refers_to_nothing() -> Answer:
    """"what does that mean?", "how do I apply for it?" with nothing shown before it: ask what is meant rather than
    search its few generic words (and log them as a gap nobody could answer)."""
    return Answer(False, "I'm not sure what you're referring to. Which scheme or topic do you mean? Name it, or say "
                         "\"where do I start?\" to see the schemes open to you.", 0.0)


def elsewhere(matter: Matter) -> Answer:
    """"I don't know" to a question about a matter no R&D office handles (knowledge/other_matters.py): who does."""
    return Answer(False, matter.says or "I'm sorry, I don't know the answer to that: I can help with research "
                                        f"opportunities for NHS staff. {matter.who}".rstrip(), 0.0)


def dont_know(confidence: float, contact: str, email: str | None) -> Answer:
    """"I don't know", and who to ask: the R&D office for a question about research (noted for them), the line
    manager or intranet for anything else ("how do I book my fire safety training?" was sent to the R&D office)."""
    who = f"{contact} ({email})" if email else contact
    text = (
        "I'm sorry, I don't know the answer to that, and I would rather not guess. "
        f"If it's about research, please ask {who}: they can help, and I've noted your question so the R&D office can "
        "add the answer. For anything else, your line manager or your trust's staff intranet is the best place to ask."
    )
    return Answer(False, text, confidence)


# "What's the difference between PCAF and DCAF?", "ACAF vs DCAF"; with two names, "PCAF or an internship?" and
# "how much do PCAF and DCAF pay?"
COMPARES = re.compile(r"\b(?:differen(?:ce|ces|t)|differ|diff|compare[ds]?|comparing|comparison|versus|vs|which is better)\b",
                      re.I)
EITHER = re.compile(r"\b(?:or|and|both)\b", re.I)
MOST_COMPARED = 3


# "the internship or PCAF?": the word that calls the other entry sits beside the "or" (within three words), not
# anywhere in a long question ("does the HEE strategy cover people like me or only people already employed?" chose
# nothing between HEE and the NHS-funded course the writer is on).
CHOOSES = re.compile(r"(?:\S+\s+){0,3}\bor\b(?:\s+\S+){0,3}", re.I)
SHORT_FOR = 3  # "the internship" stands for an entry among the first three hits whose name holds the word


def compared(result: SearchResult, index: KnowledgeIndex) -> list[str]:
    """The entries a question sets side by side: it names two or three and asks how they compare, or names
    exactly two joined by "or" or "and" ("PCAF or DCAF?"; "does NIHR or HEE fund PCAF?" names three and asks who
    funds one of them); or names one and calls the other by a word of its name, asking how they compare or which
    ("the internship or PCAF?")."""
    named = [h.entry_id for h in result.hits if h.named]
    if 2 <= len(named) <= MOST_COMPARED and COMPARES.search(result.query):
        return named
    if len(named) == 2 and EITHER.search(result.query):
        return named
    if len(named) == 1 and (COMPARES.search(result.query) or CHOOSES.search(result.query)):
        beside_or = None if COMPARES.search(result.query) else " ".join(CHOOSES.findall(result.query))
        other = _called_by_a_word(result, index, named[0], beside_or)
        return [named[0], other] if other else []
    return []


def _called_by_a_word(result: SearchResult, index: KnowledgeIndex, named: str, words_from: str | None = None
                      ) -> str | None:
    """The first of the other leading hits whose names hold a word the question uses beyond the named entry's names
    and "research" (in every name): "internship" in "the internship or PCAF?" is the ICA Programme Internships.
    `words_from`: only the words of this part of the question count (those beside its "or")."""
    rest = set(tokens(result.query if words_from is None else words_from)) - name_tokens(index.entries[named]) - {
        "research"}
    return next((h.entry_id for h in result.hits[:SHORT_FOR]
                 if h.entry_id != named and rest & name_tokens(index.entries[h.entry_id])), None)


def side_by_side(entry_ids: list[str], index: KnowledgeIndex, confidence: float, aspect: str | None) -> Answer:
    """Each entry's card in turn (summary, what was asked, key facts, status, its own source): nothing merged, so
    every fact keeps its citation."""
    entries = [index.entries[e] for e in entry_ids]
    cards = [f"**{e.title}**\n{e.summary}{field_line(e, aspect)}{facts_line(e)}{status_note(e, index)}{footer(e)}"
             for e in entries]
    title = " and ".join(e.title for e in entries)
    return Answer(True, "\n\n".join(cards), confidence, entries[0].id, title, "; ".join(cite(e) for e in entries),
                  min(e.last_reviewed for e in entries).isoformat(), compared=list(entry_ids))


# Beside an answer, "Did you mean" offers entries about as close to the question as the answer (cosine within this of
# the answer's): "what's RfPB?" (0.70) is not followed by HEE (0.29) and Thiscovery (0.32), "what is PCAF?" (0.76)
# still by DCAF (0.57) and ACAF (0.55). The threshold alone let nearly every hit through once the learned
# confidence moved it to 0.23.
RELATED_WITHIN = 0.25


def compose(result: SearchResult, index: KnowledgeIndex, threshold: float, contact: str, email: str | None,
            related_floor: float = 0.3) -> Answer:
    both = compared(result, index)
    if both:
        return side_by_side(both, index, max(result.confidence, threshold), result.aspect)
    if not result.hits or result.confidence < threshold or about_another_body(result, index):
        # Not an answer: topics that may be related, for the person to choose from (never presented as the answer).
        reply = dont_know(result.confidence, contact, email)
        reply.suggestions = [{"entry_id": h.entry_id, "title": h.title}
                             for h in result.hits if h.similarity >= related_floor][:3]
        return reply
    top = result.hits[0]
    entry = index.entries[top.entry_id]
    answer = from_entry(entry, index, top.passage, result.confidence, result.aspect, local_contact(entry, contact, email),
                        result.query)
    answer.suggestions = [
        {"entry_id": h.entry_id, "title": h.title}
        for h in result.hits[1:]
        if h.named or (h.similarity >= threshold and h.similarity >= top.similarity - RELATED_WITHIN)
    ][:3]
    return answer


@dataclass
class Chosen:
    """The answer to a free question, with the search it came from (its confidence and hits: what a gap records)."""
    result: SearchResult
    answer: Answer
    otherwise: bool = False  # the answer is the `otherwise` entry: what was asked is known, so it is no gap
    introduced: bool = False  # the message only tells who the writer is, beside a remark at most: their list may answer
    # the question as searched when naming the person's organisation made the answer ("does UHL have a research
    # plan?" for "does the trust have a research plan?"): what the documents are searched with too
    searched: str | None = None


# "up there", "round here", "in my area": the place the person told us, not named again.
WHERE_I_AM = re.compile(r"\b(?:(?:up|over|down|out|round|around|in) (?:there|here)|my (?:nation|country|area|region|part of "
                        r"the (?:uk|country))|where i (?:work|am|live)|where i'm (?:based|working)|locally)\b", re.I)


# "our strategy", "the trust's research strategy": the strategy of the organisation the person told us; and "does the
# trust have a research plan?", asked just after telling us where they work.
THE_ORGANISATION = r"the (?:trust|board|health board|hospital|organisation)"
RESEARCH_PLAN = r"(?:research|r&d|r&i|innovation)\s+plans?\b"  # not "my plan is to do a PhD", "a winter plan"
OUR_STRATEGY = re.compile(r"\b(?:my|our|" + THE_ORGANISATION + r"(?:'s)?) "
                          r"(?=(?:(?:r&i|r&d|research|innovation|and|new|current)\s+){0,4}strateg)|"
                          r"\b(?:our|" + THE_ORGANISATION + r"(?:'s)?) (?=(?:(?:new|current)\s+)?" + RESEARCH_PLAN + r")|"
                          r"\b(?P<subject>" + THE_ORGANISATION + r")(?=\s+(?:have|has|got)\b[^?.!]{0,30}\b"
                          r"(?:strateg|" + RESEARCH_PLAN + r"))", re.I)


# "does the trust actually care about research?": the trust the person told us of, asked about for its research (not
# "does the trust have a winter plan?")
THE_ORGANISATION_ASKED = re.compile(r"\b(does|do|did|is|has|have|will|would|can|could) " + THE_ORGANISATION
                                    + r"\b(?=[^?.!]{0,40}\b(?:research|r&d|r&i|innovation|trials?|studies)\b)", re.I)


def _their_strategy(question: str, organisation: str) -> str:
    """The question with the organisation named where it says "our strategy" or "does the trust have a plan"."""
    return OUR_STRATEGY.sub(lambda m: organisation if m.group("subject") else f"{organisation}'s ", question)
MAX_ORGANISATION_CHARS = 80


ORGANISATION_KINDS = frozenset(tokens("nhs trust foundation hospital hospitals health board university"))


def _is_about(entry: Entry, organisation: str) -> bool:
    """Does the entry speak of the organisation ("Leicester" in UHL's strategy), by every word of its name but
    "trust", "hospital"...? An answer found only because the name was added must be about it."""
    words = {t for t in tokens(organisation) if len(t) > 1} - ORGANISATION_KINDS  # not the "s" of "Leicester's"
    return bool(words) and words <= word_set(" ".join([entry.title, entry.summary, entry.body, *entry.synonyms]))


# Words of its own a question's asking sentences need to be searched alone when they name nothing ("what actually stops
# AHPs doing research, is there any evidence?" after "nobody in my team does any research."); "Who can help?" after
# "My project is on stroke rehabilitation." needs the story.
ASKING_WORDS_ALONE = 3


def _likeness_elsewhere(index: KnowledgeIndex, question: str, result: SearchResult, reply: Answer, k: int, rrf_k: int,
                        min_confidence: float, contact: str, email: str | None) -> tuple[SearchResult, Answer]:
    """"whats the scottish version of ICAP?": the scheme named is the likeness, not the answer, when it is not for the
    nation asked about; the question without its name, steered to that nation, answers with an entry for that nation
    (or nothing does: "anything like PCAF in northern ireland?" found mentorship)."""
    where = normalise_nation(question)
    if not (reply.answered and where and LIKENESS.search(question) and result.hits and result.hits[0].named):
        return result, reply
    entry = index.entries[reply.entry_id]
    if entry.for_nation(where):
        return result, reply
    other = search(index, without_names(index, question, named_entries(index, question)), k, rrf_k, nation=where)
    again = compose(other, index, min_confidence, contact, email)
    if again.answered and where in index.entries[again.entry_id].nations:
        return other, again
    return other, dont_know(other.confidence, contact, email)


# A report or a strategy named for what it says of a topic ("what's the top reason staff give for doing research, per
# the CRUK report?"): the entry on that topic drawn from the same document answers, not the report's own summary, when
# it holds more than half of what is asked besides the document (at least TOPIC_WORDS of it) and more than the
# report's entry does. "Who wrote the CRUK report?" and "what's the 2.4% figure in it about?" find no such entry: the
# report's own answers.
TOPIC_WORDS = 2
TOPIC_RANKS = 2  # the topic's entry is among the next two the search found
# and close to the question itself: the report quotes most entries, and "what methods did the CRUK report use?" shares
# words with research days (cosine 0.41) as "what's the top reason staff give ..." does with motivations (0.73)
TOPIC_SIMILARITY = 0.5


# How the writer came across a document, no topic asked of it: "i read something about a cruk report on research time"
# ("read" named the journal club of research days).
READ_OF = re.compile(r"\b(?:i|i've|ive|we|we've)\s+(?:just\s+|recently\s+)?(?:read|heard|saw|seen|came across|was told)\b"
                     r"(?:\s+(?:something|somewhere|a bit|that))?(?:\s+(?:about|of|in))?", re.I)


def topic_in_named_document(index: KnowledgeIndex, question: str, result: SearchResult) -> SearchResult:
    """The search with the entry on the topic asked of a named report or strategy first, when one answers it."""
    if not result.hits or not result.hits[0].named:
        return result
    named = index.entries[result.hits[0].entry_id]
    if not named_as_document(index, question, named.id):
        return result
    asked = list(dict.fromkeys(t for t in tokens(READ_OF.sub(" ", A_DOCUMENT.sub(" ", question)))  # what besides it
                               if t not in name_tokens(named) and len(t) > 1 and t not in FRAME_WORDS))
    held_by_named = sum(t in words_held(index, named.id) for t in asked)
    for position, hit in enumerate(result.hits[1:TOPIC_RANKS + 1], start=1):
        if hit.named or hit.similarity < TOPIC_SIMILARITY \
                or not documents_of(index.entries[hit.entry_id]) & documents_of(named):
            continue
        held = sum(t in words_held(index, hit.entry_id) for t in asked)
        # or the topic is the entry's own name: "what were the biggest barriers to research in the CRUK report?" asks
        # for "Barriers to research for NHS staff", drawn from it, which the report's entry never says
        titled = any(t in name_tokens(index.entries[hit.entry_id]) for t in asked if t not in words_held(index, named.id))
        if held > held_by_named and (held >= TOPIC_WORDS and 2 * held > len(asked)
                                     or titled and 2 * held >= len(asked)):
            return replace(result, hits=[hit, *result.hits[:position], *result.hits[position + 1:]])
    return result


# What a short question at the end of a message points at ("the induction slides keep mentioning HEE, who are they?").
POINTING = re.compile(r"\b(?:it|they|them|that|this|those|these|its|their)\b", re.I)
MOST_POINTING_WORDS = 8


def pointed(index: KnowledgeIndex, question: str) -> str | None:
    """The message's last clause, a short question pointing back ("who are they?", "what's that?") and naming nothing,
    with what the message named before it in place of its pronoun; None otherwise. "the induction slides keep
    mentioning HEE, who are they?" found the entry on induction (its words) and said "I don't know"."""
    parts = clauses(question)
    if len(parts) < 2:
        return None
    last = parts[-1]
    if len(last.split()) > MOST_POINTING_WORDS or not POINTING.search(last) or named_entries(index, last):
        return None
    named = [e for e, specific in names_in(index, " ".join(parts[:-1])).items() if specific]
    if len(named) != 1:  # "HEE", not the word "induction" the entry on research at induction goes by
        return None
    title = index.entries[named[0]].title
    return POINTING.sub(lambda _: title, last, count=1)


def answer_question(index: KnowledgeIndex, question: str, *, rrf_k: int, min_confidence: float,
                    rd_office_contact: str, rd_office_email: str | None, k: int = 5,
                    otherwise: str | None = None, told_only: bool = False, nation: str | None = None,
                    organisation: str | None = None) -> Chosen:
    """The answer to a free question: the whole message's, or its question part's when that answers with more
    confidence ("I'm a paramedic, can I do a PhD while working?": the profile can pull search away), searched
    steered by the nation the message names; else the `otherwise` entry, when one is given and nothing answered or
    the message only tells us about the writer ("I've just started as a nurse": the intent said what is asked, no
    question did). `told_only`: the `otherwise` entry only for a message that just tells us about the writer (the
    intent did not say what is asked, so an unanswered question stays unanswered). An unanswered message that
    neither speaks of research nor of the writer ("where's the canteen?") keeps its "I don't know" whatever intent
    Rasa gave it. `nation`: where the person said they work, favoured when the message points at it without naming it
    ("who funds research up there?" from someone in Scotland); favouring it in every question put entries for any
    nation below the threshold ("how do I get protected time?" went unanswered). Here, not in the service, so every
    caller chooses the same way. `organisation`: where the person said they work, asked about as "my trust" ("what
    good practice is there at my trust?" from someone at the South Eastern Trust) or as "our strategy": the question
    is searched with it named too, and that answer taken when it is the more confident."""
    nation = nation if nation and WHERE_I_AM.search(question) else None
    question = without_chat(question)
    result = search(index, question, k, rrf_k, nation=nation)
    reply = compose(result, index, min_confidence, rd_office_contact, rd_office_email)
    named_question, named = None, None
    # where they work, told in this message ("hi im new at leicester royal ... does the trust actually care about
    # research?") when not before
    organisation = organisation or (extract(question).organisation if THE_ORGANISATION_ASKED.search(question) else None)
    if organisation and len(organisation) <= MAX_ORGANISATION_CHARS and (
            MY_ORGANISATION.search(question) or OUR_STRATEGY.search(question) or THE_ORGANISATION_ASKED.search(question)):
        named_question = THE_ORGANISATION_ASKED.sub(lambda m: f"{m.group(1)} {organisation}", MY_ORGANISATION.sub(
            organisation, _their_strategy(question, organisation)))
        named = search(index, named_question, k, rrf_k, nation=nation)
        again = compose(named, index, min_confidence, rd_office_contact, rd_office_email)
        # the same entry found again keeps the paragraph the question's own words chose ("does the trust's research
        # strategy do anything for research delivery staff?": the one on staff, not the summary)
        if again.answered and (not reply.answered or (named.confidence > result.confidence
                                                      and again.entry_id != reply.entry_id)) \
                and _is_about(index.entries[again.entry_id], organisation):
            result, reply = named, again
    asking = asking_sentences(question)
    # the sentences that ask, alone, only when they name what they ask about ("is HEE still a thing? my manager keeps
    # referring to their research strategy"); "My project is on stroke rehabilitation. Who can help?" needs its story
    tried = [question_part(question), *([asking] if named_entries(index, asking)
                                        or len(set(tokens(asking))) >= ASKING_WORDS_ALONE else []),
             # and a clause that asks about what it names ("sorry before i answer that - what does NIHR actually
             # stand for?": NIHR is lost among the whole sentence's words)
             *[c for c in asking_clauses(question) if c != asking and named_entries(index, c)]]
    for asked in dict.fromkeys(tried):
        if asked == question:
            continue
        steer = normalise_nation(question) or nation
        retried = search(index, asked, k, rrf_k, nation=steer)
        if steer and steer != nation and retried.confidence < min_confidence:
            # the nation of the writer's story put its schemes above what was asked ("small DGH in cumbria. literally
            # nobody in our dept does research, where do I even start": England's fellowships above first steps)
            plain = search(index, asked, k, rrf_k, nation=nation)
            retried = plain if plain.confidence > retried.confidence else retried
        again = compose(retried, index, min_confidence, rd_office_contact, rd_office_email)
        if again.answered and (not reply.answered or retried.confidence > result.confidence):
            result, reply = retried, again
    if not reply.answered:  # a clause that asks, beside the writer's chat ("honestly why would i bother with research,
        # were run off our feet": the rest pulled the whole message away from why staff do research)
        for clause in asking_clauses(question):
            if clause in tried or clause == question or len(set(tokens(clause))) < ASKING_WORDS_ALONE:
                continue
            retried = search(index, question_part(clause), k, rrf_k, nation=nation)
            again = compose(retried, index, min_confidence, rd_office_contact, rd_office_email)
            if again.answered:
                result, reply = retried, again
                break
    if not reply.answered and (asked := pointed(index, question)) is not None:  # "..., who are they?"
        retried = search(index, asked, k, rrf_k, nation=nation)
        again = compose(retried, index, min_confidence, rd_office_contact, rd_office_email)
        if again.answered:
            result, reply = retried, again
    topic = topic_in_named_document(index, question, result)
    if topic is not result:
        result, reply = topic, compose(topic, index, min_confidence, rd_office_contact, rd_office_email)
    result, reply = _likeness_elsewhere(index, question, result, reply, k, rrf_k, min_confidence, rd_office_contact,
                                        rd_office_email)
    searched = named_question if named is not None and result is named else None
    if not (isinstance(otherwise, str) and otherwise in index.entries):
        return Chosen(result, reply, searched=searched)  # most questions: no profile reading beyond the question part's
    # (who the writer is, said without "I": "where do i start lol. mh nurse, community team")
    unanswered = not (reply.answered or told_only) and (about_research_or_writer(question)
                                                        or bool(stated(question, False, True, False)))
    # "im in cardiff and vale uhb, someone mentioned the pathway to portfolio scheme to me": it tells, and names the
    # scheme or route it would hear about (not the writer's role or past: "I'm a PCAF fellow", "I did P2P last year")
    heard_of = reply.answered and bool(result.hits) and result.hits[0].named and HEARD_OF.search(question) is not None \
        and index.entries[result.hits[0].entry_id].kind in (Kind.scheme, Kind.guidance)
    # told who they are beside a remark that asks nothing ("small dept, 4 of us."), found nothing: first steps too
    remark = told_only and not reply.answered and tells_with_a_remark(question)
    introduced = (tells_only(question) and not heard_of) or remark
    if introduced or unanswered:
        return Chosen(result, from_entry(index.entries[otherwise], index, confidence=result.confidence), True,
                      introduced=introduced)
    return Chosen(result, reply, searched=searched)
