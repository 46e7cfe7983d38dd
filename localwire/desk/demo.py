"""The main job: a fresh store from the bundled data, then a story for every force with data."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from localwire.desk.selfcheck import story_writer
from localwire.importing.bundled_data import load_bundled
from localwire.store import Store, files_dir_of
from localwire.write.folder import check_folder, folder_lock, stamp_folder
from localwire.write.pack import Pack
from localwire.write.publish import write_story_files
from localwire.write.writer import Story

DEMO_PACK = "nspcc-child-sex-offences"
DEMO_FORMATS = ("md", "json")
STORE_NAME = "localwire.duckdb"


@dataclass
class DemoResult:
    out_dir: Path
    store_path: Path
    stories: list[Story] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def run_demo(out_dir: Path, *, pack: str = DEMO_PACK,
             on_area: Callable[[str, int, int], None] | None = None) -> DemoResult:
    """Build `out_dir/localwire.duckdb` afresh from the bundled data and write every story.

    The store is built beside the folder's own and every story written and self-checked in
    memory first; only then do the store and the stories replace what the folder held, so a
    failure, or a folder holding another pack's or period's stories, leaves it as it was.
    """
    check_folder(out_dir, pack, None)
    result = DemoResult(out_dir, out_dir / STORE_NAME)
    with folder_lock(out_dir):
        building = Path(tempfile.mkdtemp(dir=out_dir, prefix=".localwire-demo-"))
        try:
            stamp = _write_stories(building / STORE_NAME, pack, result, on_area)
            check_folder(out_dir, *stamp)
            _move_store(building / STORE_NAME, result.store_path)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        for story in result.stories:
            result.files.extend(write_story_files(story, out_dir, DEMO_FORMATS))
        stamp_folder(out_dir, *stamp)
    return result


def _write_stories(store_path: Path, pack: str, result: DemoResult,
                   on_area: Callable[[str, int, int], None] | None) -> tuple[str, str]:
    """Load the bundled data into a new store and write every area's stories into `result`;
    the (pack, period) the stories are of."""
    with Store(store_path) as store:
        load_bundled(store)
        writer = story_writer(store, Pack.load(pack))
        areas = writer.areas()
        for index, area in enumerate(areas, start=1):
            result.stories.extend(writer.write_area(area))
            if on_area:
                on_area(area.name, index, len(areas))
        return writer.pack.id, writer.period.code


def _move_store(built: Path, into: Path) -> None:
    """The built store (closed) and its files folder in place of the folder's own."""
    into.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    os.replace(built, into)
    built_files, files = files_dir_of(built), files_dir_of(into)
    if built_files.is_dir():
        shutil.rmtree(files, ignore_errors=True)
        os.replace(built_files, files)
