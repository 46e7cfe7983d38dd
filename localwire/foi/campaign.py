"""Campaigns and requests: one question to many forces, each request with its dates and status.

A request's status is recorded by hand (`mark_request`) or from an imported reply. "overdue" and
"long overdue" are never recorded: they are computed from the dates, the law and today's date
(see `localwire.foi.deadlines`). Every change is also appended to `foi_events`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from localwire.areas import gazetteer_of
from localwire.errors import LocalwireError, UnknownAreaError
from localwire.foi import deadlines
from localwire.foi.deadlines import FOISA
from localwire.model.periods import Period
from localwire.model.statuses import NOT_HELD, REFUSED, REPORTED
from localwire.store import Store

DRAFT = "draft"
SENT = "sent"
ACKNOWLEDGED = "acknowledged"
CLARIFICATION_REQUESTED = "clarification_requested"
EXTENDED = "extended"
PARTIALLY_SUCCESSFUL = "partially_successful"
SUCCESSFUL = "successful"
REFUSED_STATUS = "refused"
NOT_HELD_STATUS = "not_held"
WITHDRAWN = "withdrawn"
INTERNAL_REVIEW = "internal_review"
APPEAL = "appeal"
OVERDUE = "overdue"
LONG_OVERDUE = "long_overdue"

RECORDED_STATUSES = (DRAFT, SENT, ACKNOWLEDGED, CLARIFICATION_REQUESTED, EXTENDED,
                     PARTIALLY_SUCCESSFUL, SUCCESSFUL, REFUSED_STATUS, NOT_HELD_STATUS, WITHDRAWN,
                     INTERNAL_REVIEW, APPEAL)
COMPUTED_STATUSES = (OVERDUE, LONG_OVERDUE)
# The authority owes a reply and its clock is running.
AWAITING_REPLY = frozenset({SENT, ACKNOWLEDGED, EXTENDED, INTERNAL_REVIEW})
ANSWERED = frozenset({SUCCESSFUL, PARTIALLY_SUCCESSFUL, REFUSED_STATUS, NOT_HELD_STATUS})
WITH_SECTIONS = frozenset({REFUSED_STATUS, PARTIALLY_SUCCESSFUL, INTERNAL_REVIEW, APPEAL})
_ALIASES = {"partial": PARTIALLY_SUCCESSFUL, "partially": PARTIALLY_SUCCESSFUL,
            "review": INTERNAL_REVIEW, "clarification": CLARIFICATION_REQUESTED,
            "extension": EXTENDED, "refusal": REFUSED_STATUS}
SUBSECTION = r"\(\s*(?:\d{1,2}[a-z]?|[a-z]|[ivx]{1,4})\s*\)"  # (2), (1A), (a), (iv)
_SECTION = re.compile(rf"^\s*(?:s(?:ection|ec)?\.?\s*)?(\d{{1,2}})((?:\s*{SUBSECTION})*)\s*$",
                      re.IGNORECASE)


class FoiError(LocalwireError):
    code = "foi"


def status_label(status: str, law: str = "") -> str:
    """Words for a status; the appeal names the right commissioner for the law."""
    if status == APPEAL:
        return ("appeal to the Scottish Information Commissioner" if law == FOISA
                else "appeal to the Information Commissioner")
    if status == EXTENDED:
        return "extended (public interest)"
    return status.replace("_", " ")


def parse_status(text: str) -> str:
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    key = _ALIASES.get(key, key)
    if key in COMPUTED_STATUSES:
        raise FoiError(f"{text!r} is computed from the dates and cannot be set by hand",
                       hint="record what happened instead, e.g. sent, acknowledged, refused")
    if key not in RECORDED_STATUSES:
        raise FoiError(f"unknown status {text!r}",
                       hint="use one of " + ", ".join(s.replace("_", "-") for s in RECORDED_STATUSES))
    return key


def normalise_section(text: str) -> str:
    """"section 40(2)", "s40(2)", "S.40 (2)" and "40(2)" all become "s.40(2)"."""
    match = _SECTION.match(text)
    if not match:
        raise FoiError(f"cannot read the section {text!r}", hint='write it as "s.12" or "s.40(2)"')
    return "s." + match.group(1) + re.sub(r"\s+", "", match.group(2)).lower()


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    question_template: str
    question_file: str | None
    dataset: str | None
    measures: tuple[str, ...]
    periods: tuple[str, ...]
    requester: str | None


@dataclass(frozen=True)
class Request:
    id: int
    campaign_id: int
    force: str
    force_name: str
    official_name: str
    law: str
    status: str
    first_sent_on: date | None
    clock_start: date | None
    extended_until: date | None
    review_requested_on: date | None
    replied_on: date | None
    sections: str | None
    reference: str | None

    def due(self) -> date | None:
        """The date a reply is (or was) due; None before sending or while the clock is stopped."""
        if self.status == INTERNAL_REVIEW and self.review_requested_on:
            return deadlines.due_date(self.review_requested_on, self.law)
        if self.clock_start is None or self.status in (DRAFT, CLARIFICATION_REQUESTED):
            return None
        if self.status == EXTENDED and self.law != FOISA:
            return self.extended_until or deadlines.due_date(
                self.clock_start, self.law,
                deadlines.STATUTORY_WORKING_DAYS + deadlines.EXTENSION_WORKING_DAYS)
        return deadlines.due_date(self.clock_start, self.law)

    def working_days_overdue(self, today: date) -> int:
        due = self.due()
        if due is None or self.status not in AWAITING_REPLY:
            return 0
        return deadlines.working_days_overdue(due, today, self.law)

    def effective_status(self, today: date) -> str:
        overdue = self.working_days_overdue(today)
        if overdue > deadlines.LONG_OVERDUE_AFTER:
            return LONG_OVERDUE
        return OVERDUE if overdue else self.status


# -- campaigns -----------------------------------------------------------------------------------
def create_campaign(store: Store, name: str, question: str, *, question_file: str | None = None,
                    dataset: str | None = None, forces: Iterable[str] | str = "all",
                    measures: Iterable[str] = (), periods: Iterable[str] = (),
                    requester: str | None = None) -> Campaign:
    """Create a campaign and a draft request for each force (default: all forces)."""
    from localwire.foi.letters import check_question

    name = name.strip()
    if not name:
        raise FoiError("a campaign needs a name")
    if store.rows("SELECT id FROM foi_campaigns WHERE name = ?", [name]):
        raise FoiError(f"a campaign called {name!r} already exists",
                       hint="choose another name, or see `localwire foi status`")
    areas = resolve_forces(store, forces)
    period_codes = [Period.parse(p).code for p in periods]
    check_question(question, areas, file=question_file)
    with store.transaction() as db:
        campaign_id = db.execute(
            "INSERT INTO foi_campaigns (name, question_template, question_file, dataset, measures,"
            " periods, requester) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [name, question, question_file, dataset, list(measures), period_codes, requester],
        ).fetchone()[0]
        db.executemany(
            "INSERT INTO foi_requests (campaign_id, force, foi_law) VALUES (?, ?, ?)",
            [[campaign_id, area.slug, deadlines.check_law(area.foi_law or "FOIA")]
             for area in areas])
    return get_campaign(store, name)


def resolve_forces(store: Store, forces: Iterable[str] | str) -> list:
    gazetteer = gazetteer_of(store)
    if isinstance(forces, str):
        forces = [forces] if forces.strip().lower() == "all" else [
            part for part in forces.split(",") if part.strip()]
    names = list(forces)
    if not names or [n.strip().lower() for n in names] == ["all"]:
        return sorted(gazetteer.forces(), key=lambda a: a.name)
    areas = []
    for name in names:
        area = gazetteer.resolve(name.strip())
        if not area.is_force:
            raise UnknownAreaError(f"{name!r} is not a police force ({area.kind})",
                                   hint="FOI requests go to forces; see `localwire areas`")
        if area not in areas:
            areas.append(area)
    return sorted(areas, key=lambda a: a.name)


def get_campaign(store: Store, name: str) -> Campaign:
    rows = store.rows("SELECT * FROM foi_campaigns WHERE name = ?", [name])
    if not rows:
        known = [r["name"] for r in store.rows("SELECT name FROM foi_campaigns ORDER BY name")]
        raise FoiError(f"no FOI campaign called {name!r}",
                       hint="known campaigns: " + (", ".join(known) or "none yet; "
                                                   "create one with `localwire foi new`"))
    row = rows[0]
    return Campaign(row["id"], row["name"], row["question_template"], row["question_file"],
                    row["dataset"], tuple(row["measures"] or ()), tuple(row["periods"] or ()),
                    row["requester"])


def campaign_names(store: Store) -> list[str]:
    return [r["name"] for r in store.rows("SELECT name FROM foi_campaigns ORDER BY id")]


def requests(store: Store, campaign: Campaign) -> list[Request]:
    rows = store.rows("SELECT * FROM foi_requests WHERE campaign_id = ? ORDER BY force",
                      [campaign.id])
    return sorted((_request(store, row) for row in rows), key=lambda r: r.force_name)


def get_request(store: Store, campaign: Campaign, force: str) -> Request:
    area = gazetteer_of(store).resolve(force)
    rows = store.rows("SELECT * FROM foi_requests WHERE campaign_id = ? AND force = ?",
                      [campaign.id, area.slug])
    if not rows:
        raise FoiError(f"campaign {campaign.name!r} has no request to {area.name}")
    return _request(store, rows[0])


def _request(store: Store, row: dict[str, Any]) -> Request:
    area = gazetteer_of(store).areas[row["force"]]
    return Request(row["id"], row["campaign_id"], area.slug, area.name, area.official_name,
                   row["foi_law"], row["status"], row["first_sent_on"], row["clock_start"],
                   row["extended_until"], row["review_requested_on"], row["replied_on"],
                   row["sections"], row["reference"])


# -- statuses ------------------------------------------------------------------------------------
@dataclass
class MarkResult:
    request: Request
    observations_written: int = 0
    observations_kept: int = 0  # figures already in the store, never overwritten by a status


def mark_request(store: Store, campaign: Campaign, force: str, status: str, *,
                 on: date | None = None, sections: Iterable[str] = (), until: date | None = None,
                 reference: str | None = None, note: str | None = None,
                 today: date | None = None) -> MarkResult:
    """Record what happened to a request on a date (default today).

    `sent` starts the clock (again, after answering a clarification: FOIA/FOISA s.1(3));
    `extended` may carry the date the force promised (`until`); refusals carry `sections`.
    Marking a request refused or not held writes observations with that status for the
    campaign's measures and periods (never over a figure already in the store).
    """
    today = today or date.today()
    on = on or today
    status = parse_status(status)
    cited = [normalise_section(s) for s in sections]
    request = get_request(store, campaign, force)
    _check_transition(request, status, on, today, cited, until)
    updates: dict[str, Any] = {"status": status}
    if status == SENT:
        updates.update(clock_start=on, extended_until=None, replied_on=None,
                       first_sent_on=request.first_sent_on or on)
    elif status == EXTENDED:
        updates["extended_until"] = until
    elif status in ANSWERED:
        updates["replied_on"] = on
    elif status == INTERNAL_REVIEW:
        updates["review_requested_on"] = on
    if cited:
        updates["sections"] = ", ".join(cited)
    if reference:
        updates["reference"] = reference
    result = MarkResult(request)
    with store.transaction() as db:
        assignments = ", ".join(f"{column} = ?" for column in updates)
        db.execute(f"UPDATE foi_requests SET {assignments} WHERE id = ?",
                   [*updates.values(), request.id])
        db.execute("INSERT INTO foi_events (request_id, status, on_date, sections, note) "
                   "VALUES (?, ?, ?, ?, ?)",
                   [request.id, status, on, ", ".join(cited) or None, note])
        if status in (REFUSED_STATUS, NOT_HELD_STATUS):
            result.observations_written, result.observations_kept = _write_status_observations(
                db, campaign, request, REFUSED if status == REFUSED_STATUS else NOT_HELD,
                ", ".join(cited))
    result.request = get_request(store, campaign, force)
    return result


def _check_transition(request: Request, status: str, on: date, today: date,
                      sections: list[str], until: date | None) -> None:
    where = f"{request.force_name}"
    if on > today:
        raise FoiError(f"{where}: the date {on.isoformat()} is in the future")
    if status == DRAFT and request.status != DRAFT:
        raise FoiError(f"{where}: a request that was sent cannot go back to draft")
    if status not in (DRAFT, SENT, WITHDRAWN) and request.clock_start is None:
        raise FoiError(f"{where}: the request has not been sent yet",
                       hint="mark it sent first: localwire foi mark NAME FORCE sent --date ...")
    if request.clock_start and status != DRAFT and on < request.clock_start and status != SENT:
        raise FoiError(f"{where}: {on.isoformat()} is before the request was sent "
                       f"({request.clock_start.isoformat()})")
    if sections and status not in WITH_SECTIONS:
        raise FoiError(f"{where}: sections go with a refusal, a partial success, a review "
                       f"or an appeal, not with {status_label(status)!r}")
    if until is not None and status != EXTENDED:
        raise FoiError(f"{where}: --until goes with 'extended' only")
    if until is not None and request.clock_start and until <= request.clock_start:
        raise FoiError(f"{where}: the extension date {until.isoformat()} is not after receipt")


def _write_status_observations(db, campaign: Campaign, request: Request, status: str,
                               sections: str) -> tuple[int, int]:
    """One observation per measure and period asked for; figures in the store are kept."""
    if not (campaign.dataset and campaign.measures and campaign.periods):
        return 0, 0
    if not db.execute("SELECT 1 FROM datasets WHERE id = ?", [campaign.dataset]).fetchone():
        db.execute("INSERT INTO datasets (id, title) VALUES (?, ?)",
                   [campaign.dataset, campaign.dataset])
    note = f"FOI {status.replace('_', ' ')}" + (f" ({sections})" if sections else "")
    cited = f"FOI campaign {campaign.name!r}: reply from {request.official_name}"
    written = kept = 0
    for measure in campaign.measures:
        for period in campaign.periods:
            current = db.execute(
                "SELECT id, status, version FROM observations WHERE current AND dataset = ? AND "
                "area = ? AND period = ? AND measure = ? AND breakdown = ''",
                [campaign.dataset, request.force, period, measure]).fetchone()
            if current and current[1] == status:
                continue
            if current and current[1] not in (REFUSED, NOT_HELD, "no_reply"):
                kept += 1
                continue
            if current:
                db.execute("UPDATE observations SET current = FALSE WHERE id = ?", [current[0]])
            observation_id = db.execute(
                "INSERT INTO observations (dataset, area, period, measure, breakdown, value, status,"
                " note, cited_source, source_location, version) VALUES (?, ?, ?, ?, '', NULL, ?, ?,"
                " ?, ?, ?) RETURNING id",
                [campaign.dataset, request.force, period, measure, status, note, cited,
                 f"foi request {request.id}", (current[2] if current else 0) + 1]).fetchone()[0]
            db.execute("INSERT INTO foi_status_observations VALUES (?, ?)",
                       [request.id, observation_id])
            written += 1
    return written, kept


# -- status board --------------------------------------------------------------------------------
@dataclass
class BoardRow:
    force: str
    force_name: str
    law: str
    sent: str | None
    due: str | None
    status: str
    recorded_status: str
    working_days_overdue: int
    sections: str | None
    replied: str | None


@dataclass
class Board:
    campaign: str
    today: str
    dataset: str | None = None
    rows: list[BoardRow] = field(default_factory=list)
    dataset_covered: list[str] | None = None  # forces with a reported figure in the dataset

    @property
    def counts(self) -> dict[str, int]:
        def count(*statuses: str) -> int:
            return sum(row.status in statuses for row in self.rows)
        return {
            "forces": len(self.rows),
            "replied": count(SUCCESSFUL, PARTIALLY_SUCCESSFUL),
            "overdue": count(OVERDUE, LONG_OVERDUE),
            "long_overdue": count(LONG_OVERDUE),
            "refused": count(REFUSED_STATUS),
            "not_held": count(NOT_HELD_STATUS),
            "awaiting": count(*AWAITING_REPLY, CLARIFICATION_REQUESTED),
            "in_appeal": count(APPEAL),
            "withdrawn": count(WITHDRAWN),
            "draft": count(DRAFT),
        }

    @property
    def summary(self) -> str:
        """e.g. "31 replied, 4 overdue, 2 refused of 46" (others named only when present)."""
        counts = self.counts
        parts = [f"{counts['replied']} replied", f"{counts['overdue']} overdue",
                 f"{counts['refused']} refused"]
        parts += [f"{counts[key]} {label}" for key, label in (
            ("not_held", "not held"), ("in_appeal", "in appeal"), ("withdrawn", "withdrawn"),
            ("draft", "not sent")) if counts[key]]
        return ", ".join(parts) + f" of {counts['forces']}"

    def replied_forces(self) -> list[str]:
        return sorted(r.force for r in self.rows if r.status in (SUCCESSFUL, PARTIALLY_SUCCESSFUL))

    def as_dict(self) -> dict[str, Any]:
        return {"campaign": self.campaign, "today": self.today, "summary": self.summary,
                "counts": self.counts, "dataset": self.dataset,
                "dataset_covered": self.dataset_covered,
                "rows": [row.__dict__ for row in self.rows]}


def status_board(store: Store, campaign: str | Campaign, today: date | None = None) -> Board:
    """Every request of a campaign with its due date and effective status, as of `today`."""
    today = today or date.today()
    if isinstance(campaign, str):
        campaign = get_campaign(store, campaign)
    board = Board(campaign.name, today.isoformat(), campaign.dataset)
    for request in requests(store, campaign):
        due = request.due()
        board.rows.append(BoardRow(
            force=request.force, force_name=request.force_name, law=request.law,
            sent=_iso(request.first_sent_on), due=_iso(due),
            status=request.effective_status(today), recorded_status=request.status,
            working_days_overdue=request.working_days_overdue(today),
            sections=request.sections, replied=_iso(request.replied_on)))
    if campaign.dataset:
        board.dataset_covered = dataset_coverage(
            store, campaign.dataset, forces=[row.force for row in board.rows],
            measures=campaign.measures, periods=campaign.periods)
    return board


def status_boards(store: Store, campaign: str | None = None,
                  today: date | None = None) -> list[Board]:
    """The board of one campaign, or of every campaign (oldest first)."""
    names = [campaign] if campaign else campaign_names(store)
    return [status_board(store, name, today) for name in names]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# -- coverage ------------------------------------------------------------------------------------
def dataset_coverage(store: Store, dataset: str, *, forces: Iterable[str] | None = None,
                     measures: Iterable[str] = (), periods: Iterable[str] = ()) -> list[str]:
    """Forces (slugs) with at least one current reported observation in `dataset`."""
    force_slugs = list(forces) if forces is not None else [a.slug for a in gazetteer_of(store).forces()]
    sql = ("SELECT DISTINCT area FROM observations WHERE current AND dataset = ? AND status = ? "
           "AND list_contains(?, area)")
    params: list[Any] = [dataset, REPORTED, force_slugs]
    for column, values in (("measure", list(measures)), ("period", list(periods))):
        if values:
            sql += f" AND list_contains(?, {column})"
            params.append(values)
    return sorted(row["area"] for row in store.rows(sql, params))


@dataclass
class CoverageComparison:
    board: list[str]      # forces the board says replied
    dataset: list[str]    # forces with a reported figure in the dataset
    board_only: list[str]
    dataset_only: list[str]

    @property
    def agree(self) -> bool:
        return not (self.board_only or self.dataset_only)


def compare_coverage(store: Store, campaign: str | Campaign,
                     today: date | None = None) -> CoverageComparison:
    """Do the board's "replied" forces and the dataset's covered forces match?"""
    if isinstance(campaign, str):
        campaign = get_campaign(store, campaign)
    if not campaign.dataset:
        raise FoiError(f"campaign {campaign.name!r} has no dataset to compare with",
                       hint="create the campaign with --dataset")
    board = status_board(store, campaign, today)
    replied = board.replied_forces()
    covered = board.dataset_covered or []
    return CoverageComparison(replied, covered, sorted(set(replied) - set(covered)),
                              sorted(set(covered) - set(replied)))
