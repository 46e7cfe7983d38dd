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

import functools
import operator

import ibis

from localwire.facts.families.base import AREAS

MAX_DEPTH = 5


def _chains() -> ibis.Table:
    """Each territorial force with its parents up0 (its own parent) to up<MAX_DEPTH - 1>."""
    forces = AREAS.filter(AREAS.kind == "force", AREAS.territorial)
    chain = forces.select(member=forces.slug, up0=forces.parent)
    for depth in range(1, MAX_DEPTH):
        parents = AREAS.view()
        chain = chain.left_join(parents, chain[f"up{depth - 1}"] == parents.slug).select(
            *chain.columns, **{f"up{depth}": parents.parent})
    return chain


def members() -> ibis.Table:
    """(group, member) for every area with territorial forces inside it."""
    chain = _chains()
    ups = ibis.array([chain[f"up{depth}"] for depth in range(MAX_DEPTH)])
    every = chain.select(group=ups.unnest(), member=chain.member)
    every = every.filter(every.group.notnull(), every.group != "")
    return every.distinct()


def every_member(_scope: None = None) -> ibis.Table:
    """`members()` as a family the FactBook looks up (`FactBook.members`)."""
    return members()


def listed(label: str, forces: tuple[str, ...]) -> ibis.Table:
    named = AREAS.filter(AREAS.slug.isin(list(forces)))
    return named.select(group=ibis.literal(label), member=named.slug)


def members_of(group: str | tuple[str, tuple[str, ...]]) -> ibis.Table:
    """The members of an area of the gazetteer (a slug), or of an explicit (label, forces)."""
    if isinstance(group, tuple):
        return listed(*group)
    chain = _chains()
    inside = functools.reduce(operator.or_, [chain[f"up{depth}"] == group
                                             for depth in range(MAX_DEPTH)])
    return chain.filter(inside).select(group=ibis.literal(group), member=chain.member)
