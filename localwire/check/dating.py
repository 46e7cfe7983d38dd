"""The article's period: the latest it names, a base year on, a month dated from the publication
("the 12 months to June" in an article of October 2016) or, with none named but "last year", a
year of the data (which `check_claims` then fits to the article's figures)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from localwire.check.evidence import Evidence
from localwire.check.extract import PeriodMention
from localwire.errors import PeriodError
from localwire.model.periods import Period

# "founded in 1986", "introduced in 2009", "the Act 2000": a year of an event, not of the figures
_EVENT_BEFORE = re.compile(r"\b(?:began|begun|founded|introduced|launched|set up|established|started|"
                           r"created|opened|born|since)\s*$", re.IGNORECASE)


def infer_period(text: str, periods: list[tuple[int, PeriodMention]],
                 data_periods: list[Period] = (), published: date | None = None,
                 ) -> tuple[Period | None, Evidence | None]:
    """The article's period: the latest it names (not counting "since ..."), a year on when that is
    named as the base of a change ("a 21% rise on 2013-14"); "the 12 months to September" takes its
    year from the other periods named with September, else from the publication date (the latest
    September before it; "September last year": the year before it), else the data's latest."""
    periods = [(start, m) for start, m in periods if not _dates_money(text, start, m)]
    named = [m for _, m in periods if m.end_year is not None and m.end_month is not None and m.cue != "since"]
    months = [m for _, m in periods if m.end_year is None and m.end_month is not None]
    if published is not None:
        dated = [_dated(m, published) for m in months]
        named += [m for m in dated if m.end_year is not None]
        months = [m for m in dated if m.end_year is None]
    if not named and not months:
        plain = [m for start, m in periods if m.end_month is None and m.cue in ("in", "during", "for")
                 and not _EVENT_BEFORE.search(text, max(0, start + m.start - 30), start + m.start)]
        if not plain:
            return _undated(text, published_before(data_periods, published), periods)
        latest = max(plain, key=lambda m: m.end_year)
        if data_periods and {p.end_month for p in data_periods} == {3}:  # "in 2014", financial years only
            period = Period(latest.end_year, 3)
            return period, Evidence("period", period.code, f"the latest year named ({latest.text!r}), as the "
                                                           f"data's year to March", 0.6)
        return (Period(latest.end_year, 12),
                Evidence("period", str(latest.end_year), f"the latest year named ({latest.text!r})", 0.6))
    if months and (not named or months[0].end_month not in {m.end_month for m in named}
                   or _mention_index(periods, months[0]) < _mention_index(periods, named[0])):
        return _month_only(months[0], named, data_periods)
    latest = max(named, key=lambda m: (m.end_year, m.end_month))
    period = period_of(latest)
    if latest.cue == "base" and not any(m.end_year == latest.end_year and m.cue != "base" for m in named):
        period = Period(period.end_year + 1, period.end_month)
        return period, Evidence("period", period.code, f"the year after the base named ({latest.text!r})",
                                0.8)
    distinct = {(m.end_year, m.end_month) for m in named if m.cue not in ("base", "from")}
    sure = len(distinct) <= 1  # several periods named: a figure naming none may be of either
    return period, Evidence("period", period.code, f"the latest period named ({latest.text!r}"
                            f"{'' if sure else f', of {len(distinct)}'})", 0.85 if sure else 0.7)


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def _dates_money(text: str, start: int, mention: PeriodMention) -> bool:
    """"budgets cut by £4,313,953 since the core grant settlement of 2010/11": a period named in a
    sentence about money dates the money, not the data's figures."""
    end = _SENTENCE_END.search(text, start + mention.end)
    return "£" in text[start:end.start() if end else len(text)]


def _mention_index(periods: list[tuple[int, PeriodMention]], mention: PeriodMention) -> int:
    return next((i for i, (_, m) in enumerate(periods) if m is mention or m == mention), 0)


def _dated(mention: PeriodMention, published: date) -> PeriodMention:
    """"the 12 months to June" in an article published on 20 October 2016: June 2016 (the latest
    June before the publication); "to September last year": September of the year before."""
    if mention.relative is not None:
        year = published.year + mention.relative
    else:
        year = published.year if mention.end_month < published.month else published.year - 1
    return dataclasses.replace(mention, end_year=year)


_RELATIVE_YEAR = re.compile(r"\b(?:last|this|the\s+past|the\s+previous)\s+(?:financial\s+)?year\b|"
                            r"\b(?:in|over)\s+(?:the\s+)?(?:last|past)\s+12\s+months\b", re.IGNORECASE)


_PUBLISHING_LAG = 3  # months at least between a period's end and its figures' publication


def published_before(data_periods: list[Period], published: date | None) -> list[Period]:
    """The data's periods whose figures were out when the article was published (ended at least
    three months before it); all of them when the date is not known."""
    if published is None:
        return list(data_periods)
    months = published.year * 12 + published.month - 1 - _PUBLISHING_LAG
    return [p for p in data_periods if p.end_year * 12 + p.end_month - 1 <= months]


def _undated(text: str, data_periods: list[Period],
             periods: list[tuple[int, PeriodMention]]) -> tuple[Period | None, Evidence | None]:
    """No period named at all, but "last year", "in the past 12 months": a year of the data (a
    guess; `check_claims` then fits the year to the article's figures); "up by nearly a third from
    2015" with no other year: the year to December after it."""
    said = _RELATIVE_YEAR.search(text)
    bases = [m for _, m in periods if m.end_month is None and m.end_year is not None and m.cue == "base"]
    if said and bases:
        latest = max(bases, key=lambda m: m.end_year)
        return Period(latest.end_year + 1, 12), Evidence(
            "period", str(latest.end_year + 1), f"{said.group()!r}: the year after the base named "
                                                f"({latest.text!r})", 0.6)
    if not said or not data_periods:
        return None, None
    months = {p.end_month for p in data_periods}
    month = 3 if 3 in months else max(data_periods).end_month
    latest = max(p for p in data_periods if p.end_month == month)
    return latest, Evidence("period", latest.code, f"{said.group()!r}: no year named; the data's latest",
                            0.6)


def _month_only(mention: PeriodMention, named: list[PeriodMention],
                data_periods: list[Period]) -> tuple[Period | None, Evidence | None]:
    month = mention.end_month
    same = [m for m in named if m.end_month == month]
    if same:
        latest = max(same, key=lambda m: m.end_year)
        year = latest.end_year + (1 if latest.cue == "base" else 0)
        period = Period(year, month)
        return period, Evidence("period", period.code, f"{mention.text!r}, its year from {latest.text!r}",
                                0.8)
    years = [p.end_year for p in data_periods if p.end_month == month]
    if years:
        period = Period(max(years), month)
        return period, Evidence("period", period.code, f"{mention.text!r}: no year named; the data's "
                                                       f"latest", 0.6)
    return None, None


def period_of(mention: PeriodMention, main: Period | None = None) -> Period | None:
    if mention.end_year is None:
        return Period(main.end_year, mention.end_month) if main and mention.end_month else None
    month = mention.end_month or (main.end_month if main else 12)
    try:
        return Period(mention.end_year, month) if 1 <= month <= 12 else None
    except (PeriodError, ValueError):
        return None


def snapped(period: Period | None, data_periods: list[Period]) -> Period | None:
    """"the 12 months to last April" in a dataset of years to March: the year to the March before
    (a reporter's loose "to April"); None when the data has that month, or not the month before."""
    if period is None or not data_periods:
        return None
    months = {p.end_month for p in data_periods}
    before = period.end_month - 1 or 12
    if period.end_month in months:
        return None
    if before in months:
        return Period(period.end_year - (period.end_month == 1), before)
    return None
