"""Per day, per week and "one every N minutes".

Set-wise: nothing of its own. These are exact steps over the values family's reported
figures of a count measure (a published percentage has no frequency).

Exact step, with `days` the days in the period (365 or 366 for a year; `Period.days`):
- per day = count / days (unit "per_day"), formula "771 / 365 days".
- per week = count * 7 / days (unit "per_week"), formula "771 * 7 / 365 days".
- interval = days * 1440 / count minutes (unit "minutes"), formula "365 days * 1440 / 771".

Rules:
- Zero count: per day and per week are 0; there is no interval ("one every ... minutes" of
  nothing is meaningless).
- The writer rounds ("two a day", "six a week", "every eight minutes"); facts never do.
"""

from __future__ import annotations

from fractions import Fraction

from localwire.model.facts import Fact

MINUTES_PER_DAY = 24 * 60
DAYS_PER_WEEK = 7


def per_day_fact(count: Fact) -> Fact:
    days = count.period.days
    return Fact("per_day", count.value / days, "per_day", f"{count.formula} / {days} days",
                count.inputs, count.area, count.period, count.measure, count.breakdown,
                extra=(("days", days),))


def per_week_fact(count: Fact) -> Fact:
    days = count.period.days
    return Fact("per_week", count.value * DAYS_PER_WEEK / days, "per_week",
                f"{count.formula} * {DAYS_PER_WEEK} / {days} days", count.inputs,
                count.area, count.period, count.measure, count.breakdown, extra=(("days", days),))


def interval_fact(count: Fact) -> Fact | None:
    if count.value == 0:
        return None
    days = count.period.days
    return Fact("interval_minutes", Fraction(days * MINUTES_PER_DAY) / count.value, "minutes",
                f"{days} days * {MINUTES_PER_DAY} / {count.formula}", count.inputs,
                count.area, count.period, count.measure, count.breakdown,
                extra=(("days", days), ("count", count.formula)))
