"""Record high or low over the series.

Set-wise: for every area and breakdown of the measure, the reported figures over the *series*
(the periods of the same shape up to and including the period: the years to March for
2016/17, never the calendar years or other rolling years in between, which overlap them):
the figure now, how many periods have a figure, the first of them, the highest and the lowest
figure of the other periods (the latest period where several share it) and how many other
periods share the figure now.

Exact step: the fact's value is the figure now; `record` is "high" when no other period has a
higher figure, else "low" when none has a lower one, else "none"; formula "high of 3 periods
since 2014/15"; details `record`, `since` (the first period with a figure), `periods` (how
many), `tied` (other periods with the same figure: "the joint highest" when > 0). Inputs: the
figure now and the other periods' highest and lowest (the evidence), oldest first.

Rules:
- Fewer than MIN_PERIODS (three) figures in the series: no record (two points make no
  record). A year with no reported figure (missing, suppressed, refused) is skipped, not zero.
- No reported figure in the period itself: no record.
- A series of equal figures is a record high (and tied).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
from ibis import _

from localwire.facts.engine import Rows
from localwire.facts.families.base import Refs, Scope, ref_columns, reported
from localwire.facts.families.values import value_fact
from localwire.model.facts import Fact
from localwire.model.periods import Period

MIN_PERIODS = 3


@dataclass(frozen=True)
class RecordScope(Scope):
    series: tuple[str, ...] = ()  # period codes, oldest first, ending with the period


def series_of(period: Period, periods: list[Period]) -> tuple[str, ...]:
    """The codes of `periods` of the same shape as `period`, up to it, oldest first."""
    return tuple(p.code for p in sorted(periods)
                 if p.end_month == period.end_month and p <= period)


def expression(scope: RecordScope) -> ibis.Table:
    rows = reported(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period.isin(list(scope.series)))
    ordinal = rows.period.substitute({code: i for i, code in enumerate(scope.series)}, else_=-1)
    rows = rows.mutate(ordinal=ordinal.cast("int64"))
    keys = ["area", "breakdown"]
    counts = rows.group_by(keys).aggregate(periods=rows.id.count().cast("int64"),
                                           first=rows.ordinal.min())
    now = rows.filter(rows.period == scope.period.code)
    others = rows.filter(rows.period != scope.period.code)
    table = now.select(*keys, **ref_columns(now, "now_"))
    table = _beside(table, counts.rename(c_area="area", c_breakdown="breakdown"), "c_")
    for name, order in (("high_", ibis.desc(others.value)), ("low_", others.value)):
        pick = ibis.row_number().over(group_by=keys, order_by=[order, ibis.desc(others.ordinal)])
        best = others.mutate(pick=pick).filter(_.pick == 0)
        best = best.select(**{f"{name}key_area": best.area, f"{name}key_breakdown": best.breakdown},
                           **ref_columns(best, name))
        table = _beside(table, best, f"{name}key_", how="left")
    figure_now = now.select(n_area=now.area, n_breakdown=now.breakdown, n_value=now.value)
    paired = others.join(figure_now, [others.area == figure_now.n_area,
                                      others.breakdown == figure_now.n_breakdown])
    ties = paired.group_by(keys).aggregate(
        tied=(paired.value == paired.n_value).cast("int64").sum())
    table = _beside(table, ties.rename(t_area="area", t_breakdown="breakdown"), "t_",
                    how="left")
    table = table.filter(table.periods >= MIN_PERIODS)
    kind = ibis.cases((table.now_value >= table.high_value, "high"),
                      (table.now_value <= table.low_value, "low"), else_="none")
    return table.mutate(record=kind, tied=ibis.coalesce(table.tied, 0))


def _beside(table: ibis.Table, other: ibis.Table, prefix: str, how: str = "inner") -> ibis.Table:
    """`table` joined on area and breakdown with `other`, whose keys are `<prefix>area` and
    `<prefix>breakdown`; the keys of `other` dropped."""
    joined = table.join(other, [table.area == other[f"{prefix}area"],
                                table.breakdown == other[f"{prefix}breakdown"]], how=how)
    return joined.drop(f"{prefix}area", f"{prefix}breakdown")


@dataclass
class Records:
    record: dict[tuple[str, str], Fact] = field(default_factory=dict)  # (area, breakdown)


def facts(rows: Rows, refs: Refs, scope: RecordScope, unit: str) -> Records:
    found = Records()
    periods = {code: Period.parse(code) for code in scope.series}
    for row in rows:
        evidence = {ref.id: ref for ref in (refs.of(row, p) for p in ("now_", "high_", "low_"))
                    if ref is not None}
        inputs = tuple(sorted(evidence.values(), key=lambda ref: periods[ref.period]))
        current = value_fact(refs.of(row, "now_"), scope.period, unit)
        since = periods[scope.series[row["first"]]]
        found.record[(row["area"], row["breakdown"])] = Fact(
            "record", current.value, current.unit,
            f"{row['record']} of {row['periods']} periods since {since.code}", inputs,
            current.area, scope.period, scope.measure, current.breakdown,
            extra=(("record", row["record"]), ("since", since), ("periods", row["periods"]),
                   ("tied", row["tied"])))
    return found
