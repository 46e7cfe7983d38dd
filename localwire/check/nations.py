"""Articles about a nation or region and the forces in it: when such an article is about the whole,
whether a force it names is one of the whole's, and the country "nationally" refers to."""

from __future__ import annotations

import bisect
from collections import Counter

from localwire.areas import Gazetteer
from localwire.check.mentions import AreaMention

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
