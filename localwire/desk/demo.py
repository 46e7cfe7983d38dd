"""The main job: a fresh store from the bundled data, then a story for every force with data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from localwire.desk.selfcheck import story_writer
from localwire.importing.bundled_data import load_bundled
from localwire.store import Store
from localwire.write.folder import check_folder, stamp_folder
from localwire.write.pack import Pack
from localwire.write.publish import write_story_files
from localwire.write.writer import Story

DEMO_PACK = "nspcc-child-sex-offences"
DEMO_FORMATS = ("md", "json")


@dataclass
class DemoResult:
    out_dir: Path
    store_path: Path
    stories: list[Story] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def run_demo(out_dir: Path, *, pack: str = DEMO_PACK,
             on_area: Callable[[str, int, int], None] | None = None) -> DemoResult:
    """Build `out_dir/localwire.duckdb` afresh from the bundled data and write every story.

    All stories are written and self-checked in memory before any file is written, so a
    failure leaves no half-written set behind.
    """
    check_folder(out_dir, pack, None)
    out_dir.mkdir(parents=True, exist_ok=True)
    store_path = out_dir / "localwire.duckdb"
    for stale in (store_path, store_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    result = DemoResult(out_dir, store_path)
    with Store(store_path) as store:
        load_bundled(store)
        writer = story_writer(store, Pack.load(pack))
        stamp = (writer.pack.id, writer.period.code)
        check_folder(out_dir, *stamp)
        areas = writer.areas()
        for index, area in enumerate(areas, start=1):
            result.stories.extend(writer.write_area(area))
            if on_area:
                on_area(area.name, index, len(areas))
    for story in result.stories:
        result.files.extend(write_story_files(story, out_dir, DEMO_FORMATS))
    stamp_folder(out_dir, *stamp)
    return result
