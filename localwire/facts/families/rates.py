"""Rate per population: per 1,000 (or any `per`) residents.

Set-wise: every reported figure of the measure in the period beside the area's population for
the mid-year inside the period (mid-2016 for 2016/17: `population_year`), chosen per area as
the gazetteer does: a population of quality "ok" before a "suspect" one, and between equals the
mid-year estimate before the Census count. Each row says whether the population is *sound*
and, if not, why.

Exact step: rate = count / population * per (unit "per 1,000 residents"), formula
"771 / 1184365 * 1000", with the population, its year, source and quality as details.

Rules (a rate that would mislead is not a fact):
- No population for the area and year (British Transport Police, aggregates, Scotland and
  Northern Ireland in the bundled gazetteer): no rate.
- Population flagged "suspect" (Metropolitan, Nottinghamshire, Thames Valley in the bundled
  estimates: 6-13 per cent out against the Census): no rate. `why_no_rate` says so.
- Fewer than MIN_RESIDENTS residents (the City of London: about 8,000 residents beside hundreds
  of thousands of workers and visitors): no residents-based rate; the area is also left out
  of ranks by rate, and those ranks say so.
- A measure of published changes has no rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from localwire.facts.engine import Row, Rows
from localwire.facts.families.base import POPULATIONS, Built, Refs, Scope, ref_id, reported
from localwire.facts.families.values import value_of
from localwire.model.facts import Fact
from localwire.model.periods import Period

MIN_RESIDENTS = 100_000
SOUND = "ok"

Key = tuple[str, str]  # (area, breakdown)


def population_year(period: Period) -> int:
    """The mid-year (30 June) inside a twelve-month period."""
    return period.start.year if period.start.month <= 6 else period.end.year


def populations(year: int) -> ibis.Table:
    """One population per area for the mid-year, with `soundness`: "ok", or why not."""
    rows = POPULATIONS.filter(POPULATIONS.year == year)
    order = [ibis.ifelse(rows.quality == SOUND, 0, 1),
             ibis.ifelse(rows.source.contains("Census"), 1, 0), rows.source]
    rows = rows.mutate(pick=ibis.row_number().over(group_by=rows.area, order_by=order))
    rows = rows.filter(rows.pick == 0)
    soundness = (ibis.cases((rows.quality != SOUND, "suspect"),
                            (rows.population < MIN_RESIDENTS, "tiny"), else_=SOUND))
    return rows.select(pop_area=rows.area, population=rows.population,
                       population_source=rows.source, population_quality=rows.quality,
                       soundness=soundness)


def with_population(figures: ibis.Table, year: int) -> ibis.Table:
    """`figures` with the population columns (null where the area has none: "missing")."""
    chosen = populations(year)
    joined = figures.left_join(chosen, figures.area == chosen.pop_area).drop("pop_area")
    return joined.mutate(soundness=ibis.coalesce(joined.soundness, "missing"))


def expression(scope: Scope) -> ibis.Table:
    rows = reported(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period == scope.period.code)
    rows = rows.select("area", "breakdown", **ref_id(rows, "value_"), value_value=rows.value)
    # The figure is the input's (by id): its DECIMAL column is not fetched.
    return with_population(rows, population_year(scope.period)).drop("value_value")


REASONS = {
    "missing": "the gazetteer has no population for {name} in mid-{year}",
    "suspect": "the population of {name} for mid-{year} is flagged suspect ({source}), so a "
               "rate from it would mislead",
    "tiny": "{name} has too few residents ({population:,}) for a rate per resident to mean "
            "anything: far more people work in or visit it than live there",
}


@dataclass
class Rates:
    rows: Built[Key, Row, dict]  # each row with its figure ("value") when first read


def facts(rows: Rows, refs: Refs, scope: Scope, unit: str) -> Rates:
    found = Rates(Built(lambda _key, row: with_value(row, refs, scope, unit)))
    for row in rows:
        found.rows.add((row["area"], row["breakdown"]), row)
    return found


def with_value(row: Row, refs: Refs, scope: Scope, unit: str) -> dict:
    """A rank's (or rate's) row with its figure's value fact, made when the row is first read:
    a story reads its own area's, not every area's."""
    return row.as_dict() | {"value": value_of(refs, refs.known(row, "value_"), scope.period, unit)}


def rate_fact(row: dict, per: int, year: int) -> Fact | None:
    if row["soundness"] != SOUND:
        return None
    count, residents = row["value"], row["population"]
    return Fact(f"rate_per_{per}", count.value / residents * per, f"per {per:,} residents",
                f"{count.formula} / {residents} * {per}", count.inputs, count.area,
                count.period, count.measure, count.breakdown,
                extra=(("population", residents), ("population_year", year),
                       ("population_source", row["population_source"]),
                       ("population_quality", row["population_quality"])))


def reason(row: dict | None, name: str, year: int) -> str | None:
    """Why an area with a figure has no rate (None when it has one)."""
    if row is None or row["soundness"] == SOUND:
        return None
    return REASONS[row["soundness"]].format(name=name, year=year, source=row["population_source"],
                                            population=row["population"] or 0)
