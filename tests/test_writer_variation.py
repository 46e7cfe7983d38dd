"""Real variation: outlets of one area get different structures (layout, sentence frames, quote
cuts), chosen from the seed of (pack, area, outlet) alone, so adding an outlet never changes
another outlet's copy; every version is fully supported by the checker."""

from __future__ import annotations

import itertools
import statistics

import pytest

from localwire.areas import gazetteer_of
from localwire.desk.selfcheck import story_writer
from localwire.importing.bundled_data import bundled_store
from localwire.write.pack import Pack
from localwire.write.variation import jaccard, pairwise, trigrams
from tests.story_rules import problems

PACK = "nspcc-child-sex-offences"
# Papers that would share the demo's areas (Herts, Beds, the South West), and the default.
OUTLETS = ["localwire", "Herts Advertiser", "Watford Observer", "Hertfordshire Mercury",
           "Welwyn Hatfield Times", "Bristol Post", "Western Daily Press", "Gazette and Herald",
           "Swindon Advertiser"]
GENERIC = [f"Outlet {n}" for n in range(1, 16)]  # many outlets on one area: the bar still holds
MAX_SIMILARITY = 0.5


@pytest.fixture(scope="module")
def writer():
    return story_writer(bundled_store(), Pack.load(PACK))


@pytest.fixture(scope="module")
def versions(writer):
    return {area.slug: writer.write_area(area, OUTLETS) for area in writer.areas()}


def test_trigram_similarity_measures_shared_wording():
    assert jaccard("the cat sat on the mat", "the cat sat on the mat") == 1.0
    assert jaccard("the cat sat on the mat", "a dog lay under a rug") == 0.0
    assert 0 < jaccard("the cat sat on the mat", "the cat sat on a rug") < 1
    assert trigrams("Up 16 per cent.") == {("up", "16", "per"), ("16", "per", "cent"),
                                           ("per", "cent", ".")}


def test_outlets_versions_differ_in_structure_not_only_words(versions):
    for slug, stories in versions.items():
        assert len({s.text for s in stories}) == len(OUTLETS), slug
        assert len({s.layout for s in stories}) >= 2, slug
        assert len({s.headline for s in stories}) >= 2, slug


def test_no_two_outlets_versions_are_more_than_half_alike(versions):
    scores = []
    for slug, stories in versions.items():
        for a, b in itertools.combinations(stories, 2):
            score = jaccard(a.text, b.text)
            scores.append(score)
            assert score <= MAX_SIMILARITY, (slug, a.outlet, b.outlet, round(score, 3))
    print(f"\nword-trigram Jaccard across {len(scores)} pairs of outlets: "
          f"max {max(scores):.3f}, mean {statistics.mean(scores):.3f}")


def test_every_version_is_fully_supported(versions):
    for stories in versions.values():
        for story in stories:
            assert problems(story) == [], (story.area.slug, story.outlet)


def test_adding_an_outlet_changes_no_other_outlets_copy(writer):
    herts = gazetteer_of(writer.store).resolve("Herts")
    two = writer.write_area(herts, ["Herts Advertiser", "Watford Observer"])
    three = writer.write_area(herts, ["Herts Advertiser", "Watford Observer", "Welwyn Times"])
    reversed_order = writer.write_area(herts, ["Welwyn Times", "Watford Observer",
                                               "Herts Advertiser"])
    by_outlet = {s.outlet: s.text for s in three}
    for story in two:
        assert by_outlet[story.outlet] == story.text
    assert {s.outlet: s.text for s in reversed_order} == by_outlet
    alone = writer.write_area(herts, ["Watford Observer"])[0]
    assert alone.text == by_outlet["Watford Observer"]


def test_the_same_outlet_gets_the_same_story_from_a_fresh_store(writer):
    other = story_writer(bundled_store(), Pack.load(PACK))
    for name in ("Herts Advertiser", "Bristol Post"):
        for slug in ("hertfordshire", "wiltshire"):
            area = gazetteer_of(writer.store).areas[slug]
            assert other.write_area(area, [name])[0].text == writer.write_area(
                area, [name])[0].text


def test_similarity_of_a_story_with_itself_is_one(versions):
    stories = versions["hertfordshire"]
    assert pairwise([stories[0].text, stories[0].text]) == [1.0]


def test_fifteen_outlets_on_one_area_stay_under_half_alike(writer):
    scores = []
    for area in writer.areas():
        for pair in itertools.combinations(writer.write_area(area, GENERIC), 2):
            scores.append((jaccard(pair[0].text, pair[1].text), area.slug, pair[0].outlet,
                           pair[1].outlet))
    assert max(scores)[0] <= MAX_SIMILARITY, max(scores)
    print(f"\n15 outlets: word-trigram Jaccard across {len(scores)} pairs: max "
          f"{max(scores)[0]:.3f}, mean {statistics.mean(s[0] for s in scores):.3f}")


def paragraph_kinds(story, writer) -> list[str]:
    """Each paragraph of a story as "own", "quote", "context", "caveat", "help", "gathered" or
    "reply", read from its words (the pack's caveat wordings and speakers, the help lines, the
    neighbours' and the UK's names), so the test does not trust the layout it checks."""
    config, gazetteer = writer.pack.config, writer.book.gazetteer
    caveats = {text for c in config.caveats for text in c.wordings}
    speakers = {q.speaker for q in config.quotes}
    neighbours = [gazetteer.areas[n].name for n in gazetteer.neighbours_of(story.area.slug)]
    kinds = []
    for paragraph in story.body.split("\n\n"):
        if paragraph.startswith("["):
            kinds.append("reply")
        elif paragraph in caveats:
            kinds.append("caveat")
        elif paragraph.startswith(("“", "He ", "She ")) or any(
                name in paragraph for name in speakers):
            kinds.append("quote")
        elif "Childline" in paragraph:
            kinds.append("help")
        elif paragraph.split(":")[0] in GATHERED_OPENERS:
            kinds.append("gathered")
        elif any(word in paragraph for word in CONTEXT_WORDS) or any(
                name in paragraph for name in neighbours):
            kinds.append("context")
        else:
            kinds.append("own")
    return kinds


GATHERED_OPENERS = ("How the figures were gathered", "About these figures", "Note on the data",
                    "Method", "The NSPCC’s figures", "Where the figures come from")
CONTEXT_WORDS = ("Across the UK", "UK total", "Nationally", "across the UK", "Next door",
                 "neighbouring", "next door", "Commenting on the national figures",
                 "of these offences", "of the UK total", "UK figure", "national")
NEWSROOM_ORDER = ["own", "context", "caveat", "help", "gathered", "reply"]


def test_every_layout_keeps_the_newsroom_order(versions, writer):
    """The force's own figures, then context, then caveats, help lines and the note on the
    figures in any order, and the right of reply last, whatever the outlet's layout."""
    for slug, stories in versions.items():
        for story in stories:
            kinds = paragraph_kinds(story, writer)
            assert "\n”" not in story.text, (slug, story.outlet)  # a quote closes on its line
            assert kinds[-1] == "reply" and kinds.count("reply") == 1, (slug, story.outlet)
            first_context = kinds.index("context") if "context" in kinds else len(kinds)
            assert "own" not in kinds[first_context:], (slug, story.outlet, kinds)
            ends = [i for i, k in enumerate(kinds) if k in ("caveat", "help", "gathered")]
            assert ends and min(ends) > max(i for i, k in enumerate(kinds) if k != "reply"
                                            and k not in ("caveat", "help", "gathered")), (
                slug, story.outlet, kinds)
