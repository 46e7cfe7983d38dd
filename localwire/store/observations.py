"""Queries of observations: staging, validating and writing an import, versions, the
harmonised bands derived from them, and the desk's reads.

An import is staged in a temporary DuckDB table (`table`, named by the caller) with the columns
of `STAGED_COLUMNS`, all VARCHAR, plus `seq` (the file's order) and `place`. Validation is
set-wise over it; `write_staged` turns it into versioned observations. Each function returns
rows; what they mean to a user (a `Problem`) is decided in `localwire.importing`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from localwire.model.numbers import plain
from localwire.store import Store

Db = duckdb.DuckDBPyConnection

STAGED_COLUMNS = ("place", "area", "period", "measure", "breakdown", "value", "status", "note",
                  "source")
RECIPE_COLUMNS = (*STAGED_COLUMNS, "lower", "upper")
#: A number written in figures: digits, optionally in comma groups of three, optionally a
#: fraction and a sign. ASCII digits only ("١٢" and "1e5" are not figures); "1,2,3" is not one.
FIGURES = r"[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?|[+-]?\.[0-9]+"
DECIMAL = "DECIMAL(20, 6)"
#: A suppressed value written as a bound: "<5", "<= 4", "less than 3", "fewer than 5".
BOUND_SQL = r"(?i)\s*(<|<=|≤|less than|fewer than)\s*[0-9]+\s*"


@contextmanager
def unordered(db: Db) -> Iterator[Db]:
    """Let DuckDB write in parallel, out of order, where nothing depends on the order (rows
    carry `seq`); staging, where the rowid is the file's order, runs without this."""
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


# -- staging -----------------------------------------------------------------------------------
#: A staged row's place in the file, 1-based, without a window function: a table filled by one
#: scan of the file (or one ordered insert) has rowids in that order. Inside a transaction
#: DuckDB numbers new rows from 2**55, not 0, so the table's first rowid is subtracted.
def _order(table: str) -> str:
    return f"(rowid - (SELECT min(rowid) FROM {table}) + 1)"


def stage_tidy_csv(db: Db, file: str, table: str, width: int, select: dict[str, int | None]) -> int:
    """Read a tidy CSV (header skipped) into `table`, trimmed; the number of records. Its
    rowid is the record's order in the file (no window function: a plain scan keeps it).
    `select` maps each staged column to its position in the file."""
    columns = {f"c{index}": "VARCHAR" for index in range(width)}
    chosen = ", ".join(f"trim(c{position}) AS {name}" if position is not None
                       else f"NULL::VARCHAR AS {name}" for name, position in select.items())
    db.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {chosen} FROM read_csv(?, "
               "auto_detect = false, header = false, skip = 1, delim = ',', quote = '\"', "
               "escape = '\"', columns = ?, strict_mode = true, null_padding = false)",
               [file, columns])
    return count(db, table)


def place_rows(db: Db, table: str, lines: list[int]) -> None:
    """Give staged tidy records the line they start on, where record k is not on line k + 1
    (blank lines, line breaks inside quotes): `lines[k - 1]` is record k's line."""
    db.execute("CREATE OR REPLACE TEMP TABLE staged_lines AS SELECT "
               "unnest(range(0, ?)) AS rid, unnest(?::BIGINT[]) AS line", [len(lines), lines])
    # (no ALTER TABLE DROP COLUMN: inside a transaction DuckDB 2.0 then loses the rows)
    db.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT s.* EXCLUDE (rid), "
               f"'row ' || l.line AS place FROM (SELECT {_order(table)} - 1 AS rid, * FROM {table}) s "
               "JOIN staged_lines l USING (rid) ORDER BY s.rid")


def stage_rows(db: Db, table: str, rows: list[tuple]) -> None:
    """Staged rows from Python (a recipe's figures), in order, as VARCHAR columns."""
    definition = ", ".join(f"{name} VARCHAR" for name in RECIPE_COLUMNS)
    db.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({definition})")
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    unnest = ", ".join(f"unnest(?::VARCHAR[]) AS {name}" for name in RECIPE_COLUMNS)
    db.execute(f"INSERT INTO {table} SELECT {unnest}", columns)


def count(db: Db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def columns_of(db: Db, table: str) -> set[str]:
    return {row[0] for row in db.execute(f"DESCRIBE {table}").fetchall()}


# -- resolving ---------------------------------------------------------------------------------
def distinct_values(db: Db, table: str, column: str) -> list[str]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()]


def store_mapping(db: Db, column: str, pairs: list[tuple[str, str]]) -> None:
    """A temp table map_<column> of raw text -> resolved key."""
    db.execute(f"CREATE OR REPLACE TEMP TABLE map_{column} (raw VARCHAR, resolved VARCHAR)")
    if pairs:
        db.execute(f"INSERT INTO map_{column} SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                   [list(c) for c in zip(*pairs, strict=True)])


def resolve_staged(db: Db, table: str, default_status: str, bound_status: str) -> None:
    """One pass adds the resolved columns (area_slug, period_code, status folded, breakdown
    '' for none, value_num for a value written in figures, and empty bounds); a million
    UPDATEs would cost several passes. A row with no status whose value is written as a bound
    ("<5") has `bound_status` (suppressed), as in recipes.

    `seq` is the row's order in the file (from the staged table's rowid: readers stage in
    order),
    and a tidy row without a place is on line seq + 1. The joins do not keep that order and
    no ORDER BY restores it here (a sort of a million rows): whatever needs the file's order
    orders by `seq`."""
    place = "s.place" if "place" in columns_of(db, table) else "'row ' || (s.seq + 1)"
    with unordered(db):
        _resolve(db, table, place, default_status, bound_status)


def _resolve(db: Db, table: str, place: str, default_status: str, bound_status: str) -> None:
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT s.seq, {place} AS place, s.* EXCLUDE (status, breakdown{
                   ', place' if place == 's.place' else ''}),
               lower(trim(coalesce(nullif(trim(s.status), ''), CASE WHEN regexp_full_match(
                   s.value, '{BOUND_SQL}') THEN '{bound_status}' END, '{default_status}')))
                   AS status,
               coalesce(trim(s.breakdown), '') AS breakdown,
               ma.resolved AS area_slug, mp.resolved AS period_code,
               CASE WHEN regexp_full_match(trim(s.value), '{FIGURES}')
                    THEN TRY_CAST(replace(trim(s.value), ',', '') AS {DECIMAL}) END AS value_num,
               NULL::{DECIMAL} AS lower_num, NULL::{DECIMAL} AS upper_num
        FROM (SELECT {_order(table)} AS seq, * FROM {table}) s
        LEFT JOIN map_area ma ON s.area = ma.raw
        LEFT JOIN map_period mp ON s.period = mp.raw""")


def row_check_counts(db: Db, table: str, statuses: tuple[str, ...], reported: str,
                     suppressed: str, count_measures: list[str]) -> dict[str, int]:
    """How many rows fail each one-row check, in one scan: the detailed queries below run only
    for the checks that found something (on a clean million-row file, none)."""
    names = ("area", "period", "status", "unparsed", "suppressed_text", "with_status",
             "measure", "count")
    found = db.execute(f"""
        SELECT count(*) FILTER (area_slug IS NULL),
               count(*) FILTER (period_code IS NULL),
               count(*) FILTER (NOT list_contains(?::VARCHAR[], status)),
               count(*) FILTER (status = ? AND value_num IS NULL),
               count(*) FILTER (status = ? AND value IS NOT NULL AND value_num IS NULL),
               count(*) FILTER (status NOT IN (?, ?) AND value IS NOT NULL),
               count(*) FILTER (measure IS NULL OR trim(measure) = ''),
               count(*) FILTER (list_contains(?::VARCHAR[], measure)
                                AND (value_num < 0 OR value_num <> floor(value_num)))
        FROM {table}""", [list(statuses), reported, suppressed, reported, suppressed,
                          count_measures]).fetchone()
    return dict(zip(names, found, strict=True))


def unresolved(db: Db, table: str, column: str, target: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT place, {column} FROM {table} WHERE {target} IS NULL ORDER BY seq "
                      f"LIMIT {limit}").fetchall()


def unknown_statuses(db: Db, table: str, statuses: tuple[str, ...], limit: int) -> list[tuple]:
    return db.execute(f"SELECT place, status FROM {table} WHERE status NOT IN "
                      f"(SELECT unnest(?::VARCHAR[])) ORDER BY seq LIMIT {limit}",
                      [list(statuses)]).fetchall()


def unparsed_values(db: Db, table: str, status: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT place, value FROM {table} WHERE status = ? AND value_num IS NULL "
                      f"ORDER BY seq LIMIT {limit}", [status]).fetchall()


def suppressed_texts(db: Db, table: str, status: str) -> list[tuple]:
    return db.execute(f"SELECT seq, place, value FROM {table} WHERE status = ? "
                      "AND value IS NOT NULL AND value_num IS NULL", [status]).fetchall()


def set_bounds(db: Db, table: str, bounds: list[tuple]) -> None:
    """(seq, lower, upper) for suppressed rows written as a bound ("<5")."""
    if not bounds:
        return
    db.execute(f"CREATE OR REPLACE TEMP TABLE staged_bounds (rid BIGINT, lo {DECIMAL}, "
               f"hi {DECIMAL})")
    db.execute(f"INSERT INTO staged_bounds SELECT unnest(?::BIGINT[]), unnest(?::{DECIMAL}[]), "
               f"unnest(?::{DECIMAL}[])", [list(c) for c in zip(*bounds, strict=True)])
    db.execute(f"UPDATE {table} SET lower_num = b.lo, upper_num = b.hi FROM staged_bounds b "
               f"WHERE {table}.seq = b.rid")


def apply_recipe_bounds(db: Db, table: str) -> None:
    """Bounds the recipe gave a suppressed token ("*" = 1..4) become the row's bounds."""
    db.execute(f"""UPDATE {table} SET lower_num = TRY_CAST(lower AS {DECIMAL}),
                       upper_num = TRY_CAST(upper AS {DECIMAL})
                   WHERE lower IS NOT NULL OR upper IS NOT NULL""")


def values_with_status(db: Db, table: str, allowed: tuple[str, ...], limit: int) -> list[tuple]:
    """Rows with a value whose status has none (refused, not held, ...)."""
    return db.execute(f"SELECT place, value, status FROM {table} WHERE status NOT IN "
                      f"(SELECT unnest(?::VARCHAR[])) AND value IS NOT NULL ORDER BY seq "
                      f"LIMIT {limit}", [list(allowed)]).fetchall()


def duplicates(db: Db, table: str, limit: int) -> list[tuple]:
    """Keys given more than once, with every place of each; the first `limit` in file order.
    Only the duplicated keys have their places listed (a string_agg over a million distinct
    keys would cost more than the rest of the checks together)."""
    return db.execute(f"""
        WITH repeated AS (
            SELECT area_slug, period_code, measure, breakdown, min(seq) AS first
            FROM {table} WHERE area_slug IS NOT NULL AND period_code IS NOT NULL
            GROUP BY area_slug, period_code, measure, breakdown HAVING count(*) > 1
            ORDER BY first LIMIT {limit})
        SELECT r.area_slug, r.period_code, r.measure, r.breakdown,
               string_agg(s.place, ', ' ORDER BY s.seq)
        FROM repeated r JOIN {table} s USING (area_slug, period_code, measure, breakdown)
        GROUP BY r.area_slug, r.period_code, r.measure, r.breakdown, r.first
        ORDER BY r.first""").fetchall()


def missing_measures(db: Db, table: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT place FROM {table} WHERE measure IS NULL OR trim(measure) = '' "
                      f"ORDER BY seq LIMIT {limit}").fetchall()


def bad_counts(db: Db, table: str, measures: list[str], limit: int) -> list[tuple]:
    """Count measures' values that are negative or not whole: (place, value, negative)."""
    if not measures:
        return []
    return db.execute(f"""
        SELECT place, value, value_num < 0 FROM {table}
        WHERE (value_num < 0 OR value_num <> floor(value_num))
          AND measure IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY seq LIMIT {limit}""", [measures]).fetchall()


def disordered_bounds(db: Db, table: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT place, value, lower_num, upper_num FROM {table} "
                      f"WHERE lower_num > upper_num ORDER BY seq LIMIT {limit}").fetchall()


def first_places(db: Db, table: str, column: str, values: list[str]) -> list[tuple]:
    """(value, place of its first row) for each of `values` found in `column`."""
    return db.execute(f"SELECT {column}, arg_min(place, seq) FROM {table} WHERE {column} IN "
                      f"(SELECT unnest(?::VARCHAR[])) GROUP BY {column} ORDER BY min(seq)",
                      [values]).fetchall()


def values_outside(db: Db, table: str, column: str, allowed: list[str]) -> list[tuple]:
    """Each value of `column` not in `allowed`, with the place of its first row."""
    return db.execute(f"SELECT {column}, min_by(place, seq) FROM {table} "
                      f"WHERE {column} IS NOT NULL AND NOT list_contains(?, {column}) "
                      f"GROUP BY {column} ORDER BY min(seq)", [allowed]).fetchall()


# -- checks across rows ------------------------------------------------------------------------
def distinct_periods(db: Db, table: str) -> list[str]:
    return distinct_values(db, table, "period_code")


def parts_over_total(db: Db, table: str, measures: list[str], limit: int) -> list[tuple]:
    """Breakdowns larger than their total, among `measures` (counts: a percentage change of a
    breakdown may well exceed the total's)."""
    return db.execute(f"""
        SELECT part.place, part.area_slug, part.period_code, part.measure, part.breakdown,
               coalesce(part.value_num, part.lower_num) AS part_value, whole.value_num
        FROM {table} part JOIN {table} whole
          ON whole.area_slug = part.area_slug AND whole.period_code = part.period_code
         AND whole.measure = part.measure AND whole.breakdown = ''
        WHERE part.breakdown <> '' AND whole.value_num IS NOT NULL
          AND coalesce(part.value_num, part.lower_num) > whole.value_num
          AND part.measure IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY part.seq LIMIT {limit}""", [measures]).fetchall()


def partition_mismatches(db: Db, table: str, partition: list[str], measures: list[str],
                         limit: int) -> list[tuple]:
    return db.execute(f"""
        WITH parts AS (
            SELECT area_slug, period_code, measure, count(*) AS n,
                   count(coalesce(value_num, lower_num)) AS known,
                   count(coalesce(value_num, upper_num)) AS known_high,
                   sum(coalesce(value_num, lower_num)) AS low,
                   sum(coalesce(value_num, upper_num)) AS high
            FROM {table} WHERE breakdown IN (SELECT unnest(?::VARCHAR[]))
              AND measure IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY ALL)
        SELECT whole.place, whole.area_slug, whole.period_code, whole.measure, whole.value_num,
               parts.low, parts.high
        FROM parts JOIN {table} whole
          ON whole.area_slug = parts.area_slug AND whole.period_code = parts.period_code
         AND whole.measure = parts.measure AND whole.breakdown = ''
        WHERE parts.n = ? AND parts.known = parts.n AND parts.known_high = parts.n
          AND whole.value_num IS NOT NULL
          AND (whole.value_num < parts.low OR whole.value_num > parts.high)
        ORDER BY whole.seq LIMIT {limit}""", [partition, measures, len(partition)]).fetchall()


# -- writing -----------------------------------------------------------------------------------
_INSERT = """
    INSERT INTO observations (dataset, area, period, measure, breakdown, value, status,
        lower_bound, upper_bound, note, cited_source, source_id, source_location, version)"""


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
                   upper_num, note, source, ?, place, 1
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
               upper_num, note, source, ?, place, coalesce(old_version, 0) + 1
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
               upper_bound, note, cited_source, source_id, source_location, top_version + 1
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
    new_id = db.execute(f"{_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
