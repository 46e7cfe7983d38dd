"""Write localwire/bundled/areas/districts.csv: every local authority district of England and Wales,
and each community safety partnership whose name is not a district's, with its police force area.

Built from the ONS lookup of local authority districts to community safety partnerships to police
force areas (December 2016, LAD16 -> CSP16 -> PFA16), as copied in ../shared/data/raw from
Resistance-Lab/resistancelab_data (Open Government Licence v3). The raw file is not shipped; the
bundled CSV is localwire's own format (name, ONS code, kind, force slug as in areas.csv, source).
A force is matched on its ONS code (E23/W15), so a force renamed in the lookup still matches.
Names the lookup writes inverted ("Bristol, City of") are written as a sentence names them
("Bristol"). It is not needed at run time.

    python tools/build_districts.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ROOT / "localwire" / "bundled" / "areas"
LOOKUP = Path("raw") / "lad16_csp16_pfa16_lookup_ons__resistancelab.csv"
SOURCE = "ONS LAD16-CSP16-PFA16 lookup (Dec 2016), via Resistance-Lab/resistancelab_data, OGL v3"
HEADER = ["name", "code", "kind", "force", "source"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def as_written(name: str) -> str:
    """"Bristol, City of" -> "Bristol"; "Herefordshire, County of" -> "Herefordshire"."""
    place, comma, _rest = name.partition(", ")
    return place if comma else name


def district_rows(lookup: list[dict[str, str]], force_of_code: dict[str, str]) -> list[list[str]]:
    """One row per district, then one per partnership named otherwise than any district."""
    rows: dict[tuple[str, str], list[str]] = {}
    for row in lookup:
        force = force_of_code[row["PFA16CD"]]
        name = as_written(row["LAD16NM"])
        rows[(name, force)] = [name, row["LAD16CD"], "district", force, SOURCE]
    districts = {name for name, _force in rows}
    for row in lookup:
        name = as_written(row["CSP16NM"])
        force = force_of_code[row["PFA16CD"]]
        if name not in districts:
            rows.setdefault((name, force), [name, row["CSP16CD"], "partnership", force, SOURCE])
    return sorted(rows.values(), key=lambda r: (r[0], r[3]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    force_of_code = {row["ons_code"]: row["slug"] for row in read_csv(AREAS / "areas.csv")
                     if row["kind"] == "force"}
    rows = district_rows(read_csv(args.shared / LOOKUP), force_of_code)
    with (AREAS / "districts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {AREAS / 'districts.csv'}")


if __name__ == "__main__":
    main()
