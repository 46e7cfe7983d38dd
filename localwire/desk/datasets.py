"""What the dataset pages show: summaries, and every area's figure with its honest status.

`Views` keeps what is derived from the data (loaded FactBooks, checkers, page tables) until
the data changes: it asks the store for a cheap data version after any commit, so a warm
page is a lookup, and the Home Office table (43 forces, 25 offence groups, 64 periods) is
computed once per import rather than on every visit.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from localwire.areas import gazetteer_of
from localwire.desk.gate import Gate
from localwire.facts import FactBook
from localwire.model import numbers
from localwire.model.periods import Period
from localwire.model.statuses import DESCRIPTIONS
from localwire.store import Store, observations


def main_measure(book: FactBook) -> str | None:
    """The dataset's first declared measure that is not a published change, else any such
    measure with data."""
    for name in book.config.measures:
        if not book.is_change_measure(name):
            return name
    found = sorted({ref.measure for ref in book.observations()
                    if not book.is_change_measure(ref.measure)})
    return found[0] if found else None


def best_period(store: Store, dataset: str, measure: str) -> Period | None:
    """The period with the most areas reporting a total (the latest on a tie)."""
    counts = observations.reported_per_period(store, dataset, measure)
    if not counts:
        return None
    return max((Period.parse(code) for code in counts),
               key=lambda p: (counts[p.code], p))


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
    periods: list[Period]
    coverage: str
    observations: int
    last_import: Any


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


@dataclass
class DatasetTable:
    period: Period
    rows: list[Row]
    aggregates: list[Row]
    breakdowns: list[str]
    national: Any
    coverage: str


def coverage_text(book: FactBook, period: Period, measure: str) -> str:
    cover = book.coverage(period, measure)
    text = f"{cover.text} reported a figure for {period.code}"
    statuses: dict[str, int] = {}
    for _area, status in cover.not_reported:
        statuses[status] = statuses.get(status, 0) + 1
    parts = [f"{n} {status.replace('_', ' ')}" for status, n in sorted(statuses.items())]
    if cover.missing:
        parts.append(f"{len(cover.missing)} not in the dataset")
    return text + (f" ({', '.join(parts)})" if parts else "")


def summarise(store: Store, book: FactBook) -> DatasetSummary:
    meta = book.config.dataset
    measure = main_measure(book)
    period = best_period(store, book.dataset, measure) if measure else None
    coverage = coverage_text(book, period, measure) if period and measure else "no figures yet"
    counts = observations.dataset_counts(store, book.dataset)
    periods = book.periods(measure) if measure else []
    return DatasetSummary(book.dataset, meta.title, meta.publisher, meta.source, meta.licence,
                          meta.methodology, measure, period, periods, coverage,
                          counts["observations"], counts["last_import"])


def dataset_table(store: Store, book: FactBook, period: Period, measure: str) -> DatasetTable:
    """One row per territorial force (and per aggregate with data), statuses as given."""
    observed = observations.period_table(store, book.dataset, measure,
                                         [period.code, period.previous().code])
    by_key = {(r["area"], r["period"], r["measure"], r["breakdown"]): r for r in observed}
    order = list(book.config.breakdowns)
    breakdowns = sorted({r["breakdown"] for r in observed if r["breakdown"]
                         and r["period"] == period.code and r["measure"] == measure},
                        key=lambda b: (order.index(b) if b in order else len(order), b))
    gazetteer = gazetteer_of(store)
    slugs = {a.slug for a in gazetteer.forces() if a.territorial} | {
        r["area"] for r in observed if r["period"] == period.code and r["measure"] == measure}
    rows = [_row(book, by_key, gazetteer.areas.get(slug), slug, period, measure, breakdowns)
            for slug in slugs]
    rows.sort(key=lambda r: (r.kind != "force", -(r.value or -1), r.name))
    return DatasetTable(period, [r for r in rows if r.kind == "force"],
                        [r for r in rows if r.kind != "force"], breakdowns,
                        book.national(period, measure), coverage_text(book, period, measure))


def _row(book: FactBook, by_key: dict, area: Any, slug: str, period: Period, measure: str,
         breakdowns: list[str]) -> Row:
    main = by_key.get((slug, period.code, measure, ""))
    row = Row(slug, area.name if area else slug, area.kind if area else "", None, "missing",
              "not in the dataset")
    if main is not None:
        row.status, row.value = main["status"], main["value"]
        row.lower, row.upper = main["lower_bound"], main["upper_bound"]
        row.status_text = status_text(main)
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
            number(part["value"]) if part["status"] == "reported" else status_text(part))
    return row


def status_text(observation: dict[str, Any]) -> str:
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


class Views:
    """Views derived from the data, kept until the data changes (thread-safe).

    FactBooks and checkers are built on a cursor of their own whose generation never moves,
    and each is used by one thread at a time (`facts`, `checking`): a FactBook prepares its
    families lazily on that cursor, and a DuckDB connection serves one thread."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._version: tuple | None = None
        self._cache: dict[tuple, Any] = {}
        self._private: list[Store] = []
        self._locks: dict[tuple, threading.Lock] = {}
        self._lock_guard = threading.Lock()

    def refresh(self, store: Store) -> None:
        """Forget everything when the data changed since the last look (one small query,
        and only after a commit or a reopen)."""
        seen = (self.gate.generation, self.gate.epoch)
        if seen == self._seen:
            return
        version = (self.gate.epoch, *observations.data_version(store))
        with self._lock:
            if version != self._version:
                self._cache.clear()
                for private in self._private:
                    with contextlib.suppress(Exception):
                        private.db.close()
                self._private.clear()
                self._version = version
            self._seen = seen

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        found = self._cache.get(key)
        if found is None:
            found = compute()
            with self._lock:
                self._cache[key] = found
        return found

    def _private_store(self) -> Store:
        private = self.gate.private()
        with self._lock:
            self._private.append(private)
        return private

    def _lock_of(self, key: tuple) -> threading.Lock:
        with self._lock_guard:
            return self._locks.setdefault(key, threading.Lock())

    @contextlib.contextmanager
    def facts(self, dataset: str) -> Iterator[FactBook]:
        """The dataset's FactBook, for this thread alone while the block runs: a FactBook
        prepares its families lazily on its own cursor, and a cursor serves one thread."""
        with self._lock_of(("book", dataset)):
            yield self.get(("book", dataset), lambda: FactBook(self._private_store(), dataset))

    def with_facts(self, dataset: str, compute: Callable[[FactBook], Any]) -> Any:
        with self.facts(dataset) as book:
            return compute(book)

    def summary(self, store: Store, dataset: str) -> DatasetSummary:
        return self.get(("summary", dataset), lambda: self.with_facts(
            dataset, lambda book: summarise(store, book)))

    def table(self, store: Store, dataset: str, period: Period, measure: str) -> DatasetTable:
        return self.get(("table", dataset, period, measure), lambda: self.with_facts(
            dataset, lambda book: dataset_table(store, book, period, measure)))

    @contextlib.contextmanager
    def checking(self, dataset: str) -> Iterator[Any]:
        """The article checker for a dataset (None without localwire.check), for this thread
        alone while the block runs, like `facts`."""
        def build() -> Any:
            try:
                from localwire.check import Checker
            except ImportError:
                return False
            private = self._private_store()
            gazetteer_of(private)
            return Checker(private, dataset)
        with self._lock_of(("checker", dataset)):
            yield self.get(("checker", dataset), build) or None
