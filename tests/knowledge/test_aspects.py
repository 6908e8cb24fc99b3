"""The paragraph quoted is the one that answers what is asked, from the entry's fields and passages."""

import pytest

from knowledge import answer, aspects
from knowledge.search import search


@pytest.mark.parametrize("question, aspect", [
    ("who can apply for P2P?", "eligibility"),
    ("am I eligible for the PCAF as a paramedic?", "eligibility"),
    ("who is the research time award for?", "eligibility"),
    ("how much money does it give?", "amount"),
    ("is it up to 20k?", "amount"),
    ("how long does the fellowship last?", "duration"),
    ("how do I apply for it?", "how_to_apply"),
    ("when is the closing date?", "deadline"),
    ("when do the fellowship rounds close?", "deadline"),
    ("what does the award pay for?", "amount"),
    ("what skills does it build?", "involves"),
    ("what does a secondment involve?", "involves"), ("what's involved?", "involves"),
    ("are there any limits?", "limits"),
    ("what are the different levels of the NIHR ICA programme", "parts"), ("what are the benefits?", "involves"),
    ("what are the different levels of the    ", "parts"),  # as searched, the name taken out
    ("UHL's new IP policy - who's supposed to benefit from staff innovations?", None),
    ("Who did the old HEE Clinical Academic Training programme (CAT) cover?", "eligibility"),
    ("what does it cover?", "involves"),
    ("why would I bother with research?", "reasons"),
    ("what's the point of a secondment?", "reasons"),
    ("why would I be eligible for it?", "eligibility"),
    ("what is ICAP?", None),
    ("how many staff said their organisation recognises research in promotion criteria?", None),  # a share
    ("how many days a week does 70@70 give?", "duration"),
    ("tell me about research champions", None),
    # who may not apply asks who may; "did it replace something older?"; a programme's levels are what it includes
    ("is there anyone who cant apply for it?", "eligibility"), ("does that rule me out?", "eligibility"),
    ("did it replace something older?", "history"), ("what are the different levels in it?", "parts"),
    # follow-ups that got the summary again (round twenty-six)
    ("how many stages is that", "parts"), ("is that one still running", "deadline"),
    ("what was in it, might copy the format", "involves"), ("how many people applied", None),
    # the review: not another question that shares the words
    ("is it still available for physios?", None), ("what format should my application be in?", None),
    ("how many stages are there to the application?", None),
    # but not a cost excluded, nor levels of funding
    ("are conference fees excluded from it?", None), ("what levels of funding does it have?", None),
    ("the HEE ICAP scheme was brought in to succeed which older programme?", "history"),
    ("which country's scheme is the Pathway to Portfolio Development Funding Scheme", "where"),
    ("which nation is the research time award for?", "where"),
    ("what did it replace?", "history"), ("what replaced it?", "history"), ("what came before ICAP?", "history"),
    ("and where are they based?", "where"), ("where did the cohorts run?", "venue"),  # venues, not a nation
    ("where do the leading cultures of R&I sessions happen?", "venue"),
    ("In which towns were the Leading Cultures of Research & Innovation cohorts held?", "venue"),
    ("where is the R&D office?", None),
    ("who was the old HEE clinical academic training (CAT) scheme for? docs too?", "eligibility"),
    ("is PCAF only for England?", "eligibility"),
    ("can a healthcare assistant in wales apply to pathway to portfolio or is it just for registered clinicians",
     "eligibility"),
    ("who pays for THIS Institute?", "funder"),  # a funder, not an amount
    # who runs it is an organisation, not whom to contact
    ("who runs it?", "runs"), ("who ran that one?", "runs"), ("which organisation runs the Pathway to Portfolio "
                                                              "scheme?", "runs"),
    ("who runs the integrated clinical academic programme nowadays, is it still HEE?", "runs"),
    ("who do I contact about it?", "contact"),
    # not whom to contact, nor a host or who deals with the writer's own
    ("who leads it locally, so I can get in touch?", "contact"), ("who manages my application?", None),
    # who covers the writer's work while on it is no question of who may apply
    ("who would cover my shifts while I'm on it?", None), ("who will cover my caseload if I get it?", None),
    ("who funded the Leading Cultures programme?", "funder"),
    ("who can go on the Leading Cultures programme?", "eligibility"),
    ("what's the time commitment?", "duration"),
])
def test_what_a_question_asks_about(question, aspect):
    found = aspects.asked(question)
    assert (found.name if found else None) == aspect


def test_the_paragraph_with_the_aspects_cues_wins_and_ties_go_to_the_most_relevant():
    texts = ["It funds projects.", "Projects can last no more than 6 months.",
             "It builds skills such as grant-writing."]
    assert aspects.best_paragraph(aspects.ASPECTS["duration"], texts, [0.9, 0.1, 0.5]) == 1
    assert aspects.best_paragraph(aspects.ASPECTS["involves"], texts, [0.9, 0.1, 0.5]) == 2
    assert aspects.best_paragraph(aspects.ASPECTS["contact"], texts, [0.9, 0.1, 0.5]) is None  # no cue: relevance


def _reply(index, settings, question):
    result = search(index, question)
    return result, answer.compose(result, index, settings.min_confidence, settings.rd_office_contact, None)


def test_who_can_apply_is_answered_with_who_can_apply(index, settings):
    result, reply = _reply(index, settings, "who can apply for Pathway to Portfolio?")
    assert result.hits[0].entry_id == "pathway-to-portfolio" and result.aspect == "eligibility"
    assert "staff in Wales" in result.hits[0].passage and result.hits[0].passage_number != 0  # not the summary
    assert "Who can apply: Open to all staff in Wales." in reply.text


def test_what_skills_it_builds_is_not_answered_with_its_limits(index, settings):
    result, _ = _reply(index, settings, "what skills does Pathway to Portfolio build?")
    assert "grant-writing" in result.hits[0].passage and "limits" not in result.hits[0].passage


def test_how_long_is_answered_with_the_paragraph_on_duration(index, settings):
    result, reply = _reply(index, settings, "how long can a P2P project last?")
    assert "6 months" in result.hits[0].passage and "Duration: Up to 6 months" in reply.text


def test_what_is_it_still_gets_the_summary(index, settings):
    result, _ = _reply(index, settings, "what is ICAP?")
    assert result.aspect is None and result.hits[0].passage_number == 0


def test_a_follow_up_on_an_entry_answers_from_its_field_and_paragraph(index):
    entry = index.entries["pathway-to-portfolio"]
    who = answer.aspect_of(entry, index, "eligibility")
    assert who.text.startswith("**Pathway to Portfolio (P2P) Development Funding Scheme: who can apply**\nOpen to all")
    apply = answer.aspect_of(entry, index, "how_to_apply")
    assert entry.how_to_apply in apply.text
    limits = answer.aspect_of(entry, index, "limits")
    assert "no more than 6 months" in limits.text


def test_who_can_apply_from_the_fields_only_for_schemes(index):
    eligibility = aspects.ASPECTS["eligibility"].field
    wales = eligibility(index.entries["research-time-award-wales"])
    # its source gives the professions as examples ("staff in NHS Wales, such as doctors..."): never said as the whole
    assert wales.startswith("Open to staff in Wales, such as doctors, ") and wales.endswith(" and healthcare scientists.")
    pcaf = eligibility(index.entries["pcaf"])
    assert pcaf.startswith("Open to ") and "such as" not in pcaf  # a list that is the whole of who may apply
    assert eligibility(index.entries["uhl-innovation-challenges"]) == "Open to all staff at University Hospitals of Leicester."
    assert eligibility(index.entries["nhs-england"]) is None  # an organisation is not applied to


def test_a_follow_up_nothing_answers_says_so_instead_of_passing_off_the_summary(index):
    """"how long does it last?" on the Research Time Award: no duration in its fields or paragraphs."""
    entry = index.entries["research-time-award-wales"]
    assert entry.duration is None
    reply = answer.aspect_of(entry, index, "duration")
    assert "don't say how long" in reply.text and "R&D office" in reply.text and entry.summary in reply.text
    assert "don't say" not in answer.aspect_of(index.entries["pcaf"], index, "duration").text


def test_why_bother_is_answered_with_the_reasons_not_the_nearest_paragraph(index):
    """"why would I bother with research?" quoted what motivates staff, not the paragraph on poorly communicated
    research that sat nearest its words."""
    hit = search(index, "why would I bother with research?").hits[0]
    assert hit.entry_id == "motivations-for-research" and "poorly communicated" not in hit.passage
    assert aspects.cue_score(aspects.ASPECTS["reasons"], hit.passage) > 0


def test_who_can_apply_says_what_applicants_must_already_have(index):
    """The HCRW Advanced Fellowship is open to all staff in Wales who have a PhD: both are said."""
    said = aspects.ASPECTS["eligibility"].field(index.entries["hcrw-advanced-fellowship"])
    assert said.startswith("Open to all staff in Wales.") and "Applicants need a PhD" in said


@pytest.mark.parametrize("question, expected", [
    ("Who pays for The Healthcare Improvement Studies Institute, and is it attached to a university?",
     "funded by the Health Foundation"),  # not its values, which mention "public funds"
    ("What's the time commitment for Leading Cultures of R&I? I can't disappear for weeks on end.",
     "four linked one-day workshops"),  # not the note that the page is archived
    ("Who can go on the Leading Cultures of Research & Innovation programme?", "band 8a and above"),
])
def test_the_paragraph_answering_a_funder_a_time_commitment_or_who_may_go(index, settings, question, expected):
    result = search(index, question, 5, settings.rrf_k)
    assert expected in result.hits[0].passage


def test_which_country_is_answered_with_the_nations_an_entry_is_for(index, settings):
    """"which country's scheme is the Pathway to Portfolio Development Funding Scheme?" got a paragraph on its limits,
    with no word of Wales."""
    reply = answer.answer_question(index, "which country's scheme is the Pathway to Portfolio Development Funding Scheme",
                                   rrf_k=settings.rrf_k, min_confidence=settings.min_confidence,
                                   rd_office_contact="the R&D office", rd_office_email=None).answer
    assert reply.entry_id == "pathway-to-portfolio" and "Where: Wales." in reply.text
    assert aspects.ASPECTS["where"].field(index.entries["nihr"]) is None  # for any nation: nothing to say


def test_where_it_runs_names_its_venues_when_its_text_names_no_nation(index):
    """"and where does it run?" after Leading Cultures got "England." alone; its paragraph on its workshops and
    cohorts in Preston and Lancaster says where. A scheme whose text names its nation keeps that paragraph."""
    reply = answer.aspect_of(index.entries["leading-cultures-of-research"], index, "where", question="and where does "
                             "it run?")
    assert "England." in reply.text and "Preston" in reply.text
    # which nation it is for asks no venue
    nation = answer.aspect_of(index.entries["leading-cultures-of-research"], index, "where",
                              question="which nation is it for?")
    assert "England." in nation.text and "Preston" not in nation.text
    assert "Wales" in answer.aspect_of(index.entries["pathway-to-portfolio"], index, "where").text


def test_what_it_involves_is_answered_with_what_it_comprised(index):
    """"what did the old NW leading cultures programme actually involve?" got the paragraph saying its page is
    archived (its "leadership development"); the one on its workshops and action learning sets says."""
    reply = answer.aspect_of(index.entries["leading-cultures-of-research"], index, "involves")
    assert "four linked one-day workshops" in reply.text


def test_what_it_replaced_is_answered_with_the_paragraph_saying_so(index):
    """"what did it replace?" after ICAP got its summary again; its paragraph on succeeding the CAT Programme says."""
    replaced = answer.aspect_of(index.entries["icap"], index, "history")
    assert "Clinical Academic Training (CAT) Programme" in replaced.text
    followed = answer.aspect_of(index.entries["seventy-at-seventy"], index, "history")
    assert "Senior Research Leader Programme" in followed.text


def test_where_it_takes_place_is_answered_with_the_paragraph_on_its_venues(index):
    """"where do the sessions happen?" got the summary (Cumbria and Lancashire, whom it was for); the paragraph on its
    workshops and cohorts says where they ran."""
    venue = answer.aspect_of(index.entries["leading-cultures-of-research"], index, "venue")
    assert "Preston and Lancaster" in venue.text



@pytest.mark.parametrize("question, aspect", [
    ("which locations is the fellowship available in?", None), ("what locations can I apply from?", None),
    ("who is the named contact at HCRW - I'm looking for funding for my MSc", "contact"),
])
def test_venues_and_whom_for_do_not_take_other_questions(question, aspect):
    found = aspects.asked(question)
    assert (found.name if found else None) != "venue" and (aspect is None or found.name == aspect)


def test_who_runs_it_is_never_the_funder_said_as_running_it(index):
    """"who organises that?" of Leading Cultures got "Who runs it: Funder: Health Education North West", which
    funded it; NHS R&D North West ran it (round twenty-six). Who owns an invention is not who runs anything."""
    reply = answer.aspect_of(index.entries["leading-cultures-of-research"], index, "runs", question="who runs it?")
    assert "run by NHS R&D North West" in reply.text and "Funder:" not in reply.text
    fellowship = answer.aspect_of(index.entries["clinical-research-doctoral-fellowship"], index, "runs",
                                  question="who runs it?")
    assert "don't say who runs it; it is funded by NIHR" in fellowship.text
    # a strategy's "funder" is its publisher: not said to fund it (the review)
    strategy = answer.aspect_of(index.entries["uhl-ri-strategy"], index, "runs", question="who runs it?")
    assert "funded by" not in strategy.text
    assert aspects.asked("and if I invent a gadget, who owns it") is None


def test_who_runs_it_names_the_organisation_not_whom_to_contact(index):
    """"who runs it?" after THIS Institute's fellowships got "who to contact: THIS Institute; your local R&D office"."""
    reply = answer.aspect_of(index.entries["icap"], index, "runs", question="who runs it now?")
    assert "who runs it" in reply.text and "NIHR Academy" in reply.text and "who to contact" not in reply.text


def test_who_may_apply_is_not_all_staff_when_no_source_says_so(index):
    """NRS fellowships read "Open to all staff in Scotland" though no source says who may apply; Pathway to
    Portfolio's source does ("open to all healthcare staff in Wales")."""
    field = aspects.ASPECTS["eligibility"].field
    nrs = field(index.entries["nrs-fellowships"])
    assert nrs == "For staff in Scotland; the sources do not say which staff may apply, so check with your R&D office."
    assert field(index.entries["pathway-to-portfolio"]) == "Open to all staff in Wales."


def test_who_may_apply_names_the_stage_and_an_archived_programme_is_open_to_no_one(index):
    """Leading Cultures said "Open to all staff (senior staff) at ...": read as everyone, and it is archived."""
    said = aspects.ASPECTS["eligibility"].field(index.entries["leading-cultures-of-research"])
    assert said == "Was for senior staff at Cumbria and Lancashire LWEG health economy."


def test_its_levels_are_the_paragraph_listing_its_parts(index, settings):
    """"what are the different levels of the NIHR ICA programme" got who may apply; the paragraph naming Internships,
    PCAF, DCAF, ACAF and bridging awards answers it."""
    result = search(index, "what are the different levels of the NIHR ICA programme", 5, settings.rrf_k)
    assert result.hits[0].entry_id == "icap" and "Internships" in result.hits[0].passage


def test_the_parts_of_a_scheme_no_paragraph_lists_are_what_it_involves(index):
    """"what are the different parts of it?" of Pathway to Portfolio said "The sources I have don't say what it
    includes"; what it involves answers instead. Tiers of funding are no parts."""
    reply = answer.aspect_of(index.entries["pathway-to-portfolio"], index, "parts", question="what are the parts of it?")
    assert "what it involves" in reply.text and "don't say" not in reply.text
    assert aspects.asked("what are the tiers of funding in the scheme?") is None


def test_what_it_did_involve_is_asked_of_an_archived_programme():
    """"what did it involve?" after Leading Cultures got its summary again (only "does/would/will" were read)."""
    assert aspects.asked("what did it involve? might pitch something similar to our trust").name == "involves"
    assert aspects.asked("what did the survey find?") is None
