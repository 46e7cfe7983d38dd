"""Checks beyond one row at a time: periods in range, breakdowns against their totals.

Run on every staged table, from the tidy format and from recipes alike, after
`staging.validate_staged` has resolved areas, periods and values (columns area_slug,
period_code, value_num, lower_num, upper_num). The queries are in `localwire.store.staging`.

- period-out-of-range: a period outside the recipe's `periods` range, or ending after today.
- breakdown-exceeds-total: a breakdown (an age band, the online flag) larger than the total of
  the same area, period and measure; for a suppressed breakdown its lower bound is used.
- inconsistent-totals: the breakdowns the recipe declares a partition of the total (age bands
  that cover every victim) cannot add up to it: the total lies outside the sum of their lower
  and upper bounds. Checked only where every part has a figure or bounds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from localwire.errors import (
    BreakdownExceedsTotal,
    InconsistentTotals,
    PeriodError,
    PeriodOutOfRange,
    Problem,
)
from localwire.importing.recipe import PeriodRange
from localwire.model.periods import Period
from localwire.store import staging as staged_queries

MAX_PROBLEMS = 50


def check_staged(db: duckdb.DuckDBPyConnection, table: str, file: str, periods: PeriodRange,
                 partitions: list[list[str]], count_measures: set[str],
                 today: date | None = None) -> list[Problem]:
    """The checks across rows; breakdowns are compared with totals for count measures only."""
    counts = sorted(count_measures)
    problems = check_periods(db, table, file, periods, today or date.today())
    problems += check_breakdowns(db, table, file, counts)
    for partition in partitions:
        problems += check_partition(db, table, file, partition, counts)
    return problems[:MAX_PROBLEMS]


def check_periods(db, table: str, file: str, periods: PeriodRange, today: date) -> list[Problem]:
    earliest = _bound(periods.earliest, file, "periods.earliest")
    latest = _bound(periods.latest, file, "periods.latest")
    outside: dict[str, str] = {}
    for code in sorted(staged_queries.distinct_periods(db, table)):
        period = Period.parse(code)
        if earliest and period < earliest:
            outside[code] = f"before {earliest.code}, the earliest the recipe allows"
        elif latest and period > latest:
            outside[code] = f"after {latest.code}, the latest the recipe allows"
        elif period.end > today:
            outside[code] = f"it ends on {period.end:%d %B %Y}, in the future"
    places = dict(staged_queries.first_places(db, table, "period_code", list(outside))) if outside else {}
    return [PeriodOutOfRange.problem_at(file, places.get(code), "check the period column or the "
                                        "recipe's periods", period=code, reason=reason)
            for code, reason in outside.items()]


def _bound(text: str | None, file: str, key: str) -> Period | None:
    if text is None:
        return None
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise PeriodError(error.problem.message, file=file, place=f"recipe key {key}") from None


def check_breakdowns(db, table: str, file: str, counts: list[str]) -> list[Problem]:
    return [BreakdownExceedsTotal.problem_at(
                file, place, "a breakdown cannot exceed its total; check the columns the file "
                "maps", label=f"{area} {period} {measure} [{breakdown}]", part=_n(part),
                whole=_n(whole))
            for place, area, period, measure, breakdown, part, whole
            in staged_queries.parts_over_total(db, table, counts, MAX_PROBLEMS)]


def check_partition(db, table: str, file: str, partition: list[str],
                    counts: list[str]) -> list[Problem]:
    bands = ", ".join(partition)
    return [InconsistentTotals.problem_at(
                file, place, "check the total and the breakdown columns",
                label=f"{area} {period} {measure}", total=_n(total), bands=bands,
                sum=_n(low) if low == high else f"between {_n(low)} and {_n(high)}")
            for place, area, period, measure, total, low, high
            in staged_queries.partition_mismatches(db, table, partition, counts, MAX_PROBLEMS)]


def _n(number) -> str:
    return format(Decimal(number).normalize(), ",f") if number is not None else "?"
