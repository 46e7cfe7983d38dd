"""Articles about a nation or region and the forces in it: when such an article is about the whole,
whether a force it names is one of the whole's, the country "nationally" refers to, and why the
data's figure for the nation, a sum over its territorial forces, cannot contradict a national one
(counts of forces and ranks aside)."""

from __future__ import annotations

import bisect
from collections import Counter

from localwire.areas import Gazetteer
from localwire.check.evidence import Resolution
from localwire.check.extract import Claim
from localwire.check.mentions import AreaMention
from localwire.check.verify import FactSource, Outcome

_BACK = 30  # mentions looked back at for the country named before: bounded, so linear in the text


def whole_of_its_forces(forces: Counter, wider: Counter, gazetteer: Gazetteer) -> str | None:
    """"police in Wales ... Gwent ... North Wales ... Dyfed-Powys ... South Wales": a nation or
    region named with at least three of its forces, none named more often than the next, is what
    the article is about (its forces' figures stay theirs: each is named with them)."""
    parents = {gazetteer.areas[slug].parent for slug in forces}
    if len(forces) < 3 or len(parents) != 1 or next(iter(parents)) not in wider:
        return None
    ranked = forces.most_common(2)
    return next(iter(parents)) if ranked[0][1] == ranked[1][1] else None


def is_force_of(slug: str, main: str | None, gazetteer: Gazetteer | None) -> bool:
    """In an article about Wales, "Gwent Police saw the biggest increase" is about Gwent alone."""
    areas = gazetteer.areas if gazetteer else {}
    whole = areas.get(main)
    return whole is not None and whole.kind in ("nation", "region") and slug in areas and \
        areas[slug].is_force and areas[slug].parent == main


def country_named_before(mention: AreaMention, mentions: list[AreaMention], starts: list[int],
                         gazetteer: Gazetteer | None) -> AreaMention | None:
    """"recorded by police in England and Wales soared ..." then "Nationally, ...": that country."""
    areas = gazetteer.areas if gazetteer else {}
    at = bisect.bisect_left(starts, mention.start)
    for earlier in reversed(mentions[max(0, at - _BACK):at]):
        if earlier.slug in areas and areas[earlier.slug].kind == "country" and not earlier.comparison:
            return earlier
    return None


def summed_nation(claim: Claim, resolution: Resolution, outcome: Outcome, book: FactSource,
                  national: str) -> Outcome:
    """A figure for the dataset's nation that the data holds only as the sum over its territorial
    forces (England and Wales in the Home Office tables): the published national figure is often
    defined otherwise (with fraud recorded centrally, with British Transport Police: "5.6 million
    offences"), so a figure outside the sum is unverifiable, not contradicted; one inside is supported."""
    area, period, measure = resolution.area, resolution.period, resolution.measure
    if outcome.verdict != "contradicted" or claim.kind in ("coverage", "rank") or area != national or \
            period is None or measure is None or \
            book.value(area, period, measure, resolution.breakdown) is not None:
        return outcome
    return Outcome("unverifiable", f"not called contradicted: the data's figure for {area} is the sum "
                                   f"over its territorial forces, and a national figure is often counted "
                                   f"otherwise (with fraud recorded centrally, or British Transport "
                                   f"Police); as read, {outcome.explanation}", outcome.expected,
                   outcome.fact_id, outcome.formula, outcome.tolerance, outcome.alternatives)
