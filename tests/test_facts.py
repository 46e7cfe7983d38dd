from fractions import Fraction

import pytest

from localwire.facts import FactBook
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period
from localwire.store import Store
from tests.series import series_csv

FY = Period.parse("2016/17")
M = "child_sex_offences"


@pytest.fixture(scope="module")
def book():
    return FactBook(bundled_store(), "nspcc-child-sex-offences")


@pytest.fixture
def small(tmp_path):
    """A made-up dataset exercising zero and small bases, suppression and missing years."""
    path = tmp_path / "small.csv"
    path.write_text(
        "area,period,measure,breakdown,value,status\n"
        "Kent,2015/16,crimes,,0,\nKent,2016/17,crimes,,7,\n"
        "Essex,2015/16,crimes,,4,\nEssex,2016/17,crimes,,7,\n"
        "Surrey,2015/16,crimes,,200,\nSurrey,2016/17,crimes,,200,\n"
        "Sussex,2016/17,crimes,,<5,suppressed\n"
        "Norfolk,2016/17,crimes,,,refused\n"
        "Suffolk,2016/17,crimes,,50,\n", encoding="utf-8")
    store = Store(tmp_path / "s.duckdb")
    import_file(store, path, dataset="small")
    yield FactBook(store, "small")
    store.close()


@pytest.fixture
def gappy(tmp_path):
    """Series with a hole: a refused year, a missing row, a year the dataset lacks for all."""
    path = series_csv(tmp_path / "gappy.csv", "crimes", {
        "Kent": "900 10 , 20 30", "Essex": "900 10 refused 20 30", "Surrey": "5 10 20 30 40",
        "Dorset": "50 10 20 30 40"})
    with path.open("a", encoding="utf-8") as extra:  # 2017/18 held by nobody
        extra.write("Surrey,2018/19,crimes,,50,\nSurrey,2019/20,crimes,,60,\n"
                    "Surrey,2020/21,crimes,,70,\n")
    store = Store(tmp_path / "g.duckdb")
    import_file(store, path, dataset="gappy")
    yield FactBook(store, "gappy")
    store.close()


@pytest.mark.parametrize("area, period, expected", [
    ("kent", "2016/17", None),  # 2014/15 has no row: two years since, no series
    ("essex", "2016/17", None),  # 2014/15 refused: never stepped over
    ("surrey", "2016/17", ("high", 5, "2012/13")),  # unbroken: highest of five
    ("dorset", "2016/17", ("none", 5, "2012/13")),  # 50 in 2012/13 beats 40
    ("surrey", "2020/21", ("high", 3, "2018/19")),  # the dataset lacks 2017/18: run restarts
])
def test_record_never_steps_over_a_year_without_a_figure(gappy, area, period, expected):
    record = gappy.record(area, Period.parse(period), "crimes")
    assert (None if record is None else (record.detail("record"), record.detail("periods"),
                                         record.detail("since").code)) == expected


def test_values_changes_and_formulas(book):
    beds = book.change("bedfordshire", FY, M)
    assert beds.value == -114 and beds.formula == "400 - 514"
    pct = book.pct_change("gloucestershire", FY, M)
    assert pct.value == Fraction(123 * 100, 381)
    assert pct.formula == "(504 - 381) / 381 * 100"
    assert [ref.value for ref in pct.inputs] == [504, 381]
    assert book.direction("bedfordshire", FY, M) == "fell"


def test_published_change_used_when_previous_count_unknown(book):
    assert book.previous("hertfordshire", FY, M) is None
    assert book.change("hertfordshire", FY, M) is None
    pct = book.pct_change("hertfordshire", FY, M)
    assert pct.value == 16 and pct.published and pct.formula == "published: 16"
    assert book.direction("hertfordshire", FY, M) == "rose"


def test_shares_rates_and_intervals(book):
    online = book.share("united-kingdom", FY, M, "online_flagged")
    assert online.value == Fraction(6438, 64667)
    assert book.per_day("hertfordshire", FY, M).value == Fraction(771, 365)
    assert book.interval_minutes("united-kingdom", FY, M).value == Fraction(365 * 1440, 64667)
    rate = book.rate_per("hertfordshire", FY, M)
    assert rate.detail("population_year") == 2016
    assert rate.value == Fraction(771 * 1000, rate.detail("population"))


def test_national_prefers_published_figure(book):
    assert book.national(FY, M).value == 64667
    assert book.national(FY, M).area == "united-kingdom"


def test_neighbours_with_data_only(book):
    assert book.neighbours("wiltshire", FY, M) == ["avon-and-somerset", "dorset",
                                                    "gloucestershire"]
    assert book.neighbours("hertfordshire", FY, M) == ["bedfordshire"]


def test_record_uses_series_up_to_the_period(book):
    devon = book.record("devon-and-cornwall", FY, M)
    assert devon.detail("record") == "high" and devon.detail("since").code == "2014/15"
    wilts = book.record("wiltshire", FY, M)
    assert wilts.detail("record") == "none"  # 698 in 2014/15 beats 570
    assert book.record("hertfordshire", FY, M) is None  # one period is no series


def test_zero_base_has_no_percentage(small):
    assert small.change("kent", FY, "crimes").value == 7
    assert small.pct_change("kent", FY, "crimes") is None


def test_small_base_is_marked(small):
    pct = small.pct_change("essex", FY, "crimes")
    assert pct.value == 75 and pct.small_base
    assert not small.pct_change("surrey", FY, "crimes").small_base


def test_unchanged(small):
    assert small.direction("surrey", FY, "crimes") == "unchanged"
    assert small.pct_change("surrey", FY, "crimes").value == 0


def test_missing_previous_year(small):
    assert small.previous("suffolk", FY, "crimes") is None
    assert small.change("suffolk", FY, "crimes") is None
    assert small.pct_change("suffolk", FY, "crimes") is None
    assert small.direction("suffolk", FY, "crimes") is None


def test_suppressed_and_refused_are_never_summed_as_zero(small):
    total = small.national(FY, "crimes")
    assert total.value == 7 + 7 + 200 + 50
    coverage = small.coverage(FY, "crimes")
    assert coverage.reported == 4
    assert ("sussex", "suppressed") in coverage.not_reported
    assert ("norfolk", "refused") in coverage.not_reported
    assert total.detail("coverage") == f"4 of {coverage.expected} forces"
    assert small.value("sussex", FY, "crimes") is None
    assert "suppressed" in small.why_missing("sussex", FY, "crimes")
    assert "refused" in small.why_missing("norfolk", FY, "crimes")


def test_rank_among_reporting_forces(small):
    assert small.rank("surrey", FY, "crimes").value == 1
    ranks = {a: small.rank(a, FY, "crimes").value for a in ("kent", "essex")}
    assert ranks == {"kent": 3, "essex": 3}  # a tie shares a rank
    assert small.rank("kent", FY, "crimes").detail("of") == 4


@pytest.fixture
def ranked(tmp_path):
    """Ties, a tiny resident population, a suspect one, and forces that are never ranked
    among England and Wales."""
    rows = [("Surrey", "", "200"), ("Suffolk", "", "50"), ("Kent", "", "7"), ("Essex", "", "7"),
            ("City of London", "", "3"), ("British Transport Police", "", "500"),
            ("Police Scotland", "", "900"), ("Kent", "b2", "5"), ("Metropolitan", "b2", "100")]
    path = tmp_path / "ranked.csv"
    path.write_text("area,period,measure,breakdown,value,status\n" + "".join(
        f"{area},2016/17,crimes,{b},{v},\n" for area, b, v in rows)
        + "Sussex,2016/17,crimes,,<5,suppressed\n", encoding="utf-8")
    store = Store(tmp_path / "r.duckdb")
    import_file(store, path, dataset="ranked")
    yield FactBook(store, "ranked")
    store.close()


@pytest.mark.parametrize(("area", "top", "bottom", "tied"), [
    ("surrey", 1, 5, 1), ("suffolk", 2, 4, 1), ("kent", 3, 2, 2), ("essex", 3, 2, 2),
    ("city-of-london", 5, 1, 1)])
def test_ranks_count_territorial_forces_of_england_and_wales_with_joint_ties(
        ranked, area, top, bottom, tied):
    highest, lowest = ranked.rank(area, FY, "crimes"), ranked.rank(area, FY, "crimes", lowest=True)
    assert (highest.value, lowest.value) == (top, bottom)
    assert (highest.name, lowest.name) == ("rank", "rank_lowest")
    assert highest.detail("tied") == tied and highest.detail("joint") == (tied > 1)
    assert (highest.detail("of"), highest.detail("expected")) == (5, 43)
    assert highest.detail("among_name") == "England and Wales"
    nearer = ranked.standing(area, FY, "crimes")
    assert nearer.value == min(top, bottom)
    assert nearer.name == ("rank_lowest" if bottom < top else "rank")


def test_transport_police_and_other_nations_are_not_ranked_by_default(ranked):
    assert ranked.rank("btp", FY, "crimes") is None
    assert ranked.rank("police-scotland", FY, "crimes") is None
    assert "not one of the territorial forces" in ranked.why_no_rank("btp", FY, "crimes")
    uk = ranked.rank("police-scotland", FY, "crimes", among="united-kingdom")
    assert uk.value == 1 and uk.detail("of") == 6 and uk.name == "rank_among_united-kingdom"
    assert ranked.rank("btp", FY, "crimes", among="united-kingdom") is None
    assert ranked.rank("kent", FY, "crimes", among="south-east").value == 2  # Surrey, Kent


def test_rates_only_from_sound_populations(ranked):
    residents = ranked.gazetteer.population("kent", 2016)[0]
    assert ranked.rate_per("kent", FY, "crimes").value == Fraction(7 * 1000, residents)
    assert ranked.rate_per("city-of-london", FY, "crimes") is None  # about 8,000 residents
    assert "too few residents" in ranked.why_no_rate("city-of-london", FY, "crimes")
    assert ranked.rate_per("metropolitan", FY, "crimes", "b2") is None  # suspect estimate
    assert "flagged suspect" in ranked.why_no_rate("metropolitan", FY, "crimes", "b2")
    assert ranked.rate_per("btp", FY, "crimes") is None


def test_rank_by_rate_leaves_out_tiny_populations_and_needs_every_population_sound(ranked):
    rates = {a: ranked.rate_per(a, FY, "crimes").value
             for a in ("surrey", "suffolk", "kent", "essex")}
    order = sorted(rates, key=rates.get, reverse=True)
    for place, area in enumerate(order, start=1):
        fact = ranked.rank_by_rate(area, FY, "crimes")
        assert fact.value == place and fact.name == "rank_by_rate" and fact.detail("of") == 4
        assert fact.detail("excluded") == ("city-of-london",)
        assert "too few residents" in fact.detail("excluded_reason")
    assert ranked.rank_by_rate("city-of-london", FY, "crimes") is None
    # b2: the Metropolitan Police's population is suspect, so nobody ranks by rate there
    assert ranked.rank_by_rate("kent", FY, "crimes", "b2") is None
    assert "Metropolitan" in ranked.why_no_rank("kent", FY, "crimes", "b2", by="rate")
    assert ranked.rank("kent", FY, "crimes", "b2").value == 2  # by count it ranks


def test_fact_cannot_be_printed_raw(book):
    with pytest.raises(TypeError):
        str(book.value("hertfordshire", FY, M))


def test_cli_json_equals_library(tmp_path, capsys):
    import json

    from localwire.cli import main
    from localwire.facts import area_facts
    from localwire.importing.bundled_data import load_bundled

    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        load_bundled(store)
        expected = [f.as_dict() for f in area_facts(FactBook(store, "nspcc-child-sex-offences"),
                                                    "wiltshire", period="2016/17")]
    assert main(["facts", "Wilts", "--dataset", "nspcc-child-sex-offences", "--period",
                 "2016/17", "--db", str(db), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(expected, default=str))
    names = {f["name"] for f in printed if f["breakdown"] == ""}
    assert {"value", "previous", "change", "pct_change", "per_day", "rank", "record"} <= names


def test_change_since_an_earlier_year(book):
    since = book.change_since("wiltshire", FY, Period.parse("2014/15"), M)
    assert since.value == Fraction((570 - 698) * 100, 698)
    assert since.formula == "(570 - 698) / 698 * 100" and since.detail("since") == "2014/15"
    assert book.change_since("hertfordshire", FY, Period.parse("2014/15"), M) is None


def test_books_share_prepared_families_until_the_next_commit(small, tmp_path):
    store = small.store
    first = FactBook(store, "small")
    assert first.value("kent", FY, "crimes").value == 7
    assert FactBook(store, "small")._families is first._families  # read once, shared
    assert FactBook(store, "small", shared=False)._families is not first._families
    path = tmp_path / "correction.csv"
    path.write_text("area,period,measure,breakdown,value,status\nKent,2016/17,crimes,,9,\n",
                    encoding="utf-8")
    import_file(store, path, dataset="small")
    assert FactBook(store, "small").value("kent", FY, "crimes").value == 9
    assert first.value("kent", FY, "crimes").value == 7  # a book is one reading of the store


def test_compiled_sql_is_cached_on_disk(tmp_path, monkeypatch):
    from localwire.facts import engine
    from localwire.facts.families import values
    from localwire.facts.families.base import Scope

    monkeypatch.setenv("LOCALWIRE_CACHE", str(tmp_path / "cache"))
    scope = Scope("small", FY, "crimes")
    engine.duckdb_sql.cache_clear()
    sql = engine.duckdb_sql(values.expression, scope)
    assert "observations" in sql and len(list((tmp_path / "cache" / "sql").iterdir())) == 1
    engine.duckdb_sql.cache_clear()
    monkeypatch.setattr(engine.ibis, "to_sql", lambda *a, **k: pytest.fail("compiled again"))
    assert engine.duckdb_sql(values.expression, scope) == sql  # read back, not compiled
    monkeypatch.undo()
    monkeypatch.setenv("LOCALWIRE_CACHE", "/proc/no-such-place")  # not writable: still answers
    engine.duckdb_sql.cache_clear()
    assert engine.duckdb_sql(values.expression, scope) == sql
    engine.duckdb_sql.cache_clear()


BEFORE_THE_DATA = Period.parse("1999/00")


@pytest.mark.parametrize("lookup", [
    lambda b: b.value("hertfordshire", BEFORE_THE_DATA, M),
    lambda b: b.pct_change("hertfordshire", BEFORE_THE_DATA, M),
    lambda b: b.record("hertfordshire", BEFORE_THE_DATA, M),
    lambda b: b.rank("hertfordshire", BEFORE_THE_DATA, M),
    lambda b: b.rate_per("hertfordshire", BEFORE_THE_DATA, M),
], ids=["value", "pct_change", "record", "rank", "rate_per"])
def test_a_period_before_the_data_has_no_facts(book, lookup):
    # record() over an empty series once raised AttributeError (a literal, not a column)
    assert lookup(book) is None
