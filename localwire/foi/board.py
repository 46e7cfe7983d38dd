"""The status board: every request of a campaign in exactly one bucket, as of a given day.

Buckets are exclusive and cover every state, so the counts always add up to the number of
requests. A refusal stays visible while it is reviewed or appealed (`answer` on the row, and
`refusals` on the board). The board is compared with the campaign's dataset: a force the board
calls successful must have a figure there, a refusal must be recorded as refused, and so on;
each disagreement is a `Difference` with a one-line reason.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from localwire.foi import deadlines
from localwire.foi import lifecycle as lc
from localwire.foi.campaign import Campaign, Request, campaign_names, get_campaign, requests
from localwire.foi.timeline import Timeline
from localwire.model.numbers import as_json
from localwire.model.statuses import NO_REPLY, NOT_HELD, REFUSED, REPORTED
from localwire.store import Store
from localwire.store import campaigns as queries

BUCKETS = {
    "not_sent": "not sent",
    "awaiting": "awaiting reply",
    "clock_stopped": "clock stopped",          # a clarification or a fee is awaited
    "overdue": "overdue",
    "long_overdue": "long overdue",
    "to_classify": "reply to classify",
    "successful": "successful",
    "partially_successful": "partially successful",
    "refused": "refused",
    "not_held": "not held",
    "in_review": "in review",
    "in_appeal": "in appeal",
    "decided": "decided by the commissioner",
    "no_reply": "closed: no reply",
    "lapsed": "fee not paid",
    "withdrawn": "withdrawn",
}
_BY_STATE = {lc.DRAFT: "not_sent", lc.CLARIFICATION: "clock_stopped",
             lc.TO_CLASSIFY: "to_classify", lc.REVIEW_TO_CLASSIFY: "to_classify",
             lc.REVIEW: "in_review", lc.APPEAL: "in_appeal", lc.DECIDED: "decided",
             lc.CLOSED_STATE: "no_reply", lc.WITHDRAWN_STATE: "withdrawn"}
WITH_FIGURES = (lc.SUCCESSFUL, lc.PARTIALLY_SUCCESSFUL)
_ANSWERED_STAGES = (lc.ANSWERED, lc.REVIEW, lc.REVIEWED, lc.APPEAL, lc.DECIDED)
_STATUS_OF = {lc.REFUSED: REFUSED, lc.NOT_HELD: NOT_HELD}


def bucket(timeline: Timeline, today: date) -> str:
    """The one bucket a request is in on `today`."""
    state = timeline.state
    if state in lc.CLOCK_RUNNING:
        overdue = timeline.overdue_days(today)
        if overdue > deadlines.LONG_OVERDUE_AFTER:
            return "long_overdue"
        return "overdue" if overdue else "awaiting"
    if state == lc.FEE:
        return "lapsed" if timeline.fee_lapsed(today) else "clock_stopped"
    if state in (lc.ANSWERED, lc.REVIEWED):
        return timeline.outcome
    return _BY_STATE[state]


def _label(outcome: str | None) -> str:
    return (outcome or "").replace("_", " ")


@dataclass
class BoardRow:
    force: str
    force_name: str
    law: str
    nation: str
    state: str
    bucket: str
    status: str                    # the bucket in words, with the answer under review
    sent: str | None
    due: str | None
    working_days_overdue: int
    outcome: str | None
    sections: str | None
    answer: str | None             # the answer a review or appeal is about
    replied: str | None
    on_time: bool | None
    working_days_to_reply: int | None
    review_asked: str | None
    review_due: str | None
    review_overdue_days: int
    next_deadline: str | None      # what the requester must do by when
    reference: str | None
    actions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def board_row(request: Request, today: date) -> BoardRow:
    t = request.timeline
    key = bucket(t, today)
    status = BUCKETS[key]
    if key in ("in_review", "in_appeal", "decided") and t.outcome:
        status += f" ({_label(t.outcome)}" + (f" {', '.join(t.sections)}" if t.sections else "") + ")"
    return BoardRow(
        force=request.force, force_name=request.force_name, law=request.law,
        nation=request.nation, state=t.state, bucket=key, status=status, sent=_iso(t.sent_on),
        due=None if t.state in lc.CLOCK_STOPPED else _iso(t.due),
        working_days_overdue=t.overdue_days(today), outcome=t.outcome,
        sections=", ".join(t.sections) or None,
        answer=t.answer if t.state in (lc.REVIEW, lc.REVIEW_TO_CLASSIFY, lc.REVIEWED, lc.APPEAL,
                                       lc.DECIDED) else None,
        replied=_iso(t.first_reply_on), on_time=t.on_time,
        working_days_to_reply=t.working_days_to_reply(), review_asked=_iso(t.review_asked_on),
        review_due=_iso(t.review_due), review_overdue_days=t.review_overdue_days(today),
        next_deadline=_next_deadline(t, today), reference=request.reference,
        actions=[lc.label(kind) for kind in t.allowed(today)], warnings=list(t.warnings),
        ignored=[f"{lc.label(e.kind)} on {e.on.isoformat()}: {why}" for e, why in t.ignored])


def _next_deadline(t: Timeline, today: date) -> str | None:
    """The requester's next limit, if one is running: pay a fee, ask a review, appeal."""
    unhappy = t.outcome != lc.SUCCESSFUL
    review_late = t.state == lc.REVIEW and t.review_longstop and today > t.review_longstop
    who = "the SIC" if t.law == deadlines.FOISA else "the ICO"
    if t.state == lc.FEE and t.fee_pay_by():
        return f"pay the fee by {t.fee_pay_by().isoformat()}"
    if t.state == lc.ANSWERED and t.review_by and unhappy:
        return f"ask for a review by {t.review_by.isoformat()}"
    if t.appeal_by and ((t.state == lc.REVIEWED and unhappy) or review_late):
        return f"go to {who} by {t.appeal_by.isoformat()}"
    return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Difference:
    force: str
    force_name: str
    board: str          # what the board says
    dataset: str        # what the dataset holds for the periods asked
    reason: str


@dataclass
class Board:
    campaign: str
    today: str
    dataset: str | None = None
    periods: tuple[str, ...] = ()
    rows: list[BoardRow] = field(default_factory=list)
    dataset_covered: list[str] | None = None    # forces with a reported figure in the dataset
    differences: list[Difference] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Requests per bucket (every bucket, zeros included); they add up to `total`."""
        found = {key: 0 for key in BUCKETS}
        for row in self.rows:
            found[row.bucket] += 1
        return found

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def summary(self) -> str:
        """e.g. "46 requests: 31 successful, 4 overdue, 2 refused, 9 not sent"."""
        parts = [f"{n} {BUCKETS[key]}" for key, n in self.counts.items() if n]
        return f"{self.total} requests: " + ", ".join(parts)

    @property
    def refusals(self) -> dict[str, int]:
        """Refused answers by where they stand now: still standing, in review, in appeal..."""
        found: dict[str, int] = {}
        for row in self.rows:
            refused = row.outcome == lc.REFUSED or row.answer == lc.REFUSED
            if refused and row.state in (*_ANSWERED_STAGES, lc.REVIEW_TO_CLASSIFY):
                found[row.bucket] = found.get(row.bucket, 0) + 1
        return found

    @property
    def stats(self) -> dict[str, Any]:
        """On-time rate and median working days to the first reply, over requests replied to."""
        replied = [row for row in self.rows if row.replied]
        on_time = sum(bool(row.on_time) for row in replied)
        days = [row.working_days_to_reply for row in replied
                if row.working_days_to_reply is not None]
        return {"sent": sum(row.sent is not None for row in self.rows), "replied": len(replied),
                "on_time": on_time,
                "on_time_rate": round(on_time / len(replied), 4) if replied else None,
                "median_working_days_to_reply": _median(days)}

    def replied_forces(self) -> list[str]:
        return sorted(r.force for r in self.rows if r.outcome in WITH_FIGURES
                      and r.state in _ANSWERED_STAGES)

    def as_dict(self) -> dict[str, Any]:
        return {"campaign": self.campaign, "today": self.today, "summary": self.summary,
                "total": self.total, "counts": self.counts, "refusals": self.refusals,
                "stats": self.stats, "dataset": self.dataset,
                "dataset_covered": self.dataset_covered,
                "differences": [asdict(d) for d in self.differences],
                "rows": [asdict(row) for row in self.rows]}


def status_board(store: Store, campaign: str | Campaign, today: date) -> Board:
    """Every request of a campaign with its bucket, dates and actions, as of `today`."""
    campaign = get_campaign(store, campaign)
    board = Board(campaign.name, today.isoformat(), campaign.dataset, campaign.periods)
    made = requests(store, campaign)
    board.rows = [board_row(request, today) for request in made]
    if campaign.dataset:
        found = queries.dataset_statuses(store, campaign.dataset, [r.force for r in made],
                                         campaign.measures, campaign.periods)
        board.dataset_covered = sorted(f for f, statuses in found.items() if REPORTED in statuses)
        board.differences = [d for row in board.rows
                             if (d := _difference(row, found[row.force])) is not None]
    return board


def status_boards(store: Store, campaign: str | None = None, *, today: date) -> list[Board]:
    """The board of one campaign, or of every campaign (oldest first)."""
    names = [campaign] if campaign else campaign_names(store)
    return [status_board(store, name, today=today) for name in names]


def _expected(row: BoardRow) -> str | None:
    """The status the dataset should hold for this force, from the board."""
    if row.state == lc.CLOSED_STATE:
        return NO_REPLY
    if row.state not in _ANSWERED_STAGES or row.outcome is None:
        return None
    return REPORTED if row.outcome in WITH_FIGURES else _STATUS_OF[row.outcome]


def _difference(row: BoardRow, statuses: set[str]) -> Difference | None:
    expected = _expected(row)
    held = ", ".join(sorted(statuses)) or "nothing"
    say = row.status

    def differ(reason: str) -> Difference:
        return Difference(row.force, row.force_name, say, held, reason)

    if expected == REPORTED:
        return None if REPORTED in statuses else differ(
            f"the board says {say} but the dataset has no figure")
    if REPORTED in statuses:
        return differ(f"the dataset has figures but the board says {say}")
    if expected is not None and expected not in statuses:
        return differ(f"the board says {say} but the dataset does not record it "
                      f"(record it with `foi mark`, or import the reply)")
    stale = statuses & {REFUSED, NOT_HELD, NO_REPLY}
    if expected is None and stale:
        return differ(f"the dataset says {', '.join(sorted(stale)).replace('_', ' ')} but the "
                      f"board says {say}")
    return None


def _median(days: list[int]) -> int | float | None:
    """The median, exact, as JSON gives it: 14 (never 14.0) or 14.5; None without replies."""
    return as_json(statistics.median(Fraction(d) for d in days)) if days else None
