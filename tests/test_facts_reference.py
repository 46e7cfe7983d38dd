"""The fact engine against the independent reference (tests/reference.py), on generated data.

Hypothesis generates small gazetteers and datasets with the awkward cases: a force that is not
territorial (like British Transport Police), a territorial force outside England and Wales
(like Police Scotland), one-force regions, ties, zeros, small bases, suppressed (sometimes with
a value), refused and not-held figures, missing years, a calendar year among financial years,
changes published without the previous count, and populations that are missing, suspect,
tiny, exactly at the threshold or given twice (Census and mid-year estimate). For every area,
breakdown and period, every family's fact must equal the reference's; and a book prepared
set-wise must hold exactly the facts a fresh book gives question by question.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localwire.facts import FactBook
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.store import Store
from localwire.store.areas import register_areas
from tests import reference as ref

DATASET = "generated"
MEASURE = "crimes"
PUBLISHED = "crimes_pct_change"
BREAKDOWNS = ("", "b1")
YEARS = ("2013/14", "2014/15", "2015/16", "2016/17", "2017/18")
PERIODS = (*YEARS, "2016")  # a calendar year overlapping two financial years
CHECKED = ("2016/17", "2017/18", "2016")
AGGREGATES = [("united-kingdom", "country", ""), ("england-and-wales", "country", "united-kingdom"),
              ("england", "nation", "england-and-wales"), ("wales", "nation", "england-and-wales")]
CONFIG = DatasetConfig.model_validate({
    "dataset": {"id": DATASET, "title": "Generated"},
    "measures": {MEASURE: {"kind": "count"},
                 PUBLISHED: {"kind": "pct_change", "change_of": MEASURE}}})

figures = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(13, 300_000))
statuses = st.sampled_from(["reported"] * 6 + ["absent"] * 2 + ["suppressed", "refused",
                                                                 "not_held"])
population_kinds = st.sampled_from(["ok", "ok", "ok", "none", "suspect", "tiny", "threshold",
                                    "census_ok_estimate_suspect", "census_suspect_estimate_ok"])


@st.composite
def datasets(draw) -> ref.Dataset:
    data = ref.Dataset()
    regions = [f"r{i}" for i in range(draw(st.integers(1, 3)))]
    for slug, kind, parent in AGGREGATES + [(r, "region", "england") for r in regions]:
        data.areas.append({"slug": slug, "kind": kind, "territorial": True, "parent": parent})
    forces = [f"f{i}" for i in range(draw(st.integers(1, 7)))]
    for slug in forces:
        parent = draw(st.sampled_from([*regions, "wales"]))
        data.areas.append({"slug": slug, "kind": "force", "territorial": True, "parent": parent})
    if draw(st.booleans()):  # like British Transport Police
        data.areas.append({"slug": "tp", "kind": "force", "territorial": False,
                           "parent": "united-kingdom"})
    if draw(st.booleans()):  # like Police Scotland
        data.areas.append({"slug": "sc", "kind": "force", "territorial": True,
                           "parent": "united-kingdom"})
    for each in data.areas:
        if each["kind"] == "force":
            for year in range(2013, 2019):
                data.populations.extend(populations(each["slug"], year, draw(population_kinds),
                                                    draw(st.integers(100_001, 3_000_000))))
    published_areas = [a["slug"] for a in data.areas if a["kind"] != "region"]
    for slug in [a["slug"] for a in data.areas if a["kind"] == "force"] + draw(
            st.lists(st.sampled_from(["united-kingdom", "england-and-wales"]), unique=True)):
        for period in PERIODS:
            for breakdown in BREAKDOWNS:
                observe(data, slug, period, breakdown, draw(statuses), draw(figures), draw)
    for slug in draw(st.lists(st.sampled_from(published_areas), unique=True, max_size=4)):
        period = draw(st.sampled_from(CHECKED))
        tenths = draw(st.integers(-500, 3000))
        data.observations.append(row_of(data, slug, period, PUBLISHED, "", "reported",
                                        Decimal(tenths) / 10))
    return data


def populations(slug: str, year: int, kind: str, size: int) -> list[dict]:
    estimate = {"area": slug, "year": year, "source": "ONS mid-year estimate", "quality": "ok",
                "population": size}
    census = {**estimate, "source": "Census 2011 usual residents", "population": size + 7}
    return {"none": [], "ok": [estimate], "suspect": [{**estimate, "quality": "suspect"}],
            "tiny": [{**estimate, "population": size % 99_000 + 1}],
            "threshold": [{**estimate, "population": ref.MIN_RESIDENTS - (size % 2)}],
            "census_ok_estimate_suspect": [census, {**estimate, "quality": "suspect"}],
            "census_suspect_estimate_ok": [{**census, "quality": "suspect"}, estimate]}[kind]


def observe(data, slug, period, breakdown, status, figure, draw) -> None:
    if status == "absent":
        return
    value = Decimal(figure) if status == "reported" else (
        Decimal(draw(st.integers(0, 4))) if status == "suppressed" and draw(st.booleans())
        else None)
    data.observations.append(row_of(data, slug, period, MEASURE, breakdown, status, value))


def row_of(data, slug, period, measure, breakdown, status, value) -> dict:
    return {"id": len(data.observations) + 1, "area": slug, "period": period,
            "measure": measure, "breakdown": breakdown, "value": value, "status": status}


# -- loading a generated dataset into a store ---------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("reference") / "ref.duckdb") as opened:
        yield opened


def load(store: Store, data: ref.Dataset) -> None:
    with store.transaction() as db:
        for table in ("observations", "populations", "neighbours", "area_aliases", "areas",
                      "datasets"):
            db.execute(f"DELETE FROM {table}")
    store.upsert_dataset(CONFIG)
    register_areas(store, [{**a, "name": a["slug"].upper(), "official_name": a["slug"]}
                           for a in data.areas], populations=data.populations)
    rows = data.observations
    with store.transaction() as db:
        db.execute(
            "INSERT INTO observations (id, dataset, area, period, measure, breakdown, value,"
            " status, source_place) SELECT unnest(?::BIGINT[]), ?, unnest(?::VARCHAR[]),"
            " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
            " unnest(?::VARCHAR[])::DECIMAL(20, 6), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [[r["id"] for r in rows], DATASET, [r["area"] for r in rows],
             [r["period"] for r in rows], [r["measure"] for r in rows],
             [r["breakdown"] for r in rows],
             [None if r["value"] is None else str(r["value"]) for r in rows],
             [r["status"] for r in rows], [f"row {r['id']}" for r in rows]])


# -- comparing ----------------------------------------------------------------------------------
def number(fact) -> Fraction | None:
    return None if fact is None else fact.value


def rank_view(fact) -> dict | None:
    if fact is None:
        return None
    view = {k: fact.detail(k) for k in ("from_top", "from_bottom", "tied", "of", "expected")}
    if fact.detail("by") == "rate":
        view["excluded"] = fact.detail("excluded")
    return view


def check_area(book: FactBook, data: ref.Dataset, slug: str, code: str, breakdown: str,
               among: str) -> int:
    """Every family for one area, period and breakdown; returns the facts compared."""
    period, args = Period.parse(code), (slug, code, MEASURE, breakdown)
    at = (slug, period, MEASURE, breakdown)
    value = book.value(*at)
    assert number(value) == ref.value(data, *args)
    if value is not None:
        assert value.inputs[0].id == ref.row(data, *args)["id"]
    assert number(book.previous(*at)) == ref.value(data, slug, ref.previous(code), MEASURE,
                                                   breakdown)
    assert number(book.change(*at)) == ref.change(data, *args)
    pct = book.pct_change(*at)
    assert (None if pct is None else (pct.value, pct.small_base, pct.published)) == (
        ref.pct_change(data, *args, PUBLISHED))
    assert book.direction(*at) == ref.direction(data, *args, PUBLISHED)
    if breakdown:
        assert number(book.share(*at)) == ref.share(data, *args)
        assert number(book.one_in(*at)) == ref.one_in(data, *args)
    assert number(book.per_day(*at)) == ref.per_day(data, *args)
    assert number(book.per_week(*at)) == ref.per_week(data, *args)
    assert number(book.interval_minutes(*at)) == ref.interval(data, *args)
    for per in (1000, 100_000):
        assert number(book.rate_per(*at, per=per)) == ref.rate(data, *args, per)
    compared = 12
    for group in {"england-and-wales", among}:
        for by in ("count", "rate"):
            compared += check_rank(book, data, at, args, group, by)
    record = book.record(*at)
    assert (None if record is None else {
        "kind": record.detail("record"), "periods": record.detail("periods"),
        "since": record.detail("since").code, "tied": record.detail("tied"),
        "value": record.value}) == ref.record(data, *args)
    for base in (c for c in YEARS if Period.parse(c) < period):
        since = book.change_since(slug, period, Period.parse(base), MEASURE, breakdown)
        assert (None if since is None else (since.value, since.small_base)) == ref.since(
            data, slug, code, base, MEASURE, breakdown)
    assert number(book.within(*at)) == ref.within(data, *args)
    moved = book.change_within(*at)
    assert (None if moved is None else (moved.value, moved.small_base, moved.published)) == (
        ref.change_within(data, *args, PUBLISHED))
    assert (moved is None) == (book.why_no_change_within(*at) is not None)
    return compared + 4


def check_rank(book, data, at, args, among, by) -> int:
    expected = ref.rank(data, *args, among=among, by=by)
    if expected is not None and by == "count":
        expected = {k: v for k, v in expected.items() if k != "excluded"}
    top = book.rank(*at, among=among, by=by)
    bottom = book.rank(*at, lowest=True, among=among, by=by)
    assert rank_view(top) == expected
    assert rank_view(bottom) == expected
    if expected is not None:
        assert (top.value, bottom.value) == (expected["from_top"], expected["from_bottom"])
        assert top.detail("joint") == (expected["tied"] > 1)
        nearer = book.standing(*at, among=among, by=by)
        assert nearer.value == min(expected["from_top"], expected["from_bottom"])
    return 3


def check_totals(book: FactBook, data: ref.Dataset, code: str, breakdown: str, draw_forces) -> int:
    period = Period.parse(code)
    assert number(book.national(period, MEASURE, breakdown)) == ref.national(
        data, code, MEASURE, breakdown)
    groups = [("united-kingdom", None), ("r0", None), ("listed", draw_forces)]
    for label, forces in groups:
        forces = ref.members(data, label) if forces is None else forces
        expected = ref.total(data, forces, code, MEASURE, breakdown)
        coverage = book.coverage(period, MEASURE, breakdown, forces)
        assert (coverage.reported, coverage.expected, coverage.missing,
                coverage.not_reported) == (expected["reported"], expected["expected"],
                                           expected["missing"], expected["not_reported"])
        total = book.total_over(forces, label, period, MEASURE, breakdown)
        assert number(total) == expected["total"]
        if total is not None:
            assert (total.detail("reported"), total.detail("expected")) == (
                expected["reported"], expected["expected"])
    return 2 * len(groups) + 1


FACTS_COMPARED: list[int] = []


def agree(store: Store, data: ref.Dataset, listed: list[str], code: str, among: str) -> None:
    """Every fact of one period (drawn: examples cover them all) agrees with the reference,
    and a book prepared set-wise holds the same facts as a fresh one asked area by area."""
    load(store, data)
    book = FactBook(store, DATASET, shared=False)
    slugs = [a["slug"] for a in data.areas]
    compared = 0
    for breakdown in BREAKDOWNS:
        for slug in slugs:
            compared += check_area(book, data, slug, code, breakdown, among)
        compared += check_totals(book, data, code, breakdown, listed)
    prepared = FactBook(store, DATASET, shared=False)  # its own families, prepared set-wise
    prepared.prepare(Period.parse(code), MEASURE)
    for slug in slugs:
        for breakdown in BREAKDOWNS:
            at = (slug, Period.parse(code), MEASURE, breakdown)
            for method in ("value", "previous", "change", "pct_change", "share", "rate_per",
                           "rank", "rank_by_rate", "record", "within"):
                if method == "share" and not breakdown:
                    continue
                assert getattr(prepared, method)(*at) == getattr(book, method)(*at), method
    assert compared > 0
    FACTS_COMPARED.append(compared)


def forces_listed():
    """A few fixed lists (each list is compiled into its query once): two forces, a force and
    one that is not territorial, a force and a region, none."""
    return st.sampled_from([["f0", "f1"], ["f0", "tp"], ["f1", "r0"], []])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.data_too_large])
@given(data=datasets(), listed=forces_listed(), code=st.sampled_from(CHECKED),
       among=st.sampled_from(["england-and-wales", "united-kingdom", "r0"]))
def test_engine_agrees_with_the_reference(store, data, listed, code, among):
    agree(store, data, [slug for slug in listed if ref.area(data, slug)], code, among)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.data_too_large])
@given(data=datasets(), listed=forces_listed(), code=st.sampled_from(CHECKED),
       among=st.sampled_from(["england-and-wales", "united-kingdom", "r0"]))
def test_engine_agrees_with_the_reference_long(store, data, listed, code, among):
    agree(store, data, [slug for slug in listed if ref.area(data, slug)], code, among)
