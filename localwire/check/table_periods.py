"""The period of a table's cell: its column's heading ("Dec 2012", "2016/17"), and for a change
the table's latest period, from its earlier one."""

from __future__ import annotations

from localwire.check.dating import period_of
from localwire.check.evidence import ArticleContext, Evidence, Resolution
from localwire.check.extract import Cell, Claim
from localwire.model.periods import Period

COLUMN_CONFIDENCE = 0.9  # a heading names the period outright, but a pasted table may be misaligned


def column_period(claim: Claim, context: ArticleContext, resolution: Resolution) -> bool:
    """Note the period (and a change's base) the claim's column gives; False when it is in no
    table's column with a period."""
    cell = context.cells.get(claim.start)
    if cell is None or cell.column.period is None:
        return False
    period = period_of(cell.column.period, context.period)
    if period is None:
        return False
    column = cell.column
    resolution.period = period
    reason = f"the heading of its column: {column.heading!r}" if column.kind == "count" else \
        f"its column {column.heading!r}: the table's latest period ({column.period.text!r})"
    resolution.note("period", period.code, reason, COLUMN_CONFIDENCE)
    base = period_of(column.base, context.period) if column.base is not None else None
    if base is not None and claim.kind in ("change", "pct_change") and base != period.previous():
        resolution.base = base
        resolution.note("base", base.code, f"the table's earlier column: {column.base.text!r}",
                        COLUMN_CONFIDENCE)
    return True


def table_period(cells: dict[int, Cell], main: Period | None) -> tuple[Period, Evidence] | None:
    """An article that names no year but holds a table: the table's latest period, as a guess (the
    period its prose reports is most often the table's newest column)."""
    latest = None
    for cell in cells.values():
        period = period_of(cell.column.period, main) if cell.column.period is not None else None
        if period is not None and (latest is None or period > latest[0]):
            latest = (period, cell.column.period.text)
    if latest is None:
        return None
    return latest[0], Evidence("period", latest[0].code, f"no year named in its text; the latest "
                                                         f"column of its table ({latest[1]!r})", 0.7)
