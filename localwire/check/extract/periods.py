"""Periods named in a sentence: financial years, "the year to June 2016", "12 months to September",
"between April 2016 and March 2017", and years with the word before them ("since 2014/15",
"on 2013-14", "in 2007"). Rules as data, like rules.py; the resolver decides what each means for
each claim (the claim's own period, the base of its change, or the start of a series).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from localwire.check.extract.patterns import Encoded, compile_pattern, find_all
from localwire.check.extract.rules import MACROS
from localwire.check.extract.tokens import FIGURES, FY, YEAR, Token

MONTH_NUMBERS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = "|".join(MONTH_NUMBERS)
# the word before a year says what it is to the figures around it
CUES = {"since": "since", "on": "base", "from": "base", "compared": "base", "than": "base",
        "against": "base", "with": "base", "in": "in", "during": "in", "for": "in", "of": "in",
        "between": "between", "and": "and", "to": "to"}


@dataclass(frozen=True)
class PeriodMention:
    """A period named in a sentence (offsets into the sentence). `end_year` may be None for "the
    12 months to September" (the year is the article's); `end_month` 3 for financial years."""

    start: int
    end: int
    text: str
    end_year: int | None
    end_month: int | None  # None: a plain year ("in 2007"), its months are the article's
    cue: str = ""  # since, base, in, between, and, to, or ""
    relative: int | None = None  # "to September last year": the year is the publication's - 1


_RELATIVE = {"last": -1, "this": 0, "next": 1}
_RULES = [(name, compile_pattern(source, MACROS)) for name, source in [
    # "the same period ending June 2014", "the 12 months leading up to September 2013"
    ("year to", f"( year|years|period / months|month ) period? ( up to the end of / to the end of / "
                f"up to / leading up to / ending in / ended in / to|ending|ended|until ) the? "
                f"( year ending )? ( t:this|last )? "
                f"m:{_MONTH} ( y:YEAR / r:last|this year )?"),
    # "recorded 50,901 offences up to the end of March this year": the year to March
    ("to the end of", f"up? to the end of m:{_MONTH} ( y:YEAR / r:last|this year )"),
    # "between April 2016 and March 2017", "with April 2017 and March 2018", "April 2017 to March 2018"
    ("april to march", "( between|from|with )? april ( y1:YEAR / r1:last|this year ) and|to march "
                       "( y2:YEAR / r2:last|this year )?"),
    # "the period ending 31st December 2014": the year to December 2014
    ("year to date", "year|years|period|months|month ( up to / to / ending / ended / until ) d:DATE"),
    # "from July 2015 up to June this year": twelve months to June 2016
    ("month to month", f"( between|from )? m1:{_MONTH} y1:YEAR up? to|and|until m2:{_MONTH} "
                       f"( y2:YEAR / r:last|this year )?"),
    # "the rolling year between 1 October 2012 and 30 September 2013": the year to September 2013
    ("date to date", "between|from d1:DATE and|to d2:DATE"),
    # "since September 2010" in a story of years to September: since the year to September 2010
    ("since month", f"since m:{_MONTH} y:YEAR"),
    # "the 12-month period between April 2011 and 2012": the year to March 2012
    ("month year and year", f"between|from m:{_MONTH} y1:YEAR and|to y2:YEAR"),
    ("financial year", "cue:( since / on / from / compared with|to / than / against / in / during / "
                       "for / of / between / and / to )? fy:FY"),
    ("year", "cue:( since / on / from / compared with|to / than / against / in / during / for / of / "
             "between / and / to )? y:YEAR"),
]]


def find_periods(tokens: list[Token], encoded: Encoded, body: str) -> list[PeriodMention]:
    found: list[PeriodMention] = []
    taken: set[int] = set()
    for name, pattern in _RULES:
        for first, end, captures in find_all(pattern, encoded):
            if any(index in taken for index in range(first, end)):
                continue
            mention = _mention(name, tokens, first, end, captures, body)
            if mention:
                found.append(mention)
                taken.update(range(first, end))
    return sorted(found, key=lambda m: m.start)


def _mention(name: str, tokens: list[Token], first: int, end: int, captures: dict,
             body: str) -> PeriodMention | None:
    start, stop = tokens[first].start, tokens[end - 1].end
    cue_tokens = tokens[captures["cue"][0]:captures["cue"][1]] if "cue" in captures else []
    cue = CUES.get(cue_tokens[0].low, "") if cue_tokens else ""
    text = body[start:stop]
    if name == "year to" and _not_a_year(tokens, first):
        return None  # "in the three months to last September": a quarter, no period of the data
    if name in ("year to", "to the end of"):
        month = MONTH_NUMBERS[tokens[captures["m"][0]].low]
        year = tokens[captures["y"][0]].value if "y" in captures else None
        relative = _RELATIVE[tokens[captures["r"][0]].low] if "r" in captures else None
        if relative is None and "t" in captures and tokens[captures["t"][0]].low == "this":
            relative = 0  # "the 12 months to this March": the March of the publication's year
        return PeriodMention(start, stop, text, year, month, _cue_before(tokens, first), relative)
    if name == "april to march":
        if "y1" in captures:
            return PeriodMention(start, stop, text, tokens[captures["y1"][0]].value + 1, 3, "in")
        relative = _RELATIVE[tokens[captures["r1"][0]].low] + 1
        return PeriodMention(start, stop, text, None, 3, "in", relative)
    if name == "year to date":
        return _year_to_date(tokens[captures["d"][0]].text, start, stop, text, _cue_before(tokens, first))
    if name == "month to month":
        return _twelve_months(tokens, captures, start, stop, text)
    if name == "date to date":
        first, last = (tokens[captures[k][0]].text for k in ("d1", "d2"))
        return _date_to_date(first, last, start, stop, text)
    if name == "since month":
        month = MONTH_NUMBERS[tokens[captures["m"][0]].low]
        return PeriodMention(start, stop, text, tokens[captures["y"][0]].value, month, "since")
    if name == "month year and year":
        return _month_year_and_year(tokens, captures, start, stop, text)
    if cue == "in" and (_same_period_after_base(tokens, first) or _figure_from_before(tokens, first)):
        cue = "base"  # "up 142 per cent on the same period in 2007", "up from 221 in 2016"
    token = tokens[(captures.get("fy") or captures.get("y"))[0]]
    if token.kind == FY:
        return PeriodMention(start, stop, text, token.value + 1, 3, cue)
    if token.kind == YEAR and token.text[-1:].isdigit():
        return PeriodMention(start, stop, text, token.value, None, cue)
    return None


_DATE_PARTS = re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\w*\.?,?"
                         rf"(?:\s+(?P<year>\d{{4}}))?|(?P<month2>{_MONTH})\w*\.?\s+(?P<day2>\d{{1,2}})"
                         rf"(?:st|nd|rd|th)?(?:,?\s+(?P<year2>\d{{4}}))?", re.IGNORECASE)


def _year_to_date(date_text: str, start: int, stop: int, text: str, cue: str) -> PeriodMention | None:
    """"the period ending 31st December 2014": the year to a month's last day is the year to that
    month (a date inside a month is no period of the data); "the year to March 31", with no year,
    is the year to March of the article's year."""
    found = _DATE_PARTS.fullmatch(date_text.strip().rstrip("."))
    if not found:
        return None
    month = MONTH_NUMBERS[(found.group("month") or found.group("month2")).lower()]
    day = int(found.group("day") or found.group("day2"))
    year_text = found.group("year") or found.group("year2")
    year = int(year_text) if year_text else None
    if day != calendar.monthrange(year or 2001, month)[1] and not (year is None and (month, day) == (2, 29)):
        return None
    return PeriodMention(start, stop, text, year, month, cue)


def _date_to_date(first: str, last: str, start: int, stop: int, text: str) -> PeriodMention | None:
    """"between 1 October 2012 and 30 September 2013": twelve whole months, the year to the last
    one (any other span is no period of the data)."""
    opened = _DATE_PARTS.fullmatch(first.strip().rstrip("."))
    ended = _year_to_date(last, start, stop, text, "in")
    if opened is None or ended is None or ended.end_year is None:
        return None
    day = int(opened.group("day") or opened.group("day2"))
    month = MONTH_NUMBERS[(opened.group("month") or opened.group("month2")).lower()]
    year_text = opened.group("year") or opened.group("year2")
    whole_year = ended.end_month % 12 + 1 == month and \
        int(year_text or 0) == ended.end_year - (1 if month > 1 else 0)
    return ended if day == 1 and whole_year else None


def _twelve_months(tokens: list[Token], captures: dict, start: int, stop: int,
                   text: str) -> PeriodMention | None:
    """"from July 2015 up to June this year": a year to June when the months span twelve (July to
    June, or June 2012 to June 2013); "from January to March 2016", a quarter, is no period of the data."""
    first, last = (MONTH_NUMBERS[tokens[captures[k][0]].low] for k in ("m1", "m2"))
    start_year = tokens[captures["y1"][0]].value
    stated = tokens[captures["y2"][0]].value if "y2" in captures else None
    if first == last and stated == start_year + 1:  # "between June 2012 to June 2013": to June 2013
        return PeriodMention(start, stop, text, stated, last, "in")
    if last % 12 + 1 != first:
        return None
    end_year = start_year + (1 if last < first else 0)
    if stated is not None and stated != end_year:
        return None
    return PeriodMention(start, stop, text, end_year, last, "in")


def _month_year_and_year(tokens: list[Token], captures: dict, start: int, stop: int,
                         text: str) -> PeriodMention | None:
    """"between April 2011 and 2012": the twelve months from April 2011, so the year to March 2012
    (the years one apart, else it is no year of the data)."""
    month = MONTH_NUMBERS[tokens[captures["m"][0]].low]
    first, last = (tokens[captures[k][0]].value for k in ("y1", "y2"))
    if last != first + 1:
        return None
    end_month = (month - 2) % 12 + 1
    return PeriodMention(start, stop, text, last if month > 1 else first, end_month, "in")


def _not_a_year(tokens: list[Token], first: int) -> bool:
    """"the three months to ...", "six months to ...": a span shorter or longer than a year."""
    before = tokens[first - 1] if first else None
    if before is None or before.kind not in FIGURES or tokens[first].low.startswith("year"):
        return False
    return before.value != 12


def _cue_before(tokens: list[Token], first: int) -> str:
    """"on the 12 months to September 2015": the cue sits before "the 12 months"; "from the same
    period in the 12 months to September 2007": the base, not "in"."""
    found = ""
    for index in range(first - 1, max(-1, first - 9), -1):
        cue = CUES.get(tokens[index].low)
        if cue == "to" and index and tokens[index - 1].low in ("comparison", "compared", "relative"):
            return "base"  # "in comparison to the same period ending June 2014"
        if cue and cue != "in":
            return cue
        if cue == "in" and not found:
            found = cue
        elif tokens[index].low not in ("the", "12", "twelve", "same", "a", "period", "in"):
            break
    return found


def _figure_from_before(tokens: list[Token], first: int) -> bool:
    """"up from 221 in 2016": the year after "from" and a figure dates the base of a change."""
    return first >= 2 and tokens[first - 2].low == "from" and tokens[first - 1].kind in FIGURES


def _same_period_after_base(tokens: list[Token], first: int) -> bool:
    """"on the same period in 2007": tokens before the cue "in" are "the same period" after a base cue."""
    words = [t.low for t in tokens[max(0, first - 4):first]]
    return len(words) == 4 and words[1:] == ["the", "same", "period"] and CUES.get(words[0]) == "base"
