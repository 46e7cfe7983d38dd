"""Facts: exact, derived statements about an area's figures, each with its formula and inputs.

Facts never round (values are `fractions.Fraction`); rounding is for the writer and the checker.
A `FactBook` answers for one dataset; it reads the dataset's current observations with one query
and derives everything else from them.

Rules that matter to a reporter (tested in tests/test_facts.py):
- previous value: the same measure and breakdown one period earlier (2015/16 for 2016/17).
- change: value - previous; None when either is missing or not reported.
- percentage change: (value - previous) / previous * 100 when both counts are reported. When the
  previous count is zero the percentage is undefined (None, with the reason) and stories use the
  absolute change. When the previous count is below `SMALL_BASE` the percentage is computed but
  marked `small_base`, and packs prefer "from three to seven" to "up 133 per cent". When the
  previous count was never published but the source published the change itself (measure
  "<measure>_pct_change"), that published figure is used and marked `published`.
- share: breakdown / total of the same area, period and measure.
- per day: value / days in the period; interval: days * 24 * 60 / value minutes.
- national total: the dataset's own figure for the United Kingdom (or England and Wales) where the
  source published one; otherwise the sum over forces that reported, with coverage ("44 of 45
  forces"); suppressed values are never summed as zero: they are counted as not covered.
- rate per 1,000 residents: value / population * 1000, population from the gazetteer for the
  mid-year inside the period (mid-2016 for 2016/17).
- rank: 1 is the highest value among territorial forces that reported for the period (British
  Transport Police has no area and no residents, so it is neither ranked nor ranks others);
  ties share a rank.
"""

from __future__ import annotations

import functools
import inspect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from localwire.areas import gazetteer_of
from localwire.facts import sql
from localwire.model.facts import Coverage, Fact, ObservationRef
from localwire.model.numbers import plain
from localwire.model.periods import Period
from localwire.store import Store

SMALL_BASE = 10
NATIONAL_AREAS = ("united-kingdom", "england-and-wales")
MINUTES_PER_DAY = 24 * 60


_MISSING = object()


def _memoised(method: Callable) -> Callable:
    """Answer each (area, period, measure, breakdown, ...) question once per FactBook.

    A FactBook reads the store once, so an answer never goes stale; `prepare` fills the memo
    set-wise for every area before any story asks.
    """
    name = method.__name__
    signature = inspect.signature(method)
    defaults = tuple(p.default for p in list(signature.parameters.values())[1:])

    @functools.wraps(method)
    def wrapper(self: FactBook, *args: Any, **kwargs: Any) -> Any:
        if kwargs:  # one key per question, however the arguments were passed
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args[1:], bound.kwargs
        elif len(args) < len(defaults):
            args += defaults[len(args):]
        key = (name, *args, *sorted(kwargs.items()))
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = method(self, *args, **kwargs)
        return found
    return wrapper


@dataclass
class FactBook:
    """Facts for one dataset, read from the store once."""

    store: Store
    dataset: str
    _observations: dict[tuple[str, str, str, str], ObservationRef] = field(default_factory=dict)
    _loaded: bool = False
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False)
    _scope: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self.config = self.store.dataset(self.dataset)
        self.gazetteer = gazetteer_of(self.store)

    # -- loading -----------------------------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        rows = self.store.db.execute("""
            SELECT o.id, o.area, o.period, o.measure, o.breakdown, o.value, o.status,
                   coalesce(s.filename, ''), o.source_location, o.cited_source, o.note,
                   o.lower_bound, o.upper_bound
            FROM observations o LEFT JOIN sources s ON s.id = o.source_id
            WHERE o.dataset = ? AND o.current""", [self.dataset]).fetchall()
        for row in rows:
            ref = ObservationRef(*row)
            self._observations[(ref.area, ref.period, ref.measure, ref.breakdown)] = ref
        self._loaded = True

    def observation(self, area: str, period: Period, measure: str,
                    breakdown: str = "") -> ObservationRef | None:
        if (measure, period.code) not in self._scope and (
                breakdown or (measure, period.code, "") not in self._scope):
            self._load()
        return self._observations.get((area, period.code, measure, breakdown))

    def observations(self) -> list[ObservationRef]:
        self._load()
        return list(self._observations.values())

    def areas_with_data(self, period: Period, measure: str, breakdown: str = "",
                        kind: str = "force") -> list[str]:
        return list(self._areas_with_data(period, measure, breakdown, kind))

    @_memoised
    def _areas_with_data(self, period: Period, measure: str, breakdown: str = "",
                         kind: str = "force") -> tuple[str, ...]:
        self._load()
        return tuple(sorted(
            ref.area for (area, code, m, b), ref in self._observations.items()
            if code == period.code and m == measure and b == breakdown
            and ref.status == "reported" and self._kind(area) == kind))

    def _kind(self, slug: str) -> str:
        area = self.gazetteer.areas.get(slug)
        return area.kind if area else ""

    def periods(self, measure: str) -> list[Period]:
        key = ("periods", measure)
        if key not in self._memo:
            self._load()
            codes = {code for (_a, code, m, _b) in self._observations if m == measure}
            self._memo[key] = tuple(sorted(Period.parse(code) for code in codes))
        return list(self._memo[key])

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per key for this book's life: for views derived from its facts
        (a writer's facts of a neighbour, say), which never go stale as the book never does."""
        key = ("remember", *key)
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self._memo[key] = compute()
        return found

    # -- set-wise preparation --------------------------------------------------------------------
    def prepare(self, period: Period, measure: str) -> int:
        """Compute, for every area at once, the facts a story about `period` reads.

        Runs the fact families of `localwire.facts.sql` (one query each: values with previous
        and change, shares, ranks, records) and reads only the observations those need; the
        per-area methods then answer from memory. Answers are the same Facts the per-area
        methods compute on their own. Returns the number of areas with a value.
        """
        codes = [r[0] for r in self.store.db.execute(
            "SELECT DISTINCT period FROM observations WHERE dataset = ? AND current"
            " AND measure = ?", [self.dataset, measure]).fetchall()]
        self._memo[("periods", measure)] = tuple(sorted(Period.parse(c) for c in codes))
        series = [p.code for p in self.periods(measure) if p <= period]
        params = sql.parameters(self.dataset, measure, period.code, period.previous().code,
                                series or [period.code])
        by_id = self._load_scope(params, measure)
        values = self._prepare_values(params, period, measure, by_id)
        self._prepare_shares(params, period, measure, by_id)
        self._prepare_ranks(params, period, measure)
        self._prepare_records(params, period, measure, by_id)
        return values

    def _load_scope(self, params: dict[str, Any], measure: str) -> dict[int, ObservationRef]:
        by_id: dict[int, ObservationRef] = {}
        for row in sql.run(self.store.db, "observations", params):
            ref = ObservationRef(*row)
            by_id[ref.id] = ref
            if not self._loaded:
                self._observations[(ref.area, ref.period, ref.measure, ref.breakdown)] = ref
        for code in (params["period"], params["previous"]):
            self._scope.update({(measure, code), (f"{measure}_pct_change", code)})
        self._scope.update((measure, p.code, "") for p in self.periods(measure))
        return by_id

    def _prepare_values(self, params: dict[str, Any], period: Period, measure: str,
                        by_id: dict[int, ObservationRef]) -> int:
        memo, previous_period = self._memo, period.previous()
        areas = set()
        for area, breakdown, value_id, _v, previous_id, _p, _c, _pc, published_id, _pp in sql.run(
                self.store.db, "values", params):
            areas.add(area)
            now = self._value_fact(by_id[value_id], period)
            before = (self._value_fact(by_id[previous_id], previous_period)
                      if previous_id is not None else None)
            published = (self._value_fact(by_id[published_id], period)
                         if published_id is not None else None)
            memo["value", area, period, measure, breakdown] = now
            memo["value", area, previous_period, measure, breakdown] = before
            memo["previous", area, period, measure, breakdown] = (
                _previous_fact(before, period) if before else None)
            memo["change", area, period, measure, breakdown] = (
                _change_fact(now, before) if before else None)
            memo["pct_change", area, period, measure, breakdown] = _pct_change_fact(
                now, before, published, measure)
        return len(areas)

    def _prepare_shares(self, params: dict[str, Any], period: Period, measure: str,
                        by_id: dict[int, ObservationRef]) -> None:
        for area, breakdown, part_id, whole_id, _share in sql.run(self.store.db, "shares",
                                                                   params):
            self._memo["share", area, period, measure, breakdown] = _share_fact(
                self._value_fact(by_id[part_id], period), self._value_fact(by_id[whole_id], period))

    def _prepare_ranks(self, params: dict[str, Any], period: Period, measure: str) -> None:
        ranked: dict[str, list[str]] = defaultdict(list)
        for area, breakdown, rank, of in sql.run(self.store.db, "ranks", params):
            ranked[breakdown].append(area)
            fact = self.value(area, period, measure, breakdown)
            self._memo["rank", area, period, measure, breakdown, False] = _rank_fact(
                fact, rank - 1, of)
        for breakdown, areas in ranked.items():
            self._memo["_areas_with_data", period, measure, breakdown, "force"] = tuple(
                sorted(areas))

    def _prepare_records(self, params: dict[str, Any], period: Period, measure: str,
                         by_id: dict[int, ObservationRef]) -> None:
        periods = {p.code: p for p in self.periods(measure)}
        for area, breakdown, _n, _high, _low, _first, ids in sql.run(self.store.db, "records",
                                                                       params):
            refs = [by_id[i] for i in ids]
            series = [self._value_fact(ref, periods[ref.period]) for ref in refs]
            self._memo["record", area, period, measure, breakdown] = _record_fact(
                series, series[-1], period)

    def _value_fact(self, ref: ObservationRef, period: Period) -> Fact:
        found = self._memo.get(("value", ref.area, period, ref.measure, ref.breakdown))
        if found is not None and found.inputs[0] is ref:
            return found
        number = Fraction(ref.value)
        unit = "percent" if self.is_change_measure(ref.measure) else "count"
        return Fact("value", number, unit, plain(number), (ref,), ref.area, period, ref.measure,
                    ref.breakdown, published=True)

    # -- basic facts -------------------------------------------------------------------------
    @_memoised
    def value(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        ref = self.observation(area, period, measure, breakdown)
        if ref is None or ref.status != "reported" or ref.value is None:
            return None
        return self._value_fact(ref, period)

    @_memoised
    def previous(self, area: str, period: Period, measure: str,
                 breakdown: str = "") -> Fact | None:
        fact = self.value(area, period.previous(), measure, breakdown)
        return None if fact is None else _previous_fact(fact, period)

    @_memoised
    def change(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        now = self.value(area, period, measure, breakdown)
        before = self.value(area, period.previous(), measure, breakdown)
        if now is None or before is None:
            return None
        return _change_fact(now, before)

    @_memoised
    def pct_change(self, area: str, period: Period, measure: str,
                   breakdown: str = "") -> Fact | None:
        now = self.value(area, period, measure, breakdown)
        before = self.value(area, period.previous(), measure, breakdown)
        published = None
        if now is None or before is None:
            published = self.value(area, period, f"{measure}_pct_change", breakdown)
        return _pct_change_fact(now, before, published, measure)

    def direction(self, area: str, period: Period, measure: str, breakdown: str = "") -> str | None:
        """"rose", "fell" or "unchanged"; None when there is nothing to compare with."""
        change = self.change(area, period, measure, breakdown) or self.pct_change(
            area, period, measure, breakdown)
        if change is None:
            return None
        return "rose" if change.value > 0 else "fell" if change.value < 0 else "unchanged"

    def why_missing(self, area: str, period: Period, measure: str, breakdown: str = "") -> str:
        """Why there is no value: no observation, or the status the source gave."""
        ref = self.observation(area, period, measure, breakdown)
        name = self.gazetteer.areas[area].name if area in self.gazetteer.areas else area
        label = measure + (f" [{breakdown}]" if breakdown else "")
        if ref is None:
            return f"no data for {name}, {period.code}, {label} in {self.dataset}"
        return f"{name} {period.code} {label}: {ref.status.replace('_', ' ')}"

    # -- shares and rates --------------------------------------------------------------------
    @_memoised
    def share(self, area: str, period: Period, measure: str, breakdown: str) -> Fact | None:
        part = self.value(area, period, measure, breakdown)
        whole = self.value(area, period, measure, "")
        if part is None or whole is None or whole.value == 0:
            return None
        return _share_fact(part, whole)

    def count(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        """The value when the measure is a count (rates and ranks make sense only of counts)."""
        return None if self.is_change_measure(measure) else self.value(
            area, period, measure, breakdown)

    @_memoised
    def per_day(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        fact = self.count(area, period, measure, breakdown)
        if fact is None:
            return None
        return Fact("per_day", fact.value / period.days, "per_day",
                    f"{plain(fact.value)} / {period.days} days", fact.inputs, area, period,
                    measure, breakdown, extra=(("days", period.days),))

    @_memoised
    def interval_minutes(self, area: str, period: Period, measure: str,
                         breakdown: str = "") -> Fact | None:
        fact = self.count(area, period, measure, breakdown)
        if fact is None or fact.value == 0:
            return None
        return Fact("interval_minutes", Fraction(period.days * MINUTES_PER_DAY) / fact.value,
                    "minutes", f"{period.days} days * 1440 / {plain(fact.value)}", fact.inputs,
                    area, period, measure, breakdown,
                    extra=(("days", period.days), ("count", plain(fact.value))))

    @_memoised
    def rate_per(self, area: str, period: Period, measure: str, breakdown: str = "",
                 per: int = 1000) -> Fact | None:
        fact = self.count(area, period, measure, breakdown)
        year = period.start.year if period.start.month <= 6 else period.end.year
        population = self.gazetteer.population(area, year)
        if fact is None or population is None:
            return None
        residents, source, quality = population
        return Fact(f"rate_per_{per}", fact.value / residents * per, f"per {per:,} residents",
                    f"{plain(fact.value)} / {residents} * {per}", fact.inputs, area, period,
                    measure, breakdown,
                    extra=(("population", residents), ("population_year", year),
                           ("population_source", source), ("population_quality", quality)))

    # -- comparisons -------------------------------------------------------------------------
    @_memoised
    def rank(self, area: str, period: Period, measure: str, breakdown: str = "",
             lowest: bool = False) -> Fact | None:
        """1 + the number of territorial forces above (with `lowest`, below) the area's count."""
        fact = self.count(area, period, measure, breakdown)
        if fact is None or self._kind(area) != "force" or not self._territorial(area):
            return None
        values = [self.value(other, period, measure, breakdown)
                  for other in self.areas_with_data(period, measure, breakdown)
                  if self._territorial(other)]
        beyond = sum(1 for other in values if other and (
            other.value < fact.value if lowest else other.value > fact.value))
        return _rank_fact(fact, beyond, len(values), lowest=lowest)

    def neighbours(self, area: str, period: Period, measure: str,
                   breakdown: str = "") -> list[str]:
        """Neighbouring areas with a reported value for the period."""
        return list(self._neighbours(area, period, measure, breakdown))

    @_memoised
    def _neighbours(self, area: str, period: Period, measure: str,
                    breakdown: str = "") -> tuple[str, ...]:
        return tuple(n for n in self.gazetteer.neighbours_of(area)
                if self.value(n, period, measure, breakdown) is not None)

    @_memoised
    def national(self, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        """The published national figure, else the sum over reporting forces with coverage."""
        for area in NATIONAL_AREAS:
            fact = self.value(area, period, measure, breakdown)
            if fact is not None:
                return fact
        return self.total_over(self._forces_in(None), "united-kingdom", period, measure,
                               breakdown)

    @_memoised
    def regional(self, region_slug: str, period: Period, measure: str,
                 breakdown: str = "") -> Fact | None:
        return self.value(region_slug, period, measure, breakdown) or self.total_over(
            self._forces_in(region_slug), region_slug, period, measure, breakdown)

    def within(self, area_slug: str, period: Period, measure: str,
               breakdown: str = "") -> Fact | None:
        """The area's own published figure, else the sum over the territorial forces inside it
        (through regions and nations: "england-and-wales" sums all 43), with coverage."""
        return self.value(area_slug, period, measure, breakdown) or self.total_over(
            self._forces_under(area_slug), area_slug, period, measure, breakdown)

    def forces_within(self, area_slug: str) -> list[str]:
        """The territorial forces inside an area (region, nation, "england-and-wales", the UK)."""
        return self._forces_under(area_slug)

    def _forces_under(self, ancestor: str) -> list[str]:
        def inside(slug: str) -> bool:
            seen = set()
            while slug and slug not in seen:
                if slug == ancestor:
                    return True
                seen.add(slug)
                slug = self.gazetteer.areas[slug].parent if slug in self.gazetteer.areas else ""
            return False
        return sorted(a.slug for a in self.gazetteer.forces() if a.territorial and inside(a.parent))

    def _territorial(self, slug: str) -> bool:
        area = self.gazetteer.areas.get(slug)
        return bool(area and area.territorial)

    def _forces_in(self, parent: str | None) -> list[str]:
        return sorted(a.slug for a in self.gazetteer.forces()
                      if a.territorial and (parent is None or a.parent == parent))

    def coverage(self, period: Period, measure: str, breakdown: str = "",
                 forces: list[str] | None = None) -> Coverage:
        forces = forces if forces is not None else self._forces_in(None)
        reported, missing, not_reported = 0, [], []
        for slug in forces:
            ref = self.observation(slug, period, measure, breakdown)
            if ref is None:
                missing.append(slug)
            elif ref.status != "reported":
                not_reported.append((slug, ref.status))
            else:
                reported += 1
        return Coverage(reported, len(forces), tuple(missing), tuple(not_reported))

    def total_over(self, forces: list[str], label_area: str, period: Period, measure: str,
                   breakdown: str = "") -> Fact | None:
        facts = [f for f in (self.value(s, period, measure, breakdown) for s in forces) if f]
        if not facts:
            return None
        coverage = self.coverage(period, measure, breakdown, forces)
        total = sum((f.value for f in facts), Fraction(0))
        inputs = tuple(ref for f in facts for ref in f.inputs)
        return Fact("total", total, "count", f"sum of {len(facts)} forces", inputs,
                    label_area, period, measure, breakdown,
                    extra=(("coverage", coverage.text), ("reported", coverage.reported),
                           ("expected", coverage.expected)))

    def series(self, area: str, measure: str, breakdown: str = "") -> list[Fact]:
        return [f for f in (self.value(area, p, measure, breakdown)
                            for p in self.periods(measure)) if f is not None]

    @_memoised
    def record(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        """Whether the period's value is the highest ("high") or lowest ("low") of the series
        up to and including that period.

        None when the series has fewer than three periods: two points make no record.
        """
        series = [f for f in self.series(area, measure, breakdown) if f.period <= period]
        current = self.value(area, period, measure, breakdown)
        if current is None or len(series) < 3:
            return None
        return _record_fact(series, current, period)

    def change_since(self, area: str, period: Period, base: Period, measure: str,
                     breakdown: str = "") -> Fact | None:
        now = self.value(area, period, measure, breakdown)
        then = self.value(area, base, measure, breakdown)
        if now is None or then is None or then.value == 0:
            return None
        return Fact("pct_change_since", (now.value - then.value) / then.value * 100, "percent",
                    f"({plain(now.value)} - {plain(then.value)}) / {plain(then.value)} * 100",
                    now.inputs + then.inputs, area, period, measure, breakdown,
                    extra=(("since", base.code),))

    def is_change_measure(self, measure: str) -> bool:
        """A measure holding published changes (per cent), not counts."""
        return self.config.is_change_measure(measure)


def _previous_fact(before: Fact, period: Period) -> Fact:
    return Fact("previous", before.value, before.unit, before.formula, before.inputs, before.area,
                period, before.measure, before.breakdown, published=True,
                extra=(("of_period", period.previous().code),))


def _change_fact(now: Fact, before: Fact) -> Fact:
    return Fact("change", now.value - before.value, "count",
                f"{plain(now.value)} - {plain(before.value)}", now.inputs + before.inputs,
                now.area, now.period, now.measure, now.breakdown)


def _pct_change_fact(now: Fact | None, before: Fact | None, published: Fact | None,
                     measure: str) -> Fact | None:
    """From the two counts; else the change the source published (`published`)."""
    if now is not None and before is not None:
        if before.value == 0:
            return None
        pct = (now.value - before.value) / before.value * 100
        return Fact("pct_change", pct, "percent",
                    f"({plain(now.value)} - {plain(before.value)}) / {plain(before.value)} * 100",
                    now.inputs + before.inputs, now.area, now.period, measure, now.breakdown,
                    small_base=before.value < SMALL_BASE)
    if published is None:
        return None
    return Fact("pct_change", published.value, "percent",
                f"published: {plain(published.value)}", published.inputs, published.area,
                published.period, measure, published.breakdown, published=True)


def _share_fact(part: Fact, whole: Fact) -> Fact:
    return Fact("share", part.value / whole.value, "share",
                f"{plain(part.value)} / {plain(whole.value)}", part.inputs + whole.inputs,
                part.area, part.period, part.measure, part.breakdown)


def _rank_fact(fact: Fact, beyond: int, of: int, *, lowest: bool = False) -> Fact:
    side = "below" if lowest else "above"
    return Fact("rank_lowest" if lowest else "rank", Fraction(beyond + 1), "rank",
                f"1 + number of forces {side} {plain(fact.value)}", fact.inputs, fact.area,
                fact.period, fact.measure, fact.breakdown, extra=(("of", of),))


def _record_fact(series: list[Fact], current: Fact, period: Period) -> Fact:
    values = [f.value for f in series]
    kind = ("high" if current.value == max(values) else
            "low" if current.value == min(values) else "none")
    first = series[0].period
    return Fact("record", current.value, "count",
                f"{kind} of {len(series)} periods since {first.code}",
                tuple(ref for f in series for ref in f.inputs), current.area, period,
                current.measure, current.breakdown,
                extra=(("record", kind), ("since", first), ("periods", len(series))))


FACT_METHODS = ("value", "previous", "change", "pct_change", "per_day", "interval_minutes",
                "rate_per", "rank", "record")


def area_facts(book: FactBook, area: str, measure: str | None = None,
               period: str | Period | None = None) -> list[Fact]:
    """Every fact the book can state about an area for a period (latest by default)."""
    measures = [measure] if measure else sorted(
        {ref.measure for ref in book.observations() if not book.is_change_measure(ref.measure)})
    facts: list[Fact] = []
    for name in measures:
        periods = sorted(Period.parse(ref.period) for ref in book.observations()
                         if ref.measure == name and ref.area == area)
        if not periods:
            continue
        when = Period.parse(period) if isinstance(period, str) else period or periods[-1]
        breakdowns = sorted({ref.breakdown for ref in book.observations()
                             if ref.measure == name and ref.area == area})
        for breakdown in breakdowns or [""]:
            for method in FACT_METHODS:
                fact = getattr(book, method)(area, when, name, breakdown)
                if fact is not None:
                    facts.append(fact)
            if breakdown:
                share = book.share(area, when, name, breakdown)
                if share is not None:
                    facts.append(share)
    return facts
