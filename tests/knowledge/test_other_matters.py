import pytest

from knowledge.other_matters import matter_of


@pytest.mark.parametrize("question, matter", [
    # clinical advice, whatever an entry shares
    ("What dose of dexamethasone should we give covid patients on oxygen?", "clinical"),
    ("how many mg of dexamethasone?", "clinical"),
    # the writer's own terms of employment, research named or not
    ("If I go on an ICA doctoral fellowship hosted by the uni, does my NHS pension keep building up?", "employment"),
    ("can you tell me if I'm entitled to keep my Agenda for Change increments?", "employment"),
    ("random q but when's payday this month?", "pay"),
    # the writer's computer, an incident, their own wellbeing: whatever an entry shares ("Thiscovery", "moral injury")
    ("my nhsmail password's expired and I'm locked out, how do i reset it", "it"),
    ("Thiscovery won't load on my work laptop, is it blocked by the trust firewall?", "it"),
    ("how do I log a datix for a near miss on the ward", "incidents"),
    ("honestly I'm burnt out working in a mental health unit, think it's that moral injury thing, what do I do",
     "wellbeing"),
    ("how many study leave days am I entitled to for my MSc exams? band 6 nurse", "leave"),
    ("whats the dexamethasone dose for a covid patient on O2", "clinical"),
    ("my patient's 34 weeks with suspected pre-eclampsia, can I request the PlGF blood test from the ward?", "clinical"),
    ("fair enough. totally random but do we get paid extra for bank holiday shifts?", "employment"),
    ("sorry unrelated but while I have you, how do i put in a flexible working request", "employment"),
    ("sorry random but do you know how many KIT days i get", "employment"),
    # round twenty-one: the writer's own systems, shifts, pay, patient and wellbeing, in the words people use
    ("cant log into ESR to do my GCP and mandatory training, password keeps failing", "staff record"),
    ("teams keeps crashing when i open thiscovery on my work laptop", "it"),
    ("who sorts the research nurse rota on ward 12? need to swap my shift next tues", "rota"),
    ("can i order the pre-eclampsia blood test for my lady in triage today?", "clinical"),
    ("doing a part time PhD plus my job and im burning out, who can i talk to?", "wellbeing"),
    ("while I have you, whats band 5 going up to in april", "pay"),
    ("is it lunch yet 😂", "off topic"),
    ("will I lose my band if I go on a fellowship?", "employment"),
    # round twenty-three: a test in practice, and tax on the writer's own fees
    ("is the PlGF blood test for pre-eclampsia NICE recommended now and what cut-off do we use?", "clinical"),
    ("what troponin threshold should we use for chest pain?", "clinical"),
    ("can I get tax relief on my self-funded PhD fees?", "tax"),
    ("can i claim back the tax on my MSc research module?", "tax"),
    # round twenty-four
    ("Can I carry over 5 days of annual leave into next year? I'm band 6 at Royal Devon.", "leave"),
    ("I'm on a Health and Care Worker visa - am I allowed to do a part-time PhD alongside my NHS job?", "immigration"),
    ("my mum's just been diagnosed with breast cancer, can you find a clinical trial she could go on?", "patient trials"),
    ("what's band 5 pay? thinking of applying for a research admin job", "band pay"),
    # round twenty-eight: what a band's role is paid, asked about someone else's job (the list of schemes answered it)
    ("im a band 5 research nurse, what does a band 6 clinical research practitioner get paid?", "band pay"),
    ("how much would a band 7 research nurse earn?", "band pay"),
])
def test_a_matter_no_r_and_d_office_handles_is_refused_whatever_was_found(question, matter):
    found = matter_of(question, answered=True)
    assert found is not None and found.name == matter


@pytest.mark.parametrize("question", [
    # research on these, or a scheme's terms, is research
    "I've got an idea for a digital tool to reduce missed doses", "I want to run a trial on vitamin D dosing, where "
    "do I start?", "any research funding for non-medical prescribing?", "our study compares 5mg and 10mg doses, how "
    "do I get R&D approval?", "is there funding for a study on sick leave among paramedics?",
    "is the fellowship salary on agenda for change bands?", "any research on wifi in hospitals?",
    "how much does PCAF pay?", "do staff take annual leave to do research?",
    "how do I get protected time for research?", "who funds the Welsh research time award?",
    "can a band 6 nurse get paid time for research?", "im band 6, do i get paid on ICAP?",
    "band 5 physio - would i earn my normal salary on the fellowship?",
])
def test_a_question_about_research_is_no_other_matter(question):
    assert matter_of(question, answered=False) is None


def test_leave_and_facilities_only_when_nothing_answered():
    assert matter_of("how many days annual leave do i get?", answered=True).name == "leave"  # quoted a passage
    assert matter_of("can I use annual leave for research?", answered=False) is None
    assert matter_of("how many days annual leave does a band 6 nurse get with 5 yrs service", True).name == "leave"
    assert matter_of("how do I book annual leave?", answered=True).name == "leave"
    assert matter_of("How much annual leave do staff take to do research?", answered=False) is None
    for request in ("can you give me more detail?", "can you give me a list of schemes for nurses?",
                    "can I administer questionnaires to staff as part of an audit?", "can we park this for now?"):
        assert matter_of(request, answered=False) is None, request
    assert matter_of("where do staff park?", answered=False).name == "facilities"
    assert matter_of("where do I park? is there staff parking?", answered=False).name == "facilities"
    assert matter_of("where do I park? is there staff parking?", answered=True) is None
    assert matter_of("where do I park?", answered=False).name == "facilities"


@pytest.mark.parametrize("question, matter", [
    ("what time does occupational health open on a saturday", "occupational health"),
    ("can you write the discussion section of my MSc dissertation on falls prevention for me", "coursework"),
    ("what's the weather going to be like in Preston this week", "off topic"),
    ("random q but where's best to park for a night shift", "facilities"),
    ("need to book my flu jab, where do I do that?", "occupational health"),
    ("how much are part-time PhD fees at the University of Nottingham for home students?", "university fees"),
    ("how do i apply for a staff parking permit at the royal infirmary", "facilities"),  # applying is not research
    ("can u just redo my rota for next month", "rota"),
])
def test_other_matters_when_nothing_answered(question, matter):
    assert matter_of(question, answered=False).name == matter


@pytest.mark.parametrize("question", [
    "is there research on burnout in nurses?", "I'm struggling to see the difference between PCAF and DCAF",
    "my friend is doing a study on sepsis, can I join?", "does PCAF pay university fees?",
    "can I log in to the NIHR research portal from home?", "what's the R&D office's nhsmail address?",
    "does the report say staff are burnt out?", "can I use study leave for my research course?",
    "How long can Riverside staff borrow a laptop with statistics software from the library?",
    "can I recruit my patients into a trial?", "what did the PARROT trial find about pre-eclampsia?",
    "does the time award pay extra for the hours?", "what's the usual dose of research time in a job plan?",
    "what threshold does the panel use to shortlist?", "how does research get into NICE guidance?",
    "what did the PARROT trial find?", "does the fellowship pay tuition fees?",
])
def test_research_and_questions_about_the_report_are_no_other_matter(question):
    assert matter_of(question, answered=True) is None


@pytest.mark.parametrize("question", [
    # research in the words people use, not the writer's own IT, incident or wellbeing (a review of round twenty)
    "I've exhausted all the options in my trust, what else is there?",
    "I want to look at burnout in ED nurses for my MSc project, where do I start?",
    "I'm really stressed about the PCAF deadline, when is it?",
    "our team is exhausted and we want to evaluate a wellbeing intervention, any support?",
    "I'd like to do a service evaluation of near miss reporting on my ward, where do I start?",
    "I'd like to do an audit of Datix reports on falls, who can help?",
    "Can I reset my password for IRAS?", "my NIHR Learn account is locked out",
    "I'm not confident on a computer and can't do stats - is there training?",
    "Does the panel take into account that I can't work full time?",
    "I sent an email to the R&D office last week and they won't reply",
])
def test_research_in_everyday_words_is_no_other_matter(question):
    assert matter_of(question, answered=True) is None and matter_of(question, answered=False) is None


@pytest.mark.parametrize("question", [
    "is there anything that pays for time off the rota to do research?", "patient and public involvement in my research",
    "what's the pay like on PCAF", "can a band 5 go up to band 6 with research",
    "how do our ladies get into trials on the unit?", "does the time award cover my shifts?",
    # the round's review
    "my wife works in clinical trials, how do I get into research?", "does the research nurse secondment pay on band 6?",
    "does the ICA internship pay for a band 5 to backfill my shifts?",
    "Does my contract give me the right to work on research one day a week?",
])
def test_research_beside_those_words_is_no_other_matter(question):
    assert matter_of(question, answered=True) is None


@pytest.mark.parametrize("question", [
    # a review of round twenty-one: part time, a midwife's PPI question, lunchtime research events, a shift pattern in a
    # research post, a crash course, an ESR login that works
    "my pt hours are 22.5 a week, am I eligible for the PCAF?", "can I do my pt PhD alongside my band 6 job?",
    "my lady asked me about the PPI group", "does the journal club run at lunchtime?",
    "is there a lunchtime webinar about the ICA internship?", "will moving into a CRP post change my shift pattern?",
    "is there a crash course in GCP I can do from my computer?", "my esr login is fine, but where are the GCP modules?",
])
def test_round_twenty_one_words_beside_research_are_no_other_matter(question):
    assert matter_of(question, answered=True) is None


@pytest.mark.parametrize("question, matter", [
    # round twenty-five
    ("I'm getting bullied by my manager since I asked for research time, who do I talk to?", "bullying"),
    ("I've hurt my back moving patients, can I get physio through work?", "injury"),
    ("my patient wants to get on a cancer trial, which trials are recruiting in Leicester right now?", "patient trials"),
    ("what does the report say about bullying in research teams?", None),  # research on it
    ("is there research on discrimination against nurses?", None),
    ("how do we recruit patients onto a trial?", None),
    ("high potassium what do i give", "clinical"),
    # research on these, or the writer's research role (the review)
    ("I want to study bullying of nurses, is there funding?", None),
    ("my research is on discrimination against international nurses, any fellowships?", None),
    ("I hurt my knee last year but I'm fine now, can I still apply to ICAP?", None),
    ("needle stick injury research - any funding?", None),
    ("how do I get my patients into a trial as a PI", None),
    ("which trials are recruiting at my trust? I want to be a PI", None),
    ("what should I give as a reference on the form?", None),
    ("is there research on high blood pressure in pregnancy?", None),  # research on it
])
def test_matters_of_round_twenty_five(question, matter):
    found = matter_of(question, answered=False)
    assert (found.name if found else None) == matter
