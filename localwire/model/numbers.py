"""Exact numbers, and the one plain way to show them outside a story.

A figure is parsed once, at import, into an exact `Decimal`; facts compute with `Fraction`s;
floats never enter (they are not exact). Rounding is always ROUND_HALF_UP (ties away from zero):
15.5 -> 16, 0.45 -> 0.5, -15.5 -> -16. House style for copy (words, "per cent") is
`localwire.prose.style`, built on these; everything else that shows a number (formulas, JSON,
reports, tables on the desk) uses `plain` or `grouped` from here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

Number = int | Decimal | Fraction

#: Places kept when a number that is not a whole number is shown plainly (the store keeps six).
PLAIN_PLACES = 6


def exact(x: Number) -> Fraction:
    """The exact value of x; TypeError for floats and other non-exact types."""
    kind = type(x)
    if kind is Fraction:  # most calls (facts are Fractions), and a Fraction is immutable
        return x
    if kind is int:
        return Fraction(x)
    if isinstance(x, bool) or not isinstance(x, int | Decimal | Fraction):
        raise TypeError(f"exact numbers are int, Decimal or Fraction, not {type(x).__name__} ({x!r})")
    if isinstance(x, Decimal) and not x.is_finite():
        raise ValueError(f"not a finite number: {x}")
    return Fraction(x)


def whole(x: Number) -> int:
    """x as an int; ValueError when it is not a whole number (round it first)."""
    if type(x) is int:
        return x
    value = exact(x)
    if value.denominator != 1:
        raise ValueError(f"{x} is not a whole number: round it first with rounded()")
    return value.numerator


def round_half_up(value: Fraction, places: int = 0) -> int:
    """value * 10**places rounded half away from zero, as an int."""
    # On the numerator and denominator (denominator > 0): the same quotient and remainder test
    # as on the reduced Fraction |value| * 10**places, without making it (called per figure).
    numerator, denominator = value.numerator, value.denominator
    units, remainder = divmod(abs(numerator) * 10**places, denominator)
    if 2 * remainder >= denominator:
        units += 1
    return -units if numerator < 0 else units


def rounded(x: Number, places: int = 0) -> Decimal:
    """x rounded to `places` decimal places, half away from zero, carrying exactly `places`
    places (Decimal("0.5"), Decimal("16")) so that str() of it is what copy shows.
    Tolerance: within half a unit in the last place of x."""
    if places < 0:
        raise ValueError(f"places must be 0 or more, not {places}")
    return Decimal(round_half_up(exact(x), places)).scaleb(-places)


def plain(x: Number) -> str:
    """The plain text of a number, for formulas, JSON and reports: 771, 15.5, 2.112329
    (at most six places, trailing zeros dropped, no thousands separators)."""
    value = exact(x)
    if value.denominator == 1:
        return str(value.numerator)
    text = format(rounded(value, PLAIN_PLACES), "f").rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def grouped(x: Number) -> str:
    """plain() with comma thousands separators, for tables: 64,667 and 1,234.5."""
    text = plain(x)
    units, dot, fraction = text.partition(".")
    sign = "-" if units.startswith("-") else ""
    return f"{sign}{int(units.lstrip('-')):,}{dot}{fraction}"


def as_json(x: Number) -> int | float:
    """A number for a JSON document: an int when whole, else a float of six places."""
    value = exact(x)
    return value.numerator if value.denominator == 1 else float(plain(value))


def parse_decimal(text: str | None) -> Decimal | None:
    """A number written in figures ("1,234", " 15.5 "), exactly; None if it is not one."""
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
