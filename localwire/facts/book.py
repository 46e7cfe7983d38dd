"""FactBook: the facts of one dataset, looked up in prepared families.

Every lookup (`value`, `rank`, `within`, ...) finds its answer in a family prepared for every
area at once (`localwire.facts.families`); the first question about a period and measure
prepares that family, later ones read it. `prepare(period, measure)` prepares, before any
story asks, every family a story reads. So the per-area path and the set-wise path are one
path. Prepared families are shared by every book of the same store and dataset until the
store's next commit (as the gazetteer is: `areas.gazetteer_of`), so checking many texts, or
serving many requests, reads each family once; `shared=False` gives a book its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from localwire.areas import gazetteer_of
from localwire.errors import FactError
from localwire.facts.cache import memoised, shared_families
from localwire.facts.engine import DuckDBEngine, Engine
from localwire.facts.families import (
    areas,
    changes,
    frequency,
    observations,
    ranks,
    rates,
    records,
    shares,
    since,
    totals,
    values,
)
from localwire.facts.families.base import MISSING, REF, Refs, Scope, source_files
from localwire.model.facts import Coverage, Fact, ObservationRef
from localwire.model.periods import Period
from localwire.store import Store

NATIONAL_AREAS = ("united-kingdom", "england-and-wales")
UK = "united-kingdom"


@dataclass
class FactBook:
    """Facts for one dataset. `engine`: where the families run (the store's DuckDB file by
    default; `localwire.facts.engine.IbisEngine` for Spark or Trino)."""

    store: Store
    dataset: str
    engine: Engine | None = None
    shared: bool = True
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.config = self.store.dataset(self.dataset)
        self.gazetteer = gazetteer_of(self.store)
        if self.engine is None:
            self.engine = DuckDBEngine(self.store)
        else:
            self.shared = False  # families from another engine are that engine's own
        engine = self.engine
        fresh = ({}, Refs(lambda: {row["id"]: row["filename"]
                                   for row in engine.rows(source_files, None)}))
        self._families, self._refs = (shared_families(self.store, self.dataset, fresh) if self.shared
                                      else fresh)

    # -- running families ----------------------------------------------------------------------
    def _family(self, module: Any, scope: Any, *args: Any) -> Any:
        key = (module.__name__, scope)
        found = self._families.get(key)
        if found is None:
            rows = (self.engine.tuples(module.expression, scope, columns=REF)
                    if module is values else self.engine.rows(module.expression, scope))
            found = self._families[key] = module.facts(rows, self._refs, scope, *args)
        return found

    def _rows(self, build: Callable, scope: Any) -> list[dict[str, Any]]:
        key = (build.__qualname__, scope)
        found = self._families.get(key)
        if found is None:
            found = self._families[key] = self.engine.rows(build, scope)
        return found

    def _unit(self, measure: str) -> str:
        return "percent" if self.is_change_measure(measure) else "count"

    def _scope(self, period: Period, measure: str) -> Scope:
        return Scope(self.dataset, period, measure)

    def _values(self, period: Period, measure: str) -> values.Values:
        """The values family holding `period` and the period before: one read for many years
        (`read_values`), the period's own, or the next period's (which reads the period
        before it) when only that one is prepared."""
        found = self._memo.get(("values", period, measure))
        if found is not None:
            return found
        found = self._families.get(("values of", measure, period.code))
        following = Period(period.end_year + 1, period.end_month)
        for holder in (period, following):
            if found is not None:
                break
            found = self._families.get(("localwire.facts.families.values",
                                        self._scope(holder, measure)))
        if found is None:
            found = self._family(values, self._scope(period, measure), self._unit(measure))
        self._memo["values", period, measure] = found
        return found

    def read_values(self, scope: values.ValuesScope) -> values.Values:
        """The observations of every period (and area) `scope` names, in one query. Read for
        every area, it then answers for each of its periods whose year before it read too (or
        which has no year before in the data): a story's years cost one query, not one a pair."""
        key = ("localwire.facts.families.values", scope)
        found = self._families.get(key)
        if found is None:
            rows = self.engine.tuples(values.expression, scope, columns=REF)
            found = self._families[key] = values.facts(rows, self._refs, scope,
                                                       self._unit(scope.measure))
            if scope.areas is None:
                known = {p.code for p in self.periods(scope.measure)}
                for code in scope.periods:
                    before = Period.parse(code).previous().code
                    if before in scope.periods or before not in known:
                        self._families["values of", scope.measure, code] = found
        return found

    def _years(self, period: Period, measure: str) -> values.ValuesScope:
        """Every period of the measure up to `period`: what a story about `period` reads."""
        return values.ValuesScope(self.dataset, measure, tuple(
            p.code for p in self.periods(measure) if p <= period))

    def _over_inputs(self, module: Any, scope: Any) -> Any:
        """A family naming its inputs by id (changes, shares, rates, ranks), made after they
        are read: the period's and the year before's (the next period's lacks the latter)."""
        if self._families.get(("values of", scope.measure, scope.period.code)) is None:
            self._family(values, self._scope(scope.period, scope.measure), self._unit(scope.measure))
        return self._family(module, scope, self._unit(scope.measure))

    def prepare(self, period: Period, measure: str) -> int:
        """Prepare, for every area at once, every family a story about `period` reads: values,
        changes, shares, rates, ranks by count and by rate, records, totals (this period and
        the one before). Returns the number of areas with a value."""
        self.read_values(self._years(period, measure))
        found = self._values(period, measure)
        self._changes(period, measure)
        self._shares(period, measure)
        self._rates(period, measure)
        for by in ranks.BY:
            self._ranks(period, measure, ranks.DEFAULT_AMONG, by)
        self._records(period, measure)
        self._totals(period, measure, None)
        self._totals(period.previous(), measure, None)
        self.members()
        return len(found.areas_in(period.code))

    # -- observations and values ---------------------------------------------------------------
    def observation(self, area: str, period: Period, measure: str,
                    breakdown: str = "") -> ObservationRef | None:
        return self._values(period, measure).observations.get((period.code, area, breakdown))

    def observations(self) -> list[ObservationRef]:
        rows = self._rows(observations.everything, self.dataset)
        return [self._refs.of(row) for row in rows]

    def periods(self, measure: str) -> list[Period]:
        """The periods the measure has observations for, oldest first."""
        key = ("periods", measure)
        if key not in self._memo:
            rows = self._rows(observations.periods,
                              observations.MeasureScope(self.dataset, measure))
            self._memo[key] = tuple(sorted(Period.parse(row["period"]) for row in rows))
        return list(self._memo[key])

    @memoised
    def value(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        return self._values(period, measure).values.get((period.code, area, breakdown))

    @memoised
    def previous(self, area: str, period: Period, measure: str,
                 breakdown: str = "") -> Fact | None:
        before = self._values(period, measure).values.get(
            (period.previous().code, area, breakdown))
        return None if before is None else values.previous_fact(before, period)

    def count(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        """The value when the measure is a count (rates and ranks make sense only of counts)."""
        return None if self.is_change_measure(measure) else self.value(
            area, period, measure, breakdown)

    def series(self, area: str, measure: str, breakdown: str = "") -> list[Fact]:
        """The area's value in every period of the measure, oldest first."""
        scope = observations.SeriesScope(self.dataset, measure, breakdown)
        unit = self._unit(measure)
        found = [values.value_of(self._refs, ref, Period.parse(ref.period), unit)
                 for ref in (self._refs.of(row) for row in self._rows(observations.series, scope))
                 if ref.area == area and ref.status == "reported" and ref.value is not None]
        return sorted(found, key=lambda fact: fact.period)

    def areas_with_data(self, period: Period, measure: str, breakdown: str = "",
                        kind: str = "force") -> list[str]:
        return list(self._areas_with_data(period, measure, breakdown, kind))

    @memoised
    def _areas_with_data(self, period: Period, measure: str, breakdown: str = "",
                         kind: str = "force") -> tuple[str, ...]:
        known = self.gazetteer.areas
        return tuple(sorted(
            area for area in self._values(period, measure).areas_with_value(period.code, breakdown)
            if area in known and known[area].kind == kind))

    def why_missing(self, area: str, period: Period, measure: str, breakdown: str = "") -> str:
        """Why there is no value: no observation, or the status the source gave."""
        ref = self.observation(area, period, measure, breakdown)
        name = self._name(area)
        label = measure + (f" [{breakdown}]" if breakdown else "")
        if ref is None:
            return f"no data for {name}, {period.code}, {label} in {self.dataset}"
        return f"{name} {period.code} {label}: {ref.status.replace('_', ' ')}"

    def _name(self, slug: str) -> str:
        area = self.gazetteer.areas.get(slug)
        return area.name if area else slug

    # -- changes -------------------------------------------------------------------------------
    def _changes(self, period: Period, measure: str) -> changes.Changes:
        return self.remember(("changes", period, measure), lambda: self._over_inputs(
            changes, changes.ChangeScope(self.dataset, period, measure,
                                         self.config.change_measure_of(measure))))

    @memoised
    def change(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        return self._changes(period, measure).change.get((area, breakdown))

    @memoised
    def pct_change(self, area: str, period: Period, measure: str,
                   breakdown: str = "") -> Fact | None:
        return self._changes(period, measure).pct_change.get((area, breakdown))

    def direction(self, area: str, period: Period, measure: str, breakdown: str = "") -> str | None:
        """"rose", "fell" or "unchanged"; None when there is nothing to compare with."""
        found = self._changes(period, measure)
        key = (area, breakdown)
        return changes.direction(found.change.get(key), found.pct_change.get(key))

    def change_since(self, area: str, period: Period, base: Period, measure: str,
                     breakdown: str = "") -> Fact | None:
        scope = since.SinceScope(self.dataset, period, measure, base)
        return self._family(since, scope, self._unit(measure)).since.get((area, breakdown))

    # -- shares and frequencies ----------------------------------------------------------------
    def _shares(self, period: Period, measure: str) -> shares.Shares:
        return self.remember(("shares", period, measure),
                             lambda: self._over_inputs(shares, self._scope(period, measure)))

    @memoised
    def share(self, area: str, period: Period, measure: str, breakdown: str) -> Fact | None:
        return self._shares(period, measure).share.get((area, breakdown))

    def one_in(self, area: str, period: Period, measure: str, breakdown: str) -> Fact | None:
        """"One in N": the total over the breakdown's figure (none when the figure is zero)."""
        return self._shares(period, measure).one_in.get((area, breakdown))

    @memoised
    def per_day(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        fact = self.count(area, period, measure, breakdown)
        return None if fact is None else frequency.per_day_fact(fact)

    @memoised
    def per_week(self, area: str, period: Period, measure: str,
                 breakdown: str = "") -> Fact | None:
        fact = self.count(area, period, measure, breakdown)
        return None if fact is None else frequency.per_week_fact(fact)

    @memoised
    def interval_minutes(self, area: str, period: Period, measure: str,
                         breakdown: str = "") -> Fact | None:
        fact = self.count(area, period, measure, breakdown)
        return None if fact is None else frequency.interval_fact(fact)

    # -- rates ---------------------------------------------------------------------------------
    def _rates(self, period: Period, measure: str) -> rates.Rates:
        return self.remember(("rates", period, measure),
                             lambda: self._over_inputs(rates, self._scope(period, measure)))

    @memoised
    def rate_per(self, area: str, period: Period, measure: str, breakdown: str = "",
                 per: int = 1000) -> Fact | None:
        if self.is_change_measure(measure):
            return None
        row = self._rates(period, measure).rows.get((area, breakdown))
        return None if row is None else rates.rate_fact(row, per, rates.population_year(period))

    def why_no_rate(self, area: str, period: Period, measure: str,
                    breakdown: str = "") -> str | None:
        """Why an area with a figure has no rate per resident (None when it has one, or has
        no figure: see `why_missing`)."""
        if self.is_change_measure(measure):
            return f"{measure} holds published changes, which have no rate"
        row = self._rates(period, measure).rows.get((area, breakdown))
        return rates.reason(row, self._name(area), rates.population_year(period))

    # -- ranks ---------------------------------------------------------------------------------
    def _ranks(self, period: Period, measure: str, among: str, by: str) -> ranks.Ranks:
        if by not in ranks.BY:
            raise FactError(f"ranks are by {' or '.join(ranks.BY)}, not {by!r}")
        return self.remember(("ranks", period, measure, among, by), lambda: self._over_inputs(
            ranks, ranks.RankScope(self.dataset, period, measure, among, by)))

    @memoised
    def rank(self, area: str, period: Period, measure: str, breakdown: str = "",
             lowest: bool = False, among: str = ranks.DEFAULT_AMONG,
             by: str = "count") -> Fact | None:
        """The area's place among the territorial forces of `among` (England and Wales by
        default): from the top, or from the bottom with `lowest`; ties joint. By rate with
        `by="rate"` (see `rank_by_rate`). Details: see `localwire.facts.families.ranks`."""
        if self.is_change_measure(measure):
            return None
        found = self._ranks(period, measure, among, by)
        row = found.ranked.get((area, breakdown))
        if row is None:
            return None
        scope = ranks.RankScope(self.dataset, period, measure, among, by)
        excluded = found.excluded.get(breakdown, ())
        reason = "; ".join(self.why_no_rate(slug, period, measure, breakdown) or ""
                           for slug in excluded)
        return ranks.rank_fact(row, scope, self._name(among), lowest, excluded, reason)

    def rank_by_rate(self, area: str, period: Period, measure: str, breakdown: str = "",
                     lowest: bool = False, among: str = ranks.DEFAULT_AMONG) -> Fact | None:
        """The area's place by rate per resident: only when every population in the ranking
        is sound; areas with too few residents are left out (the fact lists them)."""
        return self.rank(area, period, measure, breakdown, lowest, among, "rate")

    def standing(self, area: str, period: Period, measure: str, breakdown: str = "",
                 among: str = ranks.DEFAULT_AMONG, by: str = "count") -> Fact | None:
        """The rank from the end the area is nearer: "the second lowest" rather than "the
        42nd highest" (from the top when equally near)."""
        top = self.rank(area, period, measure, breakdown, False, among, by)
        if top is None or top.detail("nearer") == "top":
            return top
        return self.rank(area, period, measure, breakdown, True, among, by)

    def why_no_rank(self, area: str, period: Period, measure: str, breakdown: str = "",
                    among: str = ranks.DEFAULT_AMONG, by: str = "count") -> str | None:
        """Why an area has no rank (None when it has one): see `ranks.why_no_rank`."""
        if self.rank(area, period, measure, breakdown, False, among, by) is not None:
            return None
        return ranks.why_no_rank(self, area, period, measure, breakdown, among,
                                 self._ranks(period, measure, among, by).unranked)

    # -- records -------------------------------------------------------------------------------
    def _records(self, period: Period, measure: str) -> records.Records:
        key = ("records", period, measure)
        if key not in self._memo:
            scope = records.RecordScope(self.dataset, period, measure,
                                        records.series_of(period, self.periods(measure)))
            if len(scope.series) < records.MIN_PERIODS:  # a period before the data: no query
                self._memo[key] = records.facts([], self._refs, scope, self._unit(measure))
            else:  # the inputs, named by id: newest first, each values family holds two years
                for code in reversed(scope.series):
                    self._values(Period.parse(code), measure)
                self._memo[key] = self._family(records, scope, self._unit(measure))
        return self._memo[key]

    @memoised
    def record(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        """Whether the period's figure is the highest ("high") or lowest ("low") of the series
        of the same shape up to that period; None with fewer than three figures."""
        return self._records(period, measure).record.get((area, breakdown))

    # -- areas, totals and coverage ------------------------------------------------------------
    def members(self) -> dict[str, tuple[str, ...]]:
        """The territorial forces inside each area of the gazetteer (`families.areas`)."""
        rows = self._rows(areas.every_member, None)
        if ("members", "by_group") not in self._memo:
            grouped: dict[str, list[str]] = {}
            for row in rows:
                grouped.setdefault(row["group"], []).append(row["member"])
            self._memo["members", "by_group"] = {g: tuple(sorted(m)) for g, m in grouped.items()}
        return self._memo["members", "by_group"]

    def forces_within(self, area_slug: str) -> list[str]:
        """The territorial forces inside an area (region, nation, "england-and-wales", the UK)."""
        return list(self.members().get(area_slug, ()))

    def neighbours(self, area: str, period: Period, measure: str,
                   breakdown: str = "") -> list[str]:
        """Neighbouring areas with a reported value for the period."""
        return [n for n in self.gazetteer.neighbours_of(area)
                if self.value(n, period, measure, breakdown) is not None]

    def _totals(self, period: Period, measure: str, group: Any) -> totals.Totals:
        scope = totals.TotalScope(self.dataset, period, measure, group)
        key = ("localwire.facts.families.totals", scope)
        found = self._families.get(key)
        if found is None:
            self._values(period, measure)  # the inputs, named by id in the totals' rows
            found = self._families[key] = totals.facts(self.engine.rows(totals.expression, scope),
                                                       self._refs, scope)
        return found

    def _group(self, forces: list[str], label_area: str) -> Any:
        """None (the gazetteer's areas) when `forces` are the members of `label_area`, else the
        explicit (label, forces). Asked once per list: a checker asks it for every text, with
        the same thousand forces each time."""
        return self.remember(("group", label_area, tuple(forces)),
                             lambda: self._group_of(forces, label_area))

    def _group_of(self, forces: list[str], label_area: str) -> Any:
        chosen = tuple(sorted(set(forces)))
        if chosen and chosen == self.members().get(label_area):
            return None
        unknown = [slug for slug in chosen if slug not in self.gazetteer.areas]
        if unknown:
            raise FactError(f"unknown areas in a total: {', '.join(unknown)}")
        return (label_area, chosen)

    def total_over(self, forces: list[str], label_area: str, period: Period, measure: str,
                   breakdown: str = "") -> Fact | None:
        group = self._group(forces, label_area)
        return self._totals(period, measure, group).totals.get((label_area, breakdown))

    def coverage(self, period: Period, measure: str, breakdown: str = "",
                 forces: list[str] | None = None) -> Coverage:
        """Which of `forces` (all territorial forces by default) reported, and which did not."""
        return self.remember(("coverage", period, measure, breakdown,
                              None if forces is None else tuple(forces)),
                             lambda: self._coverage(period, measure, breakdown, forces))

    def _coverage(self, period: Period, measure: str, breakdown: str,
                  forces: list[str] | None) -> Coverage:
        chosen = self.members().get(UK, ()) if forces is None else tuple(sorted(set(forces)))
        label = self._aggregates().get(chosen)
        group = None if label else self._group(list(chosen), "")
        found = self._totals(period, measure, group).coverage.get((label or "", breakdown))
        return found or Coverage(0, len(chosen), chosen, ())  # nothing for this breakdown

    def _aggregates(self) -> dict[tuple[str, ...], str]:
        """The area (first by slug) whose territorial forces are exactly these."""
        if ("members", "by_forces") not in self._memo:
            self._memo["members", "by_forces"] = {
                forces: group for group, forces in sorted(self.members().items(), reverse=True)}
        return self._memo["members", "by_forces"]

    def within(self, area_slug: str, period: Period, measure: str,
               breakdown: str = "") -> Fact | None:
        """The area's own published figure, else the sum over the territorial forces inside it
        (through regions and nations: "england-and-wales" sums all 43), with coverage."""
        return self.value(area_slug, period, measure, breakdown) or self._totals(
            period, measure, None).totals.get((area_slug, breakdown))

    def change_within(self, area_slug: str, period: Period, measure: str,
                      breakdown: str = "") -> Fact | None:
        """The percentage change of `within`: the area's own (`pct_change`) where the source
        gave the area a figure, else the change of the sum over its forces, only when the same
        forces reported both periods (`totals.pct_change_of`)."""
        found = self._change_within(area_slug, period, measure, breakdown)
        return found if isinstance(found, Fact) else None

    def why_no_change_within(self, area_slug: str, period: Period, measure: str,
                             breakdown: str = "") -> str | None:
        found = self._change_within(area_slug, period, measure, breakdown)
        return None if isinstance(found, Fact) else found

    def _change_within(self, area_slug: str, period: Period, measure: str,
                       breakdown: str) -> Fact | str:
        if self.value(area_slug, period, measure, breakdown) is not None:
            own = self.pct_change(area_slug, period, measure, breakdown)
            return own or f"{self._name(area_slug)} has no change on {period.previous().label}"
        now, before = (self._totals(p, measure, None).totals.get((area_slug, breakdown))
                       for p in (period, period.previous()))
        return totals.pct_change_of(now, before, self._name(area_slug), period.label,
                                    period.previous().label)

    def national(self, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        """The published national figure, else the sum over reporting forces with coverage."""
        for area in NATIONAL_AREAS:
            fact = self.value(area, period, measure, breakdown)
            if fact is not None:
                return fact
        return self._totals(period, measure, None).totals.get((UK, breakdown))

    def regional(self, region_slug: str, period: Period, measure: str,
                 breakdown: str = "") -> Fact | None:
        return self.within(region_slug, period, measure, breakdown)

    # -- the rest ------------------------------------------------------------------------------
    def is_change_measure(self, measure: str) -> bool:
        """A measure holding published changes (per cent), not counts."""
        return self.config.is_change_measure(measure)

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per key for this book's life: for views derived from its facts
        (a writer's facts of a neighbour, say), which never go stale as the book never does."""
        key = ("remember", *key)
        found = self._memo.get(key, MISSING)
        if found is MISSING:
            found = self._memo[key] = compute()
        return found
