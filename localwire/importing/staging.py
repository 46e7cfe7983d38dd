"""Validate a staged import and write it to the store as one transaction.

Readers (tidy CSV, recipes for XLSX/ODS/PDF) load what they read into a DuckDB table named by
the caller with the columns of `STAGED_COLUMNS`, all VARCHAR, one row per observation, plus
`place` (where it came from: "row 12", "Sheet1!C7"). Everything here is set-wise SQL so that a
million-row file costs little more than DuckDB reading it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from localwire.areas import Gazetteer
from localwire.errors import LocalwireError, PeriodError, Problem
from localwire.model.periods import Period
from localwire.model.statuses import REPORTED, STATUSES, SUPPRESSED

STAGED_COLUMNS = ("place", "area", "period", "measure", "breakdown", "value", "status", "note",
                  "source")
MAX_PROBLEMS = 50
_BOUND = re.compile(r"^\s*(<|<=|≤|less than|fewer than)\s*(\d+)\s*$", re.IGNORECASE)


@dataclass
class Change:
    area: str
    period: str
    measure: str
    breakdown: str
    old: str
    new: str


@dataclass
class ImportResult:
    dataset: str
    source_id: int
    added: int = 0
    unchanged: bool = False
    changes: list[Change] = field(default_factory=list)
    filename: str = ""

    @property
    def summary(self) -> str:
        if self.unchanged:
            return f"{self.filename}: already imported (source {self.source_id}); nothing changed"
        text = f"{self.filename}: {self.added} observations imported into {self.dataset}"
        if self.changes:
            text += f", {len(self.changes)} replacing earlier versions"
        return text


def validate_staged(db: duckdb.DuckDBPyConnection, table: str, gazetteer: Gazetteer,
                    file: str, count_measures: set[str] | None = None) -> list[Problem]:
    """Check every staged row; returns the problems (empty when the file can be imported).

    Adds resolved columns to `table`: area_slug, period_code, value_num, lower_num, upper_num.
    """
    problems: list[Problem] = []

    def add(code: str, message: str, place: str, hint: str | None = None) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(code, message, file, place, hint))

    area_failures = _map_distinct(db, table, "area", _area_resolver(gazetteer))
    period_failures = _map_distinct(db, table, "period", _period_code)
    _rebuild_resolved(db, table)
    _report_unresolved(db, table, "area", "area_slug", area_failures, add, "unknown-area")
    _report_unresolved(db, table, "period", "period_code", period_failures, add, "bad-period")
    _parse_values(db, table, add)
    _check_duplicates(db, table, add)
    if count_measures is not None:
        _check_negative_counts(db, table, count_measures, add)
    return sorted(problems, key=_place_order)


def _place_order(problem: Problem) -> tuple[int, str]:
    digits = re.findall(r"\d+", problem.place or "")
    return (int(digits[-1]) if digits else 0, problem.place or "")


def _area_resolver(gazetteer: Gazetteer):
    def resolve(name: str) -> str:
        return gazetteer.resolve(name).slug
    return resolve


def _period_code(text: str) -> str:
    return Period.parse(text).code


def _map_distinct(db, table, column, resolve) -> dict[str, str]:
    """Resolve each distinct value in Python (few of them) into a temp table map_<column>.

    Returns the failures: raw value -> the reason it could not be resolved."""
    distinct = [r[0] for r in db.execute(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()]
    mapping: list[tuple[str, str]] = []
    failed: dict[str, str] = {}
    for value in distinct:
        try:
            mapping.append((value, resolve(value)))
        except (LocalwireError, PeriodError) as error:
            failed[value] = error.problem.message + (
                f" ({error.problem.hint})" if error.problem.hint else "")
    db.execute(f"CREATE OR REPLACE TEMP TABLE map_{column} (raw VARCHAR, resolved VARCHAR)")
    if mapping:
        db.execute(f"INSERT INTO map_{column} SELECT unnest(?::VARCHAR[]), "
                   "unnest(?::VARCHAR[])", [list(c) for c in zip(*mapping, strict=True)])
    return failed


def _rebuild_resolved(db, table) -> None:
    """One pass adds the resolved columns; a million UPDATEs would cost several passes.

    `seq` keeps the file's order for everything that follows (joins do not preserve it);
    readers that do not number their rows get it here.
    """
    columns = {row[0] for row in db.execute(f"DESCRIBE {table}").fetchall()}
    numbered = table if "seq" in columns else (
        f"(SELECT *, row_number() OVER () AS seq FROM {table})")
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT s.* EXCLUDE (status, breakdown),
               lower(trim(coalesce(s.status, '{REPORTED}'))) AS status,
               coalesce(trim(s.breakdown), '') AS breakdown,
               ma.resolved AS area_slug, mp.resolved AS period_code,
               TRY_CAST(replace(trim(s.value), ',', '') AS DECIMAL(20, 6)) AS value_num,
               NULL::DECIMAL(20, 6) AS lower_num, NULL::DECIMAL(20, 6) AS upper_num
        FROM {numbered} s
        LEFT JOIN map_area ma ON s.area = ma.raw
        LEFT JOIN map_period mp ON s.period = mp.raw
        ORDER BY s.seq""")


def _report_unresolved(db, table, column, target, failed, add, code) -> None:
    for place, raw in db.execute(
            f"SELECT place, {column} FROM {table} WHERE {target} IS NULL ORDER BY seq "
            f"LIMIT {MAX_PROBLEMS}").fetchall():
        if raw is None:
            add("missing-" + column, f"column {column!r}: no {column} given", place)
        else:
            add(code, f"column {column!r}: {failed.get(raw, raw)}", place)


def _parse_values(db, table, add) -> None:
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    for place, status in db.execute(
            f"SELECT place, status FROM {table} WHERE status NOT IN ({statuses}) "
            f"ORDER BY seq LIMIT {MAX_PROBLEMS}").fetchall():
        add("bad-status", f"column 'status': unknown status {status!r}", place,
            "use one of " + ", ".join(STATUSES))
    for place, value in db.execute(
            f"SELECT place, value FROM {table} WHERE status = '{REPORTED}' AND value_num IS NULL "
            f"ORDER BY seq LIMIT {MAX_PROBLEMS}").fetchall():
        if value is None:
            add("missing-value", "column 'value': empty value for a reported figure", place,
                "give the figure, or a status such as suppressed, refused or not_held")
        else:
            add("bad-value", f"column 'value': {value!r} is not a number", place)
    _parse_suppressed_bounds(db, table, add)
    for place, value, status in db.execute(
            f"SELECT place, value, status FROM {table} WHERE status NOT IN "
            f"('{REPORTED}', '{SUPPRESSED}') AND value IS NOT NULL "
            f"ORDER BY seq LIMIT {MAX_PROBLEMS}").fetchall():
        add("value-with-status", f"column 'value': {value!r} given with status {status!r}",
            place, "a refused, not held or unanswered figure has no value")


def _parse_suppressed_bounds(db, table, add) -> None:
    rows = db.execute(
        f"SELECT seq, place, value FROM {table} WHERE status = '{SUPPRESSED}' "
        f"AND value IS NOT NULL AND value_num IS NULL").fetchall()
    bounds: list[tuple[int, Decimal, Decimal]] = []
    for seq, place, value in rows:
        match = _BOUND.match(value)
        if not match:
            add("bad-value", f"column 'value': cannot read suppressed value {value!r}", place,
                'write it as "<5" or leave it empty')
            continue
        limit = Decimal(match.group(2))
        upper = limit if match.group(1) in ("<=", "≤") else limit - 1
        bounds.append((seq, Decimal(0), upper))
    if bounds:
        db.execute("CREATE OR REPLACE TEMP TABLE staged_bounds (rid BIGINT, lo DECIMAL(20, 6),"
                   " hi DECIMAL(20, 6))")
        db.execute("INSERT INTO staged_bounds SELECT unnest(?::BIGINT[]), "
                   "unnest(?::DECIMAL(20, 6)[]), unnest(?::DECIMAL(20, 6)[])",
                   [list(c) for c in zip(*bounds, strict=True)])
        db.execute(f"UPDATE {table} SET lower_num = b.lo, upper_num = b.hi FROM staged_bounds b "
                   f"WHERE {table}.seq = b.rid")


def _check_duplicates(db, table, add) -> None:
    for area, period, measure, breakdown, places in db.execute(f"""
            SELECT area_slug, period_code, measure, breakdown, string_agg(place, ', ')
            FROM {table} WHERE area_slug IS NOT NULL AND period_code IS NOT NULL
            GROUP BY ALL HAVING count(*) > 1 LIMIT {MAX_PROBLEMS}""").fetchall():
        label = f"{area} {period} {measure}" + (f" [{breakdown}]" if breakdown else "")
        add("duplicate-row", f"{label} appears more than once ({places})",
            places.split(", ")[1], "keep one row per area, period, measure and breakdown")
    for (place,) in db.execute(
            f"SELECT place FROM {table} WHERE measure IS NULL OR trim(measure) = '' "
            f"LIMIT {MAX_PROBLEMS}").fetchall():
        add("missing-measure", "column 'measure': no measure given", place)


def _check_negative_counts(db, table, count_measures: set[str], add) -> None:
    if not count_measures:
        return
    rows = db.execute(
        f"SELECT place, value FROM {table} WHERE value_num < 0 AND measure IN "
        f"(SELECT unnest(?::VARCHAR[])) LIMIT {MAX_PROBLEMS}", [sorted(count_measures)]).fetchall()
    for place, value in rows:
        add("negative-count", f"column 'value': a count cannot be negative ({value})", place)


def write_staged(db: duckdb.DuckDBPyConnection, table: str, *, dataset: str,
                 source_id: int) -> tuple[int, list[Change]]:
    """Insert staged rows as observations; a changed figure becomes a new version.

    Must run inside the caller's transaction. Rows identical to the current observation are
    left alone, so re-importing corrected data only touches what changed.
    """
    if db.execute("SELECT count(*) FROM observations WHERE dataset = ? AND current",
                  [dataset]).fetchone()[0] == 0:
        return _insert_all(db, table, dataset, source_id), []
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT s.*, o.id AS old_id, o.version AS old_version, o.value AS old_value,
               o.status AS old_status, o.lower_bound AS old_lower, o.upper_bound AS old_upper
        FROM {table} s
        LEFT JOIN observations o
          ON o.current AND o.dataset = ? AND o.area = s.area_slug AND o.period = s.period_code
         AND o.measure = s.measure AND o.breakdown = s.breakdown
    """, [dataset])
    changed_filter = ("old_id IS NOT NULL AND (old_status IS DISTINCT FROM status OR old_value "
                      "IS DISTINCT FROM value_num OR old_lower IS DISTINCT FROM lower_num OR "
                      "old_upper IS DISTINCT FROM upper_num)")
    changes = [Change(*row) for row in db.execute(f"""
        SELECT area_slug, period_code, measure, breakdown,
               coalesce(CAST(old_value AS VARCHAR), old_status),
               coalesce(CAST(value_num AS VARCHAR), status)
        FROM incoming WHERE {changed_filter} ORDER BY seq""").fetchall()]
    db.execute(f"UPDATE observations SET current = FALSE WHERE id IN "
               f"(SELECT old_id FROM incoming WHERE {changed_filter})")
    inserted = db.execute(f"""
        INSERT INTO observations (dataset, area, period, measure, breakdown, value, status,
            lower_bound, upper_bound, note, cited_source, source_id, source_location, version)
        SELECT ?, area_slug, period_code, measure, breakdown, value_num, status, lower_num,
               upper_num, note, source, ?, place, coalesce(old_version, 0) + 1
        FROM incoming WHERE old_id IS NULL OR ({changed_filter})
        ORDER BY seq
    """, [dataset, source_id]).fetchone()[0]
    return int(inserted), changes


def _insert_all(db, table: str, dataset: str, source_id: int) -> int:
    """The first import into a dataset: nothing to compare with, every row is version 1.

    No ORDER BY: the table was built in file order and a plain scan keeps it
    (preserve_insertion_order), while sorting a million rows would cost a third of the import.
    """
    return int(db.execute(f"""
        INSERT INTO observations (dataset, area, period, measure, breakdown, value, status,
            lower_bound, upper_bound, note, cited_source, source_id, source_location, version)
        SELECT ?, area_slug, period_code, measure, breakdown, value_num, status, lower_num,
               upper_num, note, source, ?, place, 1
        FROM {table}
    """, [dataset, source_id]).fetchone()[0])
