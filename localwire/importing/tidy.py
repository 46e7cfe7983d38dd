"""The tidy CSV format: one observation per row.

Required columns: area, period, measure, value. Optional: breakdown, status, note, source.
`area` is a name, alias or ONS code; `period` a financial year "2016/17", a calendar year "2017"
or "YE 2017-06"; `status` one of the statuses in `localwire.model.statuses` (default
reported, or suppressed for a value written as a bound such as "<5", as in recipes); `value`
may be empty only with a status other than reported. Rows are located as "row N", N the line of the file (the
header is line 1; blank lines are skipped but counted, so N is what an editor shows).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb

from localwire.errors import (
    BadCsv,
    BadEncoding,
    DuplicateColumn,
    EmptyFile,
    InputErrors,
    MissingColumn,
    Problem,
    UnknownColumn,
)
from localwire.model.statuses import REPORTED, SUPPRESSED
from localwire.store import staging as staged_queries

REQUIRED = ("area", "period", "measure", "value")
OPTIONAL = ("breakdown", "status", "note", "source")


class LineTally:
    """Line ends counted while the file is read for its hash (`feed` each block in order), so
    that finding each record's line needs no second read of a regular file."""

    def __init__(self) -> None:
        self.newlines = self.returns = self.pairs = 0
        self.last = b""

    def feed(self, block: bytes) -> None:
        if not block:
            return
        self.newlines += block.count(b"\n")
        returns = block.count(b"\r")
        self.returns += returns
        self.pairs += (block.count(b"\r\n") if returns else 0) + (
            self.last == b"\r" and block[:1] == b"\n")
        self.last = block[-1:]

    def regular(self, records: int) -> bool:
        """Whether record k is simply on line k + 1 (no blank lines, no line breaks inside
        quotes, no bare carriage returns)."""
        lines = self.newlines + (0 if self.last in (b"\n", b"") else 1)
        return lines == records + 1 and self.returns == self.pairs

    @classmethod
    def of(cls, path: Path) -> LineTally:
        tally = cls()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                tally.feed(block)
        return tally


def stage_tidy_csv(db: duckdb.DuckDBPyConnection, path: Path, table: str,
                   tally: LineTally | None = None) -> None:
    """Load a tidy CSV into `table` with the staging columns; raises InputErrors. `tally`
    is the file's line ends if they were counted as it was read already."""
    file = str(path)
    header = _read_header(path)
    _refuse_other_separators(header, file)
    normalised = [name.strip().lower() for name in header]
    problems = [MissingColumn.problem_at(file, "row 1", "tidy files need area, period, measure "
                                         "and value", name=name)
                for name in REQUIRED if name not in normalised]
    problems += [UnknownColumn.problem_at(file, "row 1", "allowed: " + ", ".join(
                     REQUIRED + OPTIONAL), name=name)
                 for name in normalised if name not in REQUIRED + OPTIONAL]
    if len(set(normalised)) != len(normalised):
        problems.append(DuplicateColumn.problem_at(file, "row 1"))
    if problems:
        raise InputErrors(problems)
    position = {name: index for index, name in enumerate(normalised)}
    select = {name: position.get(name) for name in REQUIRED + OPTIONAL}
    try:
        records = staged_queries.stage_tidy_csv(db, file, table, len(header), select, REPORTED,
                                         SUPPRESSED)
    except duckdb.Error as error:
        raise InputErrors([_csv_problem(error, file)]) from None
    if records == 0:
        raise InputErrors([EmptyFile.problem_at(file, reason="no rows after the header")])
    if not (tally or LineTally.of(path)).regular(records):
        lines = record_lines(path, records)
        if lines is not None:
            staged_queries.place_rows(db, table, lines)


def record_lines(path: Path, records: int) -> list[int] | None:
    """The line each record starts on (None if Python's reader counts other records than
    DuckDB's); read only where the file is not regular (see `LineTally.regular`)."""
    data = path.read_bytes()
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline=""))
    next(reader, None)
    starts = []
    line = reader.line_num + 1
    for row in reader:
        if row:
            starts.append(line)
        line = reader.line_num + 1
    return starts if len(starts) == records else None


def _refuse_other_separators(header: list[str], file: str) -> None:
    """One clear line for a file saved with semicolons or tabs (as a European-locale
    spreadsheet does), instead of four missing and unknown columns."""
    if len(header) != 1:
        return
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        fields = {field.strip().lower() for field in header[0].split(separator)}
        if len(fields) > 1 and set(REQUIRED) <= fields:
            raise InputErrors([BadCsv.problem_at(
                file, "row 1", "save it as CSV with commas, or import it with a recipe "
                f"giving delimiter = {separator!r}",
                reason=f"the columns are separated by {name}, not commas")])


def _read_header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise InputErrors([BadEncoding.problem_at(
            str(path), f"byte {error.start}", "save the file as UTF-8", encoding="UTF-8",
            reason=f"{error.reason} at byte {error.start}")]) from None
    except csv.Error as error:
        raise InputErrors([BadCsv.problem_at(str(path), "row 1", reason=str(error))]) from None
    if not header:
        raise InputErrors([EmptyFile.problem_at(str(path), reason="the file is empty")])
    return header


def _csv_problem(error: Exception, file: str) -> Problem:
    """Turn DuckDB's multi-line CSV error into one located line."""
    text = str(error)
    line = re.search(r"on Line: (\d+)", text)
    place = f"row {line.group(1)}" if line else None
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return BadEncoding.problem_at(file, place, "save the file as UTF-8", encoding="UTF-8",
                                      reason="invalid byte sequence")
    reasons = [part.strip() for part in text.split("\n") if part.strip() and not part.startswith(
        ("Invalid Input", "Original Line", "Possible fixes", "*", "  "))]
    reason = reasons[0] if reasons else (text.splitlines() or ["unreadable"])[0]
    if "Expected Number of Columns" in text:
        counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        if counts:
            reason = f"expected {counts.group(1)} fields, found {counts.group(2)}"
    return BadCsv.problem_at(file, place, reason=reason[:200])
