"""Self-check: every figure in every story the writer produces comes out supported."""

from __future__ import annotations

import pytest

from localwire import bundled
from localwire.check import Checker
from localwire.desk.selfcheck import story_writer
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from localwire.write.pack import Pack
from tests.conftest import SHARED_DATA

PACKS = [p.name for p in bundled.pack_dirs()]
# Packs whose data is not bundled: the public file (under ../shared/data) and recipe to import.
IMPORTS = {"police-recorded-crime": ("raw/rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv",
                                     "home-office-rolling-year")}


@pytest.mark.parametrize("pack", PACKS)
def test_generated_stories_are_fully_supported(pack):
    loaded = Pack.load(pack)
    with bundled_store() as store:
        if pack in IMPORTS:
            path, recipe = IMPORTS[pack]
            if not (SHARED_DATA / path).is_file():
                pytest.fail(f"reference data not found at {SHARED_DATA / path}; set LOCALWIRE_SHARED")
            import_file(store, SHARED_DATA / path, dataset=loaded.config.pack.dataset, recipe=recipe)
        writer = story_writer(store, loaded)
        checker = Checker(store, loaded.config.pack.dataset)  # facts read once, not per story
        figures = 0
        for area in writer.areas():
            for story in writer.write_area(area):
                report = checker.check(story.text, area=area.slug)
                wrong = [c.as_dict() for c in report.checks if c.verdict != "supported"]
                assert not wrong, (area.slug, wrong)
                figures += len(report.checks)
        assert figures > 0
