"""Figures over part of a year: "in the three months to June", "the quarter to March", "the first
quarter of 2012/13", "the first half of 2016". The data's periods are years (a financial year, or
a rolling year to a quarter's end), so such a figure is not checked against a yearly one: it is
unverifiable, with the span named as the reason, unless the figure names a year of its own ("2,000
in the year to June", beside a quarter's figure)."""

from __future__ import annotations

import functools
import re

from localwire.check.evidence import Resolution
from localwire.check.extract import Claim
from localwire.check.scans import REMEMBERED

_NUMBER = r"(?:three|six|nine|3|6|9)"
_UP_TO = r"(?:to|ending|ended|up\s+to|until|of)\b"
_PART_OF_A_YEAR = re.compile(
    rf"\b(?:in|over|during|for|from|the|past|last|previous|latest|first)\s+(?:the\s+)?"
    rf"(?:(?:past|last|previous|latest|first|same)\s+)?{_NUMBER}[\s-]months?\s+(?:period\s+)?{_UP_TO}"
    rf"|\b(?:in|over|during|for|the)\s+(?:past|last|previous|latest|same\s+)?(?:three|six|3|6)[\s-]months?\b"
    rf"(?!\s+(?:later|after|before|ago|earlier))"
    rf"|\bthe\s+(?:(?:first|second|third|fourth|final|last|latest|previous)\s+)?quarter\s+{_UP_TO}"
    rf"|\bthe\s+(?:first|second)\s+half\s+of\b", re.IGNORECASE)
_NAMED_WITH_IT = "named with the figure"


def part_of_a_year(claim: Claim, resolution: Resolution) -> None:
    """A figure its sentence gives over part of a year, nearer to it than any year of its own
    ("2,000 in the year to June, and 500 in the quarter to June"): unverifiable."""
    if resolution.problem is not None:
        return
    spans = _spans(claim.sentence)
    if not spans:
        return
    at = (claim.start - claim.sentence_start, claim.end - claim.sentence_start)
    nearest, (start, end, words) = min(((_distance(at, *span[:2]), span) for span in spans),
                                       key=lambda pair: pair[0])
    said = next((e for e in reversed(resolution.evidence) if e.field == "period"), None)
    if said is not None and said.reason.startswith(_NAMED_WITH_IT):
        own = said.reason.split(": ", 1)[-1].strip("'\"")
        found = claim.sentence.find(own)
        if found >= 0 and not start <= found <= end + 30 and \
                _distance(at, found, found + len(own)) < nearest:
            return  # "2,000 in the year to June 2016" beside a quarter's figure: its own year
    resolution.problem = (f"its sentence gives a span of part of a year ({words.strip()!r}): "
                          f"the data's periods are years, so it is not checked against a yearly figure")


@functools.lru_cache(maxsize=REMEMBERED)  # a sentence's claims each ask of the same sentence
def _spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, words) of each span of part of a year the sentence gives."""
    return tuple((m.start(), m.end(), m.group()) for m in _PART_OF_A_YEAR.finditer(sentence))


def _distance(figure: tuple[int, int], start: int, end: int) -> int:
    """Characters between the figure and a span of its sentence (0 when they overlap)."""
    return max(0, start - figure[1], figure[0] - end)
