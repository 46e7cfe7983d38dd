"""The fact families in Ibis, for data that has outgrown one machine.

The same families as `localwire.facts.sql` (values with previous and change, shares, ranks,
national and regional totals with coverage, records), written as Ibis expressions over the
store's `observations` and `areas` tables. Ibis compiles them for the engine holding the
tables: DuckDB here, and unchanged on Spark (`ibis.pyspark.connect(session)`) or Trino
(`ibis.trino.connect(...)`) where the observations live in a lakehouse. tests/test_scale.py
runs them on DuckDB and compares every figure with FactBook's.

    import ibis
    from localwire.facts import portable
    con = ibis.duckdb.from_connection(store.db)          # or ibis.trino.connect(...)
    tables = portable.families(con, "nspcc-child-sex-offences", "child_sex_offences",
                               "2018/19", "2017/18", series)
    tables["ranks"].to_pyarrow()                            # or ibis.to_sql(..., dialect="trino")

Needs `ibis-framework` (an optional dependency: `pip install 'ibis-framework[duckdb]'`, plus the
backend extra for Spark or Trino). Exact fractions stay in FactBook: here percentages and shares
are floating point, for screening and aggregation at scale.
"""

from __future__ import annotations

from typing import Any

import ibis
from ibis import _


def families(con: Any, dataset: str, measure: str, period: str, previous: str,
             series: list[str]) -> dict[str, ibis.Table]:
    """Ibis tables, one per fact family, for `period`; `series`: the measure's periods up to
    `period`, oldest first."""
    observations = con.table("observations")
    areas = con.table("areas")
    current = observations.filter(_.dataset == dataset, _.current)
    reported = current.filter(_.status == "reported", _.value.notnull())
    return {
        "values": values(reported, measure, period, previous),
        "shares": shares(reported, measure, period),
        "ranks": ranks(reported, areas, measure, period),
        "totals": totals(current, areas, measure, period),
        "records": records(reported, measure, period, series),
    }


def values(reported: ibis.Table, measure: str, period: str, previous: str) -> ibis.Table:
    now = reported.filter(_.measure == measure, _.period == period)
    before = reported.filter(_.measure == measure, _.period == previous).select(
        b_area=_.area, b_breakdown=_.breakdown, previous_id=_.id, previous=_.value)
    published = reported.filter(_.measure == f"{measure}_pct_change", _.period == period).select(
        p_area=_.area, p_breakdown=_.breakdown, published_id=_.id,
        published_pct_change=_.value)
    joined = now.left_join(before, [now.area == before.b_area,
                                    now.breakdown == before.b_breakdown])
    joined = joined.left_join(published, [joined.area == published.p_area,
                                          joined.breakdown == published.p_breakdown])
    change = joined.value - joined.previous
    return joined.select(
        "area", "breakdown", value_id=joined.id, value=joined.value,
        previous_id=joined.previous_id, previous=joined.previous, change=change,
        pct_change=ibis.ifelse(joined.previous != 0,
                               change.cast("float64") * 100 / joined.previous.cast("float64"),
                               ibis.null("float64")),
        published_id=joined.published_id, published_pct_change=joined.published_pct_change,
    ).order_by("area", "breakdown")


def shares(reported: ibis.Table, measure: str, period: str) -> ibis.Table:
    figures = reported.filter(_.measure == measure, _.period == period)
    part = figures.filter(_.breakdown != "")
    whole = figures.filter(_.breakdown == "", _.value != 0).select(
        w_area=_.area, whole_id=_.id, whole=_.value)
    joined = part.join(whole, part.area == whole.w_area)
    return joined.select(
        "area", "breakdown", part_id=joined.id, whole_id=joined.whole_id,
        share=joined.value.cast("float64") / joined.whole.cast("float64"),
    ).order_by("area", "breakdown")


def ranks(reported: ibis.Table, areas: ibis.Table, measure: str, period: str) -> ibis.Table:
    forces = areas.filter(_.kind == "force").select(slug=_.slug)
    figures = reported.filter(_.measure == measure, _.period == period)
    figures = figures.join(forces, figures.area == forces.slug)
    window = ibis.window(group_by="breakdown", order_by=ibis.desc("value"))
    return figures.select(
        "area", "breakdown",
        rank=(ibis.rank().over(window) + 1),
        of=figures.id.count().over(ibis.window(group_by="breakdown")),
    ).order_by("breakdown", "area")


def totals(current: ibis.Table, areas: ibis.Table, measure: str, period: str) -> ibis.Table:
    """Regional rows (parent set) and national rows (parent null): sum over territorial forces
    that reported, with coverage (reported of expected)."""
    forces = areas.filter(_.kind == "force", _.territorial).select("slug", "parent")
    figures = current.filter(_.measure == measure, _.period == period)
    breakdowns = figures.select("breakdown").distinct()
    grid = forces.cross_join(breakdowns)
    observed = figures.select(o_area=_.area, o_breakdown=_.breakdown, status=_.status,
                              value=_.value)
    joined = grid.left_join(observed, [grid.slug == observed.o_area,
                                       grid.breakdown == observed.o_breakdown])
    is_reported = joined.status == "reported"
    metrics = {
        "total": joined.value.sum(where=is_reported),
        "reported": joined.slug.count(where=is_reported),
        "expected": joined.slug.count(),
    }
    regional = joined.group_by(["parent", "breakdown"]).aggregate(**metrics)
    national = joined.group_by("breakdown").aggregate(**metrics).mutate(
        parent=ibis.null("string"))
    return regional.union(national.select(*regional.columns))


def records(reported: ibis.Table, measure: str, period: str, series: list[str]) -> ibis.Table:
    ordinals = {code: index + 1 for index, code in enumerate(series)}
    figures = reported.filter(_.measure == measure, _.breakdown == "",
                              _.period.isin(series)).mutate(
        ordinal=_.period.substitute(ordinals, else_=0).cast("int64"))
    grouped = figures.group_by(["area", "breakdown"]).aggregate(
        periods=_.id.count(), highest=_.value.max(), lowest=_.value.min(),
        first_ordinal=_.ordinal.min(), has_period=(_.period == period).any())
    return grouped.filter(_.periods >= 3, _.has_period).drop("has_period").order_by(
        "area", "breakdown")


def to_sql(table: ibis.Table, dialect: str) -> str:
    """The SQL a family compiles to for another engine ("trino", "pyspark", "duckdb", ...)."""
    return ibis.to_sql(table, dialect=dialect)
