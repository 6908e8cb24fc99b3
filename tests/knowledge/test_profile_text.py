import pytest

from knowledge.profile_text import (
    about_research_or_writer,
    asked_topic,
    asking_sentences,
    EARLY_CAREER_YEARS,
    career_stage,
    correct_spelling,
    asks_to_forget,
    asks_what_is_known,
    extract,
    mentions_self,
    only_profile_facts,
    question_part,
    wanted,
    self_part,
    tells_only,
)


@pytest.mark.parametrize("text, stage", [
    ("about five years qualified", "mid_career"),
    ("paramedic in northern ireland, 4 years in. anything for me?", "early_career"),
    ("I'm 7 years in now", "mid_career"), ("I'm 3 years into my nursing career", "early_career"),
    ("I spent 2 years in Cardiff", None), ("I'm a student nurse, 2 years in", "student"),
    ("3 years in and out of research posts", None),
    ("I qualified last year", "early_career"),
    ("early in my career", "early_career"),
    ("at the start of my career", "early_career"),
    ("qualified 2 years ago", "early_career"),
    ("I've been a nurse for 12 years", "mid_career"),
    ("band 6", "mid_career"),
    ("B7", "mid_career"),
    ("band five", "early_career"),
    ("band 8a", "senior"),
    ("FY2", "early_career"),
    ("I'm a student nurse", "student"),
    ("newly qualified", "early_career"),
    ("nearing retirement", "senior"),
    ("I'm a doctor in training", "early_career"),  # qualified, in foundation or specialty training
    ("trainee GP", "early_career"),
    ("I'm a trainee clinical psychologist", "student"),
    ("I've been qualified about 10 years, mostly on acute wards", "mid_career"),
    ("registered for 3 years", "early_career"),
    ("qualified 12 years", "mid_career"),
])
def test_career_stage_from_own_words(text, stage):
    assert career_stage(text) == stage


def test_a_band_in_the_plural_is_the_writers_staff_not_the_writer():
    assert career_stage("what about for my band 5s?") is None and career_stage("there are twelve band 6's on my ward") is None
    assert career_stage("I'm a band 5") == "early_career"


def test_years_threshold_is_the_stated_convention():
    assert career_stage(f"{EARLY_CAREER_YEARS - 1} years qualified") == "early_career"
    assert career_stage(f"{EARLY_CAREER_YEARS} years qualified") == "mid_career"


def test_no_stage_when_none_is_said():
    assert career_stage("I'm a nurse in Wales") is None
    assert career_stage("I work at University Hospitals of Leicester") is None


@pytest.mark.parametrize("typo, word", [("physoitherapist", "physiotherapist"), ("midwfie", "midwife"),
                                        ("scottland", "scotland"), ("pharmacsit", "pharmacist")])
def test_misspellings_are_corrected_against_the_taxonomy(typo, word):
    assert correct_spelling(f"I'm a {typo}") == f"i'm a {word}"


def test_ordinary_words_are_left_alone():
    assert correct_spelling("where are the walls") == "where are the walls"
    # an English word is mended to a taxonomy word that is it plus an ending only when that names who does it
    assert correct_spelling("I manage a ward") == "i manager a ward"
    assert correct_spelling("zero research experience") == "zero research experience"  # not "experienced"
    assert career_stage("england. zero research experience tbh but i'm into diabetes care") is None


def test_one_message_with_everything():
    profile = extract("I'm a band 6 physoi... no, physiotherapist in Cardiff interested in stroke rehab, "
                      "I work at Cardiff and Vale University Health Board")
    assert profile.filled() == {"profession": "physiotherapist", "nation": "wales", "career_stage": "mid_career",
                                "interests": "stroke rehab",
                                "organisation": "Cardiff and Vale University Health Board"}


def test_practitioner_psychologist_is_a_profession_without_a_scheme_group():
    assert extract("I'm a practitioner psychologist").profession == "practitioner_psychologist"


def test_organisation_by_name_or_after_work_at():
    assert extract("I work at University Hospitals of Leicester").organisation == "University Hospitals of Leicester"
    assert extract("I work for NHS Lothian").organisation == "NHS Lothian"
    assert extract("I work at UHL as a nurse").organisation == "UHL"
    # typed in lower case: kept when the taxonomy knows the place ("the trust strategy" then means theirs)
    assert extract("i work at leicester's hospitals as a clinical research practitioner").organisation \
        == "leicester's hospitals"
    assert extract("i work at tesco part time").organisation is None
    # an NHS body the taxonomy knows, however typed ("my trust" then means it)
    assert extract("nurse in northern ireland - south eastern trust").organisation == "south eastern trust"
    assert extract("physio, band 6, kent community health").organisation == "kent community health"


def test_an_nhs_body_or_hospital_of_a_nation_says_the_nation():
    """"i work on a medical ward in ysbyty gwynedd" and "clinical scientist at velindre" were asked their nation."""
    ward = extract("i work on a medical ward in ysbyty gwynedd")
    assert ward.nation == "wales" and ward.organisation == "ysbyty gwynedd"
    assert extract("clinical scientist in medical physics at velindre").nation == "wales"
    assert extract("nurse at the borders general in melrose").nation == "scotland"
    assert extract("band 5 at the belfast trust").nation == "northern_ireland"
    assert extract("OT at swansea bay uhb").nation == "wales"
    assert extract("im a nurse at the ysbyty in Bangor").organisation == "ysbyty"  # not "ysbyty in"
    assert extract("band 5 nurse in Leeds, been in the NHS 24 years").nation == "england"  # no "NHS 24" of Scotland


@pytest.mark.parametrize("text, said", [
    ("staff nurse at Ninewells, band 6", {"profession": "nurse", "nation": "scotland", "career_stage": "mid_career"}),
    ("ODP at Raigmore", {"profession": "operating_department_practitioner", "nation": "scotland"}),
    ("healthcare support worker on a surgical ward at glan clwyd",
     {"profession": "healthcare_assistant", "nation": "wales"}),
    ("nurse at Cumberland Infirmary", {"profession": "nurse", "nation": "england"}),
    ("physio at Guy's", {"profession": "physiotherapist", "nation": "england"}),
    ("assistant psychologist at Altnagelvin", {"profession": "assistant_psychologist", "nation": "northern_ireland"}),
])
def test_a_hospital_named_says_the_nation(text, said):
    """"staff nurse at Ninewells, band 6" was asked "Which nation do you work in?"."""
    assert {k: v for k, v in extract(text).filled().items() if k != "organisation"} == said


@pytest.mark.parametrize("text, nation", [
    # an agency nurse on shifts in Wales was refused the Wales-only Research Time Award as working in England
    ("agency nurse, mostly shifts at Prince Charles in Merthyr but employed by an agency in Bristol. can i get the "
     "research time award?", "wales"),
    ("I work in Cardiff but live in Bristol", "wales"), ("I live in Chester but work at Wrexham Maelor", "wales"),
    ("i work for NHS Lothian, originally from Leeds", "scotland"), ("physio working in Glasgow", "scotland"),
    ("nurse in Merthyr", "wales"),
    # not someone else's work, a question's, nor a post that ended (the review)
    ("physio in Leeds, my partner works in Wales", "england"),
    ("physio in Bristol, can people working in Wales apply?", "england"),
    ("my post in Wales ended, i'm now at Leeds", "england"),
])
def test_where_the_writer_works_is_their_nation_beside_another_place(text, nation):
    assert extract(text).nation == nation


def test_mentions_self():
    assert mentions_self("as a nurse, where do I start?")
    assert mentions_self("I'm in Scotland")
    assert not mentions_self("what is HSC R&D?")
    assert not mentions_self("can a nurse apply for Pathway to Portfolio?")
    # "were" is no "we're": the survey's answers from England did not move the writer there
    assert not mentions_self("were most of the survey answers from england?")
    # a group named first is not the writer ("Thanks, noted." made a support worker research delivery staff)
    assert not mentions_self("the research nurses are always busy with trial patients")
    assert mentions_self("physio here, where do I start?") and mentions_self("pharmacist at a mental health trust")
    assert mentions_self("the new band 5 nurse on ward 7, where do I start?")
    assert mentions_self("we're nurses in wales") and mentions_self("we\u2019re nurses in wales")
    # a role opening the message, with its band: the writer, said without "I"
    assert mentions_self("band 6 radiographer in cardiff. is there anything that pays for time off the rota?")


def test_time_off_the_rota_is_asking_for_protected_time():
    assert "protected_time" in wanted("is there anything that pays for time off the rota to do research?")
    assert "protected_time" in wanted("any way to be released from clinical work for a study?")
    assert "funding" in wanted("is there anything that pays for a course?")
    assert wanted("what is the ICA programme?") == []


def test_self_part_stops_at_the_question():
    assert self_part("I'm a nurse in Scotland, how do I get protected time?") == "I'm a nurse in Scotland"
    assert self_part("as a nurse, what is HSC R&D?") == "as a nurse"
    assert self_part("how do I get into research as a nurse?") == "how do I get into research as a nurse?"


def test_an_acronym_is_a_workplace_only_where_the_person_works():
    assert extract("I'm a nurse at UHL").organisation == "UHL"
    assert extract("I'm a nurse in NHS Lothian").organisation == "NHS Lothian"
    assert extract("could a nurse like me apply for PCAF?").organisation is None  # a scheme
    assert extract("I'm a dentist in NI").organisation is None  # a nation


@pytest.mark.parametrize("text, asked", [
    ("Where do I start? I'm a midwife", "Where do I start?"),
    ("I'm a nurse in Scotland, how do I get protected time?", "how do I get protected time?"),
    ("I'm a nurse in Scotland. How do I get protected time?", "How do I get protected time?"),
    ("what is ICAP?", "what is ICAP?"),
    ("I'm a paramedic in Wales wanting to do a PhD, what help is there?", "wanting to do a PhD, what help is there?"),
    ("I am a physio. I work in Wales.", "I am a physio. I work in Wales."),  # nothing asked: left whole
    ("Do I have to do research as a nurse?", "Do I have to do research?"),
    ("How do I get involved as a band 5 physio, any tips?", "How do I get involved, any tips?"),
    ("what can I do as a team?", "what can I do as a team?"),  # not a role we know
    ("I joined as an OT", "I joined as an OT"),  # asks nothing
])
def test_the_question_without_what_the_writer_says_about_themselves(text, asked):
    assert question_part(text) == asked


@pytest.mark.parametrize("text, asked", [
    ("before i forget - what does THIS institute stand for", "what does THIS institute stand for"),
    ("oh and random one, what does THIS institute actually do?", "what does THIS institute actually do?"),
    ("hi, quick one - who runs ICAP?", "who runs ICAP?"),
    ("quick q: when does it close?", "when does it close?"),
    # "general question then" kept the RECOVERY trial's passage just under the document tier's threshold
    ("general question then - what was the RECOVERY trial", "what was the RECOVERY trial"),
    ("totally unrelated: who runs RDS?", "who runs RDS?"),
])
def test_a_lead_in_of_chat_is_no_part_of_the_question(text, asked):
    """An organisation's name decides the answer only when little else is asked: the chat before it took THIS
    Institute's answer away ("I don't know", with THIS Institute offered)."""
    assert question_part(text) == asked


@pytest.mark.parametrize("text", [
    "in Wales, what is there for nurses?",  # where: part of what is asked
    "HEE and schools outreach - which network did they work with?",  # the subject
    "sorry, the board will also ask - how many were surveyed?",
    "For me, what is there?",  # only stopwords before the question: whom it is for
])
def test_a_lead_in_that_says_what_or_where_stays(text):
    assert question_part(text) == text


@pytest.mark.parametrize("text", ["whats the pay for a band 6 research nurse", "hows the deadline set", "wheres the form",
                                  "can a healthcare assistant in wales apply to pathway to portfolio or is it just for "
                                  "registered clinicians"])
def test_a_question_word_typed_without_its_apostrophe_still_asks(text):
    assert asked_topic(text) is not None


@pytest.mark.parametrize("text, told", [
    ("I'm a healthcare assistant", True),
    ("I am a physio. I work in Wales.", True),
    ("hi, I've just started as a staff nurse on a surgical ward", True),
    ("I'm a paramedic, can I do a PhD while working?", False),  # asks
    ("I'm a midwife. Where do I start?", False),
    ("research nurse secondments", False),  # not about the writer
    ("I want to do a PhD", False),  # about the writer, but nothing of a profile: a wish to search for
    ("I'd like to work as a research nurse for a while without leaving my post", False),  # a wish
    ("", False),
    ("clinical psychologist here, adult mental health trust", True),  # opens with a role, as people write in chat
    ("paramedic, ambulance service in the south west", True),
    ("midwives", False),  # a group: "what about midwives?"
    ("hiya, first week here!", True), ("just joined the trust this month", True),  # new, no profile fact
    ("hello, pharmacist at a mental health trust in Sheffield", True),  # a role, then where
    ("hello, I manage a community therapy service in Lancashire", True),
    ("what happens in the first week?", False),  # asks
    # the writer's new post, said without "I" ("new job is NHS Grampian" was searched: joint clinical roles)
    ("new job is NHS Grampian", True), ("starting at NHS Lothian next month", True),
    ("the trust is big on research", False), ("new job is great, what can I apply for?", False),
])
def test_a_message_that_only_tells_about_the_writer(text, told):
    assert tells_only(text) is told


@pytest.mark.parametrize("text, could", [
    ("I know nothing about research but want to learn", True),
    ("hi, I've just started as a staff nurse on a surgical ward", True),
    ("where's the canteen?", False),
    ("where do I get my ID badge", False),
])
def test_a_message_that_could_ask_where_to_start(text, could):
    assert about_research_or_writer(text) is could


@pytest.mark.parametrize("text, topic", [
    ("I'm a nurse in England, is there funding for a masters?", "is there funding for a masters?"),
    ("what funding is there for me?", "what funding is there for me?"),
    ("band 6", None),
    ("I'm a physio in Wales", None),
])
def test_what_a_message_asks_about(text, topic):
    assert asked_topic(text) == topic


@pytest.mark.parametrize("text, wants", [
    ("what about funding?", ["funding"]),
    ("is there any money for a PhD?", ["funding", "training"]),
    ("I need protected time for research", ["protected_time"]),
    ("can someone mentor me?", ["mentoring"]),
    ("what can I apply for?", []),
    ("I'm a doctor in training in England", []),  # who they are, not what they ask for
])
def test_what_kind_of_support_a_message_asks_for(text, wants):
    assert wanted(text) == wants


@pytest.mark.parametrize("text, stated", [
    ("could my band 6 deputy come along too?", {}),  # the deputy's band, not the writer's
    ("my band 7 colleague wants to apply", {}),
    ("my trust lead sent round that creating time for research report", {}),  # the lead is not the writer: not senior
    ("my ward manager says i should do research", {}),
    ("I am a band 6 nurse", {"profession": "nurse", "career_stage": "mid_career"}),
    # what is said of them describes them ("my friend who's a physio" made a doctor a physiotherapist)
    ("my friend who's a physio got onto the integrated clinical academic programme", {}),
    ("my friend's a paramedic in scotland", {}),
    # an FY2 whose housemate is a physio was told "Yes" to the ICA programme, which excludes doctors
    ("My housemate is a physio and did an ICA internship through the NIHR. Can I apply for the ICA programme too?", {}),
    ("my flatmate (an OT) said PCAF", {}), ("my mate is a nurse in Wales", {}),
    ("my wife is a nurse in wales and im a physio in england", {"profession": "physiotherapist", "nation": "england"}),
    # where they are, too (round twenty-two: an SLT in Belfast was moved to England by "my mate in manchester")
    ("my mate in manchester got PCAF for hers, can I not do that?", {}),
    ("my sister down in cardiff is doing a PhD, I'm an OT in Glasgow", {"profession": "occupational_therapist",
                                                                     "nation": "scotland"}),
    ("I'm a physio and my team at Betsi Cadwaladr won't give me research time", {
        "profession": "physiotherapist", "nation": "wales", "organisation": "Betsi Cadwaladr"}),  # where they work
    ("my mentor (an OT) said PCAF, im a band 6 physio", {"profession": "physiotherapist",
                                                         "career_stage": "mid_career"}),
    ("i'm a nurse, my husband is a doctor", {"profession": "nurse"}),
    ("my boss wants me to do research im a band 6 nurse", {"profession": "nurse", "career_stage": "mid_career"}),
    ("I'm my team's only physio", {"profession": "physiotherapist"}),  # the writer, not the team
    # what the writer is not
    ("no I'm in Wales not England", {"nation": "wales"}), ("im not a nurse im an OT", {"profession": "occupational_therapist"}),
    ("I've an idea for a study. any NIHR funding that suits non-medics?", {}),  # a paramedic was made a doctor
    ("I'm a non-medical prescriber, a nurse", {"profession": "nurse"}),
    ("my sister is a senior staff nurse at a hospital in Cardiff, I'm a physio", {"profession": "physiotherapist"}),
])
def test_someone_else_the_writer_speaks_of_is_not_the_writer(text, stated):
    assert extract(text).filled() == stated


@pytest.mark.parametrize("text, asks", [
    ("thanks - please forget that I'm a practice educator", True),
    ("can you forget where I work now please", True),
    ("can you delete what I told you?", True),
    ("I forgot my password", False),
    ("I always forget my ESR password, who do I ask?", False),
    ("what did I forget to ask?", False),
    ("how do I delete my Thiscovery account?", False),
    ("never mind, forget it", False),
    ("please don't keep any of my details, I'd rather you didn't hang on to where I work", True),
    ("no need to store my details", True), ("don't keep reminding me", False),
    # a part of what they told us (round twenty-six: "OK.")
    ("thanks. pls forget the agency bit btw", True), ("I always forget the login bit", False),
    ("what is the best part of PCAF", False), ("forget the money part, how do I apply?", False),  # the review
    ("remove the first part of the list", False),
    # starting the conversation again (round twenty-two: "ugh this is confusing, can we start over" got "I don't know")
    ("this is a mess, could we start over please", True), ("ok actually start again, it's for my friend", True),
    ("reset", True), ("when does the PCAF round start again?", False), ("how do I start a project again?", False),
    # the writer's career, not the conversation (the round's review)
    ("after my maternity leave can I start again on the PCAF programme?", False),
    ("I had a career break, could I start again in research?", False),
    # round twenty-four
    ("please forget that, I don't want it stored", True), ("I don't want my details kept", True),
    ("I don't want it to be a big commitment", False), ("I don't want my PhD held up by ethics", False),
    ("I don't want my name recorded on the study, is that possible?", False),
])
def test_a_request_to_forget_what_the_writer_said(text, asks):
    assert asks_to_forget(text) is asks


@pytest.mark.parametrize("text, asks", [
    ("do you still know where I work?", True), ("what do you know about me?", True),
    ("what have you got stored on me?", True), ("what do you know about PCAF?", False),
    ("do you know where I can park?", False), ("can you forget what you know about me?", False),  # forgetting
])
def test_asking_what_the_bot_holds_about_the_writer(text, asks):
    assert asks_what_is_known(text) is asks


@pytest.mark.parametrize("text, does, sources", [
    ("what exactly can this bot do for new starters?", True, False), ("how does this work?", True, False),
    ("what does it do?", False, False),  # after THIS Institute: the entry's
    ("how does PCAF work?", False, False), ("what sources is it using?", False, True),
    ("where does the bot get its answers?", False, True), ("what sources of funding are there?", False, False),
    ("what documents do I need for PCAF?", False, False),
    # "you" as anyone (the round's review)
    ("What can you do if your manager won't release you for research?", False, False),
    ("how do you work out the FTE for a fellowship?", False, False),
    ("I've heard of the clinical research time award, how does this work?", False, False),
    ("what data can you use for a service evaluation without ethics approval?", False, False),
    # sent here, with nothing asked but research itself (round twenty-four)
    ("hiya, just started here last week, someone said to ask you about research stuff?", True, False),
    ("I was told to ask you about research", True, False), ("someone told me to ask you about PCAF", False, False),
])
def test_asking_what_the_assistant_does_and_where_its_answers_come_from(text, does, sources):
    from knowledge.profile_text import asks_for_its_sources, asks_what_it_does

    assert (asks_what_it_does(text), asks_for_its_sources(text)) == (does, sources)


def test_every_greeting_rasa_learns_only_greets_unless_it_says_who_is_writing():
    """Rasa reads "and training?" as a greeting (answered) and "hiya, first week here!" (first steps); a greeting
    missing from any list of words ("Hellooo", "Bore da") still only greets."""
    from pathlib import Path

    import yaml

    from knowledge.profile_text import NEW_HERE, only_greets

    nlu = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu.yml").read_text())["nlu"]
    examples = [line.strip()[2:] for item in nlu if item.get("intent") == "greet"
                for line in item["examples"].splitlines() if line.strip()]
    assert len(examples) > 15
    assert [e for e in examples if not only_greets(e) and not NEW_HERE.search(e)] == []
    assert all(only_greets(g) for g in ("Hellooo", "Bore da", "Good day", "nice to meet you", "👋", "how are you?"))
    assert not only_greets("and training?") and not only_greets("what about the survey?")
    assert not only_greets("hiya, first week here!")


def test_a_sentence_that_only_tells_is_not_asking_whatever_its_verbs():
    said = "band 6 OT, nobody in my team does any research. what actually stops AHPs doing research"
    assert asking_sentences(said) == "what actually stops AHPs doing research"


def test_the_sentences_that_ask_are_told_from_the_story_around_them():
    assert asking_sentences("is HEE still a thing? my manager keeps referring to their research strategy") \
        == "is HEE still a thing?"
    assert asking_sentences("what is ICAP? how do I apply?") == "what is ICAP? how do I apply?"
    assert asking_sentences("I'm a nurse in Wales") == "I'm a nurse in Wales"
    # the question again in other words just after it is part of it ("stopping" alone found the report's summary)
    assert asking_sentences("band 6 OT here. what's actually stopping staff doing research? like the main barriers") \
        == "what's actually stopping staff doing research? like the main barriers"
    assert asking_sentences("I'm a nurse. like many others I'm busy. what is ICAP?") == "what is ICAP?"
    assert asking_sentences("how do I get protected time? like, my ward is always short") == "how do I get protected time?"


def test_profile_facts_said_on_their_own_tell_us_about_the_writer():
    """"ok fine, NHS Lanarkshire" after "why do you need to know where I work?" got "I don't know"; "work in a mental
    health trust in England", when asked the profession, was searched and answered with survey figures."""
    assert only_profile_facts("ok fine, NHS Lanarkshire") and tells_only("ok fine, NHS Lanarkshire")
    assert only_profile_facts("band 6 physio in Cardiff")
    # where and how they work, said with the facts ("new band 5, surgical ward, bristol" got "I don't know")
    assert only_profile_facts("new band 5, surgical ward, bristol") and tells_only("new band 5, surgical ward, bristol")
    assert not only_profile_facts("surgical ward")  # no profile fact in it
    # a new starter's long employer is one fact ("new starter, nurse at Sandwell and West Birmingham" got first steps
    # and was then asked their profession)
    assert only_profile_facts("new starter, nurse at Sandwell and West Birmingham")
    assert not only_profile_facts("midwives")  # a group: "what about midwives?"
    assert not only_profile_facts("NHS England") and not only_profile_facts("and in Scotland")  # a body; going on
    assert not only_profile_facts("stroke") and not only_profile_facts("Cardiff, what is there?")
    assert mentions_self("work in a mental health trust in England") and tells_only("work in a mental health trust in England")
    assert not tells_only("work in progress is fine")


def _examples(path: str, intent: str) -> list[str]:
    from pathlib import Path

    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "data" / path).read_text())["nlu"]
    return [line.strip()[2:] for item in data if item.get("intent") == intent
            for line in item["examples"].splitlines() if line.strip()]


def test_every_way_of_asking_for_the_rd_office_forwards_and_a_question_of_its_own_does_not():
    from knowledge.profile_text import asks_to_forward

    examples = _examples("tickets.yml", "ask_rd_office")
    assert len(examples) > 5 and [e for e in examples if not asks_to_forward(e)] == []
    assert not asks_to_forward("whats the deadline for the wellcome trust career development award this year")
    assert not asks_to_forward("how much is the P2P award?")
    # where the office is called research and innovation
    assert asks_to_forward("can the R&I team answer this?") and asks_to_forward("put me in touch with research and "
                                                                                 "innovation")


def test_every_goodbye_example_only_greets_and_a_question_read_as_one_does_not():
    from knowledge.profile_text import only_greets

    examples = _examples("nlu.yml", "goodbye")
    assert len(examples) > 5 and [e for e in examples if not only_greets(e)] == []
    assert not only_greets("can i swap my night shift on healthroster?")
    assert not only_greets("bye, what was the P2P amount again?")


def test_where_the_writer_was_once_is_not_where_they_work():
    """"I trained in Wales", "originally from Cardiff", "moved up from Leeds" say where the writer was, not where they
    work: a correction that explains itself keeps the nation it corrects to, and tells us only about the writer."""
    from knowledge.profile_text import extract, tells_only

    message = "sorry, I meant Scotland - NHS Lanarkshire. I trained in Wales, that's why I said it"
    assert extract(message).nation == "scotland"
    assert tells_only(message)
    assert extract("physio in Glasgow, originally from Cardiff").nation == "scotland"
    assert extract("physio in Glasgow, from Cardiff originally").nation == "scotland"
    assert extract("nurse here, moved up from Leeds to Edinburgh last year").nation == "scotland"
    assert extract("I trained in Newcastle but I am in Wales now").nation == "wales"
    assert extract("I trained as a nurse in Wales").nation == "wales"  # where they trained as: may be where they work
    assert not tells_only("why would I bother with research")


def test_someone_the_writer_once_worked_with_is_not_the_writer():
    """"my old manager told me to look at the CAT programme for nurses, midwives and AHPs": neither a manager (senior)
    nor a midwife (named in the plural, a group)."""
    from knowledge.person import stated

    message = "my old manager told me to look at the CAT programme for nurses, midwives and AHPs"
    assert stated(message, False, True, False, {"profession": "occupational_therapist"}) == {}
    assert stated("I'm a midwife in Leeds", False, False, False, {}) == {"profession": "midwife", "nation": "england"}


def test_a_body_named_with_where_it_is_is_only_profile_facts():
    """"at Betsi Cadwaladr in North Wales", answering the nation question, was read as a question (Rasa's
    ask_knowledge) and nothing was kept: the form asked the nation again after an answer about a North Wales network."""
    from knowledge.profile_text import only_profile_facts

    assert only_profile_facts("at Betsi Cadwaladr in North Wales")
    assert only_profile_facts("Aneurin Bevan, south wales")
    assert only_profile_facts("in the South Eastern Trust")
    assert not only_profile_facts("what did Betsi Cadwaladr do?")
    assert not only_profile_facts("Betsi Cadwaladr research strategy")


def test_a_department_many_professions_work_in_is_not_a_misspelt_role():
    """"is there funding for people like me or is it just nurses and docs", after "delays in the anaesthetic room",
    made an operating department practitioner a doctor ("anaesthetic" corrected to "anaesthetist")."""
    from knowledge.person import stated
    from knowledge.profile_text import correct_spelling

    assert correct_spelling("the anaesthetic room") == "the anaesthetic room"
    assert correct_spelling("anaesthtist") == "anaesthetist"  # a misspelt role is still one
    message = ("ive got an idea to cut delays in the anaesthetic room. is there funding for people like me or is it "
               "just nurses and docs")
    assert stated(message, False, True, False, {"profession": "operating_department_practitioner"}) == {}


def test_a_correction_that_concludes_with_the_nation_tells_us_it():
    """"oh wait sorry, newport in shropshire not newport wales lol. so england": the nation is England, and the message
    only tells us about the writer (it was searched, and got "I don't know")."""
    from knowledge.person import stated
    from knowledge.profile_text import only_profile_facts, tells_only

    message = "oh wait sorry, newport in shropshire not newport wales lol. so england"
    assert stated(message, False, True, False, {"profession": "occupational_therapist", "nation": "wales"}) == {
        "nation": "england"}
    assert tells_only(message) and tells_only("sorry, I meant Scotland")
    assert not tells_only("sorry, what is ICAP?") and not tells_only("oops so is it open to nurses?")
    assert not only_profile_facts("and in Scotland")


def test_a_role_with_its_team_in_brackets_opens_the_message():
    """"improvement nurse (QI team) at addenbrookes" got "I don't know", and the profession was asked again."""
    from knowledge.profile_text import extract, mentions_self, tells_only

    assert mentions_self("improvement nurse (QI team) at addenbrookes")
    assert tells_only("improvement nurse (QI team) at addenbrookes")
    assert extract("improvement nurse (QI team) at addenbrookes").profession == "nurse"
    assert not mentions_self("midwives (community) are busy")


@pytest.mark.parametrize("message, said", [
    # the writer's own new job is theirs (only a former one's manager is someone else)
    ("starting my new physio job in Leeds next week", {"profession": "physiotherapist", "nation": "england"}),
    ("my new nursing post starts monday", {"profession": "nurse"}),
    # what someone trained in is no place, nor is where they newly qualified a past one
    ("I trained in mental health nursing and work in Cardiff", {"profession": "nurse", "nation": "wales"}),
    ("I qualified in physiotherapy in 2018", {"profession": "physiotherapist"}),
    ("just qualified in Scotland, band 5 nurse", {"profession": "nurse", "nation": "scotland",
                                                 "career_stage": "early_career"}),
    # places within a town, people's names and where someone comes from are no towns
    ("I'm a nurse in the west end", {"profession": "nurse"}),
    ("I'm from Perth, staff nurse", {"profession": "nurse"}),
    ("Cheers, Brandon", {}),
    # a word of a longer town's name is still corrected ("heath" of Thornton Heath)
    ("allied heath professional, band 6", {"profession": "ahp", "career_stage": "mid_career"}),
])
def test_what_the_writer_tells_read_as_the_review_found(message, said):
    from knowledge.person import stated

    assert stated(message, True, False, False, {}) == said


@pytest.mark.parametrize("message", ["sorry, I meant the Welsh one", "wait, so can physios apply?",
                                     "i mean are pharmacists eligible", "oh wait, I meant the Scottish fellowship"])
def test_a_correction_of_what_was_meant_or_a_question_after_wait_changes_nothing_of_the_writer(message):
    """A correction of which scheme was meant, or a question after "wait" or "sorry", is not the writer's profile
    (the review found a nurse made a physiotherapist by "wait, so can physios apply?")."""
    from knowledge.person import stated
    from knowledge.profile_text import tells_only

    assert stated(message, False, True, False, {"profession": "nurse"}) == {}
    assert not tells_only(message)


@pytest.mark.parametrize("message, said", [
    # departments many professions work in are not misspelt roles, in the plural too
    ("ODP in anaesthetics", {"profession": "operating_department_practitioner"}),
    ("OT in psychiatry in Leeds", {"profession": "occupational_therapist", "nation": "england"}),
    # a town's name said whole is not corrected ("wells" is no "welsh"); "Royal" may be left out
    ("nurse in Tunbridge Wells", {"profession": "nurse", "nation": "england"}),
    # a colleague's role is not the writer's, a new job of the writer's is
    ("my new consultant wants me to do research", {}),
    ("my current nurse role", {"profession": "nurse"}),
    # "so" or "actually" in a statement is no correction: the whole message counts
    ("I'm a band 6 physio in Leeds so England", {"profession": "physiotherapist", "nation": "england",
                                                 "career_stage": "mid_career"}),
    ("sorry I meant Scotland, I trained in Wales", {"nation": "scotland"}),
    ("I meant to say Scotland", {"nation": "scotland"}),
    # "moved to X from Y" keeps X; a town that is also a name is a town as a reply
    ("I moved to Glasgow from Cardiff", {"nation": "scotland"}),
    ("physio, perth", {"profession": "physiotherapist", "nation": "scotland"}),
])
def test_what_the_second_review_found_the_writer_says(message, said):
    from knowledge.person import stated

    assert stated(message, True, False, False, {}) == said


@pytest.mark.parametrize("message", ["my manager is actually a physio", "the course is actually in Leeds", "so scotland?"])
def test_so_or_actually_in_what_someone_says_of_others_or_asks_is_no_correction(message):
    from knowledge.person import stated

    assert stated(message, False, True, False, {"profession": "nurse"}) == {}


@pytest.mark.parametrize("message, privacy", [
    ("is this confidential?", True), ("I'm a... hang on, is this confidential?", True),
    ("can my manager see this?", True), ("do you store what I type?", True), ("who can see my messages?", True),
    ("what happens to my data?", True), ("is this chat recorded?", True), ("what's your privacy policy?", True),
    # about research, or about the bot sharing a link: no privacy question
    ("how do I keep my study data confidential?", False), ("can you tell me about this?", False),
    ("can you share the link?", False), ("is it private sector funding?", False),
    ("does the NIHR share my data with universities?", False), ("please forget my data", False),
    ("is this funding secure?", False), ("is this training recorded on ESR?", False),
    ("is this post shared between two trusts?", False), ("is this survey anonymous?", False),
    ("what happens to the data after my study ends?", False), ("is the data stored in the UK?", False),
    ("do I need GDPR training before I start research?", False), ("do I need a privacy notice for my study?", False),
    ("can you share this?", False),
    ("is everything I say confidential?", True), ("will you share what I tell you?", True),
    ("who owns the data you collect?", True),
])
def test_a_question_about_this_chats_privacy(message, privacy):
    from knowledge.profile_text import asks_about_privacy

    assert asks_about_privacy(message) is privacy


@pytest.mark.parametrize("message, bot", [
    ("before I answer that, who made you?", True), ("who built this bot?", True), ("are you a real person?", True),
    ("who runs it?", False), ("who made the 70@70 programme?", False),
    ("who developed the ICA programme for you?", False), ("who owns the data you collect?", False),
    ("who runs it for you?", False),
    # its name (round twenty-four)
    ("haha ok. what's your name", True), ("what are you called?", True),
    ("could you do it part time alongside your clinical job?", False),
    ("do you have a name for the welsh scheme that pays for research time?", False),
])
def test_a_question_about_the_assistant_itself(message, bot):
    from knowledge.profile_text import asks_about_the_bot

    assert asks_about_the_bot(message) is bot


@pytest.mark.parametrize("message, told", [
    ("band 6 at wrexham maelor, never done any research before", "band 6 at wrexham maelor"),
    ("band 5 at leeds general infirmary, first job", "band 5 at leeds general infirmary"),
    ("my manager says research is for doctors", ""), ("is band 6 at wrexham ok?", ""),
    ("I love research, it is great", ""),
    # someone else, words that change what is said, a statement about a place, a wish
    ("my colleague, a band 6 at Wrexham", ""), ("my friend is a nurse, band 6 in Cardiff", ""),
    ("band 5 in Cardiff not any more", ""), ("at Cardiff for now", ""), ("in Scotland they have NRS", ""),
    ("in Scotland or England, never done research", ""), ("band 6 at wrexham, interested in a PhD", ""),
    ("nurse in Cardiff, looking for funding for a masters", ""),
])
def test_the_parts_of_a_message_that_are_only_profile_facts(message, told):
    from knowledge.profile_text import told_in_parts

    assert told_in_parts(message) == told


def test_an_english_word_is_no_misspelt_role():
    """"an ICA doctoral fellowship" made the writer a doctor ("doctoral" is one edit from it); typos are still mended."""
    assert extract("If I go on an ICA doctoral fellowship hosted by the uni, does my NHS pension keep building up?"
                   ).profession is None
    assert extract("the whales in the walls").nation is None
    assert extract("im a physoitherapist").profession == "physiotherapist"
    assert extract("midwfie in swansea").filled() == {"profession": "midwife", "nation": "wales"}
    assert extract("I am a manger in Leeds").profession == "manager_admin"  # "manger" is a word, but a rare one


@pytest.mark.parametrize("said, profession", [
    # the people a role the writer works beside: not the writer's
    ("band 3. ive been helping the research nurses recruit pts for a study and loved it", None),
    ("I work with the physios on the stroke unit, I'm an OT", "occupational_therapist"),
    ("I'm one of the research nurses here", "research_delivery"),
    # a role hoped for is not the writer's yet
    ("I'd like to become a clinical research assistant eventually", None),
    ("I became a nurse in 2015", "nurse"), ("I've become a band 7 nurse in Leeds", "nurse"),
    ("I'm a HCA training to be a nurse in Belfast", "healthcare_assistant"),
    ("I want to become more research active as a band 6 physio in Wales", "physiotherapist"),
    ("I'm on the team with the other dietitians", "dietitian"), ("I joined the research nurses last month",
                                                                  "research_delivery"),
    # a senior colleague described ("my consultant (she's a doctor)") made a clinical scientist a doctor
    ("my consultant (she's a doctor) is asking if she could do the ICA programme", None),
    ("my consultant says I should apply, I'm a band 6 OT", "occupational_therapist"),
    ("our matron, who's a nurse, wants me to apply", None),
    # the writer's own role, said with "my role as"
    ("In my role as consultant, looking for research funding", "doctor"),
    ("in my post as matron - looking to get into research", "nurse"),
    # a friend's or colleague's role ("ST4 in anaesthetics ... heard about ICAP from a nurse mate" was read as a nurse)
    ("hey, ST4 in anaesthetics at Leicester Royal. heard about ICAP from a nurse mate, can I do it?", "doctor"),
    ("a physio colleague told me about PCAF", None), ("im a nurse, my physio friend told me", "nurse"),
    ("I am a physio colleague of hers", "physiotherapist"),
    ("me and my fellow nurse colleagues want to apply for ICAP", "nurse"), ("I\u2019m a nurse colleague of hers", "nurse"),
    # a role first in the message is the writer's, beside a group asked about
    ("nurse here, is it open to pharmacists?", "nurse"), ("hi, band 6 physio - is PCAF for OTs too?", "physiotherapist"),
])
def test_roles_of_others_and_roles_hoped_for_are_not_the_writers(said, profession):
    assert extract(said).profession == profession


def test_a_plural_role_is_never_mended_to_one_person():
    """"is it open to staff nurses?" names a group: the plural stays (a phrase-completing correction made it one)."""
    assert correct_spelling("is it open to staff nurses?") == "is it open to staff nurses?"


@pytest.mark.parametrize("said, profession", [
    ("I'm a consultant physio in Leeds", "physiotherapist"), ("consultant OT", "occupational_therapist"),
    ("I'm a consultant in ED", "doctor"), ("consultant paediatrician", "doctor"), ("consultant nurse", "nurse")])
def test_a_consultant_before_another_profession_is_its_grade(said, profession):
    """"consultant physio" was read as a doctor ("consultant" alone is one)."""
    assert extract(said).profession == profession


@pytest.mark.parametrize("message, told", [
    # round twenty-three: a region, doctors' training grades, a dental one
    ("I'm a paramedic with an ambulance trust in the midlands, 4 yrs in.", {"profession": "paramedic", "nation": "england"}),
    ("ST4 anaesthetics in Cardiff and Vale", {"profession": "doctor", "nation": "wales"}),
    ("CT2 in psychiatry in leeds", {"profession": "doctor", "nation": "england"}),
    ("restorative dentistry StR in Birmingham", {"profession": "dentist", "nation": "england"}),
    ("OT in north wales", {"profession": "occupational_therapist", "nation": "wales"}),
    # round twenty-four: a Welsh region, a biomedical scientist in short, a doctor whose SPA goes on admin
    ("Helo, CNS band 7 in gwent. whats the difference between pathway to portfolio and the research time award?",
     {"profession": "nurse", "nation": "wales"}),
    ("hi, BMS in path lab, england, band 6", {"profession": "healthcare_scientist", "nation": "england"}),
    ("ST3 in gastro at Guy's. My SPA gets swallowed by admin", {"profession": "doctor", "nation": "england"}),
])
def test_regions_and_training_grades(message, told):
    said = extract(message).filled()
    assert {k: said.get(k) for k in told} == told


@pytest.mark.parametrize("message, told", [
    # round twenty-three: interests said as a label, "nq", the Ulster, a pal elsewhere
    ("oh and interests - stroke rehab mainly", {"interests": "stroke rehab mainly"}),
    ("interests: eating disorders", {"interests": "eating disorders"}),
    ("england, nottingham. interests idk... maybe frailty? older ppl anyway", {"interests": "frailty", "nation": "england"}),
    ("nq nurse", {"profession": "nurse", "career_stage": "early_career"}),
    ("charge nurse at the Ulster (SE trust)", {"nation": "northern_ireland"}),
    ("my pal in manchester is doing ICA, can i?", {"nation": None}),
    ("hospital pharmacist in belfast, 5 yrs qualified, into antimicrobial stewardship. what can i apply for",
     {"interests": "antimicrobial stewardship"}),
    ("how do I get into research?", {"interests": None}), ("moved into a new role, band 6", {"interests": None}),
])
def test_interests_as_a_label_and_other_words(message, told):
    said = extract(message).filled()
    assert {k: said.get(k) for k in told} == told


def test_a_question_after_chat_asks_and_sources_asked_in_other_words():
    """"ok also whats HEE even called now" was read as a goodbye and said goodbye back."""
    from knowledge.profile_text import asks_for_its_sources, really_asks

    assert really_asks("ok also whats HEE even called now") and not really_asks("ok thanks")
    assert really_asks("what % said training would help")  # a share asked, no question mark (round twenty-four)
    for asked in ("whose idea was that originally", "what was rec 17 again", "which had the most studies",
                  "who ran it", "when did it start"):  # asked of the past
        assert really_asks(asked), asked
    assert not really_asks("I was a nurse")
    # round twenty-eight: "what sort of ..." asks, and so does whether the writer could have, unmarked mid-sentence
    for asked in ("what sort of skills does it build", "im a band 7 in preston could i have done it"):
        assert really_asks(asked), asked
    for told in ("I hope I can do it", "as much as i can do"):
        assert not really_asks(told), told
    for asked in ("what sources are you using for all this?", "where does your info come from?"):
        assert asks_for_its_sources(asked), asked
    assert not asks_for_its_sources("so what data can you use for a service evaluation?")


def test_chat_before_a_question_with_no_stop_is_no_part_of_it():
    """"ok what does mentorship look like" got "I don't know": "ok" moved it away from the mentorship entry."""
    from knowledge.profile_text import question_part

    assert question_part("ok what does mentorship look like") == "what does mentorship look like"
    assert question_part("ok what does mentorship look like?") == "what does mentorship look like?"
    assert question_part("and what happens on the second day?") == "and what happens on the second day?"
    assert question_part("so nurses in Wales, what is there?") == "so nurses in Wales, what is there?"


def test_into_a_year_is_no_interest():
    assert extract("im into my 3rd year of nursing, what can i do").interests is None
    assert extract("OT, into my 2nd year, in the midlands").interests is None
    assert extract("band 7 physio, NIHR clinical fellow").profession == "physiotherapist"
    assert extract("admin in the dentistry department").profession == "manager_admin"


@pytest.mark.parametrize("text, asked", [
    # the chat around a question is no part of what it asks (round twenty-four)
    ("fair enough. what could I do instead to get into research then?", "what could I do instead to get into research?"),
    ("any funding for that tho lol", "any funding for that"), ("thanks", "thanks"),
    ("is PCAF open to nurses?", "is PCAF open to nurses?"),
    ("yeah but what's in it for me", "what are the benefits of doing research for me?"),  # the idiom, in words to search
    ("what's in it for me if I do PCAF?", "what's in it for me if I do PCAF?"),
])
def test_the_chat_around_a_question_is_left_out_of_what_it_asks(text, asked):
    from knowledge.profile_text import without_chat

    assert without_chat(text) == asked


@pytest.mark.parametrize("text, asks", [
    # a question tag, or the verb first before a name, with no question mark (round twenty-five)
    ("the report didnt even include ambulance people tho did it", True),
    ("thats for doctors isnt it", True),
    ("the survey was in 2020, was it", True),
    ("was sheffeild in that cancer reserch report", True),
    ("is lothian in the report", True),
    ("has anyone done that", True),
    ("i did it", False), ("no i dont want to do it", False), ("so did i", False), ("i dont want it", False),
    ("Was band 5 until last month, now band 6", False), ("was student nurse til sept now band 5 staff nurse", False),
    ("Was told I should ask here", False), ("is my first week on the ward", False),
    ("is good thanks", False), ("have a nice day", False), ("is all good", False), ("was really helpful thanks", False),
])
def test_questions_without_a_question_mark(text, asks):
    from knowledge.profile_text import only_greets, really_asks

    assert really_asks(text) is asks
    if asks:
        assert not only_greets(text)


@pytest.mark.parametrize("text, declines", [
    ("no i dont want to do your induction thing", True), ("skip the questions", True),
    ("I'd rather not answer your questions", True), ("not interested in your quiz", True),
    ("no questions please", True), ("I don't need the induction, just the answer", True),
    ("I want to do the induction", False), ("do I need to do induction training?", False),
    ("what questions will you ask?", False), ("start induction", False),
    # not the induction's questions (the review)
    ("I don't want to fill in the form for the fellowship, is there an easier way?", False),
    ("I don't know how to answer the questions on the application form", False),
    ("I don't want to do a PhD, which questions should I ask my manager?", False),
    ("without the questionnaire how would we measure it", False),
])
def test_declining_the_induction(text, declines):
    from knowledge.profile_text import declines_induction

    assert declines_induction(text) is declines


@pytest.mark.parametrize("text, said", [
    # where a scheme may be limited to is no place of the writer's, nor "work for me" a workplace (round twenty-five)
    ("and would the uni thing ICA work for me or is that england only", {}),
    ("nurse in wales. is it only for england?", {"profession": "nurse", "nation": "wales"}),
    ("is that for people in scotland?", {}),
    ("I work in england, is that ok", {"nation": "england"}),
    ("it's scotland", {"nation": "scotland"}), ("England only", {"nation": "england"}),
    ("is it just for scotland?", {}),
    ("i work for nhs lothian", {"nation": "scotland", "organisation": "nhs lothian"}),
])
def test_a_place_a_scheme_may_be_limited_to_is_not_the_writers(text, said):
    from knowledge.profile_text import extract

    assert extract(text).filled() == said
