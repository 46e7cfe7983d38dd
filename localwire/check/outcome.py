"""What the checker reads facts from (`FactSource`, the part of `FactBook` it uses) and what
it says of a claim (`Outcome`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from localwire.model.periods import Period


class FactSource(Protocol):
    """The part of `localwire.facts.FactBook` the checker uses."""

    def value(self, area: str, period: Period, measure: str, breakdown: str = ""): ...
    def change(self, area: str, period: Period, measure: str, breakdown: str = ""): ...
    def pct_change(self, area: str, period: Period, measure: str, breakdown: str = ""): ...
    def share(self, area: str, period: Period, measure: str, breakdown: str): ...
    def per_day(self, area: str, period: Period, measure: str, breakdown: str = ""): ...
    def interval_minutes(self, area: str, period: Period, measure: str, breakdown: str = ""): ...
    def record(self, area: str, period: Period, measure: str, breakdown: str = ""): ...
    def rate_per(self, area: str, period: Period, measure: str, breakdown: str = "",
                 per: int = 1000): ...
    def why_missing(self, area: str, period: Period, measure: str, breakdown: str = "") -> str: ...
    # optional: `within` (a region's or nation's sum over its forces, with coverage),
    # `change_within` (that sum's change, when the same forces reported both years),
    # `forces_within` and `total_over` (coverage claims), `rank`; without them those claims
    # are unverifiable


@dataclass
class Outcome:
    verdict: str  # supported, contradicted, unverifiable
    explanation: str
    expected: Fraction | None = None
    fact_id: str | None = None
    formula: str | None = None
    tolerance: str | None = None
    alternatives: list[dict] = field(default_factory=list)  # readings the data supports, when doubtful
