"""Tables pasted as text, read by their column headings.

    Police Force Dec 2013 Dec 2012 Change % Change        Offence 31/12/2016 31/03/2017 Percentage Change
    Dyfed-Powys                                           Homicide 7 8 14.29%
    18,535                                                Sexual Offences 1,839 1,917 4.24%
    20,006
    -1,471
    -7.35

A heading line names two or more columns, each a period ("Dec 2013", "31/03/2017", "2016/17",
"2015") or a change ("Change", "% change", "Percentage Change"), after a short label for the rows
("Police Force", "Offence"). Each row under it is a label and its cells, on one line or one cell a
line. A row is read only when it has exactly one cell per column, so a cell's column is never a
guess: a figure under "% Change" is a percentage change ("-7.35" a fall), under "Change" a change,
under "Dec 2012" a figure for the year to December 2012. The table ends at a line of prose. Linear
in the text: every line is looked at once, and only short lines can be headings. Figures a line
labels on its own ("Percentage change -8") and a list's items under a heading in per cent are read
the same way (`labelled_cells`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from localwire.check.extract.claims import KINDS, Claim
from localwire.check.extract.periods import MONTH_NUMBERS, PeriodMention

_MONTHS = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_COLUMN = re.compile(
    rf"(?<![\w/])(?:(?P<month>(?:{_MONTHS})\.?)\s+(?P<month_year>(?:19|20)\d\d)"
    r"|(?P<day>\d{1,2})/(?P<day_month>\d{1,2})/(?P<day_year>(?:19|20)\d\d)"
    r"|(?P<fy>(?:19|20)\d\d)\s*[/\-–]\s*(?P<fy_end>(?:19|20)?\d\d)"
    r"|(?P<year>(?:19|20)\d\d)"
    r"|(?P<pct>(?:%|per\s*cent|percentage|pct\.?)\s*(?:change|diff(?:erence)?)|(?:change|difference)\s*\(%\))"
    r"|(?P<change>change|difference|diff\.?|\+/-))(?![\w/])",
    re.IGNORECASE)
_ROW_LABEL_HEADING = re.compile(r"(?:[A-Za-z][A-Za-z'’&\-]*[\s|]+){0,4}")  # "Police Force ", "Offence "
_HEADING_MAX = 160  # characters: a heading is a short line
_ROW_LABEL_WORDS = 8  # a longer line without figures is prose: the table has ended
_CELL = re.compile(r"(?<!\S)(?P<sign>[+\-−–]?)(?P<figure>\d[\d,]*(?:\.\d+)?)\s*%?(?!\S)")
_CELLS = re.compile(r"(?:[+\-−–]?\d[\d,]*(?:\.\d+)?\s*%?\s*)+")
_SENTENCE_END = (".", "!", "?", "”", '"')


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading, the kind of figure under it, and its period (for a
    change, the latest period of the table and the period it changed from)."""

    heading: str
    kind: str  # "count" (a period's figure), "change" or "pct_change"
    period: PeriodMention | None
    base: PeriodMention | None = None


@dataclass(frozen=True)
class Cell:
    column: Column
    sign: str  # "-", "+" or ""


def _period(match: re.Match) -> PeriodMention | None:
    text = match.group()
    if match.group("month"):
        month = MONTH_NUMBERS[match.group("month").rstrip(".").lower()]
        return PeriodMention(match.start(), match.end(), text, int(match.group("month_year")), month)
    if match.group("day"):
        month = int(match.group("day_month"))
        return PeriodMention(match.start(), match.end(), text, int(match.group("day_year")), month) \
            if 1 <= month <= 12 else None
    if match.group("fy"):
        start, end = int(match.group("fy")), match.group("fy_end")
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        return PeriodMention(match.start(), match.end(), text, end_year, 3) if end_year == start + 1 else None
    if match.group("year"):
        return PeriodMention(match.start(), match.end(), text, int(match.group("year")), None)
    return None


def heading_columns(line: str) -> list[Column] | None:
    """The columns a heading line names, or None when it is not a table's heading."""
    if len(line) > _HEADING_MAX:
        return None
    first = _COLUMN.search(line)
    if first is None or not _ROW_LABEL_HEADING.fullmatch(line, 0, first.start()):
        return None
    at = first.start()
    found: list[tuple[str, str, PeriodMention | None]] = []
    for match in _COLUMN.finditer(line, at):
        if line[at:match.start()].strip(" \t|,"):
            return None
        kind = "pct_change" if match.group("pct") else "change" if match.group("change") else "count"
        period = _period(match) if kind == "count" else None
        if kind == "count" and period is None:
            return None
        found.append((match.group(), kind, period))
        at = match.end()
    if line[at:].strip(" \t|,") or len(found) < 2 or all(period is None for _, _, period in found):
        return None
    return _columns(found)


def _columns(found: list[tuple[str, str, PeriodMention | None]]) -> list[Column]:
    periods = [p for _, _, p in found if p is not None]
    latest = max(periods, key=lambda p: (p.end_year, p.end_month or 12))
    earlier = [p for p in periods if p is not latest]
    base = max(earlier, key=lambda p: (p.end_year, p.end_month or 12)) if earlier else None
    return [Column(heading, kind, period) if kind == "count" else Column(heading, kind, latest, base)
            for heading, kind, period in found]


@dataclass
class _Row:
    cells: list[tuple[int, str]]  # (offset of the figure in the text, its sign)


def table_cells(text: str) -> dict[int, Cell]:
    """Each table cell's figure (its offset in `text`) and the column it stands in."""
    cells: dict[int, Cell] = {}
    columns: list[Column] | None = None
    row: _Row | None = None
    offset = 0
    for line in text.split("\n"):
        line = line.replace("|", " ").replace("\t", " ")  # "Gwent | 34,984 | 34,436": the same offsets
        stripped = line.strip()
        found = heading_columns(stripped) if stripped else None
        if found is not None:
            _close(row, columns, cells)
            columns, row = found, None
        elif columns is not None and stripped:
            columns, row = _read_line(line, offset, columns, row, cells)
        offset += len(line) + 1
    _close(row, columns, cells)
    return cells


def _read_line(line: str, offset: int, columns: list[Column], row: _Row | None,
               cells: dict[int, Cell]) -> tuple[list[Column] | None, _Row | None]:
    """The table and its open row after one more line: a row label starts a row, cells go to the
    open row, prose ends the table."""
    first = _CELL.search(line)
    label = (line[:first.start()] if first else line).strip()
    if first and not _CELLS.fullmatch(line, first.start()):
        _close(row, columns, cells)
        return None, None  # figures among words: prose
    if label and (len(label.split()) > _ROW_LABEL_WORDS or label.endswith(_SENTENCE_END)
                  or re.search(r"\d", label)):
        _close(row, columns, cells)
        return None, None
    if label:
        _close(row, columns, cells)
        row = _Row([])
    if first and row is not None:
        row.cells += [(offset + m.start("figure"), m.group("sign")) for m in _CELL.finditer(line)]
    return columns, row


def _close(row: _Row | None, columns: list[Column] | None, cells: dict[int, Cell]) -> None:
    if row is None or columns is None or len(row.cells) != len(columns):
        return
    for (at, sign), column in zip(row.cells, columns, strict=True):
        cells[at] = Cell(column, sign)


_LABELLED = re.compile(r"[ \t]*(?P<label>(?:%|per\s*cent|percentage)\s*change|change)[ \t]*:?[ \t]*"
                       r"(?P<sign>[+\-−–]?)(?P<figure>\d[\d,]*(?:\.\d+)?)[ \t]*%?[ \t]*", re.IGNORECASE)
_IN_PER_CENT = re.compile(r".*\((?:per\s*cent|%)\)\s*:?\s*", re.IGNORECASE)
_ITEM = re.compile(r"[ \t]*[A-Za-z][^:\d\n]{0,60}:[ \t]*(?P<sign>[+\-−–]?)(?P<figure>\d[\d,]*(?:\.\d+)?)"
                   r"[ \t]*%?[ \t]*")
_PCT_CHANGE = Column("% change", "pct_change", None)
_PERCENT = Column("per cent", "percent", None)


_PERIOD_LINE = re.compile(
    r"[ \t]*(?P<fy>(?:19|20)\d\d)[ \t]*[/\-–][ \t]*(?P<fy_end>(?:19|20)?\d\d)"
    rf"(?:[ \t]*\((?:up[ \t]+)?to[ \t]+(?:the[ \t]+)?end[ \t]+of[ \t]+(?P<month>{_MONTHS})\))?"
    r"[ \t]*:?[ \t]*(?P<figure>\d[\d,]*(?:\.\d+)?)[ \t]*", re.IGNORECASE)


def _line_period(line: re.Match) -> PeriodMention | None:
    """"2010/2011 (to end of June)": the year to June 2011; "2015/16": the year to March 2016."""
    start, end = int(line.group("fy")), line.group("fy_end")
    end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if end_year != start + 1:
        return None
    month = MONTH_NUMBERS[line.group("month").lower()] if line.group("month") else 3
    return PeriodMention(line.start("fy"), line.start("figure"), line.group()[:line.start("figure")].strip(),
                         end_year, month)


def labelled_cells(text: str) -> dict[int, Cell]:
    """Figures a line labels on its own: "2013/14: 2,210", "2010/2011 (to end of June) 54,732" (that
    year's figure), "Percentage change -8", "Change: -1,471", and the items of a list under a
    heading in per cent ("... fallen in Nottinghamshire (per cent):" then "Robbery: -3"), a signed
    item a percentage change, an unsigned one a percentage."""
    cells: dict[int, Cell] = {}
    offset, in_per_cent = 0, False
    for line in text.split("\n"):
        if len(line) > _HEADING_MAX:
            in_per_cent = False
        elif (dated := _PERIOD_LINE.fullmatch(line)) and (period := _line_period(dated)) is not None:
            cells[offset + dated.start("figure")] = Cell(Column(period.text, "count", period), "")
        elif (labelled := _LABELLED.fullmatch(line)) is not None:
            cells[offset + labelled.start("figure")] = Cell(_labelled_column(labelled),
                                                            labelled.group("sign"))
        elif in_per_cent and (item := _ITEM.fullmatch(line)) is not None:
            sign = item.group("sign")
            cells[offset + item.start("figure")] = Cell(_PCT_CHANGE if sign else _PERCENT, sign)
        elif line.strip():
            in_per_cent = _IN_PER_CENT.fullmatch(line) is not None
        offset += len(line) + 1
    return cells


def _labelled_column(labelled: re.Match) -> Column:
    """A change on its own line has no period of its own: the year lines above it may be of a group
    the line does not name (the heading of their block), so it is not read as their change."""
    kind = "change" if labelled.group("label").lower() == "change" else "pct_change"
    return Column(labelled.group("label"), kind, None)


def in_its_column(claim: Claim, cell: Cell) -> Claim:
    """The claim as its column says: a figure under "% Change" a percentage change, under "Change"
    a change, each falling when signed "-"; a period's figure keeps its kind."""
    kind = cell.column.kind
    if kind == "count" or claim.kind not in ("count", "percent") or kind == claim.kind:
        return claim
    if kind == "change" and claim.kind == "percent":
        kind = "pct_change"
    common = {f.name: getattr(claim, f.name) for f in fields(Claim)}
    if kind != "percent":
        common["direction"] = "fall" if cell.sign and cell.sign in "-−–" else "rise"
    return KINDS[kind](**common)
