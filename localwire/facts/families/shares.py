"""Share of a breakdown in its area's total, and "one in N".

Set-wise: for every area, each breakdown's reported figure beside the same area's reported
total (breakdown "") for the same measure and period.

Exact step:
- share = part / whole (unit "share"), formula "6438 / 64667".
- one in N = whole / part (unit "one_in"), formula "64667 / 6438": the writer rounds it
  ("one in 10", "almost one in five").

Rules:
- Zero total: no share (nothing to divide). Zero part: a share of 0, and no "one in N".
- Part or total missing or not reported: neither fact. A breakdown is compared only with the
  total of its own area and period: never with another force's or another year's.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from localwire.facts.engine import Row, Rows
from localwire.facts.families.base import Built, Refs, Scope, ref_id, reported
from localwire.facts.families.values import value_of
from localwire.model.facts import Fact

Key = tuple[str, str]  # (area, breakdown)


def expression(scope: Scope) -> ibis.Table:
    rows = reported(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period == scope.period.code)
    part = rows.filter(rows.breakdown != "")
    whole = rows.filter(rows.breakdown == "", rows.value != 0)
    part = part.select(area=part.area, breakdown=part.breakdown, **ref_id(part, "part_"))
    whole = whole.select(key_area=whole.area, **ref_id(whole, "whole_"))
    return part.join(whole, part.area == whole.key_area).drop("key_area")


@dataclass
class Shares:
    """By (area, breakdown); facts made when first asked for. `one_in` is None where the
    breakdown's figure is zero."""

    share: Built[Key, Row, Fact]
    one_in: Built[Key, Row, Fact | None]


def facts(rows: Rows, refs: Refs, scope: Scope, unit: str) -> Shares:
    def inputs(row: Row) -> tuple[Fact, Fact]:
        return (value_of(refs, refs.known(row, "part_"), scope.period, unit),
                value_of(refs, refs.known(row, "whole_"), scope.period, unit))

    def one_in(row: Row) -> Fact | None:
        part, whole = inputs(row)
        return one_in_fact(part, whole) if part.value != 0 else None

    by_key = {(row["area"], row["breakdown"]): row for row in rows}
    return Shares(Built(lambda _key, row: share_fact(*inputs(row)), by_key),
                  Built(lambda _key, row: one_in(row), by_key))


def share_fact(part: Fact, whole: Fact) -> Fact:
    return Fact("share", part.value / whole.value, "share",
                f"{part.formula} / {whole.formula}", part.inputs + whole.inputs,
                part.area, part.period, part.measure, part.breakdown)


def one_in_fact(part: Fact, whole: Fact) -> Fact:
    return Fact("one_in", whole.value / part.value, "one_in",
                f"{whole.formula} / {part.formula}", part.inputs + whole.inputs,
                part.area, part.period, part.measure, part.breakdown)
