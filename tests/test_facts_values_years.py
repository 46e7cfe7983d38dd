"""One values query for every year a story reads (`FactBook.read_values`): the same
observations and values as one query a pair of years, and `prepare` runs it once."""

import pytest

from localwire.facts.book import FactBook
from localwire.facts.engine import DuckDBEngine
from localwire.facts.families import values
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period

DATASET, MEASURE = "nspcc-child-sex-offences", "child_sex_offences"


class Counting(DuckDBEngine):
    """DuckDB, counting the values queries."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.values_queries = 0

    def tuples(self, build, *question, columns):
        self.values_queries += build is values.expression
        return super().tuples(build, *question, columns=columns)


@pytest.fixture(scope="module")
def store():
    with bundled_store() as found:
        yield found


def _facts(book: FactBook, periods: list[Period]) -> dict:
    areas = book.gazetteer.areas
    return {(p.code, a): (book.observation(a, p, MEASURE), book.value(a, p, MEASURE),
                          book.previous(a, p, MEASURE)) for p in periods for a in areas}


def test_one_query_gives_every_year_as_a_query_a_pair_of_years(store):
    apart = FactBook(store, DATASET, shared=False)
    periods = apart.periods(MEASURE)
    together = FactBook(store, DATASET, engine=Counting(store))
    together.shared = False
    together.read_values(values.ValuesScope(DATASET, MEASURE, tuple(p.code for p in periods)))
    assert together.engine.values_queries == 1
    assert _facts(together, periods) == _facts(apart, periods)
    assert together.engine.values_queries == 1  # every year answered by the one read


def test_prepare_reads_the_values_once(store):
    book = FactBook(store, DATASET, engine=Counting(store))
    latest = book.periods(MEASURE)[-1]
    book.prepare(latest, MEASURE)
    assert book.engine.values_queries == 1


def test_a_scope_of_some_areas_reads_only_those(store):
    book = FactBook(store, DATASET, shared=False)
    latest = book.periods(MEASURE)[-1]
    area = book.areas_with_data(latest, MEASURE)[0]
    scope = values.ValuesScope(DATASET, MEASURE, (latest.code,), areas=(area,))
    found = book.read_values(scope)
    assert len(found.observations) > 0
    assert {slug for (_p, slug, _b) in found.observations} == {area}


def test_a_change_after_the_next_years_values_were_read_finds_its_year_before(store):
    # the desk's dataset page read 2016/17's values (2016/17 and 2015/16) for its summary, then
    # asked 2015/16's changes, whose year before (2014/15) that family lacks: KeyError, a 500
    book = FactBook(store, DATASET, shared=False)
    apart = FactBook(store, DATASET, shared=False)
    second, third = book.periods(MEASURE)[1:3]
    book.coverage(third, MEASURE)
    for area in apart.areas_with_data(second, MEASURE):
        assert book.pct_change(area, second, MEASURE) == apart.pct_change(area, second, MEASURE)
