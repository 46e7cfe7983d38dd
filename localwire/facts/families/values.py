"""Value and previous value.

Set-wise: every current observation of the measure in the period and in the period before
(every area, every breakdown, every status), with its source file.

Exact step: a *value* is a reported figure (`base.is_reported`) as a Fraction, unit "count"
(or "percent" for a measure holding published changes); the formula is the figure itself.
The *previous value* of a period is the value of the same area, measure and breakdown one
period earlier (2015/16 for 2016/17; "YE 2016-06" for "YE 2017-06"), named "previous" and
carrying `of_period`.

Rules:
- Missing, suppressed, refused, not held: no value (never zero); `why_missing` says which.
- Zero is a value like any other (a force that recorded none).
- Territorial or not, every area with a figure has a value: the rules about which areas
  compare live in ranks and totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import ibis

from localwire.facts.families.base import REF, Built, Refs, Scope, current
from localwire.model.facts import Fact, ObservationRef
from localwire.model.numbers import exact, plain
from localwire.model.periods import Period

Key = tuple[str, str, str]  # (period code, area, breakdown)
Row = tuple[Any, ...]  # an observation's columns in `REF` order (`current`'s)
# Kept as tuples, not dicts: a values family holds a row for every observation of two years
# until a story asks for it, and a tuple is a third of a dict's size.
AREA, PERIOD, BREAKDOWN, VALUE, STATUS = (
    REF.index(name) for name in ("area", "period", "breakdown", "value", "status"))


@dataclass(frozen=True)
class ValuesScope:
    """Which observations a values family reads: a dataset's measure in the given periods
    (by code), of every area or only of `areas`. One query then serves every year a story
    reads (`FactBook.read_values`), not one query a pair of years."""

    dataset: str
    measure: str
    periods: tuple[str, ...]
    areas: tuple[str, ...] | None = None

    @classmethod
    def of(cls, scope: Scope | ValuesScope) -> ValuesScope:
        """A period's scope reads the period and the one before it."""
        if isinstance(scope, ValuesScope):
            return scope
        return cls(scope.dataset, scope.measure,
                   (scope.period.code, scope.period.previous().code))


def expression(scope: Scope | ValuesScope) -> ibis.Table:
    scope = ValuesScope.of(scope)
    rows = current(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period.isin(list(scope.periods)))
    return rows if scope.areas is None else rows.filter(rows.area.isin(list(scope.areas)))


@dataclass
class Values:
    """The observations and values of one measure in a period and the period before, by
    (period code, area, breakdown); refs and facts are made when first asked for."""

    observations: Built[Key, Row, ObservationRef]
    values: Built[Key, Row, Fact]
    _areas: dict[tuple[str, str], list[str]] | None = field(default=None, repr=False)

    def areas_with_value(self, code: str, breakdown: str) -> list[str]:
        """The areas with a value in a period (by code) and breakdown: every key is read once,
        for all periods, however many of its years a story asks about."""
        if self._areas is None:
            self._areas = {}
            for period, area, of in self.values:
                self._areas.setdefault((period, of), []).append(area)
        return self._areas.get((code, breakdown), [])

    def areas_in(self, code: str) -> set[str]:
        """The areas with a value in a period (by code), in any breakdown."""
        self.areas_with_value(code, "")
        assert self._areas is not None
        return {area for (period, _b), areas in self._areas.items() if period == code
                for area in areas}


def facts(rows: list[Row], refs: Refs, scope: Scope | ValuesScope, unit: str) -> Values:
    periods = {code: Period.parse(code) for code in ValuesScope.of(scope).periods}
    by_key: dict[Key, Row] = {}
    for row in rows:
        refs.defer(row)
        by_key[row[PERIOD], row[AREA], row[BREAKDOWN]] = row
    return Values(Built(lambda _key, row: refs.of_row(row), by_key),
                  Built(lambda _key, row: value_of(refs, refs.of_row(row), periods[row[PERIOD]],
                                                   unit), by_key, is_figure))


def is_figure(row: Row) -> bool:
    """The one rule for a figure (`base.is_reported`), on an observation's row."""
    return row[STATUS] == "reported" and row[VALUE] is not None


def value_of(refs: Refs, ref: ObservationRef, period: Period, unit: str) -> Fact:
    """The value fact of an observation, built once however many families use it."""
    found = refs.values.get(ref.id)
    if found is None:
        found = refs.values[ref.id] = value_fact(ref, period, unit)
    return found


def value_fact(ref: ObservationRef, period: Period, unit: str) -> Fact:
    """The figure as an exact Fraction; its formula is the figure's plain text, which every
    family reuses when it names the figure in a formula ("504 - 381")."""
    numerator, denominator = ref.value.as_integer_ratio()
    if denominator == 1:  # a count: most figures, and the quick way
        number, text = Fraction(numerator), str(numerator)
    else:
        number = exact(ref.value)
        text = plain(number)
    return Fact("value", number, unit, text, (ref,), ref.area, period, ref.measure,
                ref.breakdown, published=True)


def previous_fact(before: Fact, period: Period) -> Fact:
    """The value of the period before `period`, as a fact about `period`."""
    return Fact("previous", before.value, before.unit, before.formula, before.inputs,
                before.area, period, before.measure, before.breakdown, published=True,
                extra=(("of_period", period.previous().code),))


def fact_ids(fact: Fact) -> frozenset[str]:
    """The ids that name `fact`: its own; for a previous value also the id of the value it
    repeats (2016/17's "previous" is 2015/16's "value": the same observation); for a frequency
    also its count's (a frequency is the count spread over the period's days, and printed per
    year, "four a year", it is the count)."""
    if fact.name == "previous":
        repeated = replace(fact, name="value", period=Period.parse(fact.detail("of_period")))
        return frozenset((fact.id, repeated.id))
    if fact.name in FREQUENCIES:
        return frozenset((fact.id, replace(fact, name="value").id))
    return frozenset((fact.id,))


FREQUENCIES = ("per_day", "per_week")
