"""Review: stories kept in the store; edited, flagged, approved by named users; never lost.

Library first: the web desk and the CLI call `Desk`. The rules:
- Copy does not move by itself. The writer runs only when asked (`localwire generate`, or the
  desk's "regenerate"); its new text replaces a story only while nobody has touched it (no
  edit, flag or approval). Otherwise it becomes a pending revision, shown beside the current
  text with a diff, which an editor accepts or rejects. Approved text is never replaced.
  Accepting keeps the story's edits that do not meet the writer's changes (`merge.py`).
- Every change bumps the story's version. Each action carries the version its author saw; an
  older one raises `StaleVersion` (HTTP 409) with a diff of what changed since.
- A flag blocks approval until it is resolved with a note; an edit does not clear it.
- An editor's note left by the writer ("[Force response: add ...]", `copyrules.editors_notes`)
  blocks approval until an edit replaces or deletes it: placeholder copy is never approved.
- Approval re-checks the text (every number traced, no raw HTML, nothing contradicted) and
  records who, when, the version and the sha256 of the approved text.
- Every action is an audit row naming the signed-in user; edits carry their diff.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from localwire.areas import gazetteer_of
from localwire.desk.accounts import now
from localwire.desk.merge import Merged, merge_edits
from localwire.desk.verify import (
    ClaimChecker,
    carry_figures,
    figure_from_record,
    html_tags,
    run_checker,
    sha256_text,
    unified_diff,
    verify_text,
)
from localwire.errors import LocalwireError
from localwire.model.facts import Figure
from localwire.model.periods import Period
from localwire.prose.copyrules import editors_notes
from localwire.store import Store
from localwire.store import stories as rows
from localwire.write.formats import figure_record
from localwire.write.writer import Story

NEEDS_REVIEW, APPROVED, FLAGGED = "needs_review", "approved", "flagged"
REVIEW_STATES = (NEEDS_REVIEW, APPROVED, FLAGGED)
MAX_STORY_CHARS = 50_000
MAX_REASON_CHARS = 1_000
WRITER = "localwire"
HUMAN_ACTIONS = ("edited", "flagged", "resolved", "approved", "revision-accepted",
                 "revision-rejected", "embargo")


class ReviewError(LocalwireError):
    code = "review"


class StoryNotFound(ReviewError):
    code = "no-story"


class ApprovalRefused(ReviewError):
    code = "approval-refused"


class StaleVersion(ReviewError):
    """The story changed since the form was opened; `diff` shows how."""

    code = "stale-version"

    def __init__(self, story: StoredStory, seen: int, seen_text: str | None) -> None:
        self.story = story
        self.seen = seen
        self.diff = unified_diff(seen_text or "", story.text, names=(
            f"version {seen} (yours)", f"version {story.version} (now)"))
        who = story.audit[0]["actor"] if story.audit else "someone"
        super().__init__(f"story {story.id} changed since you opened it (version {seen}; now "
                         f"{story.version}, last by {who})",
                         hint="read what changed, then try again on the current version")


@dataclass
class StoredStory:
    id: int
    pack: str
    dataset: str | None
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
    approved_version: int | None = None
    approved_sha256: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    embargo_until: datetime | None = None
    audit: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return self.text.split("\n", 1)[0].lstrip("# ").strip()

    @property
    def open_flags(self) -> list[dict[str, Any]]:
        return [f for f in self.flags if f["resolved_at"] is None]

    @property
    def pending(self) -> dict[str, Any] | None:
        return next((r for r in self.revisions if r["status"] == "pending"), None)

    @functools.cached_property  # the page asks for it and for its diff: merged once
    def pending_merge(self) -> Merged | None:
        """What accepting the pending revision gives: the writer's new text with this story's
        edits kept where they do not meet its changes (`merge.merge_edits`)."""
        pending = self.pending
        return merge_edits(self.generated_text, self.text, pending["text"]) if pending else None

    def pending_diff(self) -> list[str]:
        merged = self.pending_merge
        return unified_diff(self.text, merged.text, names=("current", "proposed")) \
            if merged else []

    def diff(self) -> list[str]:
        """From the text before the last regeneration to the text now."""
        if not self.previous_text:
            return []
        return unified_diff(self.previous_text, self.text, names=("before", "now"))

    def figure_objects(self) -> list[Figure]:
        return [figure_from_record(r) for r in self.figures]

    def as_story(self, store: Store) -> Story:
        area = gazetteer_of(store).areas[self.area]
        return Story(self.pack, area, self.outlet, Period.parse(self.period), self.text,
                     self.figure_objects(), checks={"review": self.verification})


def _stored(row: dict[str, Any]) -> StoredStory:
    import json

    return StoredStory(**{
        **{k: row[k] for k in ("id", "pack", "dataset", "area", "outlet", "period", "version",
                               "text", "generated_text", "previous_text", "review_state",
                               "flag_reason", "edited", "created_at", "updated_at",
                               "approved_version", "approved_sha256", "approved_by",
                               "approved_at", "embargo_until")},
        "figures": json.loads(row["figures"]),
        "generated_figures": json.loads(row["generated_figures"]),
        "verification": json.loads(row["verification"] or "{}")})


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"


class Desk:
    """Stories under review in one store. `checker` verifies claims (default: the article
    checker over `store`); the web desk passes one that reuses its loaded facts."""

    def __init__(self, store: Store, checker: ClaimChecker | None = None) -> None:
        self.store = store
        self.checker = checker or self._store_checker

    def _store_checker(self, text: str, dataset: str | None, area: str | None,
                       period: str | None) -> dict[str, Any] | None:
        return run_checker(text, self.store, dataset=dataset, area=area, period=period)

    # -- reading ---------------------------------------------------------------------------------
    def story(self, story_id: int) -> StoredStory:
        row = rows.story_row(self.store, story_id)
        if row is None:
            raise StoryNotFound(f"no story {story_id}")
        story = _stored(row)
        story.audit = rows.audit_rows(self.store, story_id)
        story.flags = rows.flags(self.store, story_id)
        story.revisions = rows.revisions(self.store, story_id)
        return story

    def stories(self, *, pack: str | None = None, area: str | None = None,
                outlet: str | None = None, state: str | None = None,
                dataset: str | None = None) -> list[StoredStory]:
        return [_stored(r) for r in rows.story_rows(
            self.store, pack=pack, area=area, outlet=outlet, review_state=state,
            dataset=dataset)]

    def heads(self, pack: str, area: str) -> list[dict[str, Any]]:
        """The stories of a pack and area as a list shows them (no text, no figures)."""
        return rows.story_heads(self.store, pack, area)

    def audit(self, story_id: int | None = None, limit: int = 500) -> list[dict[str, Any]]:
        return rows.audit_rows(self.store, story_id, limit)

    def approved_outlets(self) -> list[str]:
        return rows.approved_outlets(self.store)

    # -- the writer's copy -----------------------------------------------------------------------
    def save_generated(self, story: Story, dataset: str | None = None, *,
                       actor: str = WRITER, reason: str = "generated") -> tuple[StoredStory, str]:
        """Keep what the writer produced. Returns the story and what happened: "new",
        "unchanged", "replaced" (nobody had touched it) or "pending" (a revision to decide)."""
        key = [story.pack, story.area.slug, story.outlet, story.period.code]
        figures = [figure_record(f) for f in story.figures]
        verification = verify_text(story.text, figures)
        found = rows.find_story(self.store, *key)
        if found is None:
            with self.store.transaction() as db:
                story_id = rows.insert_story(db, key, dataset, story.text, figures, verification)
                rows.add_text(db, story_id, 1, story.text, sha256_text(story.text), actor,
                              "generated")
                rows.log(db, story_id, "generated", actor, {"version": 1, "reason": reason})
            return self.story(story_id), "new"
        current = self.story(found["id"])
        proposed = [r["text"] for r in current.revisions if r["status"] in ("pending",
                                                                            "rejected")]
        if story.text == current.generated_text or (proposed and story.text == proposed[0]):
            return current, "unchanged"
        if not self._touched(current):
            with self.store.transaction() as db:
                version = self._update(db, current, text=story.text, generated_text=story.text,
                                       previous_text=current.text, figures=figures,
                                       generated_figures=figures, verification=verification)
                rows.add_text(db, current.id, version, story.text, sha256_text(story.text),
                              actor, "generated")
                rows.log(db, current.id, "regenerated", actor, {
                    "version": version, "reason": reason,
                    "diff": unified_diff(current.text, story.text)})
            return self.story(current.id), "replaced"
        with self.store.transaction() as db:
            revision = rows.add_revision(db, current.id, story.text, figures, verification,
                                         reason, actor)
            self._update(db, current)
            rows.log(db, current.id, "revision-proposed", actor, {
                "revision": revision, "reason": reason,
                "diff": unified_diff(current.text, story.text)})
        return self.story(current.id), "pending"

    @staticmethod
    def _touched(story: StoredStory) -> bool:
        return story.edited or story.review_state != NEEDS_REVIEW or bool(story.flags) or any(
            e["action"] in HUMAN_ACTIONS for e in story.audit)

    def accept_revision(self, story_id: int, revision_id: int, version: int,
                        actor: str) -> StoredStory:
        story = self._current(story_id, version)
        revision = next((r for r in story.revisions if r["id"] == revision_id), None)
        if revision is None or revision["status"] != "pending":
            raise ReviewError(f"revision {revision_id} of story {story_id} is not pending")
        merged = merge_edits(story.generated_text, story.text, revision["text"])
        text, edits_kept = merged.text, merged.text != revision["text"]
        figures, verification = self._merged_figures(story, revision, text, edits_kept)
        with self.store.transaction() as db:
            rows.decide_revision(db, story_id, revision_id, "accepted", actor)
            new_version = self._update(
                db, story, text=text, generated_text=revision["text"],
                previous_text=story.text, figures=figures,
                generated_figures=revision["figures"], verification=verification,
                edited=edits_kept, review_state=FLAGGED if story.open_flags else NEEDS_REVIEW,
                **_unapproved())
            rows.add_text(db, story_id, new_version, text, sha256_text(text), actor, "revision")
            rows.log(db, story_id, "revision-accepted", actor, {
                "revision": revision_id, "version": new_version, "edits_kept": edits_kept,
                "edits_lost": merged.lost, "diff": unified_diff(story.text, text)})
        return self.story(story_id)

    def _merged_figures(self, story: StoredStory, revision: dict[str, Any], text: str,
                        edits_kept: bool) -> tuple[list[dict], dict[str, Any]]:
        """The accepted text's figures and verification: the revision's own when no edit of
        the story survived the merge, else carried onto the merged text and re-checked."""
        if not edits_kept:
            return revision["figures"], revision["verification"]
        figures = carry_figures(revision["text"], text, revision["figures"])
        return figures, self._verify(story, text, figures)

    def reject_revision(self, story_id: int, revision_id: int, version: int,
                        actor: str) -> StoredStory:
        story = self._current(story_id, version)
        with self.store.transaction() as db:
            if not rows.decide_revision(db, story_id, revision_id, "rejected", actor):
                raise ReviewError(f"revision {revision_id} of story {story_id} is not pending")
            self._update(db, story)
            rows.log(db, story_id, "revision-rejected", actor, {"revision": revision_id})
        return self.story(story_id)

    # -- editors' actions ------------------------------------------------------------------------
    def edit(self, story_id: int, text: str, version: int, actor: str) -> StoredStory:
        """Replace the text; figures the edit left alone stay traced; the result is re-checked.
        Raw HTML is refused outright."""
        text = normalise(text)
        if len(text) > MAX_STORY_CHARS:
            raise ReviewError(f"the story is longer than {MAX_STORY_CHARS:,} characters")
        tags = html_tags(text)
        if tags:
            raise ReviewError(f"the edit contains raw HTML ({', '.join(dict.fromkeys(tags))})",
                              hint="a story is plain Markdown: remove the tags")
        story = self._current(story_id, version)
        if text == story.text:
            return story
        # Figures are carried over from what the writer produced, so restoring a figure an
        # earlier edit changed makes it traced again.
        figures = carry_figures(story.generated_text, text, story.generated_figures)
        verification = self._verify(story, text, figures)
        diff = unified_diff(story.text, text, context=0)
        with self.store.transaction() as db:
            new_version = self._update(
                db, story, text=text, figures=figures, verification=verification, edited=True,
                review_state=FLAGGED if story.open_flags else NEEDS_REVIEW, **_unapproved())
            rows.add_text(db, story_id, new_version, text, sha256_text(text), actor, "edited")
            rows.log(db, story_id, "edited", actor, {
                "version": new_version, "diff": diff, "ok": verification["ok"],
                "problems": verification["problems"]})
        return self.story(story_id)

    def flag(self, story_id: int, reason: str, version: int, actor: str) -> StoredStory:
        reason = _note(reason, "a flag needs a reason")
        story = self._current(story_id, version)
        with self.store.transaction() as db:
            flag_id = rows.add_flag(db, story_id, reason, actor)
            self._update(db, story, review_state=FLAGGED, flag_reason=reason, **_unapproved())
            rows.log(db, story_id, "flagged", actor, {"flag": flag_id, "reason": reason})
        return self.story(story_id)

    def resolve(self, story_id: int, flag_id: int, note: str, version: int,
                actor: str) -> StoredStory:
        note = _note(note, "say how the flag was resolved")
        story = self._current(story_id, version)
        with self.store.transaction() as db:
            if not rows.resolve_flag(db, story_id, flag_id, note, actor):
                raise ReviewError(f"flag {flag_id} of story {story_id} is not open")
            still = [f for f in story.open_flags if f["id"] != flag_id]
            self._update(db, story, review_state=FLAGGED if still else NEEDS_REVIEW,
                         flag_reason=still[-1]["reason"] if still else None)
            rows.log(db, story_id, "resolved", actor, {"flag": flag_id, "note": note})
        return self.story(story_id)

    def approve(self, story_id: int, version: int, actor: str) -> StoredStory:
        story = self._current(story_id, version)
        if story.open_flags:
            raise ApprovalRefused(
                f"story {story_id} is flagged: {story.open_flags[-1]['reason']}",
                hint="resolve the flag with a note before approving")
        notes = editors_notes(story.text)
        if notes:
            raise ApprovalRefused(f"story {story_id} still has an editor's note: {notes[0]}",
                                  hint="replace the note with the copy it asks for (or delete "
                                       "it) before approving")
        if story.pending:
            raise ApprovalRefused(f"story {story_id} has a new version from the writer "
                                  "waiting", hint="accept or reject it first")
        verification = self._verify(story, story.text, story.figures)
        if not verification["ok"]:
            with self.store.transaction() as db:
                self._update(db, story, verification=verification)
                rows.log(db, story_id, "refused", actor, {"problems": verification["problems"]})
            raise ApprovalRefused(f"story {story_id} cannot be approved: "
                                  + "; ".join(verification["problems"]),
                                  hint="edit the story so every figure comes from a fact")
        digest = sha256_text(story.text)
        with self.store.transaction() as db:
            self._update(db, story, verification=verification, review_state=APPROVED,
                         approved_version=story.version + 1, approved_sha256=digest,
                         approved_by=actor, approved_at=now())
            rows.log(db, story_id, "approved", actor, {"version": story.version + 1,
                                                       "sha256": digest})
        return self.story(story_id)

    def set_embargo(self, story_id: int, until: datetime | None, version: int,
                    actor: str) -> StoredStory:
        story = self._current(story_id, version)
        with self.store.transaction() as db:
            self._update(db, story, embargo_until=until)
            rows.log(db, story_id, "embargo", actor, {"until": until.isoformat() if until
                                                      else None})
        return self.story(story_id)

    def send_back(self, story_id: int, problems: list[str], actor: str = WRITER) -> None:
        """Out of approval (the data under it changed): back to review, with the reasons."""
        story = self.story(story_id)
        with self.store.transaction() as db:
            self._update(db, story, review_state=FLAGGED if story.open_flags else NEEDS_REVIEW,
                         **_unapproved())
            rows.log(db, story_id, "sent-back", actor, {"problems": problems})

    # -- helpers ---------------------------------------------------------------------------------
    def _current(self, story_id: int, version: int) -> StoredStory:
        story = self.story(story_id)
        if story.version != version:
            raise StaleVersion(story, version, rows.text_at(self.store, story_id, version))
        return story

    def _update(self, db: Any, story: StoredStory, **values: Any) -> int:
        new_version = rows.update_story(db, story.id, story.version, **values)
        if new_version is None:  # changed between our read and this write
            raise StaleVersion(self.story(story.id), story.version, story.text)
        return new_version

    def _verify(self, story: StoredStory, text: str, figures: list[dict]) -> dict[str, Any]:
        return verify_text(text, figures, self.checker, dataset=story.dataset or
                           _pack_dataset(story.pack), area=story.area, period=story.period)


def _unapproved() -> dict[str, Any]:
    return {"approved_version": None, "approved_sha256": None, "approved_by": None,
            "approved_at": None}


def _note(text: str, missing: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ReviewError(missing)
    if len(text) > MAX_REASON_CHARS:
        raise ReviewError(f"the note is longer than {MAX_REASON_CHARS} characters")
    return text


def _pack_dataset(pack_id: str) -> str | None:
    from localwire.write.pack import Pack

    try:
        return Pack.load(pack_id).config.pack.dataset
    except LocalwireError:
        return None
