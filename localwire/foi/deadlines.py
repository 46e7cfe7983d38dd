"""Statutory deadlines: working days under FOIA and FOISA, counted on top of `holidays`.

The rule (FOIA s.10(1), FOISA s.10(1)): an authority must reply no later than the twentieth
working day following the date of receipt. Day one is the first working day after receipt.

What counts as a working day differs by law:

* FOIA s.10(6): any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a day
  which is a bank holiday under the Banking and Financial Dealings Act 1971 in *any part* of the
  United Kingdom. So FOIA skips the union of the bank holidays of England, Wales, Scotland and
  Northern Ireland (a Scottish one-off such as 15 June 2026 delays every English deadline too).
* FOISA s.73: any day other than a Saturday, a Sunday, Christmas Day or a bank holiday in
  Scotland.

Bank holidays (including substitute days and one-offs such as 19 September 2022, 8 May 2023
and 15 June 2026 in Scotland) come from the `holidays` package; nothing here lists dates.
Deadlines are always computed, never stored, so a newer holiday list moves open deadlines.

"Overdue" means today is after the due date while the authority still owes a reply. "Long
overdue" means more than `LONG_OVERDUE_AFTER` (20) working days past the due date, i.e. at least
double the statutory time: the point at which the ICO treats a delay as serious and the
longest any public interest extension may run (ICO guidance: 20 extra working days at most).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from localwire.errors import LocalwireError

FOIA = "FOIA"
FOISA = "FOISA"
LAWS = (FOIA, FOISA)

STATUTORY_WORKING_DAYS = 20
EXTENSION_WORKING_DAYS = 20  # the most the ICO accepts for a public interest extension
LONG_OVERDUE_AFTER = 20  # working days past the due date

_SUBDIVISIONS = {FOIA: ("ENG", "WLS", "SCT", "NIR"), FOISA: ("SCT",)}


class LawError(LocalwireError):
    code = "unknown-law"


def check_law(law: str) -> str:
    if law not in _SUBDIVISIONS:
        raise LawError(f"unknown FOI law {law!r}", hint="use FOIA or FOISA")
    return law


@lru_cache(maxsize=256)
def bank_holidays(law: str, year: int) -> dict[date, str]:
    """The days (with their names) that are not working days under `law` besides weekends."""
    found: dict[date, set[str]] = {}
    for subdivision in _SUBDIVISIONS[check_law(law)]:
        for day, names in holidays.UK(subdiv=subdivision, years=year).items():
            found.setdefault(day, set()).update(part.strip() for part in names.split(";"))
    return {day: "; ".join(sorted(names)) for day, names in sorted(found.items())}


def holiday_name(day: date, law: str) -> str | None:
    return bank_holidays(law, day.year).get(day)


def is_working_day(day: date, law: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(law, day.year)


def add_working_days(start: date, count: int, law: str) -> date:
    """The `count`-th working day after `start` (start itself never counts)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day, law):
            count -= 1
    return day


def working_days_between(start: date, end: date, law: str) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, law)
    return count


def due_date(received: date, law: str, working_days: int = STATUTORY_WORKING_DAYS) -> date:
    """The last day for a reply: the 20th working day following the day of receipt."""
    return add_working_days(received, working_days, law)


def working_days_overdue(due: date, today: date, law: str) -> int:
    """Working days after the due date up to today; 0 when not yet due."""
    return working_days_between(due, today, law)


def is_long_overdue(due: date, today: date, law: str) -> bool:
    return working_days_overdue(due, today, law) > LONG_OVERDUE_AFTER
