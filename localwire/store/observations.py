"""Queries of observations: staging, validating and writing an import, versions, and the
reads the desk's tables need."""

from __future__ import annotations

from typing import Any

from localwire.model.numbers import plain
from localwire.store import Store

# -- the desk's reads (dataset pages, export re-verification) ------------------------------------


def data_version(store: Store) -> tuple:
    """Changes whenever an import adds or corrects observations or areas are registered."""
    return tuple(store.db.execute(
        "SELECT (SELECT count(*) FROM observations WHERE current), "
        "(SELECT max(id) FROM observations), (SELECT count(*) FROM areas), "
        "(SELECT count(*) FROM datasets)").fetchone())


def current_values(store: Store, ids: list[int]) -> dict[int, str | None]:
    """Of these observation ids, the ones still current, with their value as plain text."""
    if not ids:
        return {}
    rows = store.db.execute("SELECT id, value FROM observations WHERE current AND id IN "
                            "(SELECT unnest(?::BIGINT[]))", [ids]).fetchall()
    return {row[0]: None if row[1] is None else plain(row[1]) for row in rows}


def reported_per_period(store: Store, dataset: str, measure: str) -> dict[str, int]:
    """How many areas reported a total for each period of the measure."""
    return dict(store.db.execute(
        "SELECT period, count(*) FROM observations WHERE dataset = ? AND measure = ? AND current "
        "AND breakdown = '' AND status = 'reported' GROUP BY period", [dataset, measure]
    ).fetchall())


def period_table(store: Store, dataset: str, measure: str, periods: list[str]) -> list[dict]:
    """Every current observation of the measure (and its published change) in these periods,
    with the source file's name: the rows of a dataset page."""
    return store.rows("""
        SELECT o.area, o.period, o.measure, o.breakdown, o.value, o.status, o.lower_bound,
               o.upper_bound, o.note, o.cited_source, o.source_location, s.filename
        FROM observations o LEFT JOIN sources s ON s.id = o.source_id
        WHERE o.dataset = ? AND o.current AND o.period IN (SELECT unnest(?::VARCHAR[]))
          AND o.measure IN (?, ?)""", [dataset, periods, measure, f"{measure}_pct_change"])


def dataset_counts(store: Store, dataset: str) -> dict[str, Any]:
    """Current observations and the last import of a dataset."""
    row = store.db.execute(
        "SELECT (SELECT count(*) FROM observations WHERE dataset = ? AND current), "
        "(SELECT max(imported_at) FROM sources WHERE dataset = ?)", [dataset, dataset]).fetchone()
    return {"observations": row[0], "last_import": row[1]}
