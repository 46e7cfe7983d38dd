"""Apply a recipe to a `Grid`: one staged row per figure, with its status and its place.

The result goes into a DuckDB staging table (the columns of `staging.STAGED_COLUMNS` plus
`lower` and `upper`, the bounds a recipe gives a suppressed token such as "*"), where the shared
set-wise validation and versioned writing take over.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import duckdb

from localwire.errors import EmptyFile, InputErrors, MissingCell, MissingColumn, Problem
from localwire.importing.readers import Grid
from localwire.importing.recipe import LoadedRecipe, Recipe, Source, StatusRule, _token
from localwire.importing.staging import BOUND, figures
from localwire.model.numbers import plain
from localwire.model.statuses import REPORTED, SUPPRESSED
from localwire.store import staging as staged_queries
from localwire.store.staging import RECIPE_COLUMNS

MAX_LISTED_PLACES = 4


@dataclass
class StagedRow:
    place: str
    area: str | None
    period: str | None
    measure: str | None
    breakdown: str
    value: str | None
    status: str = REPORTED
    note: str | None = None
    source: str | None = None
    lower: str | None = None
    upper: str | None = None
    parts: tuple[str, ...] = ()  # the cells a derived figure was summed from

    @property
    def leaves(self) -> tuple[str, ...]:
        return self.parts or (self.place,)

    @property
    def key(self) -> tuple:
        return (self.area, self.period, self.measure, self.breakdown)


@dataclass
class Mapped:
    rows: list[StagedRow]
    skipped: Counter = field(default_factory=Counter)  # "Action Fraud: why" -> rows skipped
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Layout:
    """Where the recipe's fields are in the grid: header row, columns, constants, value columns."""

    header_index: int
    header_tokens: list[str]
    fields: dict[str, Source | None]
    positions: dict[str, int]
    constants: dict[str, str]
    value_columns: list[tuple[int | None, Any]]
    skip_rows: dict[int | None, set[str]]


def map_grid(grid: Grid, loaded: LoadedRecipe, file: str) -> Mapped:
    """Turn the grid into staged rows; raises InputErrors for a header the recipe cannot use."""
    recipe = loaded.recipe
    layout = _layout(grid, recipe, file)
    rules = recipe.status_rules()
    skip_areas = {_token(name): reason for name, reason in recipe.skip_areas.items()}
    mapped = Mapped([], warnings=list(grid.warnings))
    end = len(grid.rows) if recipe.last_row is None else min(recipe.last_row, len(grid.rows))
    for index in range(layout.header_index + 1, end):
        row = grid.rows[index]
        if _not_a_figure_row(row, layout):
            continue
        texts = {name: _apply(layout.fields[name], _at(row, layout.positions[name]))
                 for name in layout.positions} | layout.constants
        area_raw = _at(row, layout.positions["area"]) if "area" in layout.positions else None
        reason = skip_areas.get(_token(area_raw or texts.get("area") or ""))
        if reason is not None:
            mapped.skipped[f"{area_raw or texts.get('area')}: {reason}"] += 1
            continue
        for column, spec in layout.value_columns:
            mapped.rows.append(_staged(grid, row, index, column, spec, texts, rules))
    if recipe.aggregate == "sum":
        mapped.rows = aggregate(mapped.rows)
    if recipe.total is not None:
        mapped.rows = mapped.rows + derive_totals(mapped.rows, recipe.total)
    if not mapped.rows:
        raise InputErrors([EmptyFile.problem_at(file, hint="check header_row, sheet and "
                                                "skip_areas",
                                                reason="the recipe found no figures in the file")])
    return mapped


def _not_a_figure_row(row: list, layout: _Layout) -> bool:
    """A blank row, a header repeated on a new page, or a row the recipe skips."""
    if all(cell is None or not str(cell).strip() for cell in row):
        return True
    if [_token(c or "") for c in row] == layout.header_tokens:
        return True
    return any(column is not None and _token(_at(row, column) or "") in values
               for column, values in layout.skip_rows.items())


def _layout(grid: Grid, recipe: Recipe, file: str) -> _Layout:
    """The recipe's columns found in the header; every column it names and the header lacks is
    one problem, all raised together."""
    header_index = recipe.header_row - 1
    if header_index >= len(grid.rows):
        raise InputErrors([EmptyFile.problem_at(file, reason=f"no header at row "
                                                f"{recipe.header_row}: the file has "
                                                f"{len(grid.rows)} rows")])
    header = grid.rows[header_index]
    columns = _header_positions(header)
    problems: list[Problem] = []
    where = grid.place(header_index)

    def position(key: str, name: str) -> int | None:
        found = columns.get(_token(name))
        if found is None:
            problems.append(MissingColumn.problem_at(
                file, where, "headers: " + ", ".join(h for h in header if h)[:300],
                f"recipe key {key}: no column {name!r} in the header"))
        return found

    fields = {name: getattr(recipe, name) for name in ("area", "period", "measure", "breakdown")}
    positions = {name: position(f"{name}.column", source.column)
                 for name, source in fields.items() if source is not None and source.column}
    constants = {name: _constant(grid, source, name, file)
                 for name, source in fields.items() if source is not None and not source.column}
    if recipe.value is not None:
        value_columns = [(position("value.column", recipe.value.column), None)]
    else:
        value_columns = [(position(f"columns.{name}", name), spec)
                         for name, spec in (recipe.columns or {}).items()]
    skip_rows = {position(f"skip_rows.{name}", name): {_token(v) for v in values}
                 for name, values in recipe.skip_rows.items()}
    if problems:
        raise InputErrors(problems)
    return _Layout(header_index, [_token(h or "") for h in header], fields, positions, constants,
                   value_columns, skip_rows)


def _header_positions(header: list[str | None]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if name is not None:
            positions.setdefault(_token(name), index)
    return positions


def _at(row: list[str | None], column: int | None) -> str | None:
    if column is None or column >= len(row):
        return None
    cell = row[column]
    return cell.strip() if isinstance(cell, str) else cell


def _constant(grid: Grid, source: Source, name: str, file: str) -> str | None:
    if source.value is not None:
        return _apply(source, source.value)
    try:
        text, _place = grid.cell(source.cell or "")
    except ValueError as error:
        raise InputErrors([MissingCell.problem_at(file, source.cell, key=f"{name}.cell",
                                                  reason=str(error))]) from None
    return _apply(source, text)


def _apply(source: Source, text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    mapped = {_token(k): v for k, v in source.map.items()}.get(_token(text), text)
    if source.slug:
        mapped = re.sub(r"[^a-z0-9]+", "_", mapped.lower()).strip("_")
    return source.prefix + mapped


def _staged(grid: Grid, row, index: int, column: int, spec, texts: dict,
            rules: dict[str, StatusRule]) -> StagedRow:
    raw = _at(row, column)
    staged = StagedRow(
        place=grid.place(index, column), area=texts.get("area"),
        period=(spec.period if spec and spec.period else texts.get("period")),
        measure=(spec.measure if spec and spec.measure else texts.get("measure")),
        breakdown=(spec.breakdown if spec and spec.breakdown is not None
                   else texts.get("breakdown")) or "",
        value=None)
    return interpret(staged, raw, rules)


def interpret(staged: StagedRow, raw: str | None, rules: dict[str, StatusRule]) -> StagedRow:
    """A cell's text to a value or a status: the recipe's tokens first, then "<5" bounds."""
    token = _token(raw or "")
    rule = rules.get(token)
    if rule is not None:
        return replace(staged, status=rule.status, note=rule.note or raw,
                       lower=_text(rule.lower), upper=_text(rule.upper))
    if raw is not None and BOUND.match(raw):
        return replace(staged, status=SUPPRESSED, value=raw, note=raw)
    return replace(staged, value=raw or None)


def _text(number: int | None) -> str | None:
    return None if number is None else str(number)


def _number(text: str | None) -> Decimal | None:
    return figures(text)


def _bounds(row: StagedRow) -> tuple[Decimal, Decimal] | None:
    """A figure's range: a reported value is its own range; a suppressed one its bounds."""
    if row.status == REPORTED:
        value = _number(row.value)
        return None if value is None else (value, value)
    if row.status == SUPPRESSED:
        match = BOUND.match(row.value or "")
        if match:
            limit = Decimal(match.group(2))
            return Decimal(0), limit if match.group(1) in ("<=", "≤") else limit - 1
        if row.lower is not None and row.upper is not None:
            return Decimal(row.lower), Decimal(row.upper)
    return None


def combine(rows: list[StagedRow], place: str, breakdown: str | None = None) -> StagedRow:
    """One figure from several: a sum when all are known; a suppressed range when some are
    suppressed with bounds; otherwise the first status that is not reported."""
    first = rows[0]
    ranges = [_bounds(row) for row in rows]
    base = replace(first, place=place, note=None, lower=None, upper=None,
                   breakdown=first.breakdown if breakdown is None else breakdown,
                   parts=tuple(leaf for row in rows for leaf in row.leaves))
    if all(r is not None for r in ranges):
        low = sum((r[0] for r in ranges), Decimal(0))
        high = sum((r[1] for r in ranges), Decimal(0))
        if low == high:
            return replace(base, status=REPORTED, value=_plain(low))
        return replace(base, status=SUPPRESSED, value=None, lower=_plain(low), upper=_plain(high),
                       note="sum includes suppressed figures")
    unknown = next(row for row, r in zip(rows, ranges, strict=True) if r is None)
    if unknown.status == REPORTED:  # a bad number: keep it so validation names its cell
        return unknown
    return replace(base, status=unknown.status, value=None, note=unknown.note)


def _plain(number: Decimal) -> str:
    return plain(number)


def describe_places(rows: list[StagedRow]) -> str:
    places = [leaf for row in rows for leaf in row.leaves]
    if len(places) <= MAX_LISTED_PLACES:
        return "sum of " + ", ".join(places)
    return f"sum of {len(places)} figures, {places[0]} to {places[-1]}"


def aggregate(rows: list[StagedRow]) -> list[StagedRow]:
    """Sum rows sharing area, period, measure and breakdown (e.g. quarters into a year)."""
    groups: dict[tuple, list[StagedRow]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    return [group[0] if len(group) == 1 else combine(group, describe_places(group))
            for group in groups.values()]


def derive_totals(rows: list[StagedRow], total: str) -> list[StagedRow]:
    """The `total` breakdown of each area, period and measure as the sum of its breakdowns."""
    groups: dict[tuple, list[StagedRow]] = {}
    for row in rows:
        if row.breakdown != total:
            groups.setdefault((row.area, row.period, row.measure), []).append(row)
    derived = [(group, combine(group, describe_places(group), breakdown=total))
               for group in groups.values()]
    # A part that is not a number is kept as it is (so validation names its cell): no total.
    return [row for group, row in derived if not any(row is part for part in group)]


def stage_rows(db: duckdb.DuckDBPyConnection, rows: list[StagedRow], table: str) -> None:
    staged_queries.stage_rows(db, table, [tuple(getattr(row, name) for name in RECIPE_COLUMNS)
                                   for row in rows], REPORTED, SUPPRESSED)


def stage_recipe(db: duckdb.DuckDBPyConnection, grid: Grid, loaded: LoadedRecipe, file: str,
                 table: str) -> Mapped:
    mapped = map_grid(grid, loaded, file)
    stage_rows(db, mapped.rows, table)
    return mapped


__all__ = ["Mapped", "Recipe", "StagedRow", "aggregate", "combine", "derive_totals",
           "interpret", "map_grid", "stage_recipe", "stage_rows"]
