"""Queries that stage and validate an import before anything is written.

An import is staged in a temporary DuckDB table, `<table>_rows`, typed once as it is read (one
pass over the file: trimmed text, the status folded, the value as a decimal, a suppressed
value's bounds) with `seq` (the file's order), `line` (a tidy CSV's line) and `place` (any
other place: "Sheet1!C7"). `<table>` is a view over it that adds the resolved `area_slug` and
`period_code` (joined from the small `map_area` and `map_period`, not written per row) and
`location`, the row's place as a user reads it. Validation is set-wise over the view. Each
function returns rows; what they mean to a user (a `Problem`) is decided in
`localwire.importing`. Writing the staged rows as observations is in `store.observations`.
"""

from __future__ import annotations

import duckdb

Db = duckdb.DuckDBPyConnection

STAGED_COLUMNS = ("place", "area", "period", "measure", "breakdown", "value", "status", "note",
                  "source")
RECIPE_COLUMNS = (*STAGED_COLUMNS, "lower", "upper")
#: A number written in figures: digits, optionally in comma groups of three, optionally a
#: fraction and a sign. ASCII digits only ("١٢" and "1e5" are not figures); "1,2,3" is not one.
FIGURES = r"[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?|[+-]?\.[0-9]+"
DECIMAL = "DECIMAL(20, 6)"
#: A suppressed value written as a bound: "<5", "<= 4", "less than 3", "fewer than 5" (as
#: `staging.BOUND`): group 1 the comparison, group 2 the limit.
BOUND_SQL = r"(?i)\s*(<=|<|≤|less than|fewer than)\s*([0-9]+)\s*"


# -- staging -----------------------------------------------------------------------------------
def _typed(raw: str, default_status: str, bound_status: str) -> str:
    """The staged rows typed from `raw` (VARCHAR columns seq, line, place and RECIPE_COLUMNS):
    the one definition of how a cell's text becomes a staged value, for every reader. A row
    with no status whose value is written as a bound ("<5") has `bound_status` (suppressed),
    as in recipes; a recipe's own bounds for a token ("*" = 1..4) win over the text's."""
    texts = ", ".join(f"trim({name}) AS {name}" for name in (
        "area", "period", "measure", "value", "lower", "upper", "note", "source"))
    return f"""
        SELECT seq, line, place, area, period, measure, breakdown, value, status, value_num,
               CASE WHEN lower IS NOT NULL OR upper IS NOT NULL
                    THEN TRY_CAST(lower AS {DECIMAL})
                    WHEN status = '{bound_status}' AND TRY_CAST(bound.n AS {DECIMAL}) IS NOT NULL
                    THEN 0
                    END AS lower_num,
               CASE WHEN lower IS NOT NULL OR upper IS NOT NULL
                    THEN TRY_CAST(upper AS {DECIMAL})
                    WHEN status = '{bound_status}' THEN TRY_CAST(bound.n AS {DECIMAL})
                         - CASE WHEN bound.op IN ('<=', '≤') THEN 0 ELSE 1 END
                    END AS upper_num,
               note, source
        FROM (SELECT *, coalesce(status_text, CASE WHEN bound IS NOT NULL THEN '{bound_status}'
                                                   ELSE '{default_status}' END) AS status
              FROM (SELECT *, CASE WHEN value_num IS NULL
                                    AND regexp_full_match(value, '{BOUND_SQL}')
                                   THEN regexp_extract(value, '{BOUND_SQL}', ['op', 'n'])
                                   END AS bound
                    FROM (SELECT *, CASE WHEN regexp_full_match(value, '{FIGURES}') THEN
                                     TRY_CAST(replace(value, ',', '') AS {DECIMAL}) END
                                     AS value_num
                          FROM (SELECT seq::BIGINT AS seq, line::INTEGER AS line, place, {texts},
                                       coalesce(trim(breakdown), '') AS breakdown,
                                       lower(nullif(trim(status), '')) AS status_text
                                FROM ({raw})))))"""


def stage_tidy_csv(db: Db, file: str, table: str, width: int, select: dict[str, int | None],
                   default_status: str, bound_status: str) -> int:
    """Read a tidy CSV (header skipped) into `<table>_rows`, typed, in one pass; the number of
    records. Record k is given line k + 1 (`place_rows` corrects it where the file has blank
    lines or line breaks inside quotes). `select` maps each staged column to its position in
    the file."""
    columns = {f"c{index}": "VARCHAR" for index in range(width)}
    chosen = ", ".join(f"c{position} AS {name}" if position is not None
                       else f"NULL::VARCHAR AS {name}" for name, position in select.items())
    raw = (f"SELECT row_number() OVER () AS seq, row_number() OVER () + 1 AS line, "
           f"NULL::VARCHAR AS place, NULL::VARCHAR AS lower, NULL::VARCHAR AS upper, {chosen} "
           "FROM read_csv(?, auto_detect = false, header = false, skip = 1, delim = ',', "
           "quote = '\"', escape = '\"', columns = ?, strict_mode = true, null_padding = false)")
    db.execute(f"CREATE OR REPLACE TEMP TABLE {table}_rows AS "
               f"{_typed(raw, default_status, bound_status)}", [file, columns])
    return count(db, f"{table}_rows")


def place_rows(db: Db, table: str, lines: list[int]) -> None:
    """Give staged tidy records the line they start on, where record k is not on line k + 1
    (blank lines, line breaks inside quotes): `lines[k - 1]` is record k's line."""
    db.execute("CREATE OR REPLACE TEMP TABLE staged_lines AS SELECT "
               "unnest(range(1, ? + 1)) AS seq, unnest(?::INTEGER[]) AS line", [len(lines), lines])
    # (no ALTER TABLE DROP COLUMN: inside a transaction DuckDB 2.0 then loses the rows)
    db.execute(f"CREATE OR REPLACE TEMP TABLE {table}_rows AS SELECT s.* REPLACE (l.line AS line) "
               f"FROM {table}_rows s JOIN staged_lines l USING (seq) ORDER BY s.seq")


def stage_rows(db: Db, table: str, rows: list[tuple], default_status: str,
               bound_status: str) -> None:
    """Staged rows from Python (a recipe's figures: RECIPE_COLUMNS), in order, typed."""
    definition = ", ".join(f"{name} VARCHAR" for name in RECIPE_COLUMNS)
    db.execute(f"CREATE OR REPLACE TEMP TABLE staged_text (seq BIGINT, {definition})")
    if rows:
        columns = [list(range(1, len(rows) + 1))] + [
            list(column) for column in zip(*rows, strict=True)]
        unnest = ", ".join(f"unnest(?::VARCHAR[]) AS {name}" for name in RECIPE_COLUMNS)
        db.execute(f"INSERT INTO staged_text SELECT unnest(?::BIGINT[]), {unnest}", columns)
    raw = "SELECT *, NULL::INTEGER AS line FROM staged_text"
    db.execute(f"CREATE OR REPLACE TEMP TABLE {table}_rows AS "
               f"{_typed(raw, default_status, bound_status)}")


def count(db: Db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- resolving ---------------------------------------------------------------------------------
def distinct_values(db: Db, table: str, column: str) -> list[str]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()]


def distinct_staged(db: Db, table: str, column: str) -> list[str]:
    """The distinct values of a column as staged (before the view resolves anything)."""
    return distinct_values(db, f"{table}_rows", column)


def store_mapping(db: Db, column: str, pairs: list[tuple[str, str]]) -> None:
    """A temp table map_<column> of raw text -> resolved key."""
    db.execute(f"CREATE OR REPLACE TEMP TABLE map_{column} (raw VARCHAR, resolved VARCHAR)")
    if pairs:
        db.execute(f"INSERT INTO map_{column} SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                   [list(c) for c in zip(*pairs, strict=True)])


def resolve_staged(db: Db, table: str) -> None:
    """The view `table` over `<table>_rows`: area_slug and period_code joined from the maps
    (a few hundred rows each; joined where a query needs them, never written per row) and
    `location`, the row's place as the user reads it ("row 12", "Sheet1!C7")."""
    db.execute(f"""
        CREATE OR REPLACE TEMP VIEW {table} AS
        SELECT s.*, ma.resolved AS area_slug, mp.resolved AS period_code,
               main.source_location_of(s.place, s.line) AS location
        FROM {table}_rows s
        LEFT JOIN map_area ma ON s.area = ma.raw
        LEFT JOIN map_period mp ON s.period = mp.raw""")


#: A value that is negative or not whole (the text is looked at first: a figure with no "-"
#: is not negative and one with no "." is whole, which spares a comparison of decimals).
_NOT_A_COUNT = ("((starts_with(value, '-') AND value_num < 0) "
                "OR (contains(value, '.') AND value_num <> floor(value_num)))")


def row_check_counts(db: Db, table: str, statuses: tuple[str, ...], reported: str,
                     suppressed: str, count_measures: list[str],
                     unresolved: dict[str, list[str]]) -> dict[str, int]:
    """How many rows fail each one-row check, in one scan of the staged rows (no join: an area
    or period fails exactly when its text is missing or among `unresolved[column]`): the
    detailed queries below run only for the checks that found something (on a clean
    million-row file, none)."""
    names = ("area", "period", "status", "unparsed", "suppressed_text", "with_status",
             "measure", "count", "bounds")
    found = db.execute(f"""
        SELECT count(*) FILTER (area IS NULL OR list_contains(?::VARCHAR[], area)),
               count(*) FILTER (period IS NULL OR list_contains(?::VARCHAR[], period)),
               count(*) FILTER (NOT list_contains(?::VARCHAR[], status)),
               count(*) FILTER (status = ? AND value_num IS NULL),
               count(*) FILTER (status = ? AND value IS NOT NULL AND value_num IS NULL
                                AND lower_num IS NULL AND upper_num IS NULL),
               count(*) FILTER (status NOT IN (?, ?) AND value IS NOT NULL),
               count(*) FILTER (measure IS NULL OR measure = ''),
               count(*) FILTER (list_contains(?::VARCHAR[], measure) AND {_NOT_A_COUNT}),
               count(*) FILTER (lower_num > upper_num)
        FROM {table}_rows""", [unresolved["area"], unresolved["period"], list(statuses),
                               reported, suppressed, reported, suppressed,
                               count_measures]).fetchone()
    return dict(zip(names, found, strict=True))


def unresolved(db: Db, table: str, column: str, target: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT location, {column} FROM {table} WHERE {target} IS NULL "
                      f"ORDER BY seq LIMIT {limit}").fetchall()


def unknown_statuses(db: Db, table: str, statuses: tuple[str, ...], limit: int) -> list[tuple]:
    return db.execute(f"SELECT location, status FROM {table} WHERE status NOT IN "
                      f"(SELECT unnest(?::VARCHAR[])) ORDER BY seq LIMIT {limit}",
                      [list(statuses)]).fetchall()


def unparsed_values(db: Db, table: str, status: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT location, value FROM {table} WHERE status = ? "
                      f"AND value_num IS NULL ORDER BY seq LIMIT {limit}", [status]).fetchall()


def unreadable_suppressed(db: Db, table: str, status: str, limit: int) -> list[tuple]:
    """Suppressed values that are neither figures nor a bound ("<5") and have no bounds."""
    return db.execute(f"SELECT location, value FROM {table} WHERE status = ? "
                      "AND value IS NOT NULL AND value_num IS NULL AND lower_num IS NULL "
                      f"AND upper_num IS NULL ORDER BY seq LIMIT {limit}", [status]).fetchall()


def values_with_status(db: Db, table: str, allowed: tuple[str, ...], limit: int) -> list[tuple]:
    """Rows with a value whose status has none (refused, not held, ...)."""
    return db.execute(f"SELECT location, value, status FROM {table} WHERE status NOT IN "
                      f"(SELECT unnest(?::VARCHAR[])) AND value IS NOT NULL ORDER BY seq "
                      f"LIMIT {limit}", [list(allowed)]).fetchall()


def _keys(db: Db, table: str) -> tuple[str, str, str]:
    """Where to look for rows sharing a key, cheaply: the staged rows as written, without the
    view's joins, when each resolved area and period has a single spelling in the file (then
    equal keys are equal texts); else the view. (relation, area column, period column). Only
    a gate: rows it finds are checked again through the view."""
    single = db.execute("SELECT (SELECT count(DISTINCT resolved) = count(*) FROM map_area) AND "
                        "(SELECT count(DISTINCT resolved) = count(*) FROM map_period)").fetchone()
    if single[0]:
        return f"{table}_rows", "area", "period"
    return table, "area_slug", "period_code"


def duplicates(db: Db, table: str, limit: int) -> list[tuple]:
    """Keys given more than once, with every place of each; the first `limit` in file order.
    Only the duplicated keys have their places listed (a string_agg over a million distinct
    keys would cost more than the rest of the checks together). First, whether any key's hash
    repeats (one group-by on a number; equal keys have equal hashes, so none means no
    duplicates): on a clean file the exact query never runs."""
    source, area, period = _keys(db, table)
    repeats = db.execute(f"""
        SELECT count(*) FROM (SELECT hash({area}, {period}, measure, breakdown) AS h
                              FROM {source} GROUP BY h HAVING count(*) > 1)""").fetchone()[0]
    if not repeats:
        return []
    return db.execute(f"""
        WITH repeated AS (
            SELECT area_slug, period_code, measure, breakdown, min(seq) AS first
            FROM {table} WHERE area_slug IS NOT NULL AND period_code IS NOT NULL
            GROUP BY area_slug, period_code, measure, breakdown HAVING count(*) > 1
            ORDER BY first LIMIT {limit})
        SELECT r.area_slug, r.period_code, r.measure, r.breakdown,
               string_agg(s.location, ', ' ORDER BY s.seq)
        FROM repeated r JOIN {table} s USING (area_slug, period_code, measure, breakdown)
        GROUP BY r.area_slug, r.period_code, r.measure, r.breakdown, r.first
        ORDER BY r.first""").fetchall()


def missing_measures(db: Db, table: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT location FROM {table} WHERE measure IS NULL OR measure = '' "
                      f"ORDER BY seq LIMIT {limit}").fetchall()


def bad_counts(db: Db, table: str, measures: list[str], limit: int) -> list[tuple]:
    """Count measures' values that are negative or not whole: (place, value, negative)."""
    if not measures:
        return []
    return db.execute(f"""
        SELECT location, value, value_num < 0 FROM {table}
        WHERE (value_num < 0 OR value_num <> floor(value_num))
          AND measure IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY seq LIMIT {limit}""", [measures]).fetchall()


def disordered_bounds(db: Db, table: str, limit: int) -> list[tuple]:
    return db.execute(f"SELECT location, value, lower_num, upper_num FROM {table} "
                      f"WHERE lower_num > upper_num ORDER BY seq LIMIT {limit}").fetchall()


def first_places(db: Db, table: str, column: str, values: list[str]) -> list[tuple]:
    """(value, place of its first row) for each of `values` found in `column`."""
    return db.execute(f"SELECT {column}, arg_min(location, seq) FROM {table} WHERE {column} IN "
                      f"(SELECT unnest(?::VARCHAR[])) GROUP BY {column} ORDER BY min(seq)",
                      [values]).fetchall()


def values_outside(db: Db, table: str, column: str, allowed: list[str]) -> list[tuple]:
    """Each value of `column` not in `allowed`, with the place of its first row."""
    return db.execute(f"SELECT {column}, min_by(location, seq) FROM {table} "
                      f"WHERE {column} IS NOT NULL AND NOT list_contains(?, {column}) "
                      f"GROUP BY {column} ORDER BY min(seq)", [allowed]).fetchall()


# -- checks across rows ------------------------------------------------------------------------
def distinct_periods(db: Db, table: str) -> list[str]:
    """The resolved periods (the map holds every distinct period of the file)."""
    return distinct_values(db, "map_period", "resolved")


def parts_over_total(db: Db, table: str, measures: list[str], limit: int) -> list[tuple]:
    """Breakdowns larger than their total, among `measures` (counts: a percentage change of a
    breakdown may well exceed the total's). First one aggregate finds whether any group's
    largest part exceeds its smallest total; only then are the rows paired."""
    source, area, period = _keys(db, table)
    if not measures or not db.execute(f"""
            SELECT count(*) FROM (
                SELECT 1 FROM {source}
                WHERE measure IN (SELECT unnest(?::VARCHAR[]))
                GROUP BY {area}, {period}, measure
                HAVING max(coalesce(value_num, lower_num)) FILTER (breakdown <> '')
                       > min(value_num) FILTER (breakdown = ''))""", [measures]).fetchone()[0]:
        return []
    return db.execute(f"""
        SELECT part.location, part.area_slug, part.period_code, part.measure, part.breakdown,
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
        SELECT whole.location, whole.area_slug, whole.period_code, whole.measure, whole.value_num,
               parts.low, parts.high
        FROM parts JOIN {table} whole
          ON whole.area_slug = parts.area_slug AND whole.period_code = parts.period_code
         AND whole.measure = parts.measure AND whole.breakdown = ''
        WHERE parts.n = ? AND parts.known = parts.n AND parts.known_high = parts.n
          AND whole.value_num IS NOT NULL
          AND (whole.value_num < parts.low OR whole.value_num > parts.high)
        ORDER BY whole.seq LIMIT {limit}""", [partition, measures, len(partition)]).fetchall()
