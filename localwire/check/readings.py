"""A second look before a claim is called contradicted: the other readings its text could have
meant (another period its sentence names, the article's own area and period, the dataset's
nation). A figure the data supports under one of them is more likely misread than wrong, so it is
unverifiable with that reading shown, never contradicted: a false "contradicted" is the worst
outcome. A reading the user gave (`--area`, `--period`) and an area its own sentence names are not
second-guessed."""

from __future__ import annotations

import dataclasses

from localwire.check.evidence import ArticleContext, Resolution
from localwire.check.extract import Claim
from localwire.check.verify import FactSource, Outcome, verify
from localwire.model.periods import Period

_MAX_READINGS = 8
# an area its own sentence names ("recorded by the Bedfordshire force") is not second-guessed
_IN_ITS_SENTENCE = ("named right after", "named earlier in its sentence", "named later in its sentence",
                    "the subject", "the area compared with", "paired with")


def other_reading(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
                  context: ArticleContext) -> Outcome:
    """The outcome unchanged, or unverifiable with the neighbouring readings the data supports."""
    supported = []
    for reading in _neighbours(claim, resolution, context):
        tried = verify(claim, reading, book)
        if tried.verdict == "supported":
            supported.append({"area": reading.area, "period": reading.period.code,
                              "breakdown": reading.breakdown or None, "fact_id": tried.fact_id,
                              "explanation": tried.explanation})
    if not supported:
        return outcome
    readings = "; ".join(f"{a['area']} {a['period']}" for a in supported)
    return dataclasses.replace(outcome, verdict="unverifiable", alternatives=supported, explanation=(
        f"not called contradicted: the data supports it as {readings}, so it may be misread; as read, "
        f"{outcome.explanation}"))


def _neighbours(claim: Claim, resolution: Resolution, context: ArticleContext) -> list[Resolution]:
    given = {e.field for e in resolution.evidence if e.reason.startswith("given")}
    period, area = resolution.period, resolution.area
    periods: list[Period] = []
    if "period" not in given and period is not None:
        periods.append(context.period)
        periods += [_named(m, period) for m in claim.periods if m.cue not in ("since", "base")]
    named_here = any(e.field == "area" and e.reason.startswith(_IN_ITS_SENTENCE) for e in resolution.evidence)
    areas = [] if "area" in given or named_here else [context.main_area, context.national]
    readings = [(area, p) for p in periods] + [(a, period) for a in areas]
    found, seen = [], {(area, period)}
    for other_area, other_period in readings:
        if other_area and other_period and (other_area, other_period) not in seen and \
                other_area != "national":
            seen.add((other_area, other_period))
            base = resolution.base if other_period == period else None
            found.append(dataclasses.replace(resolution, area=other_area, period=other_period,
                                             base=base, evidence=[], notes=[]))
    return found[:_MAX_READINGS]


def _named(mention, main: Period) -> Period | None:
    """The period a mention of the claim's sentence names ("the 12 months to June": the year read)."""
    try:
        return Period(mention.end_year or main.end_year, mention.end_month or main.end_month)
    except (ValueError, TypeError):
        return None
