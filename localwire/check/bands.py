"""The values a figure stands for, stated at its precision and with its hedge ("about 1,500",
"more than 40 per cent", "14,000"): the checker's tolerance bands, from `prose.tolerances`."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from localwire.prose.tolerances import AROUND_BAND, HEDGE_BAND, ROUNDED_COUNT_UNIT


@dataclass(frozen=True)
class Band:
    low: Fraction | None
    high: Fraction | None
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, value: Fraction) -> bool:
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return not (self.high is not None and (value > self.high or (self.high_open and value == self.high)))

    def __str__(self) -> str:
        return self.text

    @functools.cached_property
    def text(self) -> str:
        """As the checker's messages print it, made once (most bands come from `band_for`'s cache)."""
        low = "-inf" if self.low is None else show(self.low)
        high = "inf" if self.high is None else show(self.high)
        return f"{'(' if self.low_open else '['}{low}, {high}{')' if self.high_open else ']'}"


@functools.lru_cache(maxsize=4096)  # stories repeat their figures' forms; a Band cannot change
def band_for(value: Decimal, step: Decimal, hedge: str | None, *, exact_integers: bool) -> Band:
    """The values a figure stated with this precision and hedge stands for."""
    x, unit = Fraction(value), Fraction(step)
    if exact_integers and unit == 1 and x == int(x):
        unit = Fraction(_rounding_unit(int(x)))
    half = unit / 2 if (unit > 1 or not exact_integers) else Fraction(0)
    if hedge == "nearly" or hedge == "at most":
        return Band(x * (1 - HEDGE_BAND), x + half, high_open=half > 0)
    if hedge == "more than":
        return Band(x, x * (1 + HEDGE_BAND) + half, low_open=True)
    if hedge == "at least":
        return Band(x, x * (1 + HEDGE_BAND) + half)
    if hedge == "less than":
        return Band(x * (1 - HEDGE_BAND) - half, x, high_open=True)
    if hedge == "around":
        spread = max(half, x * AROUND_BAND)
        return Band(x - spread, x + spread)
    if half == 0:
        return Band(x, x)
    return Band(x - half, x + half, high_open=True)


def _rounding_unit(number: int) -> int:
    """1, or 1,000 and up for a figure that ends in three or more zeros ("14,000")."""
    unit = 1
    while number and number % (unit * 10) == 0 and number >= unit * 10:
        unit *= 10
    return unit if unit >= ROUNDED_COUNT_UNIT else 1


def show(value: Fraction) -> str:
    """A number as the checker's messages print it: grouped, up to four decimals."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.4f}".rstrip("0").rstrip(".")
