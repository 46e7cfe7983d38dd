"""The values family's rows come back as tuples in `REF` order (a third of a dict's size):
the same rows as the dicts, and a family whose columns are not the ones named is refused."""

import pytest

from localwire.facts.engine import DuckDBEngine, IbisEngine
from localwire.facts.families import values
from localwire.facts.families.base import REF, Scope
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period

DATASET, MEASURE = "nspcc-child-sex-offences", "child_sex_offences"


@pytest.fixture(scope="module")
def engine():
    with bundled_store() as store:
        yield DuckDBEngine(store)


def test_tuples_are_the_dict_rows_in_ref_order(engine):
    scope = Scope(DATASET, Period.parse("2016/17"), MEASURE)
    as_dicts = engine.rows(values.expression, scope)
    as_tuples = engine.tuples(values.expression, scope, columns=REF)
    assert as_dicts, "the bundled NSPCC figures have observations for 2016/17"
    assert as_tuples == [tuple(row[name] for name in REF) for row in as_dicts]


def test_a_family_with_other_columns_is_refused_by_name(engine):
    scope = Scope(DATASET, Period.parse("2016/17"), MEASURE)
    with pytest.raises(RuntimeError, match=r"values\.expression gives the columns"):
        engine.tuples(values.expression, scope, columns=REF[::-1])


def test_any_ibis_backend_gives_the_same_tuples(engine):
    import ibis

    scope = Scope(DATASET, Period.parse("2016/17"), MEASURE)
    other = IbisEngine(ibis.duckdb.from_connection(engine.store.db))
    assert sorted(other.tuples(values.expression, scope, columns=REF)) == \
        sorted(engine.tuples(values.expression, scope, columns=REF))


def test_equal_strings_and_figures_are_one_object(engine):
    """A values family keeps a row for every observation: its repeated cells (area, period,
    measure, breakdown, status, figure) are shared, not a new Python object a row."""
    scope = Scope(DATASET, Period.parse("2016/17"), MEASURE)
    rows = engine.tuples(values.expression, scope, columns=REF)
    for column in ("area", "period", "measure", "breakdown", "status", "value"):
        at = REF.index(column)
        cells = [row[at] for row in rows if row[at] is not None]
        assert len({id(cell) for cell in cells}) == len(set(cells)), column
    assert len({row[REF.index("period")] for row in rows}) < len(rows), "periods repeat"
