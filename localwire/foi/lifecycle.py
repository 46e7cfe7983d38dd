"""The life of one FOI request: dated events, an explicit transition table per law, the state.

Pure: no store, no clock. The state of a request is *derived* from its dated events, taken in
date order (events of one day in the natural order of a request, `KINDS`), never from the order
in which they were entered. `localwire.foi.timeline` folds the events through the table below
and computes every deadline; docs/foi.md gives the section of the Act behind each rule.

States and what moves them, for both laws:

    draft --sent--> awaiting --reply_received--> to_classify --classified--> answered
    awaiting --clarification_asked--> clarification --clarification_answered--> awaiting
    awaiting --fee_notice--> fee --fee_paid--> awaiting
    awaiting --extended--> extended              (FOIA s.10(3) only; FOISA has no extension)
    answered --review_asked--> review --review_answered--> reviewed --appealed--> appeal
    appeal --decision--> decided;  overdue --closed--> closed (no reply);  * --withdrawn--> withdrawn

Some moves need a date condition (a guard): asking for a review of a request that was never
answered needs the reply to be overdue; a complaint about a review needs the review to be late.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from localwire.foi.deadlines import FOIA, FOISA, LAWS

# -- events --------------------------------------------------------------------------------------
SENT = "sent"                                      # the day the force received the request
ACKNOWLEDGED = "acknowledged"
CLARIFICATION_ASKED = "clarification_asked"        # s.1(3): the clock stops
CLARIFICATION_ANSWERED = "clarification_answered"  # a new 20 working days from this day
FEE_NOTICE = "fee_notice"                          # s.9: the clock stops
FEE_PAID = "fee_paid"                              # the days in between are disregarded (s.10(2))
EXTENDED = "extended"                              # FOIA s.10(3) with a s.17(2) notice
REPLY_RECEIVED = "reply_received"
CLASSIFIED = "classified"                          # what the reply amounts to
REVIEW_ASKED = "review_asked"                      # internal review / FOISA s.20 requirement
REVIEW_ANSWERED = "review_answered"
APPEALED = "appealed"                              # complaint to the ICO (s.50) / SIC (s.47)
DECISION = "decision"                              # the commissioner's decision notice
CLOSED = "closed"                                  # given up: no reply
WITHDRAWN = "withdrawn"

KINDS = (SENT, ACKNOWLEDGED, CLARIFICATION_ASKED, CLARIFICATION_ANSWERED, FEE_NOTICE, FEE_PAID,
         EXTENDED, REPLY_RECEIVED, CLASSIFIED, REVIEW_ASKED, REVIEW_ANSWERED, APPEALED, DECISION,
         CLOSED, WITHDRAWN)
RANK = {kind: rank for rank, kind in enumerate(KINDS)}

# -- outcomes ------------------------------------------------------------------------------------
SUCCESSFUL = "successful"
PARTIALLY_SUCCESSFUL = "partially_successful"
REFUSED = "refused"
NOT_HELD = "not_held"
OUTCOMES = (SUCCESSFUL, PARTIALLY_SUCCESSFUL, REFUSED, NOT_HELD)
UPHELD = "upheld"
PARTLY_UPHELD = "partly_upheld"
NOT_UPHELD = "not_upheld"
DECISIONS = (UPHELD, PARTLY_UPHELD, NOT_UPHELD)

# -- states --------------------------------------------------------------------------------------
DRAFT = "draft"
AWAITING = "awaiting"
CLARIFICATION = "clarification"
FEE = "fee"
EXTENDED_STATE = "extended"
TO_CLASSIFY = "to_classify"
ANSWERED = "answered"
REVIEW = "review"
REVIEW_TO_CLASSIFY = "review_to_classify"
REVIEWED = "reviewed"
APPEAL = "appeal"
DECIDED = "decided"
CLOSED_STATE = "closed"
WITHDRAWN_STATE = "withdrawn"

STATES = (DRAFT, AWAITING, CLARIFICATION, FEE, EXTENDED_STATE, TO_CLASSIFY, ANSWERED, REVIEW,
          REVIEW_TO_CLASSIFY, REVIEWED, APPEAL, DECIDED, CLOSED_STATE, WITHDRAWN_STATE)
CLOCK_RUNNING = frozenset({AWAITING, EXTENDED_STATE})   # the force owes a reply by a date
CLOCK_STOPPED = frozenset({CLARIFICATION, FEE})         # the force waits on the requester
NO_REPLY_YET = CLOCK_RUNNING | CLOCK_STOPPED | {CLOSED_STATE}

STATE_LABELS = {
    DRAFT: "not sent", AWAITING: "awaiting reply", CLARIFICATION: "clarification asked",
    FEE: "fees notice to pay", EXTENDED_STATE: "extended (public interest)",
    TO_CLASSIFY: "reply received, to classify", ANSWERED: "answered",
    REVIEW: "in review", REVIEW_TO_CLASSIFY: "review answered, to classify",
    REVIEWED: "reviewed", APPEAL: "in appeal", DECIDED: "decided by the commissioner",
    CLOSED_STATE: "closed without reply", WITHDRAWN_STATE: "withdrawn",
}

# -- guards: date conditions on a move -----------------------------------------------------------
REPLY_OVERDUE = "reply_overdue"    # the clock ran out before this date
REVIEW_LAPSED = "review_lapsed"    # the review is late enough for the commissioner


@dataclass(frozen=True)
class Move:
    to: str
    guard: str | None = None


def _table(law: str) -> dict[str, dict[str, Move]]:
    """The transition table of `law`: state -> event kind -> Move. Anything absent is refused."""
    awaiting = {
        ACKNOWLEDGED: Move(AWAITING), CLARIFICATION_ASKED: Move(CLARIFICATION),
        FEE_NOTICE: Move(FEE), REPLY_RECEIVED: Move(TO_CLASSIFY), CLASSIFIED: Move(ANSWERED),
        REVIEW_ASKED: Move(REVIEW, REPLY_OVERDUE), CLOSED: Move(CLOSED_STATE, REPLY_OVERDUE),
        WITHDRAWN: Move(WITHDRAWN_STATE),
    }
    table = {
        DRAFT: {SENT: Move(AWAITING), WITHDRAWN: Move(WITHDRAWN_STATE)},
        AWAITING: awaiting,
        CLARIFICATION: {ACKNOWLEDGED: Move(CLARIFICATION),
                        CLARIFICATION_ANSWERED: Move(AWAITING), REPLY_RECEIVED: Move(TO_CLASSIFY),
                        CLASSIFIED: Move(ANSWERED), WITHDRAWN: Move(WITHDRAWN_STATE)},
        FEE: {ACKNOWLEDGED: Move(FEE), FEE_PAID: Move(AWAITING), REPLY_RECEIVED: Move(TO_CLASSIFY),
              CLASSIFIED: Move(ANSWERED), WITHDRAWN: Move(WITHDRAWN_STATE)},
        TO_CLASSIFY: {REPLY_RECEIVED: Move(TO_CLASSIFY), CLASSIFIED: Move(ANSWERED),
                      WITHDRAWN: Move(WITHDRAWN_STATE)},
        ANSWERED: {REPLY_RECEIVED: Move(TO_CLASSIFY), CLASSIFIED: Move(ANSWERED),
                   REVIEW_ASKED: Move(REVIEW), WITHDRAWN: Move(WITHDRAWN_STATE)},
        REVIEW: {REPLY_RECEIVED: Move(REVIEW_TO_CLASSIFY), REVIEW_ANSWERED: Move(REVIEWED),
                 APPEALED: Move(APPEAL, REVIEW_LAPSED), WITHDRAWN: Move(WITHDRAWN_STATE)},
        REVIEW_TO_CLASSIFY: {REPLY_RECEIVED: Move(REVIEW_TO_CLASSIFY),
                             REVIEW_ANSWERED: Move(REVIEWED), WITHDRAWN: Move(WITHDRAWN_STATE)},
        REVIEWED: {REPLY_RECEIVED: Move(REVIEW_TO_CLASSIFY), REVIEW_ANSWERED: Move(REVIEWED),
                   APPEALED: Move(APPEAL), WITHDRAWN: Move(WITHDRAWN_STATE)},
        # the force may release more while the commissioner investigates
        APPEAL: {REPLY_RECEIVED: Move(APPEAL), CLASSIFIED: Move(APPEAL), DECISION: Move(DECIDED),
                 WITHDRAWN: Move(WITHDRAWN_STATE)},
        DECIDED: {REPLY_RECEIVED: Move(TO_CLASSIFY), CLASSIFIED: Move(ANSWERED)},
        CLOSED_STATE: {REPLY_RECEIVED: Move(TO_CLASSIFY), CLASSIFIED: Move(ANSWERED)},
        WITHDRAWN_STATE: {},
    }
    if law == FOIA:
        # s.10(3): more time to weigh the public interest; the ICO hears complaints about a
        # reply that never came (s.50) without an internal review first.
        awaiting[EXTENDED] = Move(EXTENDED_STATE)
        awaiting[APPEALED] = Move(APPEAL, REPLY_OVERDUE)
        table[EXTENDED_STATE] = {
            ACKNOWLEDGED: Move(EXTENDED_STATE), EXTENDED: Move(EXTENDED_STATE),
            REPLY_RECEIVED: Move(TO_CLASSIFY), CLASSIFIED: Move(ANSWERED),
            REVIEW_ASKED: Move(REVIEW, REPLY_OVERDUE), APPEALED: Move(APPEAL, REPLY_OVERDUE),
            CLOSED: Move(CLOSED_STATE, REPLY_OVERDUE), WITHDRAWN: Move(WITHDRAWN_STATE)}
    return table


TABLES = {law: _table(law) for law in LAWS}


def move(law: str, state: str, kind: str) -> Move | None:
    """The move `kind` makes from `state` under `law`, or None when the table refuses it."""
    return TABLES[law].get(state, {}).get(kind)


def refusal(law: str, state: str, kind: str) -> str:
    """Why the table refuses `kind` in `state` (one line)."""
    review_stage = state in (REVIEW, REVIEW_TO_CLASSIFY, REVIEWED)
    still_dealing = "while the force is still dealing with the request"
    reasons = [
        (state == DRAFT, "the request has not been sent yet"),
        (state == WITHDRAWN_STATE, "the request was withdrawn"),
        (kind == EXTENDED and law == FOISA,
         "FOISA has no public interest extension: the 20 working days of s.10(1) stand"),
        (kind == APPEALED and law == FOISA and not review_stage,
         "under FOISA an application to the Scottish Information Commissioner comes after a "
         "requirement for review (s.47(1)); record review-asked first"),
        (kind == APPEALED and state in (ANSWERED, TO_CLASSIFY),
         "ask for an internal review first: the ICO expects the authority's complaints "
         "procedure to be used (s.50(2)(a))"),
        (kind == SENT, "the request was already sent; after a clarification record "
                       "clarification-answered"),
        (kind == CLARIFICATION_ANSWERED, "no clarification is outstanding"),
        (kind == FEE_PAID, "no fees notice is outstanding"),
        (kind == CLASSIFIED and review_stage,
         "this is the answer to a review: record review-answered"),
        (kind == REVIEW_ASKED and review_stage, "a review was already asked"),
        (kind == REVIEW_ASKED and state == TO_CLASSIFY,
         "classify the reply first: a review asks the force to reconsider its answer"),
        (kind == REVIEW_ANSWERED and not review_stage, "no review was asked"),
        (kind == DECISION, "no complaint or application is with the commissioner"),
        (kind == CLOSED, "only a request still waiting for its reply can be closed as no reply"),
        (state == EXTENDED_STATE and kind in (FEE_NOTICE, CLARIFICATION_ASKED),
         "an extension means the force has found the information: a clarification or a fees "
         "notice comes before it"),
        (kind == FEE_NOTICE, f"a fees notice comes {still_dealing} (s.9(1))"),
        (kind == EXTENDED, f"an extension comes {still_dealing} (s.10(3))"),
        (kind == CLARIFICATION_ASKED, f"a clarification is asked {still_dealing} (s.1(3))"),
        (kind == ACKNOWLEDGED, f"nothing to acknowledge: the request is {STATE_LABELS[state]}"),
    ]
    for applies, reason in reasons:
        if applies:
            return reason
    return f"cannot record {label(kind)} when the request is {STATE_LABELS[state]}"


def label(kind: str) -> str:
    return kind.replace("_", "-")


# -- the event -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    """One dated thing that happened to a request. `id` and `note` are bookkeeping only."""

    kind: str
    on: date
    outcome: str | None = None          # classified / review_answered / decision
    sections: tuple[str, ...] = ()      # cited sections, e.g. ("s.12",) or ("s.31(1)(a)",)
    until: date | None = None           # extended: the date the force promised
    reply_id: int | None = None         # reply_received: the file kept
    note: str | None = field(default=None, compare=False)
    id: int | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        return (self.on, RANK[self.kind], self.outcome or "", self.sections,
                self.until or date.min, self.reply_id or 0)


def chronological(events) -> list[Event]:
    """Events in date order; one day's events in the natural order of a request."""
    return sorted(events, key=Event.sort_key)


_SECTION_NUMBER = re.compile(r"^s\.(\d+)")
# FOIA: a limit or an absolute exemption (s.2(3)) has no public interest test to extend for.
NO_PUBLIC_INTEREST_TEST = {FOIA: {12: "s.12 is the cost limit", 14: "s.14 (vexatious)",
                                  21: "s.21 is absolute", 23: "s.23 is absolute",
                                  32: "s.32 is absolute", 34: "s.34 is absolute",
                                  41: "s.41 is absolute", 44: "s.44 is absolute"}}


def check_shape(law: str, event: Event) -> str | None:
    """What is wrong with the event itself, whatever the state (None if nothing)."""
    if event.kind not in RANK:
        return f"unknown event {event.kind!r}"
    if event.kind in (CLASSIFIED, REVIEW_ANSWERED):
        if event.outcome not in OUTCOMES:
            return f"{label(event.kind)} needs an outcome: " + ", ".join(map(label, OUTCOMES))
        if event.outcome == REFUSED and not event.sections:
            return "a refusal names the section it relies on (s.17(1)); add --section"
        if event.outcome == SUCCESSFUL and event.sections:
            return "a successful reply withholds nothing: no sections"
    elif event.kind == DECISION:
        if event.outcome is not None and event.outcome not in DECISIONS:
            return "a decision is " + ", ".join(map(label, DECISIONS))
    elif event.outcome is not None:
        return f"{label(event.kind)} has no outcome"
    if event.kind == EXTENDED:
        return _check_extension(law, event)
    if event.until is not None:
        return "--until goes with extended only"
    if event.sections and event.kind not in (CLASSIFIED, REVIEW_ANSWERED, REVIEW_ASKED, APPEALED):
        return f"sections go with a reply's classification, not with {label(event.kind)}"
    return None


def _check_extension(law: str, event: Event) -> str | None:
    if law == FOISA:
        return refusal(law, AWAITING, EXTENDED)
    if not event.sections:
        return ("name the exemption whose public interest test needs the time (s.17(2)), "
                "e.g. --section s.31(1)")
    reasons = NO_PUBLIC_INTEREST_TEST[law]
    numbers = [int(m.group(1)) for s in event.sections if (m := _SECTION_NUMBER.match(s))]
    if numbers and all(n in reasons for n in numbers):
        return ("no public interest test to extend for: " + "; ".join(reasons[n] for n in numbers)
                + " (s.10(3) applies to qualified exemptions only)")
    if event.until is not None and event.until <= event.on:
        return f"the promised date {event.until.isoformat()} is not after the notice"
    return None
