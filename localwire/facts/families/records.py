"""Record high or low over the series.

Set-wise: for every area and breakdown of the measure, the reported figures over the *series*
(the unbroken run of periods of the same shape up to and including the period: the years to
March for 2016/17, never the calendar years or other rolling years in between, which overlap
them):
the figure now, how many periods have a figure, the first of them, the highest and the lowest
figure of the other periods (the latest period where several share it) and how many other
periods share the figure now.

Exact step: the fact's value is the figure now; `record` is "high" when no other period has a
higher figure, else "low" when none has a lower one, else "none"; formula "high of 3 periods
since 2014/15"; details `record`, `since` (the first period with a figure), `periods` (how
many), `tied` (other periods with the same figure: "the joint highest" when > 0). Inputs: the
figure now and the other periods' highest and lowest (the evidence), oldest first, named by
id: the values families of the series' periods have read them (`FactBook._records` reads
those first), so the window carries two columns of each observation, not thirteen.

Rules:
- The series is unbroken: it runs back from the period only while every year has a reported
  figure. A year with no reported figure for the area (missing, suppressed, refused), or a year
  the dataset does not hold, ends it there: "the highest since 2014/15" must not step over a
  year whose figure nobody knows, which might have been higher. Never read as zero.
- Fewer than MIN_PERIODS (three) figures in the unbroken series: no record (two points make
  no record).
- No reported figure in the period itself: no record.
- A series of equal figures is a record high (and tied).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from localwire.facts.engine import Row, Rows
from localwire.facts.families.base import Built, Refs, Scope, ref_id, reported
from localwire.facts.families.values import value_of
from localwire.model.facts import Fact
from localwire.model.periods import Period

MIN_PERIODS = 3


@dataclass(frozen=True)
class RecordScope(Scope):
    series: tuple[str, ...] = ()  # period codes, oldest first, ending with the period


def series_of(period: Period, periods: list[Period]) -> tuple[str, ...]:
    """The codes of the unbroken run of `periods` of the same shape as `period` (one year
    apart) ending with it, oldest first; empty when the dataset does not hold `period`."""
    held, run = set(periods), []
    while period in held:
        run.append(period.code)
        period = period.previous()
    return tuple(reversed(run))


def unbroken(rows: ibis.Table, keys: list[ibis.Value], last: int) -> ibis.Table:
    """The rows of each area and breakdown in the run of consecutive reported periods ending
    with the period (ordinal `last`): the k-th newest row belongs iff it is k periods back."""
    # the window as a named column first: a window inside a filter compiles to SQL that Spark
    # cannot resolve
    rows = rows.mutate(back=last - rows.ordinal, newest_first=ibis.row_number().over(
        group_by=keys, order_by=ibis.desc(rows.ordinal)))
    return rows.filter(rows.back == rows.newest_first).drop("back", "newest_first")


def expression(scope: RecordScope) -> ibis.Table:
    """One pass of window functions: per area and breakdown, the figure now, the other
    periods' highest and lowest (and the rows holding them), the count and the first period."""
    rows = reported(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period.isin(list(scope.series)))
    ordinal = rows.period.substitute({code: i for i, code in enumerate(scope.series)}, else_=-1)
    rows = rows.select("area", "breakdown", ordinal=ordinal.cast("int64"),
                       now=rows.period == scope.period.code, **ref_id(rows, "value_"),
                       value_value=rows.value)
    rows = unbroken(rows, [rows.area, rows.breakdown], len(scope.series) - 1)
    keys = [rows.area, rows.breakdown]
    other = ibis.ifelse(rows.now, ibis.null(rows.value_value.type()), rows.value_value)
    rows = rows.mutate(
        periods=rows.value_id.count().over(group_by=keys).cast("int64"),
        first=rows.ordinal.min().over(group_by=keys),
        now_value=ibis.ifelse(rows.now, rows.value_value, ibis.null(rows.value_value.type())
                              ).max().over(group_by=keys),
        high_value=other.max().over(group_by=keys), low_value=other.min().over(group_by=keys),
        high=ibis.row_number().over(group_by=keys, order_by=[
            rows.now, ibis.desc(rows.value_value), ibis.desc(rows.ordinal)]) == 0,
        low=ibis.row_number().over(group_by=keys, order_by=[
            rows.now, rows.value_value, ibis.desc(rows.ordinal)]) == 0)
    rows = rows.filter(rows.periods >= MIN_PERIODS, rows.now_value.notnull())
    tied = ((~rows.now) & (rows.value_value == rows.now_value)).cast("int64").sum().over(
        group_by=[rows.area, rows.breakdown])
    kind = ibis.cases((rows.now_value >= rows.high_value, "high"),
                      (rows.now_value <= rows.low_value, "low"), else_="none")
    rows = rows.mutate(tied=tied, record=kind)
    # Only what the Fraction step reads: the figures are the inputs' (by id), so the four
    # DECIMAL columns of the window are not fetched (a Decimal made per cell is most of a fetch).
    return rows.filter(rows.now | rows.high | rows.low).select(
        "area", "breakdown", "ordinal", "now", "value_id", "periods", "first", "tied", "record")


@dataclass
class Records:
    record: Built[tuple[str, str], list[Row]]  # (area, breakdown) -> its record fact


def facts(rows: Rows, refs: Refs, scope: RecordScope, unit: str) -> Records:
    grouped: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        grouped.setdefault((row["area"], row["breakdown"]), []).append(row)
    found = Records(Built(lambda _key, evidence: record_fact(evidence, refs, scope, unit)))
    for key, evidence in grouped.items():
        found.record.add(key, evidence)
    return found


def record_fact(evidence: list[Row], refs: Refs, scope: RecordScope, unit: str) -> Fact:
    evidence.sort(key=lambda row: row["ordinal"])
    now = next(row for row in evidence if row["now"])
    current = value_of(refs, refs.known(now, "value_"), scope.period, unit)
    since = Period.parse(scope.series[now["first"]])
    return Fact(
        "record", current.value, current.unit,
        f"{now['record']} of {now['periods']} periods since {since.code}",
        tuple(refs.known(row, "value_") for row in evidence), current.area, scope.period,
        scope.measure, current.breakdown,
        extra=(("record", now["record"]), ("since", since), ("periods", now["periods"]),
               ("tied", now["tied"])))
