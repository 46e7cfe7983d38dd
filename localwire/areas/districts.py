"""Places inside police force areas: every local authority district of England and Wales (and each
community safety partnership named otherwise than a district) with the force area that holds it.

Provenance: localwire/bundled/areas/districts.csv is localwire's own file, written by
`tools/build_districts.py` from the ONS lookup of local authority districts to community safety
partnerships to police force areas of December 2016 (LAD16 -> CSP16 -> PFA16, Open Government
Licence v3; the copy read is Resistance-Lab/resistancelab_data's, in ../shared/data/raw). Each
row names the place as a sentence writes it ("Bristol", not "Bristol, City of"), its ONS code
(E06/E07/E08/E09/W06 district, E22/W14 partnership), its kind and the force's slug in areas.csv.
Districts merged after 2016 (Dorset's, Suffolk's, Somerset's, Northamptonshire's,
Buckinghamshire's, Cumbria's, North Yorkshire's) carry their 2016 names; Scotland and Northern
Ireland, one force each, have no rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from localwire import bundled
from localwire.areas import alias_key, read_rows


@dataclass(frozen=True)
class District:
    name: str  # as a sentence names it: "Sunderland", "Brighton and Hove"
    code: str  # ONS code of the district or partnership
    kind: str  # district or partnership
    force: str  # the slug of the force area that holds it (areas.csv)
    source: str


@cache
def districts() -> tuple[District, ...]:
    """Every bundled place inside a force area, in the file's order (by name)."""
    return tuple(District(row["name"], row["code"], row["kind"], row["force"], row["source"])
                 for row in read_rows(bundled.gazetteer_file("districts")))


def forces_of_places() -> dict[str, frozenset[str]]:
    """Alias key of each place name -> the force areas a place of that name lies in (two or
    more when the name is shared)."""
    found: dict[str, set[str]] = {}
    for district in districts():
        found.setdefault(alias_key(district.name), set()).add(district.force)
    return {key: frozenset(forces) for key, forces in found.items()}
