"""Queries of observations: writing a staged import (see `store.staging`) as versioned
observations with one INSERT ... SELECT, restoring a source, the harmonised bands derived from
them, and the desk's reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from localwire.model.numbers import plain
from localwire.store import Store

Db = duckdb.DuckDBPyConnection


@contextmanager
def unordered(db: Db) -> Iterator[Db]:
    """Let DuckDB write in parallel, out of order, where nothing depends on the order (rows
    carry `seq`)."""
    db.execute("SET preserve_insertion_order = false")
    try:
        yield db
    finally:
        db.execute("SET preserve_insertion_order = true")


@contextmanager
def rolled_back(db: Db) -> Iterator[Db]:
    """A transaction that is always rolled back: `validate` stages and checks, writes nothing."""
    db.execute("BEGIN TRANSACTION")
    try:
        yield db
    finally:
        db.execute("ROLLBACK")


# -- writing -----------------------------------------------------------------------------------
_INSERT = """
    INSERT INTO observations (dataset, area, period, measure, breakdown, value, status,
        lower_bound, upper_bound, note, cited_source, source_id, source_place, source_line, version)"""


def has_current(db: Db, dataset: str) -> bool:
    return db.execute("SELECT count(*) FROM observations WHERE dataset = ? AND current",
                      [dataset]).fetchone()[0] > 0


def insert_all(db: Db, table: str, dataset: str, source_id: int) -> int:
    """The first import into a dataset: nothing to compare with, every row is version 1.
    No ORDER BY (sorting a million rows costs a tenth of the import): ids need not follow
    the file; where each figure came from is its `source_location`."""
    with unordered(db):
        return int(db.execute(f"""{_INSERT}
            SELECT ?, area_slug, period_code, measure, breakdown, value_num, status, lower_num,
                   upper_num, note, source, ?, place, line, 1
            FROM {table}""", [dataset, source_id]).fetchone()[0])


_CHANGED = ("old_id IS NOT NULL AND (old_status IS DISTINCT FROM status OR old_value "
            "IS DISTINCT FROM value_num OR old_lower IS DISTINCT FROM lower_num OR "
            "old_upper IS DISTINCT FROM upper_num)")


def write_versions(db: Db, table: str, dataset: str, source_id: int) -> tuple[int, list[tuple]]:
    """Insert staged rows as observations, a changed figure as a new version of the current
    one; identical rows are left alone. Returns (rows inserted, the changes: area, period,
    measure, breakdown, old, new)."""
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT s.*, o.id AS old_id, o.version AS old_version, o.value AS old_value,
               o.status AS old_status, o.lower_bound AS old_lower, o.upper_bound AS old_upper
        FROM {table} s
        LEFT JOIN observations o
          ON o.current AND o.dataset = ? AND o.area = s.area_slug AND o.period = s.period_code
         AND o.measure = s.measure AND o.breakdown = s.breakdown
    """, [dataset])
    changes = db.execute(f"""
        SELECT area_slug, period_code, measure, breakdown,
               coalesce(CAST(old_value AS VARCHAR), old_status),
               coalesce(CAST(value_num AS VARCHAR), status)
        FROM incoming WHERE {_CHANGED} ORDER BY seq""").fetchall()
    db.execute(f"UPDATE observations SET current = FALSE WHERE id IN "
               f"(SELECT old_id FROM incoming WHERE {_CHANGED})")
    inserted = db.execute(f"""{_INSERT}
        SELECT ?, area_slug, period_code, measure, breakdown, value_num, status, lower_num,
               upper_num, note, source, ?, place, line, coalesce(old_version, 0) + 1
        FROM incoming WHERE old_id IS NULL OR ({_CHANGED})
        ORDER BY seq""", [dataset, source_id]).fetchone()[0]
    return int(inserted), changes


def restore_source(db: Db, dataset: str, source_id: int) -> tuple[int, list[tuple]]:
    """Make a source's figures current again (re-importing an older file after a correction):
    each observation of that source that differs from the current one of its key becomes a
    new version, copied from the source's row. Returns (rows inserted, the changes)."""
    db.execute("""
        CREATE OR REPLACE TEMP TABLE restoring AS
        SELECT mine.*, cur.id AS cur_id, cur.value AS cur_value, cur.status AS cur_status,
               (SELECT max(version) FROM observations v WHERE v.dataset = mine.dataset
                 AND v.area = mine.area AND v.period = mine.period AND v.measure = mine.measure
                 AND v.breakdown = mine.breakdown) AS top_version
        FROM (SELECT * FROM observations WHERE source_id = ? AND dataset = ?
              QUALIFY row_number() OVER (PARTITION BY area, period, measure, breakdown
                                         ORDER BY version DESC) = 1) mine
        LEFT JOIN observations cur
          ON cur.current AND cur.dataset = mine.dataset AND cur.area = mine.area
         AND cur.period = mine.period AND cur.measure = mine.measure
         AND cur.breakdown = mine.breakdown
        WHERE cur.id IS NULL OR cur.id <> mine.id""", [source_id, dataset])
    changes = db.execute("""
        SELECT area, period, measure, breakdown, coalesce(CAST(cur_value AS VARCHAR), cur_status,
               'none'), coalesce(CAST(value AS VARCHAR), status)
        FROM restoring ORDER BY id""").fetchall()
    db.execute("UPDATE observations SET current = FALSE WHERE id IN "
               "(SELECT cur_id FROM restoring)")
    inserted = db.execute(f"""{_INSERT}
        SELECT dataset, area, period, measure, breakdown, value, status, lower_bound,
               upper_bound, note, cited_source, source_id, source_place, source_line, top_version + 1
        FROM restoring ORDER BY id""").fetchone()[0]
    return int(inserted), changes


def is_current_source(db: Db, source_id: int) -> bool:
    """Whether every figure a source gave is still the current one of its key."""
    return db.execute("""
        SELECT count(*) = 0 FROM observations mine
        JOIN observations cur ON cur.current AND cur.dataset = mine.dataset
         AND cur.area = mine.area AND cur.period = mine.period AND cur.measure = mine.measure
         AND cur.breakdown = mine.breakdown
        WHERE mine.source_id = ? AND cur.id <> mine.id
          AND mine.version = (SELECT max(version) FROM observations m2 WHERE m2.source_id = ?
              AND m2.area = mine.area AND m2.period = mine.period AND m2.measure = mine.measure
              AND m2.breakdown = mine.breakdown)""", [source_id, source_id]).fetchone()[0]


_SOURCE_COLUMNS = {"area_slug": "area", "period_code": "period", "measure": "measure"}


def source_values_outside(db: Db, source_id: int, column: str,
                          allowed: list[str]) -> list[tuple]:
    """Each value of a staged `column` among a source's observations that is not in
    `allowed`, with the place of its first row (as `staging.values_outside` does for a file
    not yet written)."""
    stored = _SOURCE_COLUMNS[column]
    return db.execute(f"SELECT {stored}, min_by(source_location, id) FROM observations "
                      f"WHERE source_id = ? AND NOT list_contains(?, {stored}) "
                      f"GROUP BY {stored} ORDER BY min(id)", [source_id, allowed]).fetchall()


# -- harmonised bands --------------------------------------------------------------------------
def current_with_parts(db: Db, dataset: str, period: str | None) -> list[tuple]:
    """The dataset's current observations, each marked derived or not, with its parts."""
    sql = """
        SELECT o.id, o.area, o.period, o.measure, o.breakdown, o.value, o.status,
               o.lower_bound, o.upper_bound, o.source_id, o.cited_source,
               d.parts IS NOT NULL, coalesce(d.parts, [])
        FROM observations o
        LEFT JOIN (SELECT observation_id, list(part_id ORDER BY position) AS parts
                   FROM derived_observations GROUP BY observation_id) d
          ON d.observation_id = o.id
        WHERE o.dataset = ? AND o.current"""
    params: list[Any] = [dataset]
    if period is not None:
        sql += " AND o.period = ?"
        params.append(period)
    return db.execute(sql + " ORDER BY o.id", params).fetchall()


def withdraw(db: Db, observation_id: int) -> None:
    db.execute("UPDATE observations SET current = FALSE WHERE id = ?", [observation_id])


def version_of(db: Db, observation_id: int) -> int:
    return db.execute("SELECT version FROM observations WHERE id = ?",
                      [observation_id]).fetchone()[0]


def insert_derived(db: Db, values: list[Any], part_ids: list[int], rule: str) -> int:
    """One derived observation (`values` in the order of the observations columns written by
    imports) and its links to the observations it was summed from."""
    new_id = db.execute(f"{_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) "
                        "RETURNING id",
                        values).fetchone()[0]
    db.executemany("INSERT INTO derived_observations (observation_id, part_id, position, rule)"
                   " VALUES (?, ?, ?, ?)",
                   [[new_id, part, position, rule] for position, part in enumerate(part_ids, 1)])
    return new_id


# -- the desk's reads (dataset pages, export re-verification) ------------------------------------


def data_version(store: Store) -> tuple:
    """Changes whenever an import adds or corrects observations or areas are registered."""
    return tuple(store.db.execute(
        "SELECT (SELECT count(*) FROM observations WHERE current), "
        "(SELECT max(id) FROM observations), (SELECT count(*) FROM areas), "
        "(SELECT count(*) FROM datasets)").fetchone())


def current_values(store: Store, ids: list[int]) -> dict[int, str | None]:
    """Of these observation ids, the ones still current, with their value as plain text."""
    if not ids:
        return {}
    rows = store.db.execute("SELECT id, value FROM observations WHERE current AND id IN "
                            "(SELECT unnest(?::BIGINT[]))", [ids]).fetchall()
    return {row[0]: None if row[1] is None else plain(row[1]) for row in rows}


def reported_per_period(store: Store, dataset: str, measure: str) -> dict[str, int]:
    """How many areas reported a total for each period of the measure."""
    return dict(store.db.execute(
        "SELECT period, count(*) FROM observations WHERE dataset = ? AND measure = ? AND current "
        "AND breakdown = '' AND status = 'reported' GROUP BY period", [dataset, measure]
    ).fetchall())


def period_table(store: Store, dataset: str, measure: str, periods: list[str]) -> list[dict]:
    """Every current observation of the measure (and its published change) in these periods,
    with the source file's name: the rows of a dataset page."""
    return store.rows("""
        SELECT o.area, o.period, o.measure, o.breakdown, o.value, o.status, o.lower_bound,
               o.upper_bound, o.note, o.cited_source, o.source_location, s.filename
        FROM observations o LEFT JOIN sources s ON s.id = o.source_id
        WHERE o.dataset = ? AND o.current AND o.period IN (SELECT unnest(?::VARCHAR[]))
          AND o.measure IN (?, ?)""", [dataset, periods, measure, f"{measure}_pct_change"])


def dataset_counts(store: Store, dataset: str) -> dict[str, Any]:
    """Current observations and the last import of a dataset."""
    row = store.db.execute(
        "SELECT (SELECT count(*) FROM observations WHERE dataset = ? AND current), "
        "(SELECT max(imported_at) FROM sources WHERE dataset = ?)", [dataset, dataset]).fetchone()
    return {"observations": row[0], "last_import": row[1]}
