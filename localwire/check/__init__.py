"""check: extract every numeric claim from any text and verify it against the store.

    from localwire.check import check_text
    report = check_text(article, store)            # dataset, area and period inferred
    report.ok, report.counts(), report.as_dict()

Library first: the `localwire check` command only parses arguments and prints this report.
"""

from __future__ import annotations

import functools

from localwire.areas import gazetteer_of
from localwire.check.extract import Claim, extract_claims
from localwire.check.report import CheckReport, ClaimCheck
from localwire.check.resolve import Vocabulary, article_context, resolve_claims
from localwire.check.verify import FactSource, consistency, verify
from localwire.errors import StoreError
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.store import Store

__all__ = ["CheckReport", "Checker", "Claim", "ClaimCheck", "check_claims", "check_text", "extract_claims"]


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
        self.vocabulary = Vocabulary.from_config(self.config)

    def check(self, text: str, *, area: str | None = None,
              period: str | Period | None = None) -> CheckReport:
        gazetteer = gazetteer_of(self.store)
        slug = gazetteer.resolve(area).slug if area else None
        return check_claims(text, self.book, self.config, slug, period, gazetteer=gazetteer,
                            vocabulary=self.vocabulary)


def check_claims(text: str, book: FactSource, config: DatasetConfig, area: str | None,
                 period: str | Period | None, *, gazetteer,
                 vocabulary: Vocabulary | None = None) -> CheckReport:
    """The same with the facts supplied (a FactBook or any object with its methods); pass the
    dataset's `Vocabulary` when checking many texts, so its patterns are compiled once."""
    vocabulary = vocabulary or Vocabulary.from_config(config)
    wanted = Period.parse(period) if isinstance(period, str) else period
    context = article_context(text, gazetteer, vocabulary, area=area, period=wanted)
    claims = extract_claims(text)
    resolutions = resolve_claims(claims, context, vocabulary)
    inconsistent = consistency(claims)
    report = CheckReport(text, vocabulary.dataset, context.main_area,
                         context.period.code if context.period else None)
    for index, (claim, resolution) in enumerate(zip(claims, resolutions, strict=True)):
        outcome = verify(claim, resolution, book)
        if index in inconsistent and outcome.verdict != "contradicted":
            outcome = inconsistent[index]
        report.checks.append(ClaimCheck(claim, resolution, outcome))
    return report


def _best_dataset(text: str, store: Store) -> str:
    """The dataset whose vocabulary the text uses most (the first on a tie)."""
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
