"""Rank among the areas a sentence names, by count or by rate.

Set-wise: the reported figures of the members of `among` (`areas.members`: the territorial
forces inside it; by default England and Wales), ranked within each breakdown by a window
function from the top and from the bottom, with the number ranked, the number of members and
the number sharing the area's figure. By rate, each member's population comes first
(`rates.with_population`).

Exact step: a rank is a whole number; the fact's value is the place counted from the top
(name "rank") or from the bottom (name "rank_lowest"); by rate the names are "rank_by_rate"
and "rank_by_rate_lowest". A rank among another area than England and Wales adds
"_among_<slug>" to the name, so the fact id says which comparison it is.

Details every rank fact carries (for the writer's sentence, see README "Facts"):
- `from_top`, `from_bottom`: 1 + the members with a higher (lower) figure. Ties share a place:
  two forces with 1,019 offences are both 42nd from the top and both first from the bottom.
- `tied`: how many members share the figure (1 when none does); `joint`: tied > 1, so the
  sentence says "joint 42nd".
- `of`: the members ranked (with a figure); `expected`: the members of `among`, with or
  without a figure; `among` (slug) and `among_name` ("England and Wales").
- `nearer`: "top" or "bottom", the end the area is nearer ("the second lowest" reads better
  than "the 42nd highest"); `FactBook.standing` returns the fact from that end.
- `by`: "count" or "rate" (a rate per 1,000 and one per 100,000 rank alike); by rate also
  `population`, `excluded` (slugs left out) and `excluded_reason`.

Rules:
- Only territorial forces inside `among` are ranked, and only against each other: British
  Transport Police, fraud bodies (Action Fraud, CIFAS, UK Finance) and aggregates never.
- Default `among` is England and Wales: its 43 forces work under one law and one set of
  counting rules. Police Scotland and the PSNI record crime under other laws and rules, so
  they are ranked only when a sentence names the United Kingdom (`among="united-kingdom"`),
  never by default; Home Office tables have no figures for them anyway.
- A published percentage is never ranked (ranks compare counts).
- By rate, every population used must be sound: if any member with a figure has no
  population or a suspect one, no member gets a rank by rate in that breakdown
  (`why_no_rank` names the areas). Members with too few residents for a residents-based rate
  (the City of London) are left out of the ranking, and every rank by rate lists them in
  `excluded` with the reason.
- Rates are ordered by the quotient count / population in double precision: equal rates give
  equal doubles (IEEE division is correctly rounded), and two rates of whole counts under
  10^7 and populations under 10^9 that differ differ by far more than a double's precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import ibis

from localwire.facts.engine import Row, Rows
from localwire.facts.families.areas import members_of
from localwire.facts.families.base import Built, Refs, Scope, ref_id, reported
from localwire.facts.families.rates import population_year, with_population, with_value
from localwire.model.facts import Fact
from localwire.model.periods import Period

DEFAULT_AMONG = "england-and-wales"
BY = ("count", "rate")

Key = tuple[str, str]  # (area, breakdown)


@dataclass(frozen=True)
class RankScope(Scope):
    among: str = DEFAULT_AMONG
    by: str = "count"


def expression(scope: RankScope) -> ibis.Table:
    group = members_of(scope.among)
    size = group.aggregate(expected=group.member.count().cast("int64"))
    rows = reported(scope.dataset)
    rows = rows.filter(rows.measure == scope.measure, rows.period == scope.period.code)
    rows = rows.join(group, rows.area == group.member)
    rows = rows.select("area", "breakdown", **ref_id(rows, "value_"), value_value=rows.value).cross_join(size)
    if scope.by == "rate":
        rows = with_population(rows, population_year(scope.period))
        unsound = rows.soundness.isin(["missing", "suspect"]).cast("int64")
        rows = rows.mutate(blocked=unsound.sum().over(group_by=rows.breakdown))
        eligible = rows.filter(rows.blocked == 0, rows.soundness == "ok")
        key = eligible.value_value.cast("float64") / eligible.population.cast("float64")
    else:
        rows = rows.mutate(soundness=ibis.literal("ok"), blocked=ibis.literal(0, "int64"))
        eligible = rows
        key = eligible.value_value
    ranked = eligible.mutate(
        from_top=(ibis.rank().over(group_by=eligible.breakdown, order_by=ibis.desc(key)) + 1
                  ).cast("int64"),
        from_bottom=(ibis.rank().over(group_by=eligible.breakdown, order_by=key) + 1
                     ).cast("int64"),
        of=eligible.area.count().over(group_by=eligible.breakdown).cast("int64"),
        tied=eligible.area.count().over(group_by=[eligible.breakdown, key]).cast("int64"))
    others = rows.filter((rows.blocked > 0) | (rows.soundness != "ok")).mutate(
        from_top=ibis.null("int64"), from_bottom=ibis.null("int64"), of=ibis.null("int64"),
        tied=ibis.null("int64"))
    # The figure is the input's (by id): its DECIMAL column is not fetched.
    return ranked.union(others.select(*ranked.columns)).drop("value_value")


@dataclass
class Ranks:
    """Ranks of one measure in one period among one group, by count or by rate."""

    ranked: Built[Key, Row, dict]  # each row with its figure ("value") when first read
    unranked: Built[Key, Row, dict]  # blocked or excluded, by rate
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # breakdown -> slugs


def facts(rows: Rows, refs: Refs, scope: RankScope, unit: str) -> Ranks:
    found = Ranks(Built(lambda _key, row: with_value(row, refs, scope, unit)),
                  Built(lambda _key, row: with_value(row, refs, scope, unit)))
    excluded: dict[str, list[str]] = {}
    for row in rows:
        key = (row["area"], row["breakdown"])
        if row["from_top"] is None:
            found.unranked.add(key, row)
            if row["soundness"] == "tiny":
                excluded.setdefault(row["breakdown"], []).append(row["area"])
        else:
            found.ranked.add(key, row)
    found.excluded = {b: tuple(sorted(slugs)) for b, slugs in excluded.items()}
    return found


def rank_name(by: str, among: str, lowest: bool) -> str:
    name = "rank_by_rate" if by == "rate" else "rank"
    name += "_lowest" if lowest else ""
    return name if among == DEFAULT_AMONG else f"{name}_among_{among}"


def rank_fact(row: dict, scope: RankScope, among_name: str, lowest: bool,
              excluded: tuple[str, ...] = (), excluded_reason: str = "") -> Fact:
    count: Fact = row["value"]
    place = row["from_bottom"] if lowest else row["from_top"]
    side = "lower" if lowest else "higher"
    what = "rate" if scope.by == "rate" else "figure"
    formula = (f"1 + number of the {row['of']} ranked in {among_name} with a {side} {what} "
               f"than {count.formula}" + (f" / {row['population']}" if scope.by == "rate"
                                                else ""))
    extra = [("from_top", row["from_top"]), ("from_bottom", row["from_bottom"]),
             ("of", row["of"]), ("expected", row["expected"]), ("tied", row["tied"]),
             ("joint", row["tied"] > 1),
             ("nearer", "bottom" if row["from_bottom"] < row["from_top"] else "top"),
             ("among", scope.among), ("among_name", among_name), ("by", scope.by)]
    if scope.by == "rate":
        extra += [("population", row["population"]), ("excluded", excluded),
                  ("excluded_reason", excluded_reason)]
    return Fact(rank_name(scope.by, scope.among, lowest), Fraction(place), "rank", formula,
                count.inputs, count.area, count.period, count.measure, count.breakdown,
                extra=tuple(extra))


def why_no_rank(book: Any, area: str, period: Period, measure: str, breakdown: str, among: str,
                unranked: dict) -> str:
    """Why an area the book gives no rank has none: published changes are not ranked, an area
    outside the forces of `among` is not ranked among them, no figure, or (by rate) a
    population too small for the area or unsound for another area of the ranking."""
    if book.is_change_measure(measure):
        return f"{measure} holds published changes, which are not ranked"
    if area not in book.forces_within(among):
        return (f"{book._name(area)} is not one of the territorial forces of "
                f"{book._name(among)}, so it is not ranked among them")
    if book.value(area, period, measure, breakdown) is None:
        return book.why_missing(area, period, measure, breakdown)
    blockers = sorted(slug for (slug, b), row in unranked.items()
                      if b == breakdown and row["soundness"] in ("missing", "suspect"))
    if (area, breakdown) in unranked and unranked[(area, breakdown)]["soundness"] == "tiny":
        return book.why_no_rate(area, period, measure, breakdown)
    return ("no rank by rate: " + "; ".join(
        book.why_no_rate(slug, period, measure, breakdown) or slug for slug in blockers))
