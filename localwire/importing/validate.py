"""Checks beyond one row at a time: periods in range, breakdowns against their totals.

Run on a staged table after `staging.validate_staged` has resolved areas, periods and values
(columns area_slug, period_code, value_num, lower_num, upper_num). Set-wise SQL throughout.

- period-out-of-range: a period outside the recipe's `periods` range, or ending after today.
- breakdown-exceeds-total: a breakdown (an age band, the online flag) larger than the total of
  the same area, period and measure; for a suppressed breakdown its lower bound is used.
- inconsistent-totals: the breakdowns the recipe declares a partition of the total (age bands
  that cover every victim) cannot add up to it: the total lies outside the sum of their lower
  and upper bounds. Checked only where every part has a figure or bounds.
"""

from __future__ import annotations

from datetime import date

import duckdb

from localwire.errors import PeriodError, Problem
from localwire.importing.recipe import PeriodRange
from localwire.model.periods import Period

MAX_PROBLEMS = 50


def apply_recipe_bounds(db: duckdb.DuckDBPyConnection, table: str) -> None:
    """Bounds the recipe gave a suppressed token ("*" = 1..4) become the row's bounds."""
    db.execute(f"""UPDATE {table} SET lower_num = CAST(lower AS DECIMAL(20, 6)),
                       upper_num = CAST(upper AS DECIMAL(20, 6))
                   WHERE lower IS NOT NULL OR upper IS NOT NULL""")


def check_staged(db: duckdb.DuckDBPyConnection, table: str, file: str, periods: PeriodRange,
                 partitions: list[list[str]], today: date | None = None) -> list[Problem]:
    problems = check_periods(db, table, file, periods, today or date.today())
    problems += check_breakdowns(db, table, file)
    for partition in partitions:
        problems += check_partition(db, table, file, partition)
    return problems[:MAX_PROBLEMS]


def check_periods(db, table: str, file: str, periods: PeriodRange, today: date) -> list[Problem]:
    earliest = _bound(periods.earliest, file, "periods.earliest")
    latest = _bound(periods.latest, file, "periods.latest")
    problems = []
    codes = [r[0] for r in db.execute(
        f"SELECT DISTINCT period_code FROM {table} WHERE period_code IS NOT NULL").fetchall()]
    for code in sorted(codes):
        period = Period.parse(code)
        reason = None
        if earliest and period < earliest:
            reason = f"before {earliest.code}, the earliest the recipe allows"
        elif latest and period > latest:
            reason = f"after {latest.code}, the latest the recipe allows"
        elif period.end > today:
            reason = f"it ends on {period.end:%d %B %Y}, in the future"
        if reason:
            place = db.execute(f"SELECT place FROM {table} WHERE period_code = ? ORDER BY seq "
                               "LIMIT 1", [code]).fetchone()[0]
            problems.append(Problem("period-out-of-range", f"period {code}: {reason}", file,
                                    place, "check the period column or the recipe's periods"))
    return problems


def _bound(text: str | None, file: str, key: str) -> Period | None:
    if text is None:
        return None
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise PeriodError(error.problem.message, file=file, place=f"recipe key {key}") from None


def check_breakdowns(db, table: str, file: str) -> list[Problem]:
    rows = db.execute(f"""
        SELECT part.place, part.area_slug, part.period_code, part.measure, part.breakdown,
               coalesce(part.value_num, part.lower_num) AS part_value, whole.value_num
        FROM {table} part JOIN {table} whole
          ON whole.area_slug = part.area_slug AND whole.period_code = part.period_code
         AND whole.measure = part.measure AND whole.breakdown = ''
        WHERE part.breakdown <> '' AND whole.value_num IS NOT NULL
          AND coalesce(part.value_num, part.lower_num) > whole.value_num
        ORDER BY part.seq LIMIT {MAX_PROBLEMS}""").fetchall()
    return [Problem("breakdown-exceeds-total",
                    f"{area} {period} {measure} [{breakdown}] is {_n(part)}, more than the "
                    f"total {_n(whole)}", file, place,
                    "a breakdown cannot exceed its total; check the columns the recipe maps")
            for place, area, period, measure, breakdown, part, whole in rows]


def check_partition(db, table: str, file: str, partition: list[str]) -> list[Problem]:
    rows = db.execute(f"""
        WITH parts AS (
            SELECT area_slug, period_code, measure, count(*) AS n,
                   count(coalesce(value_num, lower_num)) AS known,
                   count(coalesce(value_num, upper_num)) AS known_high,
                   sum(coalesce(value_num, lower_num)) AS low,
                   sum(coalesce(value_num, upper_num)) AS high
            FROM {table} WHERE breakdown IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY ALL)
        SELECT whole.place, whole.area_slug, whole.period_code, whole.measure, whole.value_num,
               parts.low, parts.high
        FROM parts JOIN {table} whole
          ON whole.area_slug = parts.area_slug AND whole.period_code = parts.period_code
         AND whole.measure = parts.measure AND whole.breakdown = ''
        WHERE parts.n = ? AND parts.known = parts.n AND parts.known_high = parts.n
          AND whole.value_num IS NOT NULL
          AND (whole.value_num < parts.low OR whole.value_num > parts.high)
        ORDER BY whole.seq LIMIT {MAX_PROBLEMS}""", [partition, len(partition)]).fetchall()
    bands = ", ".join(partition)
    return [Problem("inconsistent-totals",
                    f"{area} {period} {measure}: the total is {_n(total)} but {bands} add up to "
                    + (_n(low) if low == high else f"between {_n(low)} and {_n(high)}"),
                    file, place, "check the total and the breakdown columns")
            for place, area, period, measure, total, low, high in rows]


def _n(number) -> str:
    return format(number.normalize(), ",f") if number is not None else "?"
