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
from collections.abc import Callable
from typing import Any, Protocol

import ibis

Rows = list[dict[str, Any]]


class Engine(Protocol):
    def rows(self, build: Callable[..., ibis.Table], *question: Any) -> Rows:
        """The rows of `build(*question)`, as dicts of column name to value."""
        ...


@functools.lru_cache(maxsize=512)
def duckdb_sql(build: Callable[..., ibis.Table], *question: Any) -> str:
    """The DuckDB SQL of a family for one question (compiled once: questions repeat)."""
    return ibis.to_sql(build(*question), dialect="duckdb")


class DuckDBEngine:
    """Runs families on the store's DuckDB connection (read at each question: a forked
    writer's store is sealed, and a question there must fail loudly, not read the parent's)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def rows(self, build: Callable[..., ibis.Table], *question: Any) -> Rows:
        cursor = self.store.db.execute(duckdb_sql(build, *question))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class IbisEngine:
    """Runs families on any Ibis backend (Spark, Trino, DuckDB, ...)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def rows(self, build: Callable[..., ibis.Table], *question: Any) -> Rows:
        return self.con.to_pyarrow(build(*question)).to_pylist()
