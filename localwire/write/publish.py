"""Writing stories to disk: one file per story and format, each written atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from localwire.write.formats import render
from localwire.write.writer import DEFAULT_OUTLET, Story


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "outlet"


def story_basename(story: Story) -> str:
    """<force-slug> for the default outlet, <force-slug>--<outlet-slug> for a named one."""
    if story.outlet == DEFAULT_OUTLET:
        return story.area.slug
    return f"{story.area.slug}--{slugify(story.outlet)}"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_story_files(story: Story, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    paths = []
    for fmt in formats:
        path = out_dir / f"{story_basename(story)}.{fmt}"
        write_atomic(path, render(story, fmt))
        paths.append(path)
    return paths
