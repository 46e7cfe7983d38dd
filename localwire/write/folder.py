"""A stories folder holds one pack's stories for one period. A stamp in it says which, so that
writing another period or pack into the same folder is refused instead of silently replacing
the stories already there (their files are named by area alone)."""

from __future__ import annotations

import json
from pathlib import Path

from localwire.errors import LocalwireError
from localwire.write.publish import write_atomic

STAMP = ".localwire-stories.json"


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
        raise LocalwireError(f"{stamp}: not a localwire stories stamp (it says which pack and period "
                             f"the folder holds)", hint="delete it, or write to another folder with --out"
                             ) from None
    if held_pack != pack or period not in (None, held_period):
        wanted = pack if period is None else f"{pack} for {period}"
        raise LocalwireError(f"{out_dir} holds the {held_pack} stories for {held_period}; writing {wanted} "
                             f"there would replace them",
                             hint="write to another folder with --out")


def stamp_folder(out_dir: Path, pack: str, period: str) -> None:
    write_atomic(out_dir / STAMP, json.dumps({"pack": pack, "period": period}) + "\n")
