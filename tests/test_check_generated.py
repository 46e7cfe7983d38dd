"""Self-check: every figure in every story the writer produces comes out supported."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from localwire.check import check_text
from localwire.datasets import bundled_store
from localwire.write.pack import Pack
from localwire.write.writer import Writer

PACKS = sorted(p.name for p in Path(str(resources.files("localwire.packs"))).iterdir()
               if (p / "pack.toml").is_file())


@pytest.mark.parametrize("pack", PACKS)
def test_generated_stories_are_fully_supported(pack):
    with bundled_store() as store:
        writer = Writer(store, Pack.load(pack))
        figures = 0
        for area in writer.areas():
            for story in writer.write_area(area):
                report = check_text(story.text, store, area=area.slug)
                wrong = [c.as_dict() for c in report.checks if c.verdict != "supported"]
                assert not wrong, (area.slug, wrong)
                figures += len(report.checks)
        assert figures > 0
