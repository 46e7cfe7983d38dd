"""Totals over the territorial forces of an area, with coverage.

Set-wise: for every area of the gazetteer (or one explicit list of forces) and every breakdown
of the measure in the period, each member force's observation (or none), summed over the
reported figures, with the count of members that reported, of members expected, and which
members had no row or a row with another status.

Exact step: the total is the exact decimal sum (unit "count"), formula "sum of 42 forces",
inputs the reported observations (by area), details `coverage` ("42 of 43 forces"),
`reported`, `expected`; `Coverage` lists the missing forces and those with another status.

Rules:
- Members are the territorial forces inside the area (`areas.members`): British Transport
  Police, fraud bodies and aggregates are never summed into a total.
- Suppressed, refused, not held, flag not used, no reply: never summed as zero; the force
  counts as not covered ("44 of 45 forces").
- No member reported: no total (coverage still says 0 of N).
- An area's own published figure beats the sum (`FactBook.within`, `national`, `regional`):
  the sum is for areas the source gave no figure for.
- The percentage change of a sum (`pct_change_of`, `FactBook.change_within`): only when the
  same forces reported both periods, else none, with the reason (which forces differ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import ibis

from localwire.facts.engine import Rows
from localwire.facts.families.areas import members, members_of
from localwire.facts.families.base import Refs, Scope, current, is_reported
from localwire.facts.families.changes import SMALL_BASE, pct_change_fact
from localwire.model.facts import Coverage, Fact

STATUS_SEPARATOR = "\t"

Group = str | tuple[str, tuple[str, ...]]  # an area's slug, or (label, forces)


@dataclass(frozen=True)
class TotalScope(Scope):
    group: Group | None = None  # None: every area of the gazetteer


def expression(scope: TotalScope) -> ibis.Table:
    group = members() if scope.group is None else members_of(scope.group)
    rows = current(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period == scope.period.code)
    breakdowns = rows.select("breakdown").distinct()
    grid = group.cross_join(breakdowns)
    figures = rows.select(o_area=rows.area, o_breakdown=rows.breakdown, o_id=rows.id,
                          status=rows.status, value=rows.value)
    joined = grid.left_join(figures, [grid.member == figures.o_area,
                                      grid.breakdown == figures.o_breakdown])
    counted = is_reported(joined)
    other = joined.status.notnull() & ~counted
    return joined.group_by(["group", "breakdown"]).aggregate(
        total=joined.value.sum(where=counted),
        reported=joined.member.count(where=counted).cast("int64"),
        expected=joined.member.count().cast("int64"),
        reported_ids=_listed(joined.o_id, counted, "int64"),
        missing=_listed(joined.member, joined.status.isnull(), "string"),
        not_reported=_listed(joined.member + STATUS_SEPARATOR + joined.status, other, "string"))


def _listed(column: ibis.Value, where: ibis.BooleanValue, kind: str) -> ibis.ArrayValue:
    """The values where `where` holds, as a list: empty, not null, when there are none (engines
    differ there: DuckDB gives null, Spark an empty list)."""
    return ibis.coalesce(column.collect(where=where), ibis.literal([], type=f"array<{kind}>"))


@dataclass
class Totals:
    totals: dict[tuple[str, str], Fact] = field(default_factory=dict)  # (group, breakdown)
    coverage: dict[tuple[str, str], Coverage] = field(default_factory=dict)


def facts(rows: Rows, refs: Refs, scope: TotalScope) -> Totals:
    """`refs`: the observations of the measure in the period, by id (the values family's)."""
    found = Totals()
    for row in rows:
        label = row["group"] if scope.group is None or isinstance(scope.group, str) else (
            scope.group[0])
        key = (label, row["breakdown"])
        not_reported = tuple(sorted(tuple(item.split(STATUS_SEPARATOR, 1))
                                    for item in row["not_reported"] or ()))
        coverage = Coverage(row["reported"], row["expected"], tuple(sorted(row["missing"] or ())),
                            not_reported)
        found.coverage[key] = coverage
        if row["reported"]:
            inputs = tuple(sorted((refs[i] for i in row["reported_ids"]), key=lambda r: r.area))
            found.totals[key] = Fact(
                "total", Fraction(row["total"]), "count", f"sum of {row['reported']} forces",
                inputs, label, scope.period, scope.measure, row["breakdown"],
                extra=(("coverage", coverage.text), ("reported", coverage.reported),
                       ("expected", coverage.expected)))
    return found



def pct_change_of(now: Fact | None, before: Fact | None, area: str, period: str,
                  previous: str) -> Fact | str:
    """The percentage change of a total on the period before, or why there is none.

    One rule: a total's change is stated only when the same forces reported both periods
    (else the change would count forces joining or leaving, not crime). Zero base: no
    percentage. Small base: marked, as for any percentage (`changes.pct_change_fact`)."""
    if now is None:
        return f"no force in {area} gave a figure for {period}"
    if before is None:
        return f"no force in {area} gave a figure for {previous}"
    these, those = ({ref.area for ref in fact.inputs} for fact in (now, before))
    if these != those:
        only_now, only_before = sorted(these - those), sorted(those - these)
        parts = ([f"{', '.join(only_now)} only for {period}"] if only_now else []) + (
            [f"{', '.join(only_before)} only for {previous}"] if only_before else [])
        return (f"the forces with figures differ between {previous} and {period} in {area} "
                f"({'; '.join(parts)})")
    if before.value == 0:
        return f"the total for {area} in {previous} was zero"
    return pct_change_fact(now, before, before.value < SMALL_BASE)
