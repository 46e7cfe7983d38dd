"""Recipes: a declarative mapping from an untidy file (CSV, XLSX, ODS, PDF) to observations.

A recipe is a YAML file validated on load; a mistake is reported with the recipe file and the
key at fault ("recipe.yaml: columns.0-5.breakdown: ..."). See docs/recipes.md for every key.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from localwire import bundled
from localwire.errors import BadRecipe, TooLarge
from localwire.model import limits
from localwire.model.config import Strict
from localwire.model.statuses import STATUSES
from localwire.sandbox import load_yaml

FORMATS = ("csv", "xlsx", "ods", "pdf")
CELL = re.compile(r"[A-Za-z]{1,3}[1-9]\d{0,6}")
RecipeError = BadRecipe


class Source(Strict):
    """Where a field's text comes from: a column (by header), a fixed cell, or a constant."""

    column: str | None = None
    cell: str | None = None
    value: str | None = None
    map: dict[str, str] = Field(default_factory=dict)   # raw text -> stored text
    slug: bool = False                                  # "Sexual offences" -> sexual_offences
    prefix: str = ""

    @model_validator(mode="after")
    def _one_origin(self) -> Source:
        given = [k for k in ("column", "cell", "value") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of column, cell or value")
        if self.cell is not None and not CELL.fullmatch(self.cell.strip()):
            raise ValueError(f"{self.cell!r} is not a cell reference like B2 (rows start at 1)")
        return self


class ValueColumn(Strict):
    """One column of a wide table: its figures, and what they are."""

    measure: str | None = None
    breakdown: str | None = None
    period: str | None = None


class StatusRule(Strict):
    status: str
    lower: int | None = None
    upper: int | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _known(self) -> StatusRule:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; use one of {', '.join(STATUSES)}")
        if (self.lower is not None or self.upper is not None) and self.status != "suppressed":
            raise ValueError("only a suppressed status has bounds")
        if any(bound is not None and bound < 0 for bound in (self.lower, self.upper)):
            raise ValueError("bounds cannot be negative")
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError(f"lower bound {self.lower} is above upper bound {self.upper}")
        return self


class PeriodRange(Strict):
    earliest: str | None = None
    latest: str | None = None


class Recipe(Strict):
    recipe: str                                   # a name, stored with every source
    description: str = ""
    dataset: str | None = None                    # default dataset for `localwire import`
    format: Literal["csv", "xlsx", "ods", "pdf"] | None = None
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    sheet: str | int | None = None                # name or 0-based index; default the first
    pages: list[int] | None = None                # PDF pages, 1-based; default all
    table: int | None = None                      # PDF: only the n-th table of each page
    header_row: int = 1                           # 1-based, within the sheet or table
    last_row: int | None = None
    area: Source
    period: Source
    measure: Source | None = None
    breakdown: Source | None = None
    value: Source | None = None                   # long tables: the column with the figure
    columns: dict[str, ValueColumn] | None = None  # wide tables: header -> what it holds
    statuses: dict[str, StatusRule] = Field(default_factory=dict)  # token -> status
    skip_areas: dict[str, str] = Field(default_factory=dict)  # name -> why it is skipped
    skip_rows: dict[str, list[str]] = Field(default_factory=dict)  # column -> values to skip
    aggregate: Literal["none", "sum"] = "none"
    total: str | None = None           # derive this breakdown as the sum of all others
    partitions: list[list[str]] = Field(default_factory=list)  # breakdowns that sum to total
    periods: PeriodRange = Field(default_factory=PeriodRange)

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r}; use e.g. utf-8, cp1252 or latin-1") \
                from None
        return value

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str) -> str:
        if len(value) != 1 or value in "\r\n\"":
            raise ValueError(f"the delimiter must be one character such as , or ; not {value!r}")
        return value

    @field_validator("statuses", mode="before")
    @classmethod
    def _short_statuses(cls, value):
        """`"not held": not_held` is short for `"not held": {status: not_held}`."""
        if isinstance(value, dict):
            return {k: {"status": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _shape(self) -> Recipe:
        if (self.value is None) == (self.columns is None):
            raise ValueError("give either value (a long table) or columns (a wide table)")
        if self.value is not None and self.value.column is None:
            raise ValueError("value must name a column")
        if self.columns is None and self.measure is None:
            raise ValueError("measure is required")
        if self.columns is not None:
            for header, spec in self.columns.items():
                if spec.measure is None and self.measure is None:
                    raise ValueError(f"column {header!r}: no measure, and no default measure")
        if self.header_row < 1 or (self.last_row is not None and self.last_row <= self.header_row):
            raise ValueError("header_row must be 1 or more and before last_row")
        return self

    def status_rules(self) -> dict[str, StatusRule]:
        return {_token(key): rule for key, rule in self.statuses.items()}


def _token(text: str) -> str:
    return " ".join(str(text).lower().split())


class LoadedRecipe:
    """A validated recipe with where it came from and the hash of its bytes."""

    def __init__(self, path: Path, recipe: Recipe, text: str) -> None:
        self.path = path
        self.recipe = recipe
        self.text = text
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.recipe.recipe} ({self.sha256[:12]})"


def find_recipe(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.is_file():
        return path
    found = bundled.recipe_path(str(name_or_path).removesuffix(".yaml"))
    if found is not None:
        return found
    known = ", ".join(p.stem for p in bundled.recipe_paths())
    raise RecipeError(f"no recipe {str(name_or_path)!r}", file=str(name_or_path),
                      hint=f"give a YAML file or a bundled recipe: {known}")


def load_recipe(name_or_path: str | Path) -> LoadedRecipe:
    """Read and validate a recipe; raises RecipeError naming the file and key."""
    path = find_recipe(name_or_path)
    file = str(path)
    if path.stat().st_size > limits.MAX_RECIPE_BYTES:
        raise TooLarge(file=file, what="the recipe", size=limits.size(path.stat().st_size),
                       limit=limits.size(limits.MAX_RECIPE_BYTES))
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecipeError(f"not UTF-8 text ({error.reason} at byte {error.start})", file=file,
                          hint="save the recipe as UTF-8") from None
    raw = load_yaml(text, file=file)
    if not isinstance(raw, dict):
        raise RecipeError("a recipe is a YAML mapping of keys", file=str(path))
    try:
        recipe = Recipe.model_validate(_stringify_keys(raw))
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"].removeprefix("Value error, ")
        raise RecipeError(message, file=str(path), place=place) from None
    except RecursionError:
        raise RecipeError("the recipe is nested too deeply", file=str(path)) from None
    return LoadedRecipe(path, recipe, text)


def _stringify_keys(value):
    """YAML reads a header such as 2016 or a token such as 0 as numbers; they are text."""
    if isinstance(value, dict):
        return {str(k): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


__all__ = ["FORMATS", "LoadedRecipe", "Recipe", "RecipeError", "find_recipe", "load_recipe"]
