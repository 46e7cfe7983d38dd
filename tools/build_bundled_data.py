"""Write localwire's bundled data files from the reference figures in ../shared/data/derived.

The project ships its own files (localwire/bundled/areas, localwire/bundled/datasets); this script is how they
were made, so a reviewer can re-run it and diff. It is not needed at run time.

    python tools/build_bundled_data.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS_DIR = ROOT / "localwire" / "areas" / "data"
NSPCC_DIR = ROOT / "localwire" / "bundled" / "datasets" / "nspcc-child-sex-offences"

# Aggregate areas used for national and regional figures (ONS GSS codes). Scotland and Northern
# Ireland are not listed: each is one force area, so "Scotland" resolves to Police Scotland.
AGGREGATES = [
    ("united-kingdom", "K02000001", "United Kingdom", "country", "", "", ""),
    ("england-and-wales", "K04000001", "England and Wales", "country", "", "", "united-kingdom"),
    ("england", "E92000001", "England", "nation", "England", "", "england-and-wales"),
    ("wales", "W92000004", "Wales", "nation", "Wales", "Wales", "england-and-wales"),
    ("north-east", "E12000001", "North East", "region", "England", "North East", "england"),
    ("north-west", "E12000002", "North West", "region", "England", "North West", "england"),
    ("yorkshire-and-the-humber", "E12000003", "Yorkshire and The Humber", "region", "England",
     "Yorkshire and The Humber", "england"),
    ("east-midlands", "E12000004", "East Midlands", "region", "England", "East Midlands", "england"),
    ("west-midlands-region", "E12000005", "West Midlands region", "region", "England",
     "West Midlands", "england"),
    ("east-of-england", "E12000006", "East of England", "region", "England", "East", "england"),
    ("london", "E12000007", "London", "region", "England", "London", "england"),
    ("south-east", "E12000008", "South East", "region", "England", "South East", "england"),
    ("south-west", "E12000009", "South West", "region", "England", "South West", "england"),
]

# Names people and papers use that cannot be derived from the official names.
EXTRA_ALIASES = {
    "avon-and-somerset": ["Avon & Somerset", "Avon and Somerset Police"],
    "bedfordshire": ["Beds", "Beds Police"],
    "cambridgeshire": ["Cambs", "Cambs Police"],
    "city-of-london": ["City of London", "City Police", "London, City of"],
    "devon-and-cornwall": ["Devon & Cornwall", "Devon and Cornwall"],
    "gloucestershire": ["Glos", "Gloucs", "Glos Police"],
    "greater-manchester": ["GMP", "Greater Manchester"],
    "hampshire": ["Hants", "Hampshire Police", "Hampshire and Isle of Wight Constabulary"],
    "hertfordshire": ["Herts", "Herts Police", "Hertfordshire Police"],
    "lancashire": ["Lancs", "Lancashire Police"],
    "leicestershire": ["Leics", "Leics Police"],
    "lincolnshire": ["Lincs", "Lincs Police"],
    "metropolitan": ["the Met", "Met", "Met Police", "Metropolitan Police", "Scotland Yard",
                     "Metropolitan Police area", "Metropolitan Police District"],
    "north-yorkshire": ["North Yorks", "N Yorks"],
    "northamptonshire": ["Northants", "Northants Police"],
    "nottinghamshire": ["Notts", "Notts Police"],
    "south-yorkshire": ["South Yorks", "S Yorks"],
    "staffordshire": ["Staffs", "Staffs Police"],
    "thames-valley": ["TVP"],
    "warwickshire": ["Warks"],
    "west-midlands": ["West Mids", "West Midlands Police"],
    "west-yorkshire": ["West Yorks", "W Yorks"],
    "wiltshire": ["Wilts", "Wilts Police"],
    "derbyshire": ["Derbys"],
    "dyfed-powys": ["Dyfed Powys"],
    "btp": ["BTP", "British Transport Police", "Transport Police"],
    "psni": ["PSNI", "Police Service of Northern Ireland", "Northern Ireland police"],
    "police-scotland": ["Police Scotland", "Police Service of Scotland"],
    "united-kingdom": ["UK", "the UK", "U.K.", "Britain and Northern Ireland", "national"],
    "england-and-wales": ["England & Wales", "E&W"],
    "east-of-england": ["East", "Eastern region", "the East of England"],
    "south-west": ["the South West", "South West England", "West Country"],
}

# How a sentence names an area after "in" where that is not its short name.
PLACES = {
    "city-of-london": "the City of London",
    "metropolitan": "the Metropolitan Police area",
    "thames-valley": "the Thames Valley",
    "west-midlands": "the West Midlands",
    "btp": "the railways",
    "police-scotland": "Scotland",
    "psni": "Northern Ireland",
    "united-kingdom": "the UK",
    "north-east": "the North East",
    "north-west": "the North West",
    "east-midlands": "the East Midlands",
    "west-midlands-region": "the West Midlands region",
    "east-of-england": "the East of England",
    "south-east": "the South East",
    "south-west": "the South West",
}
# Official names that take "the" in a sentence ("recorded by the Metropolitan Police Service").
FORCES_WITH_ARTICLE = {"metropolitan", "city-of-london", "psni", "btp"}

# Forces answer FOI requests under FOIA 2000, except Police Scotland (FOISA 2002).
FOISA_FORCES = {"police-scotland"}


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def region_slug(region: str) -> str:
    for slug, _code, _name, kind, _nation, region_name, _parent in AGGREGATES:
        if kind == "region" and region_name == region:
            return slug
    return ""


def build_areas(derived: Path) -> dict[str, str]:
    forces = read_csv(derived / "uk_police_forces.csv")
    rows: list[list[object]] = []
    aliases: list[list[object]] = []
    home_office_names: dict[str, str] = {}
    for force in forces:
        slug = force["force_id"]
        nation = {"GB": "", "Northern Ireland": "Northern Ireland"}.get(
            force["country"], force["country"])
        parent = region_slug(force["region"]) or ("wales" if nation == "Wales"
                                                  else "united-kingdom")
        short_name = force["prc_name"] or force["official_name"]
        if slug == "metropolitan":
            short_name = "Metropolitan Police"
        force_name = ("the " if slug in FORCES_WITH_ARTICLE else "") + force["official_name"]
        rows.append([
            slug, force["ons_pfa_code"], short_name, force["official_name"], "force", nation,
            force["region"], "FOISA" if slug in FOISA_FORCES else "FOIA",
            force["territorial"].lower(), parent, PLACES.get(slug, ""),
            force_name if force_name != force["official_name"] else "",
        ])
        names = {force["official_name"], force["prc_name"], force["ons_pfa16_name"], short_name,
                 slug.replace("-", " ")}
        names.update(EXTRA_ALIASES.get(slug, []))
        if force["ons_pfa_code"]:
            names.add(force["ons_pfa_code"])
        aliases.extend([slug, name] for name in sorted(n for n in names if n))
        if force["prc_name"]:
            home_office_names[force["prc_name"]] = slug
    for slug, code, name, kind, nation, region, parent in AGGREGATES:
        rows.append([slug, code, name, name, kind, nation, region, "", "true", parent,
                     PLACES.get(slug, ""), ""])
        names = {name, code, *EXTRA_ALIASES.get(slug, [])}
        aliases.extend([slug, alias] for alias in sorted(names))
    header = ["slug", "ons_code", "name", "official_name", "kind", "nation", "region",
              "foi_law", "territorial", "parent", "place", "force_name"]
    write_csv(AREAS_DIR / "areas.csv", header, rows)
    write_csv(AREAS_DIR / "aliases.csv", ["area", "alias"], aliases)

    pairs = read_csv(derived / "force_neighbours.csv")
    write_csv(AREAS_DIR / "neighbours.csv", ["area", "neighbour", "relation"],
              [[p["force_a"], p["force_b"], p["relation"]] for p in pairs])
    return home_office_names


def build_populations(derived: Path, home_office_names: dict[str, str]) -> None:
    rows = []
    for row in read_csv(derived / "population_by_pfa_long.csv"):
        slug = home_office_names[row["prc_force_name"]]
        census = row["source"].startswith("Census 2011")
        source = "Census 2011 usual residents" if census else "ONS mid-year estimate"
        quality = "suspect" if row["quality_flag"].startswith("SUSPECT") else "ok"
        rows.append([slug, row["year"], row["population"], source, quality])
    rows.sort(key=lambda r: (r[0], int(r[1]), r[3]))
    write_csv(AREAS_DIR / "populations.csv",
              ["area", "year", "population", "source", "quality"], rows)


NSPCC_METRICS = {
    "child_sex_offences_total": ("child_sex_offences", ""),
    "pct_change_vs_prev_year": ("child_sex_offences_pct_change", ""),
    "online_flagged_offences": ("child_sex_offences", "online_flagged"),
    "online_flagged_pct_change_vs_prev_year": ("child_sex_offences_pct_change", "online_flagged"),
    "aged_10_or_under": ("child_sex_offences", "aged_10_and_under"),
    "aged_4_or_under": ("child_sex_offences", "aged_4_and_under"),
    "aged_1_or_under": ("child_sex_offences", "aged_1_and_under"),
    "aged_under_10": ("child_sex_offences", "aged_under_10"),
}


def citation_for(source: str) -> str:
    if source.startswith("ITV"):
        return "NSPCC FOI figures, 2019 release, as tabled by ITV West Country"
    return "NSPCC FOI figures, February 2018 release, as reported in the regional press"


def note_for(source: str) -> str:
    if "not published" in source:
        return "published as a change; the previous year's count was not published"
    return ""


def build_nspcc(derived: Path) -> None:
    rows = []
    for row in read_csv(derived / "nspcc_foi_figures_published.csv"):
        if row["scope"] == "region":
            continue  # a five-force sum for 2018/19; derivable, so not stored twice
        measure, breakdown = NSPCC_METRICS[row["metric"]]
        area = "United Kingdom" if row["scope"] == "UK" else row["area"]
        rows.append([area, row["financial_year"], measure, breakdown, row["value"], "reported",
                     note_for(row["source"]), citation_for(row["source"])])
    write_csv(NSPCC_DIR / "observations.csv",
              ["area", "period", "measure", "breakdown", "value", "status", "note", "source"],
              rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    derived = args.shared / "derived"
    names = build_areas(derived)
    build_populations(derived, names)
    build_nspcc(derived)


if __name__ == "__main__":
    main()
