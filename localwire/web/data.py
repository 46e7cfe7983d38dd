"""What the dataset pages show: summaries, and every area's figure with its honest status."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from localwire.areas import gazetteer_of
from localwire.facts import FactBook
from localwire.model import numbers
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.model.statuses import DESCRIPTIONS
from localwire.store import Store


def main_measure(config: DatasetConfig, book: FactBook) -> str | None:
    """The dataset's first declared measure of counts (net counts included), else any measure
    with data that is not a published change."""
    for name in config.measures:
        if not book.is_change_measure(name):
            return name
    found = sorted({ref.measure for ref in book.observations()
                    if not book.is_change_measure(ref.measure)})
    return found[0] if found else None


def best_period(book: FactBook, measure: str) -> Period | None:
    """The period with the most forces reporting (the latest on a tie)."""
    periods = book.periods(measure)
    if not periods:
        return None
    return max(periods, key=lambda p: (len(book.areas_with_data(p, measure)), p))


@dataclass
class DatasetSummary:
    id: str
    title: str
    publisher: str | None
    source: str | None
    licence: str | None
    methodology: str | None
    measure: str | None
    period: Period | None
    coverage: str
    observations: int
    last_import: Any


def summarise(store: Store, dataset: str) -> DatasetSummary:
    config = store.dataset(dataset)
    meta = config.dataset
    book = FactBook(store, dataset)
    measure = main_measure(config, book)
    period = best_period(book, measure) if measure else None
    coverage = coverage_text(book, period, measure) if period and measure else "no figures yet"
    last = store.rows("SELECT max(imported_at) AS at, count(*) AS n FROM sources WHERE dataset = ?",
                      [dataset])[0]
    count = store.rows("SELECT count(*) AS n FROM observations WHERE dataset = ? AND current",
                       [dataset])[0]["n"]
    return DatasetSummary(dataset, meta.title, meta.publisher, meta.source, meta.licence,
                          meta.methodology,
                          measure, period, coverage, count, last["at"])


def coverage_text(book: FactBook, period: Period, measure: str) -> str:
    cover = book.coverage(period, measure)
    text = f"{cover.text} reported a figure for {period.code}"
    parts = []
    statuses: dict[str, int] = {}
    for _area, status in cover.not_reported:
        statuses[status] = statuses.get(status, 0) + 1
    parts += [f"{n} {status.replace('_', ' ')}" for status, n in sorted(statuses.items())]
    if cover.missing:
        parts.append(f"{len(cover.missing)} not in the dataset")
    return text + (f" ({', '.join(parts)})" if parts else "")


@dataclass
class Row:
    slug: str
    name: str
    kind: str
    value: Decimal | None
    status: str
    status_text: str
    lower: Decimal | None = None
    upper: Decimal | None = None
    previous: Decimal | None = None
    pct_change: float | None = None
    pct_published: bool = False
    breakdowns: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    source: str | None = None
    location: str | None = None
    cited: str | None = None


def dataset_rows(store: Store, book: FactBook, period: Period, measure: str) -> tuple[
        list[Row], list[str]]:
    """One row per force (and per aggregate with data), statuses as the source gave them."""
    config = book.config
    observed = store.rows("""
        SELECT o.area, o.period, o.measure, o.breakdown, o.value, o.status, o.lower_bound,
               o.upper_bound, o.note, o.cited_source, o.source_location, s.filename
        FROM observations o LEFT JOIN sources s ON s.id = o.source_id
        WHERE o.dataset = ? AND o.current AND o.period IN (?, ?) AND o.measure IN (?, ?)""",
                          [book.dataset, period.code, period.previous().code, measure,
                           f"{measure}_pct_change"])
    by_key = {(r["area"], r["period"], r["measure"], r["breakdown"]): r for r in observed}
    breakdowns = sorted({r["breakdown"] for r in observed
                         if r["breakdown"] and r["period"] == period.code
                         and r["measure"] == measure},
                        key=lambda b: list(config.breakdowns).index(b)
                        if b in config.breakdowns else 99)
    gazetteer = gazetteer_of(store)
    slugs = {a.slug for a in gazetteer.forces() if a.territorial} | {
        r["area"] for r in observed if r["period"] == period.code and r["measure"] == measure}
    rows = []
    for slug in slugs:
        area = gazetteer.areas.get(slug)
        main = by_key.get((slug, period.code, measure, ""))
        row = Row(slug, area.name if area else slug, area.kind if area else "",
                  None, "missing", "not in the dataset")
        if main is not None:
            row.status = main["status"]
            row.value = main["value"]
            row.lower, row.upper = main["lower_bound"], main["upper_bound"]
            row.status_text = _status_text(main)
            row.note, row.cited = main["note"], main["cited_source"]
            row.source, row.location = main["filename"], main["source_location"]
        before = by_key.get((slug, period.previous().code, measure, ""))
        if before is not None and before["status"] == "reported":
            row.previous = before["value"]
        pct = book.pct_change(slug, period, measure)
        if pct is not None:
            row.pct_change = float(pct.value)
            row.pct_published = pct.published
        for breakdown in breakdowns:
            part = by_key.get((slug, period.code, measure, breakdown))
            row.breakdowns[breakdown] = "" if part is None else (
                number(part["value"]) if part["status"] == "reported" else _status_text(part))
        rows.append(row)
    rows.sort(key=lambda r: (r.kind != "force", -(r.value or -1), r.name))
    return rows, breakdowns


def _status_text(observation: dict[str, Any]) -> str:
    status = observation["status"]
    if status == "suppressed":
        lower, upper = observation["lower_bound"], observation["upper_bound"]
        if upper is not None:
            return f"suppressed ({number(lower or 0)} to {number(upper)})"
        return "suppressed"
    if status == "reported":
        return "reported"
    return DESCRIPTIONS.get(status, status.replace("_", " "))


def number(value: Decimal | int | None) -> str:
    return "" if value is None else numbers.grouped(value)
