"""The FOI board on the desk: every campaign's requests, sortable, overdue first in sight, and
recording what happened to a request (the desk's own `localwire foi mark`), attributed to the
signed-in user in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from localwire.foi import get_campaign, mark_request, status_boards, status_label
from localwire.foi.campaign import COMPUTED_STATUSES, RECORDED_STATUSES
from localwire.store import Store
from localwire.store import stories as rows

MARKABLE = tuple(s for s in RECORDED_STATUSES if s != "draft")


@dataclass
class BoardView:
    campaign: str
    summary: str
    today: str
    dataset: str | None
    covered: int | None
    rows: list[dict[str, Any]]


def boards(store: Store, today: date | None = None) -> list[BoardView]:
    views = []
    for board in status_boards(store, today=today):
        shown = []
        for row in board.rows:
            shown.append({**row.__dict__, "label": status_label(row.status, row.law),
                          "overdue": row.status in COMPUTED_STATUSES,
                          "long_overdue": row.status == "long_overdue"})
        shown.sort(key=lambda r: (-r["working_days_overdue"], r["force_name"]))
        views.append(BoardView(board.campaign, board.summary, board.today, board.dataset,
                               len(board.dataset_covered) if board.dataset_covered is not None
                               else None, shown))
    return views


def mark(store: Store, campaign: str, force: str, status: str, *, on: date | None,
         sections: list[str], actor: str) -> str:
    """Record a request's new status; returns the force's name. Errors are FoiError."""
    result = mark_request(store, get_campaign(store, campaign), force, status, on=on,
                          sections=sections, note=f"recorded on the desk by {actor}")
    with store.transaction() as db:
        rows.log(db, None, "foi-marked", actor, {
            "campaign": campaign, "force": result.request.force, "status": status,
            "on": on.isoformat() if on else None, "sections": sections})
    return result.request.force_name
