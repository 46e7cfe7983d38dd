"""Verdict rules on a small fake fact book: tolerances, hedges, directions, internal consistency."""

from __future__ import annotations

from fractions import Fraction

import pytest

from localwire.areas import Gazetteer
from localwire.check import check_claims
from localwire.model.config import DatasetConfig
from localwire.model.facts import Fact
from localwire.model.periods import Period
from tests.series import series_csv

CONFIG = DatasetConfig.model_validate({"dataset": {"id": "fake", "title": "fake"},
          "measures": {"thefts": {"kind": "count", "terms": ["thefts", "theft", "crimes"]}},
          "breakdowns": {"bikes": {"kind": "flag", "terms": ["bike"]}}})
PERIOD = Period.parse("2016/17")
COUNTS = {("kent", "2016/17", ""): Fraction(1000), ("kent", "2015/16", ""): Fraction(800),
          ("kent", "2016/17", "bikes"): Fraction(150), ("kent", "2015/16", "bikes"): Fraction(75)}
POPULATION = 1_000_000


class FakeBook:
    """Kent thefts: 1,000 in 2016/17 (150 of bikes), 800 in 2015/16 (75 of bikes); 1m people."""


    def _fact(self, name, value, area, period, measure, breakdown, formula="x"):
        return Fact(name, value, "count", formula, (), area, period, measure, breakdown)

    def value(self, area, period, measure, breakdown=""):
        found = COUNTS.get((area, period.code, breakdown))
        return None if found is None else self._fact("value", found, area, period, measure, breakdown)

    def change(self, area, period, measure, breakdown=""):
        now, before = self.value(area, period, measure, breakdown), self.value(
            area, period.previous(), measure, breakdown)
        if now is None or before is None:
            return None
        return self._fact("change", now.value - before.value, area, period, measure, breakdown)

    def pct_change(self, area, period, measure, breakdown=""):
        change = self.change(area, period, measure, breakdown)
        if change is None:
            return None
        before = self.value(area, period.previous(), measure, breakdown).value
        return self._fact("pct_change", change.value / before * 100, area, period, measure, breakdown)

    def share(self, area, period, measure, breakdown):
        part, whole = self.value(area, period, measure, breakdown), self.value(area, period, measure)
        return part and whole and self._fact("share", part.value / whole.value, area, period, measure,
                                             breakdown)

    def per_day(self, area, period, measure, breakdown=""):
        fact = self.value(area, period, measure, breakdown)
        return fact and self._fact("per_day", fact.value / period.days, area, period, measure, breakdown)

    def interval_minutes(self, area, period, measure, breakdown=""):
        fact = self.value(area, period, measure, breakdown)
        return fact and self._fact("interval", period.days * 1440 / fact.value, area, period, measure,
                                   breakdown)

    def record(self, area, period, measure, breakdown=""):
        return None

    def rate_per(self, area, period, measure, breakdown="", per=1000):
        fact = self.value(area, period, measure, breakdown)
        return fact and self._fact("rate_per", fact.value / POPULATION * per, area, period, measure,
                                   breakdown)

    def why_missing(self, area, period, measure, breakdown=""):
        return f"no data for {area}, {period.code}"


def verdict(sentence: str) -> tuple[str, str]:
    text = f"Kent Police figures for 2016/17 were published. {sentence}"
    report = check_claims(text, FakeBook(), CONFIG, None, None, gazetteer=Gazetteer.bundled())
    check = report.checks[-1]
    return check.verdict, check.outcome.explanation


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Kent recorded 1,000 thefts.", "supported"),
    ("Kent recorded 1,001 thefts.", "contradicted"),
    ("Thefts rose by 25 per cent.", "supported"),           # 200 / 800 = 25%
    ("Thefts rose by 24 per cent.", "contradicted"),
    ("Thefts fell by 25 per cent.", "contradicted"),        # wrong direction
    ("Thefts were up by 200.", "supported"),
    ("Nearly 1,050 thefts were recorded.", "supported"),    # 1,000 is within 10% below
    ("Nearly 1,200 thefts were recorded.", "contradicted"),
    ("More than 950 thefts were recorded.", "supported"),
    ("More than 1,000 thefts were recorded.", "contradicted"),
    ("Around 1,040 thefts were recorded.", "supported"),     # within 5%
    ("About 1,100 thefts were recorded.", "contradicted"),
    ("Three thefts a day were recorded.", "supported"),      # 1000 / 365 = 2.74
    ("Two thefts a day were recorded.", "contradicted"),
    ("A theft was recorded every nine hours.", "supported"), # 525600 / 1000 min = 8.76 h
    ("A theft was recorded every eight hours.", "contradicted"),
    ("Bike thefts were 15 per cent of the total.", "supported"),
    ("More than one in seven thefts involved a bike.", "supported"),  # 15% > 14.3%, 1/0.15 rounds to 7
    ("Almost one in six thefts involved a bike.", "contradicted"),  # 1/0.15 = 6.7 rounds to 7
    ("One in 10 thefts involved a bike.", "contradicted"),
    ("Thefts in Kent rose from 800 to 1,000, an increase of 200.", "supported"),
    ("Kent recorded 1,000 thefts in 2016/17 - a drop from 800.", "contradicted"),
    ("Kent recorded 1,000 crimes in 2017/18.", "unverifiable"),
    ("Kent recorded 100 thefts per 100,000 people.", "supported"),  # 1,000 / 1m * 100,000
    ("Kent recorded 120 thefts per 100,000 people.", "contradicted"),
    ("At 1 theft per 1,000 residents, Kent was below the England and Wales average of 3.",
     "unverifiable"),  # the 3 inherits the rate base and belongs to England and Wales: no data
    ("Bike thefts in Kent doubled on the previous year.", "supported"),  # 150 / 75
    ("Kent recorded twice as many thefts as the year before.", "contradicted"),  # 1,000 / 800
    ("Kent recorded more than double the thefts of Essex.", "unverifiable"),  # base not the year before
    ("Thefts cost Kent £50 million.", "unverifiable"),  # no measure in pounds
])
def test_verdicts(sentence, expected):
    assert verdict(sentence)[0] == expected, verdict(sentence)


def test_internal_consistency_is_checked_without_data():
    text = "Surrey recorded an increase of 120 from 381 to 504."
    report = check_claims(text, FakeBook(), CONFIG, None, "2016/17", gazetteer=Gazetteer.bundled())
    change = report.checks[0]
    assert change.verdict == "contradicted"
    assert "504 - 381 = 123" in change.outcome.explanation


@pytest.fixture(scope="module")
def series_book(tmp_path_factory):
    """Kent's thefts over five unbroken years (5, 10, 20, 30, 40); Essex's with 2014/15 refused;
    Dorset's highest of its last four years but not of all five (50, 10, 20, 30, 40)."""
    from localwire.facts import FactBook
    from localwire.importing import import_file
    from localwire.store import Store
    folder = tmp_path_factory.mktemp("series")
    series_csv(folder / "series.csv", "thefts", {
        "Kent": "5 10 20 30 40", "Essex": "50 10 refused 20 30", "Dorset": "50 10 20 30 40"})
    store = Store(folder / "s.duckdb")
    store.upsert_dataset(DatasetConfig.model_validate(
        {**CONFIG.model_dump(by_alias=True), "dataset": {"id": "series", "title": "series"}}))
    import_file(store, folder / "series.csv", dataset="series")
    yield FactBook(store, "series")
    store.close()


@pytest.mark.parametrize(("sentence", "expected", "why"), [  # the writer's record sentences
    ("Police in Kent recorded 40 thefts in 2016/17, the highest number in the five years for "
     "which figures are available, the figures show.", "supported", "the highest of the series"),
    ("It is the highest number in the five years for which figures are available.", "supported",
     "the highest of the series"),
    ("That makes it the lowest figure in the five years on record for the force.",
     "contradicted", "not a record low: high of 5 periods"),  # "lowest" read, not "record"
    ("The figure is the highest in the three years for which figures are available.",
     "unverifiable", "a series of 3 years; the data's unbroken series has 5"),
    ("essex: That makes it the highest figure in the five years on record for the force.",
     "unverifiable", "at least three periods"),  # the refused 2014/15 ends Essex's series
    # a record over some years (fresh2's ho-itvwestcountry-2013 and ho-xnmedia-2014, re-aimed)
    ("Latest figures show that thefts in Kent are at a 15-year high.", "supported",
     "(the data goes back 5 years)"),
    ("Overall, thefts in Kent are at their highest for three years according to statistics.",
     "supported", "the highest of the 5 years since 2012/13"),
    ("dorset: Latest figures show that thefts in Dorset are at a three-year high.",
     "unverifiable", "a record over 3 years"),  # the whole series' record does not settle it
    ("dorset: Thefts in Dorset are at the highest level in the five years on record.",
     "contradicted", "not a record high"),  # the whole series, stated as such
])
def test_a_record_states_its_series_and_its_direction(series_book, sentence, expected, why):
    area, _, sentence = sentence.rpartition(": ") if ": " in sentence else ("kent", "", sentence)
    text = f"Police recorded thefts in 2016/17. {sentence}"
    report = check_claims(text, series_book, series_book.config, area, PERIOD,
                          gazetteer=Gazetteer.bundled())
    records = [c for c in report.checks if c.claim.kind == "record"]
    assert len(records) == 1, [c.claim.text for c in report.checks]
    assert (records[0].verdict, why in records[0].outcome.explanation) == (expected, True), \
        records[0].outcome.explanation


@pytest.mark.parametrize(("figures", "expected"), [
    ("10870 11182", ["supported", "supported"]),
    ("10870 11812", ["supported", "contradicted"]),
])
def test_a_users_own_table_is_checked_by_its_measures_names(tmp_path, figures, expected):
    """A tidy CSV imported into a new dataset declares no measure terms: the measure's own name
    names it (ho-portsmouth-2015's sentence, dev split, against a table holding its figures)."""
    from localwire.check import Checker
    from localwire.importing import import_file
    from localwire.store import Store
    before, now = figures.split()
    (tmp_path / "mine.csv").write_text(
        "area,period,measure,value\n"
        f"Hampshire,YE 2014-06,burglaries,{before}\nHampshire,YE 2015-06,burglaries,{now}\n",
        encoding="utf-8")
    store = Store(tmp_path / "s.duckdb")
    import_file(store, tmp_path / "mine.csv", dataset="mine")
    report = Checker(store, "mine").check("Burglaries in the county increased from 10,870 to "
                                         "11,182.", area="hampshire", period="YE 2015-06")
    store.close()
    assert [c.verdict for c in report.checks] == expected, [
        c.outcome.explanation for c in report.checks]
