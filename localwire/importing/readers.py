"""Readers: any supported file to a `Grid` of text cells, each cell able to say where it is.

CSV through the csv module, XLSX and ODS through python-calamine, PDF tables through pdfplumber.
A cell's place is what a reporter would look for: `Sheet1!C7` in a spreadsheet, `row 12` in a
CSV, `page 2 table 1 row 4` in a PDF.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from localwire.errors import InputErrors, Problem
from localwire.importing.recipe import Recipe


@dataclass
class Grid:
    """Rows of cells (text or None), with the place of each row, and a sheet for A1 places."""

    rows: list[list[str | None]]
    row_places: list[str]
    sheet: str | None = None

    def place(self, row: int, column: int | None = None) -> str:
        if self.sheet is not None and column is not None:
            return f"{self.sheet}!{column_letter(column)}{row + 1}"
        return self.row_places[row]

    def cell(self, reference: str) -> tuple[str | None, str]:
        """The text at an A1 reference ("B2") and its place."""
        match = re.fullmatch(r"([A-Za-z]+)(\d+)", reference.strip())
        if not match:
            raise ValueError(f"{reference!r} is not a cell reference like B2")
        column = column_index(match.group(1))
        row = int(match.group(2)) - 1
        text = self.rows[row][column] if row < len(self.rows) and column < len(
            self.rows[row]) else None
        return text, self.place(row, column)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for character in letters.upper():
        index = index * 26 + ord(character) - 64
    return index - 1


def detect_format(path: Path, recipe: Recipe) -> str:
    if recipe.format:
        return recipe.format
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "txt", "tsv"):
        return "csv"
    if suffix in ("xlsx", "xlsm", "xls", "ods", "pdf"):
        return "xlsx" if suffix in ("xlsm", "xls") else suffix
    raise InputErrors([Problem("unknown-format", f"cannot tell the format of {path.name!r}",
                               str(path), hint="set format: csv, xlsx, ods or pdf in the recipe")])


def read_grid(path: Path, recipe: Recipe) -> Grid:
    reader = {"csv": read_csv, "xlsx": read_sheet, "ods": read_sheet, "pdf": read_pdf}
    return reader[detect_format(path, recipe)](path, recipe)


def read_csv(path: Path, recipe: Recipe) -> Grid:
    try:
        with path.open(newline="", encoding=recipe.encoding) as handle:
            rows = [[cell for cell in row] for row in csv.reader(handle, delimiter=recipe.delimiter)]
    except UnicodeDecodeError as error:
        raise InputErrors([Problem("bad-encoding", f"not {recipe.encoding} text ({error.reason} "
                                   f"at byte {error.start})", str(path),
                                   hint="set encoding: in the recipe, e.g. cp1252")]) from None
    except csv.Error as error:
        raise InputErrors([Problem("bad-csv", f"malformed CSV: {error}", str(path))]) from None
    return Grid(rows, [f"row {n}" for n in range(1, len(rows) + 1)])


def read_sheet(path: Path, recipe: Recipe) -> Grid:
    from python_calamine import CalamineError, load_workbook

    try:
        workbook = load_workbook(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise InputErrors([Problem("bad-spreadsheet", f"cannot read the workbook: {error}",
                                   str(path))]) from None
    names = workbook.sheet_names
    name = _sheet_name(recipe.sheet, names)
    if name is None:
        raise InputErrors([Problem("missing-sheet", f"no sheet {recipe.sheet!r}", str(path),
                                   hint="sheets: " + ", ".join(names))])
    values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    rows = [[cell_text(value) for value in row] for row in values]
    return Grid(rows, [f"{name}!{n}" for n in range(1, len(rows) + 1)], sheet=name)


def _sheet_name(wanted: str | int, names: list[str]) -> str | None:
    if str(wanted) in names:
        return str(wanted)
    if str(wanted).isdigit() and int(wanted) < len(names):
        return names[int(wanted)]
    return None


def cell_text(value: object) -> str | None:
    """A spreadsheet value as the text a reader sees; Excel float artefacts removed."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.10f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y") if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def read_pdf(path: Path, recipe: Recipe) -> Grid:
    import pdfplumber

    rows: list[list[str | None]] = []
    places: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = recipe.pages or list(range(1, len(pdf.pages) + 1))
            for number in pages:
                if not 1 <= number <= len(pdf.pages):
                    raise InputErrors([Problem("missing-page", f"no page {number}", str(path),
                                               hint=f"the PDF has {len(pdf.pages)} pages")])
                tables = pdf.pages[number - 1].extract_tables()
                for index, table in enumerate(tables, start=1):
                    if recipe.table is not None and index != recipe.table:
                        continue
                    for row_number, row in enumerate(table, start=1):
                        rows.append([_pdf_text(cell) for cell in row])
                        places.append(f"page {number} table {index} row {row_number}")
    except InputErrors:
        raise
    except Exception as error:  # pdfplumber raises many kinds on a damaged file
        raise InputErrors([Problem("bad-pdf", f"cannot read the PDF: {error}",
                                   str(path))]) from None
    return Grid(rows, places)


def _pdf_text(cell: str | None) -> str | None:
    if cell is None:
        return None
    text = " ".join(cell.split())
    return text or None
