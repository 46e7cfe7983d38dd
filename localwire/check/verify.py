"""Verdicts: supported, contradicted or unverifiable, each with the fact, formula and tolerance.

Tolerances (the checker accepts exactly what house style writes, and what a reporter means):
- counts: exact; a figure ending in three or more zeros ("14,000") or written with "million" is
  read as rounded to that unit: [x - unit/2, x + unit/2).
- percentages: rounded half up at the precision stated: "16 per cent" = [15.5, 16.5),
  "16.3 per cent" = [16.25, 16.35). Changes: the sign must match the direction word.
- shares: "one in N" = within 0.005 of 1/N (house style's SHARE_TOLERANCE); "almost one in N" =
  below 1/N but still nearer one in N than one in N+1; "more than one in N" the mirror image;
  "a third", "half" etc. within 0.005.
- rates ("two a day", "62 a week") and intervals ("every eight minutes"): the exact average,
  rounded half up to a whole number in the unit stated, must equal the figure.
- hedges widen the band: "nearly/almost X" = [0.9X, X] (10% below, up to X at its precision);
  "more than/over X" = (X, 1.1X]; "at least X" = [X, 1.1X]; "fewer than/under X" = [0.9X, X);
  "up to X" = [0.9X, X]; "around/about X" = within 5% of X (or X's precision, whichever is wider).
- records: the period's value must be the highest (or lowest) of a series of at least three
  unbroken periods up to it; a sentence that states the series' length ("the three years on
  record", "the five years for which figures are available") is unverifiable when the data's
  unbroken series is of another length (the author may have held years the data lacks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from localwire.check.aggregates import complete
from localwire.check.bands import Band, band_for, show
from localwire.check.evidence import Resolution
from localwire.check.extract import Claim, Coverage, PctChange, Rank, Share
from localwire.check.outcome import FactSource, Outcome
from localwire.check.words import CHANGE_NOUN
from localwire.model.periods import Period
from localwire.prose.tolerances import AROUND_BAND, HEDGE_BAND, SHARE_TOLERANCE

_INTERVAL_FACTORS = {"seconds": Fraction(60), "minutes": Fraction(1), "hours": Fraction(1, 60),
                     "days": Fraction(1, 1440), "weeks": Fraction(1, 10080)}


def verify(claim: Claim, resolution: Resolution, book: FactSource) -> Outcome:
    """The claim's verdict under its resolution. A failure inside the fact source is reported as
    unverifiable with its error, never raised: a check of any text must finish."""
    try:
        return _verify(claim, resolution, book)
    except (ArithmeticError, AttributeError, KeyError, LookupError, TypeError, ValueError) as error:
        return Outcome("unverifiable", f"the facts could not be looked up ({type(error).__name__}: "
                                       f"{error}); please report this")


def _verify(claim: Claim, resolution: Resolution, book: FactSource) -> Outcome:
    if resolution.problem:
        return Outcome("unverifiable", resolution.problem)
    assert resolution.area and resolution.period and resolution.measure
    args = (resolution.area, resolution.period, resolution.measure, resolution.breakdown)
    unrecorded = _not_recorded(claim, resolution, book)
    if unrecorded:
        return Outcome("unverifiable", unrecorded)
    if resolution.rate_base and claim.kind == "count":
        return _rate_per_population(claim, args, book, resolution.rate_base)
    if resolution.base is not None and claim.kind in ("pct_change", "change"):
        return _change_since(claim, args, resolution.base, book)
    checker = _CHECKERS.get(claim.kind)
    if checker is None:
        return Outcome("unverifiable", f"no check for claims of kind {claim.kind}")
    return checker(claim, args, book)


def _not_recorded(claim: Claim, resolution: Resolution, book: FactSource) -> str | None:
    """A reclassified category's 0 or part-year figure neither supports nor contradicts."""
    config = getattr(book, "config", None)
    if config is None or not resolution.breakdown:
        return None
    spans = [resolution.period]
    if claim.kind in ("pct_change", "change"):
        spans.append(resolution.base or resolution.period.previous())
    return config.why_no_whole_figure(resolution.breakdown, *spans)


def _missing(book: FactSource, args: tuple, what: str = "") -> Outcome:
    area, period, measure, breakdown = args
    if what == "share" and not breakdown:
        return Outcome("unverifiable", "a share needs a part of the total, and none of the dataset's "
                                       "breakdowns is named")
    reason = book.why_missing(area, period, measure, breakdown)
    return Outcome("unverifiable", f"{reason}" + (f" ({what})" if what else ""))


def _judge(claim: Claim, fact, shown: Fraction, band: Band, description: str,
           direction_ok: bool = True, why_wrong: str = "", expected: Fraction | None = None) -> Outcome:
    """Compare the data's value in the claim's own unit (`shown`) with the claim's band."""
    band_text = str(band)
    tolerance = f"{description} {band_text}"
    expected = shown if expected is None else expected
    coverage = fact.detail("coverage") if hasattr(fact, "detail") else None
    summed = f" (sum over {coverage}: {fact.formula})" if coverage and fact.name != "total" else ""
    if direction_ok and shown in band:
        return Outcome("supported", f"data gives {show(shown)}, within {band_text}{summed}", expected,
                       fact.id, fact.formula, tolerance)
    explanation = (why_wrong or f"data gives {show(shown)}, outside {band_text}") + summed
    if not complete(fact):  # the forces missing from the sum could make up the difference
        return Outcome("unverifiable", f"the data covers only some forces here; {explanation}",
                       expected, fact.id, fact.formula, tolerance)
    return Outcome("contradicted", explanation, expected, fact.id, fact.formula, tolerance)


def _count(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    area, period, measure, breakdown = args
    fact = book.value(area, period, measure, breakdown)
    band = band_for(claim.value, claim.step, claim.hedge, exact_integers=True)
    if fact is None:
        bounded = _suppressed(claim, args, book)
        if bounded is not None:
            return bounded
    if fact is None and hasattr(book, "within"):
        return _aggregate_count(claim, args, book, band)
    if fact is None:
        return _missing(book, args)
    return _judge(claim, fact, fact.value, band, "count")


def _suppressed(claim: Claim, args: tuple, book: FactSource) -> Outcome | None:
    """A figure the source suppressed with bounds ("<5" kept as 0..4): "fewer than five" is
    supported when every value the bounds allow is below the figure stated, contradicted when
    none is; anything else about it is unverifiable. None when there is no such observation."""
    ref = book.observation(*args) if hasattr(book, "observation") else None
    if ref is None or ref.status != "suppressed" or ref.upper_bound is None or (
            ref.lower_bound is None):
        return None
    low, high = Fraction(ref.lower_bound), Fraction(ref.upper_bound)
    tolerance = f"suppressed by the source: {show(low)} to {show(high)}"
    if claim.hedge == "less than" and claim.value is not None:
        stated = Fraction(claim.value)
        if high < stated:
            return Outcome("supported", f"the source gives {show(low)} to {show(high)}, all "
                                        f"below {show(stated)}", None, None,
                           f"suppressed: {show(low)}..{show(high)}", tolerance)
        if low >= stated:
            return Outcome("contradicted", f"the source gives {show(low)} to {show(high)}, "
                                           f"not below {show(stated)}", None, None,
                           f"suppressed: {show(low)}..{show(high)}", tolerance)
    return Outcome("unverifiable", f"the source suppressed the figure ({show(low)} to "
                                   f"{show(high)}), so no exact figure can be checked")


def _aggregate_count(claim: Claim, args: tuple, book: FactSource, band: Band) -> Outcome:
    """A region or nation the data has no row for: the sum over its territorial forces. With
    some forces missing the sum is only what they reported, so a figure outside it is not wrong."""
    total = book.within(*args)
    if total is None:
        return _missing(book, args)
    reported, expected = total.detail("reported"), total.detail("expected")
    coverage = f"sum over {total.detail('coverage')} with data"
    outcome = _judge(claim, total, total.value, band, f"count ({coverage})")
    outcome.explanation += f" ({coverage}: {total.formula})"
    if outcome.verdict == "contradicted" and reported != expected:
        outcome.verdict = "unverifiable"
        outcome.explanation = (f"the data covers only {total.detail('coverage')} here; their sum "
                               f"{show(total.value)} is outside {band}")
    return outcome


def _change(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    fact = book.change(*args)
    if fact is None:
        return _missing(book, args, "change needs this period and the previous one")
    return _signed(claim, fact, band_for(claim.value, claim.step, claim.hedge, exact_integers=True),
                   "change")


def _pct_change(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    fact = book.pct_change(*args)
    if fact is None and hasattr(book, "change_within"):  # a region's or nation's summed total
        fact = _complete_total_change(args, book)
    if fact is None:
        return _missing(book, args, "percentage change")
    band = _pct_band(claim)
    outcome = _signed(claim, fact, band, "percentage change")
    if outcome.verdict == "contradicted" and not fact.published:
        published = _published_change(args, book)
        if published is not None:  # the source's own figure, when the article cites it
            cited = _signed(claim, published, band, "published percentage change")
            if cited.verdict == "supported":
                return cited
    return outcome


def _complete_total_change(args: tuple, book: FactSource):
    """The change of an area's sum over its forces, read only when every force of the area
    reported (a partial sum's change speaks for the forces that replied, not the area)."""
    total = book.within(*args) if hasattr(book, "within") else None
    if total is None or total.name != "total" or (
            total.detail("reported") != total.detail("expected")):
        return None
    return book.change_within(*args)


def _pct_band(claim: Claim) -> Band:
    if isinstance(claim, PctChange) and claim.fraction:  # "up by a third"
        return _share_band(claim, scale=100)
    return band_for(claim.value, claim.step, claim.hedge, exact_integers=False)


def _published_change(args: tuple, book: FactSource):
    area, period, measure, breakdown = args
    config = getattr(book, "config", None)
    name = config.change_measure_of(measure) if config is not None else f"{measure}_pct_change"
    return book.value(area, period, name, breakdown)


def _change_since(claim: Claim, args: tuple, base: Period, book: FactSource) -> Outcome:
    """"up 80% since 2014/15", "up 142 per cent on the same period in 2007": against that base."""
    area, period, measure, breakdown = args
    if claim.kind == "pct_change":
        fact = book.change_since(area, period, base, measure, breakdown) \
            if hasattr(book, "change_since") else None
        if fact is None:
            return Outcome("unverifiable", f"a change since {base.code} needs both years: "
                                           f"{book.why_missing(area, base, measure, breakdown)}")
        return _signed(claim, fact, _pct_band(claim), f"percentage change since {base.code}")
    now, then = book.value(*args), book.value(area, base, measure, breakdown)
    if now is None or then is None:
        return Outcome("unverifiable", f"a change since {base.code} needs both years: "
                                       f"{book.why_missing(area, base, measure, breakdown)}")
    fact = _Difference(now.value - then.value, f"{show(now.value)} - {show(then.value)}",
                       f"{now.id}-minus-{then.id}")
    return _signed(claim, fact, band_for(claim.value, claim.step, claim.hedge, exact_integers=True),
                   f"change since {base.code}")


@dataclass(frozen=True)
class _Difference:
    """A change between two of the data's values, worked out here from the values themselves."""

    value: Fraction
    formula: str
    id: str
    published: bool = False


def _signed(claim: Claim, fact, band: Band, description: str) -> Outcome:
    value = fact.value
    wrong_way = (claim.direction == "rise" and value < 0) or (claim.direction == "fall" and value > 0)
    why = ""
    if wrong_way:
        why = f"the data shows a {'fall' if value < 0 else 'rise'} ({show(value)}), not a {claim.direction}"
    return _judge(claim, fact, abs(value), band, description, not wrong_way, why, expected=value)


def _share(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    fact = book.share(*args) if args[3] else None
    if fact is None:
        return _missing(book, args, "share")
    if claim.kind == "percent":
        band = band_for(claim.value, claim.step, claim.hedge, exact_integers=False)
        return _judge(claim, fact, fact.value * 100, band, "share in per cent")
    return _judge(claim, fact, fact.value * 100, _share_band(claim, scale=100), "share in per cent")


def _share_band(claim: Claim, scale: int) -> Band:
    target = Fraction(claim.value) / 100
    target = Fraction(target).limit_denominator(100)
    tolerance = SHARE_TOLERANCE
    n = _one_in(claim)
    if n:
        if claim.hedge == "nearly":  # below 1/N, but 1/share still rounds to N
            return Band(Fraction(2, 2 * n + 1) * scale, target * scale)
        if claim.hedge == "more than":
            return Band(target * scale, Fraction(2, 2 * n - 1) * scale if n > 1 else scale,
                        low_open=True)
    if claim.hedge == "nearly":
        return Band((target * (1 - HEDGE_BAND)) * scale, (target + tolerance) * scale)
    if claim.hedge == "more than":
        return Band((target - tolerance) * scale, (target * (1 + HEDGE_BAND)) * scale)
    if claim.hedge == "around":
        spread = max(tolerance, target * AROUND_BAND)
        return Band((target - spread) * scale, (target + spread) * scale)
    return Band((target - tolerance) * scale, (target + tolerance) * scale)


def _one_in(claim: Claim) -> int | None:
    """N for a share stated as "one in N" (or a change as "a third"), else None."""
    if isinstance(claim, Share) and claim.n == 1:
        return claim.d
    if isinstance(claim, PctChange) and claim.fraction and claim.fraction[0] == 1:
        return claim.fraction[1]
    return None


def _rate(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    if claim.per:
        return _rate_per_population(claim, args, book)
    fact = book.per_day(*args)
    if fact is None:
        return _missing(book, args, "rate")
    per_unit = {"day": Fraction(1), "week": Fraction(7), "hour": Fraction(1, 24),
                "month": Fraction(args[1].days, 12), "year": Fraction(args[1].days)}[claim.unit]
    shown = fact.value * per_unit
    return _rounded_whole(claim, fact, shown, f"average a {claim.unit}, rounded half up")


def _rate_per_population(claim: Claim, args: tuple, book: FactSource, per: int | None = None) -> Outcome:
    per = per or claim.per
    fact = book.rate_per(*args, per=per)
    if fact is None:
        area, period, _measure, _breakdown = args
        if book.value(*args) is None:
            return _missing(book, args, f"rate per {per:,}")
        return Outcome("unverifiable", f"no population for {area} around {period.code} in the gazetteer "
                                       f"(rate per {per:,})")
    band = band_for(claim.value, claim.step, claim.hedge, exact_integers=False)
    return _judge(claim, fact, fact.value, band, f"rate per {per:,}, rounded half up")


def _ratio(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    """"doubled on the previous year": the period's value over the previous period's."""
    fact = book.pct_change(*args)
    if fact is None:
        return _missing(book, args, "ratio needs this period and the previous one")
    shown = 1 + fact.value / 100
    x = Fraction(claim.value)
    about = Band(x * (1 - AROUND_BAND), x * (1 + AROUND_BAND))  # "doubled" = within 5% of 2
    band = {"more than": Band(x, None, low_open=True), "at least": Band(x, None),
            "nearly": Band(x * (1 - HEDGE_BAND), x), "less than": Band(None, x, high_open=True),
            "at most": Band(None, x)}.get(claim.hedge or "", about)
    return _judge(claim, fact, shown, band, "ratio to the previous period")


def _interval(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    fact = book.interval_minutes(*args)
    if fact is None:
        return _missing(book, args, "interval")
    shown = fact.value * _INTERVAL_FACTORS[claim.unit]
    return _rounded_whole(claim, fact, shown, f"interval in {claim.unit}, rounded half up")


def _rounded_whole(claim: Claim, fact, shown: Fraction, description: str) -> Outcome:
    x = Fraction(claim.value)
    if claim.hedge:
        band = band_for(claim.value, claim.step, claim.hedge, exact_integers=False)
    else:
        band = Band(x - Fraction(1, 2), x + Fraction(1, 2), high_open=True)
    return _judge(claim, fact, shown, band, description)


_CHANGE_WORD = re.compile(rf"\b{CHANGE_NOUN}\b", re.IGNORECASE)
_BY_BEFORE = re.compile(r"\bby\s*$", re.IGNORECASE)


def _record(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    area, period, measure, _breakdown = args
    at = claim.start - claim.sentence_start
    if _CHANGE_WORD.search(claim.text) or _BY_BEFORE.search(claim.sentence[max(0, at - 12):at]):
        # "down by the largest ever recorded amount", "the largest single drop since ..."
        return Outcome("unverifiable", "a record of the size of a change: the data's records are of levels")
    if hasattr(book, "periods") and period not in book.periods(measure):
        return Outcome("unverifiable", f"a record needs the data for {period.code}; "
                                       f"{book.why_missing(*args)}")
    fact = book.record(*args)
    if fact is None:
        area, period, _measure, _breakdown = args
        return Outcome("unverifiable", f"a record needs a series of at least three periods up to "
                                       f"{period.code}; the data has fewer for {area}")
    kind = fact.detail("record")
    tolerance = f"{claim.record} of {fact.detail('periods')} periods since {fact.detail('since').code}"
    if claim.series_years is not None and claim.series_years != fact.detail("periods"):
        return Outcome("unverifiable", f"the sentence gives a series of {claim.series_years} years; "
                                       f"the data's unbroken series has {fact.detail('periods')}, "
                                       f"since {fact.detail('since').code}", fact.value, fact.id,
                       fact.formula, tolerance)
    if claim.value is not None and Fraction(claim.value) != fact.value:
        return Outcome("contradicted", f"the data gives {show(fact.value)} for the period, not "
                                       f"{show(Fraction(claim.value))}", fact.value, fact.id,
                       fact.formula, tolerance)
    if claim.window_years is not None:
        return _record_over_years(claim, fact, tolerance)
    if kind == claim.record:
        return Outcome("supported", f"{show(fact.value)} is the {claim.record}est of the series",
                       fact.value, fact.id, fact.formula, tolerance)
    return Outcome("contradicted", f"{show(fact.value)} is not a record {claim.record}: "
                                   f"{fact.formula}", fact.value, fact.id, fact.formula, tolerance)


def _record_over_years(claim: Claim, fact, tolerance: str) -> Outcome:
    """"A seven-year high" is a record over the last seven years, not the whole series. When the
    whole unbroken series has no higher figure, neither have its last seven (supported, as far
    as the data goes when the series is shorter); otherwise the figure may still top the last
    seven, which the data's record does not settle: never contradicted."""
    periods, years = fact.detail("periods"), claim.window_years
    since = fact.detail("since").code
    if fact.detail("record") == claim.record:
        reach = "" if years and years <= periods else f" (the data goes back {periods} years)"
        return Outcome("supported", f"{show(fact.value)} is the {claim.record}est of the "
                                    f"{periods} years since {since}{reach}", fact.value, fact.id,
                       fact.formula, tolerance)
    stated = f"{years} years" if years else "a span not in years"
    return Outcome("unverifiable", f"a record over {stated}: the data's record is over its "
                                   f"unbroken series ({fact.formula}), which does not settle it",
                   fact.value, fact.id, fact.formula, tolerance)


def _coverage(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    """"all 43 forces", "44 of 45 forces reporting": forces with a reported figure for the measure
    (and breakdown) in the area named, of the territorial forces in it (the gazetteer's)."""
    if not hasattr(book, "forces_within"):
        return Outcome("unverifiable", "this fact source cannot count forces")
    area, period, measure, breakdown = args
    named = area
    area, forces = _coverage_area(area, args, book)
    name = book.gazetteer.areas[area].name if area in book.gazetteer.areas else area
    total = book.total_over(forces, area, period, measure, breakdown)
    if total is None:
        return _missing(book, (area, period, measure, breakdown), "coverage")
    coverage = book.coverage(period, measure, breakdown, forces)
    tolerance = f"coverage of {name}: {coverage.text} with data (exact)"
    assert isinstance(claim, Coverage)
    # "All four Welsh police forces" in a sentence naming only Gwent: the forces of an area it does
    # not name, so not England and Wales's 43 ("one of the 44 forces in England and Wales" is)
    whole = claim.in_area or claim.reported == claim.expected
    if claim.expected is not None and claim.expected != coverage.expected and area != named and whole \
            and name.lower() not in claim.sentence_window[1].lower():
        return Outcome("unverifiable", f"the area whose {claim.expected} forces are meant is not named "
                                       f"(read as {named}, a force; {name} has {coverage.expected})")
    if claim.expected is not None and claim.expected != coverage.expected:
        return Outcome("contradicted", f"{name} has {coverage.expected} territorial forces, not "
                                       f"{claim.expected}", Fraction(coverage.expected), total.id,
                       total.formula, tolerance)
    if claim.in_area:
        return Outcome("supported", f"{name} has {coverage.expected} territorial forces",
                       Fraction(coverage.expected), total.id, total.formula, tolerance)
    reported, stated = coverage.reported, int(claim.value)
    if stated == reported:
        return Outcome("supported", f"{coverage.text} in {name} have a reported figure",
                       Fraction(reported), total.id, total.formula, tolerance)
    if coverage.missing and stated > reported:
        return Outcome("unverifiable", f"the data has no row at all for {len(coverage.missing)} of "
                                       f"the {coverage.expected} forces in {name}, so it cannot say "
                                       f"whether {stated} reported ({reported} did in the data)")
    return Outcome("contradicted", f"{coverage.text} in {name} have a reported figure, not {stated}",
                   Fraction(reported), total.id, total.formula, tolerance)


def _coverage_area(area: str, args: tuple, book) -> tuple[str, list[str]]:
    """The area named, unless it is a force (no region or nation named): then the smallest of
    England and Wales and the UK that holds every force the dataset has figures for."""
    forces = book.forces_within(area)
    if forces:
        return area, forces
    _area, period, measure, breakdown = args
    with_data = set(book.areas_with_data(period, measure, breakdown))
    for candidate in ("england-and-wales", "united-kingdom"):
        inside = book.forces_within(candidate)
        if with_data & set(book.forces_within("united-kingdom")) <= set(inside):
            return candidate, inside
    return "united-kingdom", book.forces_within("united-kingdom")


def _rank(claim: Claim, args: tuple, book: FactSource) -> Outcome:
    """"the 28th highest": 1 + the territorial forces with a higher count (ties share a place);
    "the second highest rate": the same by rate per resident, where the data has that rank
    (every population in it sound)."""
    if not hasattr(book, "rank"):
        return Outcome("unverifiable", "this fact source has no ranks")
    if isinstance(claim, Rank) and claim.by == "change":
        return Outcome("unverifiable", "a place by the size of a change: the data ranks counts and rates")
    lowest = claim.order == "low"
    by = "rate" if isinstance(claim, Rank) and claim.by == "rate" else "count"
    fact = book.rank(*args, lowest=lowest, by=by)
    if fact is None:
        what = "rank by rate per resident" if by == "rate" else "rank"
        return _missing(book, args, f"{what} among the territorial forces")
    band = Band(Fraction(claim.value), Fraction(claim.value))
    word = "lowest" if lowest else "highest"
    per = " by rate per resident" if by == "rate" else ""
    return _judge(claim, fact, fact.value, band, f"place from the {word} of {fact.detail('of')} "
                                                 f"territorial forces{per}")


_CHECKERS = {"count": _count, "change": _change, "pct_change": _pct_change, "share": _share,
             "percent": _share, "rate": _rate, "interval": _interval, "record": _record,
             "ratio": _ratio, "money": _count, "coverage": _coverage, "rank": _rank}
