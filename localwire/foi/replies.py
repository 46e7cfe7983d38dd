"""Replies: files attached to a request, kept byte-for-byte, read for sections, imported.

Attaching a reply records that it was received, on the date it was received (`received`, or
the e-mail's Date header), so the request leaves the chasers' list and waits to be classified.
The file is copied under the store's files folder (`<db-stem>-files/foi/<sha256>/NAME`),
checked against its hash, made read-only and never touched again; the same bytes attached to
the same request twice change nothing.

Importing a reply goes through `localwire.importing.import_file` with an expectation: the
file may hold only the request's force, and only the periods and measures the campaign asked
for, unless `accept_mismatch` (periods and measures; another force's rows are never taken
from a reply). The classification then follows the request's own rows.
"""

from __future__ import annotations

import email
import email.utils
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from localwire.errors import InputErrors
from localwire.foi import lifecycle as lc
from localwire.foi.campaign import (
    Campaign,
    Entry,
    FoiError,
    Request,
    get_campaign,
    get_request,
    record,
)
from localwire.foi.sections import SectionHit, detect_sections, suggest_outcome
from localwire.foi.timeline import LifecycleError, check_new
from localwire.importing import (
    Expectation,
    ImportResult,
    import_file,
    needs_recipe,
    sha256_of,
)
from localwire.importing.readers import pdf_text, workbook_text
from localwire.model.statuses import NOT_HELD, REFUSED, REPORTED, SUPPRESSED
from localwire.store import Store
from localwire.store import campaigns as queries

REPLY_FOLDER = "foi"
MAX_TEXT_BYTES = 20 * 1024 * 1024   # larger replies are kept, but not read for sections


@dataclass(frozen=True)
class Reply:
    id: int
    request_id: int
    sha256: str
    filename: str
    stored_path: str
    size_bytes: int

    def path(self, store: Store) -> Path:
        return store.files_dir / self.stored_path


def _reply(row: dict) -> Reply:
    return Reply(row["id"], row["request_id"], row["sha256"], row["filename"],
                 row["stored_path"], row["size_bytes"])


@dataclass
class AttachResult:
    reply: Reply
    already_attached: bool
    received: date | None
    request: Request
    sections: list[SectionHit] = field(default_factory=list)
    suggested_outcome: str | None = None


# -- attaching -----------------------------------------------------------------------------------
def attach_reply(store: Store, campaign: str | Campaign, force: str, file: str | Path, *,
                 today: date, received: date | None = None) -> AttachResult:
    """Keep a copy of `file` for the request to `force`, record it received on `received`
    (or the e-mail's date), and read it for cited sections (suggestions, never applied)."""
    campaign = get_campaign(store, campaign)
    request = get_request(store, campaign, force)
    source = Path(file)
    if not source.is_file():
        raise FoiError("file not found", file=str(source))
    digest = sha256_of(source)
    existing = queries.reply_by_hash(store, request.id, digest)
    if existing:
        reply, on = _reply(existing), None
    else:
        on = received or _email_date(source)
        if on is None:
            raise FoiError("when did the reply arrive? give --received DATE (the day it was "
                           "received, not the day it is attached)", file=str(source))
        event = lc.Event(lc.REPLY_RECEIVED, on, note=f"reply {source.name}")
        try:
            check_new(request.law, request.events, event, today)
        except LifecycleError as error:
            raise FoiError(f"{request.force_name}: {error}", file=str(source)) from None
        reply = _store_copy(store, request, source, digest, event)
    text = reply_text(reply.path(store))
    return AttachResult(reply, existing is not None, on, get_request(store, campaign, force),
                        detect_sections(text, request.law),
                        suggest_outcome(text, request.law, tabular=_is_table(source)))


def _is_table(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


def _store_copy(store: Store, request: Request, source: Path, digest: str,
                event: lc.Event) -> Reply:
    folder = store.files_dir / REPLY_FOLDER / digest
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / source.name
    relative = str(final.relative_to(store.files_dir))
    pending: Path | None = None
    if not final.exists():
        handle, name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        os.close(handle)
        pending = Path(name)
        shutil.copyfile(source, pending)
        if sha256_of(pending) != digest:
            pending.unlink()
            raise FoiError("the copy does not match the original; the file changed while "
                           "being copied", file=str(source))
    elif sha256_of(final) != digest:
        raise FoiError("a different file is already kept under this name", file=str(final))
    try:
        with store.transaction() as db:
            reply_id = queries.insert_reply(db, request.id, sha256=digest, filename=source.name,
                                            stored_path=relative,
                                            size_bytes=source.stat().st_size)
            queries.insert_event(db, request.id, kind=event.kind, on_date=event.on,
                                 outcome=None, sections=(), until=None, reply_id=reply_id,
                                 note=event.note)
    except BaseException:
        if pending is not None:
            pending.unlink(missing_ok=True)
        raise
    if pending is not None:
        os.replace(pending, final)
        final.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return next(r for r in replies_for(store, request) if r.id == reply_id)


def replies_for(store: Store, request: Request) -> list[Reply]:
    return [_reply(row) for row in queries.reply_rows(store, request.id)]


def _email_date(path: Path) -> date | None:
    if path.suffix.lower() != ".eml":
        return None
    header = email.message_from_bytes(path.read_bytes()).get("Date")
    try:
        return email.utils.parsedate_to_datetime(header).date() if header else None
    except (TypeError, ValueError):
        return None


# -- reading -------------------------------------------------------------------------------------
def reply_text(path: Path) -> str:
    """The text of a reply, as well as we can read it: e-mail, PDF, spreadsheet or plain text."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        return ""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":  # the readers' limits apply: a hostile reply cannot abort us
            return pdf_text(path)
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            return workbook_text(path)
        if suffix == ".eml":
            return _email_text(path.read_bytes())
    except Exception:  # an unreadable reply is still kept; we simply find no sections in it
        return ""
    return path.read_bytes().decode("utf-8", errors="replace")


def _email_text(raw: bytes) -> str:
    message = email.message_from_bytes(raw)
    parts = [message.get("Subject", "")]
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(parts)


# -- importing -----------------------------------------------------------------------------------
@dataclass
class ReplyImport:
    reply: Reply
    result: ImportResult
    request: Request             # afterwards
    outcome: str | None          # what the force's own rows amount to
    classified: bool             # whether that outcome was recorded now


def choose_reply(store: Store, request: Request, which: str | None = None) -> Reply:
    """The reply named by file name or hash prefix, or the latest one attached."""
    attached = replies_for(store, request)
    if not attached:
        raise FoiError(f"{request.force_name}: no reply attached",
                       hint="attach one first: localwire foi attach NAME FORCE FILE "
                            "--received DATE")
    if which is None:
        return attached[-1]
    matches = [r for r in attached if which in (r.filename, r.stored_path)
               or (len(which) >= 6 and r.sha256.startswith(which))]
    if len(matches) != 1:
        raise FoiError(f"{request.force_name}: {'no' if not matches else 'more than one'} "
                       f"attached reply matches {which!r}",
                       hint="attached: " + ", ".join(f"{r.filename} ({r.sha256[:8]})"
                                                     for r in attached))
    return matches[0]


def reply_expectation(campaign: Campaign, request: Request, *,
                      accept_mismatch: bool = False) -> Expectation:
    """What a reply to this request may hold: its own force; the periods and measures asked."""
    asked = not accept_mismatch
    return Expectation(
        areas=frozenset({request.force}),
        periods=frozenset(campaign.periods) if asked and campaign.periods else None,
        measures=frozenset(campaign.measures) if asked and campaign.measures else None,
        why=f"the request to {request.force_name}",
        hints=(("areas", "a reply speaks for its own force; import a file covering several "
                         "forces with `localwire import`"),
               ("periods", "if the force answered for other periods (e.g. calendar years), "
                           "import it with --accept-mismatch"),
               ("measures", "if the force answered with other measures, import it with "
                            "--accept-mismatch")))


def import_reply(store: Store, campaign: str | Campaign, force: str, *, today: date,
                 recipe: str | Path | None = None, reply: str | None = None,
                 accept_mismatch: bool = False) -> ReplyImport:
    """Import an attached reply into the campaign's dataset and link its observations.

    Nothing changes when the import fails: the reply stays attached. When the request waits
    for its reply to be classified, the classification follows the force's rows: figures ->
    successful (partially successful if some were withheld); only refusals -> refused; only
    "not held" -> not held. It is dated the day the reply was received."""
    campaign = get_campaign(store, campaign)
    if not campaign.dataset:
        raise FoiError(f"campaign {campaign.name!r} has no dataset to import replies into",
                       hint="create the campaign with --dataset")
    request = get_request(store, campaign, force)
    chosen = choose_reply(store, request, reply)
    problem = needs_recipe(chosen.filename) if recipe is None else None
    if problem is not None:
        raise InputErrors([problem])
    expect = reply_expectation(campaign, request, accept_mismatch=accept_mismatch)
    result = import_file(store, chosen.path(store), dataset=campaign.dataset, recipe=recipe,
                         expect=expect)
    outcome = outcome_from_data(_asked_statuses(store, campaign, request, result.source_id))
    with store.transaction() as db:
        queries.link_reply_import(db, request.id, chosen.id, result.source_id)
    classified = _classify(store, campaign, request, chosen, outcome, result.source_id, today)
    return ReplyImport(chosen, result, get_request(store, campaign, force), outcome, classified)


def _asked_statuses(store: Store, campaign: Campaign, request: Request,
                    source_id: int) -> set[str]:
    """Statuses of the force's rows for the periods and measures asked (others say nothing
    about whether the request was answered)."""
    return {row["status"] for row in queries.source_statuses(store, source_id)
            if row["area"] == request.force
            and (not campaign.periods or row["period"] in campaign.periods)
            and (not campaign.measures or row["measure"] in campaign.measures)}


def _classify(store: Store, campaign: Campaign, request: Request, chosen: Reply,
              outcome: str | None, source_id: int, today: date) -> bool:
    """Record the outcome the data shows, dated the day the reply was received; a refusal
    whose rows name no section is left for the user to classify (s.17(1) needs one)."""
    if outcome is None or request.state not in (lc.TO_CLASSIFY, lc.REVIEW_TO_CLASSIFY):
        return False
    sections = tuple(hit.section for hit in detect_sections(
        " ".join(queries.source_notes(store, source_id, request.force)), request.law))
    if outcome == lc.REFUSED and not sections:
        return False
    if outcome == lc.SUCCESSFUL:
        sections = ()
    received = [row["on_date"] for row in queries.event_rows(store, [request.id])[request.id]
                if row["reply_id"] == chosen.id]
    kind = lc.REVIEW_ANSWERED if request.state == lc.REVIEW_TO_CLASSIFY else lc.CLASSIFIED
    record(store, campaign, [Entry(request.force, kind, received[0] if received else today,
                                   outcome=outcome, sections=sections,
                                   note=f"from imported reply {chosen.filename}")],
           today=today, write_statuses=False)
    return True


def outcome_from_data(statuses: set[str]) -> str | None:
    if REPORTED in statuses:
        withheld = statuses & {SUPPRESSED, REFUSED, NOT_HELD}
        return lc.PARTIALLY_SUCCESSFUL if withheld else lc.SUCCESSFUL
    if REFUSED in statuses:
        return lc.REFUSED
    if statuses == {NOT_HELD}:
        return lc.NOT_HELD
    return None
