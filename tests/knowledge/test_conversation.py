"""What a message refers to in the conversation: the entry just answered, an item of the list just shown, or one of
several (ask which)."""

import pytest

from knowledge.conversation import (FIGURE_ASKED, Context, Referent, figure_only, follows_up, in_context, pointed_back, position,
                                    refers_to, with_earlier)

LISTED = ("pathway-to-portfolio", "research-time-award-wales", "mentorship")  # two schemes, then a way in


@pytest.mark.parametrize("question, picked", [
    ("the first one", 0), ("the second", 1), ("number 2", 1), ("the last one", 2), ("tell me more about the 3rd", 2),
    ("2", 1), ("second", 1), ("the 2nd?", 1), ("how do I apply for the second one?", 1), ("option two", 1),
    ("is the first one open to nurses?", 0), ("#3", 2), ("the top one", 0), ("first one please", 0),
    ("the second scheme you mentioned", 1), ("the first of them", 0), ("the final one", 2), ("last", 2),
    ("number two, how do I apply?", 1), ("number 3 please", 2), ("option 1 you listed", 0),
    ("what about the fifth one?", 4),  # past the end: the caller asks which
])
def test_an_ordinal_picks_from_the_list(question, picked):
    assert position(question, len(LISTED)) == picked


@pytest.mark.parametrize("question", [
    "what is the first step?", "how long does it last?", "the first time I did research", "no one told me",
    "I'm in my first year", "in the last 5 years", "when is the last date to apply?", "first of all, what is P2P?",
    "what did the final report say?", "number 0", "what is ICAP?",
    "What's the number one reason staff give for getting into research?", "what does recommendation number 6 say?",
    "is objective number two about careers?", "I'm a band number 5 nurse",
])
def test_words_that_only_look_like_ordinals_pick_nothing(question):
    assert position(question, len(LISTED)) is None


def test_an_ordinal_after_a_list_is_that_item(index):
    listed = Context(listed=LISTED)
    assert in_context(index, "the second one", listed) == Referent("research-time-award-wales")
    assert in_context(index, "tell me more about the 3rd", listed) == Referent("mentorship")
    assert in_context(index, "the last one", listed) == Referent("mentorship")
    # An entry opened since does not change what "the first one" of the list is.
    assert in_context(index, "the first one", Context("mentorship", LISTED)) == Referent("pathway-to-portfolio")


def test_a_pick_past_the_end_asks_which(index):
    assert in_context(index, "the fifth one", Context(listed=LISTED)) == Referent(choices=LISTED)


def test_it_after_a_list_of_several_asks_which_and_after_one_entry_is_that_entry(index):
    assert in_context(index, "how do I apply for it?", Context(listed=LISTED)) == Referent(choices=LISTED)
    # money: only the schemes listed have it ("how much money can you get from it?" offered the R&D office too)
    assert in_context(index, "how much money can you get from it?", Context(listed=LISTED)) \
        == Referent(choices=LISTED[:2])
    assert in_context(index, "how do I apply for it?", Context(listed=LISTED[:1])) == Referent(LISTED[0])
    assert in_context(index, "how much is it worth?", Context("pcaf", LISTED)) == Referent("pcaf")


def test_an_eligibility_question_asks_which_of_the_schemes_only(index):
    """Mentorship is a way in open to everyone: "am I eligible for it?" is about one of the two schemes."""
    assert in_context(index, "am I eligible for it?", Context(listed=LISTED), schemes_only=True) == \
        Referent(choices=LISTED[:2])
    assert in_context(index, "am I eligible for it?", Context(listed=LISTED[1:]), schemes_only=True) == \
        Referent(LISTED[1])


def test_a_listed_name_typed_alone_is_that_entry(index):
    assert in_context(index, "Pathway to Portfolio", Context(listed=LISTED)) == Referent("pathway-to-portfolio")
    assert in_context(index, "the research time award please", Context(listed=LISTED)) == \
        Referent("research-time-award-wales")


@pytest.mark.parametrize("question", ["what is ICAP?", "how do I get protected time for research?", "hello"])
def test_a_question_of_its_own_is_left_to_search(index, question):
    assert in_context(index, question, Context("pcaf", LISTED)) is None


def test_a_follow_up_is_about_the_scheme_named_else_the_conversation(index, settings):
    listed = Context(listed=LISTED)
    threshold = settings.min_confidence
    assert refers_to(index, "how do I apply for PCAF?", listed, threshold) == Referent("pcaf")
    assert refers_to(index, "am I eligible for the second one?", listed, threshold, True) == Referent(LISTED[1])
    assert refers_to(index, "how do I apply?", listed, threshold) == Referent(choices=LISTED)
    assert refers_to(index, "who do I contact?", Context("pcaf"), threshold) == Referent("pcaf")
    assert refers_to(index, "how do I apply?", Context(), threshold) == Referent()  # nothing to go on: ask
    # a nation alone, of the scheme just shown (round twenty-four: Northern Ireland's own scheme was ranked first)
    rfpb = Context("research-for-patient-benefit")
    assert refers_to(index, "can I apply from NI?", rfpb, threshold, True) == Referent("research-for-patient-benefit")
    assert refers_to(index, "can I apply from Northern Ireland?", rfpb, threshold, True) == Referent(
        "research-for-patient-benefit")
    # another nation's own scheme asked for is not it (the round's second review)
    assert refers_to(index, "is there an NI one I can apply for?", rfpb, threshold, True) != Referent(
        "research-for-patient-benefit")
    # what the writer could apply for, asked anew after a list (a physio moving to Melrose): the list, not "which one?"
    assert refers_to(index, "What could I apply for once I'm there?", listed, threshold, True) == Referent(schemes=True)
    assert refers_to(index, "could I apply for the second one?", listed, threshold, True) == Referent(LISTED[1])


def test_an_eligibility_question_naming_a_route_is_about_that_route_and_one_naming_a_body_about_its_schemes(
        index, settings):
    """"can physios get SPA?" after SPA was answered got the CSO fellowships in Scotland (the first scheme below SPA
    in the search)."""
    threshold = settings.min_confidence
    assert refers_to(index, "can physios get SPA?", Context("spa"), threshold, True) == Referent("spa")
    assert refers_to(index, "can physios get SPA?", Context(), threshold, True) == Referent("spa")
    found = refers_to(index, "can I apply to the NIHR?", Context(), threshold, True)
    assert found.entry_id != "nihr"


def test_a_body_named_after_a_scheme_was_discussed_is_about_that_body_or_its_schemes(index, settings):
    """"and CSO?" after the NRS fellowships was checked against the NRS fellowships (search ranked them second)."""
    threshold = settings.min_confidence
    assert refers_to(index, "and CSO?", Context("nrs-fellowships"), threshold, True) == \
        Referent("cso-fellowships-scotland")
    assert refers_to(index, "and CSO?", Context("nrs-fellowships"), threshold) == Referent("cso")
    assert refers_to(index, "is it open to bank staff?", Context("nrs-fellowships"), threshold, True) == \
        Referent("nrs-fellowships")


def test_eligibility_for_schemes_in_general_is_about_none_of_them(index, settings):
    """"can pharmacists apply for research fellowships?" is answered with the list, not one scheme search picked;
    "am I eligible for the fellowship?" right after one is still about that one."""
    threshold = settings.min_confidence
    asked = "can pharmacists apply for research fellowships?"
    assert refers_to(index, asked, Context(), threshold, True) == Referent(schemes=True)
    assert refers_to(index, asked, Context("pcaf"), threshold, True) == Referent(schemes=True)
    assert refers_to(index, "am I eligible for the fellowship?", Context("pcaf"), threshold, True) == Referent("pcaf")
    assert refers_to(index, asked, Context(), threshold).schemes is False  # only eligibility questions list schemes


def test_a_follow_up_naming_another_entry_is_about_that_entry(index, settings):
    """"how do I become a research champion?" after PCAF is about research champions, not PCAF."""
    found = refers_to(index, "how do I become a research champion?", Context("pcaf"), settings.min_confidence)
    assert found == Referent("research-champions")


def test_the_context_read_from_a_request_keeps_only_entries_the_index_holds(index):
    assert Context.read("pcaf", index) == Context("pcaf")
    assert Context.read({"entry": "gone", "listed": ["pcaf", 3, "gone", "icap"]}, index) == \
        Context(None, ("pcaf", "icap"))
    assert Context.read(["pcaf"], index) == Context() and Context.read({"listed": "pcaf"}, index) == Context()


def test_a_follow_up_with_a_topic_of_its_own_leaves_the_entry_just_discussed(index, settings):
    """"what about the internship?" after PCAF was checked against PCAF again; a follow-up search knows nothing
    better about ("is it open to bank staff?") stays with PCAF."""
    threshold = settings.min_confidence
    assert refers_to(index, "what about the internship?", Context("pcaf"), threshold, True) == Referent("icap-internship")
    assert refers_to(index, "is it open to bank staff?", Context("pcaf"), threshold, True) == Referent("pcaf")


def test_a_question_pointing_back_with_one_word_of_its_own_is_about_the_entry_just_answered(index, settings):
    """"who wrote it" after Creating Time for Research was answered with local agreements to "write research into job
    plans" (search alone, for "wrote")."""
    threshold = settings.min_confidence
    report = Context("creating-time-for-research-report")
    for question in ("who wrote it", "who wrote it?", "who runs it?", "when did it start"):
        assert pointed_back(index, question, report, threshold) == "creating-time-for-research-report", question
    assert pointed_back(index, "is it worth doing a PhD?", report, threshold) is None  # the "it" of what follows
    # the "it" of a question the same message asked first
    assert pointed_back(index, "what's a PhD? do I need it?", Context("nihr"), threshold) != "nihr"



def test_a_change_of_topic_announced_points_back_at_nothing(index, settings):
    """"actually forget that, totally different q - the report mentions a pre-eclampsia trial?" after the Welsh time
    award got the time award again ("that", and the report it cites)."""
    award = Context("research-time-award-wales")
    question = "actually forget that, totally different q - the report mentions a pre-eclampsia trial?"
    assert pointed_back(index, question, award, settings.min_confidence) is None
    assert pointed_back(index, "how do I apply for it?", award, settings.min_confidence) == "research-time-award-wales"


def test_a_question_pointing_back_with_a_topic_of_its_own_is_about_the_entry_just_answered(index, settings):
    """"do I need a PhD for it?" after the ACAF was answered about the DCAF (search alone, for "PhD")."""
    threshold = settings.min_confidence
    assert pointed_back(index, "do I need a PhD for it?", Context("acaf"), threshold) == "acaf"
    assert pointed_back(index, "what is P2P and can I apply for it?", Context("pcaf"), threshold) is None  # named
    assert pointed_back(index, "do I need a PhD?", Context("acaf"), threshold) is None  # points nowhere
    # one thing asked of the scheme just shown, in words search takes elsewhere ("part time", "clinical job")
    assert pointed_back(index, "could you do it part time alongside your clinical job?", Context("seventy-at-seventy"),
                        threshold) == "seventy-at-seventy"
    for own in ("is it worth doing a PhD?", "how long does it take to become a research nurse?",
                "how long does it take to get HRA approval?"):  # the "it" of a topic that follows
        assert pointed_back(index, own, Context("seventy-at-seventy"), threshold) is None, own
    assert pointed_back(index, "do I need a PhD for it?", Context(), threshold) is None  # nothing to point at
    # the "it" of a question put both ways is its own subject ("... or was it spread across the four nations?")
    assert pointed_back(index, "were most of the survey answers from england or was it spread across the nations?",
                        Context("this-institute-fellowships"), threshold) is None
    assert pointed_back(index, "do I need a PhD for it or is it enough to have a masters?", Context("acaf"),
                        threshold) == "acaf"
    assert pointed_back(index, "is there a deadline or is it rolling?", Context("pcaf"), threshold) == "pcaf"
    # a report named, asked about what was shown, which it is quoted in: what was shown
    assert pointed_back(index, "does that CRUK report talk about that?", Context("spa"), threshold) == "spa"
    assert pointed_back(index, "does that CRUK report have any figures?", Context("spa"), threshold) is None
    assert pointed_back(index, "does the HEE strategy say anything about that?", Context("spa"), threshold) is None
    # a topic of its own the entry does not hold, with no confident search: not the entry just answered
    assert pointed_back(index, "what % of people in that CRUK survey said training would help?",
                        Context("where-to-start"), threshold) is None
    # "anything that says" opens a clause: no pointer to the entry just answered
    assert pointed_back(index, "is there anything that says my trust should tell me about research when i start?",
                        Context("where-to-start"), threshold) is None
    # "THIS" is a name here, and the chat before the question hid it: THIS Institute, not the entry before
    assert pointed_back(index, "oh and random one, what does THIS institute actually do?", Context("where-to-start"),
                        threshold) is None


@pytest.mark.parametrize("question", ["what about midwives?", "and for physios?", "same for OTs?", "and doctors?",
                                      "what about for a band 4 on my team?",
                                      # with sentences around it that only tell
                                      "ok cool. what about for midwives? my friend is a midwife in the same board"])
def test_the_same_question_for_another_profession_is_about_the_entry_just_answered(index, question):
    assert in_context(index, question, Context("research-in-every-role")) == Referent("research-in-every-role")
    assert in_context(index, question, Context(listed=LISTED)) is None  # after a list: a question of its own


@pytest.mark.parametrize("question", ["what about in Wales?", "what about the internship?",
                                      "what about nurses who want to do a PhD in Wales?",
                                      "and is there any funding for band 5 nurses?",
                                      "and are there any fellowships for nurses?",
                                      "and any bursaries for a masters for physios?"])
def test_a_follow_up_naming_more_than_a_profession_is_not_the_same_question(index, question):
    assert in_context(index, question, Context("research-in-every-role")) is None


def test_a_pick_with_no_list_shown_refers_to_nothing(index):
    """"the last one" as a first message: nothing to pick from (the person is asked what they mean), not a search for
    "last" that finds nothing and logs a gap."""
    assert in_context(index, "the last one", Context()) == Referent()
    assert in_context(index, "number 7", Context(entry="pcaf")) == Referent()
    assert in_context(index, "what is the first step?", Context()) is None


def test_a_question_cut_short_about_something_the_entry_holds_is_about_that_entry(index, settings):
    """"what kind of projects?" after Pathway to Portfolio got "I don't know"; "what about protected time?" after it
    asks about something it does not hold: searched."""
    threshold = settings.min_confidence
    assert pointed_back(index, "what kind of projects?", Context("pathway-to-portfolio"), threshold) == \
        "pathway-to-portfolio"
    assert pointed_back(index, "what sort of training?", Context("pcaf"), threshold) == "pcaf"
    assert pointed_back(index, "what about protected time?", Context("pathway-to-portfolio"), threshold) is None
    assert pointed_back(index, "what kind of projects?", Context(None), threshold) is None
    assert pointed_back(index, "what kind of projects does RfPB fund?", Context("pathway-to-portfolio"),
                        threshold) is None  # names another


def test_a_follow_up_asking_for_what_is_named_after_the_last_entry_gets_that_entry(index):
    """"do they have fellowships?" after THIS Institute was answered with THIS Institute again; the entry named after
    it ("THIS Institute fellowship programme") answers. A follow-up asking nothing such stays with the entry."""
    assert in_context(index, "do they have fellowships?", Context("this-institute")) == \
        Referent("this-institute-fellowships")
    assert in_context(index, "what does it fund?", Context("icap")) == Referent("icap")
    assert in_context(index, "how long is it?", Context("pcaf")) == Referent("pcaf")


def test_one_thing_asked_of_the_entry_just_answered_is_about_it(index, settings):
    """"how much money can one project get?" after Pathway to Portfolio was read as asking which schemes; "who is it
    aimed at?" after Leading Cultures was answered about the HEE framework ("aimed"); "which one covers staff
    development?" after the Leicester strategy's four areas about another body. Each asks one thing of what was shown,
    in words that entry uses; one naming whom for, or a topic the entry never speaks of, is a question of its own."""
    threshold = settings.min_confidence
    assert pointed_back(index, "how much money can one project get?", Context("pathway-to-portfolio"), threshold) == \
        "pathway-to-portfolio"
    assert pointed_back(index, "who is it aimed at?", Context("leading-cultures-of-research"), threshold) == \
        "leading-cultures-of-research"
    assert pointed_back(index, "which one covers staff development?", Context("uhl-ri-strategy"), threshold) == \
        "uhl-ri-strategy"
    assert pointed_back(index, "how much funding is there for nurses?", Context("pathway-to-portfolio"),
                        threshold) is None  # whom for: its own question
    assert pointed_back(index, "how much does a masters in cardiology cost?", Context("pathway-to-portfolio"),
                        threshold) is None  # words the entry never uses
    assert pointed_back(index, "how much money can one project get?", Context(), threshold) is None
    # a figure asked of an entry giving the survey's shares, for a group too
    assert pointed_back(index, "what % agreed?", Context("research-in-every-role"), threshold) == \
        "research-in-every-role"
    assert pointed_back(index, "what % of nurses agreed?", Context("research-in-every-role"), threshold) == \
        "research-in-every-role"
    # words naming another entry, or its parts named in the entry's text, are not asked of it
    assert pointed_back(index, "where is the design service based?", Context("nihr"), threshold) != "nihr"
    assert pointed_back(index, "what does the senior leader programme offer?", Context("seventy-at-seventy"),
                        threshold) != "seventy-at-seventy"
    assert pointed_back(index, "what activities does it cover?", Context("local-research-time-agreements"),
                        threshold) != "spa"
    assert pointed_back(index, "is it part of the trust?", Context("rd-office"), threshold) != \
        "ni-research-offices-and-networks"


def test_its_named_part_is_the_entry_of_that_name(index, settings):
    """"and what were its R&I strategy's main aims?" after Health Education England was answered with Leicester's
    strategy (search alone): HEE's own strategy, as "do they have fellowships?" after THIS Institute is its
    fellowships."""
    threshold = settings.min_confidence
    assert pointed_back(index, "and what were its R&I strategy's main aims?", Context("hee"), threshold) == \
        "hee-ri-strategy"
    assert pointed_back(index, "what were its main aims?", Context("hee-ri-strategy"), threshold) == "hee-ri-strategy"



def test_a_clause_asking_about_what_it_names_is_not_about_the_entry_just_shown(index):
    """"sorry before i answer that - what does NIHR actually stand for? everyone keeps saying it", after the first
    steps, got the first steps again: its "that" and "it" point elsewhere, and NIHR (an organisation, dropped among so
    many other words) is what it asks about."""
    from knowledge.conversation import Context, pointed_back

    shown = Context(entry="where-to-start")
    question = "sorry before i answer that - what does NIHR actually stand for? everyone keeps saying it"
    assert pointed_back(index, question, shown, 0.23) is None
    assert pointed_back(index, "how do I apply for it?", shown, 0.23) == "where-to-start"



def test_a_clause_pointing_back_keeps_the_question_on_the_entry_shown(index):
    """"how long is it, and does NIHR pay my salary?" after PCAF asks of PCAF, whatever its other clause names."""
    from knowledge.conversation import Context, pointed_back

    assert pointed_back(index, "how long is it, and does NIHR pay my salary?", Context(entry="pcaf"), 0.23) == "pcaf"


def test_the_entry_just_answered_asked_about_in_another_nation_is_searched_for_there(index):
    """"what about in Scotland? I might move to Glasgow" after the NHS Research Time Award (Wales) got "I don't know"."""
    from knowledge.conversation import like_it_elsewhere

    asked = like_it_elsewhere(index, "what about in Scotland? I might move to Glasgow",
                              Context("research-time-award-wales"))
    assert asked is not None and "scotland" in asked and "protected time" in asked
    assert like_it_elsewhere(index, "what about Wales?", Context("research-time-award-wales")) is None  # its nation
    assert like_it_elsewhere(index, "what about midwives?", Context("research-time-award-wales")) is None
    assert like_it_elsewhere(index, "what about in Scotland?", Context()) is None  # nothing answered before
    for asked in ("and in Scotland?", "is there one in Scotland?", "is there an equivalent in Scotland?",
                  "thanks :) and in scotland?", "ok thanks, what about Scotland?",
                  "what about Scotland, anything like that?"):
        assert "scotland" in (like_it_elsewhere(index, asked, Context("research-time-award-wales")) or ""), asked
    assert like_it_elsewhere(index, "Scotland?", Context("research-time-award-wales")) is None  # perhaps where they work


def test_what_was_said_before_is_asked_with_a_question_pointing_back_only_when_nothing_was_shown(index):
    from knowledge.conversation import with_before

    said = Context(before="research was barely mentioned at my induction")
    question = "is there any recommendation on that?"
    assert with_before(index, question, said) == \
        "research was barely mentioned at my induction is there any recommendation on that?"
    assert with_before(index, "what is PCAF?", said) is None  # points at nothing
    assert with_before(index, question, Context("pcaf", before="x")) is None  # shown since
    assert with_before(index, question, Context()) is None
    for chat in ("hi", "are you a bot?", "I'm a nurse in Wales", "ok thanks"):  # nothing "that" could be
        assert with_before(index, question, Context(before=chat)) is None, chat
    # who the writer is, with what someone told them of: "it" is that
    told = Context(before="my manager told me to look at the Welsh research time award")
    assert with_before(index, "what is it?", told) is not None


def test_what_is_that_asked_of_something_the_message_names_is_about_it(index, settings):
    """"a mate told me to sign up to thiscovery?? what is that" just after small research projects got how to start
    a small project ("sign up")."""
    from knowledge.conversation import refers_to

    shown = Context("small-research-projects")
    question = "a mate told me to sign up to thiscovery?? what is that"
    assert refers_to(index, question, shown, settings.min_confidence).entry_id == "thiscovery"
    assert pointed_back(index, question, shown, settings.min_confidence) is None
    assert refers_to(index, "what is that?", shown, settings.min_confidence).entry_id == "small-research-projects"
    # "this" before it is what was shown; an organisation named is not applied to
    after = Context("pathway-to-portfolio")
    assert refers_to(index, "the CRN sent me a link to apply for this, what is it?", after,
                     settings.min_confidence).entry_id == "pathway-to-portfolio"
    assert refers_to(index, "am I eligible? my manager mentioned the CSO, what's that?", Context("icap-internship"),
                     settings.min_confidence, schemes_only=True).entry_id != "cso"


def test_one_of_several_called_by_a_word_of_its_name(index):
    """"how do I apply for the time one?" after a list, "the portfolio one" after another list without it: the entry
    whose name holds the word, not "which one do you mean?"; "the other one" and a word of several names are no pick."""
    from knowledge.conversation import Context, _called_by_a_word, in_context

    wales = ("research-time-award-wales", "hcrw-fellowships", "pathway-to-portfolio", "hcrw-advanced-fellowship",
             "local-research-time-agreements")  # "research time" too, but no scheme
    england = ("icap-internship", "pcaf", "dcaf", "research-for-patient-benefit", "icap")
    assert in_context(index, "how do I apply for the time one?", Context(listed=wales)).entry_id == \
        "research-time-award-wales"
    assert in_context(index, "what about the other one you said first, the portfolio one - could I do it from "
                             "england?", Context(listed=england)).entry_id == "pathway-to-portfolio"
    assert in_context(index, "what about the innovation money?", Context(entry="icap")) is None
    assert _called_by_a_word(index, "can I do the icap thing?", england) is None  # named: search answers
    # a word of some other entry's name is no pick (round 21's review): not after an entry, nor beyond the schemes
    assert in_context(index, "how long is the PhD programme?", Context(entry="dcaf")) is None
    assert in_context(index, "what does the leadership programme involve?", Context(entry="seventy-at-seventy")) is None
    for question in ("is the online one any good?", "which is the national one?", "the uk one"):
        found = in_context(index, question, Context(listed=england))
        assert found is None or found.entry_id is None, question
    other = in_context(index, "how do I apply for the other one?", Context(listed=wales))
    assert other is None or other.entry_id is None


def test_whom_to_talk_to_just_after_a_list_is_the_rd_office_first(index, settings):
    """"ok who do i actually talk to" after seven schemes got "which one do you mean?" (and before that "I don't know")."""
    from knowledge.conversation import Context, in_context, refers_to

    listed = Context(listed=("research-time-award-wales", "hcrw-fellowships", "pathway-to-portfolio"))
    assert refers_to(index, "ok who do i actually talk to", listed, settings.min_confidence).entry_id == "rd-office"
    assert in_context(index, "who do I contact about it?", listed).entry_id == "rd-office"
    assert refers_to(index, "how do I apply?", listed, settings.min_confidence).choices  # still "which one?"
    shown = Context(entry="pathway-to-portfolio")
    assert refers_to(index, "who do i talk to", shown, settings.min_confidence).entry_id == "pathway-to-portfolio"


def test_whom_to_talk_to_just_after_an_entry_asks_its_contact(index):
    """"ok who do i actually talk to" just after HSC R&D got "I don't know": talking to someone asks who to contact."""
    from knowledge.conversation import Context, in_context

    for question in ("ok who do i actually talk to", "who do i talk to", "who should I speak to?"):
        assert in_context(index, question, Context(entry="hsc-rd")).entry_id == "hsc-rd", question
    assert in_context(index, "can I speak to someone about the ICA programme?", Context(entry="hsc-rd")) is None


def test_the_new_one_is_the_successor_of_the_entry_just_answered(index):
    """"is the new one just for nurses" after 70@70 (closed, followed by the Senior Research Leader Programme) got the
    CAT Programme."""
    after = Context(entry="seventy-at-seventy")
    for question in ("is the new one just for nurses", "how do I apply for its replacement?"):
        assert in_context(index, question, after) == Referent("nihr-senior-research-leader-programme"), question
    assert in_context(index, "is the new one just for nurses", Context(entry="pcaf")) is None  # no successor


def test_what_applying_takes_just_after_a_list_asks_which_scheme(index):
    """"do i need a uni lined up first?" just after a paramedic's list got "I don't know"."""
    listed = Context(listed=("research-for-patient-benefit", "icap-internship", "rd-office"))
    assert in_context(index, "do i need a uni lined up first?", listed) == Referent(
        choices=("research-for-patient-benefit", "icap-internship"))
    one = Context(listed=("icap-internship", "rd-office"))
    assert in_context(index, "do i need a uni lined up first?", one) == Referent("icap-internship")
    assert in_context(index, "do i need my managers permission and a university partner and funding?", listed) is None
    # just after one of them was asked about ("wot is pathway to portfolio can i do it"): that one (round twenty-four)
    asked = Context(entry="pathway-to-portfolio", listed=("hcrw-fellowships", "pathway-to-portfolio", "rd-office"))
    assert in_context(index, "do i need a degree", asked) == Referent("pathway-to-portfolio")
    assert in_context(index, "do i need a degree for the others?", asked) == Referent(
        choices=("hcrw-fellowships", "pathway-to-portfolio"))  # not the one just asked about


def test_the_writer_telling_us_after_a_list_asks_which_of_none(index):
    """"i qualify in sept btw" after a trainee nursing associate's list got "Which one do you mean?"."""
    listed = Context(listed=("research-for-patient-benefit", "icap-internship"))
    assert in_context(index, "i qualify in sept btw", listed) is None
    assert in_context(index, "do i qualify?", listed) == Referent(choices=("research-for-patient-benefit",
                                                                           "icap-internship"))


def test_a_scheme_called_by_its_sum_and_nation(index):
    """"what about that 20k welsh one i heard about" (from a pharmacist in Belfast, after Northern Ireland's list) got
    "I don't know"."""
    for question in ("what about that 20k welsh one i heard about", "could any of them do the wales 20k thing"):
        assert in_context(index, question, Context(listed=("hsc-research-fora-scheme",))) == Referent(
            "pathway-to-portfolio"), question
    assert in_context(index, "what about the 20k english one", Context()) is None


def test_the_review_of_round_twenty_three_after_a_list(index):
    """"i need to know the deadline" just after a list asks which; a salary is no scheme's sum."""
    listed = Context(listed=("pcaf", "icap-internship"))
    assert in_context(index, "i need to know the deadline", listed) == Referent(choices=("pcaf", "icap-internship"))
    assert in_context(index, "nurse in leeds on 20k, is there one that pays for a pgcert?", listed) is None


def test_a_scheme_called_by_words_of_its_title_after_another_scheme(index, settings):
    """"who do I ask about the time award" just after ICAP got ICAP's contacts: the one scheme so titled; "it" stays
    with ICAP (round twenty-five)."""
    threshold = settings.min_confidence
    after_icap = Context(entry="icap")
    assert refers_to(index, "who do I ask about the time award", after_icap, threshold) == Referent(
        "research-time-award-wales")
    assert refers_to(index, "how do i apply for the portfolio one", after_icap, threshold) == Referent(
        "pathway-to-portfolio")
    assert refers_to(index, "who do I ask about it", after_icap, threshold) == Referent("icap")


def test_their_after_this_institute_is_not_nihr_by_its_research(index, settings):
    """"what are their three research priorities" after THIS Institute was answered about the NIHR ("National
    Institute for Health and Care Research" shares "institute" and "research"); their fellowships are still THIS
    Institute's (round twenty-five)."""
    threshold = settings.min_confidence
    after = Context(entry="this-institute")
    assert pointed_back(index, "what are their three research priorities", after, threshold) == "this-institute"
    assert pointed_back(index, "what do nurses say about their workload?", after, threshold) is None
    assert pointed_back(index, "how do universities fund their PhD students?", after, threshold) != "this-institute"
    assert refers_to(index, "can I apply for one of their fellowships", after, threshold, True) == Referent(
        "this-institute-fellowships")


@pytest.mark.parametrize("question, nation", [
    ("so what's the english alternative", "england"), ("is there a welsh equivalent?", "wales"),
    ("any scottish ones?", "scotland"), ("what is the NI version", "northern_ireland"),
    ("what's the alternative", None),
    # a move asked about (round twenty-six: "I don't know")
    ("and if i took a perm job at an english trust instead?", "england"), ("what if I moved to Scotland", "scotland"),
    ("if i took the job", None), ("if i moved to england do i keep it", None),  # whether it continues
])
def test_a_national_likeness_asked_for(question, nation):
    """"so what's the english alternative" after Pathway to Portfolio got "I don't know" (round twenty-five)."""
    from knowledge.conversation import another_nation

    assert another_nation(question) == nation


def test_what_applying_takes_is_asked_of_the_entry_answered_since_the_list(index):
    """"do i need a degree" after a porter's list and then "innovation challenge??" got "which one do you mean?" among
    the list: the entry answered since is what it asks about (round twenty-five)."""
    listed = ("research-for-patient-benefit", "nihr-senior-research-leader-programme")
    assert in_context(index, "do i need a degree", Context(entry="uhl-innovation-challenges", listed=listed)) == \
        Referent("uhl-innovation-challenges")
    assert in_context(index, "do i need a degree", Context(listed=listed)) == Referent(choices=listed)


def test_a_scheme_named_after_a_list_is_its_own_question(index):
    """"is 70 at 70 still going? my matron did it" just after a list got "Which one do you mean?": its name's digits
    read like bands, and "it" like a pointer (round twenty-six)."""
    listed = Context(listed=["research-for-patient-benefit", "nihr-senior-research-leader-programme"])
    assert in_context(index, "is 70 at 70 still going? my matron did it", listed) is None
    assert in_context(index, "how do I apply for it?", listed).choices == listed.listed


@pytest.mark.parametrize("question, entry", [
    ("sorry side q, is it true pharmacy is underfunded for research?", None),  # a side question: its own
    ("is it true pharmacy is underfunded for research?", None),  # "it" points at nothing
    ("is it still open?", "where-to-start"), ("is that right?", "where-to-start"),
])
def test_a_claim_to_check_and_a_side_question_are_not_about_the_entry_shown(index, question, entry):
    """"sorry side q, is it true pharmacy is underfunded for research?" after first steps got first steps again
    (round twenty-six)."""
    assert pointed_back(index, question, Context(entry="where-to-start"), 0.23) == entry


def test_a_follow_up_without_an_answer_is_read_with_the_persons_last_messages_when_something_was_shown():
    """"and the lowest?" after "which trusts were the case studies?" and "which had the most studies?"."""
    earlier = ("which trusts were the case studies?", "which had the most studies?")
    shown = Context(entry="case-study-sites", earlier=earlier)
    assert with_earlier("and the lowest?", shown) == ("which trusts were the case studies? which had the most "
                                                      "studies? and the lowest?")
    assert with_earlier("and the lowest?", Context(earlier=earlier)) is None  # nothing shown: nothing followed
    assert with_earlier("and the lowest?", Context(entry="case-study-sites")) is None  # nothing said before
    assert with_earlier("and?", shown) is None  # nothing of its own to check an answer against


def test_earlier_messages_are_read_from_the_request_as_text_only(index):
    read = Context.read({"entry": None, "earlier": ["which had the most studies?", 7, "  ", "x" * 900]}, index)
    assert read.earlier == ("which had the most studies?", "x" * 500)
    assert Context.read({"earlier": "not a list"}, index).earlier == ()


def test_an_answer_found_with_earlier_messages_must_hold_what_the_follow_up_asks():
    table = "Guy's and St Thomas' 1,104 studies; Kent Community Health 28 studies; 6 case study sites."
    assert follows_up("and the lowest?", table)  # a figure asked, a figure stated
    assert not follows_up("and the lowest?", "The survey ran in 2019 and 2020.")  # years are no figures asked
    assert follows_up("how many did they interview there", "There were 8 interviewees at Kent.")  # kin words
    assert follows_up("wales?", "10% (n=106) were from Welsh Health Boards in Wales.")
    assert not follows_up("whats the capital of peru", table)
    common = {"research"}
    assert not follows_up("how many research directors said there wasnt enough?",
                          "Creating Time for Research is a report on research with 17 recommendations.",
                          distinctive=lambda term: term not in common)
    assert follows_up("how many research directors said there wasnt enough?",
                      "60% of research directors said there was insufficient funding.",
                      distinctive=lambda term: term not in common)


def test_a_follow_up_asking_only_for_a_figure_names_no_subject_of_its_own():
    assert figure_only("and the lowest?") and figure_only("how many?")
    assert not figure_only("how many did they interview there") and not figure_only("wales?")


def test_a_fragment_adds_a_subject_to_what_was_just_discussed():
    """"and links with unis?", "and training?" after a survey's figure: read with the messages before them."""
    from knowledge.conversation import fragment

    assert fragment("and links with unis?") and fragment("what about data?") and fragment("and training?")
    assert not fragment("what about midwives?") and not fragment("what about in Scotland?")  # who may apply; where
    assert not fragment("ok thanks") and not fragment("and?")
    assert not fragment("and what happens on each of the four days of the programme then?")  # a question of its own
    assert not fragment("what about my dental nurse colleague?")  # who may apply: someone else's role
    assert not fragment("and thanks") and not fragment("also thanks a lot") and not fragment("and that is all")
    assert not fragment("and " + "training " * 200)  # long: no fragment (and no slow match)
    assert with_earlier("and thanks", Context(entry="x", earlier=("which had the most studies?",))) is None
    assert FIGURE_ASKED.search("what % said improving outcomes")


def test_an_answer_found_with_earlier_messages_must_hold_what_the_follow_up_adds_to_them():
    came_back = "When I finished my PhD fellowship and came back to my NHS post they didn't recognise my increments."
    earlier = ("is it true people lose pay coming back to the NHS after a PhD fellowship?",)
    assert not follows_up("what band would i come back on", came_back, earlier=earlier)
    assert follows_up("what band would i come back on", "You come back on band 6.", earlier=earlier)
    rota = "Staff with no protected time fit research around the rota."
    assert not follows_up("can u just redo my rota for next month", rota,
                          earlier=("how are other trusts giving nurses research time without wrecking the rota",))
    table = "Guy's 1104 studies; Kent Community Health 28 studies."
    assert follows_up("which had the most studies?", table, earlier=("which trusts were the case studies?",))


def test_a_follow_ups_words_said_before_in_another_form_are_not_its_own():
    back = "When I finished my PhD fellowship I had to come back to a lower post."
    earlier = ("is it true people lose pay coming back to the NHS after a PhD fellowship?",)
    assert not follows_up("what band would i come back on", back, earlier=earlier)


def test_schemes_asked_of_in_general_are_no_follow_up_of_the_entry_just_shown(index, settings):
    """Round twenty-eight: "ok so what schemes can i actually apply for" just after SPA time got SPA's "who can apply"
    (every word of it a follow-up's); the writer's own list answers it. "their fellowships" still points back."""
    from knowledge.conversation import asks_of_it

    question = "ok so what schemes can i actually apply for"
    after = Context(entry="spa")
    assert not asks_of_it(index, question, "spa")
    assert in_context(index, question, after) is None
    assert pointed_back(index, question, after, settings.min_confidence) is None
    assert asks_of_it(index, "who can apply for it?", "spa") or in_context(index, "who can apply for it?", after)
