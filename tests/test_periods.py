import pytest

from localwire.errors import PeriodError
from localwire.model.periods import Period


@pytest.mark.parametrize(("text", "code", "days", "previous"), [
    ("2016/17", "2016/17", 365, "2015/16"),
    ("2016-17", "2016/17", 365, "2015/16"),
    ("FY2015/16", "2015/16", 366, "2014/15"),
    ("1999/00", "1999/00", 366, "1998/99"),
    ("2017", "2017", 365, "2016"),
    ("YE 2017-06", "YE 2017-06", 365, "YE 2016-06"),
    ("year ending June 2017", "YE 2017-06", 365, "YE 2016-06"),
    ("31-03-2017", "2016/17", 365, "2015/16"),
])
def test_parse(text, code, days, previous):
    period = Period.parse(text)
    assert period.code == code
    assert period.days == days
    assert period.previous().code == previous


@pytest.mark.parametrize("text", ["2016/18", "16/17", "next year", "2016/1", "3000", "YE 2017-13"])
def test_bad_periods_are_errors(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_financial_year_spans_april_to_march():
    period = Period.parse("2016/17")
    assert (period.start.isoformat(), period.end.isoformat()) == ("2016-04-01", "2017-03-31")
