"""Export a CMS can trust: approved stories only, re-verified against today's data.

    result = export_zip(store)                  # or outlet="Herts Advertiser"
    result.payload                              # the zip's bytes
    result.held                                 # stories sent back to review, and why
    result.embargoed                            # stories whose embargo has not passed

The zip holds, per story, `<outlet>/<dataset>/<area>-<period>.{md,html,txt,json}`, the IPTC
ninjs 2.0 document `<...>.ninjs.json`, the charts `<outlet>/<dataset>/charts/<area>-<period>-
{trend,bar}.svg`, an Atom feed per outlet `<outlet>/feed.atom`, and `manifest.json` naming, per
story, the approver, approval time, version and the sha256 of the approved text, and per file
its sha256. Every name is a slug (`[a-z0-9-]`), so no entry can leave its folder; two outlets
whose names slug alike are refused rather than merged.

Before a story goes in, its text must still hash to what was approved, and every observation
its figures rest on must still be current with the same value: a later correction sends the
story back to review (logged) and it is left out. A story under embargo is left out of the
zip and the feed until its time has passed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from localwire.desk import charts
from localwire.desk.accounts import now
from localwire.desk.review import APPROVED, WRITER, Desk, ReviewError, StoredStory
from localwire.desk.verify import sha256_text, stale_figures
from localwire.errors import LocalwireError
from localwire.facts import FactBook
from localwire.model.periods import Period
from localwire.store import Store
from localwire.write.formats import render, to_html
from localwire.write.pack import Pack
from localwire.write.publish import slugify
from localwire.write.writer import Story

STORY_FORMATS = ("md", "html", "txt", "json")
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"


class ExportError(LocalwireError):
    code = "export"


@dataclass
class ExportResult:
    payload: bytes
    manifest: dict[str, Any]
    held: list[dict[str, Any]] = field(default_factory=list)
    embargoed: list[dict[str, Any]] = field(default_factory=list)


def dataset_of(story: StoredStory) -> str:
    """The story's dataset (stories stored before migration 007 name only their pack)."""
    return story.dataset or Pack.load(story.pack).config.pack.dataset


def story_base(story: StoredStory) -> str:
    dataset = dataset_of(story)
    return f"{slugify(story.outlet)}/{slugify(dataset)}/{slugify(story.area)}-{slugify(story.period)}"


def outlet_folders(outlets: list[str]) -> dict[str, str]:
    """Each outlet's folder; names that slug alike are refused with both names."""
    folders: dict[str, str] = {}
    for outlet in sorted(outlets):
        folder = slugify(outlet)
        clash = next((o for o, f in folders.items() if f == folder), None)
        if clash is not None:
            raise ExportError(f"outlets {clash!r} and {outlet!r} would share the folder "
                              f"{folder!r} in the export",
                              hint="rename one outlet, or export them one at a time")
        folders[outlet] = folder
    return folders


def check_approved(store: Store, story: StoredStory) -> list[str]:
    """Why an approved story may not go out as it stands (empty: it may)."""
    problems = []
    if story.approved_sha256 != sha256_text(story.text):
        problems.append("the text is not the text that was approved")
    return problems + stale_figures(store, story.figures)


@dataclass
class ExportPlan:
    """What an export will hold, decided in the store; building the zip needs no store."""

    moment: datetime
    folders: dict[str, str]
    ready: list[tuple[StoredStory, Story, dict[str, Any]]]   # stored, as written, ninjs
    held: list[dict[str, Any]] = field(default_factory=list)
    embargoed: list[dict[str, Any]] = field(default_factory=list)


def plan_export(store: Store, outlet: str | None = None, *,
                at: datetime | None = None) -> ExportPlan:
    """Check every approved story against today's data (sending stale ones back to review)
    and the embargoes; ExportError when nothing is left to export."""
    desk = Desk(store)
    moment = at or now()
    folders = outlet_folders(sorted({s.outlet for s in desk.stories(state=APPROVED)}))
    plan = ExportPlan(moment, folders, [])
    for story in desk.stories(state=APPROVED, outlet=outlet):
        problems = check_approved(store, story)
        if problems:
            desk.send_back(story.id, problems, WRITER)
            plan.held.append({"id": story.id, "outlet": story.outlet, "area": story.area,
                              "problems": problems})
        elif story.embargo_until and story.embargo_until > moment:
            plan.embargoed.append({"id": story.id, "outlet": story.outlet, "area": story.area,
                                   "until": _iso(story.embargo_until)})
        else:
            plan.ready.append((story, story.as_story(store), ninjs(store, story)))
    if not plan.ready:
        what = f" for {outlet!r}" if outlet else ""
        reasons = []
        if plan.held:
            reasons.append(f"{len(plan.held)} sent back to review because the data changed")
        if plan.embargoed:
            reasons.append(f"{len(plan.embargoed)} under embargo")
        raise ExportError(f"no approved stories to export{what}"
                          + (f" ({'; '.join(reasons)})" if reasons else ""))
    return plan


def build_zip(plan: ExportPlan, book_of: Callable[[str], FactBook] | None) -> ExportResult:
    """The zip of a plan; charts drawn from `book_of(dataset)` (None: no charts)."""
    buffer = io.BytesIO()
    manifest: dict[str, Any] = {"exported_at": _iso(plan.moment), "stories": [], "feeds": [],
                                "held_back": plan.held, "embargoed": plan.embargoed}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for stored, written, document in plan.ready:
            manifest["stories"].append(_write_story(archive, stored, written, document, book_of))
        for name in sorted({stored.outlet for stored, _w, _d in plan.ready}):
            mine = [(stored, written) for stored, written, _d in plan.ready
                    if stored.outlet == name]
            path = f"{plan.folders[name]}/feed.atom"
            data = atom_feed(name, mine)
            archive.writestr(path, data)
            manifest["feeds"].append({"outlet": name, "path": path, "sha256": _sha(data)})
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return ExportResult(buffer.getvalue(), manifest, plan.held, plan.embargoed)


def export_zip(store: Store, outlet: str | None = None, *, with_charts: bool = True,
               at: datetime | None = None) -> ExportResult:
    """Plan and build in one go (the CLI); the web desk builds off the store."""
    plan = plan_export(store, outlet, at=at)
    books: dict[str, FactBook] = {}

    def book_of(dataset: str) -> FactBook:
        return books.get(dataset) or books.setdefault(dataset, FactBook(store, dataset))
    return build_zip(plan, book_of if with_charts else None)


def _write_story(archive: zipfile.ZipFile, story: StoredStory, written: Story,
                 document: dict[str, Any],
                 book_of: Callable[[str], FactBook] | None) -> dict[str, Any]:
    base = story_base(story)
    files: list[dict[str, str]] = []

    def put(path: str, data: str | bytes) -> None:
        archive.writestr(path, data)
        files.append({"path": path, "sha256": _sha(data)})

    for fmt in STORY_FORMATS:
        put(f"{base}.{fmt}", render(written, fmt))
    put(f"{base}.ninjs.json", json.dumps(document, indent=2, ensure_ascii=False))
    if book_of is not None:
        pack = Pack.load(story.pack).config.pack
        book = book_of(dataset_of(story))
        period = Period.parse(story.period)
        folder, name = base.rsplit("/", 1)
        put(f"{folder}/charts/{name}-trend.svg",
            charts.trend_chart(book, story.area, pack.measure, period))
        put(f"{folder}/charts/{name}-bar.svg",
            charts.bar_chart(book, period, pack.measure, story.area))
    return {"id": story.id, "outlet": story.outlet, "dataset": story.dataset,
            "area": story.area, "period": story.period, "headline": story.headline,
            "version": story.approved_version, "approved_by": story.approved_by,
            "approved_at": _iso(story.approved_at), "sha256": story.approved_sha256,
            "embargo": _iso(story.embargo_until), "files": files}


def ninjs(store: Store, story: StoredStory) -> dict[str, Any]:
    """The story as an IPTC ninjs 2.0 document."""
    written = story.as_story(store)
    body = written.text.split("\n", 1)[1].strip() if "\n" in written.text else ""
    area = written.area
    document: dict[str, Any] = {
        "standard": {"name": "ninjs", "version": "2.0", "schema": NINJS_SCHEMA},
        "uri": f"urn:localwire:story:{story.id}",
        "type": "text",
        "profile": "localwire-story",
        "version": str(story.approved_version),
        "versioncreated": _iso(story.approved_at),
        "firstcreated": _iso(story.created_at),
        "contentcreated": _iso(story.created_at),
        "pubstatus": "usable",
        "language": "en-GB",
        "headlines": [{"role": "main", "value": story.headline}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": body,
                    "charcount": len(body), "wordcount": len(body.split())},
                   {"role": "main", "contenttype": "text/html",
                    "value": to_html(written, standalone=False)}],
        "located": area.name,
        "places": [{"name": area.name, "uri": f"urn:localwire:area:{area.slug}",
                    **({"literal": area.ons_code} if area.ons_code else {})}],
        "by": story.outlet,
        "infosources": [{"name": name} for name in _sources(store, story)],
        "usageterms": store.dataset(dataset_of(story)).dataset.licence or "",
        "altids": [{"role": "sha256", "value": story.approved_sha256 or ""}],
    }
    if story.embargo_until:
        document["embargoed"] = _iso(story.embargo_until)
    return document


def _sources(store: Store, story: StoredStory) -> list[str]:
    meta = store.dataset(dataset_of(story)).dataset
    return [part for part in (meta.publisher,) if part]


def atom_feed(outlet: str, stories: list[tuple[StoredStory, Story]]) -> bytes:
    """An Atom feed of an outlet's exported stories (embargoed ones are never in it)."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(f"urn:localwire:outlet:{slugify(outlet)}")
    feed.title(f"{outlet}: approved stories from localwire")
    feed.author({"name": outlet})
    feed.link(href=f"urn:localwire:outlet:{slugify(outlet)}", rel="self")
    feed.language("en-GB")
    latest = max((s.approved_at for s, _w in stories if s.approved_at), default=now())
    feed.updated(_aware(latest))
    for story, written in sorted(stories, key=lambda p: (p[0].approved_at or now(), p[0].id)):
        entry = feed.add_entry(order="append")
        entry.id(f"urn:localwire:story:{story.id}:v{story.approved_version}")
        entry.title(story.headline)
        entry.updated(_aware(story.approved_at or now()))
        entry.published(_aware(story.embargo_until or story.approved_at or now()))
        entry.author({"name": story.approved_by or outlet})
        entry.content(to_html(written, standalone=False), type="html")
    return feed.atom_str(pretty=True)


def save_zip(path: Path, payload: bytes) -> None:
    """Write the zip whole or not at all (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return _aware(moment).isoformat().replace("+00:00", "Z")


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


__all__ = ["ExportError", "ExportPlan", "ExportResult", "ReviewError", "build_zip", "dataset_of",
           "export_zip", "ninjs", "plan_export"]
