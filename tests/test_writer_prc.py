"""The police recorded crime pack on the real Home Office table (../shared/data): every one of
the 43 territorial forces of England and Wales gets a story that keeps the house rules and
passes the checker, and the twelve read as agency copy were checked sentence by sentence."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from localwire.areas import gazetteer_of
from localwire.desk.selfcheck import story_writer
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from localwire.write.pack import Pack
from localwire.write.variation import pairwise
from tests.story_rules import paragraphs, problems, sentences

RAW = "raw/rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"
# Big and small forces, rises and falls, Wales, the Met, the City of London.
READ = ["cleveland", "metropolitan", "city-of-london", "greater-manchester", "dyfed-powys",
        "gwent", "south-wales", "cumbria", "nottinghamshire", "north-yorkshire",
        "west-midlands", "surrey"]


@pytest.fixture(scope="module")
def writer(shared_data_module):
    store = bundled_store()
    import_file(store, shared_data_module / RAW, dataset="police-recorded-crime",
                recipe="home-office-rolling-year")
    return story_writer(store, Pack.load("police-recorded-crime"), "2016/17")


@pytest.fixture(scope="module")
def shared_data_module():
    from tests.conftest import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DATA}; set LOCALWIRE_SHARED")
    return SHARED_DATA


@pytest.fixture(scope="module")
def stories(writer):
    return {area.slug: writer.write_area(area)[0] for area in writer.areas()}


def sentence_with(story, *words):
    found = [s for s in sentences(story.text) if all(w in s for w in words)]
    assert found, f"no sentence of {story.area.slug} holds {words}"
    return found[0]


def test_every_territorial_force_gets_a_story_that_keeps_the_rules(stories):
    assert len(stories) == 43 and "btp" not in stories
    for story in stories.values():
        assert problems(story) == []
        claims = story.checks["claims"]
        assert claims["contradicted"] == claims["unverifiable"] == 0 and claims["supported"] > 8


def test_totals_never_count_british_transport_police(stories):
    for story in stories.values():
        england_and_wales = sentence_with(story, "England and Wales", "4,273,854")
        assert "all 43 forces" in england_and_wales
        *_, note, caveat, other, reply = paragraphs(story.text)  # two caveats, the note, reply
        assert "British Transport Police" in note + caveat + other, story.area.slug
        assert reply.startswith("[") and story.area.name in reply


def test_every_story_carries_the_ons_caveat(stories):
    for story in stories.values():
        assert "Office for National Statistics" in story.text or "ONS" in story.text
        assert "Crime Survey for England and Wales" in story.text


def test_no_rate_from_a_doubtful_or_tiny_population_and_the_story_says_why(stories):
    city = stories["city-of-london"]
    assert "per 1,000" not in city.text
    assert "few people live there compared with the many who work in or visit it" in city.text
    for slug in ("metropolitan", "nottinghamshire"):
        assert "per 1,000" not in stories[slug].text
        assert "flagged as doubtful" in stories[slug].text
    rate = sentence_with(stories["cleveland"], "per 1,000 residents")
    assert "90.2 offences per 1,000 residents" in rate  # one decimal, like every rate


@pytest.mark.parametrize("slug", READ)
def test_the_stories_read_aloud(stories, slug):
    story = stories[slug]
    lead = sentences(story.body)[0]
    assert "2016/17" in lead and story.area.name.split()[0] in lead
    assert "2002/03" in story.text  # the longer trend: the first year of the series
    assert story.text.count("[") == 1  # one right-of-reply placeholder
    assert any(word in story.text for word in ("sexual offences", "Sexual offences"))


def test_leads_follow_the_news(stories):
    assert "rise" in stories["greater-manchester"].headline.lower() or (
        "19 per cent" in stories["greater-manchester"].headline)
    assert "19 per cent" in sentences(stories["greater-manchester"].body)[0]
    # the biggest mover among the larger offence groups leads where the total barely moved
    assert "stalking and harassment" in stories["cleveland"].headline.lower()
    # a fall while England and Wales rose is the story
    assert "against the trend" in stories["north-yorkshire"].text
    assert "fell by 2 per cent" in sentences(stories["north-yorkshire"].body)[0]


def test_wales_and_the_regions_are_named_as_a_reader_says_them(stories):
    wales = sentence_with(stories["gwent"], "205,439")
    assert "Wales" in wales and "all four forces" in wales
    assert "Yorkshire and the Humber" in stories["north-yorkshire"].text
    assert "Yorkshire and The Humber" not in stories["north-yorkshire"].text


def test_outlets_get_different_versions(writer):
    """Five outlets on every one of the 43 forces: no two versions more than half alike."""
    outlets = ["localwire", "Evening Gazette", "Northern Echo", "Teesside Live", "Daily Post"]
    scores = []
    for area in writer.areas():
        versions = writer.write_area(area, outlets)
        assert len({v.text for v in versions}) == len(outlets)
        for version in versions:
            assert problems(version) == []
            assert paragraphs(version.text)[-1].startswith("["), area.slug  # reply last
        scores += [(score, area.slug) for score in pairwise([v.text for v in versions])]
    print(f"\npolice recorded crime: word-trigram Jaccard across {len(scores)} pairs: "
          f"max {max(scores)[0]:.3f}, mean {statistics.mean(s for s, _ in scores):.3f}")
    assert max(scores)[0] <= 0.5, max(scores)
    assert statistics.mean(s for s, _ in scores) < 0.4


ODD = Path(__file__).parent / "data" / "write" / "prc" / "odd_outcomes.csv"


@pytest.fixture(scope="module")
def odd(shared_data_module):
    """The real table with odd replies laid over it: North Yorkshire's total zero, Gwent's
    refused (s.12), Surrey's 2015/16 not held, Cleveland's sexual offences "<5", one sexual
    offence in Dyfed-Powys, no robbery in Cumbria."""
    store = bundled_store()
    import_file(store, shared_data_module / RAW, dataset="police-recorded-crime",
                recipe="home-office-rolling-year")
    import_file(store, ODD, dataset="police-recorded-crime")
    writer = story_writer(store, Pack.load("police-recorded-crime"), "2016/17")
    return writer, {area.slug: writer.write_area(area)[0] for area in writer.areas()}


def test_odd_outcomes_every_force_with_a_figure_gets_a_checked_story(odd):
    writer, stories = odd
    assert "gwent" not in stories and len(stories) == 42
    assert writer.why_not(gazetteer_of(writer.store).areas["gwent"]).startswith(
        "request refused (section 12")
    for story in stories.values():
        assert problems(story) == [], story.area.slug


@pytest.mark.parametrize(("slug", "present", "absent"), [
    # a total that changed its forces (Gwent refused this year, Surrey not held last year) has
    # no change on the year before, and says why
    ("cumbria", ["(42 of 43 forces)", "not the same forces", "a different set of forces"],
     ["against the trend", "3,784,628"]),
    # an implausible zero is stated without a record, a rate, the long trend or a comparison
    ("north-yorkshire", ["recorded no offences"],
     ["lowest", "per 1,000", "2002/03", "67,239", "up from", "down from"]),
    # one sexual offence after 955 is a figure to check with the force, not "fell to one"
    ("dyfed-powys", ["recorded one sexual offence", "numbered one"],
     ["from 955", "955 recorded", "one sexual offences", "down 99.9"]),
    ("south-wales", ["(three of four forces)"], ["205,439", "the three of four"]),
])
def test_odd_outcomes_read_right(odd, slug, present, absent):
    text = odd[1][slug].text
    assert any(phrase in text for phrase in present), (slug, present)
    for phrase in absent:
        assert phrase not in text, (slug, phrase)


def test_an_implausible_total_is_a_desk_flag_and_every_story_has_its_reply_note(odd):
    _, stories = odd
    kinds = [f["kind"] for f in stories["north-yorkshire"].flags if f["area"] == "north-yorkshire"]
    assert kinds == ["implausible_movement", "editors_note"]


def test_an_implausible_group_is_a_desk_flag_too(odd):
    _, stories = odd
    [flag] = [f for f in stories["dyfed-powys"].flags if f["kind"] == "implausible_movement"]
    assert flag["message"] == (
        "check with Dyfed-Powys Police: the sexual offences figure for 2016/17 is 1 (a handful) "
        "after a figure in the hundreds or more the year before; the story gives the figure "
        "without the comparison")


@pytest.mark.parametrize("period", ["2017/18", "YE 2018-12"])
def test_no_story_compares_an_offence_group_across_its_reclassification(writer, period):
    """Domestic burglary ended in March 2017 (the table holds 0 for it afterwards and part of
    a year before that): no story tells its figure or a change across the break, and the
    notes name the month the period ends in."""
    later = story_writer(writer.book.store, Pack.load("police-recorded-crime"), period)
    month = "March" if period == "2017/18" else "December"
    for area in later.areas():
        text = later.write_area(area)[0].text
        assert "domestic burglary" not in text.lower(), area.slug
        assert f"year to {month}" in text or f"year to the end of {month}" in text, area.slug
