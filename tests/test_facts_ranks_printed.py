"""Every rank the police-recorded-crime pack prints for 2016/17, against ranks computed
directly from the raw Home Office file (read with the csv module, nothing of localwire).

Independently of localwire: the territorial forces of England and Wales are the file's rows
whose region is neither British Transport Police nor a fraud body; a force's total is the sum of
its offence groups (as the recipe defines it); ties share a place and must be printed "joint".
The printed ranks are read back from the story text ("the joint fifth lowest", "the
second-highest", "the highest"), so a wrong fact, phrase or breakdown fails; and the rank the
pack offers every story (the writer's `standing` fact, total and sexual offences, 86 in all)
is checked against the raw file too, as the pack prints ranks only where they lead a story.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROLLING = "raw/rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"
YEAR_END = "31-03-2017"
WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
         "seventh": 7, "eighth": 8, "ninth": 9}
RANK = re.compile(r"\bthe (joint )?(?:(\w+)[ -])?(highest|lowest)\b")
SENTENCE = re.compile(r"[^.]+\.")


def raw_figures(path: Path) -> dict[str, dict[str, int]]:
    """{breakdown: {force name: figure}} for the year to March 2017, territorial forces only."""
    figures: dict[str, dict[str, int]] = {"": defaultdict(int), "sexual_offences": {}}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            region = row["Region"]
            if row["12 months ending"] != YEAR_END or region == "British Transport Police" or (
                    region.startswith("Fraud")):
                continue
            number = int(row["Rolling year total number of offences"])
            figures[""][row["PFA"]] += number
            if row["Offence"] == "Sexual offences":
                figures["sexual_offences"][row["PFA"]] = number
    return figures


def independent_place(figures: dict[str, int], force: str) -> dict[str, int]:
    mine = figures[force]
    return {"highest": 1 + sum(v > mine for v in figures.values()),
            "lowest": 1 + sum(v < mine for v in figures.values()),
            "tied": sum(v == mine for v in figures.values())}


def printed_ranks(text: str) -> list[tuple[str, int, str, bool]]:
    """(breakdown, place, "highest" or "lowest", joint) for each rank the text states."""
    found = []
    for sentence in SENTENCE.findall(text):
        if "forces" not in sentence:
            continue
        for joint, word, end in RANK.findall(sentence):
            place = 1 if not word else WORDS.get(word) or int(re.match(r"\d+", word).group())
            found.append(("sexual_offences" if "sexual" in sentence else "", place, end,
                          bool(joint)))
    return found


def wrong_ranks(stories: dict[str, str], figures: dict[str, dict[str, int]]) -> tuple[int, list]:
    """(ranks printed, those that differ from the independent ones), stories by force name."""
    printed, wrong = 0, []
    for force, text in sorted(stories.items()):
        for breakdown, place, end, joint in printed_ranks(text):
            printed += 1
            truth = independent_place(figures[breakdown], force)
            if place != truth[end] or joint != (truth["tied"] > 1):
                wrong.append((force, breakdown or "total", f"printed {place} {end}"
                              f"{' joint' if joint else ''}", truth))
    return printed, wrong


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[dict[str, str], dict[tuple[str, str], object]]:
    """The pack's stories by force name, and the rank it offers each story (the writer's
    `standing` fact, the rank from the nearer end) by (force name, breakdown)."""
    from localwire.desk.selfcheck import story_writer
    from localwire.importing import import_file
    from localwire.store import Store
    from localwire.write.pack import Pack
    from tests.conftest import SHARED_DATA

    with Store(tmp_path_factory.mktemp("ranks") / "lw.duckdb") as store:
        import_file(store, SHARED_DATA / ROLLING, dataset="police-recorded-crime",
                    recipe="home-office-rolling-year")
        writer = story_writer(store, Pack.load("police-recorded-crime"), "2016/17")
        writer.prepare()
        stories = {area.name: writer.write_area(area)[0].text for area in writer.areas()}
        offered = {(area.name, b): writer.book.standing(area.slug, writer.period,
                                                          "recorded_crime", b)
                   for area in writer.areas() for b in ("", "sexual_offences")}
        return stories, offered


def test_every_printed_rank_equals_the_raw_file(written, shared_data):
    stories, _offered = written
    figures = raw_figures(shared_data / ROLLING)
    assert len(figures[""]) == len(stories) == 43
    _printed, wrong = wrong_ranks(stories, figures)
    assert wrong == []


def test_every_rank_the_pack_can_print_equals_the_raw_file(written, shared_data):
    """The rank each story is offered (by count, total and sexual offences), from whichever
    end is nearer, equals the raw file's, and says joint exactly when forces tie."""
    _stories, offered = written
    figures = raw_figures(shared_data / ROLLING)
    for (force, breakdown), fact in offered.items():
        truth = independent_place(figures[breakdown], force)
        end = "lowest" if fact.name.endswith("lowest") else "highest"
        assert fact.value == truth[end] == min(truth["highest"], truth["lowest"]), force
        assert fact.detail("joint") == (truth["tied"] > 1), force
        assert fact.detail("of") == 43
    assert len(offered) == 2 * 43


def test_tied_forces_are_joint(written, shared_data):
    """Cumbria and Dyfed-Powys both recorded 1,019 sexual offences in 2016/17."""
    _stories, offered = written
    figures = raw_figures(shared_data / ROLLING)["sexual_offences"]
    assert figures["Cumbria"] == figures["Dyfed-Powys"]
    for force in ("Cumbria", "Dyfed-Powys"):
        fact = offered[(force, "sexual_offences")]
        assert (fact.value, fact.name, fact.detail("joint")) == (5, "rank_lowest", True)
