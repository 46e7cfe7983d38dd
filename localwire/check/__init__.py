"""check: extract every numeric claim from any text and verify it against the store.

    from localwire.check import check_text
    report = check_text(article, store)            # dataset, area and period inferred
    report.ok, report.counts(), report.as_dict()

Library first: the `localwire check` command only parses arguments and prints this report.
A claim is called contradicted only when every choice behind it (area, period, measure,
breakdown) is firm; otherwise it is unverifiable, with the readings the data would support.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import date
from fractions import Fraction

from localwire.areas import gazetteer_of
from localwire.check.aggregates import WithAggregates
from localwire.check.consistency import consistency
from localwire.check.dating import period_of, published_before, snapped
from localwire.check.extract import Claim, extract, extract_claims
from localwire.check.nations import summed_nation
from localwire.check.readings import other_reading
from localwire.check.report import CheckReport, ClaimCheck
from localwire.check.resolve import (
    ArticleContext,
    Evidence,
    Resolution,
    Vocabulary,
    article_context,
    reperiod_one,
    resolve_claims,
)
from localwire.check.verify import FactSource, Outcome, verify
from localwire.errors import StoreError
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.store import Store

__all__ = ["CheckReport", "Checker", "Claim", "ClaimCheck", "best_dataset", "check_claims", "check_text",
           "extract_claims"]

_MAX_ALTERNATIVES = 8
_PREVIOUS_YEAR = re.compile(r"\b(?:previous|year before|year earlier|a year ago|last year)\b", re.IGNORECASE)


def check_text(text: str, store: Store, *, dataset: str | None = None, area: str | None = None,
               period: str | Period | None = None, published: date | None = None) -> CheckReport:
    """Extract, resolve and verify every numeric claim in `text` against `store`. `published`,
    the article's date, dates relative periods ("the 12 months to June", "last year")."""
    return Checker(store, dataset or best_dataset(text, store)).check(
        text, area=area, period=period, published=published)


class Checker:
    """Checks many texts against one dataset, reading the store once (the web app, self-checks)."""

    def __init__(self, store: Store, dataset: str) -> None:
        from localwire.facts import FactBook

        self.store = store
        self.book = FactBook(store, dataset)
        self.config = self.book.config
        observations = self.book.observations()
        self.vocabulary = Vocabulary.from_config(
            self.config, sorted({ref.breakdown for ref in observations if ref.breakdown}),
            sorted({ref.measure for ref in observations}))
        self.national = _national(self.book, {ref.area for ref in observations})
        measure = self.vocabulary.only_measure or next(iter(self.config.measures), None)
        self.data_periods = self.book.periods(measure) if measure else []

    def check(self, text: str, *, area: str | None = None, period: str | Period | None = None,
              published: date | None = None) -> CheckReport:
        gazetteer = gazetteer_of(self.store)
        slug = gazetteer.resolve(area).slug if area else None
        return check_claims(text, self.book, self.config, slug, period, gazetteer=gazetteer,
                            vocabulary=self.vocabulary, national=self.national,
                            data_periods=self.data_periods, published=published)


def check_claims(text: str, book: FactSource, config: DatasetConfig, area: str | None,
                 period: str | Period | None, *, gazetteer,
                 vocabulary: Vocabulary | None = None, national: str | None = None,
                 data_periods: list[Period] = (), published: date | None = None) -> CheckReport:
    """The same with the facts supplied (a FactBook or any object with its methods); pass the
    dataset's `Vocabulary` when checking many texts, so its patterns are compiled once."""
    vocabulary = vocabulary or Vocabulary.from_config(config)
    if hasattr(book, "within") and not isinstance(book, WithAggregates):
        book = WithAggregates.of(book)
    # The nation, when not given: the UK (a writer's worker may look up only the facts it prepared,
    # so the dataset's own nation is worked out by `Checker`, which reads the store)
    national = national or "united-kingdom"
    wanted = Period.parse(period) if isinstance(period, str) else period
    found = extract(text)
    context = article_context(text, gazetteer, vocabulary, area=area, period=wanted,
                              periods=found.periods, national=national, data_periods=data_periods,
                              published=published)
    claims = found.claims
    resolutions = None
    if context.period_evidence is not None and "no year named" in context.period_evidence.reason:
        context, resolutions = _fitted_year(claims, context, vocabulary, book,
                                            published_before(data_periods, published))
    if resolutions is None:
        resolutions = resolve_claims(claims, context, vocabulary)
    for resolution in resolutions:
        _nation_with_data(resolution, book)
        _months_of_the_data(resolution, data_periods)
    inconsistent = consistency(claims)
    report = CheckReport(text, vocabulary.dataset, context.main_area,
                         context.period.code if context.period else None)
    misplaced: set[int] = set()  # sentences with a figure far from the data's: another area?
    for index, (claim, resolution) in enumerate(zip(claims, resolutions, strict=True)):
        outcome = _national_instead(claim, resolution, verify(claim, resolution, book), book, context)
        implausible = outcome.verdict == "contradicted" and _implausible(claim, outcome)
        if implausible:
            misplaced.add(claim.sentence_index)
        if outcome.verdict == "contradicted" and (not resolution.firm or implausible
                                                  or _defaulted(resolution)):
            outcome = _doubtful(claim, resolution, outcome, book, context, implausible)
        if outcome.verdict == "contradicted":
            outcome = other_reading(claim, resolution, outcome, book, context, vocabulary)
        outcome = summed_nation(claim, resolution, outcome, book, context.national)
        if outcome.verdict == "supported" and (group := _other_group(resolution)):
            outcome = dataclasses.replace(outcome, verdict="unverifiable", explanation=(
                f"not called supported: {group.reason}, so the figure may not be the total; as read "
                f"as the total, {outcome.explanation}"))
        if index in inconsistent and outcome.verdict != "contradicted":
            outcome = inconsistent[index]
        report.checks.append(ClaimCheck(claim, resolution, outcome))
    for check in report.checks:
        if check.verdict == "contradicted" and check.claim.sentence_index in misplaced and \
                check.outcome.fact_id and not _explicit(check.resolution, "area"):
            check.outcome = Outcome(
                "unverifiable", f"not called contradicted: another figure of its sentence is far from "
                                f"the data's for {check.resolution.area}, so the sentence may be about "
                                f"another area; as read, {check.outcome.explanation}", check.outcome.expected,
                check.outcome.fact_id, check.outcome.formula, check.outcome.tolerance)
    return report


def _fitted_year(claims: list[Claim], context: ArticleContext, vocabulary: Vocabulary,
                 book: FactSource, data_periods: list[Period]
                 ) -> tuple[ArticleContext, list[Resolution] | None]:
    """"In the 12 months to June" with no year anywhere: the year, of the data's last six with that
    month, whose figures support most of the article's claims (the latest on a tie). A guess with
    evidence, never firm enough to contradict on. With it, the claims' resolutions when they are
    already made (no year fits and every claim was in the sample: the context is unchanged), else
    None."""
    month = context.period.end_month
    candidates = sorted((p for p in data_periods if p.end_month == month), reverse=True)[:6]
    sample = claims[:_fitting_sample(claims)]
    first = resolve_claims(sample, context, vocabulary)
    fitted_at = [index for index, claim in enumerate(sample) if claim.kind in _FITTED]
    fitted = len(fitted_at)
    best, best_hits = context.period, -1
    for candidate in candidates:
        trying = dataclasses.replace(context, period=candidate)
        hits = 0
        for done, index in enumerate(fitted_at):
            if hits + fitted - done <= best_hits:
                break  # it cannot beat the best so far (only more hits win), so it is not chosen
            reading = reperiod_one(sample, index, first[index], trying)
            hits += verify(sample[index], reading, book).verdict == "supported"
        if hits > best_hits:
            best, best_hits = candidate, hits
        if hits == fitted:
            break  # every figure fits: no earlier year can do better (the latest wins a tie)
    if best_hits <= 0:
        return context, first if len(sample) == len(claims) else None
    evidence = Evidence("period", best.code, f"{context.period_evidence.reason.split(':')[0]}: no year "
                                              f"named; the year the most of its counts and changes fit "
                                              f"({best_hits} of {fitted})", 0.7)
    return dataclasses.replace(context, period=best, period_evidence=evidence, _subjects={}), None


_FITTING_FIGURES = 12
_FITTED = ("count", "pct_change", "change")  # the kinds a year is fitted on (records, rates: costly, rarer)


def _fitting_sample(claims: list[Claim]) -> int:
    """How many claims, from the first, the year is fitted on: up to the article's first twelve
    counts and changes (its lead figures; every candidate year re-reads them, so not all of a
    long article's)."""
    seen = 0
    for index, claim in enumerate(claims):
        seen += claim.kind in _FITTED
        if seen == _FITTING_FIGURES:
            return index + 1
    return len(claims)


def _nation_with_data(resolution: Resolution, book: FactSource) -> None:
    """"Nationally, a total of 31,238 offences" read as the UK's, in a year the data has England and
    Wales's figure but not the UK's (the NSPCC's early releases covered only them): England and
    Wales, as a guess. Not when the sentence names the UK itself."""
    said = next((e for e in resolution.evidence if e.field == "area"), None)
    if resolution.area != "united-kingdom" or resolution.problem or resolution.measure is None or \
            resolution.period is None or said is None or "national" not in said.reason.lower():
        return
    keys = (resolution.period, resolution.measure, resolution.breakdown)
    if book.value("united-kingdom", *keys) is None and book.value("england-and-wales", *keys) is not None:
        resolution.area = "england-and-wales"
        resolution.note("area", "england-and-wales", "the nation the data has this period's figure for "
                                                     "(it has none for the UK)", 0.7)


def _months_of_the_data(resolution: Resolution, data_periods: list[Period]) -> None:
    """A year to a month the data has no year to, one month after one it has: that year, a guess."""
    period = snapped(resolution.period, data_periods)
    if period is not None:
        said = next((e for e in reversed(resolution.evidence) if e.field == "period"), None)
        resolution.note("period", period.code, f"the data's year to the month before "
                                               f"({said.reason if said else resolution.period.code})", 0.7)
        resolution.period = period
    base = snapped(resolution.base, data_periods)
    if base is not None:
        resolution.base = base


def _other_group(resolution: Resolution) -> Evidence | None:
    """The evidence that a figure read as the total is about a group the dataset does not break
    down ("knife crime", "burglary" in a list of groups): then a match with the total is chance."""
    return next((e for e in resolution.evidence if e.field == "breakdown" and e.value is None
                 and e.confidence <= 0.5), None)


def _implausible(claim: Claim, outcome: Outcome) -> bool:
    """A count, change, rate or interval five times the data's, or a fifth of it: the figure is for
    something else (another area, a part, a total of several; "every eight minutes" is a nation's, not a
    force's; "1,000 fewer victims" when crimes fell by 6,338)."""
    if claim.kind not in ("count", "change", "rate", "interval") or outcome.expected is None or \
            claim.value is None:
        return False
    expected, value = abs(outcome.expected), abs(Fraction(claim.value))
    return bool(expected) and (value >= 5 * expected or value * 5 <= expected)


def _unheld_count(claim: Claim, outcome: Outcome) -> bool:
    """A count in the thousands the data holds nothing to compare with for its reading."""
    return claim.kind == "count" and outcome.expected is None and claim.value is not None and \
        claim.value >= 1000


def _national_instead(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
                      context: ArticleContext) -> Outcome:
    """"A new report shows 76,204 crimes against children were recorded in 2018/19" in a story of
    Cambridgeshire: a count its sentence gives no area, five times the article's area's figure, that
    the nation's figure supports is the nation's."""
    if outcome.verdict == "supported" or not (_implausible(claim, outcome) or _unheld_count(claim, outcome)):
        return outcome
    said = next((e for e in resolution.evidence if e.field == "area"), None)
    if said is None or not said.reason.startswith("no area named in its sentence") or \
            resolution.area in (context.national, "england-and-wales"):
        return outcome
    for nation in dict.fromkeys((context.national, "england-and-wales")):
        reading = dataclasses.replace(resolution, area=nation, evidence=list(resolution.evidence),
                                      notes=list(resolution.notes))
        tried = verify(claim, reading, book)
        if tried.verdict == "supported":
            resolution.note("area", nation, f"the nation's figure: its sentence names no area, and the "
                                            f"figure is far from {resolution.area}'s", 0.7)
            resolution.area = nation
            return tried
    return outcome


def _defaulted(resolution: Resolution) -> bool:
    """The area or period came from the article, not the sentence: a contradiction stands only if
    no other reading of the sentence (checked in `_doubtful`) fits."""
    return any(e.field in ("area", "period") and not e.reason.startswith(("named", "the subject", "given"))
               for e in resolution.evidence)


def _doubtful(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
              context: ArticleContext, implausible: bool) -> Outcome:
    """Not contradicted on a guess: unverifiable, with the readings the data would support. A firm
    reading with a default area or period stays contradicted when no other reading fits either.
    `implausible`: `_implausible(claim, outcome)`, worked out once by the caller."""
    weakest = resolution.weakest()
    alternatives = []
    for other in _alternatives(claim, resolution, context):
        tried = verify(claim, other, book)
        if tried.verdict == "supported":
            alternatives.append({"area": other.area, "period": other.period.code if other.period else None,
                                 "breakdown": other.breakdown or None, "fact_id": tried.fact_id,
                                 "explanation": tried.explanation})
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


_EXPLICIT = ("named", "the subject", "given", "'the previous", "'the year", "'a year")


def _explicit(resolution: Resolution, name: str) -> bool:
    return any(e.field == name and e.reason.startswith(_EXPLICIT) for e in resolution.evidence)


def _alternatives(claim: Claim, resolution: Resolution, context: ArticleContext) -> list[Resolution]:
    """Other readings of a doubtful claim that its text allows: for an area it does not name, the
    article's, the national and those its sentence names; for a period it does not name, the
    article's and those its sentence names (the year before, when it says "the previous year")."""
    sentence_end = claim.sentence_start + len(claim.sentence)
    areas = [resolution.area]
    if not _explicit(resolution, "area"):
        areas += [context.main_area, context.national] + [
            m.slug for m in context.mentions if claim.sentence_start <= m.start < sentence_end]
    periods = [resolution.period]
    if not _explicit(resolution, "period"):
        periods.append(context.period)
        periods += [period_of(m, context.period) for m in claim.periods]
        if context.period and _PREVIOUS_YEAR.search(claim.sentence_window[1]):
            periods.append(context.period.previous())
    found = []
    for area in dict.fromkeys(a for a in areas if a and a != "national"):
        for period in dict.fromkeys(p for p in periods if p):
            if (area, period) != (resolution.area, resolution.period):
                found.append(Resolution(**{**resolution.__dict__, "area": area, "period": period,
                                           "evidence": [], "notes": []}))
    return found[:_MAX_ALTERNATIVES]


def _national(book, areas: set[str]) -> str:
    """The dataset's nation: England and Wales when every territorial force it has figures for is
    in England and Wales (the Home Office tables, British Transport Police among them), else the UK."""
    if "united-kingdom" in areas:
        return "united-kingdom"
    gazetteer = book.gazetteer
    inside = set(book.forces_within("england-and-wales")) if hasattr(book, "forces_within") else set()
    forces = {a for a in areas if a in gazetteer.areas and gazetteer.areas[a].is_force
              and gazetteer.areas[a].territorial}
    return "england-and-wales" if forces and forces <= inside | {"england-and-wales"} else "united-kingdom"


def best_dataset(text: str, store: Store) -> str:
    """The id of the dataset whose vocabulary (measures, breakdowns, publisher) the text uses most
    (the first on a tie); raises StoreError when the store holds none."""
    configs = store.dataset_configs()
    if not configs:
        raise StoreError("the store holds no dataset to check against",
                         hint="import one, or run without --db to use the bundled datasets")
    if len(configs) == 1:
        return next(iter(configs))
    scores = {i: _vocabulary(config).score(text) for i, config in configs.items()}
    return max(configs, key=lambda i: scores[i])


@functools.lru_cache(maxsize=64)
def _vocabulary(config_json: str) -> Vocabulary:
    """A dataset's vocabulary, compiled once per distinct config (a pure function of it)."""
    return Vocabulary.from_config(DatasetConfig.model_validate_json(config_json))


