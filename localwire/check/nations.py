"""The article's main area, and articles about a nation or region and the forces in it: when such an
article is about the whole, whether a force it names is one of the whole's, the country
"nationally" refers to, and why the data's figure for the nation, a sum over its territorial forces,
cannot contradict a national one (counts of forces and ranks aside)."""

from __future__ import annotations

import bisect
from collections import Counter

from localwire.areas import Gazetteer
from localwire.check.evidence import ArticleContext, Evidence, Resolution
from localwire.check.extract import Claim
from localwire.check.mentions import AreaMention
from localwire.check.verify import FactSource, Outcome

_BACK = 30  # mentions looked back at for the country named before: bounded, so linear in the text


def headline_end(text: str) -> int:
    """Where the headline ends: the first line, when it has no full stop (else 0: none)."""
    line = text.lstrip().split("\n", 1)[0].rstrip()
    return 0 if not line or line.endswith((".", "!", "?", "”", '"')) else text.find(line) + len(line)


def main_area(mentions: list[AreaMention], gazetteer: Gazetteer,
               headline_end: int = 0) -> tuple[str | None, Evidence | None]:
    """The force named most often (not as a group compared with); sure when it is named at least
    twice as often as the next. A nation or region its headline names, with none of its forces, is
    what it is about ("Crime falls by 3% in Wales", then Gwent named most), as a guess."""
    mentions = [m for m in mentions if not m.group and not m.comparison]
    forces = Counter(m.slug for m in mentions if m.slug in gazetteer.areas
                     and gazetteer.areas[m.slug].is_force)
    wider = Counter(m.slug for m in mentions if m.slug in gazetteer.areas
                    and gazetteer.areas[m.slug].kind in ("nation", "region"))
    if not forces and not wider:  # a story of England and Wales's figures naming no force or region
        wider = Counter(m.slug for m in mentions if m.slug in gazetteer.areas
                        and gazetteer.areas[m.slug].kind == "country")
    elif not forces:  # "forces in England and Wales ... the terrorist attacks in London": the country
        wider.update(m.slug for m in mentions if m.slug in gazetteer.areas
                     and gazetteer.areas[m.slug].kind == "country")
    if wider and (not forces or wider.most_common(1)[0][1] > 2 * forces.most_common(1)[0][1]):
        forces = wider  # an article about Wales, or the North East, that names its forces too
    if not forces:
        return None, None
    headline = [m.slug for m in mentions if m.start < headline_end]
    top = forces.most_common(1)[0][0]
    if len(set(headline)) == 1 and headline[0] in wider and gazetteer.areas[top].parent == headline[0]:
        return headline[0], Evidence("area", headline[0], f"the article's main area (named in its "
                                                          f"headline; {top} named most)", 0.6)
    whole = whole_of_its_forces(forces, wider, gazetteer)
    if whole:
        return whole, Evidence("area", whole, f"the article's main area ({gazetteer.areas[whole].name}, "
                                              f"named with {len(forces)} of its forces, none more than "
                                              f"the others)", 0.6)
    ranked = forces.most_common(2)
    slug, times = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if times == runner_up == 1 and (countries := Counter(
            m.slug for m in mentions if m.slug in gazetteer.areas
            and gazetteer.areas[m.slug].kind == "country").most_common(1)):
        # "in England and Wales soared ...", then "England, Wales, Scotland and Northern Ireland":
        # the country the story is of, not one of two forces each named once in passing
        country, named = countries[0]
        return country, Evidence("area", country, f"the article's main area ("
                                                  f"{gazetteer.areas[country].name}, named {named} times; "
                                                  f"no force named twice)", 0.6)
    # another force named: a sentence naming none may be about either; a force named once in an
    # article that names a nation or region too ("the terrorist attacks in London" in a story of
    # England and Wales's figures) may be a place in passing
    sure = runner_up == 0 and (times > 1 or not any(
        m.slug in gazetteer.areas and gazetteer.areas[m.slug].kind in ("nation", "region", "country")
        for m in mentions))
    return slug, Evidence("area", slug, f"the article's main area ({gazetteer.areas[slug].name}, named "
                                        f"{times} times{f', the next {runner_up}' if runner_up else ''})",
                          0.8 if sure else 0.6)


def whole_of_its_forces(forces: Counter, wider: Counter, gazetteer: Gazetteer) -> str | None:
    """"police in Wales ... Gwent ... North Wales ... Dyfed-Powys ... South Wales": a nation or
    region named with at least three of its forces, none named more often than the next, is what
    the article is about (its forces' figures stay theirs: each is named with them)."""
    parents = {gazetteer.areas[slug].parent for slug in forces}
    if len(forces) < 3 or len(parents) != 1 or next(iter(parents)) not in wider:
        return None
    parent = next(iter(parents))
    every = {slug for slug, area in gazetteer.areas.items() if area.is_force and area.parent == parent}
    ranked = forces.most_common(2)
    # "Gwent seeing the biggest rise ... North Wales ... Dyfed-Powys ... South Wales": every one of
    # the nation's forces, compared, is the nation's story even when one is named more often
    return parent if ranked[0][1] == ranked[1][1] or set(forces) == every else None


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


def in_passing(mention: AreaMention, context: ArticleContext) -> bool:
    """"Only Durham Constabulary recorded a higher increase", then "There were big rises in stalking":
    a force the article names once, beside a main area it names often, is not carried to the next
    sentence's figures (they are the story's)."""
    if context.main_area is None or mention.slug == context.main_area or \
            not context.is_force(mention.slug) or not context.is_force(context.main_area):
        return False
    return context.times_named(mention.slug) == 1 and context.times_named(context.main_area) >= 3
