"""Every fact the book can state about one area (the `localwire facts` command)."""

from __future__ import annotations

from localwire.facts.book import FactBook
from localwire.model.facts import Fact
from localwire.model.periods import Period

FACT_METHODS = ("value", "previous", "change", "pct_change", "per_day", "interval_minutes",
                "rate_per", "rank", "rank_by_rate", "record")


def area_facts(book: FactBook, area: str, measure: str | None = None,
               period: str | Period | None = None) -> list[Fact]:
    """Every fact the book can state about an area for a period (latest by default)."""
    every = book.observations()
    measures = [measure] if measure else sorted(
        {ref.measure for ref in every if not book.is_change_measure(ref.measure)})
    facts: list[Fact] = []
    for name in measures:
        mine = [ref for ref in every if ref.measure == name and ref.area == area]
        if not mine:
            continue
        periods = sorted(Period.parse(ref.period) for ref in mine)
        when = Period.parse(period) if isinstance(period, str) else period or periods[-1]
        for breakdown in sorted({ref.breakdown for ref in mine}) or [""]:
            for method in FACT_METHODS:
                fact = getattr(book, method)(area, when, name, breakdown)
                if fact is not None:
                    facts.append(fact)
            if breakdown:
                share = book.share(area, when, name, breakdown)
                if share is not None:
                    facts.append(share)
    return facts
