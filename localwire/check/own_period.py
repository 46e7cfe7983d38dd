"""A figure's own period: the one named with it in its sentence ("1,145 in 2013/14", "In 2015/16,
..."), and the base a change names ("since 2014/15", "on 2013-14"), with how sure the reading is."""

from __future__ import annotations

import bisect
import re

from localwire.check.dating import period_of
from localwire.check.evidence import FIRM
from localwire.check.extract import Claim
from localwire.check.extract.claims import WINDOW
from localwire.model.periods import Period

CHANGES = ("change", "pct_change", "ratio")  # the kinds that have a base period
# "from 1,955 in 2015", "from 514 offences recorded in 2015/16": nothing but its noun between
_FROM_OWN = re.compile(r"\s*(?:(?!to\b|and\b|than\b)[a-z][a-z\-]*\s+){0,3}|\s*\(\s*")
_ADJACENT = re.compile(r"[\s:,–\-]*(?:when|where|in\s+which)?[\s:,–\-]*|\s*\(\s*")


def own_period(claim: Claim, relative: int, clause_start: int, clause_end: int,
                main: Period | None, neighbours: tuple[int, int],
                main_confidence: float) -> tuple[tuple | None, tuple | None]:
    """(period, text, confidence) named for the figure itself, and (period, text) of the base a
    change names ("since 2014/15", "on 2013-14")."""
    own = base = None
    borrowed = False  # the chosen year takes its months from a guessed article period
    end_relative = claim.end - claim.sentence_start
    lo = bisect.bisect_left(claim.periods, relative - WINDOW, key=lambda m: m.start)
    hi = bisect.bisect_right(claim.periods, end_relative + WINDOW, key=lambda m: m.start)
    near = claim.periods[lo:hi]
    ranges = any(m.cue == "and" for m in near)
    for mention in near:
        period = period_of(mention, main)
        if period is None or (mention.start < end_relative and mention.end > relative):
            continue  # inside the claim ("the highest since 2014/15"): the series' start
        in_clause = clause_start <= mention.start < clause_end
        distance = abs(mention.start - relative)
        if mention.cue in ("since", "base") and claim.kind in CHANGES:
            if mention.start > neighbours[1] or mention.end < neighbours[0]:
                continue  # "a drop of 14.6 per cent - and by more than 18 per cent from ... 2007": the 18's
            rank = (0.9 if in_clause else 0.8, -distance)
            if base is None or rank > base[2]:
                base = (period, mention.text, rank)
            continue
        adjacent = (mention.end <= relative and relative - mention.end <= 12 and _ADJACENT.fullmatch(
            claim.sentence[mention.end:relative])) or (claim.sentence[clause_start:clause_start + 3].lstrip()
                                                       .startswith("(") and 0 <= relative - mention.end < 12)
        if mention.cue == "since" or (mention.cue == "base" and not adjacent and claim.role != "from"):
            continue
        if (mention.cue == "and" and claim.role == "from") or \
                (mention.cue == "between" and ranges and claim.role != "from"):
            continue  # "from 314 to 398 between 2013-14 and 2014-15"
        opening = mention.start <= 4 and mention.cue in ("in", "during", "for", "") and claim.role != "from"
        if opening and own is None:  # "In 2013/14, 1,145 offences ... and 229 ...": the sentence's year
            own = (period, mention.text, 0.85, -distance)
            continue
        if not ranges and (mention.start > neighbours[1] or mention.end < neighbours[0]):
            continue  # another figure stands between: "fallen to 1,669 from 1,955 in 2015"
        if (not adjacent or mention.cue == "in") and 0 <= mention.start - neighbours[0] <= 5 and \
                mention.end <= relative:
            continue  # "from 342 in 2012-13 to 393", "1,092 in 2015-16, 1,308": the year of the figure before
        if claim.role == "from" and mention.end <= relative and not adjacent and not ranges:
            continue  # "400 ... in 2016/17 – a drop from 514": the year is the 400's
        if claim.role == "from" and mention.start >= end_relative and not ranges and not _FROM_OWN.fullmatch(
                claim.sentence[end_relative:mention.start]):
            continue  # "rose from zero to one in 2016/17": the year is the later figure's
        confidence = 0.95 if adjacent else 0.9 if in_clause else 0.8
        if mention.end_year is None:  # "the 12 months to September": the year is the article's
            confidence = min(confidence, main_confidence)
        if own is None or (confidence, -distance) > (own[2], own[3]):
            own = (period, mention.text, confidence, -distance)
            borrowed = mention.end_month is None and main_confidence < FIRM and period.end_month != 12
    if own is not None and borrowed:  # "in 2014" read as a year to March: the article's guessed months
        own = (own[0], own[1], min(own[2], main_confidence), own[3])
    return own, base
