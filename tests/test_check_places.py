"""Places inside force areas (districts, boroughs, partnerships) and figures over part of a year, on
real sentence shapes (ho-expressandstar-2017, ho-thejournal-2014, ho-northernecho-2015 of the
evaluation set, the heldout corpus): a place makes the claim's area its force, a little less surely
than the force named, and a figure about a place is never contradicted by its force's figure; a
quarter's figure is never checked against a year's."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from localwire.areas import Gazetteer
from localwire.areas.districts import districts
from localwire.check import check_text, places
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parent.parent
HOME_OFFICE = "police-recorded-crime"


@pytest.fixture(scope="module")
def store():
    with bundled_store() as opened:
        import_file(opened, SHARED_DATA / "raw" / "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv",
                    dataset=HOME_OFFICE, recipe="home-office-rolling-year")
        yield opened


def _check(store, text: str, figure: str):
    return next(c for c in check_text(text, store, dataset=HOME_OFFICE).checks if c.claim.text == figure)


def _area_evidence(check):
    return next(e for e in check.resolution.evidence if e.field == "area")


@pytest.mark.parametrize(("text", "figure", "area", "place"), [
    ("Crime in Cannock Chase rose 11 per cent to 6,054 in the 12 months to June 2017.", "6,054",
     "staffordshire", "Cannock Chase"),
    ("Shoplifting in Lichfield has gone up 40 per cent to 455 incidents in the year to June 2017.",
     "40 per cent", "staffordshire", "Lichfield"),
    ("Murders in Tyne and Wear and Northumberland increased dramatically from 12 to 21 in the year "
     "to September 2013.", "21", "northumbria", "Northumberland"),
    # a district named after a force it is not in: South Gloucestershire is Avon and Somerset's
    ("Crime in South Gloucestershire rose by 5 per cent in the year to March 2017.", "5 per cent",
     "avon-and-somerset", "South Gloucestershire"),
    # "North East" is a region and "Lincolnshire" a force: North East Lincolnshire is Humberside's
    ("In North East Lincolnshire, 15,000 crimes were recorded in the year to March 2017.", "15,000",
     "humberside", "North East Lincolnshire"),
    ("Cardiff saw 1,020 crimes in the year to March 2017.", "1,020", "south-wales", "Cardiff"),
    # a place that is also the force's name is the force, counted once
    ("Crime in Durham rose by 10 per cent in the year to March 2017.", "10 per cent", "durham", ""),
    ("Crime in Dorset rose by 10 per cent in the year to March 2017.", "10 per cent", "dorset", ""),
    # a place joined to its own force is the force: Kent and Medway is Kent's area
    ("Crime across Kent and Medway rose by 10 per cent in the year to March 2017.", "10 per cent",
     "kent", ""),
])
def test_a_place_names_its_force(store, text, figure, area, place):
    check = _check(store, text, figure)
    assert (check.resolution.area, check.resolution.place) == (area, place)
    if place:
        assert f"{place} is in the " in _area_evidence(check).reason


@pytest.mark.parametrize(("text", "place", "force"), [
    ("Crime in Cannock Chase rose 11 per cent to 6,054 in the 12 months to June 2017.", "Cannock Chase",
     "Staffordshire"),
    ("In Sunderland, 312 offences were recorded in the year to March 2017.", "Sunderland", "Northumbria"),
])
def test_a_place_is_a_little_less_sure_than_its_force_named(store, text, place, force):
    figure = next(c.claim.text for c in check_text(text, store, dataset=HOME_OFFICE).checks)
    by_place = _area_evidence(_check(store, text, figure)).confidence
    by_force = _area_evidence(_check(store, text.replace(place, force), figure)).confidence
    assert by_force - places.PLACE_DROP == pytest.approx(by_place)


@pytest.mark.parametrize(("text", "figure", "verdict", "says"), [
    # Cleveland recorded 50,901 in 2016/17: against the force, 45,000 is wrong ...
    ("In Cleveland, 45,000 crimes were recorded in the year to March 2017.", "45,000", "contradicted",
     "outside"),
    # ... but Middlesbrough's 45,000 is a figure about Middlesbrough, which the data does not hold
    ("In Middlesbrough, 45,000 crimes were recorded in the year to March 2017.", "45,000", "unverifiable",
     "a figure about Middlesbrough"),
    ("Crime in Redcar and Cleveland rose 10 per cent in the year to March 2017.", "10 per cent",
     "unverifiable", "Redcar and Cleveland is in the Cleveland force area"),
    # the force's own figure, given for a place: supported as the force's, and said so
    ("In Middlesbrough, 50,901 crimes were recorded in the year to March 2017.", "50,901", "supported",
     "as the force's figure"),
])
def test_a_figure_about_a_place_is_never_contradicted_by_its_forces(store, text, figure, verdict, says):
    check = _check(store, text, figure)
    assert check.verdict == verdict and says in check.outcome.explanation, check.outcome.explanation


@pytest.mark.parametrize("name", ["Reading", "Bury", "Hart", "Durham", "Dorset", "North Yorkshire",
                                  "Wiltshire", "City of London"])
def test_common_words_and_the_gazetteers_own_names_are_not_places(name):
    from localwire.areas import alias_key

    assert alias_key(name) not in places.place_aliases(Gazetteer.bundled())


def test_a_name_in_two_force_areas_is_not_a_place(monkeypatch):
    shared = {"newport": frozenset({"gwent", "hampshire"}), "sunderland": frozenset({"northumbria"})}
    monkeypatch.setattr(places, "forces_of_places", lambda: shared)
    assert places.place_aliases(Gazetteer.bundled()) == {"sunderland": "northumbria"}


@pytest.mark.parametrize(("text", "figure", "verdict"), [
    ("104 offences were recorded in Cleveland in the three months to last September.", "104",
     "unverifiable"),
    ("In the quarter to March 2017, 12,000 offences were recorded in Cleveland.", "12,000", "unverifiable"),
    ("Figures for the first quarter of 2012/13 show that crime in Suffolk has dropped by 13% compared "
     "with the previous year.", "13%", "unverifiable"),
    # the year's figure beside a quarter's keeps its year
    ("Cleveland Police recorded 50,901 offences in the year to March 2017, and 12,000 in the quarter "
     "to March.", "50,901", "supported"),
    ("Cleveland Police recorded 50,901 offences in the year to March 2017, and 12,000 in the quarter "
     "to March.", "12,000", "unverifiable"),
    # "three months later" is no span of the figures
    ("The strategy was published three months later, after Cleveland Police recorded 50,901 offences "
     "in the year to March 2017.", "50,901", "supported"),
])
def test_a_quarters_figure_is_not_checked_against_a_years(store, text, figure, verdict):
    check = _check(store, text, figure)
    assert check.verdict == verdict, check.outcome.explanation
    if verdict == "unverifiable":
        assert "part of a year" in check.outcome.explanation


def test_every_district_lies_in_a_force_of_the_gazetteer():
    forces = {area.slug for area in Gazetteer.bundled().forces()}
    rows = districts()
    assert {d.force for d in rows} <= forces
    assert sum(d.kind == "district" for d in rows) == 348  # every district of England and Wales, 2016
    assert all(d.source.startswith("ONS") for d in rows)


def test_the_bundled_file_is_what_the_build_script_writes():
    lookup = SHARED_DATA / "raw" / "lad16_csp16_pfa16_lookup_ons__resistancelab.csv"
    if not lookup.is_file():
        pytest.skip("the ONS lookup is in ../shared/data")
    sys.path.insert(0, str(ROOT / "tools"))
    import build_districts

    areas = build_districts.read_csv(build_districts.AREAS / "areas.csv")
    codes = {row["ons_code"]: row["slug"] for row in areas if row["kind"] == "force"}
    built = build_districts.district_rows(build_districts.read_csv(lookup), codes)
    with (build_districts.AREAS / "districts.csv").open(newline="", encoding="utf-8") as handle:
        shipped = list(csv.reader(handle))
    assert shipped == [build_districts.HEADER, *built]
