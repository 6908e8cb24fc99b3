"""Tokenising and matching rules shared by lexical search and name matching."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from functools import lru_cache

STOPWORDS = frozenset(
    """a an and are as at be but by can could do does for from had has have how i if in into is it its me my
    of on or our should so that the their them then there these they this to us was we were what when where
    which who whom why will with would you your im i'm about any get got please tell know want
    am been being did done doing he she his her him hers may might must shall than too very just also
    more explain mean""".split()
)

_TOKEN = re.compile(r"[a-z0-9£@]+")


def _stem(token: str) -> str:
    """A deliberately light stemmer: plural and -ing forms only, so acronyms survive; a word's other spelling as the
    sources spell it ("which specialities are underfunded?" and a report's "specialties")."""
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
        return SPELLINGS.get(token, token)
    if len(token) > 5 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return SPELLINGS.get(token, token)


# Other spellings of a word, mapped to the one the sources use (British, and the NHS's own)
SPELLINGS = {"speciality": "specialty", "organization": "organisation", "program": "programme", "center": "centre",
             "randomized": "randomised", "prioritize": "prioritise", "prioritized": "prioritised",
             # and chat's short forms ("how many orgs replied?", "links with unis"; a web address's ".org" is no word)
             "org": "organisation", "uni": "university", "govt": "government", "dept": "department"}


_DOMAIN_SUFFIX = re.compile(r"\.org\b")  # "nhsconfed.org", "rd@uhl.org.uk": no organisation named
_COMPOUND = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)+")


def tokens(text: str) -> list[str]:
    """Stemmed words less stopwords; a hyphenated compound also as one word, so "pre-doctoral" and
    "predoctoral", "co-supervise" and "cosupervise" meet."""
    lowered = _DOMAIN_SUFFIX.sub(" ", text.lower())
    found = [_stem(t) for t in _TOKEN.findall(lowered) if t not in STOPWORDS]
    return found + [_stem(c.replace("-", "").replace("/", "")) for c in _COMPOUND.findall(lowered)]


@lru_cache(maxsize=8192)
def word_set(text: str) -> frozenset[str]:
    """`tokens` as a set, remembered: the same passages and entries are compared with every question, and
    tokenising them again each time was a tenth of an answer's CPU."""
    return frozenset(tokens(text))


def worded(text: str) -> bool:
    """Does the message hold a letter or a digit at all ("?", "...", "🙂🙂" do not): with none there is nothing to
    search, and nothing to log as a question nobody answered."""
    return bool(re.search(r"[^\W_]", text))


# Chat around a question ("ok, can I at least get a mentor?", "ugh, honestly, what's the point?"): no part of what
# is asked, so no measure of how much of the question an entry covers should count it.
CHAT_FILLER = frozenset(
    "ok okay least literally actually really honestly basically ugh um umm hmm lol haha hi hiya hello hey thanks "
    "thank cheers ta sorry alright anyway btw oh ah yeah yep".split())

# Words that only acknowledge what was said ("brill", "lol ok", "nice one, cheers"): no question to search, nor one to
# log as missed; read by Rasa as anything from a greeting to a fallback.
ACKNOWLEDGING = frozenset(
    "ok okay k kk okey cool great brill brilliant lovely nice one perfect ace grand sound fab fantastic awesome "
    "excellent amazing super wonderful champion cheers ta thanks thank you thx ty got it right alright fine noted "
    "understood lol haha hah ha hmm hm ah oh wow interesting good yes yeah yep yup sure fair enough will do gotcha "
    "much appreciated appreciate that".split())
MAX_ACKNOWLEDGING_WORDS = 5


# Small talk ("hiya how's your day going", "you ok?"): a greeting, not a question for the knowledge base.
SMALL_TALK = re.compile(r"^\W*(?:(?:hi|hiya|hello|hey|morning|good morning|afternoon|evening|lol)\W+)*(?:how(?:'s|s| is| are| r)? "
                        r"(?:you|ya|u|(?:your|ur|the) (?:day|shift|week|morning|afternoon)|it going|things|life|"
                        r"everything)|how do you do|(?:are )?(?:you|u) (?:ok|okay|alright|well|good)|what'?s up|wassup|"
                        r"sup)\b(?:\s+(?:doing|going|been|treating you|today|this|morning|afternoon|then|mate|there|love|"
                        r"buddy|bot|so|far|btw))*\W*$", re.IGNORECASE)


def small_talk(text: str) -> bool:
    """"hey how are you today", "morning! how's your day going": answered as small talk, whatever Rasa read it as."""
    return bool(SMALL_TALK.search(text))


# A reaction to the last reply ("that's so unfair", "that's annoying", "fair enough then"): nothing to search.
REACTION = re.compile(r"^\W*(?:(?:ok|oh|ah|ugh|well|hmm|lol|thanks|thank you|thank u|thx|cheers|ta)\W+)*(?:"
                      r"(?:that'?s|thats|that is|it'?s|its|how) (?:so |really |a bit |very |quite |kind of |pretty )?"
                      r"(?:unfair|annoying|rubbish|a shame|a pity|frustrating|harsh|sad|great|good|fair|helpful|useful|"
                      r"brilliant|interesting|disappointing|typical|perfect)(?: then| though)?|"
                      # "thanks, that's what I needed", "thank you, what a great service", "that helps", "is that all?"
                      r"(?:that'?s|thats|that is|it'?s|its) (?:exactly |just )?what i (?:needed|wanted|was (?:looking for|"
                      r"after))|what an? (?:great|good|helpful|useful|brilliant|lovely) (?:service|help|bot|answer)|"
                      r"(?:that|it|this) (?:helps|helped)(?: a lot| loads)?|is that (?:all|it|everything)|"
                      # a compliment: "lol this bot is better than my induction", "you're actually really helpful"
                      r"(?:this|the) (?:bot|chat|assistant|thing) (?:is|was) (?:so |really |actually |way )?(?:better|"
                      r"great|good|brilliant|helpful|useful|amazing|class)(?: than (?:my |the )?[a-z']+(?: [a-z']+)?)?"
                      r"(?: tbh| lol| haha)?|(?:you'?re|you are|ur) (?:so |really |actually |very )*(?:helpful|great|"
                      r"brilliant|amazing|a star|a legend|good at this)|"
                      # how the writer feels about it ("ok thx, bit gutted"), or what they will do next ("ok thanks, will
                      # look at the new one", "cheers, I'll have a read"): nothing asked
                      r"(?:(?:a )?bit |so |really |quite |well )?(?:gutted|disappointed|annoyed|sad|relieved|chuffed|"
                      r"happy|pleased|excited)(?: tbh| lol| haha| then| though)?|"
                      r"(?:i['\u2019]?ll |i will |will )(?:have a (?:look|read|think|go)|look (?:at|into|up|through)|check|"
                      r"read|try|email|ring|call|contact|speak to|talk to|give (?:it|that|them) a|bookmark|save|pass)"
                      r"\b[^?.,;!]*)\W*$",  # one clause: "will email the R&D office, whats their address" asks
                      re.IGNORECASE)


# A question announced, not yet asked ("quick one", "can I ask you something?", "random q"): nothing to search yet.
ANNOUNCES = re.compile(r"^\W*(?:(?:hi|hiya|hello|hey|ok|okay|so|right|sorry)\W+)*(?:(?:a |one )?(?:quick|random|silly|"
                       r"daft|small) (?:one|q|qu|question|query|thing)|(?:can|could|may) i ask (?:you )?(?:a (?:quick )?"
                       r"(?:question|thing)|something|a favour)|i(?:'ve| have)? (?:got )?a (?:quick )?question(?: for you)?|"
                       r"question for (?:you|u))(?:\W+(?:please|pls|for you|for u|then))?\W*$", re.IGNORECASE)


# A goodbye said in other words than Rasa's ("ok have a good one" got "I don't know the answer to that")
FAREWELL = re.compile(r"^\W*(?:(?:ok|okay|right|great|thanks|thank you|cheers|ta|lovely|perfect|brill|bye|anyway)\W+)*"
                      r"(?:have a (?:good|nice|great|lovely) (?:one|day|evening|weekend|shift|night|week)|take care|"
                      r"see (?:you|ya|u)(?: later| soon| around)?|bye+|ttyl|catch you later|speak soon|laters|night night|"
                      r"that'?s all(?: for now)?|i'?m off|signing off)(?:\W+(?:then|now|mate|bot|thanks|cheers|x+))*\W*$",
                      re.IGNORECASE)


def farewell(text: str) -> bool:
    return bool(FAREWELL.search(text))


def acknowledges(text: str) -> bool:
    """Does the message only acknowledge ("brill", "lol ok", "nice one, cheers"), make small talk ("hiya how's your
    day going"), react to the last reply ("that's so unfair") or announce a question it does not ask yet ("quick
    one")?"""
    found = words(text)
    return (0 < len(found) <= MAX_ACKNOWLEDGING_WORDS and all(w in ACKNOWLEDGING for w in found)) or bool(
        SMALL_TALK.search(text) or REACTION.search(text) or ANNOUNCES.search(text) or FAREWELL.search(text))


KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def mashed(text: str, known: Collection[str]) -> bool:
    """Is the message one run of keys along a keyboard row, or one key held ("asdfghjk", "jjjjj"), that is no word: in
    no English word list, not in `known` (the knowledge base's words) and no acronym typed in capitals? Nothing to
    search, nor a question to log ("orthoptist", "rcslt" and "datix" are words to someone)."""
    from wordfreq import zipf_frequency  # its English list is read once, at the first word

    found = re.fullmatch(r"\s*([a-z]{5,})\W*", text)
    run = found.group(1) if found else ""
    keyed = bool(run) and (any(set(run) <= set(row) for row in KEYBOARD_ROWS) or len(set(run)) == 1)
    return keyed and run not in known and zipf_frequency(run, "en") == 0


THANKS_FIRST = re.compile(r"^\W*(?:thanks|thank (?:you|u)|thx|ty|cheers|ta)\b", re.IGNORECASE)


def thanks_first(text: str) -> bool:
    """Does the message open with thanks ("thanks, that's what I needed", "thank you, what a great service") and ask
    nothing after them ("ta. and who do I talk to locally?" asks)? Unless what follows has an answer, it thanks us: no
    question missed."""
    return bool(THANKS_FIRST.search(text)) and "?" not in text


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, padded, for whole-phrase matching."""
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "


def words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def edits(a: str, b: str) -> int:
    """Edits from `a` to `b`: insertions, deletions, substitutions and swaps of neighbours ("secondmnet")."""
    previous2, previous = [], list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


class Speller:
    """Corrects typos ("portfollio", "secondmnet") to words the knowledge base uses.

    Only words the index has never seen are touched, and only to a known word of
    similar length with the same first letter, so names and acronyms survive.
    """

    def __init__(self, vocabulary: set[str]):
        self.vocabulary = vocabulary
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for word in vocabulary:
            if len(word) >= 4 and word.isalpha():
                self._buckets.setdefault((word[0], len(word)), []).append(word)

    def correct_word(self, word: str) -> str:
        """The known word a typo was meant as: similar (difflib), and within one edit for a word of up to seven
        letters, two for a longer one. A real word the index lacks is left alone: "bother" is not a typo of
        "both", nor "former" of "form" (a word less an ending reads as similar, but means something else)."""
        if len(word) < 5 or not word.isalpha() or word in self.vocabulary or word in STOPWORDS:
            return word
        candidates = [w for n in range(len(word) - 2, len(word) + 3) for w in self._buckets.get((word[0], n), ())]
        allowed = 1 if len(word) <= 7 else 2
        for match in difflib.get_close_matches(word, candidates, n=3, cutoff=0.8):
            if edits(word, match) <= allowed:
                return match
        return word

    def correct(self, text: str) -> str:
        return " ".join(self.correct_word(w) for w in words(text))


# Chat shorthand, whole words: "hw much money do u get" is "how much money do you get" to every rule that reads
# what is asked (aspects, follow-ups, search). Only words with one reading here; "R&D" keeps its "R".
SHORTHAND = {"hw": "how", "u": "you", "ur": "your", "r": "are", "wat": "what", "wot": "what", "wht": "what",
             "pls": "please", "plz": "please", "cn": "can", "abt": "about", "im": "I'm", "dont": "don't",
             "cant": "can't", "whats": "what's", "wheres": "where's", "hows": "how's", "whos": "who's", "ive": "I've",
             "doesnt": "doesn't", "isnt": "isn't", "thx": "thanks", "ppl": "people", "tho": "though",
             "thru": "through", "wanna": "want to", "gonna": "going to", "whr": "where", "wher": "where"}
_SHORTHAND = re.compile(r"(?<![\w&'.])(" + "|".join(SHORTHAND) + r")(?![\w&']|\.\w)", re.I)


def expand_shorthand(text: str) -> str:
    """"hw much do u get?" -> "how much do you get?"; "U.K.", "R&D" and "you're" are left as they are."""
    return _SHORTHAND.sub(lambda m: SHORTHAND[m.group(1).lower()], text)
