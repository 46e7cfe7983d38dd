"""FOI campaigns: ask every force the same question, track every request as dated events under
its law, keep every reply, and compare the board with the dataset the replies build.

Library first; `localwire.cli.foi` only parses arguments and prints. The request lifecycle is
pure (`lifecycle`: events, states and the transition table per law; `timeline`: the fold and
every clock); `campaign` records events, `board` buckets requests, `letters` writes the letter
for each stage, `replies` keeps and imports replies. Every query is in
`localwire.store.campaigns`.

The desk (web or CLI) needs: `status_board` (buckets, counts that add up, refusals through
review and appeal, on-time rate, median days, the differences with the dataset, and for each
row the events the table allows now), `record` / `record_event` / `close_no_reply` (actions),
`attach_reply` / `import_reply`, and `write_letters` / `render_letter` / `letters_due`.
"""

from __future__ import annotations

from datetime import date

from localwire.foi.batch import entries_for, entries_from_csv
from localwire.foi.board import (
    BUCKETS,
    Board,
    BoardRow,
    Difference,
    bucket,
)
from localwire.foi.board import status_board as _status_board
from localwire.foi.board import status_boards as _status_boards
from localwire.foi.campaign import (
    Campaign,
    Entry,
    FoiError,
    Recorded,
    Request,
    campaign_names,
    close_no_reply,
    create_campaign,
    get_campaign,
    get_request,
    parse_event,
    record,
    record_event,
    requests,
)
from localwire.foi.deadlines import due_date, is_working_day, working_days_between
from localwire.foi.letters import KINDS, letters_due, render_letter, write_letters
from localwire.foi.lifecycle import Event
from localwire.foi.questions import bundled_question
from localwire.foi.replies import (
    AttachResult,
    Reply,
    ReplyImport,
    attach_reply,
    import_reply,
    replies_for,
)
from localwire.foi.sections import SectionHit, detect_sections, normalise_section, suggest_outcome
from localwire.foi.timeline import LifecycleError, Timeline, derive
from localwire.store import Store


def system_today() -> date:
    """The machine's date: only for callers that do not yet pass `today` (see below)."""
    return date.today()


def status_board(store: Store, campaign: str | Campaign, today: date | None = None) -> Board:
    """`localwire.foi.board.status_board`; `today` falls back to the machine's date for the
    web desk's /foi page until it passes one (issue 12). Everything below takes `today`."""
    return _status_board(store, campaign, today=today or system_today())


def status_boards(store: Store, campaign: str | None = None,
                  today: date | None = None) -> list[Board]:
    """`localwire.foi.board.status_boards`, with the same fall-back as `status_board`."""
    return _status_boards(store, campaign, today=today or system_today())


def mark_request(store: Store, campaign: str | Campaign, force: str, what: str, *,
                 on: date | None = None, today: date | None = None, **details) -> Recorded:
    """`record_event` for callers written before `on` and `today` were required."""
    today = today or system_today()
    return record_event(store, campaign, force, what, on=on or today, today=today, **details)


__all__ = [
    "BUCKETS", "KINDS", "AttachResult", "Board", "BoardRow", "Campaign", "Difference", "Entry",
    "Event", "FoiError", "LifecycleError", "Recorded", "Reply", "ReplyImport", "Request",
    "SectionHit", "Timeline", "attach_reply", "bucket", "bundled_question", "campaign_names",
    "close_no_reply", "create_campaign", "derive", "detect_sections", "due_date",
    "entries_for", "entries_from_csv", "get_campaign", "get_request", "import_reply",
    "is_working_day", "letters_due", "mark_request", "normalise_section", "parse_event",
    "record", "record_event", "render_letter", "replies_for", "requests", "status_board",
    "status_boards", "suggest_outcome", "system_today", "working_days_between",
    "write_letters",
]
