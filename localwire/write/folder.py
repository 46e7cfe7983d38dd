"""A stories folder holds one pack's stories for one period. A stamp in it says which, so that
writing another period or pack into the same folder is refused instead of silently replacing
the stories already there (their files are named by area alone). A lock in it lets one
writer in at a time: a second `localwire write` (or demo) into a folder being written is
refused, not interleaved with the first."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from localwire.errors import StoriesFolder
from localwire.write.publish import write_atomic

STAMP = ".localwire-stories.json"
LOCK = ".localwire-stories.lock"


@contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold the folder's lock while writing into it (made if need be; if this call made the
    folder and the writing fails, the folder is removed again, so nothing is left behind)."""
    made = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out_dir / LOCK, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoriesFolder(f"{out_dir}: another localwire is writing stories into this folder",
                             hint="wait for it to finish, or write to another folder with --out"
                             ) from None
    try:
        yield
    except BaseException:
        if made and {p.name for p in out_dir.iterdir()} <= {LOCK}:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    finally:
        # removed while still held, so the folder keeps only stories and their stamp (a writer
        # that opened the old file in the instant before this and locks it after the release
        # would share the folder with the next: a window of microseconds, and refused writers
        # do not wait)
        (out_dir / LOCK).unlink(missing_ok=True)
        lock.release()


def check_folder(out_dir: Path, pack: str, period: str | None) -> None:
    """Refuse a folder whose stamp names another pack or period (a folder with no stamp, or one
    for the same pack and period, is written to: a re-run replaces its own stories). With no
    period (not known yet), only the pack is compared."""
    stamp = out_dir / STAMP
    if not stamp.is_file():
        return
    try:
        held = json.loads(stamp.read_text(encoding="utf-8"))
        held_pack, held_period = str(held["pack"]), str(held["period"])
    except (OSError, ValueError, KeyError, TypeError):
        raise StoriesFolder(f"{stamp}: not a localwire stories stamp (it says which pack and period "
                             f"the folder holds)", hint="delete it, or write to another folder with --out"
                             ) from None
    if held_pack != pack or period not in (None, held_period):
        wanted = pack if period is None else f"{pack} for {period}"
        raise StoriesFolder(f"{out_dir} holds the {held_pack} stories for {held_period}; writing {wanted} "
                             f"there would replace them",
                             hint="write to another folder with --out")


def stamp_folder(out_dir: Path, pack: str, period: str) -> None:
    write_atomic(out_dir / STAMP, json.dumps({"pack": pack, "period": period}) + "\n")
