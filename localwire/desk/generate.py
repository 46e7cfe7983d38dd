"""Writing stories for the desk, only when asked: `localwire generate`, or the desk's
"generate" and "add an outlet" actions. Nothing is written when a page is read.

Each generated text goes through `Desk.save_generated`: new stories are stored, a story nobody
has touched takes the new text, and a story that was edited, flagged or approved gets a
pending revision instead. Adding an outlet stores that outlet's story only: the copy of every
other outlet stays exactly as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from localwire.areas import Area
from localwire.desk.review import WRITER, Desk
from localwire.desk.selfcheck import story_writer
from localwire.errors import LocalwireError
from localwire.store import Store
from localwire.write.pack import Pack
from localwire.write.writer import Writer


@dataclass
class Generated:
    outcomes: Counter = field(default_factory=Counter)   # new, unchanged, replaced, pending
    missing: dict[str, str] = field(default_factory=dict)  # area -> why no story

    @property
    def summary(self) -> str:
        parts = [f"{self.outcomes[k]} {k}" for k in ("new", "replaced", "pending", "unchanged")
                 if self.outcomes[k]]
        return ", ".join(parts) or "nothing written"


def outlets_of(store: Store, writer: Writer, area: Area) -> list[str]:
    """The pack's outlets for the area and every outlet already on the desk for it."""
    stored = {s.outlet for s in Desk(store).stories(pack=writer.pack.id, area=area.slug)
              if s.period == writer.period.code}
    return sorted(set(writer.outlets_for(area)) | stored)


def generate(store: Store, pack: Pack, areas: list[Area] | None = None, *,
             actor: str = WRITER, reason: str = "generated",
             on_area: Callable[[str, int, int], None] | None = None) -> Generated:
    """Write the pack's stories for these areas (default: every area with data)."""
    writer = story_writer(store, pack)
    chosen = areas if areas is not None else writer.areas()
    if areas is None:
        writer.prepare()
    desk = Desk(store)
    result = Generated()
    for index, area in enumerate(chosen, start=1):
        try:
            stories = writer.write_area(area, outlets_of(store, writer, area))
        except LocalwireError as error:
            result.missing[area.slug] = error.problem.message
            continue
        for story in stories:
            _stored, outcome = desk.save_generated(story, pack.config.pack.dataset,
                                                   actor=actor, reason=reason)
            result.outcomes[outcome] += 1
        if on_area:
            on_area(area.name, index, len(chosen))
    return result


def add_outlet(store: Store, pack: Pack, area: Area, outlet: str, *, actor: str) -> str:
    """Write one new outlet's story for the area; returns its outcome ("new", or
    "unchanged" when the outlet was there already)."""
    name = " ".join(outlet.split())
    if not name:
        raise LocalwireError("give the outlet a name")
    writer = story_writer(store, pack)
    outlets = outlets_of(store, writer, area)
    if name in outlets:
        return "unchanged"
    stories = writer.write_area(area, [*outlets, name])
    mine = next(s for s in stories if s.outlet == name)
    _stored, outcome = Desk(store).save_generated(mine, pack.config.pack.dataset, actor=actor,
                                                  reason=f"outlet added by {actor}")
    return outcome
