"""The one gate before "contradicted" (`second_look`): every verdict that would be contradicted goes
through it, and it stands only when the resolution is unambiguous. Otherwise the claim is
unverifiable, with the readings the data supports shown: a false "contradicted" is the worst
outcome. A claim is not contradicted when
- a choice behind it (area, period, measure, breakdown) is a guess, or its area or period came from
  the article, not its sentence, and another reading its text allows fits (`_doubtful`);
- the data supports it under a neighbouring reading: another period its sentence names, the year
  either side of the one read, another area or group its sentence names, the article's own area
  and period (`_neighbours`, `_other_groups`);
- it is a national figure the data holds only as a sum over forces (`summed_nation`), or another
  figure of its sentence is far from the data's for its area (the sentence may be another area's);
- its own wording shows it is of something else (wording.py): what its area is compared with, a
  change read as a share or a place, a share of residents, another group than the one read.
What counts as said in the claim's own sentence is one list, `STATED`; a reading the user gave
(`--area`, `--period`) is never second-guessed."""

from __future__ import annotations

import bisect
import dataclasses

from localwire.check.dating import period_of
from localwire.check.evidence import ArticleContext, Evidence, Resolution
from localwire.check.extract import Claim
from localwire.check.mentions import NATIONAL
from localwire.check.nations import summed_nation
from localwire.check.scans import remembered
from localwire.check.verify import FactSource, Outcome, verify
from localwire.check.vocabulary import Vocabulary
from localwire.check.wording import A_YEAR_BEFORE, internal_doubt, worded_otherwise

_MAX_READINGS = 8
_a_year_before_in = remembered(A_YEAR_BEFORE)
GIVEN = "given"  # the user gave it (`--area`, `--period`, `--dataset`)
# The evidence kinds (the openings of their reasons, resolve.py's) that are stated in the claim's
# own sentence: the area named beside the figure, as its sentence's subject, earlier or later in
# it, paired with it; the period named with the figure, or a phrase of its sentence ("'the previous
# year' after the figure"). Not: the sentence before, a table's row, a heading, the article's, nor
# an earlier clause's area ("the region ..., while ... burglaries went up by 10 per cent": the
# region, or the force the article is about?).
STATED = (
    "named right after the figure", "named just before its brackets", "named earlier in its sentence",
    "named later in its sentence", "the subject of its sentence", "the area compared with",
    "paired with its figure", "named with the figure", "'",
)

# the area evidence that ties the area to the figure itself (a list of areas with their figures)
PAIRED = ("named just before its brackets", "named right after the figure, in its brackets", "paired with")


def said(resolution: Resolution, name: str) -> Evidence | None:
    """The evidence that decided a choice: the last noted for it."""
    return next((e for e in reversed(resolution.evidence) if e.field == name), None)


def given(resolution: Resolution, name: str) -> bool:
    evidence = said(resolution, name)
    return evidence is not None and evidence.reason.startswith(GIVEN)


def stated(resolution: Resolution, name: str) -> bool:
    """The choice was given by the user or stated in the claim's own sentence."""
    evidence = said(resolution, name)
    return evidence is not None and evidence.reason.startswith((GIVEN, *STATED))


def paired(resolution: Resolution) -> bool:
    """The area is tied to the figure itself: "North Wales Police (13.7%)", "(30 per cent nationally)",
    "respectively"; another area of its sentence is another figure's."""
    evidence = said(resolution, "area")
    return evidence is not None and evidence.reason.startswith(PAIRED)


def second_look(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
                context: ArticleContext, vocabulary: Vocabulary, *, implausible: bool = False,
                misplaced: bool = False, internal: bool = False) -> Outcome:
    """The outcome unchanged unless it is contradicted; then contradicted only when nothing above
    doubts it, else unverifiable with the reason and the readings the data supports. `implausible`:
    the figure is far from the data's; `misplaced`: another figure of its sentence is; `internal`:
    the article's own figures disagree (no data read, so only its wording can doubt it)."""
    if outcome.verdict != "contradicted":
        return outcome
    if internal:
        return internal_doubt(claim, outcome) or outcome
    defaulted = not (stated(resolution, "area") and stated(resolution, "period"))
    if not resolution.firm or implausible or defaulted:
        outcome = _doubtful(claim, resolution, outcome, book, context, implausible)
    if outcome.verdict == "contradicted":
        outcome = _other_reading(claim, resolution, outcome, book, context, vocabulary)
    outcome = summed_nation(claim, resolution, outcome, book, context.national)
    if outcome.verdict == "contradicted" and misplaced and outcome.fact_id and not stated(resolution, "area"):
        outcome = dataclasses.replace(outcome, verdict="unverifiable", explanation=(
            f"not called contradicted: another figure of its sentence is far from the data's for "
            f"{resolution.area}, so the sentence may be about another area; as read, {outcome.explanation}"))
    if outcome.verdict == "contradicted" and (why := worded_otherwise(claim, resolution, context,
                                                                      vocabulary)):
        outcome = dataclasses.replace(outcome, verdict="unverifiable", explanation=(
            f"not called contradicted: {why}; as read, {outcome.explanation}"))
    return outcome


def _doubtful(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
              context: ArticleContext, implausible: bool) -> Outcome:
    """Not contradicted on a guess: unverifiable, with the readings the data would support. A firm
    reading with a default area or period stays contradicted when no other reading fits either."""
    weakest = resolution.weakest()
    alternatives = _supported(claim, _alternatives(claim, resolution, context), book)
    if resolution.firm and not alternatives and not implausible:
        return outcome
    reason = f"the {weakest.field} is a guess ({weakest.reason})" if weakest else "the reading is a guess"
    if resolution.firm and implausible:
        reason = "the figure is far from the data's for this reading (another area, a part or a sum?)"
    elif resolution.firm:
        reason = f"the {weakest.field} came from the article, not the sentence"
    explanation = f"not called contradicted: {reason}; as read, {outcome.explanation}"
    if alternatives:
        explanation += "; the data supports it as " + "; ".join(
            f"{a['area']} {a['period']}" + (f" [{a['breakdown']}]" if a["breakdown"] else "")
            for a in alternatives)
    return Outcome("unverifiable", explanation, outcome.expected, outcome.fact_id, outcome.formula,
                   outcome.tolerance, alternatives)


def _supported(claim: Claim, readings: list[Resolution], book: FactSource) -> list[dict]:
    """The readings under which the data supports the claim, as the report's alternatives."""
    found = []
    for reading in readings:
        tried = verify(claim, reading, book)
        if tried.verdict == "supported":
            found.append({"area": reading.area, "period": reading.period.code if reading.period else None,
                          "breakdown": reading.breakdown or None, "fact_id": tried.fact_id,
                          "explanation": tried.explanation})
    return found


def _alternatives(claim: Claim, resolution: Resolution, context: ArticleContext) -> list[Resolution]:
    """Other readings of a doubtful claim that its text allows: for an area it does not state, the
    article's, the national and those its sentence names; for a period it does not state, the
    article's and those its sentence names (the year before, when it says "the previous year")."""
    areas = [resolution.area]
    if not stated(resolution, "area"):
        areas += [context.main_area, context.national, *_areas_of_its_sentence(claim, context)]
    periods = [resolution.period]
    if not stated(resolution, "period"):
        periods.append(context.period)
        periods += [period_of(m, context.period) for m in claim.periods]
        if context.period and _a_year_before_in(claim.sentence_window[1]):
            periods.append(context.period.previous())
    found = []
    for area in dict.fromkeys(a for a in areas if a and a != NATIONAL):
        for period in dict.fromkeys(p for p in periods if p):
            if (area, period) != (resolution.area, resolution.period):
                found.append(Resolution(**{**resolution.__dict__, "area": area, "period": period,
                                           "evidence": [], "notes": []}))
    return found[:_MAX_READINGS]


def _areas_of_its_sentence(claim: Claim, context: ArticleContext) -> list[str]:
    """The areas the claim's sentence names ("nationally" as the dataset's nation), in order."""
    starts = context.mention_starts  # in reading order, as the mentions
    first = bisect.bisect_left(starts, claim.sentence_start)
    last = bisect.bisect_left(starts, claim.sentence_start + len(claim.sentence))
    return [context.national if m.slug == NATIONAL else m.slug for m in context.mentions[first:last]]


def _other_reading(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
                   context: ArticleContext, vocabulary: Vocabulary) -> Outcome:
    """The outcome unchanged, or unverifiable with the neighbouring readings the data supports."""
    readings = _neighbours(claim, resolution, context) + _other_groups(claim, resolution, vocabulary)
    supported = _supported(claim, readings, book)
    if not supported:
        return outcome
    readings = "; ".join(f"{a['area']} {a['period']}" for a in supported)
    return dataclasses.replace(outcome, verdict="unverifiable", alternatives=supported, explanation=(
        f"not called contradicted: the data supports it as {readings}, so it may be misread; as read, "
        f"{outcome.explanation}"))


other_reading = _other_reading  # the name its tests know


def _neighbours(claim: Claim, resolution: Resolution, context: ArticleContext) -> list[Resolution]:
    period, area = resolution.period, resolution.area
    periods = []
    if not given(resolution, "period") and period is not None:
        periods.append(context.period)
        periods += [period_of(m, period) for m in claim.periods if m.cue not in ("since", "base")]
        if _identifies_its_year(claim):
            periods += [period.previous(), period.previous(-1)]
    areas = []  # a reading the user gave is not second-guessed; one its sentence states, only by
    if not given(resolution, "area") and not paired(resolution):  # another area the sentence names
        areas = ([] if stated(resolution, "area") else [context.main_area, context.national]) + \
            _areas_of_its_sentence(claim, context)
    readings = [(area, p) for p in periods] + [(a, period) for a in areas]
    found, seen = [], {(area, period)}
    for other_area, other_period in readings:
        if other_area and other_period and (other_area, other_period) not in seen and \
                other_area != NATIONAL:
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
    if given(resolution, "breakdown"):
        return []
    groups = [g for g in vocabulary.flags_in(claim.sentence) if g != resolution.breakdown]
    return [dataclasses.replace(resolution, breakdown=group, evidence=[], notes=[])
            for group in dict.fromkeys(groups)][:_MAX_READINGS]
