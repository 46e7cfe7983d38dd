"""Reporting periods.

Every period localwire knows is a run of twelve whole months ending at the end of a month:
a financial year "2016/17" is the year ending 31 March 2017, a calendar year "2017" the year ending
31 December 2017, and other rolling years ("year ending June 2017") are written "YE 2017-06".
Keeping one shape makes "the previous period" and "days in the period" one rule each.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from localwire.errors import PeriodError

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})

_FINANCIAL = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_CALENDAR = re.compile(r"^(\d{4})$")
_YEAR_ENDING = re.compile(r"^(?:ye|year end(?:ing)?|year to|12 months ending)\s*"
                          r"(?:(\d{4})-(\d{1,2})|([a-z]+)\s+(\d{4}))$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


@dataclass(frozen=True, order=True)
class Period:
    """Twelve months ending with month `end_month` of `end_year`."""

    end_year: int
    end_month: int

    @classmethod
    def parse(cls, text: str | int) -> Period:
        """Read "2016/17", "2016-17", "2017", "YE 2017-06", "year ending June 2017"."""
        raw = str(text).strip()
        if match := _FINANCIAL.match(raw):
            return cls._financial(raw, int(match.group(1)), match.group(2))
        if match := _CALENDAR.match(raw):
            return cls._checked(raw, int(match.group(1)), 12)
        if match := _YEAR_ENDING.match(raw):
            if match.group(1):
                return cls._checked(raw, int(match.group(1)), int(match.group(2)))
            month = _MONTHS.get(match.group(3).lower())
            if month is None:
                raise PeriodError(f"unknown month in period {raw!r}")
            return cls._checked(raw, int(match.group(4)), month)
        if match := _DAY_MONTH_YEAR.match(raw):
            return cls._checked(raw, int(match.group(3)), int(match.group(2)))
        raise PeriodError(
            f"cannot read period {raw!r}",
            hint="use a financial year like 2016/17, a calendar year like 2017 or YE 2017-06",
        )

    @classmethod
    def financial_year(cls, start_year: int) -> Period:
        return cls(start_year + 1, 3)

    @classmethod
    def _financial(cls, raw: str, start: int, end_text: str) -> Period:
        end = int(end_text)
        if len(end_text) == 2:
            end += (start // 100) * 100
            if end < start:
                end += 100
        if end != start + 1:
            raise PeriodError(f"financial year {raw!r} does not span consecutive years")
        return cls._checked(raw, end, 3)

    @classmethod
    def _checked(cls, raw: str, end_year: int, end_month: int) -> Period:
        if not EARLIEST_YEAR <= end_year <= LATEST_YEAR:
            raise PeriodError(f"period {raw!r} is out of range {EARLIEST_YEAR}-{LATEST_YEAR}")
        if not 1 <= end_month <= 12:
            raise PeriodError(f"period {raw!r} has no month {end_month}")
        return cls(end_year, end_month)

    @property
    def is_financial_year(self) -> bool:
        return self.end_month == 3

    @property
    def is_calendar_year(self) -> bool:
        return self.end_month == 12

    @functools.cached_property  # asked for per claim and per fact; a Period never changes
    def code(self) -> str:
        """The canonical text stored in the database."""
        if self.is_financial_year:
            return f"{self.end_year - 1}/{self.end_year % 100:02d}"
        if self.is_calendar_year:
            return str(self.end_year)
        return f"YE {self.end_year}-{self.end_month:02d}"

    @property
    def label(self) -> str:
        """How a story names the period."""
        if self.is_financial_year or self.is_calendar_year:
            return self.code
        return f"the year to {calendar.month_name[self.end_month]} {self.end_year}"

    @property
    def end_month_name(self) -> str:
        """The month the period ends in ("March" for 2016/17): "the year to March"."""
        return calendar.month_name[self.end_month]

    @property
    def start(self) -> date:
        month = self.end_month % 12 + 1
        year = self.end_year - 1 if month != 1 else self.end_year
        return date(year, month, 1)

    @property
    def end(self) -> date:
        last_day = calendar.monthrange(self.end_year, self.end_month)[1]
        return date(self.end_year, self.end_month, last_day)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self, years: int = 1) -> Period:
        return Period(self.end_year - years, self.end_month)

    def __str__(self) -> str:
        return self.code
