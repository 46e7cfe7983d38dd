from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localwire.foi.deadlines import (
    FOIA,
    FOISA,
    LawError,
    add_working_days,
    bank_holidays,
    due_date,
    holiday_name,
    is_long_overdue,
    is_working_day,
    working_days_between,
    working_days_overdue,
)


@pytest.mark.parametrize(("received", "law", "due", "why"), [
    # the known case: Spring Bank Holiday 25 May and Scotland's 15 June both skipped under FOIA
    (date(2026, 5, 20), FOIA, date(2026, 6, 19), "spring bank holiday + Scottish one-off"),
    (date(2026, 5, 20), FOISA, date(2026, 6, 19), "spring bank holiday + Scottish one-off"),
    # Scotland's 2026 one-off on its own
    (date(2026, 6, 1), FOISA, date(2026, 6, 30), "15 June 2026, Scotland"),
    (date(2026, 6, 1), FOIA, date(2026, 6, 30), "15 June 2026 counts for FOIA too"),
    # Christmas 2022: 26, 27 Dec, 2 Jan and Scotland's 3 Jan substitute day
    (date(2022, 12, 9), FOIA, date(2023, 1, 12), "Christmas, New Year, Scottish 3 Jan"),
    (date(2022, 12, 9), FOISA, date(2023, 1, 12), "Christmas, New Year, Scottish 3 Jan"),
    # Easter 2026: Easter Monday is not a bank holiday in Scotland
    (date(2026, 3, 20), FOIA, date(2026, 4, 21), "Good Friday and Easter Monday"),
    (date(2026, 3, 20), FOISA, date(2026, 4, 20), "Good Friday only"),
    # the 2022-23 one-offs: the state funeral and the coronation
    (date(2022, 9, 1), FOIA, date(2022, 9, 30), "state funeral 19 Sep 2022"),
    (date(2022, 9, 1), FOISA, date(2022, 9, 30), "state funeral 19 Sep 2022"),
    (date(2023, 4, 21), FOIA, date(2023, 5, 23), "May Day and coronation 8 May 2023"),
    (date(2023, 4, 21), FOISA, date(2023, 5, 23), "May Day and coronation 8 May 2023"),
    (date(2022, 5, 13), FOIA, date(2022, 6, 14), "Spring bank holiday and Platinum Jubilee"),
    # England's late summer holiday (31 Aug 2026) is not Scotland's
    (date(2026, 8, 14), FOIA, date(2026, 9, 14), "late summer bank holiday"),
    (date(2026, 8, 14), FOISA, date(2026, 9, 11), "no holiday in Scotland"),
    # received on a Saturday: day one is the next working day
    (date(2026, 5, 23), FOIA, date(2026, 6, 23), "weekend receipt"),
])
def test_due_dates(received, law, due, why):
    assert due_date(received, law) == due, why


@pytest.mark.parametrize(("day", "law", "words"), [
    (date(2022, 9, 19), FOIA, "State Funeral"),
    (date(2023, 5, 8), FOISA, "Coronation"),
    (date(2022, 6, 3), FOIA, "Platinum Jubilee"),
    (date(2026, 6, 15), FOIA, "FIFA World Cup"),
    (date(2026, 6, 15), FOISA, "FIFA World Cup"),
    (date(2026, 3, 17), FOIA, "Saint Patrick"),
    (date(2026, 11, 30), FOIA, "Saint Andrew"),
    (date(2026, 4, 6), FOIA, "Easter Monday"),
])
def test_holidays_come_from_the_package(day, law, words):
    assert words in holiday_name(day, law)
    assert not is_working_day(day, law)


@pytest.mark.parametrize(("day", "law"), [
    (date(2026, 4, 6), FOISA),     # Easter Monday is a working day in Scotland
    (date(2026, 3, 17), FOISA),    # St Patrick's Day only in Northern Ireland
    (date(2026, 7, 13), FOISA),    # Battle of the Boyne (observed) only in Northern Ireland
    (date(2026, 6, 16), FOIA),
])
def test_working_days(day, law):
    assert is_working_day(day, law)


def test_foia_skips_every_part_of_the_uk_and_foisa_only_scotland():
    for year in (2022, 2023, 2026):
        foia, foisa = set(bank_holidays(FOIA, year)), set(bank_holidays(FOISA, year))
        assert foisa < foia


@given(st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31)),
       st.sampled_from([FOIA, FOISA]))
def test_due_date_is_the_twentieth_working_day(received, law):
    due = due_date(received, law)
    assert is_working_day(due, law)
    assert working_days_between(received, due, law) == 20
    assert working_days_between(received, due - timedelta(days=1), law) == 19


@pytest.mark.parametrize(("today", "overdue", "long_overdue"), [
    (date(2026, 6, 19), 0, False),   # the due date itself is not overdue
    (date(2026, 6, 22), 1, False),
    (date(2026, 7, 17), 19, False),  # 13 July (Boyne, observed, NI) is no FOIA working day
    (date(2026, 7, 20), 20, False),  # exactly 20 working days late: not yet long overdue
    (date(2026, 7, 21), 21, True),
])
def test_overdue_and_long_overdue(today, overdue, long_overdue):
    due = date(2026, 6, 19)
    assert working_days_overdue(due, today, FOIA) == overdue
    assert is_long_overdue(due, today, FOIA) is long_overdue


def test_bad_law_and_count():
    with pytest.raises(LawError):
        due_date(date(2026, 1, 5), "GDPR")
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), 0, FOIA)
