"""Value statuses: what a cell in a reply or a table says about a figure.

A figure is `reported`; otherwise the source told us why there is no figure: it was
`suppressed` (small numbers hidden, e.g. "<5", kept as bounds 0..4 and never summed as zero),
`refused` (e.g. under FOIA s.12, cost), `not_held`, `flag_not_used` (the force does not use the
online flag), or there was `no_reply`.
"""

from __future__ import annotations

REPORTED = "reported"
SUPPRESSED = "suppressed"
REFUSED = "refused"
NOT_HELD = "not_held"
FLAG_NOT_USED = "flag_not_used"
NO_REPLY = "no_reply"

STATUSES = (REPORTED, SUPPRESSED, REFUSED, NOT_HELD, FLAG_NOT_USED, NO_REPLY)

DESCRIPTIONS = {
    REPORTED: "figure reported",
    SUPPRESSED: "small number suppressed by the source",
    REFUSED: "request refused",
    NOT_HELD: "information not held",
    FLAG_NOT_USED: "the force does not use this flag",
    NO_REPLY: "no reply",
}
