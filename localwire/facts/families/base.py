"""What every family reads: the store's tables as Ibis tables, and the one rule for a figure.

The tables are unbound (`ibis.table(schema, name)`): an expression names `observations`,
`sources`, `areas` and `populations` and runs wherever tables of those names exist, the store's
DuckDB file here, Spark or Trino on a cluster (see `localwire.facts.engine`).

Rules every family shares:
- An observation counts only when it is current (the latest version of the figure).
- A *reported figure* is an observation with status "reported" and a value. Suppressed,
  refused, not held, flag-not-used and no-reply rows are never a figure, never zero.
- A family's rows carry the observations they use as "input columns" (`ref_columns`): id,
  area, period, measure, breakdown, value, status, source id, location, cited source, note;
  the Fraction step turns them into `ObservationRef`s, so a fact names its inputs to the cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import ibis

from localwire.facts.engine import Row
from localwire.model.facts import ObservationRef
from localwire.model.periods import Period

MISSING: Any = object()  # what a lookup gives for a key not there (None may be an answer)
K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

OBSERVATIONS = ibis.table({
    "id": "int64", "dataset": "string", "area": "string", "period": "string",
    "measure": "string", "breakdown": "string", "value": "decimal(20, 6)", "status": "string",
    "note": "string", "cited_source": "string", "source_id": "int32",
    "source_location": "string", "current": "boolean", "lower_bound": "decimal(20, 6)",
    "upper_bound": "decimal(20, 6)"}, name="observations")
SOURCES = ibis.table({"id": "int32", "filename": "string"}, name="sources")
AREAS = ibis.table({"slug": "string", "name": "string", "kind": "string", "territorial": "boolean",
                    "parent": "string"}, name="areas")
POPULATIONS = ibis.table({"area": "string", "year": "int32", "population": "int64",
                          "source": "string", "quality": "string"}, name="populations")

# The bounds are a suppressed figure's ("<5" = 0..4), for the sentence a story gives it.
REF = ("id", "area", "period", "measure", "breakdown", "value", "status", "source_id",
       "location", "cited_source", "note", "lower_bound", "upper_bound")


@dataclass(frozen=True)
class Scope:
    """What a family is asked for: a dataset's measure in one period."""

    dataset: str
    period: Period
    measure: str


def current(dataset: str) -> ibis.Table:
    """The dataset's current observations (the file each came from is `sources`, read once
    per book: joining it into every family would only slow every family down)."""
    rows = OBSERVATIONS.filter(OBSERVATIONS.dataset == dataset, OBSERVATIONS.current)
    return rows.select("id", "area", "period", "measure", "breakdown", "value", "status",
                       "source_id", location=rows.source_location, cited_source=rows.cited_source,
                       note=rows.note, lower_bound=rows.lower_bound, upper_bound=rows.upper_bound)


def source_files(_scope: None = None) -> ibis.Table:
    """Every source file's name, by id (named column by column: the real table has more
    columns than the families declare, and a bare projection would read them all)."""
    return SOURCES.select(id=SOURCES.id, filename=ibis.coalesce(SOURCES.filename, ""))


def is_reported(table: ibis.Table) -> ibis.BooleanValue:
    """The one rule for a figure: status "reported" and a value."""
    return (table.status == "reported") & table.value.notnull()


def reported(dataset: str) -> ibis.Table:
    rows = current(dataset)
    return rows.filter(is_reported(rows))


def ref_columns(table: ibis.Table, prefix: str) -> dict[str, ibis.Value]:
    """The input columns of `table`, named `<prefix><column>`."""
    return {prefix + name: table[name] for name in REF}


def ref_id(table: ibis.Table, prefix: str) -> dict[str, ibis.Value]:
    """Only the id of an input, named `<prefix>id`: for families whose inputs the values family
    of the same period has read already (`Refs.known` finds them)."""
    return {prefix + "id": table.id}


class Refs:
    """ObservationRefs from input columns, one object per observation id. `files()` gives the
    source file names by id (`source_files`); it is asked once, when the first ref is made."""

    def __init__(self, files: Callable[[], dict[int, str]]) -> None:
        self.by_id: dict[int, ObservationRef] = {}
        self.values: dict[int, Any] = {}  # observation id -> its value Fact (values.value_of)
        self._files = files
        self._names: dict[int, str] | None = None
        self._pending: dict[int, tuple] = {}  # rows read (in REF order), refs not yet made

    def defer(self, row: tuple) -> None:
        """Keep an observation's row (a tuple in `REF` order) to make its ref when first asked."""
        self._pending[row[0]] = row

    def by_id_of(self, key: int) -> ObservationRef:
        found = self.by_id.get(key)
        return found if found is not None else self.of_row(self._pending.pop(key))

    __getitem__ = by_id_of  # refs[id]: the observations read so far, by id (totals' inputs)

    def known(self, row: Row, prefix: str = "") -> ObservationRef | None:
        """The input named by id only (`ref_id`), read before by the values family."""
        key = row[prefix + "id"]
        return None if key is None else self.by_id_of(key)

    def of(self, row: Row, prefix: str = "") -> ObservationRef | None:
        """The ref of the input columns `<prefix><column>` of a family's row."""
        key = row[prefix + "id"]
        if key is None:
            return None
        found = self.by_id.get(key)
        return found if found is not None else self._made([row[prefix + name] for name in REF])

    def of_row(self, row: tuple) -> ObservationRef:
        """The ref of an observation's row, a tuple in `REF` order (the values family's)."""
        found = self.by_id.get(row[0])
        return found if found is not None else self._made(list(row))

    def _made(self, fields: list[Any]) -> ObservationRef:
        if self._names is None:
            self._names = self._files()
        fields[7] = self._names.get(fields[7], "") if fields[7] is not None else ""
        found = self.by_id[fields[0]] = ObservationRef(*fields)
        return found


class Built(Mapping[K, T], Generic[K, V, T]):
    """Facts (or refs) built when first asked for from what their family's rows gave: a story
    reads a few dozen of the hundreds of thousands of facts a bulk `prepare` reads. Two kinds
    of fact of one family share one table of inputs (`inputs`), each keeping the rows its
    `keep` accepts: a values family's values are the reported rows of its observations."""

    def __init__(self, build: Callable[[K, V], T], inputs: dict[K, V] | None = None,
                 keep: Callable[[V], bool] | None = None) -> None:
        self._build = build
        self._inputs: dict[K, V] = {} if inputs is None else inputs
        self._keep = keep
        self._built: dict[K, T] = {}

    def add(self, key: K, inputs: V) -> None:
        self._inputs[key] = inputs

    def __getitem__(self, key: K) -> T:
        found = self.get(key, MISSING)
        if found is MISSING:
            raise KeyError(key)
        return found

    # The lookup every fact goes through, without Mapping's KeyError for a key not there.
    def get(self, key: K, default: Any = None) -> Any:
        found = self._built.get(key)
        if found is None:
            inputs = self._inputs.get(key, MISSING)
            if inputs is MISSING or (self._keep is not None and not self._keep(inputs)):
                return default
            found = self._built[key] = self._build(key, inputs)
        return found

    def __contains__(self, key: object) -> bool:
        inputs = self._inputs.get(key, MISSING)  # type: ignore[call-overload]
        return inputs is not MISSING and (self._keep is None or self._keep(inputs))

    def __iter__(self) -> Iterator[K]:
        if self._keep is None:
            return iter(self._inputs)
        keep = self._keep
        return (key for key, inputs in self._inputs.items() if keep(inputs))

    def __len__(self) -> int:
        return len(self._inputs) if self._keep is None else sum(1 for _key in self)

