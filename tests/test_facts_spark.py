"""The fact families on Apache Spark equal the same families on DuckDB (`./run test-spark`).

A local SparkSession (`local[2]`, no UI, bound to 127.0.0.1) reads the store's observations,
sources, areas and populations as Spark tables (written to Parquet by DuckDB); a FactBook whose
engine is Ibis's PySpark backend then answers every lookup of every family for every area of
two real datasets (the bundled NSPCC figures, and the Home Office rolling-year table with
British Transport Police), and every row Spark returns, and every fact built from it, must
equal DuckDB's. Nothing but the engine differs: the same Ibis expressions, the same exact steps.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from localwire.facts import FactBook
from localwire.facts.engine import DuckDBEngine, IbisEngine
from localwire.model.periods import Period

pytestmark = [pytest.mark.spark,
              # PySpark 4.0 and Ibis 12 calling pandas 3 warn about their own calls, not ours.
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
              pytest.mark.filterwarnings("ignore:The 'future.infer_string' option")]

TABLES = ("observations", "sources", "areas", "populations")
YEAR = Period.parse("2016/17")
ROLLING = "raw/rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    started = time.perf_counter()
    session = (SparkSession.builder.master("local[2]").appName("localwire-facts")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    print(f"\nSparkSession {session.version} started in {time.perf_counter() - started:.1f} s")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from localwire.importing import import_file
    from localwire.importing.bundled_data import load_bundled
    from localwire.store import Store
    from tests.conftest import SHARED_DATA

    with Store(tmp_path_factory.mktemp("spark") / "lw.duckdb") as opened:
        load_bundled(opened)
        import_file(opened, SHARED_DATA / ROLLING, dataset="police-recorded-crime",
                    recipe="home-office-rolling-year")
        yield opened


@pytest.fixture(scope="module")
def spark_engine(spark, store, tmp_path_factory):
    """The store's tables as Spark tables, and an Ibis engine over them."""
    import ibis

    folder = tmp_path_factory.mktemp("parquet")
    for table in TABLES:
        path = folder / f"{table}.parquet"
        store.db.execute(f"COPY (SELECT * FROM {table}) TO '{path}' (FORMAT parquet)")
        spark.read.parquet(str(path)).createOrReplaceTempView(table)
    return IbisEngine(ibis.pyspark.connect(spark))


class Both:
    """An engine that runs each family on Spark and on DuckDB and keeps both answers."""

    def __init__(self, spark_engine: IbisEngine, duckdb: DuckDBEngine) -> None:
        self.spark, self.duckdb = spark_engine, duckdb
        self.compared: list[tuple[str, int]] = []
        self.seconds = 0.0

    def rows(self, build, *question):
        started = time.perf_counter()
        on_spark = self.spark.rows(build, *question)
        self.seconds += time.perf_counter() - started
        on_duckdb = self.duckdb.rows(build, *question)
        assert canonical([row.as_dict() for row in on_spark]) == \
            canonical([row.as_dict() for row in on_duckdb]), (build.__module__, question)
        self.compared.append((build.__module__.rsplit(".", 1)[-1], len(on_spark)))
        return on_spark

    def tuples(self, build, *question, columns):
        started = time.perf_counter()
        on_spark = self.spark.tuples(build, *question, columns=columns)
        self.seconds += time.perf_counter() - started
        on_duckdb = self.duckdb.tuples(build, *question, columns=columns)
        assert canonical([dict(zip(columns, row, strict=True)) for row in on_spark]) == \
            canonical([dict(zip(columns, row, strict=True)) for row in on_duckdb]), \
            (build.__module__, question)
        self.compared.append((build.__module__.rsplit(".", 1)[-1], len(on_spark)))
        return on_spark


def canonical(rows: list[dict[str, Any]]) -> list[tuple]:
    """Rows in a comparable form: sorted, lists sorted, decimals normalised."""
    def value(v: Any) -> Any:
        if isinstance(v, list):
            return tuple(sorted(map(value, v), key=repr))
        if isinstance(v, Decimal):
            return v.normalize() if v else Decimal(0)
        return v
    return sorted((tuple(sorted((k, value(v)) for k, v in row.items())) for row in rows), key=repr)


LOOKUPS = ("value", "previous", "change", "pct_change", "direction", "per_day", "per_week",
           "interval_minutes", "rate_per", "rank", "rank_by_rate", "standing", "record")


def every_fact(book: FactBook, measure: str, breakdowns: list[str]) -> list:
    facts: list = []
    slugs = sorted(book.gazetteer.areas)
    for slug in slugs:
        for breakdown in ["", *breakdowns]:
            at = (slug, YEAR, measure, breakdown)
            facts += [getattr(book, name)(*at) for name in LOOKUPS]
            facts += [book.rank(*at, lowest=True), book.rank(*at, among="united-kingdom"),
                      book.rank(*at, among="south-west", by="rate"),
                      book.within(*at), book.change_since(slug, YEAR, Period.parse("2014/15"),
                                                          measure, breakdown)]
            if breakdown:
                facts += [book.share(*at), book.one_in(*at)]
    for breakdown in ["", *breakdowns]:
        facts += [book.national(YEAR, measure, breakdown), book.coverage(YEAR, measure, breakdown),
                  book.total_over(["kent", "surrey", "btp"], "listed", YEAR, measure, breakdown)]
    facts += [book.periods(measure), book.series("wiltshire", measure),
              book.forces_within("england-and-wales")]
    return facts


@pytest.mark.parametrize(("dataset", "measure", "breakdowns"), [
    ("nspcc-child-sex-offences", "child_sex_offences", ["aged_10_and_under", "online_flagged"]),
    ("police-recorded-crime", "recorded_crime", ["sexual_offences"]),
])
def test_every_family_on_spark_equals_duckdb(store, spark_engine, dataset, measure, breakdowns):
    both = Both(spark_engine, DuckDBEngine(store))
    on_spark = FactBook(store, dataset, engine=both)
    on_duckdb = FactBook(store, dataset)
    spark_facts = every_fact(on_spark, measure, breakdowns)
    assert spark_facts == every_fact(on_duckdb, measure, breakdowns)
    stated = [f for f in spark_facts if f is not None and not isinstance(f, list | str)]
    assert len(stated) > 100
    families = {name for name, _rows in both.compared}
    assert {"values", "changes", "shares", "rates", "ranks", "records", "totals", "since",
            "observations", "areas", "base"} <= families
    print(f"\n{dataset}: {len(both.compared)} family queries on Spark in {both.seconds:.1f} s, "
          f"{sum(n for _f, n in both.compared)} rows, {len(stated)} facts equal")
