"""Change and percentage change on the period before.

Set-wise: for every area and breakdown with a reported figure in the period, or a published
change: the figure now, the figure one period earlier (by id: the values family read them) and
the change the source published (measure `DatasetConfig.change_measure_of`), side by side,
with the zero- and small-base flags.

Exact step:
- change = now - before (unit "count"), formula "504 - 381".
- percentage change = (now - before) / before * 100, formula "(504 - 381) / 381 * 100".

Rules:
- Either figure missing or not reported: no change.
- Zero base (before = 0): no percentage (an increase from nothing has no percentage; stories
  use the absolute change); the change itself exists.
- Small base (before < SMALL_BASE = 10): the percentage exists and is marked `small_base`,
  so packs write "from three to seven" rather than "up 133 per cent".
- Previous count never published, but the source published the change itself ("up 16 per
  cent"): that figure is the percentage change, marked `published`, formula "published: 16".
  When both counts exist the counts win, even over a published change (and a zero base then
  gives no percentage, not the published one).
- Direction: "rose", "fell" or "unchanged" from the change, else the percentage change.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from localwire.facts.engine import Row, Rows
from localwire.facts.families.base import Built, Refs, Scope, ref_columns, ref_id, reported
from localwire.facts.families.values import value_of
from localwire.model.facts import Fact

SMALL_BASE = 10

Key = tuple[str, str]  # (area, breakdown)


@dataclass(frozen=True)
class ChangeScope(Scope):
    published_measure: str = ""


def expression(scope: ChangeScope) -> ibis.Table:
    rows = reported(scope.dataset)
    now = rows.filter(rows.measure == scope.measure, rows.period == scope.period.code)
    before = rows.filter(rows.measure == scope.measure,
                         rows.period == scope.period.previous().code)
    published = rows.filter(rows.measure == scope.published_measure,
                            rows.period == scope.period.code)
    keys = now.select("area", "breakdown").union(published.select("area", "breakdown"),
                                                 distinct=True)
    table = keys
    for name, side in (("now_", now), ("before_", before), ("published_", published)):
        inputs = ref_columns(side, name) if name == "published_" else ref_id(side, name)
        if name == "before_":
            inputs["before_value"] = side.value
        side = side.select(**{f"{name}key_area": side.area, f"{name}key_breakdown": side.breakdown},
                           **inputs)
        table = table.left_join(side, [table.area == side[f"{name}key_area"],
                                       table.breakdown == side[f"{name}key_breakdown"]])
        table = table.drop(f"{name}key_area", f"{name}key_breakdown")
    return table.mutate(zero_base=table.before_value == 0,
                        small_base=is_small_base(table.before_value))


def is_small_base(before: ibis.NumericValue) -> ibis.BooleanValue:
    """The small-base rule, shared with the multi-year change."""
    return before < SMALL_BASE


@dataclass
class Changes:
    """By (area, breakdown); each fact made when first asked for."""

    change: Built[Key, Row, Fact]
    pct_change: Built[Key, Row, Fact]


def facts(rows: Rows, refs: Refs, scope: ChangeScope, unit: str) -> Changes:
    previous = scope.period.previous()

    def values_of(row: Row) -> tuple[Fact, Fact]:
        return (value_of(refs, refs.known(row, "now_"), scope.period, unit),
                value_of(refs, refs.known(row, "before_"), previous, unit))

    def pct_change_of(row: Row) -> Fact:
        if row["now_id"] is None or row["before_id"] is None:
            return published_fact(value_of(refs, refs.of(row, "published_"), scope.period,
                                           "percent"), scope.measure)
        return pct_change_fact(*values_of(row), bool(row["small_base"]))

    by_key = {(row["area"], row["breakdown"]): row for row in rows
              if has_change(row) or has_pct_change(row)}
    return Changes(Built(lambda _key, row: change_fact(*values_of(row)), by_key, has_change),
                   Built(lambda _key, row: pct_change_of(row), by_key, has_pct_change))


def has_change(row: Row) -> bool:
    """Both counts reported: a change, and a percentage unless the base is zero."""
    return row["now_id"] is not None and row["before_id"] is not None


def has_pct_change(row: Row) -> bool:
    """A percentage from the counts (not from a zero base), else the published one."""
    return not row["zero_base"] if has_change(row) else row["published_id"] is not None


def change_fact(now: Fact, before: Fact) -> Fact:
    return Fact("change", now.value - before.value, "count",
                f"{now.formula} - {before.formula}", now.inputs + before.inputs,
                now.area, now.period, now.measure, now.breakdown)


def pct_change_fact(now: Fact, before: Fact, small_base: bool) -> Fact:
    pct = (now.value - before.value) / before.value * 100
    return Fact("pct_change", pct, "percent",
                f"({now.formula} - {before.formula}) / {before.formula} * 100",
                now.inputs + before.inputs, now.area, now.period, now.measure, now.breakdown,
                small_base=small_base)


def published_fact(published: Fact, measure: str) -> Fact:
    return Fact("pct_change", published.value, "percent", f"published: {published.formula}",
                published.inputs, published.area, published.period, measure,
                published.breakdown, published=True)


def direction(change: Fact | None, pct_change: Fact | None) -> str | None:
    """"rose", "fell" or "unchanged"; None when there is nothing to compare with."""
    fact = change or pct_change
    if fact is None:
        return None
    return "rose" if fact.value > 0 else "fell" if fact.value < 0 else "unchanged"
