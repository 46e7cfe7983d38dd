"""A second look before a claim is called contradicted: the other readings its text could have
meant (another period its sentence names, the year either side of the one read, another group its
sentence names, the article's own area and period, the dataset's nation). A figure the data
supports under one of them is more likely misread than wrong, so it is unverifiable with that
reading shown, never contradicted: a false "contradicted" is the worst outcome. A reading the user
gave (`--area`, `--period`) and an area its own sentence names are not second-guessed."""

from __future__ import annotations

import dataclasses

from localwire.check.dating import period_of
from localwire.check.evidence import ArticleContext, Resolution
from localwire.check.extract import Claim
from localwire.check.verify import FactSource, Outcome, verify
from localwire.check.vocabulary import Vocabulary
from localwire.model.periods import Period

_MAX_READINGS = 8
# an area its own sentence names ("recorded by the Bedfordshire force") is not second-guessed
_IN_ITS_SENTENCE = ("named right after", "named earlier in its sentence", "named later in its sentence",
                    "the subject", "the area compared with", "paired with")


def other_reading(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
                  context: ArticleContext, vocabulary: Vocabulary) -> Outcome:
    """The outcome unchanged, or unverifiable with the neighbouring readings the data supports."""
    supported = []
    for reading in _neighbours(claim, resolution, context) + _other_groups(claim, resolution, vocabulary):
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
        periods += [period_of(m, period) for m in claim.periods if m.cue not in ("since", "base")]
        if _identifies_its_year(claim):
            periods += [period.previous(), period.previous(-1)]
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


def _identifies_its_year(claim: Claim) -> bool:
    """"between April 2016 and March 2017 with April 2017 and March 2018": a year either side of
    the one read is the likeliest misreading of a pair of years, tried for a count of hundreds or
    a change; not for "two a day" or "four offences", which many years' figures would round to."""
    if claim.kind in ("change", "pct_change"):
        return True
    return claim.kind == "count" and claim.value is not None and abs(claim.value) >= 100


def _other_groups(claim: Claim, resolution: Resolution, vocabulary: Vocabulary) -> list[Resolution]:
    """The same area and period under another group its sentence names ("stalking and harassment"
    beside "sexual offences"): a figure read as one group of a list may be the next one's."""
    if any(e.field == "breakdown" and e.reason.startswith("given") for e in resolution.evidence):
        return []
    groups = [g for g in vocabulary.flags_in(claim.sentence) if g != resolution.breakdown]
    return [dataclasses.replace(resolution, breakdown=group, evidence=[], notes=[])
            for group in dict.fromkeys(groups)][:_MAX_READINGS]

