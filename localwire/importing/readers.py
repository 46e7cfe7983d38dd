"""Readers: any supported file to a `Grid` of text cells, each cell able to say where it is.

CSV through the csv module, XLSX and ODS through python-calamine, PDF tables through pdfplumber.
A cell's place is what a reporter would look for: `Sheet1!C7` in a spreadsheet, `row 12` in a
CSV (the line of the file, blank lines counted), `page 2 table 1 row 4` in a PDF.

Every reader runs behind one boundary (`reading`): whatever a library raises on a damaged file
(calamine's Rust panics included, which are not even `Exception`s) becomes a typed error naming
the file and place, and workbooks are looked into first (`sheets`) so none can abort the process.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from localwire.errors import (
    BadCsv,
    BadEncoding,
    BadPdf,
    BadSpreadsheet,
    HiddenSheet,
    InputErrors,
    LocalwireError,
    MissingCell,
    MissingPage,
    MissingSheet,
    Problem,
    TooLarge,
    UnknownFormat,
)
from localwire.importing import sheets
from localwire.importing.recipe import Recipe
from localwire.model import limits

CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([1-9]\d{0,6})")
HIDDEN_WARNING = "hidden-sheet"


@dataclass
class Grid:
    """Rows of cells (text or None), with the place of each row, and a sheet for A1 places."""

    rows: list[list[str | None]]
    row_places: list[str]
    sheet: str | None = None
    warnings: list[Problem] = field(default_factory=list)

    def place(self, row: int, column: int | None = None) -> str:
        if self.sheet is not None and column is not None:
            return f"{self.sheet}!{column_letter(column)}{row + 1}"
        return self.row_places[row]

    def cell(self, reference: str) -> tuple[str | None, str]:
        """The text at an A1 reference ("B2") and its place; ValueError beyond the grid."""
        match = CELL_REFERENCE.fullmatch(reference.strip())
        if not match:
            raise ValueError(f"{reference!r} is not a cell reference like B2")
        column = column_index(match.group(1))
        row = int(match.group(2)) - 1
        if row >= len(self.rows):
            raise ValueError(f"{reference} is beyond the last row ({len(self.rows)})")
        width = max((len(r) for r in self.rows), default=0)
        if column >= width:
            raise ValueError(f"{reference} is beyond the last column ({column_letter(width - 1)})")
        cells = self.rows[row]
        return (cells[column] if column < len(cells) else None), self.place(row, column)


def column_letter(index: int) -> str:
    return sheets.column_letters(index + 1)


def column_index(letters: str) -> int:
    return sheets.column_number(letters) - 1


#: The reader a file's extension asks for (a recipe's `format` overrides it).
FORMAT_OF_SUFFIX = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx",
                    ".xlsm": "xlsx", ".xls": "xlsx", ".ods": "ods", ".pdf": "pdf"}


def detect_format(path: Path, recipe: Recipe) -> str:
    if recipe.format:
        return recipe.format
    found = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if found is not None:
        return found
    raise InputErrors([UnknownFormat.problem_at(
        str(path), hint="set format: csv, xlsx, ods or pdf in the recipe", name=path.name)])


def read_grid(path: Path, recipe: Recipe) -> Grid:
    sheets.check_file_size(path)
    reader = {"csv": read_csv, "xlsx": read_sheet, "ods": read_sheet, "pdf": read_pdf}
    return reader[detect_format(path, recipe)](path, recipe)


@contextmanager
def reading(file: str, kind: type[LocalwireError], place: str | None = None) -> Iterator[None]:
    """The boundary: any failure of a reader library becomes `kind` (bad-spreadsheet, ...)."""
    try:
        yield
    except (InputErrors, LocalwireError, KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        raise InputErrors([TooLarge.problem_at(file, place, what="the file",
                                               size="more than memory holds",
                                               limit="the memory available")]) from None
    except BaseException as error:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise InputErrors([kind.problem_at(file, place, reason=detail)]) from None


# -- CSV ---------------------------------------------------------------------------------------
def read_csv(path: Path, recipe: Recipe) -> Grid:
    file = str(path)
    rows: list[list[str | None]] = []
    places: list[str] = []
    cells = 0
    try:
        with path.open(newline="", encoding=recipe.encoding) as handle:
            reader = csv.reader(handle, delimiter=recipe.delimiter)
            line = 1
            for row in reader:
                rows.append(list(row))
                places.append(f"row {line}")
                line = reader.line_num + 1
                cells += len(row) or 1
                if cells > limits.MAX_CELLS:
                    raise InputErrors([TooLarge.problem_at(
                        file, f"row {reader.line_num}", what="the CSV",
                        size=f"over {limits.MAX_CELLS:,} cells", limit=f"{limits.MAX_CELLS:,} cells")])
    except UnicodeDecodeError as error:
        raise InputErrors([BadEncoding.problem_at(
            file, f"byte {error.start}", "set encoding: in the recipe, e.g. cp1252",
            encoding=recipe.encoding, reason=f"{error.reason} at byte {error.start}")]) from None
    except csv.Error as error:
        raise InputErrors([BadCsv.problem_at(file, f"row {line}", reason=str(error))]) from None
    return Grid(rows, places)


# -- XLSX and ODS ------------------------------------------------------------------------------
def read_sheet(path: Path, recipe: Recipe) -> Grid:
    file = str(path)
    book = open_workbook(path)
    names = [meta.name for meta in book.sheets_metadata]
    hidden = {meta.name for meta in book.sheets_metadata if str(meta.visible).split(".")[-1]
              != "Visible"}
    name = _sheet_name(recipe.sheet, names)
    if name is None:
        raise InputErrors([MissingSheet.problem_at(file, hint="sheets: " + ", ".join(names),
                                                   sheet=recipe.sheet)])
    warnings = []
    if name in hidden:
        if recipe.sheet is None:
            visible = [n for n in names if n not in hidden]
            raise InputErrors([HiddenSheet.problem_at(
                file, hint="name the sheet to read with sheet: (visible: "
                + (", ".join(visible) or "none") + ")", sheet=name)])
        warnings.append(Problem(HIDDEN_WARNING, f"reading sheet {name!r}, which is hidden", file,
                                name, "hidden sheets often hold old or working figures"))
    check_sheet(path, name)
    with reading(file, BadSpreadsheet, name):
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows = [[cell_text(value) for value in row] for row in values]
    return Grid(rows, [f"{name}!{n}" for n in range(1, len(rows) + 1)], sheet=name,
                warnings=warnings)


def open_workbook(path: Path):
    """A calamine workbook, opened only after the file was looked into (see `sheets`)."""
    from python_calamine import load_workbook

    file = str(path)
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(sheets.ZIP_MAGIC):
        if path.suffix.lower() == ".ods":
            sheets.inspect_ods(path)
        else:
            with sheets.open_zip(path) as archive:
                sheets.check_shared_strings(archive, file)
    elif magic == sheets.OLE_MAGIC:
        for shape in sheets.inspect_xls(path).values():
            sheets.check_shape(file, shape)
    else:
        raise InputErrors([BadSpreadsheet.problem_at(
            file, reason="not an XLSX, ODS or XLS file (it does not start as one)")])
    with reading(file, BadSpreadsheet):
        return load_workbook(file)


def check_sheet(path: Path, name: str) -> None:
    """An XLSX sheet's extent, checked before calamine lays it out (ODS and XLS: on opening)."""
    with path.open("rb") as handle:
        zipped = handle.read(4) == sheets.ZIP_MAGIC
    if zipped and path.suffix.lower() != ".ods":
        sheets.inspect_xlsx(path, [name])


def _sheet_name(wanted: str | int | None, names: list[str]) -> str | None:
    if wanted is None:
        return names[0] if names else None
    if str(wanted) in names:
        return str(wanted)
    if str(wanted).isdigit() and int(wanted) < len(names):
        return names[int(wanted)]
    return None


def cell_text(value: object) -> str | None:
    """A spreadsheet value as the text a reader sees, with Excel's float artefacts removed the
    way Excel removes them: 15 significant digits (0.1+0.2 shows as 0.3, and 1.0000000000000002
    as 1)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        text = f"{value:.15g}"
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y") if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def workbook_text(path: Path) -> str:
    """Every cell of every sheet as text (an FOI reply read for cited sections), through the
    same checks as an import: raises InputErrors rather than abort on a hostile file."""
    file = str(path)
    sheets.check_file_size(path)
    book = open_workbook(path)
    names = [meta.name for meta in book.sheets_metadata]
    lines = []
    for name in names:
        check_sheet(path, name)
        with reading(file, BadSpreadsheet, name):
            for row in book.get_sheet_by_name(name).to_python():
                lines.append(" ".join(str(cell) for cell in row))
    return "\n".join(lines)


# -- PDF ---------------------------------------------------------------------------------------
def read_pdf(path: Path, recipe: Recipe) -> Grid:
    import pdfplumber

    file = str(path)
    rows: list[list[str | None]] = []
    places: list[str] = []
    with reading(file, BadPdf), pdfplumber.open(file) as pdf:
        count = len(pdf.pages)
        if count > limits.MAX_PDF_PAGES:
            raise InputErrors([TooLarge.problem_at(file, what="the PDF", size=f"{count:,} pages",
                                                   limit=f"{limits.MAX_PDF_PAGES:,} pages")])
        for number in recipe.pages or list(range(1, count + 1)):
            if not 1 <= number <= count:
                raise InputErrors([MissingPage.problem_at(
                    file, hint=f"the PDF has {count} pages", page=number)])
            with reading(file, BadPdf, f"page {number}"):
                tables = pdf.pages[number - 1].extract_tables()
            for index, table in enumerate(tables, start=1):
                if recipe.table is not None and index != recipe.table:
                    continue
                for row_number, row in enumerate(table, start=1):
                    rows.append([_pdf_text(cell) for cell in row])
                    places.append(f"page {number} table {index} row {row_number}")
    return Grid(rows, places)


def pdf_text(path: Path) -> str:
    """The text of every page (an FOI reply read for cited sections), within the limits."""
    import pdfplumber

    file = str(path)
    sheets.check_file_size(path)
    with reading(file, BadPdf), pdfplumber.open(file) as pdf:
        if len(pdf.pages) > limits.MAX_PDF_PAGES:
            raise InputErrors([TooLarge.problem_at(file, what="the PDF",
                                                   size=f"{len(pdf.pages):,} pages",
                                                   limit=f"{limits.MAX_PDF_PAGES:,} pages")])
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pdf_text(cell: str | None) -> str | None:
    if cell is None:
        return None
    text = " ".join(cell.split())
    return text or None


__all__ = ["Grid", "MissingCell", "cell_text", "column_index", "column_letter", "detect_format",
           "pdf_text", "read_grid", "workbook_text"]
