"""Facts and figures: a derived number with its formula and inputs, and a traced span of text.

A `Fact` never rounds (its value is a `Fraction`); rounding is the writer's and the checker's
business. Each input is an `ObservationRef`: the observation's id and where it came from, down to
the row or cell. A `Figure` is a span of a story's text and the fact (or period) it shows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from localwire.model.numbers import plain
from localwire.model.periods import Period


@dataclass(frozen=True)
class ObservationRef:
    """Where an input figure came from, down to the row or cell."""

    id: int
    area: str
    period: str
    measure: str
    breakdown: str
    value: Decimal | None
    status: str
    source_file: str | None
    location: str | None
    cited_source: str | None
    note: str | None = None
    lower_bound: Decimal | None = None  # a suppressed value's bounds ("<5" = 0..4)
    upper_bound: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "observation_id": self.id, "area": self.area, "period": self.period,
            "measure": self.measure, "breakdown": self.breakdown,
            "value": None if self.value is None else plain(self.value),
            "status": self.status, "source_file": self.source_file,
            "location": self.location, "cited_source": self.cited_source,
            **({"lower_bound": plain(self.lower_bound), "upper_bound": plain(self.upper_bound)}
               if self.lower_bound is not None and self.upper_bound is not None else {}),
        }


@dataclass(frozen=True)
class Fact:
    """One derived number with the formula that produced it and the observations it used."""

    name: str
    value: Fraction
    unit: str
    formula: str
    inputs: tuple[ObservationRef, ...]
    area: str
    period: Period
    measure: str
    breakdown: str = ""
    published: bool = False
    small_base: bool = False
    extra: tuple[tuple[str, Any], ...] = ()

    @functools.cached_property  # a Fact never changes: its id and details are worked out once
    def id(self) -> str:
        return "/".join((self.area, self.period.code, self.measure, self.breakdown or "total",
                         self.name))

    @property
    def number(self) -> float:
        return float(self.value)

    def detail(self, key: str, default: Any = None) -> Any:
        return self._details.get(key, default)

    @functools.cached_property
    def _details(self) -> dict[str, Any]:
        return dict(self.extra)

    def __str__(self) -> str:
        raise TypeError("a fact is printed through a house-style filter, never directly")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "value": plain(self.value),
            "unit": self.unit, "formula": self.formula, "area": self.area,
            "period": self.period.code, "measure": self.measure, "breakdown": self.breakdown,
            "published": self.published, "small_base": self.small_base,
            **{key: value.code if isinstance(value, Period) else value
               for key, value in self.extra},
            "inputs": [ref.as_dict() for ref in self.inputs],
        }


@dataclass(frozen=True)
class Coverage:
    reported: int
    expected: int
    missing: tuple[str, ...] = ()
    not_reported: tuple[tuple[str, str], ...] = ()  # (area, status)

    @property
    def text(self) -> str:
        return f"{self.reported} of {self.expected} forces"


@dataclass(frozen=True)
class Figure:
    """A traced span of the story text and what it stands for."""

    start: int
    end: int
    text: str
    kind: str  # fact, period
    ref: Any  # the Fact, or the Period for kind "period"
