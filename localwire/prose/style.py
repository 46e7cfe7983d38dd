"""House style for generated copy: UK regional press conventions.

One to nine in words, 10 and above in figures with thousands separators, never a figure at the
start of a sentence; "per cent" (or "%"), whole percentages unless under 1; "one in 10" for shares;
"up by 16 per cent"; plurals and a/an right, zero included.

Facts are exact (int, Decimal, Fraction); rounding happens here and only here, always ROUND_HALF_UP
(15.5 -> 16, 0.45 -> 0.5, -15.5 -> -16), never banker's rounding. Floats are refused: they are not
exact. Every function that rounds states its rule and tolerance so that the checker can accept
exactly what this module writes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from localwire.model.numbers import Number, exact, grouped, round_half_up, rounded
from localwire.model.numbers import whole as whole_number
from localwire.prose.numwords import UNITS, number_to_words

# one definition, shared with the checker (re-exported: the writer's code imports it from here)
from localwire.prose.tolerances import SHARE_TOLERANCE as SHARE_TOLERANCE

PERCENT_STYLES = ("per cent", "%")


# --- exact numbers and rounding: localwire.model.numbers ------------------------------------

def thousands(n: Number) -> str:
    """A whole number in figures with comma thousands separators: 64667 -> "64,667"."""
    return f"{whole_number(n):,}"


def capitalise(text: str) -> str:
    """Upper-case the first letter, leaving the rest untouched.

    Leading whitespace and opening quotes are skipped ("‘one in 10’" -> "‘One in 10’"); text whose
    first significant character is not a letter ("11-year-old") is returned unchanged.
    """
    for index, char in enumerate(text):
        if char.isspace() or char in OPENERS:
            continue
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
        return text
    return text


# --- counts and nouns ------------------------------------------------------------------------

def count(n: Number, *, start: bool = False) -> str:
    """A whole count in house style: 0-9 in words, 10 and above in figures with separators.

    3 -> "three", 10 -> "10", 64667 -> "64,667", 0 -> "zero" (use count_noun for "no offences").
    start=True (the count begins a sentence) spells the whole number out, capitalised:
    771 -> "Seven hundred and seventy-one". Non-integral input raises ValueError (round first
    with rounded()); negative input raises ValueError (write the size and let direction() carry
    the sign).
    """
    whole = whole_number(n)
    if whole < 0:
        raise ValueError(f"a count cannot be negative ({whole}): pass abs() and use direction()")
    if start:
        return capitalise(number_to_words(whole))
    return UNITS[whole] if whole < 10 else f"{whole:,}"


_count_words = count  # for functions whose own parameter is called `count`


_IRREGULAR_PLURALS = {
    "child": "children", "person": "people", "man": "men", "woman": "women", "foot": "feet",
    "tooth": "teeth", "mouse": "mice", "life": "lives", "wife": "wives", "knife": "knives",
    "half": "halves", "thief": "thieves", "leaf": "leaves", "wolf": "wolves", "self": "selves",
    "analysis": "analyses", "crisis": "crises", "criterion": "criteria", "phenomenon": "phenomena",
}
_UNCHANGED_PLURALS = frozenset({
    "sheep", "deer", "fish", "series", "species", "police", "people", "children", "staff",
    "aircraft", "offspring", "data",
})


def counted(number: int, noun: str) -> str:
    """ "1 story", "46 requests", "48,664 observations": how localwire counts things it reports."""
    return f"1 {noun}" if number == 1 else f"{grouped(number)} {pluralise(noun)}"


def pluralise(singular: str) -> str:
    """English plural of a noun or noun phrase (the last word changes): "sex offence" -> "sex offences".

    Irregulars ("child" -> "children", "person" -> "people"), consonant + y -> ies ("baby" ->
    "babies"), -s/-x/-z/-ch/-sh -> es ("witness" -> "witnesses"), otherwise + s ("crime" -> "crimes").
    """
    head, _, last = singular.rpartition(" ")
    lower = last.lower()
    if lower in _UNCHANGED_PLURALS:
        plural_last = last
    elif lower in _IRREGULAR_PLURALS:
        plural_last = _IRREGULAR_PLURALS[lower]
        if last[:1].isupper():
            plural_last = plural_last[:1].upper() + plural_last[1:]
    elif len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        plural_last = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        plural_last = last + "es"
    else:
        plural_last = last + "s"
    return f"{head} {plural_last}" if head else plural_last


def noun(n: Number, singular: str, plural: str | None = None) -> str:
    """The noun form agreeing with n: singular for exactly 1 (or -1), plural otherwise, zero included.

    noun(1, "offence") -> "offence"; noun(0, "offence") -> "offences"; noun(2, "child") -> "children".
    Pass the plural for anything pluralise() gets wrong.
    """
    if abs(exact(n)) == 1:
        return singular
    return plural if plural is not None else pluralise(singular)


def count_noun_parts(n: Number, singular: str, plural: str | None = None, *,
                     start: bool = False) -> tuple[str, str]:
    """count_noun() in two parts, the figure and the noun: (771 -> "771", "offences"),
    (0 -> "no", "offences"). A story traces the figure; the noun is plain words."""
    whole = whole_number(n)
    words = noun(whole, singular, plural)
    if whole == 0:
        return ("No" if start else "no"), words
    return count(whole, start=start), words


def count_noun(n: Number, singular: str, plural: str | None = None, *, start: bool = False) -> str:
    """A count with its noun: "one offence", "three offences", "771 offences", 0 -> "no offences".

    start=True capitalises and spells out: "No offences", "Seven hundred and seventy-one offences".
    Same rules as count() (whole, non-negative).
    """
    figure, words = count_noun_parts(n, singular, plural, start=start)
    return f"{figure} {words}"


# --- a / an ----------------------------------------------------------------------------------

OPENERS = "\"'“‘([«"
_VOWEL_SOUND_LETTERS = frozenset("aefhilmnorsx")  # letter names said with a vowel first: "an MP"
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")
_YOO_SOUND = (  # spelt with a vowel, said with "y" or "w": "a university", "a European", "a one"
    "eu", "ewe", "unique", "unit", "union", "unicorn", "uniform", "unilateral", "univers", "unison",
    "unif", "unicef", "unesco", "uefa", "unanim", "use", "usu", "usur", "uter", "util", "utensil",
    "utop", "uran", "urin", "ubiq", "ukul",
)
_WUH_SOUND_WORDS = frozenset({"one", "once", "onesie"})
_SPOKEN_ACRONYMS = frozenset({  # all capitals, said as words, so the word rules apply
    "nato", "nasa", "unesco", "unicef", "uefa", "fifa", "ofsted", "ofcom", "ofgem", "ofwat",
    "acas", "aids", "isa", "pin", "sars", "covid", "nice", "camhs", "mappa", "mash", "ceop", "asbo",
    "swat", "laspo",
})
_LEADING_FIGURE = re.compile(r"[£$€]?(\d[\d,]*)(\.\d+)?")
_FIRST_WORD = re.compile(r"[^\s\-–—/]+")


def article(word_or_number: Number | str) -> str:
    """"a" or "an" for what follows, by how it is said, not how it is spelt.

    Numbers by their spoken form: an 8, an 11, an 18, an 80, an 800, an 8,000, an 11-year-old,
    an £8m; a 1, a 7, a 100, a 0.5. Four bare digits (no separator) are read as a year: an 1800s.
    Letters and initialisms by letter name: an MP, an NSPCC, an SOS, an X-ray, a UK, a U-turn
    (all-capital words of up to six letters count as initialisms unless known as spoken words:
    a NATO, an Ofsted). Words by sound: an hour, an honest, a university, a European, a one-off,
    an online, a historic.
    """
    if not isinstance(word_or_number, str):
        return _article_for_number(exact(word_or_number))
    text = word_or_number.strip().lstrip(OPENERS)
    figure = _LEADING_FIGURE.match(text)
    if figure:
        digits, decimals = figure.group(1), figure.group(2)
        if len(digits) == 4 and not decimals and digits[:2] in ("11", "18"):
            return "an"  # a year: "an 1840s terrace", "an 1100 charter"
        return _article_for_number(Fraction(digits.replace(",", "")))
    word = _FIRST_WORD.match(text)
    if not word:
        raise ValueError(f"no word or number to choose a/an for: {word_or_number!r}")
    return _article_for_word(word.group())


def with_article(text: str) -> str:
    """text preceded by the right article: "11-year-old" -> "an 11-year-old"."""
    return f"{article(text)} {text}"


def _article_for_number(value: Fraction) -> str:
    if value < 0:
        return "a"  # "minus ..."
    spoken = number_to_words(int(value))
    return "an" if spoken.startswith(("eight", "eleven")) else "a"


def _article_for_word(word: str) -> str:
    word = re.sub(r"['’]s$", "", word).strip(".,;:!?\"'’”)")
    if not word:
        raise ValueError("no word to choose a/an for")
    if len(word) > 2 and word.endswith("s") and _is_initialism(word[:-1]):
        word = word[:-1]  # "an MPs' vote", "a GPs' surgery"
    lower = word.lower()
    if len(word) == 1 or (_is_initialism(word) and lower not in _SPOKEN_ACRONYMS):
        return "an" if lower[0] in _VOWEL_SOUND_LETTERS else "a"
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_YOO_SOUND) or lower in _WUH_SOUND_WORDS or lower.startswith("one-"):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def _is_initialism(word: str) -> bool:
    return 2 <= len(word) <= 6 and word[0].isalpha() and word.upper() == word and word.lower() != word


# --- percentages and change --------------------------------------------------------------------

def percent(x: Number, *, style: str = "per cent", start: bool = False) -> str:
    """A percentage, always in figures: "16 per cent", "0.4 per cent", "1,200 per cent"; style "%" -> "16%".

    Rule (on the absolute value; the sign belongs to direction words): 1 and above -> whole number,
    ROUND_HALF_UP (15.5 -> 16); under 1 -> one decimal place (0.45 -> 0.5; 0.96 -> 1); a non-zero
    value that would show as 0.0 gets as many places as its first significant digit needs
    (0.04 -> 0.04), and one under 100 that would show as 100 as many as it needs to show less
    (99.5 -> 99.5, 99.96 -> 99.96: "fell by 100 per cent to one" is false); exactly 0 -> 0.
    Tolerance: the figure shown is within half a unit of its last
    place of |x| (0.5 for whole numbers, 0.05 for one decimal place).
    start=True spells the figure out ("Sixteen per cent", "Zero point four per cent"), always with
    "per cent" since a sentence cannot start "16%".
    """
    if style not in PERCENT_STYLES:
        raise ValueError(f"percent style must be one of {PERCENT_STYLES}, not {style!r}")
    figure = _percent_figure(abs(exact(x)))
    if start:
        return f"{capitalise(_decimal_words(figure))} per cent"
    shown = f"{figure:,}"
    return f"{shown}%" if style == "%" else f"{shown} per cent"


def _percent_figure(size: Fraction) -> Decimal:
    if size == 0:
        return Decimal(0)
    if size >= 1 and (size >= 100 or rounded(size) < 100):
        return rounded(size)
    places = 1
    figure = rounded(size, places)
    while figure == 0 or (figure == 100 and size < 100):
        places += 1
        figure = rounded(size, places)
    return figure.quantize(Decimal(1)) if figure == 1 else figure


def _decimal_words(figure: Decimal) -> str:
    whole, _, decimals = str(figure).partition(".")
    words = number_to_words(int(whole))
    if decimals:
        words += " point " + " ".join(UNITS[int(digit)] for digit in decimals)
    return words


def direction(change: Number, *, rise: str = "rose", fall: str = "fell", same: str = "was unchanged") -> str:
    """The word for the sign of an exact change: rise (> 0), fall (< 0) or same (exactly 0)."""
    value = exact(change)
    if value > 0:
        return rise
    return fall if value < 0 else same


def change_phrase(pct: Number, *, style: str = "per cent") -> str:
    """"up by 16 per cent", "down by 22 per cent", "unchanged" for a percentage change.

    "unchanged" only for an exact 0; a small non-zero change keeps its decimals through percent()
    ("up by 0.3 per cent"), so no copy ever says "up by 0 per cent". Rounding as percent().
    """
    phrase = direction(pct, rise="up by", fall="down by", same="unchanged")
    return phrase if phrase == "unchanged" else f"{phrase} {percent(pct, style=style)}"


# --- shares ----------------------------------------------------------------------------------

def one_in(share: Number) -> str:
    """A share in (0, 1] as "one in N": "one in 10", "one in five", "all" for exactly 1.

    N = 1/share rounded half up. If |share - 1/N| <= SHARE_TOLERANCE (0.005, half a percentage
    point) the phrase is "one in N"; otherwise "almost one in N" when share < 1/N and "more than one
    in N" when share > 1/N. N follows count(): one to nine in words, 10 and above in figures.
    """
    value = _share(share)
    if value == 1:
        return "all"
    n = round_half_up(1 / value, 0)
    gap = value - Fraction(1, n)
    if abs(gap) <= SHARE_TOLERANCE:
        return f"one in {count(n)}"
    return f"{'almost' if gap < 0 else 'more than'} one in {count(n)}"


_COMMON_FRACTIONS = (
    (Fraction(1, 4), "a quarter"), (Fraction(1, 3), "a third"), (Fraction(1, 2), "half"),
    (Fraction(2, 3), "two-thirds"), (Fraction(3, 4), "three-quarters"),
)


def share_words(share: Number) -> str | None:
    """A share as a common fraction ("a quarter", "a third", "half", "two-thirds", "three-quarters"),
    "all" for exactly 1, or None when no fraction is within SHARE_TOLERANCE (0.005) of it.
    """
    value = _share(share)
    if value == 1:
        return "all"
    for fraction, words in _COMMON_FRACTIONS:
        if abs(value - fraction) <= SHARE_TOLERANCE:
            return words
    return None


def _share(share: Number) -> Fraction:
    value = exact(share)
    if not 0 < value <= 1:
        raise ValueError(f"a share must be above 0 and at most 1, not {share}")
    return value


# --- rates and intervals ---------------------------------------------------------------------

#: How far the whole figure of a rate phrase may sit from the exact average it stands for, as a
#: share of that average ("two a day" for 2.11 a day: 5 per cent; not for 1.56: 28 per cent).
#: Inclusive. The checker's tolerance is unchanged by it: the figure is the exact average in the
#: unit stated, rounded half up, whichever unit is chosen.
RATE_HONESTY = Fraction(15, 100)

_RATE_UNITS = ("day", "week", "month")


def _honest(average: Fraction) -> int | None:
    whole = round_half_up(average, 0)
    if whole >= 1 and abs(whole - average) <= RATE_HONESTY * average:
        return whole
    return None


def honest_rate(count: Number, days: Number) -> tuple[int, str] | None:
    """(figure, unit) for how often something happens, or None when no phrase is honest.

    The period is taken as one year: week = 7 days, month = days/12. The unit is the first of
    day, week and month whose exact average, rounded half up to a whole number of at least one,
    is within RATE_HONESTY (15 per cent) of that average: 771 a year -> (2, "day") (2.11 a day);
    570 -> (11, "week") (1.56 a day is not "about two"); 20 a year -> None (1.67 a month is not
    "about two" either). Nothing rarer than about once a month gets a phrase: "one a year" for a
    single offence tells the reader nothing the figure does not.
    """
    total, period = exact(count), exact(days)
    if total <= 0 or period <= 0:
        return None
    per_day = total / period
    for unit, average in zip(_RATE_UNITS, (per_day, per_day * 7, per_day * period / 12),
                             strict=True):
        whole = _honest(average)
        if whole is not None:
            return whole, unit
    return None


def rate_per_day(count: Number, days: Number) -> str:
    """How often, as a phrase: "two a day", "11 a week", "three a month" (see honest_rate).

    The figure is the average in that unit rounded half up (within 0.5 of the exact average, and
    within RATE_HONESTY of it), written as count() writes it. "about" and "an average of" are the
    template's words. ValueError when there is nothing to rate or no honest phrase (ask
    honest_rate first).
    """
    total, period = exact(count), exact(days)
    if total <= 0 or period <= 0:
        raise ValueError(f"a rate needs a positive count and days, not {count} in {days} days")
    found = honest_rate(total, period)
    if found is None:
        raise ValueError(f"no honest rate phrase for {count} in {days} days")
    figure, unit = found
    return f"{_count_words(figure)} a {unit}"


_INTERVAL_SINGULAR = {"second": "every second", "minute": "every minute", "hour": "every hour",
                      "day": "every day"}
_INTERVAL_FINER = {"day": "hour", "hour": "minute", "minute": "second"}
_INTERVAL_MINUTES = {"second": Fraction(1, 60), "minute": Fraction(1), "hour": Fraction(60),
                     "day": Fraction(24 * 60)}


def every_interval(count: Number, days: Number) -> str:
    """How often one event happens on average: "every eight minutes", "every 40 seconds".

    interval = days*24*60/count minutes. Under 1 minute -> seconds; 120 minutes or more -> hours;
    48 hours or more -> days (thresholds on the exact interval). The figure is the interval rounded
    half up to a whole number in that unit (within 0.5 of it), one to nine in words, 10 and above
    in figures; 1 gives "every minute" / "every hour" / "every day" with no "one". When that
    whole figure is more than RATE_HONESTY (15 per cent) from the exact interval, the next finer
    unit is used instead (2.4 hours is "every 144 minutes", not "every two hours").
    ValueError if the interval rounds to 0 seconds.
    """
    total, period = exact(count), exact(days)
    if total <= 0 or period <= 0:
        raise ValueError(f"an interval needs a positive count and days, not {count} in {days} days")
    minutes = period * 24 * 60 / total
    unit = ("second" if minutes < 1 else "minute" if minutes < 120 else
            "hour" if minutes < 48 * 60 else "day")
    amount = minutes / _INTERVAL_MINUTES[unit]
    while unit in _INTERVAL_FINER and _honest(amount) is None:
        unit = _INTERVAL_FINER[unit]
        amount = minutes / _INTERVAL_MINUTES[unit]
    whole = round_half_up(amount, 0)
    if whole == 0:
        raise ValueError(f"{count} in {days} days is more than twice a second: no interval to write")
    if whole == 1:
        return _INTERVAL_SINGULAR[unit]
    return f"every {_count_words(whole)} {unit}s"


# --- rates per population, ranks, bounds -------------------------------------------------------

#: Decimal places of a rate per population ("6.6 offences per 1,000 residents"): one rule for
#: every rate in a story, so two rates side by side carry the same precision.
RATE_PLACES = 1


def rate_shows(value: Number) -> bool:
    """Whether a rate has a figure at house style's places (not 0.0)."""
    return rounded(abs(exact(value)), RATE_PLACES) != 0


def rate_figure(value: Number) -> str:
    """A rate per population in figures, RATE_PLACES decimal places, half up, thousands
    separated: 6.554 -> "6.6", 1234.56 -> "1,234.6". Tolerance: half a unit of the last place.
    ValueError for a rate that would show as 0.0 (choose a larger base, per 100,000)."""
    if not rate_shows(value):
        raise ValueError(f"a rate of {value} shows as 0.0: use a larger base")
    return f"{rounded(abs(exact(value)), RATE_PLACES):,}"


_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth")


def ordinal(n: Number) -> str:
    """A place in words to ninth, then in figures: 2 -> "second", 10 -> "10th", 23 -> "23rd"."""
    whole = whole_number(n)
    if whole < 1:
        raise ValueError(f"a place starts at 1, not {whole}")
    if whole < len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[whole]
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole:,}{suffix}"


def rank_phrase(place: Number, of: Number, *, lowest: bool = False, joint: bool = False) -> str:
    """A place in a league table: "the highest", "the second highest", "the 12th highest",
    "the joint 12th highest", "the lowest", "the second lowest" (`lowest`: counted from the
    bottom; `joint`: the place is shared with another area).
    """
    place_n, of_n = whole_number(place), whole_number(of)
    if not 1 <= place_n <= of_n:
        raise ValueError(f"place {place_n} is not within 1..{of_n}")
    end = "lowest" if lowest else "highest"
    words = end if place_n == 1 else f"{ordinal(place_n)} {end}"
    return f"the joint {words}" if joint else f"the {words}"


def fewer_than(lower: Number, upper: Number) -> str:
    """A suppressed figure's bounds as copy: 0..4 -> "fewer than five", 1..4 -> "between one and
    four"; whole bounds only (the source's "<5" kept as 0..4)."""
    low, high = whole_number(lower), whole_number(upper)
    if low < 0 or high < low:
        raise ValueError(f"bounds {low}..{high} are not a range of counts")
    if low == 0:
        return f"fewer than {count(high + 1)}"
    return f"between {count(low)} and {count(high)}"
