"""The gazetteer: UK police force areas and the aggregates stories compare them with.

Names are resolved through aliases ("Herts", "Avon & Somerset Constabulary", "the Met", ONS codes).
An unknown name is never guessed: `UnknownAreaError` lists the nearest known names.
"""

from __future__ import annotations

import csv
import difflib
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from localwire import bundled
from localwire.errors import UnknownAreaError
from localwire.store import Store
from localwire.store.areas import gazetteer_rows

_FILLER = re.compile(r"\b(the|police|constabulary|service|force|of)\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def alias_key(name: str) -> str:
    """Fold a name to the key aliases are matched on: "Herts Police" -> "herts"."""
    text = name.lower().replace("&", " and ")
    folded = _NON_WORD.sub(" ", _FILLER.sub(" ", text)).split()
    if not folded:  # a name made only of filler words ("the Met" keeps "met")
        folded = _NON_WORD.sub(" ", text).split()
    return " ".join(folded)


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    official_name: str
    kind: str  # force, region, nation, country
    ons_code: str = ""
    nation: str = ""
    region: str = ""
    foi_law: str = ""  # FOIA or FOISA for forces
    territorial: bool = True
    parent: str = ""
    place_name: str = ""  # "the Thames Valley"; empty: the name
    force: str = ""  # "the Metropolitan Police Service"; empty: the official name

    @property
    def is_force(self) -> bool:
        return self.kind == "force"

    @property
    def place(self) -> str:
        """The area as a sentence names it after "in": "the City of London", "Hertfordshire"."""
        return self.place_name or self.name

    @property
    def force_name(self) -> str:
        """The force as a sentence names it after "by": "the Metropolitan Police Service"."""
        return self.force or self.official_name


@dataclass
class Gazetteer:
    areas: dict[str, Area]
    aliases: dict[str, str] = field(default_factory=dict)  # alias key -> slug
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    populations: dict[tuple[str, int], tuple[int, str, str]] = field(default_factory=dict)

    @classmethod
    def bundled(cls) -> Gazetteer:
        """The gazetteer shipped with localwire, without a store."""
        return cls.from_rows(*(read_rows(bundled.gazetteer_file(t)) for t in bundled.GAZETTEER_TABLES))

    @classmethod
    def from_rows(cls, areas: Iterable[dict], aliases: Iterable[dict],
                  neighbours: Iterable[dict], populations: Iterable[dict] = ()) -> Gazetteer:
        gazetteer = cls(areas={})
        for row in areas:
            area = Area(
                slug=row["slug"], name=row["name"], official_name=row["official_name"],
                kind=row["kind"], ons_code=row.get("ons_code") or "",
                nation=row.get("nation") or "", region=row.get("region") or "",
                foi_law=row.get("foi_law") or "",
                territorial=str(row.get("territorial", "true")).lower() in ("true", "1"),
                parent=row.get("parent") or "",
                place_name=row.get("place") or "",
                force=row.get("force_name") or "",
            )
            gazetteer.areas[area.slug] = area
            for name in (area.slug, area.name, area.official_name, area.ons_code):
                if name:
                    gazetteer.aliases.setdefault(alias_key(name), area.slug)
        for row in aliases:
            gazetteer.aliases.setdefault(alias_key(row["alias"]), row["area"])
        pairs: dict[str, set[str]] = {}
        for row in neighbours:
            pairs.setdefault(row["area"], set()).add(row["neighbour"])
            pairs.setdefault(row["neighbour"], set()).add(row["area"])
        gazetteer.neighbours = {slug: tuple(sorted(n)) for slug, n in pairs.items()}
        for row in populations:
            key = (row["area"], int(row["year"]))
            candidate = (int(row["population"]), row["source"], row["quality"])
            if key not in gazetteer.populations or _better(candidate, gazetteer.populations[key]):
                gazetteer.populations[key] = candidate
        return gazetteer

    def resolve(self, name: str) -> Area:
        """The area a name, alias, slug or ONS code refers to."""
        slug = self.aliases.get(alias_key(name))
        if slug is None:
            raise UnknownAreaError(
                f"unknown area {name!r}", hint=self.suggestion(name))
        return self.areas[slug]

    def find(self, name: str) -> Area | None:
        slug = self.aliases.get(alias_key(name))
        return self.areas[slug] if slug else None

    def suggestion(self, name: str) -> str:
        close = self.nearest(name)
        return ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else (
            "run `localwire areas` for the list of known areas")

    def nearest(self, name: str, limit: int = 3) -> list[str]:
        keys = difflib.get_close_matches(alias_key(name), list(self.aliases), n=limit * 3,
                                         cutoff=0.6)
        names: list[str] = []
        for key in keys:
            area_name = self.areas[self.aliases[key]].name
            if area_name not in names:
                names.append(area_name)
        return names[:limit]

    def forces(self) -> list[Area]:
        return [a for a in self.areas.values() if a.is_force]

    def neighbours_of(self, slug: str) -> tuple[str, ...]:
        return self.neighbours.get(slug, ())

    def population(self, slug: str, year: int) -> tuple[int, str, str] | None:
        """(population, source, quality) for a mid-year, or None where unknown."""
        return self.populations.get((slug, year))


def _better(candidate: tuple[int, str, str], current: tuple[int, str, str]) -> bool:
    """Prefer a population of good quality; between equals, the mid-year estimate."""
    rank = {"ok": 0, "suspect": 1}
    return (rank.get(candidate[2], 2), "Census" in candidate[1]) < (
        rank.get(current[2], 2), "Census" in current[1])


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


_BY_STORE: weakref.WeakKeyDictionary[Store, tuple[int, Gazetteer]] = weakref.WeakKeyDictionary()


def gazetteer_of(store: Store) -> Gazetteer:
    """The store's gazetteer, built from the rows it holds, rebuilt only after a commit."""
    known = _BY_STORE.get(store)
    if known is None or known[0] != store.generation:
        known = _BY_STORE[store] = (store.generation, Gazetteer.from_rows(*gazetteer_rows(store)))
    return known[1]
