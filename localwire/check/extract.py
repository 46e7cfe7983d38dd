"""Numeric claims from plain text: pure text work, no store.

`extract_claims(text)` finds every figure a reader would take as a statistic ("771", "16 per cent",
"one in 10", "every eight minutes", "an increase of 123", "a record 64,667", "179 per 100,000
population", "the highest number on record", "more than doubled", "£50 million") and returns
`Claim`s with character offsets into the original text. Numbers that are not claims are skipped on
purpose: years and financial years ("2016/17", "2004-5"), dates ("1 April"), times ("10.30am"),
phone numbers ("0808 800 5000", "0800 11 11", "or 101 for non-emergencies"), labels ("1-2-1"),
section numbers ("section 12", "s.40(2)"), ordinals ("3rd"), list numbering, durations ("for five
years"), the base of a rate ("per 100,000"), and ages ("aged four or younger", "under the age of
10"), which become the `age_min`/`age_max` filter of the claims they qualify.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from localwire.prose.numwords import words_to_number

_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_DIGIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TEEN_WORDS = "zero|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_UNIT_WORDS = f"{_TEEN_WORDS}|{_TENS_WORDS}|{_DIGIT_WORDS}"
_SCALE_WORDS = "hundred|thousand|million|billion"
_JOIN = r"(?:[\s\-‐–]+(?:and\s+)?)"
# Below a hundred: "seventeen", "forty", "forty-two", "forty two" (never "five five": two numbers)
_BASIC_WORDS = rf"(?:(?:{_TENS_WORDS})(?:[\s\-‐–]+(?:{_DIGIT_WORDS})\b)?|(?:{_TEEN_WORDS}|{_DIGIT_WORDS}))"
_SCALED = rf"(?:{_JOIN}(?:{_SCALE_WORDS})(?:{_JOIN}{_BASIC_WORDS})?)*"
WORD_NUMBER = (rf"(?:{_BASIC_WORDS}{_SCALED}"
               rf"|an?\s+(?:dozen|{_SCALE_WORDS})(?:{_JOIN}{_BASIC_WORDS})?{_SCALED})")
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?:million|billion|thousand|bn|m|k)\b)?"
NUMBER = rf"(?:{DIGIT_NUMBER}|\b{WORD_NUMBER}\b)"

# "12, 616 fly-tipping incidents": a thousands comma typed with a space. Read as one number only
# when the second part has exactly three digits, the first one to three, the pair is not part of a
# list ("129, 118 and 116", "18, 8 and 6"), not "Of those 104, 16 ..." and a noun follows.
_SPLIT_THOUSANDS = (r"(?<![\d,.])(?<!\d,\s)(?<!\bof\s)(?<!the\s)(?<!those\s)(?<!these\s)(?<!from\s)"
                    r"\d{1,3},\s\d{3}(?![\d,.]|\s*(?:,|and\b|or\b|to\b|&))"
                    r"(?=\s+[a-z])(?!\s+(?:were|was|are|is|had|have|of|in|on|at|by|for|from|with|and|or)\b)")
_NUMBER = rf"(?<![\w/.,£$€])(?:{DIGIT_NUMBER})(?![\w/]|[.,]\d)|\b{WORD_NUMBER}\b"


def starting_with(characters: str) -> str:
    """A lookahead: the next character is one of `characters` (a character class's contents). Put
    at the front of a pattern all of whose matches start with one of them, it lets the regex engine
    pass over every other position at once, where a pattern starting with \\b or a lookbehind is
    tried in full at each (about twice as fast). It never changes what the pattern matches; with
    IGNORECASE a class matches exactly the characters its letters match one by one."""
    return rf"(?=[{characters}])"


# A figure (and "half", "a third") starts with a digit or a letter of the number words.
_FIGURE_START = starting_with(r"\dtfsenzoah")
_NUMBER_RE = re.compile(rf"{_FIGURE_START}(?:{_NUMBER})", re.IGNORECASE)
_NUMBER_OR_SPLIT_RE = re.compile(rf"{_FIGURE_START}(?:{_SPLIT_THOUSANDS}|{_NUMBER})", re.IGNORECASE)
_SPLIT_CUE = re.compile(r"\d,\s\d{3}")  # the split form is slow to look for: only where it can be

_FRACTION_WORDS = {"half": Fraction(1, 2), "a half": Fraction(1, 2), "a third": Fraction(1, 3),
                   "a quarter": Fraction(1, 4), "a fifth": Fraction(1, 5),
                   "two thirds": Fraction(2, 3), "two-thirds": Fraction(2, 3),
                   "three quarters": Fraction(3, 4), "three-quarters": Fraction(3, 4)}

HEDGES = {
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "more than": "more than", "over": "more than", "just over": "more than",
    "in excess of": "more than", "upwards of": "more than",
    "at least": "at least", "fewer than": "less than", "less than": "less than",
    "under": "less than", "below": "less than", "up to": "at most",
    "around": "around", "about": "around", "approximately": "around", "roughly": "around",
    "some": "around", "an estimated": "around", "almost exactly": None,
}
_HEDGE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
                       + r")\s+$", re.IGNORECASE)

RISE_WORDS = {"rise", "rises", "rose", "risen", "rising", "up", "increase", "increased", "increases",
              "increasing", "grew", "grown", "growth", "jump", "jumped", "climbed", "climb", "soared",
              "rocketed", "spiked",
              "surge", "surged", "higher", "more"}
FALL_WORDS = {"fall", "falls", "fell", "fallen", "falling", "down", "drop", "dropped", "drops",
              "decrease", "decreased", "decline", "declined", "reduction", "reduced", "cut", "lower",
              "fewer", "dip", "dipped", "slump", "slumped", "plummeted", "plunged", "tumbled"}

_TIME_UNITS = {"minute": "minutes", "minutes": "minutes", "hour": "hours", "hours": "hours",
               "second": "seconds", "seconds": "seconds", "day": "days", "days": "days",
               "week": "weeks", "weeks": "weeks", "month": "months", "months": "months"}
_RATE_UNITS = {"day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month",
               "monthly": "month", "hour": "hour", "year": "year"}

_SUPERLATIVE = r"highest|lowest|most|fewest|biggest|largest|smallest|greatest"
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

# Spans that hold numbers but never a claim. Order does not matter: all are removed first.
_NOT_CLAIMS = [
    ("phone", re.compile(starting_with("+0") +
                         r"(?:(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}\b"
                         r"|(?<![\d,.])0[1-9]\d{2,3}(?:[\s\-]\d{2,4}){0,3}\b)")),  # 0800 1111, 0800 11 11
    ("financial year", re.compile(starting_with("12") +
                                  r"(?:\b(?:19|20)\d{2}\s*[/\-–]\s*(?:\d{2}|(?:19|20)\d{2})\b"
                                  r"|\b(?:19|20)\d{2}[/\-–]\d\b)")),  # 2004-5
    ("date", re.compile(starting_with(r"\djfmasond") +
                        rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:\s+\d{{4}})?"
                        rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
                        r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b)", re.IGNORECASE)),
    ("time", re.compile(starting_with(r"\d") +
                        r"(?:\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d{2}\b)",
                        re.IGNORECASE)),
    ("year", re.compile(starting_with("12") +
                        r"(?<![\d,.£$])\b(?:1[89]|20)\d{2}(?:s|'s)?\b(?!\s*(?:per\s*cent|percent|%))",
                        re.IGNORECASE)),
    ("section", re.compile(starting_with("sacprintlgmb") +
                           r"\b(?:sections?|s|ss|sec|article|clause|paragraph|para|chapter|"
                           r"regulation|schedule|part|page|rule|item|no|number|category|tier|level|"
                           r"grade|stage|type|phase|covid|a|m|b)\.?\s?\-?\d+[a-z]?(?:\(\d+\))*(?!\s*"
                           r"(?:per\s*cent|%))\b",
                           re.IGNORECASE)),
    ("ordinal", re.compile(starting_with(r"\d") + r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)),
    ("list number", re.compile(r"(?m)^\s*\(?\d{1,2}[.)](?:\s|$)|\(\d{1,2}\)")),
    ("call number", re.compile(r"\b(?:call|dial|ring|phone|text|on)\s+(?:999|101|111|116\s?123|"
                               r"0800[\d\s]+|0808[\d\s]+)", re.IGNORECASE)),
    # "or 101 for non-emergencies", "90,000 999 calls"
    ("emergency number", re.compile(r"\b(?:999|101|111)\b(?=\s+(?:for\s+non|in\s+an?\s+emergency|"
                                    r"non-emergenc|number|line|service))|\b999(?=\s+calls?\b)",
                                    re.IGNORECASE)),
    ("label", re.compile(r"\b\d(?:-\d){2,}\b")),  # "1-2-1 chat"
    # the base of a rate per population ("per 100,000 population"): a denominator, not a claim
    ("per population", re.compile(rf"\b(?:per|for\s+every|in\s+every|every)\s+{NUMBER}\s+"
                                  r"(?:of\s+(?:the\s+)?)?(?:population|people|residents|inhabitants|"
                                  r"persons|head|women|men|children|adults|households)\b",
                                  re.IGNORECASE)),
    ("contact number", re.compile(r"\b(?:text|sms|call|dial|ring|phone|freephone|helpline|hotline)"
                                  r"(?:\s+(?:number|line|us))?\s*(?:on|at|is|:|-|–)?\s*\(?\d{3,6}\b"
                                  r"|\bnumber\s*(?:is|:|-|–)\s*\d+", re.IGNORECASE)),
    ("year-old", re.compile(rf"{_FIGURE_START}\b{NUMBER}[\s\-]+(?:years?|yrs?|months?|weeks?)[\s\-]+olds?\b",
                            re.IGNORECASE)),
    ("duration range", re.compile(rf"\bbetween\s+{NUMBER}\s+and\s+(?={NUMBER}[\s\-]+(?:years?|months?|"
                                  r"decades?|weeks?|days?|hours?|minutes?|seconds?)\b)", re.IGNORECASE)),
    ("duration", re.compile(rf"{_FIGURE_START}(?<!every\s)(?<!one\s)\b{NUMBER}"
                            r"(?:[\s\-]+and[\s\-]+a[\s\-]+half)?[\s\-]+"
                            r"(?:years?|months?|decades?|weeks?|days?|hours?|minutes?|seconds?)\b"
                            r"(?![\s\-]+olds?)", re.IGNORECASE)),
]

# Bases of rates per population are written 1,000 / 10,000 / 100,000 / 1 million / head
_PER_BASE_CUES = ("per 1", "every 1", "per head", "per one", "per ten", "per a ", "every one", "every ten")
# Cheap tests that let a sentence skip a slow pattern: the pattern cannot match without one of these.
_CUES = {"phone": ("0", "+44"), "year-old": ("old",),
         "duration": ("year", "month", "decade", "week", "day", "hour", "minute", "second"),
         "call number": ("call", "dial", "ring", "phone", "text", " on "),
         "contact number": ("text", "sms", "call", "dial", "ring", "phone", "line", "number"),
         "emergency number": ("999", "101", "111"), "label": ("-",), "duration range": ("between",),
         "per population": _PER_BASE_CUES}
_ANY_FIGURE = re.compile(rf"\d|\b(?:{_UNIT_WORDS}|half|third|quarter|fifth|dozen|hundred|thousand|"
                         rf"million|record|all[\s\-]time|new\s+(?:high|low)|{_SUPERLATIVE}|doubl|twice|"
                         r"trebl|tripl|quadrupl|halv|both)", re.IGNORECASE)

_DIGIT = re.compile(r"\d")
_AGE_PATTERNS = [
    # aged 10 and under / aged four or younger / aged between 11 and 15 / aged 16-17
    re.compile(rf"\b(?:aged|ages|age)\s+(?:of\s+)?(?:between\s+)?(?P<a>{NUMBER})"
               rf"(?:\s*(?:-|–|to|and)\s*(?P<b>{NUMBER}))?"
               r"(?:\s+(?:and|or)\s+(?P<tail>under|younger|below|less|over|older|above))?"
               r"(?:\s+years?(?:\s+old)?)?", re.IGNORECASE),
    # aged no older than one / aged up to 4 / aged under 5 / aged over 12
    re.compile(rf"\b(?:aged|ages|age)\s+(?P<op>no older than|not older than|up to|under|below|over|"
               rf"at least|less than|younger than|older than)\s+(?P<a>{NUMBER})(?:\s+years?(?:\s+old)?)?",
               re.IGNORECASE),
    # under the age of 10 / over the age of 12
    re.compile(rf"\b(?P<op>under|below|over|above)\s+the\s+age\s+of\s+(?P<a>{NUMBER})", re.IGNORECASE),
    # under-18s / under 10s / over-65s
    re.compile(rf"\b(?P<op>under|over)[\s\-](?P<a>\d+|{_UNIT_WORDS})s\b", re.IGNORECASE),
    # children four and under
    re.compile(rf"{_FIGURE_START}\b(?P<a>{NUMBER})\s+(?:and|or)\s+(?P<tail>under|younger|below)\b",
               re.IGNORECASE),
    # who were under four / were younger than 11
    # (never "were over 9,742 offences": a figure, not an age)
    re.compile(rf"\b(?:were|was|are|is|being)\s+(?P<op>under|younger than|older than|over)\s+(?P<a>{NUMBER})"
               r"(?![.,]?\d|\s*(?:per\s*cent|%|[a-z]))", re.IGNORECASE),
    # children under 10 / victims under five
    re.compile(rf"\b(?:child|children|victims?|babies|baby|girls?|boys?|pupils|youngsters|kids|"
               rf"those|people)\s+(?P<op>under|below|over|younger than|older than)\s+(?P<a>{NUMBER})"
               r"(?!\s*(?:per\s*cent|%))", re.IGNORECASE),
]

_SHARE_RE = re.compile(rf"{_FIGURE_START}(?:"
                       rf"\b(?P<n>{NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<d>{NUMBER})\b"
                       r"(?!\s*(?:per\s*cent|%))"
                       r"|\b(?P<frac>half|a\s+half|a\s+third|a\s+quarter|a\s+fifth|two[\s\-]thirds|"
                       r"three[\s\-]quarters)\b(?!\s+(?:an?\s+)?(?:hour|day|century|dozen|million)))",
                       re.IGNORECASE)
_INTERVAL_RE = re.compile(starting_with("oae") +
                          rf"\b(?:one\s+|an?\s+\w+\s+)?every\s+(?P<n>{NUMBER})\s+(?P<unit>minutes?|hours?|"
                          r"seconds?|days?|weeks?)\b", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"^\s*(?:per\s*cent|percent|%|pc\b)", re.IGNORECASE)
_RATE_AFTER = re.compile(r"\b(?:every|each|a|per|an)\s+(?P<unit>day|week|month|hour)\b"
                         r"|\b(?P<adv>daily|weekly|monthly)\b", re.IGNORECASE)
_RECORD_RE = re.compile(starting_with("anrhl") +
                        r"\b(?:an?\s+|at\s+an?\s+)?(?:new\s+)?(?:record(?:[\s\-](?P<hl>high|low))?"
                        r"(?=\s+(?:\d|high|low|number|level|figure|total|of|for|year))"
                        r"|all[\s\-]time\s+(?P<hl2>high|low)|(?P<hl3>highest|lowest)\s+(?:ever|on\s+record|"
                        r"since\s+records\s+began)|record[\s\-](?P<hl4>high|low)s?)\b", re.IGNORECASE)
# "the highest number ever reported", "its highest level for five years", "the lowest estimate since
# the survey began", "the most reported in any year since comparable data began": a superlative
# with a time frame is a record. "its/their highest" needs none; "the highest rate" alone is a rank.
_TIME_FRAME = (rf"on\s+record|ever\b|since\s+(?:records|comparable|the\s+survey|the\s+series|"
               rf"(?:the\s+)?data|new\s+recording|recording|current|figures|(?:at\s+least\s+)?(?:19|20)\d\d(?:[/\-–]\d\d)?)"
               rf"|(?:for|in)\s+(?:at\s+least\s+|more\s+than\s+|over\s+|almost\s+|nearly\s+)?"
               rf"(?:{NUMBER}|a)\s+(?:years|decades?)\b(?!\s+of\b)"
               rf"|in\s+(?:the\s+|its\s+|their\s+)?(?:[\w’']+\s+)?{NUMBER}[\s\-]year\s+history")
_SUPERLATIVE_RE = re.compile(rf"\b(?P<word>{_SUPERLATIVE})\b(?P<frame>[^.;:\d]{{0,80}}?\b(?:{_TIME_FRAME}))?",
                             re.IGNORECASE)
_RECORD_PREFIX = re.compile(r"\b(?P<det>the|a|an|its|their)\s+(?:new\s+|all[\s\-]time\s+)?$", re.IGNORECASE)
_OWN_NOUN = re.compile(r"[\s\-]+(?:ever\s+)?(?:number|level|total|figure|rate|value|estimate)s?\b",
                       re.IGNORECASE)
# "a five-year high", "a new high"
_HIGH_LOW_RE = re.compile(
    rf"\b(?:an?\s+)?(?:new\s+)?(?:{NUMBER}|multi)[\s\-]+(?:year|decade|month)[\s\-]+(?P<word>high|low)s?\b"
    rf"|\b(?:an?\s+|another\s+)?new\s+(?P<new>high|low)s?\b(?!\s+(?:school|street|court|road|sheriff))",
    re.IGNORECASE)
# "more than doubled", "almost halved", "twice the national average", "five times higher"
_RATIO_WORDS = {"double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2, "treble": 3,
                "trebled": 3, "trebles": 3, "trebling": 3, "triple": 3, "tripled": 3, "tripling": 3,
                "quadruple": 4, "quadrupled": 4, "quadrupling": 4, "halve": 0.5, "halved": 0.5,
                "halving": 0.5}
_RATIO_RE = re.compile(
    r"\b(?P<word>doubl(?:e|ed|es|ing)|trebl(?:e|ed|es|ing)|tripl(?:e|ed|ing)|quadrupl(?:e|ed|ing)|"
    r"halv(?:e|ed|ing))\b(?![\s\-]+(?:digits?|figures?|murders?|standards?|whammy|yellow|beds?|decker|"
    r"checks?|glazing|agents?|act|bill)\b)"
    r"|\b(?P<twice>twice)\b(?!\s+(?:a|an|per|each|every|daily|weekly|monthly|yearly|in\s+a|on|before|"
    r"over|since|already|during|last|this)\b)", re.IGNORECASE)
_TIMES_RE = re.compile(rf"{_FIGURE_START}\b(?P<n>{NUMBER})(?:\s+times|[\s\-]fold)\b"
                       r"(?=\s+(?:as|higher|more|greater|larger|bigger|lower|fewer|less|smaller|the|that|"
                       r"over|increase|rise)\b)", re.IGNORECASE)
_RATIO_CUE = re.compile(r"doubl|twice|trebl|tripl|quadrupl|halv")
_SUPERLATIVE_CUE = re.compile(_SUPERLATIVE)
# Coverage: how many forces a figure covers. "all 43 forces", "both forces", "44 of 45 forces
# reporting", "(44 of 45 forces)", "43 forces responded", "one of the 43 forces". "42 of 44 forces"
# with any other predicate ("saw a rise") is not: that is a count or share of forces.
_FORCES = r"(?:(?:[\w\-]+\s+){0,2}?(?:police\s+)?(?:forces|constabularies)\b)"
_REPLIED = (r"(?=\s*\)|\s+(?:which\s+|that\s+|who\s+)?(?:replied|responded|reporting|provided|supplied|"
            r"answered|disclosed|returned|gave\s+(?:figures|data|information)|sent\s+(?:figures|data)|"
            r"were\s+able\s+to\s+(?:provide|give|supply)))")
_COVERAGE_RE = re.compile(
    rf"\b(?P<both>both)\s+{_FORCES}"
    rf"|\ball\s+(?:of\s+the\s+)?(?P<all>{NUMBER})\s+{_FORCES}"
    rf"|\b(?P<n>{NUMBER})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m>{NUMBER})\s+{_FORCES}{_REPLIED}"
    rf"|(?<!\bof\s)\b(?P<bare>{NUMBER})\s+{_FORCES}{_REPLIED}"
    rf"|\b(?:one|each|any|every\s+one|none)\s+of\s+(?:the|its|their)\s+(?P<in_area>{NUMBER})\s+{_FORCES}",
    re.IGNORECASE)
# Ranks: "the 28th highest", "the second-highest number", "the highest of the territorial forces"
_ORDINAL_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10}
_RANK_RE = re.compile(
    rf"\b(?:the\s+)?(?P<ord>\d+(?:st|nd|rd|th)|{'|'.join(_ORDINAL_WORDS)})[\s\-]+(?:(?:highest|largest|"
    r"biggest|most)(?P<hi>)|(?:lowest|smallest|fewest)(?P<lo>))\b"
    r"|\bthe\s+(?:(?:highest|largest|biggest|most)(?P<hi1>)|(?:lowest|smallest|fewest)(?P<lo1>))"
    rf"(?=\s+(?:[\w\-]+\s+){{0,3}}?(?:of|among|amongst)\s+(?:the\s+|all\s+)?(?:{NUMBER}\s+)?{_FORCES})",
    re.IGNORECASE)
_ORDINAL_CUE = re.compile(rf"\d(?:st|nd|rd|th)\b|{'|'.join(_ORDINAL_WORDS)}")  # on lower-case text
_RANK_WORDS = ("highest", "lowest", "largest", "biggest", "smallest", "most", "fewest")


def _names_forces(lower: str) -> bool:
    return "forces" in lower or "constabularies" in lower


def _may_rank(lower: str) -> bool:
    """Cheap test before the rank pattern: a superlative, and an ordinal or forces."""
    return any(word in lower for word in _RANK_WORDS) and (
        _names_forces(lower) or _ORDINAL_CUE.search(lower) is not None)
_HIGH_LOW_CUE = re.compile(starting_with("hl") + r"\b(?:high|low)s?\b")
# "£50 million", "around £60,000": money, kept apart from counts
_MONEY_RE = re.compile(rf"£\s?(?P<n>{DIGIT_NUMBER})(?![\w/]|[.,]\d)", re.IGNORECASE)
# "179 offences per 100,000 population", "at 154 per 100,000 people", "12 for every 1 million people"
_PER_POPULATION = re.compile(
    rf"^\s*(?:[A-Za-z][A-Za-z\-’']*\s+){{0,4}}?(?:per|for\s+every|in\s+every)\s+(?P<base>{NUMBER})\s+"
    r"(?:of\s+(?:the\s+)?)?(?:population|people|residents|inhabitants|persons|head|women|men|children|"
    r"adults|households)\b", re.IGNORECASE)
_RATE_MENTION = re.compile(rf"\b(?:per|for\s+every)\s+(?P<base>{NUMBER})\s+(?:of\s+(?:the\s+)?)?"
                           r"(?:population|people|residents|inhabitants|persons)\b", re.IGNORECASE)
# "5% lower than the 51,228", "more than double the 30,798", "compared to the 2827": the earlier figure
# "up 18 per cent on the 3,331 recorded the year before": the base of the change
_REFERENCE_BEFORE = re.compile(starting_with("tcdhp%rif") +
                               r"(?:\bthan\s+the|\bcompared\s+(?:with|to)(?:\s+the)?|\b(?:double|twice|"
                               r"treble|triple|half)\s+the|(?:per\s*cent|%|\brise|\bincrease|\bfall|"
                               r"\bdrop|\bdecrease)\s+on\s+the)\s+$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_OF_AFTER = re.compile(r"\s+of\b")
_MORE_AFTER = re.compile(r"\s+(more|fewer|extra|additional)\b", re.IGNORECASE)
_FIGURE_OR_BREAK = re.compile(r"\d|[,;:–—()]")
_NOUN_THEN_MORE = re.compile(r"\s+(?:(?![A-Za-z\-]*(?:ed|ing)\s)[A-Za-z][A-Za-z\-]*\s+){1,3}?"
                             r"(more|fewer)\s+than\b", re.IGNORECASE)
_TRANSPARENT = {"a", "an", "record", "new", "total", "of", "the", "some", "just"}
_NOUN_STOP = {"in", "on", "at", "to", "from", "of", "by", "for", "with", "and", "or", "but", "the", "a",
              "an", "last", "this", "that", "these", "those", "previous", "per", "was", "were", "is",
              "are", "be", "been", "had", "has", "have", "which", "who", "where", "when", "while",
              "than", "since", "compared", "against", "across", "over", "under", "according",
              "recorded", "reported", "more", "fewer", "less", "cent", "percent", "year", "years",
              "every", "each", "total", "overall", "altogether", "between", "during", "it", "they",
              "them", "up", "down", "as", "there", "so", "then", "after", "before", "its", "their",
              "alone", "new", "further", "separate", "other", "such", "offences’", "said", "says"}
_ED_NOUNS = {"need", "bed", "speed", "seed", "feed", "building", "meeting", "hearing", "sibling",
             "offspring", "ring", "king", "thing", "things", "wedding", "beating", "shooting",
             "stabbing", "grooming", "stalking", "killing", "killings", "shootings", "stabbings",
             "sexting", "upskirting", "beatings", "hearings", "buildings", "meetings", "siblings"}
_SKIP_BEFORE_NOUN = re.compile(r"^\s*(?:of\s+(?:these|those|them|the|which|all)\s+|more\s+|further\s+|"
                               r"new\s+|separate\s+|recorded\s+|reported\s+|other\s+|individual\s+)*",
                               re.IGNORECASE)
_SENTENCE_END = re.compile(starting_with(r"\"”’)\s") +
                            r"(?:(?<=[.!?])[\"”’)]*\s+|\n\s*\n|\n(?=\s*[A-Z“\"‘']))")
_CLAUSE_BREAK = re.compile(r",\s|;\s|:\s|\s[–—-]\s|\s[–—]|[–—]\s|\(|\)|\bwhile\b|\bwhereas\b|\bbut\b")


@dataclass
class AgeFilter:
    start: int
    end: int
    text: str
    age_min: int | None
    age_max: int | None


@dataclass
class Claim:
    """One numeric claim, with character offsets into the text it came from."""

    start: int
    end: int
    text: str
    kind: str  # count, percent, pct_change, change, share, rate, interval, record, ratio, money,
    # coverage (forces reporting), rank (place among forces)
    value: Decimal | None
    step: Decimal = Decimal(1)  # the precision the figure is stated at (its last digit's unit)
    unit: str = ""  # rate: day/week/... or "per 100,000"; interval: minutes/...; percent: "%"; money: "£"
    per: int | None = None  # rate per population: the base (100,000 in "179 per 100,000 population")
    hedge: str | None = None
    direction: str | None = None  # rise, fall
    role: str = "current"  # current; "from" = the earlier period's figure; "to" = the later one
    from_value: Decimal | None = None
    to_value: Decimal | None = None
    age_min: int | None = None
    age_max: int | None = None
    record: str | None = None  # high or low, for kind record
    order: str | None = None  # rank: "high" counts from the highest, "low" from the lowest
    out_of: Decimal | None = None  # coverage: the forces expected ("44 of 45 forces": 45)
    sentence_index: int = 0
    sentence: str = ""
    sentence_start: int = 0
    clause_index: int = 0
    clause: str = ""
    scope: str = ""  # the clause plus any following clauses with no figure of their own
    noun: str | None = None  # what the figure counts, when it names something ("sex crimes")
    quoted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.kind)

    def copy(self) -> Claim:
        clone = copy.copy(self)
        clone.notes = list(self.notes)
        return clone


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    clauses: list[tuple[int, int]]


def split_sentences(text: str) -> list[Sentence]:
    sentences = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[position:end].strip():
            start = position + len(text[position:end]) - len(text[position:end].lstrip())
            sentences.append(Sentence(len(sentences), start, end, _clauses(text, start, end)))
        position = match.end() if match else len(text)
    return sentences


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + a, start + b) for a, b in _clause_spans(text[start:end])]


@functools.lru_cache(maxsize=4096)
def _clause_spans(body: str) -> tuple[tuple[int, int], ...]:
    """A sentence's clauses, as offsets into it (remembered, like its claims)."""
    bounds = [0]
    for match in _CLAUSE_BREAK.finditer(body):
        bounds.append(match.start() if match.group().strip() in ("while", "whereas", "but")
                      else match.end())
    bounds.append(len(body))
    return tuple((a, b) for a, b in itertools.pairwise(bounds) if b > a)


_THOUSANDS_COMMA = re.compile(r",\s?")
_SCALE_SUFFIXES = [(re.compile(rf"\d\s*{suffix}$"), suffix, factor)
                   for suffix, factor in (("billion", 10**9), ("bn", 10**9), ("million", 10**6),
                                          ("thousand", 1000), ("m", 10**6), ("k", 1000))]
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.lru_cache(maxsize=4096)  # a pure function of the text, called for every figure
def parse_number(text: str) -> tuple[Decimal, Decimal] | None:
    """(value, step) of a figure as written: "64,667" -> (64667, 1), "1.2 million" -> (1200000, 100000)."""
    cleaned = _THOUSANDS_COMMA.sub("", text.lower()).strip()
    scale = Decimal(1)
    for pattern, suffix, factor in _SCALE_SUFFIXES:
        if pattern.search(cleaned):
            cleaned = cleaned[: -len(suffix)].strip()
            scale = Decimal(factor)
            break
    if _PLAIN_NUMBER.fullmatch(cleaned):
        number = Decimal(cleaned)
        exponent = number.as_tuple().exponent
        step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        return number * scale, step * scale
    value = words_to_number(text.replace("‐", "-").replace("–", " "))
    if value is None:
        return None
    return value, _round_step(value) if value >= 1000 else Decimal(1)


def _round_step(value: Decimal) -> Decimal:
    step = Decimal(1)
    while value % (step * 10) == 0 and step < value:
        step *= 10
    return step


def _number(text: str) -> Decimal | None:
    parsed = parse_number(text)
    return parsed[0] if parsed else None


_AGE_CUES = ("age", "under", "over", "younger", "older", "below", "above")  # every age pattern has one


def find_age_filters(text: str) -> list[AgeFilter]:
    found: list[AgeFilter] = []
    lower = text.lower()
    if not any(cue in lower for cue in _AGE_CUES):
        return found
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            if any(f.start <= match.start() < f.end for f in found):
                continue
            age_min, age_max = _age_bounds(match)
            found.append(AgeFilter(match.start(), match.end(), match.group(), age_min, age_max))
    return sorted(found, key=lambda f: f.start)


def _age_bounds(match: re.Match[str]) -> tuple[int | None, int | None]:
    groups = match.groupdict()
    first = _number(groups["a"])
    a = int(first) if first is not None else None
    if groups.get("b"):
        second = _number(groups["b"])
        return a, int(second) if second is not None else None
    op = (groups.get("op") or "").lower()
    tail = (groups.get("tail") or "").lower()
    if a is None:
        return None, None
    if op in ("under", "below", "less than", "younger than"):
        return None, a - 1
    if op in ("no older than", "not older than", "up to") or tail in ("under", "younger", "below", "less"):
        return None, a
    if op in ("over", "above", "older than"):
        return a + 1, None
    if op == "at least" or tail in ("over", "older", "above"):
        return a, None
    return a, a


def extract_claims(text: str) -> list[Claim]:
    """Every numeric claim in `text`, in reading order."""
    claims: list[Claim] = []
    for sentence in split_sentences(text):
        found, ages = _sentence_claims(text[sentence.start:sentence.end])
        placed = [claim.copy() for claim in found]
        _place(text, sentence, placed, ages)
        claims.extend(placed)
    return claims


@functools.lru_cache(maxsize=4096)
def _sentence_claims(body: str) -> tuple[tuple[Claim, ...], tuple[AgeFilter, ...]]:
    """The claims in one sentence, with offsets into it, and its age filters. Remembered (callers
    place copies): a writer's stories share many of their sentences."""
    found, ages = _claims_in(body)
    return tuple(found), tuple(ages)


def _claims_in(body: str) -> tuple[list[Claim], list[AgeFilter]]:
    taken: list[tuple[int, int]] = []  # sentence-relative spans already used
    claims: list[Claim] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    if not (_DIGIT.search(body) or _ANY_FIGURE.search(body)):  # a digit is the usual figure: found fast
        return [], []
    ages = find_age_filters(body)
    taken.extend((f.start, f.end) for f in ages)
    lower = body.lower()
    for start, end, word in _record_phrases(body, lower):  # before the filters: "for five years" is theirs
        if free(start, end):
            claims.append(_record_claim(body, start, end, word))
            taken.append((start, end))
    for match in (_RANK_RE.finditer(body) if _may_rank(lower) else ()):  # before "ordinal"
        if free(*match.span()):
            claims.append(_rank_claim(body, match))
            taken.append(match.span())
    for match in (_COVERAGE_RE.finditer(body) if _names_forces(lower) else ()):
        claim = _coverage_claim(body, match)
        if claim and free(match.start(), match.end()):
            claims.append(claim)
            taken.append(match.span())
    for name, pattern in _NOT_CLAIMS:
        cues = _CUES.get(name)
        if cues is None or any(cue in lower for cue in cues):
            taken.extend(m.span() for m in pattern.finditer(body))

    for match in (_MONEY_RE.finditer(body) if "£" in body else ()):
        parsed = parse_number(match.group("n"))
        if parsed and free(*match.span()):
            claim = _claim(body, match.start(), match.end(), "money", parsed, unit="£")
            claim.direction = _direction(_left_words(body[:claim.start])) or _direction(
                [(_WORD.findall(body[match.end():match.end() + 20]) or [""])[0].lower()])
            claims.append(claim)
            taken.append(match.span())
    ratios = [*(_RATIO_RE.finditer(body) if _RATIO_CUE.search(lower) else ()),
              *(_TIMES_RE.finditer(body) if "times" in lower or "fold" in lower else ())]
    for match in ratios:
        if not free(*match.span()):
            continue
        word = (match.groupdict().get("word") or match.groupdict().get("twice") or "").lower()
        parsed = parse_number(match.group("n")) if match.groupdict().get("n") else (
            Decimal(str(_RATIO_WORDS[word])), Decimal(1))
        if parsed is None:
            continue
        claim = _claim(body, match.start(), match.end(), "ratio", parsed)
        if word.endswith(("ed", "ing")):
            claim.direction = "fall" if word.startswith("halv") else "rise"
        claims.append(claim)
        taken.append(match.span())
    for match in _INTERVAL_RE.finditer(body):
        number = match.group("n")
        if not free(match.start("n"), match.end("n")):
            continue
        parsed = parse_number(number)
        if parsed:
            claims.append(_claim(body, match.start(), match.end(), "interval", parsed,
                                 unit=_TIME_UNITS[match.group("unit").lower()]))
            taken.append(match.span())
    for match in _SHARE_RE.finditer(body):
        if not free(*match.span()):
            continue
        if match.group("frac"):
            fraction = _FRACTION_WORDS[re.sub(r"\s+", " ", match.group("frac").lower()).replace("-", " ")
                                       if "-" not in match.group("frac") else match.group("frac").lower()]
        else:
            n, d = _number(match.group("n")), _number(match.group("d"))
            if not n or not d or n >= d:
                continue
            fraction = Fraction(int(n), int(d))
        value = Decimal(fraction.numerator) / Decimal(fraction.denominator) * 100
        claim = _claim(body, match.start(), match.end(), "share", (value, Decimal(1)), unit="%")
        claim.notes.append(f"share {fraction.numerator} in {fraction.denominator}")
        direction = _direction(_left_words(body[:claim.start]))
        if direction and match.group("frac"):  # "risen by a third": a change, not a share
            claim.kind, claim.direction = "pct_change", direction
        claims.append(claim)
        taken.append(match.span())
    for match in _RECORD_RE.finditer(body):
        if not free(*match.span()):
            continue
        high_low = next((g for g in match.group("hl", "hl2", "hl3", "hl4") if g), "high")
        claim = _record_claim(body, match.start(), match.end(), high_low)
        gap = len(body[match.end():]) - len(body[match.end():].lstrip())
        after = _NUMBER_RE.match(body, match.end() + gap)
        if after and free(*after.span()):
            parsed = parse_number(after.group())
            claim.value = parsed[0] if parsed else None
        claims.append(claim)
        taken.append(match.span())
    for match in (_NUMBER_OR_SPLIT_RE if _SPLIT_CUE.search(body) else _NUMBER_RE).finditer(body):
        if not free(*match.span()):
            continue
        claim = _number_claim(body, match)
        if claim is not None:
            claims.append(claim)
            taken.append((claim.start, claim.end))

    claims.sort(key=lambda c: c.start)
    _carry_changes(body, claims)
    _carry_rate_base(body, claims)
    return claims, ages


def _record_phrases(body: str, lower: str) -> list[tuple[int, int, str]]:
    """Spans of record phrases: a superlative with a time frame ("the highest number since 2002"),
    or the area's own ("its highest level"); "a five-year high"; "a new low"."""
    found = []
    for match in (_SUPERLATIVE_RE.finditer(body) if _SUPERLATIVE_CUE.search(lower) else ()):
        prefix = _RECORD_PREFIX.search(body, max(0, match.start() - 25), match.start())
        start = prefix.start() if prefix else match.start()
        if match.group("frame"):
            found.append((start, match.end(), match.group("word")))
        elif prefix and prefix.group("det").lower() in ("its", "their"):
            noun = _OWN_NOUN.match(body, match.end())
            found.append((start, noun.end() if noun else match.end(), match.group("word")))
    for match in (_HIGH_LOW_RE.finditer(body) if _HIGH_LOW_CUE.search(lower) else ()):
        found.append((match.start(), match.end(), match.group("word") or match.group("new")))
    return found


def _coverage_claim(body: str, match: re.Match[str]) -> Claim | None:
    """How many forces reported ("44 of 45 forces"): value reported, `out_of` the forces expected;
    "one of the 43 forces" states only how many forces the area has."""
    groups = match.groupdict()
    if groups["both"]:
        reported = expected = Decimal(2)
    elif groups["all"] or groups["in_area"]:
        reported = expected = _number(groups["all"] or groups["in_area"])
    elif groups["n"]:
        reported, expected = _number(groups["n"]), _number(groups["m"])
    else:
        reported, expected = _number(groups["bare"]), None
    if reported is None or (groups["n"] and expected is None):
        return None
    claim = _claim(body, match.start(), match.end(), "coverage", (reported, Decimal(1)))
    claim.out_of = expected
    if groups["in_area"]:
        claim.notes.append("forces in the area")
    return claim


def _rank_claim(body: str, match: re.Match[str]) -> Claim:
    """"the 28th highest" = rank 28 from the top; "the lowest of the forces" = rank 1 from the bottom."""
    ordinal = (match.group("ord") or "").lower()
    value = (Decimal(re.sub(r"\D", "", ordinal)) if ordinal[:1].isdigit() else
             Decimal(_ORDINAL_WORDS.get(ordinal, 1)))
    claim = _claim(body, match.start(), match.end(), "rank", (value, Decimal(1)))
    claim.order = "low" if match.group("lo") is not None or match.group("lo1") is not None else "high"
    if _ranks_rates(body, match):
        claim.notes.append("rank by rate")
        return claim
    after = body[match.end():]  # "the third-smallest police force": ranked by something else
    group_follows = re.match(r"[\s\-]*(?:of|among|amongst|in|across|on|for)\b", after, re.IGNORECASE)
    noun = None if group_follows else _noun(after)
    if noun and noun.split()[0] not in ("number", "numbers", "total", "level", "figure", "count"):
        claim.noun = noun
    return claim


def _ranks_rates(body: str, match: re.Match[str]) -> bool:
    """"the second highest rate", or "the second lowest of any force, with 47 offences per 1,000
    people": a place among rates; "the number was the 34th highest" stays a place among counts."""
    if re.match(r"[\s\-]+(?:[\w\-]+\s+)?rates?\b", body[match.end():], re.IGNORECASE):
        return True
    lower = body.lower()
    rates = "rate" in lower or any(cue in lower for cue in _PER_BASE_CUES)
    return rates and not re.search(r"\b(?:number|total|count)\b", lower)


def _record_claim(body: str, start: int, end: int, word: str) -> Claim:
    claim = _claim(body, start, end, "record", None)
    claim.record = "low" if word.lower() in ("low", "lowest", "fewest", "smallest") else "high"
    return claim


def _carry_rate_base(body: str, claims: list[Claim]) -> None:
    """"129, 118 and 116 offences per 100,000 people"; "the rate ... per 1,000 residents was 80 –
    below the average of 82": bare figures listed with, or after, a rate per population are rates."""
    bases = [(c.start, c.per) for c in claims if c.per]
    if not bases and not any(cue in body for cue in _PER_BASE_CUES):
        return
    bases += [(m.start(), int(_number(m.group("base")) or 0)) for m in _RATE_MENTION.finditer(body)]
    bases.sort()
    if not bases:
        return
    for index in range(len(claims) - 1, 0, -1):
        claim, before = claims[index], claims[index - 1]
        if claim.per and _bare(before) and re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*",
                                                         body[before.end:claim.start]):
            _make_rate(before, claim.per)
    for claim in claims:
        earlier = [per for start, per in bases if start < claim.start]
        if earlier and _bare(claim):
            _make_rate(claim, earlier[-1])


def _bare(claim: Claim) -> bool:
    return claim.kind == "count" and claim.per is None and claim.noun is None


def _make_rate(claim: Claim, per: int) -> None:
    claim.kind, claim.per, claim.unit = "rate", per, f"per {per:,}"


def _carry_changes(body: str, claims: list[Claim]) -> None:
    """"up by 18%, robbery by 16% and sex offences by 14%": later bare percentages are changes too."""
    for previous, claim in itertools.pairwise(claims):
        if claim.kind != "percent" or previous.kind != "pct_change":
            continue
        words = _left_words(body[:claim.start])
        if words and words[-1] in ("by", "and", "or"):
            claim.kind, claim.direction = "pct_change", previous.direction


def _claim(body: str, start: int, end: int, kind: str, parsed: tuple[Decimal, Decimal] | None,
           unit: str = "") -> Claim:
    value, step = parsed if parsed else (None, Decimal(1))
    claim = Claim(start, end, body[start:end], kind, value, step, unit)
    hedge = _HEDGE_RE.search(body[max(0, start - 25):start])
    if hedge:
        claim.hedge = HEDGES[hedge.group(1).lower()]
        claim.start = max(0, start - 25) + hedge.start()
        claim.text = body[claim.start:end]
    return claim


def _number_claim(body: str, match: re.Match[str]) -> Claim | None:
    raw = match.group()
    word = raw.lower().strip()
    before = body[:match.start()]
    after = body[match.end():]
    parsed = parse_number(raw)
    if parsed is None:
        return None
    if _PERCENT_AFTER.match(after):
        end = match.end() + _PERCENT_AFTER.match(after).end()
        claim = _claim(body, match.start(), end, "percent", parsed, unit="%")
        after = body[end:]
    else:
        if word in ("one", "a", "an") and (_OF_AFTER.match(after) or not _names_something(after)):
            return None  # "one of the", "no one": a pronoun, not a figure
        claim = _claim(body, match.start(), match.end(), "count", parsed)
    left_words = _left_words(body[:claim.start] if claim.hedge else before)
    while left_words and left_words[-1] in _TRANSPARENT:
        left_words.pop()
    last = left_words[-1] if left_words else ""
    right_word = (_WORD.findall(after[:30]) or [""])[0].lower()
    if _REFERENCE_BEFORE.search(body[max(0, claim.start - 30):claim.start]):
        claim.role = "from"  # "5% lower than the 51,228": the figure compared with, not a change
        left_words = []
    elif last == "from":
        claim.role = "from"
    elif last == "to" and claim.kind == "count":
        claim.role = "to"
    direction = _direction(left_words) or (_direction([right_word]) if claim.kind == "percent" else None)
    if direction and claim.role == "current":
        claim.direction = direction
        claim.kind = "pct_change" if claim.kind == "percent" else "change"
    elif direction or claim.role != "current":
        claim.direction = _direction(left_words)
    more = _MORE_AFTER.match(after)
    # "2,751 offences more than the 48,150": the noun comes between the figure and "more than"
    noun_more = _NOUN_THEN_MORE.match(after) if "than" in after[:60] else None
    if claim.kind == "count" and claim.role == "current" and (more or noun_more):
        word = (more or noun_more).group(1).lower()
        claim.kind = "change"
        claim.direction = "fall" if word == "fewer" else "rise"
        after = after[more.end():] if more else after
    per_population = (_PER_POPULATION.match(after) if claim.kind == "count" and any(
        cue in after[:60] for cue in _PER_BASE_CUES) else None)
    if per_population:
        _make_rate(claim, int(_number(per_population.group("base")) or 0))
        claim.noun = _noun(after)
    elif claim.kind == "count":
        rate = _RATE_AFTER.search(_to_next_number(after))
        if rate:
            claim.kind = "rate"
            claim.unit = _RATE_UNITS[(rate.group("unit") or rate.group("adv")).lower()]
        claim.noun = _noun(after)
    elif claim.kind == "percent":
        claim.noun = _noun(after)
    return claim


def _left_words(before: str) -> list[str]:
    """Up to four words before a figure, back to the previous figure or clause break."""
    window = before[-40:]
    cut = max((m.end() for m in _FIGURE_OR_BREAK.finditer(window)), default=0)
    return [w.lower() for w in _WORD.findall(window[cut:])][-4:]


def _names_something(after: str) -> bool:
    rest = _SKIP_BEFORE_NOUN.sub("", after)
    first = (_WORD.findall(rest[:20]) or [""])[0].lower()
    return bool(first) and first not in _NOUN_STOP and first not in ("one", "another", "person")


def _direction(words: list[str]) -> str | None:
    for word in reversed(words):
        if word in RISE_WORDS:
            return "rise"
        if word in FALL_WORDS:
            return "fall"
    return None


def _to_next_number(after: str) -> str:
    match = _NUMBER_RE.search(after)
    cut = match.start() if match else len(after)
    clause = _CLAUSE_BREAK.search(after)
    if clause and clause.start() < cut and after[clause.start():clause.end()].strip() not in (",",):
        cut = clause.start()
    return after[:cut]


def _noun(after: str) -> str | None:
    """The words right after a figure when they name what it counts ("sex crimes"); None if bare."""
    rest = _SKIP_BEFORE_NOUN.sub("", after)
    words = []
    for word in _WORD.findall(rest[:60]):
        lower = word.lower()
        if (lower in _NOUN_STOP or lower in RISE_WORDS or lower in FALL_WORDS
                or (lower.endswith(("ed", "ing")) and len(lower) > 4 and words)
                or (lower.endswith(("ed", "ing")) and not words and lower not in _ED_NOUNS)):
            break
        words.append(lower)
        if len(words) == 4:
            break
    if not words or not rest.lstrip()[:1].isalpha():
        return None
    return " ".join(words)


def _place(text: str, sentence: Sentence, claims: list[Claim], ages: Sequence[AgeFilter]) -> None:
    """Make offsets absolute, attach clauses, scopes, quotes and age filters."""
    offset = sentence.start
    body = text[sentence.start:sentence.end]
    clause_of = [_clause_index(sentence, c.start + offset) for c in claims]
    with_claims = set(clause_of)
    for claim, index in zip(claims, clause_of, strict=True):
        claim.start += offset
        claim.end += offset
        claim.sentence_index = sentence.index
        claim.sentence = body
        claim.sentence_start = offset
        claim.clause_index = index
        a, b = sentence.clauses[index]
        claim.clause = text[a:b]
        last = index
        while last + 1 < len(sentence.clauses) and last + 1 not in with_claims:
            last += 1
        claim.scope = text[a:sentence.clauses[last][1]]
        claim.quoted = _inside_quote(text, claim.start)
    for age in ages:
        index = _clause_index(sentence, age.start + offset)
        target = index
        if target not in with_claims:
            earlier = [i for i in with_claims if i < index]
            later = [i for i in with_claims if i > index]
            target = max(earlier) if earlier else (min(later) if later else -1)
        for claim, clause in zip(claims, clause_of, strict=True):
            if clause == target and claim.age_max is None and claim.age_min is None:
                claim.age_min, claim.age_max = age.age_min, age.age_max
    _link_from_to(claims)


def _link_from_to(claims: list[Claim]) -> None:
    """"an increase of 123 from 381 to 504": give the change its from/to figures."""
    for index, claim in enumerate(claims):
        if claim.role != "from":
            continue
        later = [c for c in claims[index + 1:] if c.clause_index == claim.clause_index and c.role == "to"]
        changes = [c for c in claims if c.clause_index == claim.clause_index
                   and c.kind in ("change", "pct_change")]
        for change in changes:
            change.from_value = claim.value
            change.to_value = later[0].value if later else None
        if not changes and later and later[0].direction is None:
            later[0].direction = claim.direction


def _clause_index(sentence: Sentence, position: int) -> int:
    for index, (a, b) in enumerate(sentence.clauses):
        if a <= position < b:
            return index
    return len(sentence.clauses) - 1


def _inside_quote(text: str, position: int) -> bool:
    opened = text.count("“", 0, position) - text.count("”", 0, position)
    if opened > 0:
        return True
    return text.count('"', 0, position) % 2 == 1
