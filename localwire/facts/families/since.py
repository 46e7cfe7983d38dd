"""Multi-year change: the percentage change since an earlier period ("up 55.9% since 2014/15").

Set-wise: for every area and breakdown, the reported figure in the period beside the reported
figure in the base period, with the zero- and small-base flags of `changes`.

Exact step: (now - then) / then * 100 (unit "percent"), formula "(570 - 698) / 698 * 100",
detail `since` (the base period's code).

Rules:
- Either figure missing or not reported: no fact. The years between do not matter (a gap in
  the series does not stop a change since a year that has a figure).
- Zero base: no fact. Small base (then < changes.SMALL_BASE): the fact is marked `small_base`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis

from localwire.facts.engine import Rows
from localwire.facts.families.base import Refs, Scope, ref_columns, reported
from localwire.facts.families.changes import is_small_base
from localwire.facts.families.values import value_of
from localwire.model.facts import Fact
from localwire.model.periods import Period

Key = tuple[str, str]  # (area, breakdown)


@dataclass(frozen=True)
class SinceScope(Scope):
    base: Period | None = None


def expression(scope: SinceScope) -> ibis.Table:
    rows = reported(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure)
    now = rows.filter(rows.period == scope.period.code)
    then = rows.filter(rows.period == scope.base.code, rows.value != 0)
    now = now.select("area", "breakdown", **ref_columns(now, "now_"))
    then = then.select(key_area=then.area, key_breakdown=then.breakdown,
                       **ref_columns(then, "then_"))
    joined = now.join(then, [now.area == then.key_area, now.breakdown == then.key_breakdown])
    return joined.drop("key_area", "key_breakdown").mutate(
        small_base=is_small_base(joined.then_value))


@dataclass
class Since:
    since: dict[Key, Fact] = field(default_factory=dict)


def facts(rows: Rows, refs: Refs, scope: SinceScope, unit: str) -> Since:
    found = Since()
    for row in rows:
        now = value_of(refs, refs.of(row, "now_"), scope.period, unit)
        then = value_of(refs, refs.of(row, "then_"), scope.base, unit)
        found.since[(row["area"], row["breakdown"])] = Fact(
            "pct_change_since", (now.value - then.value) / then.value * 100, "percent",
            f"({now.formula} - {then.formula}) / {then.formula} * 100",
            now.inputs + then.inputs, now.area, now.period, now.measure, now.breakdown,
            small_base=bool(row["small_base"]), extra=(("since", scope.base.code),))
    return found
