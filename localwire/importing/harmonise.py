"""Harmonising age bands: comparable bands derived from each force's own, or "not comparable".

Forces answer the same FOI question in their own age bands (0-5/6-10/11-15/16-17 from one,
11 and under/12-15/16-17 from another, an "unknown age" column from a third). Their bands are
stored as reported and never changed. The dataset declares the bands a story compares
(`[breakdowns.X]` with `kind = "age"`, `age_max` and optionally `age_min`, default 0); this
module derives them where a force's bands allow it:

- A target band is derivable for a force, period and measure iff it is an exact union of that
  force's reported bands: bands lying inside the target that tile it with no gap and no overlap.
  A reported band that straddles one of the target's edges (11 and under against 10 and under)
  makes it not comparable unless other bands tile the target without it; no number is invented.
- The derived value is the sum of the parts. If any part is suppressed, the derived figure is
  suppressed with the summed bounds (a suppressed part is never summed as zero; a suppressed part
  without bounds leaves the derived bounds unknown). If any part is refused, not held, flag not
  used or unanswered, the derived figure takes that status (in that order of precedence).
- "Unknown age" counts are in no band, so in no derived band; they are reported alongside.
- A band the force reported itself under the target's key is left alone ("reported"); a derived
  observation never replaces a reported one. Derived observations are never parts of others.

Band keys and labels are read by `parse_band`; see its docstring for the accepted spellings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from localwire.importing.bands import (
    UNKNOWN_AGE,
    AgeBand,
    age_limit_of,
    band_words,
    parse_band,
    target_bands,
)
from localwire.model.config import DatasetConfig
from localwire.model.numbers import plain
from localwire.model.periods import Period
from localwire.model.statuses import (
    FLAG_NOT_USED,
    NO_REPLY,
    NOT_HELD,
    REFUSED,
    REPORTED,
    SUPPRESSED,
)
from localwire.store import Store
from localwire.store import observations as observation_queries

RULE = "age-band-union"
DERIVED = "derived"
REPORTED_AS_SUCH = "reported"
NOT_COMPARABLE = "not_comparable"
# A part with one of these statuses gives the derived band its status; the first found wins.
STATUS_PRECEDENCE = (REFUSED, NOT_HELD, FLAG_NOT_USED, NO_REPLY)

# -- observations in, results out --------------------------------------------------------------
@dataclass(frozen=True)
class Observation:
    """The fields of a stored observation that harmonising reads."""

    id: int
    area: str
    period: str
    measure: str
    breakdown: str
    value: Decimal | None
    status: str
    lower_bound: Decimal | None = None
    upper_bound: Decimal | None = None
    source_id: int | None = None
    cited_source: str | None = None
    derived: bool = False
    part_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportedBand:
    key: str
    band: AgeBand
    observation: Observation


@dataclass(frozen=True)
class BandResult:
    """One target band for one force, period and measure."""

    target: str
    band: AgeBand
    outcome: str                       # derived, reported or not_comparable
    parts: tuple[ReportedBand, ...] = ()
    status: str | None = None
    value: Decimal | None = None
    lower_bound: Decimal | None = None
    upper_bound: Decimal | None = None
    reason: str | None = None

    @property
    def note(self) -> str:
        return "derived from " + " + ".join(part.key for part in self.parts)

    @property
    def part_ids(self) -> tuple[int, ...]:
        return tuple(part.observation.id for part in self.parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target, "ages": self.band.label, "outcome": self.outcome,
            "parts": [part.key for part in self.parts],
            "part_observation_ids": list(self.part_ids), "status": self.status,
            "value": _plain(self.value), "lower_bound": _plain(self.lower_bound),
            "upper_bound": _plain(self.upper_bound), "reason": self.reason,
        }


@dataclass
class GroupResult:
    """A force's bands for one period and measure, and what each target band became."""

    area: str
    period: str
    measure: str
    reported: list[ReportedBand] = field(default_factory=list)
    unknown_age: list[Observation] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # age-like keys parse_band cannot read
    targets: list[BandResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.area, "period": self.period, "measure": self.measure,
            "reported_bands": [{"key": r.key, "ages": r.band.label, "observation_id":
                                r.observation.id, **_figure(r.observation)}
                               for r in self.reported],
            "unknown_age": [{"key": o.breakdown, "observation_id": o.id, **_figure(o)}
                            for o in self.unknown_age],
            "unreadable": self.unreadable,
            "targets": [t.as_dict() for t in self.targets],
        }


def _figure(found: Observation) -> dict[str, str | None]:
    return {"status": found.status, "value": _plain(found.value),
            "lower_bound": _plain(found.lower_bound), "upper_bound": _plain(found.upper_bound)}


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def derive_band(target: str, band: AgeBand, reported: list[ReportedBand]) -> BandResult:
    """The target band as an exact union of reported bands, or why it cannot be one."""
    direct = [r for r in reported if r.key == target]
    if direct:
        found = direct[0].observation
        return BandResult(target, band, REPORTED_AS_SUCH, status=found.status, value=found.value,
                          lower_bound=found.lower_bound, upper_bound=found.upper_bound)
    inside = sorted((r for r in reported if band.contains(r.band)),
                    key=lambda r: (r.band.low, -r.band.end, r.key))
    parts = _tiling(band, inside)
    if parts is None:
        return BandResult(target, band, NOT_COMPARABLE,
                          reason=_why_not(target, band, reported, inside))
    status, value, lower, upper = combine_parts([p.observation for p in parts])
    return BandResult(target, band, DERIVED, tuple(parts), status, value, lower, upper)


def _tiling(band: AgeBand, inside: list[ReportedBand]) -> list[ReportedBand] | None:
    """Fewest reported bands that cover `band` end to end without overlapping (breadth first)."""
    paths: dict[float, list[ReportedBand]] = {band.low: []}
    frontier = [band.low]
    while frontier:
        following = []
        for start in frontier:
            for candidate in inside:
                if candidate.band.low == start and candidate.band.end not in paths:
                    paths[candidate.band.end] = [*paths[start], candidate]
                    following.append(candidate.band.end)
        if band.end in paths:
            return paths[band.end]
        frontier = following
    return None


def _why_not(target: str, band: AgeBand, reported: list[ReportedBand],
             inside: list[ReportedBand]) -> str:
    name = f"{target} ({band.label})"
    straddling = [r for r in reported if band.overlaps(r.band) and not band.contains(r.band)]
    if straddling:
        return "; ".join(_straddle_text(r, band, name) for r in straddling)
    uncovered = _uncovered(band, inside)
    if uncovered:
        return f"no reported band covers {uncovered} of {name}"
    keys = ", ".join(r.key for r in inside)
    return f"the reported bands inside {name} overlap ({keys}) and do not add up to it exactly"


def _straddle_text(found: ReportedBand, band: AgeBand, name: str) -> str:
    edges = []
    if found.band.low < band.low:
        edges.append(f"the lower edge of {name}: it starts at {found.band.low}")
    if found.band.end > band.end:
        reach = "has no upper limit" if found.band.high is None else f"runs to {found.band.high}"
        edges.append(f"the upper edge of {name}: it {reach}")
    return f"{found.key} ({found.band.label}) straddles " + " and ".join(edges)


def _uncovered(band: AgeBand, inside: list[ReportedBand]) -> str | None:
    age = band.low
    for found in sorted(inside, key=lambda r: r.band.low):
        if found.band.low > age:
            return _ages(age, found.band.low - 1)
        age = max(age, found.band.end)
    if age < band.end:
        return f"ages {age} and over" if band.high is None else _ages(age, band.high)
    return None


def _ages(low: int, high: int) -> str:
    return f"age {low}" if low == high else f"ages {low}-{high}"


def combine_parts(parts: list[Observation]) -> tuple[str, Decimal | None, Decimal | None,
                                                     Decimal | None]:
    """(status, value, lower, upper) of a sum of parts, following the module's rules."""
    for status in STATUS_PRECEDENCE:
        if any(p.status == status for p in parts):
            return status, None, None, None
    if any(p.status == SUPPRESSED for p in parts):
        lows = [p.value if p.status == REPORTED else p.lower_bound for p in parts]
        highs = [p.value if p.status == REPORTED else p.upper_bound for p in parts]
        if any(x is None for x in lows + highs):
            return SUPPRESSED, None, None, None
        return SUPPRESSED, None, sum(lows, Decimal(0)), sum(highs, Decimal(0))
    if any(p.status != REPORTED or p.value is None for p in parts):
        odd = next(p for p in parts if p.status != REPORTED or p.value is None)
        return odd.status, None, None, None
    return REPORTED, sum((p.value for p in parts), Decimal(0)), None, None


def harmonise_group(area: str, period: str, measure: str, observations: list[Observation],
                    targets: dict[str, AgeBand], *, age_limit: int | None = None) -> GroupResult:
    """Every target band for one force, period and measure, from its observations."""
    group = GroupResult(area, period, measure)
    for found in sorted(observations, key=lambda o: o.id):
        if found.derived:
            continue
        key = found.breakdown
        parsed = targets.get(key) or parse_band(key, age_limit=age_limit)
        if parsed == UNKNOWN_AGE:
            group.unknown_age.append(found)
        elif isinstance(parsed, AgeBand):
            group.reported.append(ReportedBand(key, parsed, found))
        elif band_words(key)[:1] in (["age"], ["aged"], ["ages"]):
            group.unreadable.append(key)
    group.reported.sort(key=lambda r: (r.band.low, r.band.end, r.key))
    if group.reported:
        group.targets = [derive_band(key, band, group.reported) for key, band in targets.items()]
    return group


def harmonise_observations(observations: list[Observation], config: DatasetConfig,
                           ) -> list[GroupResult]:
    """Harmonise every force, period and measure that reported age bands (pure)."""
    targets = target_bands(config)
    if not targets:
        return []
    limit = age_limit_of(config)
    groups: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for found in observations:
        if _summable(found.measure, config):
            groups[(found.area, found.period, found.measure)].append(found)
    results = [harmonise_group(area, period, measure, found, targets, age_limit=limit)
               for (area, period, measure), found in groups.items()]
    results = [r for r in results if r.reported or r.unknown_age or r.unreadable]
    return sorted(results, key=lambda r: (r.measure, Period.parse(r.period), r.area))


def _summable(measure: str, config: DatasetConfig) -> bool:
    return not config.is_change_measure(measure)


# -- the store ---------------------------------------------------------------------------------
@dataclass
class HarmoniseReport:
    dataset: str
    period: str | None
    groups: list[GroupResult]
    written: int = 0        # derived observations inserted (new or new versions)
    unchanged: int = 0      # derived observations already current and identical
    withdrawn: int = 0      # derived observations no longer derivable, marked not current

    def count(self, outcome: str) -> int:
        return sum(1 for g in self.groups for t in g.targets if t.outcome == outcome)

    def as_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "period": self.period,
                "derived": self.count(DERIVED), "reported": self.count(REPORTED_AS_SUCH),
                "not_comparable": self.count(NOT_COMPARABLE), "written": self.written,
                "unchanged": self.unchanged, "withdrawn": self.withdrawn,
                "groups": [g.as_dict() for g in self.groups]}


def read_observations(store: Store, dataset: str, period: str | None = None,
                      ) -> list[Observation]:
    """The dataset's current observations, each marked derived or not, with its parts."""
    rows = observation_queries.current_with_parts(store.db, dataset, period)
    return [Observation(*row[:-1], part_ids=tuple(row[-1])) for row in rows]


def harmonise(store: Store, dataset: str, period: str | Period | None = None, *,
              write: bool = True) -> HarmoniseReport:
    """Harmonise a dataset's age bands (one period, or all) and, unless `write` is False, store
    the derived bands in one transaction."""
    code = None if period is None else (
        period.code if isinstance(period, Period) else Period.parse(period).code)
    config = store.dataset(dataset)
    observations = read_observations(store, dataset, code)
    report = HarmoniseReport(dataset, code, harmonise_observations(observations, config))
    if write:
        write_derived(store, report, observations)
    return report


def write_derived(store: Store, report: HarmoniseReport,
                  observations: list[Observation]) -> None:
    """Insert each derived band as an observation linked to its parts, all in one transaction.

    An identical current derived observation is left alone; a changed one becomes a new
    version; one no longer derivable is marked not current. A reported observation of the same
    key is never touched (the band is then `reported`, not derived).
    """
    current = {(o.area, o.period, o.measure, o.breakdown): o for o in observations}
    with store.transaction() as db:
        for group in report.groups:
            for result in group.targets:
                key = (group.area, group.period, group.measure, result.target)
                existing = current.get(key)
                if existing is not None and not existing.derived:
                    continue
                if result.outcome != DERIVED:
                    if existing is not None:
                        observation_queries.withdraw(db, existing.id)
                        report.withdrawn += 1
                    continue
                if existing is not None and _same(existing, result):
                    report.unchanged += 1
                    continue
                _insert(db, report.dataset, group, result, existing)
                report.written += 1


def _same(existing: Observation, result: BandResult) -> bool:
    return (existing.status, existing.value, existing.lower_bound, existing.upper_bound,
            existing.part_ids) == (result.status, result.value, result.lower_bound,
                                   result.upper_bound, result.part_ids)


def _insert(db, dataset: str, group: GroupResult, result: BandResult,
            existing: Observation | None) -> None:
    version = 1
    if existing is not None:
        observation_queries.withdraw(db, existing.id)
        version = observation_queries.version_of(db, existing.id) + 1
    parts = [p.observation for p in result.parts]
    sources = {p.source_id for p in parts if p.source_id is not None}
    cited = {p.cited_source for p in parts}
    observation_queries.insert_derived(
        db, [dataset, group.area, group.period, group.measure, result.target, result.value,
             result.status, result.lower_bound, result.upper_bound, result.note,
             cited.pop() if len(cited) == 1 else None,
             max(sources) if sources else None,  # the reply's; the link table holds every part
             "derived: " + " + ".join(f"obs {p.id}" for p in parts), version],
        [part.id for part in parts], RULE)


__all__ = [
    "DERIVED", "NOT_COMPARABLE", "REPORTED_AS_SUCH", "RULE", "UNKNOWN_AGE", "AgeBand",
    "BandResult", "GroupResult", "HarmoniseReport", "Observation", "ReportedBand",
    "age_limit_of", "combine_parts", "derive_band", "harmonise", "harmonise_group",
    "harmonise_observations", "parse_band", "read_observations", "target_bands", "write_derived",
]
