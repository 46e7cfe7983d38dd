"""An independent reference for every fact family: deliberately simple, slow, pure Python.

It reads a generated dataset directly (areas, populations, observations as plain dicts) and
restates each rule from the families' docstrings in the plainest code there is: loops over
every row, exact Fractions, no SQL, no windows, nothing from `localwire.facts`. The rules are
written out again here on purpose: tests/test_facts_reference.py asserts that the engine and
this file agree on every fact of generated datasets, so a rule that drifts in either fails.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

SMALL_BASE = 10            # a percentage from fewer than this is marked small_base
MIN_RESIDENTS = 100_000    # fewer residents than this: no rate per resident
MIN_PERIODS = 3            # a record needs at least this many figures
EW = "england-and-wales"


@dataclass
class Dataset:
    areas: list[dict] = field(default_factory=list)  # slug, kind, territorial, parent
    populations: list[dict] = field(default_factory=list)  # area, year, population, source, quality
    # id, area, period, measure, breakdown, value, status
    observations: list[dict] = field(default_factory=list)


# -- periods (twelve months ending at the end of a month), restated ----------------------------
def parse(code: str) -> tuple[int, int]:
    """(end year, end month) of "2016/17", "2016", "YE 2017-06"."""
    if "/" in code:
        return int(code[:4]) + 1, 3
    if code.startswith("YE "):
        return int(code[3:7]), int(code[8:])
    return int(code), 12


def code_of(end_year: int, end_month: int) -> str:
    if end_month == 3:
        return f"{end_year - 1}/{end_year % 100:02d}"
    if end_month == 12:
        return str(end_year)
    return f"YE {end_year}-{end_month:02d}"


def previous(code: str) -> str:
    year, month = parse(code)
    return code_of(year - 1, month)


def days(code: str) -> int:
    year, month = parse(code)
    end = date(year, month, calendar.monthrange(year, month)[1])
    start = date(year - 1, month % 12 + 1, 1) if month != 12 else date(year, 1, 1)
    return (end - start).days + 1


def mid_year(code: str) -> int:
    year, month = parse(code)
    start_month = month % 12 + 1
    start_year = year - 1 if month != 12 else year
    return start_year if start_month <= 6 else year


# -- values -------------------------------------------------------------------------------------
def row(data: Dataset, area: str, period: str, measure: str, breakdown: str) -> dict | None:
    for each in data.observations:
        if (each["area"], each["period"], each["measure"], each["breakdown"]) == (
                area, period, measure, breakdown):
            return each
    return None


def value(data: Dataset, area: str, period: str, measure: str, breakdown: str) -> Fraction | None:
    found = row(data, area, period, measure, breakdown)
    if found is None or found["status"] != "reported" or found["value"] is None:
        return None
    return Fraction(found["value"])


def change(data, area, period, measure, breakdown):
    now = value(data, area, period, measure, breakdown)
    before = value(data, area, previous(period), measure, breakdown)
    return None if now is None or before is None else now - before


def pct_change(data, area, period, measure, breakdown, published_measure):
    """(value, small_base, published) or None."""
    now = value(data, area, period, measure, breakdown)
    before = value(data, area, previous(period), measure, breakdown)
    if now is not None and before is not None:
        if before == 0:
            return None
        return (now - before) / before * 100, before < SMALL_BASE, False
    published = value(data, area, period, published_measure, breakdown)
    return None if published is None else (published, False, True)


def direction(data, area, period, measure, breakdown, published_measure):
    difference = change(data, area, period, measure, breakdown)
    if difference is None:
        pct = pct_change(data, area, period, measure, breakdown, published_measure)
        difference = None if pct is None else pct[0]
    if difference is None:
        return None
    return "rose" if difference > 0 else "fell" if difference < 0 else "unchanged"


def share(data, area, period, measure, breakdown):
    if breakdown == "":
        return None
    part = value(data, area, period, measure, breakdown)
    whole = value(data, area, period, measure, "")
    return None if part is None or whole is None or whole == 0 else part / whole


def one_in(data, area, period, measure, breakdown):
    found = share(data, area, period, measure, breakdown)
    return None if found is None or found == 0 else 1 / found


def per_day(data, area, period, measure, breakdown):
    count = value(data, area, period, measure, breakdown)
    return None if count is None else count / days(period)


def per_week(data, area, period, measure, breakdown):
    count = value(data, area, period, measure, breakdown)
    return None if count is None else count * 7 / days(period)


def interval(data, area, period, measure, breakdown):
    count = value(data, area, period, measure, breakdown)
    return None if count is None or count == 0 else Fraction(days(period) * 24 * 60) / count


# -- populations and rates ----------------------------------------------------------------------
def population(data: Dataset, area: str, year: int) -> dict | None:
    """Quality "ok" first; then the mid-year estimate before the Census; then by source."""
    candidates = [p for p in data.populations if p["area"] == area and p["year"] == year]
    candidates.sort(key=lambda p: (p["quality"] != "ok", "Census" in p["source"], p["source"]))
    return candidates[0] if candidates else None


def soundness(data: Dataset, area: str, year: int) -> str:
    found = population(data, area, year)
    if found is None:
        return "missing"
    if found["quality"] != "ok":
        return "suspect"
    if found["population"] < MIN_RESIDENTS:
        return "tiny"
    return "ok"


def rate(data, area, period, measure, breakdown, per):
    count = value(data, area, period, measure, breakdown)
    year = mid_year(period)
    if count is None or soundness(data, area, year) != "ok":
        return None
    return count / population(data, area, year)["population"] * per


# -- areas --------------------------------------------------------------------------------------
def area(data: Dataset, slug: str) -> dict | None:
    for each in data.areas:
        if each["slug"] == slug:
            return each
    return None


def members(data: Dataset, group: str) -> list[str]:
    """Territorial forces whose chain of parents reaches `group`."""
    found = []
    for each in data.areas:
        if each["kind"] != "force" or not each["territorial"]:
            continue
        parent, seen = each["parent"], set()
        while parent and parent not in seen:
            if parent == group:
                found.append(each["slug"])
                break
            seen.add(parent)
            above = area(data, parent)
            parent = above["parent"] if above else ""
    return sorted(found)


# -- ranks --------------------------------------------------------------------------------------
def rank(data, slug, period, measure, breakdown, among=EW, by="count"):
    """dict(from_top, from_bottom, tied, of, expected, excluded) or None."""
    group = members(data, among)
    if slug not in group:
        return None
    keys, excluded = {}, []
    for other in group:
        count = value(data, other, period, measure, breakdown)
        if count is None:
            continue
        if by == "count":
            keys[other] = count
            continue
        year = mid_year(period)
        sound = soundness(data, other, year)
        if sound in ("missing", "suspect"):
            return None  # every population used must be sound
        if sound == "tiny":
            excluded.append(other)
            continue
        keys[other] = count / population(data, other, year)["population"]
    if slug not in keys:
        return None
    mine = keys[slug]
    return {"from_top": 1 + sum(1 for k in keys.values() if k > mine),
            "from_bottom": 1 + sum(1 for k in keys.values() if k < mine),
            "tied": sum(1 for k in keys.values() if k == mine), "of": len(keys),
            "expected": len(group), "excluded": tuple(sorted(excluded))}


# -- records ------------------------------------------------------------------------------------
def record(data, slug, period, measure, breakdown):
    """dict(kind, periods, since, tied, value) or None."""
    year, month = parse(period)
    codes = {parse(o["period"]): o["period"] for o in data.observations}
    series = []  # back from the period, one year at a time, while each year has a figure
    while (year, month) in codes:
        figure = value(data, slug, codes[(year, month)], measure, breakdown)
        if figure is None:
            break
        series.insert(0, (codes[(year, month)], figure))
        year -= 1
    now = value(data, slug, period, measure, breakdown)
    if now is None or len(series) < MIN_PERIODS:
        return None
    figures = [v for _c, v in series]
    kind = "high" if now == max(figures) else "low" if now == min(figures) else "none"
    return {"kind": kind, "periods": len(series), "since": series[0][0],
            "tied": figures.count(now) - 1, "value": now}


# -- totals and coverage ------------------------------------------------------------------------
def total(data, forces, period, measure, breakdown):
    """dict(total, reported, expected, missing, not_reported); total None when none reported."""
    reported, missing, not_reported, summed = 0, [], [], Fraction(0)
    for slug in sorted(set(forces)):
        found = row(data, slug, period, measure, breakdown)
        if found is None:
            missing.append(slug)
        elif found["status"] != "reported" or found["value"] is None:
            not_reported.append((slug, found["status"]))
        else:
            reported += 1
            summed += Fraction(found["value"])
    return {"total": summed if reported else None, "reported": reported,
            "expected": len(set(forces)), "missing": tuple(missing),
            "not_reported": tuple(not_reported)}


def within(data, slug, period, measure, breakdown):
    own = value(data, slug, period, measure, breakdown)
    if own is not None:
        return own
    return total(data, members(data, slug), period, measure, breakdown)["total"]


def national(data, period, measure, breakdown):
    for slug in ("united-kingdom", EW):
        own = value(data, slug, period, measure, breakdown)
        if own is not None:
            return own
    return total(data, members(data, "united-kingdom"), period, measure, breakdown)["total"]


# -- multi-year change --------------------------------------------------------------------------
def since(data, slug, period, base, measure, breakdown):
    now = value(data, slug, period, measure, breakdown)
    then = value(data, slug, base, measure, breakdown)
    if now is None or then is None or then == 0:
        return None
    return (now - then) / then * 100, then < SMALL_BASE


# -- the change of a total ----------------------------------------------------------------------
def reporting(data, forces, period, measure, breakdown) -> set[str]:
    return {slug for slug in set(forces)
            if (found := row(data, slug, period, measure, breakdown)) is not None
            and found["status"] == "reported" and found["value"] is not None}


def change_within(data, slug, period, measure, breakdown, published_measure):
    """(value, small_base, published) or None: the area's own change where it has a figure of
    its own, else the sum's, stated only when the same forces reported both years."""
    if value(data, slug, period, measure, breakdown) is not None:
        return pct_change(data, slug, period, measure, breakdown, published_measure)
    forces = members(data, slug)
    now_forces = reporting(data, forces, period, measure, breakdown)
    before_forces = reporting(data, forces, previous(period), measure, breakdown)
    if not now_forces or now_forces != before_forces:
        return None
    now = total(data, forces, period, measure, breakdown)["total"]
    before = total(data, forces, previous(period), measure, breakdown)["total"]
    if before == 0:
        return None
    return (now - before) / before * 100, before < SMALL_BASE, False
