"""Which areas a total sums and a rank compares: the territorial forces inside an area.

Set-wise: (group, member) for every area of the gazetteer and each territorial force inside it,
followed up the `parent` chain (force -> region -> nation -> England and Wales -> United
Kingdom), so "england-and-wales" holds the 43 territorial forces of England and Wales and
"united-kingdom" those and Police Scotland and the Police Service of Northern Ireland.

Rules:
- Only forces marked territorial are members: British Transport Police (no area, no
  residents), fraud bodies and aggregates are never summed into a total nor ranked.
- A chain deeper than MAX_DEPTH parents is cut there (the bundled gazetteer has four).
- An explicit list (`listed`) holds exactly the forces named, territorial or not.
"""

from __future__ import annotations

import ibis

from localwire.facts.families.base import AREAS

MAX_DEPTH = 6


def members() -> ibis.Table:
    forces = AREAS.filter(AREAS.kind == "force", AREAS.territorial)
    level = forces.select(group=forces.parent, member=forces.slug)
    levels = [level]
    for _depth in range(MAX_DEPTH - 1):
        parents = AREAS.view()
        up = parents.select(up_slug=parents.slug, up_parent=parents.parent)
        level = level.join(up, level.group == up.up_slug).select(group=up.up_parent,
                                                                 member=level.member)
        levels.append(level)
    every = ibis.union(*levels, distinct=True)
    return every.filter(every.group.notnull(), every.group != "")


def listed(label: str, forces: tuple[str, ...]) -> ibis.Table:
    named = AREAS.filter(AREAS.slug.isin(list(forces)))
    return named.select(group=ibis.literal(label), member=named.slug)


def members_of(group: str | tuple[str, tuple[str, ...]]) -> ibis.Table:
    """The members of an area of the gazetteer (a slug), or of an explicit (label, forces)."""
    if isinstance(group, tuple):
        return listed(*group)
    every = members()
    return every.filter(every.group == group)
