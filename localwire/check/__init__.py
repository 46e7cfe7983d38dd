"""check: extract every numeric claim from any text and verify it against the store.

    from localwire.check import check_text
    report = check_text(article, store)            # dataset, area and period inferred
    report.ok, report.counts(), report.as_dict()

Library first: the `localwire check` command only parses arguments and prints this report.
A claim is called contradicted only when every choice behind it (area, period, measure,
breakdown) is firm; otherwise it is unverifiable, with the readings the data would support.
"""

from __future__ import annotations

import functools

from localwire.areas import gazetteer_of
from localwire.check.extract import Claim, extract, extract_claims
from localwire.check.report import CheckReport, ClaimCheck
from localwire.check.resolve import (
    ArticleContext,
    Resolution,
    Vocabulary,
    article_context,
    resolve_claims,
)
from localwire.check.verify import FactSource, Outcome, consistency, verify
from localwire.errors import StoreError
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.store import Store

__all__ = ["CheckReport", "Checker", "Claim", "ClaimCheck", "check_claims", "check_text", "extract_claims"]

_MAX_ALTERNATIVES = 12


def check_text(text: str, store: Store, *, dataset: str | None = None, area: str | None = None,
               period: str | Period | None = None) -> CheckReport:
    """Extract, resolve and verify every numeric claim in `text` against `store`."""
    return Checker(store, dataset or _best_dataset(text, store)).check(text, area=area, period=period)


class Checker:
    """Checks many texts against one dataset, reading the store once (the web app, self-checks)."""

    def __init__(self, store: Store, dataset: str) -> None:
        from localwire.facts import FactBook

        self.store = store
        self.book = FactBook(store, dataset)
        self.config = self.book.config
        observations = self.book.observations()
        self.vocabulary = Vocabulary.from_config(
            self.config, sorted({ref.breakdown for ref in observations if ref.breakdown}))
        areas = {ref.area for ref in observations}
        self.national = "united-kingdom" if "united-kingdom" in areas or "england-and-wales" not in areas \
            else "england-and-wales"
        measure = self.vocabulary.only_measure or next(iter(self.config.measures), None)
        self.data_periods = self.book.periods(measure) if measure else []

    def check(self, text: str, *, area: str | None = None,
              period: str | Period | None = None) -> CheckReport:
        gazetteer = gazetteer_of(self.store)
        slug = gazetteer.resolve(area).slug if area else None
        return check_claims(text, self.book, self.config, slug, period, gazetteer=gazetteer,
                            vocabulary=self.vocabulary, national=self.national,
                            data_periods=self.data_periods)


def check_claims(text: str, book: FactSource, config: DatasetConfig, area: str | None,
                 period: str | Period | None, *, gazetteer,
                 vocabulary: Vocabulary | None = None, national: str = "united-kingdom",
                 data_periods: list[Period] = ()) -> CheckReport:
    """The same with the facts supplied (a FactBook or any object with its methods); pass the
    dataset's `Vocabulary` when checking many texts, so its patterns are compiled once."""
    vocabulary = vocabulary or Vocabulary.from_config(config)
    wanted = Period.parse(period) if isinstance(period, str) else period
    found = extract(text)
    context = article_context(text, gazetteer, vocabulary, area=area, period=wanted,
                              periods=found.periods, national=national, data_periods=data_periods)
    claims = found.claims
    resolutions = resolve_claims(claims, context, vocabulary)
    inconsistent = consistency(claims)
    report = CheckReport(text, vocabulary.dataset, context.main_area,
                         context.period.code if context.period else None)
    for index, (claim, resolution) in enumerate(zip(claims, resolutions, strict=True)):
        outcome = verify(claim, resolution, book)
        if outcome.verdict == "contradicted" and not resolution.firm:
            outcome = _doubtful(claim, resolution, outcome, book, context)
        if index in inconsistent and outcome.verdict != "contradicted":
            outcome = inconsistent[index]
        report.checks.append(ClaimCheck(claim, resolution, outcome))
    return report


def _doubtful(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
              context: ArticleContext) -> Outcome:
    """Not contradicted on a guess: unverifiable, with the readings the data would support."""
    weakest = resolution.weakest()
    alternatives = []
    for other in _alternatives(claim, resolution, context):
        tried = verify(claim, other, book)
        if tried.verdict == "supported":
            alternatives.append({"area": other.area, "period": other.period.code if other.period else None,
                                 "breakdown": other.breakdown or None, "fact_id": tried.fact_id,
                                 "explanation": tried.explanation})
    reason = f"the {weakest.field} is a guess ({weakest.reason})" if weakest else "the reading is a guess"
    explanation = f"not called contradicted: {reason}; as read, {outcome.explanation}"
    if alternatives:
        explanation += "; the data supports it as " + "; ".join(
            f"{a['area']} {a['period']}" + (f" [{a['breakdown']}]" if a["breakdown"] else "")
            for a in alternatives)
    return Outcome("unverifiable", explanation, outcome.expected, outcome.fact_id, outcome.formula,
                   outcome.tolerance, alternatives)


def _alternatives(claim: Claim, resolution: Resolution, context: ArticleContext) -> list[Resolution]:
    """Other readings of a doubtful claim: the article's area, the national area, the areas its
    sentence names; the article's period, the year before, the periods its sentence names."""
    sentence_end = claim.sentence_start + len(claim.sentence)
    areas = [context.main_area, context.national] + [
        m.slug for m in context.mentions if claim.sentence_start <= m.start < sentence_end]
    periods = [context.period, context.period.previous() if context.period else None]
    seen, found = set(), []
    for area in dict.fromkeys(a for a in areas if a and not a.startswith("national")):
        for period in dict.fromkeys(p for p in periods if p):
            key = (area, period)
            if key in seen or key == (resolution.area, resolution.period):
                continue
            seen.add(key)
            found.append(Resolution(**{**resolution.__dict__, "area": area, "period": period,
                                       "evidence": [], "notes": []}))
    return found[:_MAX_ALTERNATIVES]


def _best_dataset(text: str, store: Store) -> str:
    """The dataset whose vocabulary (measures, breakdowns, publisher) the text uses most (the first
    on a tie)."""
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
