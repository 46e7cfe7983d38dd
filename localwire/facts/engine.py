"""Where the families run: the store's DuckDB file by default, or any engine Ibis connects to.

A family is an Ibis expression over tables named `observations`, `sources`, `areas` and
`populations`. `DuckDBEngine` compiles it to DuckDB SQL once per question and runs it on the
store's own connection (rows come back with exact `Decimal`s). `IbisEngine` hands the same
expression to any Ibis backend holding tables of those names:

    import ibis
    from localwire.facts import FactBook
    from localwire.facts.engine import IbisEngine

    con = ibis.pyspark.connect(spark_session)       # or ibis.trino.connect(host=..., ...)
    book = FactBook(store, "police-recorded-crime", engine=IbisEngine(con))

Nothing else changes: the families, their rules and the exact Fraction steps are the same
code; the store still supplies the dataset's config and the gazetteer's names.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Protocol

import ibis
import pyarrow as pa
import pyarrow.compute as pc


class Row(tuple):
    """A family's row: a tuple read by column name (`row["area"]`), a third of a dict's size
    (a family keeps every area's rows until a story asks for one). Each set of columns is a
    subclass of its own (`row_type`), which holds the names once."""

    __slots__ = ()
    index: ClassVar[dict[str, int]] = {}

    def __getitem__(self, name: str) -> Any:  # type: ignore[override]
        return tuple.__getitem__(self, self.index[name])

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(self.index, self, strict=True))


@functools.cache
def row_type(names: tuple[str, ...]) -> type[Row]:
    """The row class of a family's columns, made once per set of names."""
    return type("Row", (Row,), {"__slots__": (), "index": {n: i for i, n in enumerate(names)}})


Rows = list[Row]


class Engine(Protocol):
    def rows(self, build: Callable[..., ibis.Table], *question: Any) -> Rows:
        """The rows of `build(*question)`, each read by column name (`Row`)."""
        ...

    def tuples(self, build: Callable[..., ibis.Table], *question: Any,
               columns: tuple[str, ...]) -> list[tuple]:
        """The rows of `build(*question)` as tuples, whose columns must be `columns`: for a
        family that keeps many rows (a tuple is a third of a dict's size)."""
        ...


def _same_columns(build: Callable[..., ibis.Table], names: tuple[str, ...],
                  columns: tuple[str, ...]) -> None:
    if names != columns:
        raise RuntimeError(f"{build.__module__}.{build.__qualname__} gives the columns "
                           f"{names}, not {columns}")


@functools.lru_cache(maxsize=512)
def duckdb_sql(build: Callable[..., ibis.Table], *question: Any) -> str:
    """The DuckDB SQL of a family for one question. Compiling takes Ibis tens of milliseconds
    a family, so the SQL is kept in memory and in a cache folder (`LOCALWIRE_CACHE`, default
    ~/.cache/localwire), under a key made of the question, the family's name, the families'
    source and Ibis's version: a changed family or Ibis compiles afresh."""
    key = hashlib.sha256(repr((ibis.__version__, _families_source(), build.__module__,
                               build.__qualname__, question)).encode()).hexdigest()
    path = _cache_folder() / f"{key}.sql"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    sql = ibis.to_sql(build(*question), dialect="duckdb")
    try:  # a cache that cannot be written is no cache, not an error
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         delete=False, suffix=".tmp") as handle:
            handle.write(sql)
        os.replace(handle.name, path)
    except OSError:
        pass
    return sql


def _cache_folder() -> Path:
    root = os.environ.get("LOCALWIRE_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "localwire"
    return Path(root) / "sql"


@functools.cache
def _families_source() -> str:
    """A digest of the families' code: the SQL cached for one version is never used by another."""
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).parent / "families").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class DuckDBEngine:
    """Runs families on the store's DuckDB connection (read at each question: a forked
    writer's store is sealed, and a question there must fail loudly, not read the parent's)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def rows(self, build: Callable[..., ibis.Table], *question: Any) -> Rows:
        cursor = self.store.db.execute(duckdb_sql(build, *question))
        kind = row_type(tuple(column[0] for column in cursor.description))
        fetched = cursor.fetchall()
        if not fetched:
            return []
        columns = [shared_strings(column) for column in zip(*fetched, strict=True)]
        return list(map(kind, zip(*columns, strict=True)))

    def tuples(self, build: Callable[..., ibis.Table], *question: Any,
               columns: tuple[str, ...]) -> list[tuple]:
        cursor = self.store.db.execute(duckdb_sql(build, *question))
        with warnings.catch_warnings():  # that the columns are copied once: they are small
            warnings.filterwarnings("ignore", "Arrow output on a DB-API result", UserWarning)
            table = cursor.to_arrow_table()
        _same_columns(build, tuple(table.column_names), columns)
        return shared_tuples(table)


class IbisEngine:
    """Runs families on any Ibis backend (Spark, Trino, DuckDB, ...)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def rows(self, build: Callable[..., ibis.Table], *question: Any) -> Rows:
        table = self.con.to_pyarrow(build(*question))
        kind = row_type(tuple(table.column_names))
        return list(map(kind, zip(*(column.to_pylist() for column in table.columns),
                                  strict=True)))

    def tuples(self, build: Callable[..., ibis.Table], *question: Any,
               columns: tuple[str, ...]) -> list[tuple]:
        table = self.con.to_pyarrow(build(*question))
        _same_columns(build, tuple(table.column_names), columns)
        return shared_tuples(table)


def shared_tuples(table: pa.Table) -> list[tuple]:
    """The rows of `table` as tuples, equal strings and decimals one Python object: a values
    family keeps a row for every observation, and its area, period, measure, breakdown,
    status, source and most figures repeat (a new object a cell was half its memory)."""
    return list(zip(*(_column(column) for column in table.columns), strict=True))


def shared_strings(column: tuple[Any, ...]) -> tuple[Any, ...] | list[Any]:
    """A fetched column with equal strings one object: `fetchall` makes a new string a cell,
    and a family's rows repeat their areas, breakdowns, soundness and population sources."""
    if not any(isinstance(value, str) for value in column[:64]):
        return column
    seen: dict[Any, Any] = {}
    return [seen.setdefault(value, value) for value in column]


def _column(column: pa.ChunkedArray) -> list[Any]:
    kind = column.type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or pa.types.is_decimal(kind)):
        return column.to_pylist()
    encoded = pc.dictionary_encode(column.combine_chunks())
    words = encoded.dictionary.to_pylist()
    return [None if index is None else words[index] for index in encoded.indices.to_pylist()]
