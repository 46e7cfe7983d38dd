"""What a template sees: an area's facts, its neighbours', the national figures, quotes, caveats.

Everything numeric is a `Fact` (or None where the data has nothing), so templates branch with
`{% if this.previous %}` and print only through house-style filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from localwire.areas import Area
from localwire.facts import FactBook
from localwire.model.facts import Fact
from localwire.model.periods import Period
from localwire.write.pack import Pack, Quote
from localwire.write.trace import clean


@dataclass(frozen=True)
class AreaView:
    """An area as a template names it: `name` ("Thames Valley"), `place` after "in" ("the
    Thames Valley"), `force` after "by" ("Thames Valley Police", "the Metropolitan Police
    Service"), `official_name`, `region`, `nation`."""

    slug: str
    name: str
    official_name: str
    region: str
    nation: str
    place: str
    force: str

    @classmethod
    def of(cls, area: Area) -> AreaView:
        return cls(area.slug, clean(area.name), clean(area.official_name), clean(area.region),
                   clean(area.nation), clean(area.place), clean(area.force_name))


@dataclass(frozen=True)
class BreakdownFacts:
    key: str
    value: Fact | None
    share: Fact | None
    previous: Fact | None
    pct_change: Fact | None


@dataclass(frozen=True)
class MeasureFacts:
    """Facts about one area's measure in one period."""

    value: Fact | None
    previous: Fact | None
    change: Fact | None
    pct_change: Fact | None
    direction: str | None  # rose, fell, unchanged, or None
    per_day: Fact | None
    interval: Fact | None
    rate: Fact | None
    rank: Fact | None
    record: Fact | None
    breakdowns: dict[str, BreakdownFacts] = field(default_factory=dict)

    @property
    def small_base(self) -> bool:
        return bool(self.pct_change and self.pct_change.small_base)

    @property
    def is_record_high(self) -> bool:
        return bool(self.record and self.record.detail("record") == "high")


@dataclass(frozen=True)
class NeighbourView:
    area: AreaView
    facts: MeasureFacts


@dataclass(frozen=True)
class QuoteView:
    speaker: str
    role: str
    paragraphs: tuple[str, ...]


def measure_facts(book: FactBook, area: str, period: Period, measure: str,
                  breakdowns: list[str], breakdown: str = "") -> MeasureFacts:
    return MeasureFacts(
        value=book.value(area, period, measure, breakdown),
        previous=book.previous(area, period, measure, breakdown),
        change=book.change(area, period, measure, breakdown),
        pct_change=book.pct_change(area, period, measure, breakdown),
        direction=book.direction(area, period, measure, breakdown),
        per_day=book.per_day(area, period, measure, breakdown),
        interval=book.interval_minutes(area, period, measure, breakdown),
        rate=book.rate_per(area, period, measure, breakdown),
        rank=book.rank(area, period, measure, breakdown),
        record=book.record(area, period, measure, breakdown),
        breakdowns={key: BreakdownFacts(
            key=key,
            value=book.value(area, period, measure, key),
            share=book.share(area, period, measure, key),
            previous=book.previous(area, period, measure, key),
            pct_change=book.pct_change(area, period, measure, key),
        ) for key in breakdowns},
    )


@dataclass(frozen=True)
class Figures:
    """Facts on demand for templates: any breakdown of the pack's measure for the story's area
    (`figures.of('sexual_offences')`), and totals for the area's region or for any area
    containing forces (`figures.within('england-and-wales', 'sexual_offences')`)."""

    book: FactBook
    area: Area
    period: Period
    measure: str

    def of(self, breakdown: str = "") -> MeasureFacts:
        return measure_facts(self.book, self.area.slug, self.period, self.measure, [], breakdown)

    def region(self, breakdown: str = "") -> Fact | None:
        return self.within(self.area.parent, breakdown) if self.area.parent else None

    def within(self, area_slug: str, breakdown: str = "") -> Fact | None:
        return self.book.within(area_slug, self.period, self.measure, breakdown)

    def within_before(self, area_slug: str, breakdown: str = "") -> Fact | None:
        return self.book.within(area_slug, self.period.previous(), self.measure, breakdown)


def national_facts(book: FactBook, period: Period, measure: str,
                   breakdowns: list[str]) -> MeasureFacts | None:
    total = book.national(period, measure)
    if total is None:
        return None
    area = total.area
    facts = measure_facts(book, area, period, measure, breakdowns)
    if facts.value is None:  # summed over forces: no single observation to read
        facts = MeasureFacts(total, None, None, None, None, None, None, None, None, None, {})
    return facts


def pick_quotes(pack: Pack, area: Area, direction: str | None) -> list[QuoteView]:
    """Quotes that fit the area's region and local change; regional ones first, by priority."""
    def applies(quote: Quote) -> bool:
        return ((not quote.regions or area.region in quote.regions) and
                (not quote.directions or (direction or "none") in quote.directions))

    chosen = sorted((q for q in pack.config.quotes if applies(q)),
                    key=lambda q: (not q.regions, -q.priority))
    return [QuoteView(clean(q.speaker), clean(q.role), tuple(clean(p) for p in q.paragraphs))
            for q in chosen]


def story_context(book: FactBook, pack: Pack, area: Area, period: Period,
                  outlet: str) -> dict[str, object]:
    """What the template sees. Views are built once per book and area (`book.remember`), so
    writing every area reads each area's facts once, however many neighbours share it."""
    info = pack.config.pack
    breakdowns = tuple(info.breakdowns)

    def facts_of(slug: str) -> MeasureFacts:
        return book.remember(("measure_facts", slug, period, info.measure, breakdowns),
                             lambda: measure_facts(book, slug, period, info.measure,
                                                   list(breakdowns)))

    def view_of(each: Area) -> AreaView:
        return book.remember(("area_view", each), lambda: AreaView.of(each))

    neighbours = [
        NeighbourView(view_of(book.gazetteer.areas[slug]), facts_of(slug))
        for slug in book.neighbours(area.slug, period, info.measure)
    ]
    this = facts_of(area.slug)
    return {
        "area": view_of(area),
        "period": period,
        "this": this,
        "national": book.remember(("national_facts", period, info.measure, breakdowns),
                                  lambda: national_facts(book, period, info.measure,
                                                         list(breakdowns))),
        "neighbours": neighbours,
        "quotes": book.remember(("quotes", pack.id, area.region, this.direction),
                                lambda: pick_quotes(pack, area, this.direction)),
        "caveats": book.remember(("caveats", pack.id),
                                 lambda: [clean(c.text) for c in pack.config.caveats]),
        "outlet": clean(outlet),
        "dataset": book.config.dataset,
        "figures": Figures(book, area, period, info.measure),
    }
