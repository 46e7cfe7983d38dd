"""Numbers as English words, both ways: 771 <-> "seven hundred and seventy-one".

British usage: "and" after hundreds, hyphens from twenty-one to ninety-nine. `words_to_number`
also reads "a hundred", "twenty one", "a dozen" and mixed forms such as "1.2 million" and "14 thousand".
"""

from __future__ import annotations

import re
from decimal import Decimal

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10**9, "billion"), (10**6, "million"), (1000, "thousand")]

_SMALL = {word: value for value, word in enumerate(UNITS)}
_SMALL.update({word: 10 * index for index, word in enumerate(TENS) if word})
_SMALL.update({"a": 1, "an": 1, "none": 0, "nil": 0, "no": 0})
_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}

NUMBER_WORDS = frozenset(UNITS[1:] + TENS[2:] + ["hundred", "thousand", "million", "billion",
                                                  "dozen"])

_TENS_WORDS = "|".join(TENS[2:])
_DIGIT_WORDS = "|".join(UNITS[1:10])
_TEEN_WORDS = "|".join([UNITS[0], *UNITS[10:]])
_SCALE_WORDS = "hundred|thousand|million|billion"
_JOIN = r"(?:[\s\-‐–]+(?:and\s+)?)"
# Below a hundred: "seventeen", "forty", "forty-two", "forty two" (never "five five": two numbers)
_BASIC_WORDS = (rf"(?:(?:{_TENS_WORDS})(?:[\s\-‐–]+(?:{_DIGIT_WORDS})\b)?"
                rf"|(?:{_TEEN_WORDS}|{_DIGIT_WORDS}))")
_SCALED = rf"(?:{_JOIN}(?:{_SCALE_WORDS})(?:{_JOIN}{_BASIC_WORDS})?)*"
# A number in words, as a regular expression (use with IGNORECASE): "seven hundred and
# seventy-one", "forty two", "a dozen", "an hundred and one", "two million".
WORD_NUMBER_PATTERN = (rf"(?:{_BASIC_WORDS}\b{_SCALED}"
                       rf"|an?\s+(?:dozen|{_SCALE_WORDS})(?:{_JOIN}{_BASIC_WORDS})?{_SCALED})")


def number_to_words(number: int) -> str:
    """Spell out a whole number: 771 -> "seven hundred and seventy-one"."""
    if number < 0:
        return "minus " + number_to_words(-number)
    if number < 100:
        return _below_hundred(number)
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = f"{UNITS[hundreds]} hundred"
        return head if rest == 0 else f"{head} and {_below_hundred(rest)}"
    for scale, name in SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            head = f"{number_to_words(high)} {name}"
            if rest == 0:
                return head
            joiner = " and " if rest < 100 else " "
            return head + joiner + number_to_words(rest)
    raise AssertionError("unreachable")


def _below_hundred(number: int) -> str:
    if number < 20:
        return UNITS[number]
    tens, units = divmod(number, 10)
    return TENS[tens] if units == 0 else f"{TENS[tens]}-{UNITS[units]}"


_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def words_to_number(text: str) -> Decimal | None:
    """Read a number written in words or mixed form; None if the text is not a number.

    "seven hundred and seventy-one" -> 771, "a dozen" -> 12, "1.2 million" -> 1200000,
    "nearly 14 thousand" is not read here: hedges belong to the caller.
    """
    tokens = _TOKEN.findall(text.lower().replace(",", ""))
    tokens = [t for t in tokens if t != "and"]
    if not tokens:
        return None
    total = Decimal(0)
    current = Decimal(0)
    seen_number = False
    for token in tokens:
        if token[0].isdigit():
            current += Decimal(token)
            seen_number = True
        elif token in _SMALL:
            if token in ("a", "an") and seen_number:
                return None
            current += _SMALL[token]
            seen_number = True
        elif token in _MULTIPLIERS:
            multiplier = _MULTIPLIERS[token]
            current = (current or Decimal(1)) * multiplier
            if multiplier >= 1000:
                total += current
                current = Decimal(0)
            seen_number = True
        else:
            return None
    if not seen_number:
        return None
    value = total + current
    if value.adjusted() > 24:  # "one hundred" repeated: no count is that big (and quantize fails)
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
