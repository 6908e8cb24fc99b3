"""The answer API the actions call (search, answers, recommendations, eligibility, feedback, entries, reload).

Search is CPU work (embedding), so it runs in a thread pool and the event loop
stays free for health checks. The index is replaced whole on reload; a request
reads `state.index` once, so it finishes on the index it started with.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
from collections.abc import Callable
from functools import partial

from aiohttp import web

from knowledge import answer as answers
from knowledge import aspects, person, retention
from knowledge.citations import cite
from knowledge.profile_text import (
    ASKS,
    asked_topic,
    asking_sentences,
    asks_about_privacy,
    asks_about_the_bot,
    asks_for_its_sources,
    asks_to_forget,
    asks_to_forward,
    asks_what_is_known,
    asks_what_it_does,
    declines_induction,
    extract,
    only_greets,
    really_asks,
    tells_only,
    told_in_parts,
    wanted,
)
from knowledge.documents.answerable import FIGURES_UNSTATED, acronym_asked, mention_asked, stands_for_asked
from knowledge.other_matters import Matter, matter_of
from knowledge.published import build_index
from knowledge.index import KnowledgeIndex
from knowledge.recommend import Profile, ProfileError, check, needed, recommend
from knowledge.schema import Kind
from knowledge.conversation import (
    FIGURE_ASKED, WHAT_IS_THAT, Context, about_what_was_said, another_nation, asks_of_it, figure_only, follows_up,
    fragment, in_context, like_it_elsewhere, pointed_back, refers_to, subject_of, with_before, with_earlier)
from knowledge.resolve import (
    BEGIN_INDUCTION,
    REQUIREMENTS,
    about_context,
    answered_first,
    asks_again,
    asks_to_apply_or_contact,
    asks_whether_there,
    asks_eligibility,
    asks_for_writer,
    asks_which_schemes,
    tells_and_asks_own_options,
    follow_up,
    for_another_group,
    wishes_for_support,
    asks_where_to_start,
    names_a_document,
    numbered_recommendation,
    resolve_entry,
    unknown_organisations,
)
from knowledge.search import named_entries, search
from knowledge.settings import Settings
from knowledge.taxonomy import normalise_nation, place_nation
from knowledge.text import acknowledges, expand_shorthand, farewell, mashed, small_talk, thanks_first, worded
from knowledge.tickets import email_in
from service import documents
from service.curation.context import CURATION
from service.http_input import error, json_object, refusal, text_input
from service.state import STATE, State

log = logging.getLogger("knowledge.service")


def _question(raw: object, settings: Settings) -> str:
    """What was asked, cleaned, with chat shorthand spelt out ("hw much do u get?")."""
    return expand_shorthand(text_input(raw, "question", settings.max_query_chars))


def _state(request: web.Request) -> State:
    return request.app[STATE]


async def health(request: web.Request) -> web.Response:
    index = _state(request).index
    return web.json_response({"status": "ok", "entries": len(index.entries), "passages": len(index.passages),
                              "index_built_at": index.built_at})


async def api_search(request: web.Request) -> web.Response:
    state = _state(request)
    query = _question(request.query.get("q", ""), state.settings)
    try:
        k = int(request.query.get("k", "5"))
    except ValueError:
        return error(400, "k must be a whole number")
    if not 1 <= k <= 50:
        return error(400, "k must be between 1 and 50")
    index = state.index
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(state.pool, lambda: search(index, query, k, state.settings.rrf_k).quoted())
    return web.json_response({
        "query": query,
        "confidence": result.confidence,
        "answerable": result.confidence >= state.settings.min_confidence,
        "results": [
            {"entry_id": h.entry_id, "title": h.title, "score": h.score, "similarity": h.similarity,
             "passage": h.passage, "source": cite(index.entries[h.entry_id]),
             "status": index.entries[h.entry_id].status.value}
            for h in result.hits
        ],
        "timings_ms": {k: round(v, 2) for k, v in result.timings_ms.items()},
    })


def _how_to_forget() -> web.Response:
    """A request to forget (in whatever words Rasa read it): how to, with no search and no gap logged."""
    return web.json_response({**answers.Answer(False, answers.HOW_TO_FORGET, 0.0).to_dict(), "tier": None,
                              "forget": True})


def _nothing_to_search(why: str) -> dict:
    """/api/answer's reply to a message it does not search (`why`: "unworded", "acknowledged", "known", "unsure",
    "told", "similar", "bot", "help", "team", "again", "declined"):
    no answer and no gap; the action replies for itself."""
    return {**answers.Answer(False, "", 0.0).to_dict(), "tier": None, why: True}


async def api_answer(request: web.Request) -> web.Response:
    """The bot's answer to a question, or to a chosen entry (a "Did you mean" button). `otherwise`: the entry to
    answer with when nothing answers the question (not logged as a gap: what was asked is known); with
    `otherwise_if_told_only`, only when the message just tells us about the writer ("I'm a healthcare assistant").
    `asked`: the profile question the induction just asked; a message saying the writer does not know its answer
    gets `unsure` (the form replies), not a search."""
    state = _state(request)
    body = await json_object(request)
    index = state.index
    settings = state.settings
    entry_id = body.get("entry_id")
    question = _question(body.get("question"), settings) if entry_id is None else None
    if question is not None and body.get("beside_form") is True:
        # the message that completed the induction asks something after its answer: that, beside the list ("ok thx,
        # bit gutted", read as "where do I start?" from someone whose profile was complete, asks nothing)
        if acknowledges(question):
            return web.json_response(_nothing_to_search("acknowledged"))
        if asks_to_forget(question):  # "actually can we start over", read as telling us something: how to
            return _how_to_forget()
        question = person.asked_after_opening(question)
        if question is None:
            return web.json_response(_nothing_to_search("told"))
    asked_slot = body.get("asked")
    # what was asked, also behind an entry chosen for a follow-up ("honestly I'm burnt out on the ward, what do I do"
    # just after ICA Internships was read as asking what they involve): a matter elsewhere goes to whoever can help
    said = question if entry_id is None else (
        _question(body["question"], settings) if body.get("question") is not None else None)
    if question is not None and (not worded(question) or mashed(question, index.word_counts)):
        # "?", "...", "asdfghjk": ask again; nothing searched or logged
        return web.json_response(_nothing_to_search("unworded"))
    if question is not None and acknowledges(question):  # "brill", "lol ok": nothing asked
        return web.json_response({**_nothing_to_search("acknowledged"), "farewell": farewell(question),
                                  "small_talk": small_talk(question)})
    if question is not None and asks_what_is_known(question):  # "do you still know where I work?": the action says
        return web.json_response(_nothing_to_search("known"))
    if question is not None and asks_about_the_bot(question):  # "who made you?" read as a question: it is a bot
        return web.json_response(_nothing_to_search("bot"))
    if question is not None and asks_what_it_does(question):  # "what exactly can this bot do?": its help
        return web.json_response(_nothing_to_search("help"))
    if question is not None and asks_for_its_sources(question):  # "what sources is it using?": the documents, by name
        return web.json_response({**answers.from_these(documents.listed(request.app)).to_dict(), "tier": None,
                                  "sources": True})
    if question is not None and asks_about_privacy(question):  # "is this confidential?": no gap, nothing searched
        cur = request.app.get(CURATION)
        days = await asyncio.to_thread(retention.days_in_force, settings, cur.db if cur is not None else None)
        return web.json_response({**answers.privacy(days).to_dict(), "tier": None, "privacy": True})
    if question is not None and asks_to_forget(question):  # never a question to search, nor a gap to log
        return _how_to_forget()
    if question is not None and declines_induction(question):  # "no i dont want to do your induction thing"
        return web.json_response(_nothing_to_search("declined"))
    if question is not None and isinstance(asked_slot, str) and person.unsure_of(question, asked_slot):
        return web.json_response({**_nothing_to_search("unsure"), "tier": "form"})
    if question is not None and isinstance(asked_slot, str) and (tells_only(question) or told_in_parts(question)):
        # "work in a mental health trust in England" when asked the profession: kept, not searched ("noted")
        return web.json_response({**_nothing_to_search("told"), "tier": "form"})
    context, elsewhere, written = Context(), None, question
    together, refers_to_nothing = None, False
    if said is not None and (matter := matter_of(said, answered=True)) is not None:
        return _other_matter(matter, said)  # "what dose ...?", "does my pension keep building up?": whoever said
    if question is not None and asks_again(question) and not named_entries(index, question):
        # "sorry, I start at Hywel Dda next month. does that help?": their answer again for who they now are (the action
        # rechecks the scheme just discussed, or shows their list)
        return web.json_response(_nothing_to_search("again"))
    if question is not None and (team := person.team_asked(question)) and not named_entries(index, question):
        # "what could my team actually apply for? ive got RNs, 2 NAs and a load of HCAs", "what about for my HCAs?":
        # a list for each group
        return web.json_response({**_nothing_to_search("team"), "team": team,
                                  "nation": extract(question).nation})
    letters = stands_for_asked(question) if question is not None else None  # "what does AHP stand for?"
    mentioned = mention_asked(question) if question is not None and letters is None else None
    acronym = acronym_asked(question) if question is not None and mentioned is None and letters is None else None
    if (name := mentioned or acronym or letters) is not None and not named_entries(index, name):
        # "glasgow was mentioned somewhere right?", "whats the RECOVERY thing": the passages that name it, when some do
        # (not "ICAP was mentioned in my appraisal, what is it?": ICAP's entry answers)
        named_in = await documents.mention(request.app, question, name, state.pool, spelt_out=acronym is None,
                                           spelling=letters is not None)
        if named_in is None and mentioned is not None and (entry_naming := answers.naming(index, name)) is not None:
            named_in = {**entry_naming.to_dict(), "tier": "entry"}  # named only in an entry (the survey's thanks)
        if named_in is not None:
            return web.json_response({**named_in, "schemes": False, "wishes": False, "for_writer": False,
                                      "other_nation": False})
    if question is not None:  # "how do I apply for it?", "the second one": about what was just shown?
        context = Context.read(body.get("context"), index)
        if context.listed and PASTE_ASKED.search(question) and not named_entries(index, question):  # "can u make that a short list i can paste in teams"
            return web.json_response({**answers.short_list(index, context.listed).to_dict(), "tier": None,
                                      "short_list": True})
        asked_after = follow_up(question)  # "tell me more", "where's that from?": of what was just answered
        if asked_after and context.passage and not context.entry:
            followed = documents.follow(request.app, context.passage, asked_after)
            if followed is not None:
                return web.json_response(followed)
        if asked_after and context.entry:
            entry = index.entries[context.entry]
            reply = (answers.sources_of(entry, index) if asked_after == "source" else answers.more_of(
                entry, index, answers.local_contact(entry, settings.rd_office_contact, settings.rd_office_email)))
            return web.json_response({**reply.to_dict(), "tier": "entry"})
        if context.entry and person.similar_for_a_group(question):  # "what about for physios? anything similar?"
            return web.json_response({**_nothing_to_search("similar"), "schemes": True})
        if (context.entry or context.passage) and (numbered := numbered_recommendation(
                question, index.entries[context.entry] if context.entry else None,
                documents.passage_text(request.app, context.passage) if context.passage else "")):
            # "what does 14 say exactly" after the report, "and 14?" after its recommendation 17: recommendation 14
            question, context = numbered, Context()
        if (elsewhere := like_it_elsewhere(index, question, context)) is not None:
            # "what about in Scotland?": the likeness there, searched afresh; an answer, not the person's own options
            question, context = elsewhere, Context()
        if context.listed and ANY_OF_THEM.search(question) and wanted(question) and not named_entries(index, question) \
                and not REQUIREMENTS.search(question) and not NEEDS.search(question):
            # "is there anything that actually pays for my time?" just after a list: which of them give it (the list
            # again, those giving it first), not "which one do you mean?"; not "any of them need a masters first?",
            # what applying takes
            return web.json_response({**_nothing_to_search("wishes"), "wishes": True, "schemes": False})
        meant = in_context(index, question, context)
        if meant is not None and meant.choices:  # with what is asked, to answer once the person has chosen
            return web.json_response({**answers.which_one(index, meant.choices).to_dict(), "tier": "context",
                                      "aspect": _aspect_asked(question)})
        together = with_before(index, question, context)  # "is there any recommendation on that?" after a story
        refers_to_nothing = meant is not None and meant.entry_id is None
        if refers_to_nothing and together is None:  # points back, but nothing was shown before it, nor said
            return _refers_to_nothing(question)
        entry_id = meant.entry_id if meant is not None else pointed_back(index, question, context,
                                                                         settings.min_confidence)
    if entry_id is not None:
        if not isinstance(entry_id, str) or entry_id not in index.entries:
            return error(404, "no such entry")
        aspect = body.get("aspect")  # what the intent (or "which one?") asked; the question's own words win
        if isinstance(body.get("question"), str):  # a follow-up: "who can apply for it?"
            asked = aspects.asked(body["question"])
            aspect = asked.name if asked else aspect
            if not asked and index.entries[entry_id].kind is Kind.scheme and (for_another_group(body["question"]) or (
                    really_asks(body["question"]) and GROUP_LISTED.search(body["question"])
                    and person.group_asked(body["question"]).get("profession"))):
                # "what about midwives?", "pharmacists arent in the list for the time award tho?" after a scheme: who
                # can apply, and the verdict for them, whatever the intent said
                aspect = "eligibility"
        if aspect not in (None, *answers.ASPECTS):
            return error(400, f"aspect must be one of {list(answers.ASPECTS)}")
        entry = index.entries[entry_id]
        local = answers.local_contact(entry, settings.rd_office_contact, settings.rd_office_email)
        said = body["question"] if isinstance(body.get("question"), str) else ""  # "what kind of projects?"
        paragraph = None if aspect else answers.paragraph_for(entry, said)
        # a follow-up asking what the entry holds nothing of ("does the time award pay my employer to backfill?"): a
        # passage of a document it cites that holds it, or the summary said to be no answer, not the summary again
        not_held = bool(said) and not aspect and (answers.mostly_unheld(entry, said) if paragraph else bool(
            answers.unheld(entry, said))) and (really_asks(said) or bool(ASKS.search(said)))  # not "ok that's all, don't need the matching thing"
        group = person.group_asked(said) if said else {}  # "can pharmacists apply?", "are nurses in england?"
        reply = (answers.aspect_of(entry, index, aspect, local, said, group=group.get("profession"),
                                   group_nation=group.get("nation")) if aspect
                 else answers.from_entry(entry, index, paragraph, local=local, not_held=not_held))
        if not_held and (passage := await documents.in_context(request.app, said, entry, state.pool,
                                                               reply.to_dict())) is not None:
            return web.json_response(passage)  # the entry offered beside it
        if said and answers.not_stated(entry, aspect, said) in FIGURES_UNSTATED:
            # "how many responses did it get?" after the survey's barriers: the entry gives no count; a passage of the
            # report it cites may
            passage = await documents.figure_for(request.app, said, entry, state.pool, reply.to_dict())
            if passage is not None:
                return web.json_response(passage)
        # "what about that 20k welsh one i heard about" from a pharmacist in Belfast: the action says whether it is
        # open to them there
        other_nation = entry.kind is Kind.scheme and not entry.for_nation(person.code("nation", body.get("nation")))
        return web.json_response({**reply.to_dict(), "tier": "entry", "other_nation": other_nation})
    loop = asyncio.get_running_loop()
    nation = person.code("nation", body.get("nation"))
    answer = partial(
        answers.answer_question, index, rrf_k=settings.rrf_k, min_confidence=settings.min_confidence,
        rd_office_contact=settings.rd_office_contact, rd_office_email=settings.rd_office_email,
        # "... I want to be a PI eventually - where do I start?": first steps when nothing answers the rest
        otherwise=body.get("otherwise") or (GETTING_STARTED if asks_where_to_start(question) else None),
        told_only=body.get("otherwise_if_told_only") is True and not asks_where_to_start(question),
        nation=nation,
        organisation=body["organisation"] if isinstance(body.get("organisation"), str) else None)
    chosen = None if refers_to_nothing else await loop.run_in_executor(state.pool, answer, question)
    if together is not None and (chosen is None or not chosen.answer.answered):
        # "is there any recommendation on that?" just after "research was barely mentioned at induction": asked with
        # it, answered when what was said finds that entry too
        again = await loop.run_in_executor(state.pool, answer, together)
        if again.answer.answered and await loop.run_in_executor(
                state.pool, about_what_was_said, index, context.before, again.answer.entry_id):
            chosen = again
    if chosen is None:  # "how long does it last?" after "what's the weather like today?": what is "it"?
        return _refers_to_nothing(question)
    result, reply = chosen.result, chosen.answer
    # the bot lists the schemes open rather than this answer
    listed = (asks_which_schemes(index, question) or tells_and_asks_own_options(index, question)) and elsewhere is None
    if chosen.otherwise:  # what was asked is known (the intent said it): no gap
        # `introduced`: the message only tells us who the writer is ("im new, started last week as a band 5 ODP in
        # cardiff"): with their profession and nation known, the schemes open to them answer it (the action decides);
        # a request for a group's schemes read as "where do I start?" ("give me every research scheme for nurses in
        # scotland") is listed
        introduced = body.get("otherwise_if_told_only") is True and chosen.introduced
        return web.json_response({**reply.to_dict(), "tier": "entry", "schemes": listed, "introduced": introduced})
    if not reply.answered and thanks_first(question):  # "thanks, that's what I needed": no question, none missed
        return web.json_response(_nothing_to_search("acknowledged"))
    # Curated entries win when they hold what was asked; else a document passage (knowledge/documents/answerable.py).
    payload = await documents.respond(request.app, chosen.searched or question, state.pool, reply, result, index)
    if payload["tier"] is None and context.entry and not listed:  # "what happens on the second day?" after an entry
        payload = await documents.in_context(request.app, question, index.entries[context.entry], state.pool,
                                             reply.to_dict()) or payload
    elif payload["tier"] is None and context.passage and not listed:  # "when did cohort 2 start?" after a passage
        payload = await documents.after_passage(request.app, question, context.passage, state.pool,
                                                reply.to_dict()) or payload
    if payload["tier"] is None and not listed and (matter := matter_of(written, answered=False)) is not None:
        return _other_matter(matter, written)  # "where do I park?": whoever can say, and no gap for the R&D office
    going_on = question is not None and fragment(question)  # "and training?"
    distinctive = documents.distinctive(request.app)
    if (payload["tier"] is None or going_on and not _passage_holding(payload, question, distinctive, request.app)) \
            and not listed and not unknown_organisations(question, index) \
            and (followed := with_earlier(question, context)) is not None:  # (not "does the Burdett Trust fund it?")
        # "and the lowest?" after "which trusts were the case studies?", "which had the most studies?": read with them;
        # and "and training?" after a survey's figure, whatever it finds alone
        again = await loop.run_in_executor(state.pool, answer, followed)
        retried = await documents.respond(request.app, again.searched or followed, state.pool, again.answer,
                                          again.result, index, record=False)
        figure = figure_only(question, distinctive)  # "and the lowest?": only a passage of what was shown answers it
        asks_figure = bool(FIGURE_ASKED.search(question))
        # "and links with unis?" after "what % said improving outcomes": a figure asked again, of another subject
        figures = asks_figure or (going_on and bool(FIGURE_ASKED.search(context.earlier[-1])))
        holds = partial(follows_up, question, distinctive=distinctive, figure=figures and not figure,
                        earlier=context.earlier)
        if retried["tier"] is not None and not again.otherwise and not figure and _not_shown(retried, context) \
                and holds(_said(retried, context, request.app)):
            payload, reply, result = retried, again.answer, again.result
            await documents.record_shown(request.app, payload, written)
        elif (passage := await documents.read_with_earlier(
                request.app, followed, holds, index.entries[context.entry] if context.entry else None, context.passage,
                asks_figure, figure, subject_of(question) if going_on else "", state.pool, reply.to_dict(),
                written)) is not None:
            payload = passage  # what the documents of what was just shown say
    if (not reply.answered or reply.confidence < settings.low_confidence) and not listed:
        nearest = result.hits[0].entry_id if result.hits else None
        # what the person wrote, not the search made of it ("what about in Scotland?")
        await loop.run_in_executor(state.pool, state.gaps.record, written, result.confidence, nearest, reply.answered)
    payload["schemes"] = listed
    # asking for support of some kind ("anything that pays for time off the rota?"), unanswered or answered by no
    # scheme ("want protected time 4 research" found the entry on local agreements): the options, for the action
    # ... or answered by a scheme of another nation than the person's ("is there any scheme that buys out time for
    # research here?" from a dietitian in Wales found NRS fellowships)
    payload["wishes"] = not (_scheme_answered(payload, index)
                             and index.entries[payload["entry_id"]].for_nation(
                                 normalise_nation(asking_sentences(question)) or nation)) \
        and wishes_for_support(index, question) and elsewhere is None
    # "... Can I apply for one of those from here?": the action adds whether it is open to them
    payload["for_writer"] = _scheme_answered(payload, index) and asks_for_writer(question)
    # "ok whats RfPB then" from an OT in Northern Ireland: the action says whether it is open to them there too
    payload["other_nation"] = _scheme_answered(payload, index) and not index.entries[payload["entry_id"]].for_nation(
        nation)
    log.info("answer", extra={"answered": payload["answered"], "confidence": payload["confidence"],
                              "entry": reply.entry_id, "tier": payload["tier"], "question_chars": len(question)})
    return web.json_response(payload)


GETTING_STARTED = "where-to-start"  # the first-steps entry


# A group's place among those who may apply ("pharmacists arent in the list tho?", "are physios allowed?"), not what
# someone did ("what did that physio do with it?")
GROUP_LISTED = re.compile(r"\b(?:lists?|listed|named|mentioned|included|excluded|allowed|counts?|qualif(?:y|ies)|"
                          r"covered|left out|missing)\b", re.I)


# Asking for what was just listed in a form to paste ("can u give me that as a list i can paste in teams")
PASTE_ASKED = re.compile(r"\b(?:that|those|these|it|them|this)\b[^?.!]{0,40}\b(?:paste|copy and paste|as a (?:short |quick )?list|"
                         r"into a (?:short |quick )?list|(?:a )?(?:short|quick)(?:er)? list)\b", re.I)


# Asking which of several give something ("is there anything that pays for my time?"), not about one of them ("how much
# does it pay?")
ANY_OF_THEM = re.compile(r"\b(?:anything|any (?:of (?:them|these|those)|ones?|schemes?|that)|which (?:ones?|of (?:them|"
                         r"these|those)))\b", re.I)
NEEDS = re.compile(r"\b(?:needs?|require[sd]?|requirements?)\b", re.I)  # what applying takes, not what it gives


def _other_matter(matter: Matter, question: str) -> web.Response:
    log.info("answer", extra={"answered": False, "elsewhere": matter.name, "question_chars": len(question)})
    return web.json_response({**answers.elsewhere(matter).to_dict(), "tier": None, "schemes": False, "wishes": False,
                              "for_writer": False, "elsewhere": matter.name})


def _refers_to_nothing(question: str) -> web.Response:
    return web.json_response({**answers.refers_to_nothing().to_dict(), "tier": "context", "refers_back": True,
                              "aspect": _aspect_asked(question)})


def _passage_holding(payload: dict, question: str, distinctive: Callable[[str], bool], app: web.Application) -> bool:
    """Is the answer a document's passage holding what the fragment adds ("and partners?": "People, Place and
    Partners")? It stands; an entry a word or two found ("and training?": free training) gives way."""
    return payload["tier"] == "document" and follows_up(question, _quoted(payload, app), distinctive)


def _not_shown(payload: dict, context: Context) -> bool:
    """Not the entry or passage just shown again: a follow-up asks something new."""
    passages = documents.passages_of(payload)
    again = payload["tier"] == "entry" and payload.get("entry_id") == context.entry and not passages
    return not again and (context.passage is None or context.passage not in passages)


def _quoted(payload: dict, app: web.Application) -> str:
    """The passages an answer quotes, as the documents hold them (not the title, publisher and section around them)."""
    return " ".join(documents.passage_text(app, key) for key in documents.passages_of(payload))


def _said(payload: dict, context: Context, app: web.Application) -> str:
    """What an answer says that was not just shown: the passages it quotes (after the entry just shown again, only
    them), or the entry's words without its notes and sources (the italic lines)."""
    if payload["tier"] == "document" or (payload.get("entry_id") == context.entry and payload.get("supplement")):
        return _quoted(payload, app)
    return "\n".join(line for line in payload["text"].splitlines() if not line.startswith("_"))


def _scheme_answered(payload: dict, index: KnowledgeIndex) -> bool:
    entry = index.entries.get(payload.get("entry_id") or "") if payload["answered"] else None
    return entry is not None and entry.kind is Kind.scheme and payload.get("tier") != "document"


def _about_group(body: dict, settings: Settings) -> dict:
    """The request with its profile's profession (and nation, if said with it) replaced by the group its `question`
    asks about, if any ("can pharmacists apply?": answered for pharmacists, whoever asks; nothing is stored); and, for
    a person whose nation we do not know, the nation the question names ("can I apply from NI?")."""
    raw_question = body.get("question")
    question = _question(raw_question, settings) if raw_question is not None else ""
    group = person.group_asked(question) if question else {}
    raw = body.get("profile", body)
    if question and isinstance(raw, dict) and not raw.get("nation") and "nation" not in group \
            and asks_whether_there(question):  # (not "I trained in Scotland, can I apply for RfPB?")
        group = {**group, "nation": place_nation(question)}
    if not group:
        return body
    if raw is body:
        return {**body, **group}
    return {**body, "profile": {**raw, **group} if isinstance(raw, dict) else raw}


def _profile(body: dict) -> Profile:
    """The profile in a request body, or a 400 refusal saying what is wrong with it."""
    raw = body.get("profile", body)
    try:
        if not isinstance(raw, dict):
            raise ProfileError("profile must be an object")
        return Profile.parse(raw.get("profession"), raw.get("nation"), raw.get("career_stage"),
                             raw.get("interests"), raw.get("organisation"))
    except ProfileError as exc:
        raise refusal(web.HTTPBadRequest, str(exc)) from None


async def api_recommend(request: web.Request) -> web.Response:
    """Schemes this person can apply for (outcome "eligible"), then those to check with the R&D office
    ("unclear"), then general routes (kind "route"); each with its reason and the source that decided it;
    and what else to ask, if anything. With a `question` about a group ("can pharmacists apply for research
    fellowships?"), the list is for that group."""
    state = _state(request)
    body = _about_group(await json_object(request), state.settings)
    profile = _profile(body)
    index = state.index
    loop = asyncio.get_running_loop()
    message = body.get("message")  # what the person said ("what about funding?"): what they want comes first
    said = message[:state.settings.max_query_chars] if isinstance(message, str) else ""
    wants = tuple(wanted(said)) if said else ()
    found = await loop.run_in_executor(state.pool, partial(recommend, topic=asked_topic(said) if said else None),
                                       index, profile, 6, 3, wants)
    log.info("recommend", extra={"profession": profile.profession, "nation": profile.nation,
                                 "career_stage": profile.career_stage, "found": len(found)})
    return web.json_response({
        "profile": {**profile.__dict__},
        "needs": needed(index, profile),
        "wants": list(wants),
        "recommendations": [{**r.__dict__, "sources": cite(index.entries[r.entry_id])} for r in found],
        "contact": state.settings.rd_office_contact,
    })


async def api_eligibility(request: web.Request) -> web.Response:
    """Can this person apply for this scheme? Eligible, not eligible (quoting the exclusion), unclear (check with
    the R&D office), or what we need to know; with the source that decided it. A question whether it is only for
    some group, or about someone else whose profession it does not say, gets `who` can apply instead."""
    state = _state(request)
    body = _about_group(await json_object(request), state.settings)
    raw_question = body.get("question")
    question = _question(raw_question, state.settings) if raw_question is not None else None
    profile = _profile(body)
    index = state.index
    entry_id = body.get("entry_id")
    if entry_id is None:
        question = question or _question(raw_question, state.settings)  # refuses a missing or empty question
        loop = asyncio.get_running_loop()
        entry_id = await loop.run_in_executor(state.pool, resolve_entry, index, question, state.settings.min_confidence)
        if entry_id is None:
            return web.json_response({"entry_id": None, "eligible": None, "outcome": None, "needs": [],
                                      "reason": "I couldn't tell which scheme you mean."})
    if not isinstance(entry_id, str) or entry_id not in index.entries:
        return error(404, "no such entry")
    entry = index.entries[entry_id]
    if question and person.asks_who_else(question):  # "only for medics?", "can she apply?": who can apply
        local = answers.local_contact(entry, state.settings.rd_office_contact, state.settings.rd_office_email)
        return web.json_response({"entry_id": entry_id, "title": entry.title, "eligible": None, "outcome": None,
                                  "needs": [], "who": answers.aspect_of(entry, index, "eligibility", local).text})
    verdict = check(entry, profile, index)
    return web.json_response({"entry_id": entry_id, "title": index.entries[entry_id].title, "kind": entry.kind.value,
                              "eligible": verdict.eligible, "outcome": verdict.outcome, "reason": verdict.reason,
                              "needs": verdict.needs, "citation": verdict.citation, "quote": verdict.quote})


async def api_resolve(request: web.Request) -> web.Response:
    """Which entry a follow-up is about ("how do I apply for P2P?", "am I eligible for the second one?"), given
    what the conversation showed (`context`, knowledge/conversation.py): `entry`; or `choose` and `ask` when
    several listed entries could be meant (only schemes when `kind` is "scheme": eligibility); or neither, with
    `schemes` true when an eligibility question asks about schemes in general (list those open to the person), or
    `own_question` when it is no follow-up but a question of its own that names nothing known."""
    state = _state(request)
    body = await json_object(request)
    question = _question(body.get("question"), state.settings)
    index = state.index
    if asks_about_privacy(question) or asks_about_the_bot(question) or matter_of(question, answered=True):
        # "is this confidential?" read as "who do I contact?" just after a scheme, "my patient's 34 weeks ... can I
        # request the PlGF test?" as "can I apply?": a question of its own (/api/answer replies), not the scheme's
        return web.json_response({"entry": None, "choose": [], "ask": None, "aspect": None, "schemes": False,
                                  "own_question": True})
    context = Context.read(body.get("context"), index)
    if context.entry and person.similar_for_a_group(question):  # "what about for physios? anything similar?"
        return web.json_response({"entry": None, "choose": [], "ask": None, "aspect": None, "schemes": True,
                                  "own_question": False})
    loop = asyncio.get_running_loop()
    meant = await loop.run_in_executor(state.pool, refers_to, index, question, context, state.settings.min_confidence,
                                       body.get("kind") == "scheme")
    which = answers.which_one(index, meant.choices) if meant.choices else None
    # "how do I opt out of the NHS pension scheme?" resolves to nothing, yet is no follow-up of what was shown: a
    # question of its own for /api/answer (an answer, a passage, or "I don't know" logged), not "which scheme?"
    unresolved = not (meant.entry_id or meant.choices or meant.schemes)
    # and an "eligibility" question that asks nothing of taking part ("she took annual leave for it: is that common?")
    # and whom a named strategy or report covers ("does the HEE research strategy apply to me?"): its own answer
    own = (unresolved and not about_context(question)) or (body.get("kind") == "scheme" and (
        not asks_eligibility(question) or names_a_document(index, question))) or (
        # read as "how do I apply?" or "who do I contact?", it asks neither ("I get SPA time anyway right?", "how would
        # I make the case to our director"): a question of its own, answered with what was shown as its context
        body.get("kind") != "scheme" and not _aspect_asked(question) and not asks_to_apply_or_contact(question))
    return web.json_response({"entry": meant.entry_id, "choose": which.choose if which else [],
                              "ask": which.text if which else None, "aspect": _aspect_asked(question),
                              "schemes": meant.schemes, "own_question": own})


def _aspect_asked(question: str) -> str | None:
    if WHAT_IS_THAT.search(question):  # "... sign up to thiscovery?? what is that": what it is, not how to sign up
        return None
    asked = aspects.asked(question)
    return asked.name if asked else None


async def api_person(request: web.Request) -> web.Response:
    """For the actions: what a message ("text") says about its writer (given the `profile` known so far; `asked`,
    the profile question it replies to, and `options`, the codes its buttons offered), whether it says the writer
    does not know the answer to `asked` (`unsure`), and a profile's codes and description. With `request` (Rasa read
    it as "show me what I can apply for"), `answer_first`: it asks something else, to be answered, not inducted;
    `greets`: whether it is only a greeting (Rasa read "and training?" as one, and "hiya, first week here!" is a new
    starter saying so, who gets first steps); `forwards`: whether it asks for a question to go to the R&D office;
    `follows_up`: with `after_entry` (the id of the entry just answered, or true), whether it asks about that entry
    ("what's involved?", "what about for OTs?", "where are they based?"); `names`: whether it names an entry ("what
    band do you need to be for the Leading Cultures programme?", read as a request for help); `known`: whether it asks
    what the assistant holds about the writer ("do you still know where I work?", read as a request for help);
    `sources`: whether it asks what the assistant's answers come from ("what sources are you using for all this?", read
    as a request for help); with `invited` ("interests": the list just asked what interests them), a topic given alone
    is said as their `interests` ("falls prevention mainly");
    `asks`: whether it asks a question outright (a question mark, a question clause or verb first); `forgets`: whether
    it asks us to forget what the writer told us ("please forget that, I don't want it stored", read as "stop");
    `begins`: whether it asks to begin the induction ("start induction"), not only for the writer's list."""
    body = await json_object(request)
    text = _question(body["text"], _state(request).settings) if body.get("text") is not None else ""
    index, requested, telling = _state(request).index, body.get("request") is True, body.get("telling") is True
    # "what about for OTs?", "what's involved?" just after an entry: about it, whatever Rasa read them as
    after = body.get("after_entry")
    after_id = after if isinstance(after, str) and after in index.entries else None
    follows_up = bool(text) and (after is True or after_id is not None) and (
        for_another_group(text) or about_context(text) or after_id is not None and asks_of_it(index, text, after_id)
        or another_nation(text) is not None)  # "and in Scotland?" after the survey's barriers: there, not the form
    # read as telling us about the writer, it tells nothing of them and asks ("anything else Betsi Cadwaladr does?"):
    # answered; "and in Scotland?" with nothing before it says where they are
    tells_nothing = telling and not isinstance(body.get("asked"), str) and really_asks(text) \
        and not person.stated(text, False, True, False) and another_nation(text) is None  # not "wales?" when asked
    answer_first = bool(text) and (answered_first(index, text, requested=requested, telling=telling)
                                   or requested and person.lists_for_a_group(index, text)
                                   or (requested or telling) and bool(person.team_asked(text))
                                   and not named_entries(index, text)
                                   or (requested or telling) and follows_up or tells_nothing
                                   or requested and declines_induction(text)  # answered: no questions asked
                                   # "I've hurt my back moving patients, can I get physio through work?": whoever can help
                                   or (requested or telling) and matter_of(text, answered=False) is not None)
    # a question read as a request ("how do KCHFT's secondments work for nurses?"): only what it says of the writer,
    # never an answer to the form's question
    flags = [False, True, False] if answer_first or person.asks_its_own(text) else \
        [body.get(name) is True for name in ("about_writer", "question", "answering")]
    # read as a question, it has no word that asks and opens with who the writer is: that opening is the writer
    # telling us ("england. interests paeds... actually no, more eating disorders tbh"); "a friend of mine who's an OT
    # is on the ICA programme", "our SPA time just goes on admin" and "OT in leeds. research always seems to be for
    # doctors and nurses" say nothing more of the writer
    opening = person.profile_opening(text) if flags[1] and not answer_first and text and not ASKS.search(text) \
        and not tells_nothing else None
    profile = body.get("profile") if isinstance(body.get("profile"), dict) else {}
    codes = {slot: person.code(slot, value) for slot, value in profile.items() if slot in person.VOCABULARY}
    shown = body.get("options")
    options = (body["asked"], [c for c in shown if isinstance(c, str)]) \
        if isinstance(body.get("asked"), str) and isinstance(shown, list) else None
    asked = body.get("asked")
    said = person.stated(text, *flags, known=codes, options=options) if text else {}
    if opening:
        said = {**person.stated(opening, True, False, False, known=codes), **said}
    if isinstance(asked, str) and text:  # "england. sorry random q but do u know how i swap a shift?": the answer first
        said = {**person.opening_answer(text, asked), **said}
    if text and "interests" not in said and (interests := person.interests_said(text)):
        # "england, nottingham. interests idk... maybe frailty? older ppl anyway": what they are interested in, said
        # as a label, whatever else the message asks (it only orders the list)
        said = {**said, "interests": interests}
    if body.get("invited") == "interests" and text and not said and not answer_first \
            and (topic := person.interests_answered(index, text)):
        said = {"interests": topic}  # "falls prevention mainly" after the list asked what interests them
    if isinstance(asked, str) and not answer_first and (told := told_in_parts(text)):
        # the induction's answer beside the writer's story ("band 6 at wrexham maelor, never done any research before")
        said = {**person.stated(told, True, False, False, known=codes, options=options), **said}
    if text and person.team_asked(text):
        # "I manage a mixed team: 2 OTs, 1 SLT, 3 band 5 nurses ... We're in Northern Ireland": the professions and bands
        # are the team's, not the writer's (who may lead as a nurse or an AHP); where they work is theirs too
        said = {slot: value for slot, value in extract(text).filled().items() if slot in ("nation", "organisation")}
    return web.json_response({"said": said,
                              "answer_first": answer_first, "follows_up": follows_up, "greets": only_greets(text),
                              "forwards": asks_to_forward(text), "asks": really_asks(text),
                              "forgets": bool(text) and asks_to_forget(text),
                              "small_talk": bool(text) and small_talk(text),
                              "begins": bool(text) and bool(BEGIN_INDUCTION.search(text)),
                              "names": bool(text) and bool(named_entries(index, text)),
                              "known": bool(text) and asks_what_is_known(text),
                              "sources": bool(text) and asks_for_its_sources(text),
                              "unsure": bool(text) and isinstance(asked, str) and person.unsure_of(text, asked),
                              "email": email_in(text) or None,
                              "codes": codes, "description": person.describe(codes)})


async def api_feedback(request: web.Request) -> web.Response:
    """"Helpful / not helpful" on an answer, kept with the answer's entry and the question."""
    state = _state(request)
    body = await json_object(request)
    helpful, entry_id, question = body.get("helpful"), body.get("entry_id"), body.get("question")
    if not isinstance(helpful, bool):
        return error(400, "helpful must be true or false")
    if entry_id is not None and (not isinstance(entry_id, str) or entry_id not in state.index.entries):
        return error(404, "no such entry")
    if question is not None:
        question = _question(question, state.settings)
    await asyncio.get_running_loop().run_in_executor(state.pool, state.gaps.rate, entry_id, question, helpful)
    if entry_id is None and question is not None:  # perhaps an answer from a document passage
        await documents.rate(request.app, question, helpful)
    return web.json_response({"recorded": True}, status=201)


async def api_entries(request: web.Request) -> web.Response:
    index = _state(request).index
    return web.json_response([
        {"id": e.id, "title": e.title, "kind": e.kind.value, "status": e.status.value} for e in index.entries.values()
    ])


async def api_entry(request: web.Request) -> web.Response:
    index = _state(request).index
    entry = index.entries.get(request.match_info["entry_id"])
    if entry is None:
        return error(404, "no such entry")
    return web.json_response({**entry.model_dump(mode="json"), "citation": cite(entry)})


async def api_reload(request: web.Request) -> web.Response:
    """Rebuild (from the curation store, or the entry files before curation is in use) and swap the index in;
    needs NHSBOT_ADMIN_TOKEN."""
    state = _state(request)
    token = os.environ.get("NHSBOT_ADMIN_TOKEN", "")  # read per request: an operator may rotate it
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not hmac.compare_digest(token.encode(), given.encode()):
        return error(401, "a valid admin token is required")
    async with state.reload_lock:
        loop = asyncio.get_running_loop()
        try:
            new_index = await loop.run_in_executor(state.pool, build_index, state.settings)
        except ValueError as exc:
            return error(422, str(exc))
        state.index, state.from_store = new_index, False
    log.info("index reloaded", extra={"entries": new_index.stats.entries, "embedded": new_index.stats.embedded})
    return web.json_response({"entries": new_index.stats.entries, "embedded": new_index.stats.embedded})


def add_api_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/health", health)
    r.add_get("/api/search", api_search)
    r.add_post("/api/answer", api_answer)
    r.add_post("/api/recommend", api_recommend)
    r.add_post("/api/eligibility", api_eligibility)
    r.add_post("/api/feedback", api_feedback)
    r.add_post("/api/resolve", api_resolve)
    r.add_post("/api/person", api_person)
    r.add_get("/api/entries", api_entries)
    r.add_get("/api/entries/{entry_id}", api_entry)
    r.add_post("/api/admin/reload", api_reload)
