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

from localwire.foi.batch import entries_for, entries_from_csv
from localwire.foi.board import (
    BUCKETS,
    Board,
    BoardRow,
    Difference,
    bucket,
    status_board,
    status_boards,
)
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

__all__ = [
    "BUCKETS", "KINDS", "AttachResult", "Board", "BoardRow", "Campaign", "Difference", "Entry",
    "Event", "FoiError", "LifecycleError", "Recorded", "Reply", "ReplyImport", "Request",
    "SectionHit", "Timeline", "attach_reply", "bucket", "bundled_question", "campaign_names",
    "close_no_reply", "create_campaign", "derive", "detect_sections", "due_date",
    "entries_for", "entries_from_csv", "get_campaign", "get_request", "import_reply",
    "is_working_day", "letters_due", "normalise_section", "parse_event",
    "record", "record_event", "render_letter", "replies_for", "requests", "status_board",
    "status_boards", "suggest_outcome", "working_days_between",
    "write_letters",
]
