"""Questions about matters no R&D office handles (clinical care, the writer's pay and leave, the car park): the
assistant says it does not know and names who does, instead of "ask your R&D office" and a gap logged for the R&D
office to fill.

A request for clinical advice is never answered from the knowledge base, even where an entry shares its words ("what
dose of dexamethasone should we give covid patients on oxygen?" found the entry citing the RECOVERY trial), nor a
question on the writer's own terms of employment no entry states ("does my NHS pension keep building up on the
fellowship?", "how much annual leave do I get?"). The car park and the like only when neither an entry nor a passage
answered. Research on any of these is research ("a study on sick leave among paramedics", "a trial of vitamin D
dosing", "can I use annual leave for research?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HR = "Your line manager or your trust's HR (workforce) team can tell you; for pay, the payroll team."
# The writer's own: "my pension", "can I keep my increments?"
OWN = re.compile(r"\b(?:i|i'm|im|i've|i'd|me|my|we|our|us)\b", re.I)
RESEARCH = re.compile(r"\b(?:research\w*|stud(?:y|ies)(?! leave)|trials?|evidence|fellowships?|audit|evaluat\w*|"
                      r"projects?|intervention|quality improvement|nihr|iras|ppi|stats|statistics)\b", re.I)  # "study leave" is leave
# Words of any workplace question too ("how do i apply for a staff parking permit" is about parking), but of a scheme
# beside a matter that overrules an answer ("does the internship funding cover travel expenses?" is the scheme's)
SCHEME_WORDS = re.compile(r"\b(?:funding|apply|application|training)\b", re.I)


# The writer's own research role after it ("how do I get my patients into a trial as a PI"): research delivery, not a
# trial for a patient
NOT_AS_A_PATIENT = r"[^.?!]{0,40}\b(?:as (?:an? )?pi|as (?:the )?principal investigator|(?:i|we) (?:am |are )?recruit\w*)\b"


@dataclass(frozen=True)
class Matter:
    name: str
    asked: re.Pattern
    who: str  # who to ask instead, as said after "I don't know"
    always: bool = False  # refused even where an entry or a passage shares its words
    own: bool = False  # only about the writer's own (their pension, not pensions as a topic)
    research_too: bool = False  # a question also about research is still this matter ("does my pension keep building
    # up on the fellowship?"); otherwise research words make it a research question
    says: str | None = None  # the whole reply, where "I don't know the answer" would be the wrong words ("I'm burnt out")


MATTERS = (
    # asks what to give a patient, not about research on a treatment
    Matter("clinical", re.compile(r"\b(?:what(?:'s|s)?|which|right|correct|usual|recommended|max(?:imum)?|starting|"
                                  r"loading)\s+"
                                  r"(?:\w+\s+){0,2}?(?:dose|dosage|dosing)\b|\bhow (?:many|much) (?:mg|ml|units|mcg)\b|"
                                  r"\b(?:should|do|can) (?:i|we|you) (?:give|prescribe|administer)\b"
                                  r"(?=[^.?!]{0,40}\b(?:patients?|drugs?|medications?|medicines?|antibiotics?|insulin|"
                                  r"steroids?|iv|orally|tablets?)\b)|contraindicat\w*|"
                                  # the writer's own patient ("my patient's 34 weeks with suspected pre-eclampsia")
                                  r"\b(?:my|our) patient(?:'s|s)?\b(?! (?:and public|involvement))|"
                                  # a midwife's "my lady": for her, not about her ("my lady asked about the PPI group")
                                  r"\b(?:for|to|give|on) (?:my|our) (?:lady|ladies)\b|"  # not "can you give me more"
                                  # a test's threshold in practice ("what cut-off do we use?"), whether NICE recommends
                                  # a test or treatment now ("is the PlGF test NICE recommended now?")
                                  r"\b(?:what|which)\s+(?:\w+\s+)?(?:cut-?offs?|thresholds?|reference ranges?)\s+"
                                  r"(?:do|should|would)\s+(?:we|i|you)\s+use\b|"
                                  r"\bnice[- ](?:recommended|approved)\b|"
                                  # "high potassium what do i give": what to give, however the patient is described
                                  r"\bwhat (?:do|should|would|can) (?:i|we|you) (?:give|prescribe|administer)\b(?![^.?!]{0,20}"
                                  r"\b(?:as|for) (?:a |an |the |my )?(?:reference|referee|answer|talk|presentation|feedback|example|"
                                  r"gift|present|leaving)\b)|"
                                  r"\b(?:high|low|raised|rising) (?:potassium|sodium|glucose|calcium|magnesium|k\+|na\+|"
                                  r"blood (?:pressure|sugar)|bp|sats|temp)\b", re.I),
           "I can't give clinical advice: please follow your trust's clinical guidelines, or ask your pharmacy team or "
           "a senior clinician.", always=True),
    Matter("employment", re.compile(r"\b(?:increments?|pensions?|pensionable|sick (?:leave|pay)|maternity (?:leave|pay)|"
                                    r"paternity leave|overtime|band uplift|re-?band(?:ed|ing)?|mileage|"
                                    r"holiday entitlement|notice period|flexible working|bank holiday|unsocial hours|"
                                    r"keeping in touch days|kit days|paid extra|uniform allowance|uniforms?|"
                                    r"(?:lose|keep|drop)\s+(?:my\s+)?"
                                    r"(?:band|grade|banding))\b", re.I),
           HR, always=True, own=True, research_too=True),
    # tax on the writer's own fees or pay ("can I get tax relief on my self-funded PhD fees?"), whatever for
    Matter("tax", re.compile(r"\b(?:tax (?:relief|rebate|return|code|deductible|free|back)|tax-(?:deductible|free)|"
                             r"hmrc|claim (?:\w+ )?(?:back )?(?:the )?tax)\b", re.I),
           "HMRC's guidance, or your trust's payroll team, can tell you.", always=True, research_too=True),
    Matter("pay", re.compile(r"\b(?:pay ?slips?|pay ?day|payroll|pay (?:rise|award|uplift|scales?)|"
                             r"band \d[abc]?\b[^.?!]{0,20}\b(?:going up|go up|goes up|rising|pay rise))\b", re.I),
           HR, always=True),
    # what a band pays, whatever the job ("what's band 5 pay? thinking of applying for a research admin job")
    Matter("band pay", re.compile(r"\bband \d[abc]?\s+(?:pay|salary|wages?)\b(?!\s+for\b)|\bhow much (?:is|does) (?:a )?"
                                  r"band \d[abc]? (?:get|earn|paid|make)\b|"
                                  # what a band's role is paid ("what does a band 6 clinical research practitioner get
                                  # paid?"), not the writer on a scheme ("im band 6, do i get paid on ICAP?")
                                  r"\b(?:what|how much) (?:does|do|would|will|could) (?:a |an )?band \d[abc]?\b"
                                  r"(?:\s+[\w-]+){1,4}?\s+(?:get paid|earn|take home)\b", re.I), HR, always=True,
           research_too=True),
    # the writer's own leave ("how much annual leave do I get?") or what someone is entitled to ("how many days annual
    # leave does a band 6 nurse get?"), not staff taking it for research (a finding of the report)
    Matter("leave", re.compile(r"\b(?:how (?:many|much)\b[^.?!]{0,30}\b(?:annual|study) leave|(?:annual|study) leave\b"
                               r"[^.?!]{0,40}\b(?:get|gets|entitled|entitlement|allowance)\b|(?:book|take|my|our)\s+"
                               r"(?:\w+\s+)?annual leave|agenda for change|travel expenses|carry (?:over|forward)\b"
                               r"[^.?!]{0,30}\bleave\b)", re.I), HR, always=True),
    # the Electronic Staff Record, where mandatory training and GCP are booked: a login to it is IT's, whatever for
    Matter("staff record", re.compile(r"\besr\b(?=[^.?!]{0,80}\b(?:passwords?|locked|won'?t|can'?t|cannot|"
                                      r"not (?:working|loading)|failing|expired|reset)\b)|\b(?:can'?t|cannot|unable to|"
                                      r"won'?t let me)\s+(?:log ?in|log ?on|access|get into)\s+(?:to\s+)?(?:my\s+)?esr\b",
                                      re.I),
           "Your trust's IT service desk can help (or its ESR team).", always=True, research_too=True),
    # the writer's computer, accounts and systems ("my nhsmail password's expired", "Thiscovery won't load on my work
    # laptop, is it blocked by the firewall?"), not data systems for a study (research words)
    Matter("it", re.compile(r"\b(?:passwords?|locked out|it (?:service |help ?)?desk)\b|\b(?:log ?in|log ?on|smart ?card|"
                            r"laptop|computer|wi-?fi|vpn|firewall|printer)\b(?=[^.?!]{0,60}\b(?:won'?t|"
                            r"can'?t|cannot|not (?:working|loading)|blocked|broken|expired|reset|forgot\w*|crash\w*|"
                            r"freez\w*|keeps? failing)\b)|\b(?:keeps?|kept|is|it'?s|always)\s+(?:crashing|freezing)\b|"
                            r"\b(?:won'?t|can'?t|cannot)\s+(?:load|open|connect|log ?in|access)\b[^.?!]{0,40}\b(?:"
                            r"laptop|computer|wi-?fi|firewall|network)\b", re.I),
           "Your trust's IT service desk can help.", always=True),
    Matter("incidents", re.compile(r"\bdatix\b|\b(?:report|log|raise|submit)\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?"
                                   r"(?:incident|near miss)|\bnear miss\b", re.I),
           "Report it through your trust's incident reporting system; your line manager or the person in charge of "
           "your shift can show you how.", always=True),
    # the writer's own shifts ("need to swap my shift next tues"), not research time on the rota
    Matter("rota", re.compile(r"\b(?:swap|switch|swapping|switching)\s+(?:my\s+|a\s+|the\s+)?(?:\w+\s+)?"
                              r"shifts?\b|\bshift swaps?\b|\bhealth ?roster\b|"
                              # the writer's rota done for them ("can u just redo my rota for next month")
                              r"\b(?:redo|re-do|do|sort|write|make|change|fix|plan)\s+(?:out\s+)?(?:my|our)\s+(?:\w+\s+)?"
                              r"(?:rota|roster|off-?duty)\b", re.I),
           "Your ward or line manager, or your rostering team, can sort that.", always=True, research_too=True),
    # the writer's own immigration status, whatever they would do with it ("am I allowed to do a part-time PhD on a
    # Health and Care Worker visa?")
    Matter("immigration", re.compile(r"\b(?:visas?|immigration|home office|skilled worker|certificate of sponsorship)\b",
                                     re.I),
           "Your trust's HR (international recruitment) team can tell you, with the Home Office's guidance on GOV.UK.",
           always=True, research_too=True),
    # a trial for someone close to the writer, as a patient ("my mum's just been diagnosed, can you find a trial she
    # could go on?"): their clinical team's question, not the R&D office's
    Matter("patient trials", re.compile(r"\b(?:my|our) (?:mum|mom|mother|dad|father|wife|husband|partner|son|daughter|"
                                        r"child|kids?|sister|brother|nan|gran|grandma|grandad|grandpa|relative|aunt|"
                                        r"uncle)(?:'s)?\b(?=[^.?!]{0,80}\b(?:diagnos\w*|cancer|condition|illness|ill|"
                                        r"treatment|unwell)\b)[^.?!]{0,120}\btrials?\b|\b(?:find|get|put|enrol|enroll)\s+"
                                        r"(?:her|him|them|my \w+)\s+(?:on|into|in|onto)\s+(?:a|any)\s+(?:clinical\s+)?trials?\b"
                                        r"(?!" + NOT_AS_A_PATIENT + r")|"
                                        # a patient of theirs ("my patient wants to get on a cancer trial, which trials
                                        # are recruiting in Leicester right now?"), and trials open now anywhere
                                        r"\b(?:my|a|our|the) patients?\b[^.?!]{0,40}\b(?:get|go|going|be|join|take part|"
                                        r"enrol\w*)\b[^.?!]{0,20}\b(?:on|in|into|onto)\s+(?:a|an|any|the)\s+(?:\w+\s+)?"
                                        r"trials?\b(?!" + NOT_AS_A_PATIENT + r")", re.I),
           "I can't find trials for patients: their treating clinical team can talk it through with them, and NIHR's Be "
           "Part of Research website (https://bepartofresearch.nihr.ac.uk) lists studies that are recruiting.",
           always=True, research_too=True),
    # a university's own fees ("part-time PhD fees at the University of Nottingham"), not funding that pays them
    Matter("university fees", re.compile(r"\b(?:fees?|tuition)\b[^.?!]{0,40}\b(?:at|for) (?:the )?(?:uni|university)\b|"
                                         r"\buniversity of \w+(?: \w+)?\W+(?:\w+\W+){0,3}(?:fees?|tuition)\b", re.I),
           "The university's own fees pages or its postgraduate admissions team can tell you; ask me about schemes "
           "that pay fees."),
    Matter("occupational health", re.compile(r"\boccupational health\b|\b(?:flu|covid)\s+(?:jabs?|vaccines?|"
                                             r"vaccinations?|boosters?)\b", re.I),
           "Your trust's staff intranet or the occupational health team can tell you."),
    # the writer hurt at work ("I've hurt my back moving patients, can I get physio through work?"): theirs, whatever
    # else it shares words with (a physio is a profession too)
    Matter("injury", re.compile(r"\b(?:i'?ve|i have|i just|i'?ve just)\s+(?:\w+\s+)?(?:hurt|injured|pulled|strained|twisted)\s+"
                                r"my\s+(?:back|neck|shoulder|knee|wrist|ankle|arm|leg|hip)\b(?![^.?!]{0,30}\b(?:last|ago|fine "
                                r"now|better now)\b)|\b(?:i'?ve had|i had|i got|i'?ve got|i just had)\s+(?:a\s+)?needle ?stick\b",
                                re.I),
           "Your line manager and your trust's occupational health team can help, and report it through your trust's "
           "incident reporting system.", always=True, research_too=True),
    # the writer's own wellbeing ("honestly I'm burnt out ... what do I do"), not research on staff wellbeing
    Matter("wellbeing", re.compile(r"\b(?:i'?m|i am|i feel|feeling|i've been|ive been)\s+(?:\w+\s+){0,2}?(?:burn(?:t|ed|ing) "
                                   r"out|not coping|exhausted(?! (?:all|the|every|my options))|(?:so |really |very )?"
                                   r"stressed(?! about))\b|\bi can'?t cope\b", re.I),
           "", always=True, own=True,
           says="I'm sorry you're feeling like this. I can't advise on it myself: please talk to your line manager, your "
                "occupational health or staff wellbeing service, or your GP. If you need help urgently, call NHS 111, "
                "or 999 in an emergency."),
    # the writer treated badly at work ("I'm getting bullied by my manager since I asked for research time, who do I
    # talk to?"): never the R&D office's question, research or not
    Matter("bullying", re.compile(r"\b(?:i'?m|i am|i'?ve been|i have been|i was|i feel|being|getting|get|got)\s+(?:\w+\s+)?"
                                  r"(?:bullied|harassed|discriminated against|victimi[sz]ed|picked on)\b|"
                                  r"\b(?:my|our) (?:manager|boss|colleagues?|team|supervisor|line manager)\s+(?:is|are|keeps?)\s+"
                                  r"(?:\w+\s+)?(?:bullying|harassing|picking on)\s+me\b", re.I),
           "", always=True, own=True, research_too=True,
           says="I'm sorry that's happening. I can't advise on it myself: please talk to your trust's Freedom to Speak Up "
                "guardian, your HR team or your trade union representative, who can help in confidence. Your "
                "occupational health or staff wellbeing service can support you too."),
    # work someone wants done for them ("can you write the discussion section of my MSc dissertation for me?")
    Matter("coursework", re.compile(r"\b(?:write|do)\b[^.?!]{0,60}\b(?:dissertation|essay|assignment|thesis|coursework)"
                                    r"\b[^.?!]{0,60}\bfor me\b", re.I),
           "I can't write it for you: your course supervisor or your library and knowledge service can help."),
    Matter("facilities", re.compile(r"\b(?:parking|park my car|car park|where (?:do|can|should) (?:i|we|staff) park|"
                                    r"canteen|lockers?|staff badge|id badge|(?:best|where) to park)\b", re.I),
           "Your trust's staff intranet or its facilities team can tell you."),
    Matter("off topic", re.compile(r"\b(?:weather|forecast|is it lunch(?: time)? yet|is it home time)\b", re.I), "",
           always=True),
)


def matter_of(question: str, answered: bool) -> Matter | None:
    """The matter elsewhere the question asks about (`answered`: an entry or a passage answered it, which only the
    `always` matters overrule); None for a question about research."""
    return next((m for m in MATTERS if (m.always or not answered) and m.asked.search(question)
                 and (not m.own or OWN.search(question))
                 and (m.research_too or not RESEARCH.search(question))
                 and (m.research_too or not m.always or not SCHEME_WORDS.search(question))), None)
