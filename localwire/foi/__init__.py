"""FOI campaigns: ask every force the same question, track every deadline, keep every reply.

Library first; `localwire.cli.foi` only parses arguments and prints.
"""

from __future__ import annotations

from localwire.foi.campaign import (
    Board,
    Campaign,
    CoverageComparison,
    FoiError,
    MarkResult,
    Request,
    campaign_names,
    compare_coverage,
    create_campaign,
    dataset_coverage,
    get_campaign,
    get_request,
    mark_request,
    requests,
    status_board,
    status_boards,
    status_label,
)
from localwire.foi.deadlines import due_date, is_working_day, working_days_between
from localwire.foi.letters import render_letter, write_letters
from localwire.foi.replies import (
    AttachResult,
    Reply,
    ReplyImport,
    SectionHit,
    attach_reply,
    detect_sections,
    import_reply,
    replies_for,
    suggest_status,
)

__all__ = [
    "AttachResult", "Board", "Campaign", "CoverageComparison", "FoiError", "MarkResult", "Reply",
    "ReplyImport", "Request", "SectionHit", "attach_reply", "campaign_names", "compare_coverage",
    "create_campaign", "dataset_coverage", "detect_sections", "due_date", "get_campaign",
    "get_request", "import_reply", "is_working_day", "mark_request", "render_letter",
    "replies_for", "requests", "status_board", "status_boards", "status_label", "suggest_status",
    "working_days_between", "write_letters",
]
