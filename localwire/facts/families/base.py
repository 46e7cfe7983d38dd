"""What every family reads: the store's tables as Ibis tables, and the one rule for a figure.

The tables are unbound (`ibis.table(schema, name)`): an expression names `observations`,
`sources`, `areas` and `populations` and runs wherever tables of those names exist, the store's
DuckDB file here, Spark or Trino on a cluster (see `localwire.facts.engine`).

Rules every family shares:
- An observation counts only when it is current (the latest version of the figure).
- A *reported figure* is an observation with status "reported" and a value. Suppressed,
  refused, not held, flag-not-used and no-reply rows are never a figure, never zero.
- A family's rows carry the observations they use as "input columns" (`ref_columns`): id,
  area, period, measure, breakdown, value, status, source file, location, cited source, note;
  the Fraction step turns them into `ObservationRef`s, so a fact names its inputs to the cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import ibis
from ibis import _

from localwire.model.facts import ObservationRef
from localwire.model.periods import Period

OBSERVATIONS = ibis.table({
    "id": "int64", "dataset": "string", "area": "string", "period": "string",
    "measure": "string", "breakdown": "string", "value": "decimal(20, 6)", "status": "string",
    "note": "string", "cited_source": "string", "source_id": "int32",
    "source_location": "string", "current": "boolean"}, name="observations")
SOURCES = ibis.table({"id": "int32", "filename": "string"}, name="sources")
AREAS = ibis.table({"slug": "string", "name": "string", "kind": "string", "territorial": "boolean",
                    "parent": "string"}, name="areas")
POPULATIONS = ibis.table({"area": "string", "year": "int32", "population": "int64",
                          "source": "string", "quality": "string"}, name="populations")

REF = ("id", "area", "period", "measure", "breakdown", "value", "status", "source_file",
       "location", "cited_source", "note")


@dataclass(frozen=True)
class Scope:
    """What a family is asked for: a dataset's measure in one period."""

    dataset: str
    period: Period
    measure: str


def current(dataset: str) -> ibis.Table:
    """The dataset's current observations, each with the name of the file it came from."""
    rows = OBSERVATIONS.filter(_.dataset == dataset, _.current)
    joined = rows.left_join(SOURCES, rows.source_id == SOURCES.id)
    return joined.select(
        id=rows.id, area=rows.area, period=rows.period, measure=rows.measure,
        breakdown=rows.breakdown, value=rows.value, status=rows.status,
        source_file=ibis.coalesce(SOURCES.filename, ""), location=rows.source_location,
        cited_source=rows.cited_source, note=rows.note)


def is_reported(table: ibis.Table) -> ibis.BooleanValue:
    """The one rule for a figure: status "reported" and a value."""
    return (table.status == "reported") & table.value.notnull()


def reported(dataset: str) -> ibis.Table:
    rows = current(dataset)
    return rows.filter(is_reported(rows))


def ref_columns(table: ibis.Table, prefix: str) -> dict[str, ibis.Value]:
    """The input columns of `table`, named `<prefix><column>`."""
    return {prefix + name: table[name] for name in REF}


class Refs:
    """ObservationRefs from input columns, one object per observation id."""

    def __init__(self) -> None:
        self.by_id: dict[int, ObservationRef] = {}

    def of(self, row: Mapping[str, Any], prefix: str = "") -> ObservationRef | None:
        key = row[prefix + "id"]
        if key is None:
            return None
        found = self.by_id.get(key)
        if found is None:
            found = self.by_id[key] = ObservationRef(*(row[prefix + name] for name in REF))
        return found


def exact(value: Any) -> Fraction:
    """A figure from the store (a Decimal, or an int from a count) as an exact Fraction."""
    return Fraction(value)
