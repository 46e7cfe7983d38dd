"""Validate a staged import and write it to the store as one transaction.

Readers (tidy CSV, recipes for XLSX/ODS/PDF) stage what they read in DuckDB, one row per
observation, typed by one definition in `localwire.store.staging` (the tidy format as
DuckDB reads the file, in one pass), with where it came from: a tidy file's line, or a place
such as "Sheet1!C7". The same checks run whatever the path; the queries are set-wise, so a
million-row file costs a few times what DuckDB's own reading of it does (bench/import.py).
Here their rows become `Problem`s.

Rules: an area must be known to the gazetteer and a period readable; a value is a number
written in figures (`FIGURES`: "1,234" and "15.5", not "1,2,3", "NaN" or "1e5"); a count
measure's value is whole and never negative; a suppressed value's bounds are in order ("<0"
is not); a measure must be one the dataset declares (when it declares any), and a breakdown
that is a near miss of a declared one is refused as a likely misspelling.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from localwire.areas import Gazetteer
from localwire.errors import (
    BadBounds,
    BadPeriod,
    BadStatus,
    BadValue,
    DuplicateRow,
    LocalwireError,
    MissingArea,
    MissingMeasure,
    MissingPeriod,
    MissingValue,
    NegativeCount,
    NotACount,
    Problem,
    UnknownArea,
    UnknownBreakdown,
    UnknownMeasure,
    ValueWithStatus,
)
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.model.statuses import REPORTED, STATUSES, SUPPRESSED
from localwire.prose.numwords import words_to_number
from localwire.prose.style import counted
from localwire.store import observations as queries
from localwire.store import staging as staged_queries
from localwire.store.staging import FIGURES, STAGED_COLUMNS

MAX_PROBLEMS = 50
BOUND = re.compile(r"^\s*(<|<=|≤|less than|fewer than)\s*([0-9]+)\s*$", re.IGNORECASE)  # as SQL
_FIGURES = re.compile(FIGURES)
NEAR_MISS = 0.8   # difflib ratio at which an undeclared breakdown is taken for a misspelling

__all__ = ["BOUND", "STAGED_COLUMNS", "Change", "ImportResult", "figures", "validate_staged",
           "write_staged"]


def figures(text: str | None) -> Decimal | None:
    """The number a cell writes in figures, exactly, by the same rule as the SQL; else None."""
    if text is None or not _FIGURES.fullmatch(text.strip()):
        return None
    return Decimal(text.strip().replace(",", ""))


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
    warnings: list[Problem] = field(default_factory=list)
    restored: bool = False     # an older source's figures made current again
    repaired: bool = False     # the kept copy was missing and has been written again
    described_again: bool = False  # the store's description of the dataset was out of date

    @property
    def summary(self) -> str:
        if self.restored:
            text = (f"{self.filename}: already imported (source {self.source_id}); its figures "
                    f"are current again ({len(self.changes)} changed, each a new version)")
        elif self.unchanged:
            text = f"{self.filename}: already imported (source {self.source_id}); nothing changed"
        else:
            text = f"{self.filename}: {counted(self.added, 'observation')} imported into {self.dataset}"
            if self.changes:
                text += f", {len(self.changes)} replacing earlier versions"
        if self.repaired:
            text += "; the kept copy was missing and has been restored"
        if self.described_again:
            text += "; the dataset's description was brought up to date with this localwire"
        return text


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, kind: type[LocalwireError], place: str | None, hint: str | None = None,
            message: str | None = None, **fields) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(kind.problem_at(self.file, place, hint, message, **fields))


def validate_staged(db: duckdb.DuckDBPyConnection, table: str, gazetteer: Gazetteer,
                    file: str, count_measures: set[str] | None = None,
                    config: DatasetConfig | None = None) -> list[Problem]:
    """Check every staged row; returns the problems (empty when the file can be imported).

    Makes `table` the view of the staged rows with area_slug and period_code resolved.
    """
    found = _Collector(file)
    area_failures = _map_distinct(db, table, "area", lambda name: gazetteer.resolve(name).slug)
    period_failures = _map_distinct(db, table, "period", lambda text: Period.parse(text).code)
    staged_queries.resolve_staged(db, table)
    failing = staged_queries.row_check_counts(
        db, table, STATUSES, REPORTED, SUPPRESSED, sorted(count_measures or ()),
        {"area": sorted(area_failures), "period": sorted(period_failures)})
    if failing["area"]:
        _report_unresolved(db, table, "area", "area_slug", area_failures, found)
    if failing["period"]:
        _report_unresolved(db, table, "period", "period_code", period_failures, found)
    _parse_values(db, table, found, failing)
    _check_duplicates(db, table, found, failing["measure"] > 0)
    if failing["count"]:
        _check_counts(db, table, count_measures or set(), found)
    if config is not None:
        _check_declared(db, table, config, found)
    return sorted(found.problems, key=_place_order)


def _place_order(problem: Problem) -> tuple[int, str]:
    digits = re.findall(r"\d+", problem.place or "")
    return (int(digits[-1]) if digits else 0, problem.place or "")


def _map_distinct(db, table, column, resolve) -> dict[str, str]:
    """Resolve each distinct value in Python (few of them) into a temp table map_<column>.

    Returns the failures: raw value -> the reason it could not be resolved."""
    mapping: list[tuple[str, str]] = []
    failed: dict[str, str] = {}
    for value in staged_queries.distinct_staged(db, table, column):
        try:
            mapping.append((value, resolve(value)))
        except LocalwireError as error:
            failed[value] = error.problem.message + (
                f" ({error.problem.hint})" if error.problem.hint else "")
        except (ValueError, OverflowError, ArithmeticError):  # a year too large to be a date
            failed[value] = f"cannot read {value!r}"
    staged_queries.store_mapping(db, column, mapping)
    return failed


def _report_unresolved(db, table, column, target, failed, found: _Collector) -> None:
    missing = {"area": MissingArea, "period": MissingPeriod}[column]
    kind = {"area": UnknownArea, "period": BadPeriod}[column]
    for place, raw in staged_queries.unresolved(db, table, column, target, MAX_PROBLEMS):
        if raw is None:
            found.add(missing, place)
        else:
            found.add(kind, place, message=f"column {column!r}: {failed.get(raw, raw)}")


def _parse_values(db, table, found: _Collector, failing: dict[str, int]) -> None:
    if failing["status"]:
        for place, status in staged_queries.unknown_statuses(db, table, STATUSES, MAX_PROBLEMS):
            found.add(BadStatus, place, "use one of " + ", ".join(STATUSES), status=status)
    if failing["unparsed"]:
        for place, value in staged_queries.unparsed_values(db, table, REPORTED, MAX_PROBLEMS):
            if value is None or not value.strip():
                found.add(MissingValue, place,
                          "give the figure, or a status such as suppressed, refused or not_held")
            else:
                found.add(BadValue, place, _unparsed_hint(value), value=value)
    if failing["suppressed_text"]:
        for place, value in staged_queries.unreadable_suppressed(db, table, SUPPRESSED, MAX_PROBLEMS):
            found.add(BadValue, place, 'write it as "<5" or leave it empty',
                      message=f"column 'value': cannot read suppressed value {value!r}")
    if failing["with_status"]:
        for place, value, status in staged_queries.values_with_status(db, table, (REPORTED, SUPPRESSED),
                                                               MAX_PROBLEMS):
            found.add(ValueWithStatus, place,
                      "a refused, not held or unanswered figure has no value", value=value,
                      status=status)
    for place, value, lower, upper in (staged_queries.disordered_bounds(db, table, MAX_PROBLEMS)
                                       if failing["bounds"] else []):
        found.add(BadBounds, place, "a suppressed figure is written as <N with N at least 1",
                  what=f"column 'value': {value!r}" if value else "the recipe's bounds",
                  lower=_n(lower), upper=_n(upper))


def _check_duplicates(db, table, found: _Collector, missing_measure: bool) -> None:
    for area, period, measure, breakdown, places in staged_queries.duplicates(db, table, MAX_PROBLEMS):
        label = f"{area} {period} {measure}" + (f" [{breakdown}]" if breakdown else "")
        found.add(DuplicateRow, places.split(", ")[1],
                  "keep one row per area, period, measure and breakdown", label=label,
                  places=places)
    if missing_measure:
        for (place,) in staged_queries.missing_measures(db, table, MAX_PROBLEMS):
            found.add(MissingMeasure, place)


def _check_counts(db, table, count_measures: set[str], found: _Collector) -> None:
    for place, value, negative in staged_queries.bad_counts(db, table, sorted(count_measures),
                                                     MAX_PROBLEMS):
        if negative:
            found.add(NegativeCount, place, value=value)
        else:
            found.add(NotACount, place, "declare the measure kind = \"net_count\" or a rate if "
                      "it is not a count", value=value)


def _check_declared(db, table, config: DatasetConfig, found: _Collector) -> None:
    """Measures must be declared (when the dataset declares any); a breakdown that is a near
    miss of a declared one is refused as a misspelling."""
    declared = sorted(config.measures)
    if declared:
        unknown = [m for m in staged_queries.distinct_values(db, table, "measure")
                   if m.strip() and m not in config.measures and not _declared_change(m, config)]
        for name, place in staged_queries.first_places(db, table, "measure", unknown):
            found.add(UnknownMeasure, place, _suggest(name, declared), name=name,
                      dataset=config.id)
    known = sorted(config.breakdowns)
    if known:
        near = [b for b in staged_queries.distinct_values(db, table, "breakdown")
                if b and b not in config.breakdowns and not _age_band(b, config)
                and difflib.get_close_matches(b, known, n=1, cutoff=NEAR_MISS)]
        for name, place in staged_queries.first_places(db, table, "breakdown", near):
            found.add(UnknownBreakdown, place, _suggest(name, known), name=name,
                      dataset=config.id)


def _age_band(breakdown: str, config: DatasetConfig) -> bool:
    """A force's own age band ("aged_11_and_under") is no misspelling of a declared one: the
    harmoniser reads it (see `harmonise.parse_band`)."""
    from localwire.importing.harmonise import parse_band

    return parse_band(breakdown, age_limit=config.dataset.age_max) is not None


def _declared_change(measure: str, config: DatasetConfig) -> bool:
    base = measure.removesuffix("_pct_change")
    return base != measure and base in config.measures


def _suggest(name: str, declared: list[str]) -> str:
    close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "declared: " + ", ".join(declared[:12])


def _n(number) -> str:
    return "?" if number is None else format(Decimal(number).normalize(), "f")


def write_staged(db: duckdb.DuckDBPyConnection, table: str, *, dataset: str,
                 source_id: int) -> tuple[int, list[Change]]:
    """Insert staged rows as observations; a changed figure becomes a new version.

    Must run inside the caller's transaction. Rows identical to the current observation are
    left alone, so re-importing corrected data only touches what changed.
    """
    if not queries.has_current(db, dataset):
        return queries.insert_all(db, table, dataset, source_id), []
    inserted, changes = queries.write_versions(db, table, dataset, source_id)
    return inserted, [Change(*row) for row in changes]


# Words a spreadsheet or a float parser writes for a number that is not one: ask for figures.
_NOT_A_MARKER = frozenset({"nan", "snan", "inf", "infinity"})


def _unparsed_hint(value: str) -> str:
    """A value with no digit is most often a marker for a withheld figure ("*", "[c]",
    "n/a"); say how the tidy format records that, rather than only asking for figures.
    A number in words ("twelve") or a float's NaN/Infinity is a figure badly written."""
    word = value.strip().lstrip("+-").lower()
    looks_like_a_figure = (word in _NOT_A_MARKER or words_to_number(word) is not None
                           or any(character.isdigit() for character in value))
    if not looks_like_a_figure:
        withheld = ", ".join(status for status in STATUSES if status != REPORTED)
        return f"if no figure was given, leave value empty and give a status: {withheld}"
    return "write it in figures, e.g. 1234, 1,234 or 15.5"
