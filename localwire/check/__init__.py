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
from datetime import date
from fractions import Fraction

from localwire.areas import gazetteer_of
from localwire.check.aggregates import WithAggregates
from localwire.check.consistency import consistency
from localwire.check.dating import published_before, snapped
from localwire.check.extract import Claim, extract, extract_claims
from localwire.check.places import about_a_place
from localwire.check.readings import second_look
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
from localwire.check.table_periods import table_period
from localwire.check.verify import FactSource, Outcome, verify
from localwire.errors import StoreError
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.store import Store

__all__ = ["CheckReport", "Checker", "Claim", "ClaimCheck", "best_dataset", "check_claims", "check_text",
           "extract_claims"]



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
    context.cells = found.cells
    claims = found.claims
    resolutions = None
    if context.period_evidence is not None and "no year named" in context.period_evidence.reason and \
            (tabled := table_period(found.cells, context.period)):
        context = dataclasses.replace(context, period=tabled[0], period_evidence=tabled[1], _subjects={})
    elif context.period_evidence is not None and "no year named" in context.period_evidence.reason:
        context, resolutions = _fitted_year(claims, context, vocabulary, book,
                                            published_before(data_periods, published))
    if resolutions is None:
        resolutions = resolve_claims(claims, context, vocabulary)
    for resolution in resolutions:
        _nation_with_data(resolution, book)
        _months_of_the_data(resolution, data_periods)
    inconsistent = consistency(claims)
    report = CheckReport(text, vocabulary.dataset, context.main_area,
                         context.period.code if context.period else None, skipped=found.skipped)
    read = []  # each claim's outcome as read, and whether the figure is far from the data's
    for claim, resolution in zip(claims, resolutions, strict=True):
        outcome = _national_instead(claim, resolution, verify(claim, resolution, book), book, context)
        read.append((outcome, outcome.verdict == "contradicted" and _implausible(claim, outcome)))
    # sentences with a figure far from the data's: another area?
    misplaced = {claim.sentence_index for claim, (_, far) in zip(claims, read, strict=True) if far}
    rows = zip(claims, resolutions, read, strict=True)
    for index, (claim, resolution, (outcome, implausible)) in enumerate(rows):
        outcome = second_look(claim, resolution, outcome, book, context, vocabulary, implausible=implausible,
                              misplaced=claim.sentence_index in misplaced)
        if outcome.verdict == "supported" and (group := _other_group(resolution)):
            outcome = dataclasses.replace(outcome, verdict="unverifiable", explanation=(
                f"not called supported: {group.reason}, so the figure may not be the total; as read "
                f"as the total, {outcome.explanation}"))
        if index in inconsistent and outcome.verdict != "contradicted":
            outcome = second_look(claim, resolution, inconsistent[index], book, context, vocabulary,
                                  internal=True)
        outcome = about_a_place(resolution, outcome, context.gazetteer)
        report.checks.append(ClaimCheck(claim, resolution, outcome))
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
    fitted_at = [index for index, claim in enumerate(sample)  # a table's cells have their column's year
                 if claim.kind in _FITTED and claim.start not in context.cells]
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


