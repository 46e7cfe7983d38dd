"""What a template sees: an area's facts and outcomes, its neighbours', the national figures,
the angle that leads, quotes and caveats that fit, and how the figures were gathered.

Everything numeric is a `Fact` (or None where the data has nothing), so templates branch with
`{% if this.previous %}` and print only through house-style filters. Where there is no figure,
`outcome` says why (reported, suppressed, refused, not held, no reply, flag not used, missing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import Any

from localwire.areas import Area
from localwire.facts import FactBook
from localwire.model.facts import Fact
from localwire.model.periods import Period
from localwire.prose import style
from localwire.write import news
from localwire.write.gathering import gathering
from localwire.write.outcomes import MISSING, Outcome, outcome_for
from localwire.write.pack import Desk, Pack
from localwire.write.quotes import quote_view
from localwire.write.trace import clean

#: Resident populations below this make a rate per resident mislead (the City of London has
#: about 7,000 residents and hundreds of thousands of workers and visitors).
MIN_RATE_POPULATION = 100_000
SOUND_POPULATION = "ok"
FOI_ACTS = {"FOIA": "Freedom of Information Act",
            "FOISA": "Freedom of Information (Scotland) Act"}


@dataclass(frozen=True)
class AreaView:
    """An area as a template names it: `name` ("Thames Valley"), `place` after "in" ("the
    Thames Valley"), `force` after "by" ("Thames Valley Police", "the Metropolitan Police
    Service"), `official_name`, `region` (the gazetteer's label, "East"), `region_place`
    after "in" or "across" ("the East of England", "Yorkshire and the Humber", "Wales"; empty
    for forces outside any English region or Wales), `nation`."""

    slug: str
    name: str
    official_name: str
    region: str
    nation: str
    place: str
    force: str
    region_place: str = ""
    region_slug: str = ""
    foi_act: str = "Freedom of Information Act"

    @classmethod
    def of(cls, area: Area, region: Area | None = None) -> AreaView:
        region_place = clean(region.place) if region is not None else ""
        return cls(area.slug, clean(area.name), clean(area.official_name), clean(area.region),
                   clean(area.nation), clean(area.place), clean(area.force_name), region_place,
                   region.slug if region is not None else "", FOI_ACTS.get(area.foi_law,
                                                                          FOI_ACTS["FOIA"]))


@dataclass(frozen=True)
class Place:
    """A place in the league table of forces: `position` counted from the top, or from the
    bottom when `lowest` (whichever is nearer), shared when `joint`; `by` "rate" or "number"."""

    fact: Fact
    position: int
    of: int
    lowest: bool
    joint: bool
    by: str

    @property
    def phrase(self) -> str:
        return style.rank_phrase(self.position, self.of, lowest=self.lowest, joint=self.joint)


@dataclass(frozen=True)
class BreakdownFacts:
    key: str
    value: Fact | None
    share: Fact | None
    previous: Fact | None
    pct_change: Fact | None
    outcome: Outcome | None = None
    direction: str | None = None  # rose, fell, unchanged, or None
    implausible: str | None = None  # why its movement goes to the desk (see `news.implausible`)

    @property
    def small_base(self) -> bool:
        return bool(self.pct_change and self.pct_change.small_base)


class Breakdowns(Mapping[str, BreakdownFacts]):
    """An area's facts by breakdown, each made when first read: a story reads its own area's
    breakdowns, never its neighbours'."""

    __slots__ = ("__keys", "__made", "__make")

    def __init__(self, keys: tuple[str, ...], make: Callable[[str], BreakdownFacts]) -> None:
        self.__keys, self.__make = keys, make
        self.__made: dict[str, BreakdownFacts] = {}

    def __getitem__(self, key: str) -> BreakdownFacts:
        found = self.__made.get(key)
        if found is None:
            if key not in self.__keys:
                raise KeyError(key)
            found = self.__made[key] = self.__make(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.__keys)

    def made(self) -> list[BreakdownFacts]:
        """The breakdowns read so far (by the story being written)."""
        return list(self.__made.values())

    def __len__(self) -> int:
        return len(self.__keys)


@dataclass(frozen=True)
class MeasureFacts:
    """Facts about one area's measure in one period, and what the source said where there is
    no figure (`outcome`, `previous_outcome`). When the movement on the previous year is too
    big to believe (`implausible`), the comparison facts are left out and the desk is told."""

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
    breakdowns: Mapping[str, BreakdownFacts] = field(default_factory=dict)
    outcome: Outcome | None = None
    previous_outcome: Outcome | None = None
    place: Place | None = None
    rate_place: Place | None = None
    record_tie: bool = False
    earliest: Fact | None = None  # the first period's value, for a series of three or more
    implausible: str | None = None
    rate_withheld: str = ""  # why no rate is given: "tiny" (population) or "doubtful"

    @property
    def small_base(self) -> bool:
        return bool(self.pct_change and self.pct_change.small_base)

    @property
    def is_record_high(self) -> bool:
        return bool(self.record and self.record.detail("record") == "high")

    @property
    def is_record_low(self) -> bool:
        return bool(self.record and self.record.detail("record") == "low")

    @cached_property  # a template asks it several times a story, and house style's test is exact
    def how_often(self) -> Fact | None:
        """The per-day fact when house style has an honest phrase for it ("two a day",
        "11 a week"), else None: 570 a year is not "about two a day"."""
        fact = self.per_day
        if fact is None or style.honest_rate(fact.value * fact.detail("days"),
                                             fact.detail("days")) is None:
            return None
        return fact

    @property
    def comparable(self) -> bool:
        """A previous year to compare with (counted, or as a published change) that the desk
        has not been asked to check."""
        return self.direction is not None and not self.implausible


@dataclass(frozen=True)
class NeighbourView:
    area: AreaView
    facts: MeasureFacts


def measure_facts(book: FactBook, area: str, period: Period, measure: str,
                  breakdowns: list[str], breakdown: str = "",
                  desk: Desk | None = None) -> MeasureFacts:
    """The area's facts; with `desk`, an implausible movement drops the comparison."""
    now = outcome_for(book, area, period, measure, breakdown)
    before = outcome_for(book, area, period.previous(), measure, breakdown)
    record = book.record(area, period, measure, breakdown)
    rate = sound_rate(book.rate_per(area, period, measure, breakdown))
    facts = MeasureFacts(
        value=book.value(area, period, measure, breakdown),
        previous=book.previous(area, period, measure, breakdown),
        change=book.change(area, period, measure, breakdown),
        pct_change=book.pct_change(area, period, measure, breakdown),
        direction=book.direction(area, period, measure, breakdown) or _bound_direction(
            now, before),
        per_day=book.per_day(area, period, measure, breakdown),
        interval=book.interval_minutes(area, period, measure, breakdown),
        rate=rate,
        rate_withheld=rate_withheld(book, area, period, measure, breakdown),
        rank=book.rank(area, period, measure, breakdown),
        record=record,
        breakdowns=Breakdowns(tuple(breakdowns), lambda key: _breakdown_facts(
            book, area, period, measure, key, desk)),
        outcome=now, previous_outcome=before,
        place=place_of(book, area, period, measure, breakdown),
        # a place by rate only beside a rate the story can print
        rate_place=(place_of(book, area, period, measure, breakdown, by="rate")
                    if rate is not None else None),
        record_tie=_record_tie(record),
        earliest=_earliest(book, area, period, measure, breakdown, record),
    )
    why = news.implausible(now, before, desk) if desk is not None else None
    if why:
        facts = replace(facts, previous=None, change=None, pct_change=None, direction=None,
                        implausible=why)
    return facts


def _breakdown_facts(book: FactBook, area: str, period: Period, measure: str,
                     key: str, desk: Desk | None = None) -> BreakdownFacts:
    """A breakdown's facts; across a reclassification (see `Breakdown.recorded_from`) no change,
    and for a period the category was not recorded throughout, no figure either. With `desk`,
    an implausible movement (955 to 1) drops the comparison, as for the measure."""
    def throughout(span: Period) -> bool:
        return book.config.why_no_whole_figure(key, span) is None
    if not throughout(period):
        return BreakdownFacts(key, None, None, None, None, Outcome(MISSING, area, period))
    now = outcome_for(book, area, period, measure, key)
    comparable, why = throughout(period.previous()), None
    if desk is not None and comparable:
        why = news.implausible(now, outcome_for(book, area, period.previous(), measure, key), desk)
    compared = comparable and not why
    return BreakdownFacts(
        key=key, value=book.value(area, period, measure, key),
        share=book.share(area, period, measure, key),
        previous=book.previous(area, period, measure, key) if compared else None,
        pct_change=book.pct_change(area, period, measure, key) if compared else None,
        outcome=now, implausible=why,
        direction=book.direction(area, period, measure, key) if compared else None)


def _bound_direction(now: Outcome, before: Outcome) -> str | None:
    """Rose or fell against a suppressed figure's bounds, when the new figure is outside them
    (12 after "<5" rose; two after "<5" cannot be told)."""
    for current, earlier, sign in ((now, before, 1), (before, now, -1)):
        if current.reported and earlier.bound is not None:
            value, low, high = (current.value.value, earlier.bound.detail("lower"),
                                earlier.bound.detail("upper"))
            if value > high:
                return "rose" if sign == 1 else "fell"
            if value < low:
                return "fell" if sign == 1 else "rose"
    return None


def sound_rate(rate: Fact | None) -> Fact | None:
    """A rate per resident only from a population of sound quality and enough residents, and
    only one that house style can print: no rate from a population flagged doubtful, none
    for the City of London, none that would show as 0.0 per 1,000."""
    if rate is None or rate.detail("population_quality") != SOUND_POPULATION:
        return None
    population = rate.detail("population")
    if population is None or population < MIN_RATE_POPULATION:
        return None
    return rate if style.rate_shows(rate.value) else None


def rate_withheld(book: FactBook, area: str, period: Period, measure: str,
                  breakdown: str = "") -> str:
    """Why the area gets no rate per resident: "tiny" (too few residents: the City of
    London), "doubtful" (a population flagged suspect), or "" (it has one, or no population)."""
    rate = book.rate_per(area, period, measure, breakdown)
    if rate is not None and sound_rate(rate) is not None:
        return ""
    why = book.why_no_rate(area, period, measure, breakdown) if rate is None and hasattr(
        book, "why_no_rate") else None
    if why:
        return "tiny" if "resident" in why and "few" in why else (
            "doubtful" if "suspect" in why or "doubtful" in why else "")
    if rate is None:
        return ""
    if rate.detail("population_quality") != SOUND_POPULATION:
        return "doubtful"
    return "tiny"


def place_of(book: FactBook, area: str, period: Period, measure: str, breakdown: str = "",
             by: str = "count") -> Place | None:
    """The area's place among the forces, from the end it is nearer (the fact engine's
    `standing`: "the second lowest" rather than "the 42nd highest"), by count or by rate."""
    standing = getattr(book, "standing", None)
    if standing is not None:
        fact = standing(area, period, measure, breakdown, by=by)
    elif by == "count":
        high = book.rank(area, period, measure, breakdown)
        low = book.rank(area, period, measure, breakdown, lowest=True)
        fact = None if high is None or low is None else (low if low.value < high.value else high)
    else:  # ranks by rate come from the fact engine only
        return None
    if fact is None:
        return None
    lowest = fact.name.endswith("lowest")
    joint = bool(fact.detail("joint") or (fact.detail("tied") or 1) > 1)
    return Place(fact, int(fact.value), int(fact.detail("of")), lowest, joint,
                 "rate" if by == "rate" else "number")


def _record_tie(record: Fact | None) -> bool:
    """The period equals an earlier one at the record (the fact engine's `tied`; else the
    series' values, which are its inputs)."""
    if record is None or record.detail("record") not in ("high", "low"):
        return False
    if record.detail("tied") is not None:
        return record.detail("tied") > 0
    values = [ref.value for ref in record.inputs]
    return values.count(values[-1]) > 1 if values else False


def _earliest(book: FactBook, area: str, period: Period, measure: str, breakdown: str,
              record: Fact | None) -> Fact | None:
    """The first period's value of a series of at least three (the longer trend)."""
    if record is None:
        return None
    first = record.detail("since")
    if not isinstance(first, Period) or first >= period.previous():
        return None
    return book.value(area, first, measure, breakdown)


@dataclass(frozen=True)
class Figures:
    """Facts on demand for templates: any breakdown of the pack's measure for the story's area
    (`figures.of('sexual_offences')`), and totals for the area's region or for any area
    containing forces (`figures.within('england-and-wales', 'sexual_offences')`)."""

    book: FactBook
    area: Area
    period: Period
    measure: str
    desk: Desk | None = None
    pack_id: str = ""

    def of(self, breakdown: str = "") -> MeasureFacts:
        return self.book.remember(
            ("figures_of", self.pack_id, self.area.slug, self.period, self.measure, breakdown),
            lambda: measure_facts(self.book, self.area.slug, self.period, self.measure, [],
                                  breakdown, self.desk))

    def region(self, breakdown: str = "") -> Fact | None:
        return self.within(self.area.parent, breakdown) if self.area.parent else None

    def within(self, area_slug: str, breakdown: str = "") -> Fact | None:
        return self.book.within(area_slug, self.period, self.measure, breakdown)

    def within_before(self, area_slug: str, breakdown: str = "") -> Fact | None:
        return self.book.within(area_slug, self.period.previous(), self.measure, breakdown)

    def change_within(self, area_slug: str, breakdown: str = "") -> Fact | None:
        """The percentage change of an area's figure (a region, England and Wales): its own,
        or the change of its total when the same forces reported both years. A sum's change is
        printed only where every force of the area reported (the checker verifies no partial
        sum's change: it speaks for the forces that replied, not for the area)."""
        total = self.within(area_slug, breakdown)
        if total is not None and total.name == "total" and (
                total.detail("reported") != total.detail("expected")):
            return None
        return self.book.change_within(area_slug, self.period, self.measure, breakdown)

    def why_no_change_within(self, area_slug: str, breakdown: str = "") -> str | None:
        return self.book.why_no_change_within(area_slug, self.period, self.measure, breakdown)


def national_facts(book: FactBook, period: Period, measure: str,
                   breakdowns: list[str]) -> MeasureFacts | None:
    total = book.national(period, measure)
    if total is None:
        return None
    if total.name != "total":
        return measure_facts(book, total.area, period, measure, breakdowns)
    # summed over forces: no single observation to read, no published change
    return MeasureFacts(total, None, None, None, None, None,
                        book.interval_minutes(total.area, period, measure), None, None, None,
                        {key: BreakdownFacts(key, book.national(period, measure, key), None,
                                             None, None) for key in breakdowns})


def neighbour_views(book: FactBook, area: Area, period: Period, measure: str,
                    facts_of: Any, view_of: Any) -> list[NeighbourView]:
    """Every neighbour the source said anything about for the period, whatever its outcome:
    those with a figure first (in the gazetteer's order), then the rest."""
    views = []
    for slug in book.gazetteer.neighbours_of(area.slug):
        neighbour = book.gazetteer.areas.get(slug)
        if neighbour is None or book.observation(slug, period, measure) is None:
            continue
        views.append(NeighbourView(view_of(neighbour), facts_of(slug)))
    return sorted(views, key=lambda v: not v.facts.outcome.reported)


def story_context(book: FactBook, pack: Pack, area: Area, period: Period,
                  outlet: str) -> dict[str, object]:
    """What the template sees. Views are built once per book and area (`book.remember`), so
    writing every area reads each area's facts once, however many neighbours share it."""
    info, config = pack.config.pack, pack.config
    breakdowns = tuple(info.breakdowns)
    desk = config.news.desk

    def facts_of(slug: str) -> MeasureFacts:
        return book.remember(("measure_facts", pack.id, slug, period, info.measure, breakdowns),
                             lambda: measure_facts(book, slug, period, info.measure,
                                                   list(breakdowns), desk=desk))

    def view_of(each: Area) -> AreaView:
        region = book.gazetteer.areas.get(each.parent)
        region = region if region is not None and region.kind in ("region", "nation") else None
        return book.remember(("area_view", each), lambda: AreaView.of(each, region))

    this = facts_of(area.slug)
    national = book.remember(("national_facts", period, info.measure, breakdowns),
                             lambda: national_facts(book, period, info.measure,
                                                    list(breakdowns)))
    neighbours = neighbour_views(book, area, period, info.measure, facts_of, view_of)
    local, nationally = news.change_of(this), news.change_of(national)
    coverage = book.remember(("coverage_share", period, info.measure),
                             lambda: _coverage_share(book, period, info.measure))
    moved_nationally = book.remember(("national_direction", period, info.measure),
                                     lambda: national_direction(book, period, info.measure))
    angles = news.leads(this, config.news, coverage, moved_nationally)
    used = [f for f in (this.value, this.previous, national.value if national else None,
                        *(n.facts.value for n in neighbours)) if f is not None]
    return {
        "area": view_of(area),
        "period": period,
        "this": this,
        "rate_withheld": this.rate_withheld,
        "national": national,
        "neighbours": neighbours,
        "lead": angles[0] if angles else None,
        "versus_national": news.compare(local, nationally, config.news.compare),
        "moved": _moved(this, config.news),
        "angles": angles,
        "quotes": [quote_view(q) for q in news.pick_quotes(config.quotes, area.region,
                                                            local, nationally)],
        "caveats": [[clean(text) for text in c.wordings] for c in news.pick_caveats(
            config.caveats, area.region, local, nationally)],
        "gathering": gathering(book, area, period, info.measure, used, view_of),
        "outlet": clean(outlet),
        "dataset": book.config.dataset,
        "figures": Figures(book, area, period, info.measure, desk, pack.id),
    }


def national_direction(book: FactBook, period: Period, measure: str) -> str | None:
    """Which way the national figure moved: its own change where the source gave one (the
    UK's), else the change of England and Wales's total (`FactBook.change_within`: only when
    the same forces reported both years)."""
    for area in ("united-kingdom", "england-and-wales"):
        found = book.direction(area, period, measure)
        if found:
            return found
    moved = book.change_within("england-and-wales", period, measure)
    if moved is None:
        return None
    return "rose" if moved.value > 0 else "fell" if moved.value < 0 else "unchanged"


def _moved(this: MeasureFacts, config: Any) -> tuple[str, BreakdownFacts] | None:
    """The breakdown that moved most, by the pack's "group" angle's base (if it has one)."""
    angle = next((a for a in config.angles if a.kind == "group"), None)
    return news.moved_most(this, Fraction(angle.min_base)) if angle is not None else None


def _coverage_share(book: FactBook, period: Period, measure: str) -> Fraction:
    """The share of the territorial forces of England and Wales with a figure (ranks among a
    handful of forces that happen to be in the data mean nothing)."""
    forces = book.forces_within("england-and-wales")
    if not forces:
        return Fraction(0)
    return Fraction(book.coverage(period, measure, "", forces).reported, len(forces))
