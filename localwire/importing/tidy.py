"""The tidy CSV format: one observation per row.

Required columns: area, period, measure, value. Optional: breakdown, status, note, source.
`area` is a name, alias or ONS code; `period` a financial year "2016/17", a calendar year "2017"
or "YE 2017-06"; `status` one of the statuses in `localwire.model.statuses` (default
reported); `value` may be empty only with a status other than reported, and a suppressed value
may be written as a bound ("<5"). Rows are located as "row N", the header being row 1.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb

from localwire.errors import InputErrors, Problem

REQUIRED = ("area", "period", "measure", "value")
OPTIONAL = ("breakdown", "status", "note", "source")


def stage_tidy_csv(db: duckdb.DuckDBPyConnection, path: Path, table: str) -> None:
    """Load a tidy CSV into `table` with the staging columns; raises InputErrors."""
    file = str(path)
    header = _read_header(path)
    normalised = [name.strip().lower() for name in header]
    problems = [Problem("missing-column", f"required column {name!r} is missing", file,
                        "row 1", "tidy files need area, period, measure and value")
                for name in REQUIRED if name not in normalised]
    problems += [Problem("unknown-column", f"unknown column {name!r}", file, "row 1",
                         "allowed: " + ", ".join(REQUIRED + OPTIONAL))
                 for name in normalised if name not in REQUIRED + OPTIONAL]
    if len(set(normalised)) != len(normalised):
        problems.append(Problem("duplicate-column", "a column name appears twice", file, "row 1"))
    if problems:
        raise InputErrors(problems)
    columns = {f"c{index}": "VARCHAR" for index in range(len(header))}
    position = {name: index for index, name in enumerate(normalised)}
    select = ", ".join(
        f"trim(c{position[name]}) AS {name}" if name in position else f"NULL::VARCHAR AS {name}"
        for name in REQUIRED + OPTIONAL)
    try:  # one pass: read, trim and number the rows (the header is row 1)
        db.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT "
                   f"row_number() OVER () AS seq, 'row ' || (row_number() OVER () + 1) AS place, "
                   f"{select} FROM read_csv(?, auto_detect = false, header = false, skip = 1, "
                   "delim = ',', quote = '\"', escape = '\"', columns = ?, strict_mode = true, "
                   "null_padding = false)", [file, columns])
    except duckdb.Error as error:
        raise InputErrors([_csv_problem(error, file)]) from None
    if db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0:
        raise InputErrors([Problem("empty-file", "no rows after the header", file)])


def _read_header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise InputErrors([Problem("bad-encoding", f"not UTF-8 text ({error.reason} at byte "
                                   f"{error.start})", str(path), hint="save the file as UTF-8")]) \
            from None
    if not header:
        raise InputErrors([Problem("empty-file", "the file is empty", str(path))])
    return header


def _csv_problem(error: Exception, file: str) -> Problem:
    """Turn DuckDB's multi-line CSV error into one located line."""
    text = str(error)
    line = re.search(r"on Line: (\d+)", text)
    reasons = [part.strip() for part in text.split("\n") if part.strip() and not part.startswith(
        ("Invalid Input", "Original Line", "Possible fixes", "*", "  "))]
    reason = reasons[0] if reasons else text.splitlines()[0]
    if "Expected Number of Columns" in text:
        counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        reason = f"expected {counts.group(1)} fields, found {counts.group(2)}"
    place = f"row {line.group(1)}" if line else None
    return Problem("bad-csv", f"malformed CSV: {reason[:200]}", file, place)
