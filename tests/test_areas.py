import pytest

from localwire.areas import Gazetteer, alias_key
from localwire.errors import UnknownAreaError


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.bundled()


@pytest.mark.parametrize(("name", "slug"), [
    ("Herts", "hertfordshire"),
    ("Hertfordshire Constabulary", "hertfordshire"),
    ("hertfordshire police", "hertfordshire"),
    ("Avon & Somerset", "avon-and-somerset"),
    ("Avon and Somerset Constabulary", "avon-and-somerset"),
    ("the Met", "metropolitan"),
    ("Metropolitan Police Service", "metropolitan"),
    ("E23000027", "hertfordshire"),
    ("Devon & Cornwall Police", "devon-and-cornwall"),
    ("London, City of", "city-of-london"),
    ("Police Scotland", "police-scotland"),
    ("PSNI", "psni"),
    ("British Transport Police", "btp"),
    ("UK", "united-kingdom"),
    ("Dyfed Powys", "dyfed-powys"),
])
def test_resolve_names_and_aliases(gazetteer, name, slug):
    assert gazetteer.resolve(name).slug == slug


def test_all_46_forces_with_foi_law(gazetteer):
    forces = gazetteer.forces()
    assert len(forces) == 46
    laws = {f.slug: f.foi_law for f in forces}
    assert laws["police-scotland"] == "FOISA"
    assert {law for slug, law in laws.items() if slug != "police-scotland"} == {"FOIA"}
    nations = {f.nation for f in forces}
    assert {"England", "Wales", "Scotland", "Northern Ireland"} <= nations


def test_unknown_area_suggests_nearest(gazetteer):
    with pytest.raises(UnknownAreaError) as caught:
        gazetteer.resolve("Hertfordshre")
    assert "Hertfordshire" in str(caught.value)
    assert caught.value.problem.code == "unknown-area"


def test_neighbours_are_symmetric(gazetteer):
    assert "bedfordshire" in gazetteer.neighbours_of("hertfordshire")
    assert "hertfordshire" in gazetteer.neighbours_of("bedfordshire")
    assert set(gazetteer.neighbours_of("wiltshire")) == {
        "avon-and-somerset", "dorset", "gloucestershire", "hampshire", "thames-valley"}


def test_population_prefers_good_quality(gazetteer):
    population, source, quality = gazetteer.population("hertfordshire", 2016)
    assert quality == "ok" and source == "ONS mid-year estimate" and population > 1_000_000
    # Nottinghamshire's mid-year estimates are flagged suspect; the Census is preferred in 2011
    assert gazetteer.population("nottinghamshire", 2011)[1].startswith("Census")


def test_bundled_figures_match_reference(gazetteer, shared_data):
    import csv

    with (shared_data / "derived" / "uk_police_forces.csv").open() as handle:
        reference = {row["force_id"]: row for row in csv.DictReader(handle)}
    assert set(reference) == {f.slug for f in gazetteer.forces()}
    for slug, row in reference.items():
        assert gazetteer.areas[slug].ons_code == row["ons_pfa_code"]


@pytest.mark.parametrize(("name", "key"), [("Herts Police", "herts"),
                                           ("Avon & Somerset Constabulary", "avon and somerset"),
                                           ("The Met", "met")])
def test_alias_key(name, key):
    assert alias_key(name) == key
