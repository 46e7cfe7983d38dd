"""Review: stories kept in the store, approved, flagged or edited, every action in an audit log.

Library first: the web app (and any CLI) calls `Desk`. Rules:
- A story the writer produces is saved with state `needs_review`. When the writer later produces
  different copy for the same pack, area, outlet and period (new data), the story goes back to
  `needs_review` as a new version, and the text before is kept for the diff.
- An edit is re-checked before it can be approved: the traced figures are carried over to the
  new text only where the edit left them untouched, so a changed figure leaves a number no fact
  produced and approval is refused. When the checker (`localwire.check`) is installed it also
  runs, and a contradicted claim refuses approval too.
- Every action (generated, regenerated, edited, flagged, approved, refused) is an audit_log row.
"""

from __future__ import annotations

import difflib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from localwire.areas import gazetteer_of
from localwire.errors import LocalwireError
from localwire.model.facts import Figure
from localwire.model.periods import Period
from localwire.store import Store
from localwire.write.formats import figure_record, render
from localwire.write.publish import slugify
from localwire.write.trace import untraced_numbers
from localwire.write.writer import Story

NEEDS_REVIEW, APPROVED, FLAGGED = "needs_review", "approved", "flagged"
REVIEW_STATES = (NEEDS_REVIEW, APPROVED, FLAGGED)
MAX_STORY_CHARS = 50_000
MAX_REASON_CHARS = 1_000
EXPORT_FORMATS = ("md", "html", "txt", "json")


class ReviewError(LocalwireError):
    code = "review"


class StoryNotFound(ReviewError):
    code = "no-story"


# -- stored facts: enough of a Fact for the output formats and the tooltips --------------------
@dataclass(frozen=True)
class StoredRef:
    source_file: str | None
    location: str | None
    cited_source: str | None


@dataclass(frozen=True)
class StoredFact:
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def formula(self) -> str:
        return self.data.get("formula", "")

    @property
    def inputs(self) -> tuple[StoredRef, ...]:
        return tuple(StoredRef(i.get("source_file"), i.get("location"), i.get("cited_source"))
                     for i in self.data.get("inputs", []))

    def as_dict(self) -> dict[str, Any]:
        return self.data


def figure_from_record(record: dict[str, Any]) -> Figure:
    kind = record["kind"]
    ref: Any = (StoredFact(record["fact"]) if kind == "fact" else
                Period.parse(record["period"]) if kind == "period" else record.get("label", ""))
    return Figure(record["start"], record["end"], record["text"], kind, ref)


@dataclass
class StoredStory:
    id: int
    pack: str
    area: str
    outlet: str
    period: str
    version: int
    text: str
    generated_text: str
    previous_text: str | None
    figures: list[dict[str, Any]]
    generated_figures: list[dict[str, Any]]
    verification: dict[str, Any]
    review_state: str
    flag_reason: str | None
    edited: bool
    created_at: datetime
    updated_at: datetime
    audit: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return self.text.split("\n", 1)[0].lstrip("# ").strip()

    def figure_objects(self) -> list[Figure]:
        return [figure_from_record(r) for r in self.figures]

    def diff(self) -> list[str]:
        """Unified diff from the text before the last regeneration to the text now."""
        if not self.previous_text:
            return []
        return list(difflib.unified_diff(self.previous_text.splitlines(), self.text.splitlines(),
                                         "before", "now", lineterm="", n=1))

    def as_story(self, store: Store) -> Story:
        area = gazetteer_of(store).areas[self.area]
        return Story(self.pack, area, self.outlet, Period.parse(self.period), self.text,
                     self.figure_objects(), checks={"review": self.verification})


# -- verification -------------------------------------------------------------------------------
def carry_figures(old_text: str, new_text: str, figures: list[dict[str, Any]]) -> list[dict]:
    """Move traced figures onto edited text; a figure the edit touched is dropped."""
    matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    kept = []
    equal = [(i1, i2, j1) for tag, i1, i2, j1, _j2 in matcher.get_opcodes() if tag == "equal"]
    for record in figures:
        for i1, i2, j1 in equal:
            if i1 <= record["start"] and record["end"] <= i2:
                shift = j1 - i1
                kept.append({**record, "start": record["start"] + shift,
                             "end": record["end"] + shift})
                break
    return kept


def run_checker(text: str, store: Store, *, dataset: str | None = None, area: str | None = None,
                period: str | None = None) -> dict[str, Any] | None:
    """The checker's report as a dict, or None when `localwire.check` is not installed."""
    try:
        from localwire.check import check_text
    except ImportError:
        return None
    return check_text(text, store, dataset=dataset, area=area, period=period).as_dict()


def verify_text(text: str, figures: list[dict[str, Any]], store: Store | None = None, *,
                dataset: str | None = None, area: str | None = None,
                period: str | None = None) -> dict[str, Any]:
    """Every number traced (the writer's rule) and, when available, nothing contradicted."""
    untraced = untraced_numbers(text, [figure_from_record(r) for r in figures])
    result: dict[str, Any] = {
        "traced_figures": sum(1 for r in figures if r["kind"] == "fact"),
        "untraced": [{"offset": offset, "text": word} for offset, word in untraced],
        "checker": None,
    }
    problems = [f"{word!r} was not produced by any fact" for _offset, word in untraced]
    if store is not None:
        report = run_checker(text, store, dataset=dataset, area=area, period=period)
        if report is not None:
            result["checker"] = {"counts": report["counts"], "contradicted": [
                {"text": c["text"], "start": c["start"], "explanation": c["explanation"]}
                for c in report["claims"] if c["verdict"] == "contradicted"]}
            problems += [f"{c['text']!r} contradicted: {c['explanation']}"
                         for c in result["checker"]["contradicted"]]
    result["problems"] = problems
    result["ok"] = not problems
    return result


# -- the desk -------------------------------------------------------------------------------------
class Desk:
    """Stories under review in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # reading
    def story(self, story_id: int) -> StoredStory:
        rows = self.store.rows("SELECT * FROM stories WHERE id = ?", [story_id])
        if not rows:
            raise StoryNotFound(f"no story {story_id}")
        story = _stored(rows[0])
        story.audit = self.audit(story_id)
        return story

    def stories(self, *, pack: str | None = None, area: str | None = None,
                outlet: str | None = None, state: str | None = None) -> list[StoredStory]:
        where, params = [], []
        for column, value in (("pack", pack), ("area", area), ("outlet", outlet),
                              ("review_state", state)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT * FROM stories" + (" WHERE " + " AND ".join(where) if where else "")
        return [_stored(r) for r in self.store.rows(sql + " ORDER BY area, outlet, id", params)]

    def audit(self, story_id: int | None = None, limit: int = 500) -> list[dict[str, Any]]:
        sql = "SELECT id, logged_at, story_id, action, actor, detail FROM audit_log"
        params: list[Any] = []
        if story_id is not None:
            sql += " WHERE story_id = ?"
            params.append(story_id)
        rows = self.store.rows(sql + f" ORDER BY id DESC LIMIT {int(limit)}", params)
        for row in rows:
            row["detail"] = json.loads(row["detail"]) if row["detail"] else {}
        return rows

    # writing
    def save_generated(self, story: Story, actor: str = "localwire") -> StoredStory:
        """Keep what the writer produced; different copy than last time goes back to review."""
        key = [story.pack, story.area.slug, story.outlet, story.period.code]
        figures = [figure_record(f) for f in story.figures]
        verification = verify_text(story.text, figures)
        found = self.store.rows("SELECT id, generated_text, text, version, review_state "
                                "FROM stories WHERE pack = ? AND area = ? AND outlet = ? "
                                "AND period = ?", key)
        with self.store.transaction() as db:
            if not found:
                story_id = db.execute(
                    "INSERT INTO stories (pack, area, outlet, period, text, generated_text, "
                    "figures, generated_figures, verification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING id",
                    [*key, story.text, story.text, json.dumps(figures), json.dumps(figures),
                     json.dumps(verification)]).fetchone()[0]
                self._log(db, story_id, "generated", actor, {"version": 1})
            elif found[0]["generated_text"] != story.text:
                old = found[0]
                story_id = old["id"]
                db.execute(
                    "UPDATE stories SET text = ?, generated_text = ?, previous_text = ?, "
                    "figures = ?, generated_figures = ?, verification = ?, review_state = ?, "
                    "flag_reason = NULL, edited = FALSE, version = version + 1, "
                    "updated_at = current_timestamp WHERE id = ?",
                    [story.text, story.text, old["text"], json.dumps(figures),
                     json.dumps(figures), json.dumps(verification), NEEDS_REVIEW, story_id])
                self._log(db, story_id, "regenerated", actor,
                          {"version": old["version"] + 1, "was": old["review_state"]})
            else:
                story_id = found[0]["id"]
        return self.story(story_id)

    def approve(self, story_id: int, actor: str) -> StoredStory:
        story = self.story(story_id)
        verification = (self._verify(story, story.text, story.figures) if story.edited
                        else story.verification)
        if not verification.get("ok"):
            with self.store.transaction() as db:
                db.execute("UPDATE stories SET verification = ? WHERE id = ?",
                           [json.dumps(verification), story_id])
                self._log(db, story_id, "refused", actor, {"problems": verification["problems"]})
            raise ReviewError(f"story {story_id} cannot be approved: "
                              + "; ".join(verification["problems"]),
                              hint="edit the story so every figure comes from a fact")
        self._set_state(story_id, APPROVED, None, actor, "approved", {})
        return self.story(story_id)

    def flag(self, story_id: int, reason: str, actor: str) -> StoredStory:
        reason = reason.strip()
        if not reason:
            raise ReviewError("a flag needs a reason")
        if len(reason) > MAX_REASON_CHARS:
            raise ReviewError(f"the reason is longer than {MAX_REASON_CHARS} characters")
        self.story(story_id)
        self._set_state(story_id, FLAGGED, reason, actor, "flagged", {"reason": reason})
        return self.story(story_id)

    def edit(self, story_id: int, text: str, actor: str) -> StoredStory:
        """Replace the text; figures the edit left alone stay traced; the result is re-checked."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"
        if len(text) > MAX_STORY_CHARS:
            raise ReviewError(f"the story is longer than {MAX_STORY_CHARS:,} characters")
        story = self.story(story_id)
        if text == story.text:
            return story
        # Figures are carried over from what the writer produced, so restoring a figure an
        # earlier edit changed makes it traced again.
        figures = carry_figures(story.generated_text, text, story.generated_figures)
        verification = self._verify(story, text, figures)
        diff = list(difflib.unified_diff(story.text.splitlines(), text.splitlines(), "before",
                                         "after", lineterm="", n=0))
        with self.store.transaction() as db:
            db.execute("UPDATE stories SET text = ?, figures = ?, verification = ?, edited = TRUE,"
                       " review_state = ?, flag_reason = NULL, updated_at = current_timestamp "
                       "WHERE id = ?",
                       [text, json.dumps(figures), json.dumps(verification), NEEDS_REVIEW,
                        story_id])
            self._log(db, story_id, "edited", actor,
                      {"diff": diff, "ok": verification["ok"],
                       "problems": verification["problems"]})
        return self.story(story_id)

    def _verify(self, story: StoredStory, text: str, figures: list[dict]) -> dict[str, Any]:
        dataset = _pack_dataset(story.pack)
        return verify_text(text, figures, self.store, dataset=dataset, area=story.area,
                           period=story.period)

    def _set_state(self, story_id: int, state: str, reason: str | None, actor: str,
                   action: str, detail: dict[str, Any]) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE stories SET review_state = ?, flag_reason = ?, "
                       "updated_at = current_timestamp WHERE id = ?", [state, reason, story_id])
            self._log(db, story_id, action, actor, detail)

    @staticmethod
    def _log(db: Any, story_id: int | None, action: str, actor: str,
             detail: dict[str, Any]) -> None:
        db.execute("INSERT INTO audit_log (story_id, action, actor, detail) VALUES (?, ?, ?, ?)",
                   [story_id, action, actor[:100] or "unknown", json.dumps(detail)])

    # export
    def approved_outlets(self) -> list[str]:
        return [r["outlet"] for r in self.store.rows(
            "SELECT DISTINCT outlet FROM stories WHERE review_state = ? ORDER BY outlet",
            [APPROVED])]

    def export_zip(self, outlet: str | None = None, *, charts: bool = True) -> bytes:
        """A zip of approved stories: <outlet>/<area>.{md,html,txt,json} and <outlet>/charts/.

        Names inside the zip are slugs ([a-z0-9-]), so no entry can climb out of its folder.
        """
        stories = self.stories(state=APPROVED, outlet=outlet)
        if not stories:
            raise ReviewError("no approved stories to export" + (f" for {outlet!r}" if outlet
                                                                 else ""))
        buffer = io.BytesIO()
        manifest: list[dict[str, Any]] = []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for stored in stories:
                story = stored.as_story(self.store)
                folder = slugify(stored.outlet)
                base = f"{folder}/{slugify(stored.area)}-{slugify(stored.period)}"
                files = []
                for fmt in EXPORT_FORMATS:
                    name = f"{base}.{fmt}"
                    archive.writestr(name, render(story, fmt))
                    files.append(name)
                if charts:
                    files += self._export_charts(archive, stored, folder)
                manifest.append({"id": stored.id, "outlet": stored.outlet, "area": stored.area,
                                 "period": stored.period, "version": stored.version,
                                 "headline": stored.headline, "files": files})
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        return buffer.getvalue()

    def _export_charts(self, archive: zipfile.ZipFile, stored: StoredStory,
                       folder: str) -> list[str]:
        from localwire.desk import charts
        from localwire.facts import FactBook
        from localwire.write.pack import Pack

        pack = Pack.load(stored.pack)
        book = FactBook(self.store, pack.config.pack.dataset)
        period = Period.parse(stored.period)
        measure = pack.config.pack.measure
        names = []
        for kind, svg in (("trend", charts.trend_chart(book, stored.area, measure)),
                          ("bar", charts.bar_chart(book, period, measure, stored.area))):
            name = f"{folder}/charts/{slugify(stored.area)}-{slugify(stored.period)}-{kind}.svg"
            archive.writestr(name, svg)
            names.append(name)
        return names


def _pack_dataset(pack_id: str) -> str | None:
    from localwire.write.pack import Pack

    try:
        return Pack.load(pack_id).config.pack.dataset
    except LocalwireError:
        return None


def _stored(row: dict[str, Any]) -> StoredStory:
    return StoredStory(
        id=row["id"], pack=row["pack"], area=row["area"], outlet=row["outlet"],
        period=row["period"], version=row["version"], text=row["text"],
        generated_text=row["generated_text"], previous_text=row["previous_text"],
        figures=json.loads(row["figures"]),
        generated_figures=json.loads(row["generated_figures"]),
        verification=json.loads(row["verification"] or "{}"),
        review_state=row["review_state"], flag_reason=row["flag_reason"], edited=row["edited"],
        created_at=row["created_at"], updated_at=row["updated_at"])
