"""Places inside force areas named in a text ("In Sunderland, 312 offences were recorded",
"Cardiff saw 1,020 crimes"): a district or community safety partnership of localwire.areas.districts
makes the claim's area the force area that holds it, a little less surely than the force named
outright, and the claim remembers the place (`Resolution.place`).

A figure about a place is a figure about the place, not its force: the data holds force figures,
so a reading of it against the force is never called contradicted (unverifiable, with the
reading's figure and alternatives); a match is supported, as the force's figure the writer used.
Not read as places: a name the gazetteer already knows as an area ("Durham", "Dorset", "North
Yorkshire": the force or region itself, never counted twice), a name in two force areas, and a
name that is as often a common word or a person's name ("Reading", "Bury", "Hart", "Dudley").
A place named with "and" right after its own force ("Kent and Medway") is the force itself.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from localwire.areas import Gazetteer
from localwire.areas.districts import forces_of_places
from localwire.check.outcome import Outcome

if TYPE_CHECKING:
    from localwire.check.evidence import Resolution
    from localwire.check.mentions import AreaMention

PLACE_DROP = 0.05  # a place's force is a little less sure than the force named outright
# District names that a capitalised word in a sentence as often means otherwise
COMMON_WORDS = frozenset({
    "reading", "bury", "hart", "eden", "rugby", "derby", "dudley", "boston", "harrow", "sutton",
    "merton", "stafford", "lincoln", "bedford", "preston", "mansfield", "copeland", "craven", "wyre",
    "arun", "rother", "swale", "hastings", "crawley", "selby", "stroud", "brent", "harlow", "bolton",
    "bradford", "wakefield", "carlisle", "westminster", "halton", "chorley", "gloucester", "warwick",
    "worcester", "oxford", "cambridge", "york", "richmondshire", "newport", "ashford", "wealden",
    "fylde", "hambleton", "barnet", "havant", "dover", "corby", "redditch", "lewes", "wirral",
})
_JOINED_TO_ITS_FORCE = (" and ", " & ")


def place_aliases(gazetteer: Gazetteer) -> dict[str, str]:
    """Alias key -> force slug for every place name that can be read as a place (see above)."""
    return {key: next(iter(forces)) for key, forces in forces_of_places().items()
            if len(forces) == 1 and key not in gazetteer.aliases and key not in COMMON_WORDS
            and next(iter(forces)) in gazetteer.areas}


def joined_to_its_force(text: str, before: AreaMention | None, slug: str, start: int) -> bool:
    """"Kent and Medway": a place right after its own force, joined by "and", is the force."""
    return before is not None and not before.place and before.slug == slug and \
        text[before.end:start] in _JOINED_TO_ITS_FORCE


def in_the_force_area(place: str, slug: str, gazetteer: Gazetteer | None) -> str:
    """"Sunderland is in the Northumbria force area"."""
    area = gazetteer.areas.get(slug) if gazetteer else None
    return f"{place} is in the {area.name if area else slug} force area"


def read_as_its_force(resolution: Resolution, place: str, gazetteer: Gazetteer | None, reason: str,
                      confidence: float) -> tuple[str, float]:
    """The claim's area read from a place named inside its force (`resolution.area`): the place is
    kept, and the reason and confidence returned say so. No place: both as they were."""
    if not place:
        return reason, confidence
    resolution.place = place
    where = in_the_force_area(place, resolution.area, gazetteer)
    return f"{reason} ({where})", round(confidence - PLACE_DROP, 4)


def about_a_place(resolution: Resolution, outcome: Outcome, gazetteer: Gazetteer | None) -> Outcome:
    """A figure read from a place inside a force, against the force's data: never contradicted."""
    if not resolution.place or resolution.area is None:
        return outcome
    where = in_the_force_area(resolution.place, resolution.area, gazetteer)
    if outcome.verdict == "supported":
        return dataclasses.replace(outcome, explanation=f"{outcome.explanation} (as the force's figure: "
                                                        f"{where})")
    if outcome.verdict != "contradicted":
        return outcome
    return dataclasses.replace(outcome, verdict="unverifiable", explanation=(
        f"a figure about {resolution.place}, and the data holds force figures only ({where}); "
        f"read as the force's, {outcome.explanation}"))
