"""Replies: files attached to a request, kept byte-for-byte, read for cited sections, imported.

An attached file is copied under the store's files folder (`<db-stem>-files/foi/<sha256>/NAME`),
checked against its hash, made read-only and never touched again. Attaching the same bytes to
the same request twice changes nothing. Importing a reply goes through
`localwire.importing.import_file`; when that fails, the reply stays attached.

Sections cited in a reply (s.12 cost, s.40(2) personal information, ...) are detected in its
text and offered to the user, who confirms them with `mark_request(..., sections=...)`.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from localwire.foi.campaign import (
    APPEAL,
    AWAITING_REPLY,
    CLARIFICATION_REQUESTED,
    NOT_HELD_STATUS,
    PARTIALLY_SUCCESSFUL,
    REFUSED_STATUS,
    SUBSECTION,
    SUCCESSFUL,
    Campaign,
    FoiError,
    Request,
    get_campaign,
    get_request,
)
from localwire.foi.deadlines import FOISA
from localwire.importing import ImportResult, import_file, sha256_of
from localwire.importing.readers import pdf_text, workbook_text
from localwire.model.statuses import NOT_HELD, REFUSED, REPORTED, SUPPRESSED
from localwire.store import Store

REPLY_FOLDER = "foi"

# The sections police forces most often cite, by law. Detection only reports these.
SECTIONS = {
    "FOIA": {
        12: "cost of compliance exceeds the appropriate limit", 14: "vexatious or repeated request",
        21: "information reasonably accessible by other means", 22: "intended for future publication",
        23: "information from security bodies", 24: "national security", 27: "international relations",
        30: "investigations and proceedings", 31: "law enforcement", 38: "health and safety",
        40: "personal information", 41: "information provided in confidence",
        42: "legal professional privilege", 43: "commercial interests",
        44: "prohibitions on disclosure",
    },
    FOISA: {
        12: "excessive cost of compliance", 14: "vexatious or repeated request",
        17: "information not held", 25: "information otherwise accessible",
        27: "intended for future publication", 30: "prejudice to the conduct of public affairs",
        31: "national security", 33: "commercial interests", 34: "investigations",
        35: "law enforcement", 36: "confidentiality", 38: "personal information",
        39: "health, safety and the environment",
    },
}
NOT_HELD_SECTIONS = {FOISA: {"s.17"}, "FOIA": set()}
_SECTION_REFERENCE = re.compile(
    rf"\b(?:sections?|sec\.?|s\.?)\s?(\d{{1,2}})(?!\d)((?:\s?{SUBSECTION})*)", re.IGNORECASE)
_NOT_HELD_PHRASE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+not\s+held|(?:does|do)\s+not\s+hold|no\s+information\s+"
    r"(?:is\s+)?held|not\s+held\s+by)\b", re.IGNORECASE)


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


@dataclass(frozen=True)
class SectionHit:
    section: str        # "s.40(2)"
    description: str    # "personal information"
    excerpt: str        # the words around it in the reply


@dataclass
class AttachResult:
    reply: Reply
    already_attached: bool
    sections: list[SectionHit] = field(default_factory=list)
    suggested_status: str | None = None


# -- attaching -----------------------------------------------------------------------------------
def attach_reply(store: Store, campaign: str | Campaign, force: str,
                 file: str | Path) -> AttachResult:
    """Keep a copy of `file` for the request to `force`, and read it for cited sections."""
    campaign = get_campaign(store, campaign) if isinstance(campaign, str) else campaign
    request = get_request(store, campaign, force)
    source = Path(file)
    if not source.is_file():
        raise FoiError("file not found", file=str(source))
    digest = sha256_of(source)
    existing = _reply_rows(store, "request_id = ? AND sha256 = ?", [request.id, digest])
    if existing:
        reply, already = existing[0], True
    else:
        reply, already = _store_copy(store, request, source, digest), False
    text = reply_text(reply.path(store))
    return AttachResult(reply, already, detect_sections(text, request.law),
                        suggest_status(text, request.law))


def _store_copy(store: Store, request: Request, source: Path, digest: str) -> Reply:
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
            reply_id = db.execute(
                "INSERT INTO foi_replies (request_id, sha256, filename, stored_path, size_bytes) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                [request.id, digest, source.name, relative, source.stat().st_size]).fetchone()[0]
    except BaseException:
        if pending is not None:
            pending.unlink(missing_ok=True)
        raise
    if pending is not None:
        os.replace(pending, final)
        final.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return _reply_rows(store, "id = ?", [reply_id])[0]


def _reply_rows(store: Store, where: str, params: list) -> list[Reply]:
    return [Reply(r["id"], r["request_id"], r["sha256"], r["filename"], r["stored_path"],
                  r["size_bytes"])
            for r in store.rows(f"SELECT * FROM foi_replies WHERE {where} ORDER BY id", params)]


def replies_for(store: Store, request: Request) -> list[Reply]:
    return _reply_rows(store, "request_id = ?", [request.id])


# -- reading -------------------------------------------------------------------------------------
def reply_text(path: Path) -> str:
    """The text of a reply, as well as we can read it: e-mail, PDF, spreadsheet or plain text."""
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


def detect_sections(text: str, law: str) -> list[SectionHit]:
    """Exemptions and limits cited in `text`, in order of first mention, each once."""
    known = SECTIONS.get(law, SECTIONS["FOIA"])
    hits: dict[str, SectionHit] = {}
    for match in _SECTION_REFERENCE.finditer(text):
        number = int(match.group(1))
        if number not in known:
            continue
        section = f"s.{number}" + re.sub(r"\s+", "", match.group(2)).lower()
        if section not in hits:
            start, end = max(match.start() - 40, 0), min(match.end() + 40, len(text))
            excerpt = " ".join(text[start:end].split())
            hits[section] = SectionHit(section, known[number], excerpt)
    return list(hits.values())


def suggest_status(text: str, law: str) -> str | None:
    """refused or not_held when the text reads like one; None otherwise. Never applied by itself."""
    sections = {hit.section.split("(")[0] for hit in detect_sections(text, law)}
    if _NOT_HELD_PHRASE.search(text) or sections & NOT_HELD_SECTIONS.get(law, set()):
        return NOT_HELD_STATUS
    if sections:
        return REFUSED_STATUS
    return None


# -- importing -----------------------------------------------------------------------------------
@dataclass
class ReplyImport:
    reply: Reply
    result: ImportResult
    status: str          # the request's status afterwards
    status_changed: bool
    other_areas: list[str] = field(default_factory=list)  # areas in the file besides the force


def choose_reply(store: Store, request: Request, which: str | None = None) -> Reply:
    """The reply named by file name or hash prefix, or the latest one attached."""
    attached = replies_for(store, request)
    if not attached:
        raise FoiError(f"{request.force_name}: no reply attached",
                       hint="attach one first: localwire foi attach NAME FORCE FILE")
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


def import_reply(store: Store, campaign: str | Campaign, force: str, *,
                 recipe: str | Path | None = None, reply: str | None = None,
                 today: date | None = None) -> ReplyImport:
    """Import an attached reply into the campaign's dataset and link its observations.

    If the import fails the error propagates and nothing changes: the reply stays attached.
    When the request was still awaiting a reply, its status follows the data: figures ->
    successful (partially successful if some were withheld); only refusals -> refused; only
    "not held" -> not held.
    """
    today = today or date.today()
    campaign = get_campaign(store, campaign) if isinstance(campaign, str) else campaign
    if not campaign.dataset:
        raise FoiError(f"campaign {campaign.name!r} has no dataset to import replies into",
                       hint="create the campaign with --dataset")
    request = get_request(store, campaign, force)
    chosen = choose_reply(store, request, reply)
    result = import_file(store, chosen.path(store), dataset=campaign.dataset, recipe=recipe)
    found = store.rows("SELECT area, status, count(*) AS n FROM observations WHERE source_id = ? "
                       "GROUP BY ALL", [result.source_id])
    statuses = {row["status"] for row in found if row["area"] == request.force}
    new_status = status_from_data(statuses)
    change = new_status is not None and new_status != request.status and (
        request.status in AWAITING_REPLY | {CLARIFICATION_REQUESTED, APPEAL})
    with store.transaction() as db:
        db.execute("INSERT INTO foi_reply_imports (request_id, reply_id, source_id) "
                   "SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM foi_reply_imports "
                   "WHERE reply_id = ? AND source_id = ?)",
                   [request.id, chosen.id, result.source_id, chosen.id, result.source_id])
        if change:
            db.execute("UPDATE foi_requests SET status = ?, replied_on = ? WHERE id = ?",
                       [new_status, today, request.id])
            db.execute("INSERT INTO foi_events (request_id, status, on_date, note) "
                       "VALUES (?, ?, ?, ?)",
                       [request.id, new_status, today, f"from imported reply {chosen.filename}"])
    after = get_request(store, campaign, force)
    return ReplyImport(chosen, result, after.status, change,
                       sorted({row["area"] for row in found} - {request.force}))


def status_from_data(statuses: set[str]) -> str | None:
    if REPORTED in statuses:
        withheld = statuses & {SUPPRESSED, REFUSED, NOT_HELD}
        return PARTIALLY_SUCCESSFUL if withheld else SUCCESSFUL
    if REFUSED in statuses:
        return REFUSED_STATUS
    if statuses == {NOT_HELD}:
        return NOT_HELD_STATUS
    return None
