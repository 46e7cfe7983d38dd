"""The FOI board on the desk: every campaign's requests in their buckets, overdue first and
marked, the on-time rate, median days to reply and the differences with the dataset (all from
`localwire.foi.status_board`), and recording what happened to a request (the desk's own
`localwire foi mark`), attributed to the signed-in user in the audit log."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from localwire.foi import BUCKETS, record_event, status_boards
from localwire.store import Store
from localwire.store import stories as rows

OVERDUE = ("overdue", "long_overdue")
OUTCOMES = ("successful", "partially-successful", "refused", "not-held")
NEEDS_OUTCOME = ("classified", "review-answered")


@dataclass
class BoardView:
    campaign: str
    today: str
    summary: str
    dataset: str | None
    covered: int | None
    counts: list[tuple[str, int]]
    stats: dict[str, Any]
    differences: list[dict[str, Any]]
    rows: list[dict[str, Any]]


def choices(actions: list[str]) -> list[str]:
    """What the row's form offers: the events the law allows now, a classification spelt
    out as its outcome ("refused" rather than "classified")."""
    plain = [a for a in actions if a not in (*NEEDS_OUTCOME, "decision")]
    return plain + (list(OUTCOMES) if any(a in NEEDS_OUTCOME for a in actions) else [])


def boards(store: Store, today: date) -> list[BoardView]:
    views = []
    for board in status_boards(store, today=today):
        shown = [{**asdict(row), "overdue": row.bucket in OVERDUE,
                  "long_overdue": row.bucket == "long_overdue",
                  "choices": choices(row.actions)} for row in board.rows]
        shown.sort(key=lambda r: (-r["working_days_overdue"], r["force_name"]))
        views.append(BoardView(
            board.campaign, board.today, board.summary, board.dataset,
            len(board.dataset_covered) if board.dataset_covered is not None else None,
            [(BUCKETS[key], n) for key, n in board.counts.items() if n], board.stats,
            [asdict(d) for d in board.differences], shown))
    return views


def mark(store: Store, campaign: str, force: str, what: str, *, on: date, today: date,
         sections: list[str], actor: str) -> str:
    """Record one dated event for a request; returns the force's name. FoiError if the law
    or the request's history does not allow it."""
    result = record_event(store, campaign, force, what, on=on, today=today, sections=sections,
                          note=f"recorded on the desk by {actor}")
    with store.transaction() as db:
        rows.log(db, None, "foi-marked", actor, {
            "campaign": campaign, "force": result.request.force, "status": what,
            "on": on.isoformat(), "sections": sections})
    return result.request.force_name
