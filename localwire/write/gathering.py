"""The box "How the figures were gathered": who was asked, how many gave a figure, which
forces gave none and why (from their observations' outcomes), and which release each figure
comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from localwire.areas import Area
from localwire.facts import FactBook
from localwire.model import statuses
from localwire.model.facts import Fact
from localwire.model.periods import Period
from localwire.write.outcomes import Outcome, outcome_for
from localwire.write.trace import clean


@dataclass(frozen=True)
class NotReporting:
    area: Any  # the AreaView of the force
    outcome: Outcome


@dataclass(frozen=True)
class Gathering:
    """How the figures were gathered: the total over the forces asked (its coverage says how
    many gave a figure), the forces that gave none and why, and the releases cited."""

    total: Fact | None
    not_reporting: tuple[NotReporting, ...]
    sources: tuple[str, ...]
    national_source: str = ""

    @property
    def single_source(self) -> bool:
        """Every figure, local and national, from the same release."""
        return bool(self.national_source) and self.sources in ((), (self.national_source,))


def gathering(book: FactBook, area: Area, period: Period, measure: str, used: list[Fact],
              view_of: Any) -> Gathering:
    """The box "How the figures were gathered" for one story. Who was asked and who gave no
    figure is worked out once per book (`book.remember`), not once per story."""
    scope = "england-and-wales" if area.nation in ("England", "Wales") and not any(
        book.observation(s, period, measure) for s in ("psni", "police-scotland")) else (
        "united-kingdom")
    total, not_reporting = book.remember(
        ("gathering", scope, period, measure),
        lambda: _who_answered(book, scope, period, measure, view_of))
    local, national = [], ""
    for fact in used:
        for ref in fact.inputs:
            cited = clean(ref.cited_source or "")
            if not cited:
                continue
            if ref.area in ("united-kingdom", "england-and-wales"):
                national = national or cited
            elif cited not in local:
                local.append(cited)
    return Gathering(total, not_reporting, tuple(local), national)


def _who_answered(book: FactBook, scope: str, period: Period, measure: str,
                  view_of: Any) -> tuple[Fact | None, tuple[NotReporting, ...]]:
    forces = book.forces_within(scope)
    not_reporting = []
    for slug in forces:
        outcome = outcome_for(book, slug, period, measure)
        if outcome.ref is not None and outcome.status != statuses.REPORTED:
            not_reporting.append(NotReporting(view_of(book.gazetteer.areas[slug]), outcome))
    return book.total_over(forces, scope, period, measure), tuple(not_reporting)
