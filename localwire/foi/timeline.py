"""Fold a request's dated events through its law's transition table: the state and every clock.

Pure: no store, no clock; `today` is always a parameter. The clocks, with the section of the
Act or the regulator's guidance behind each (docs/foi.md states them in full):

* the force's reply: 20 working days after receipt (FOIA/FOISA s.10(1)); a clarification stops
  the clock and its answer starts 20 new working days (FOIA s.1(3), s.10(6); FOISA s.1(3),
  s.10(1)(b)); the working days from a fees notice to the payment are disregarded (FOIA
  s.10(2), FOISA s.10(2)), and a fee unpaid after three months lets the force drop the request
  (FOIA s.9(2), FOISA s.9);
* a FOIA public interest extension (s.10(3), notice under s.17(2)) moves the due date, by no
  more than 20 further working days (ICO guidance); notified after the due date it moves
  nothing: the lateness stands;
* a review: FOIA internal review expected in 20 working days, 40 at most (s.45 code of
  practice; ICO guidance); FOISA s.21(1): 20 working days;
* the requester's own limits: FOISA s.20(5) 40 working days to require a review; s.47(4) six
  months to apply to the SIC; FOIA: a review asked within 40 working days of the response and a
  complaint to the ICO within six weeks of the final response (ICO guidance).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from localwire.foi import deadlines
from localwire.foi import lifecycle as lc
from localwire.foi.deadlines import FOIA, FOISA, add_working_days, working_days_between
from localwire.foi.sections import other_law_section

EXTENSION_LIMIT = 20          # further working days the ICO treats as reasonable
REVIEW_EXPECTED = 20          # FOIA s.45 code; FOISA s.21(1)
REVIEW_LONGSTOP = {FOIA: 40, FOISA: 20}   # when the commissioner takes the complaint
REVIEW_WINDOW = 40            # FOISA s.20(5); FOIA: ICO guidance
FEE_MONTHS = 3                # FOIA s.9(2), FOISA s.9
SIC_MONTHS = 6                # FOISA s.47(4)
ICO_WEEKS = 6                 # ICO: complain within six weeks of the final response


class LifecycleError(ValueError):
    """An event the law's table refuses; the message is one line. `event` is the one refused
    (or, when a new event would make a recorded one impossible, the new one)."""

    def __init__(self, message: str, event: lc.Event | None = None) -> None:
        super().__init__(message)
        self.event = event


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Timeline:
    """A request as its events make it; every date is derived, none is stored."""

    law: str
    state: str = lc.DRAFT
    outcome: str | None = None              # what the force now says (after review, if any)
    sections: tuple[str, ...] = ()          # sections cited with that outcome
    outcome_on: date | None = None
    answer: str | None = None               # the answer a review reconsiders ("refused" ...)
    answer_sections: tuple[str, ...] = ()
    sent_on: date | None = None
    clock_start: date | None = None         # receipt, or the clarification's answer
    statutory_due: date | None = None       # 20 working days (+ days paused for a fee)
    due: date | None = None                 # the date the reply is owed (extension included)
    extension_promised: date | None = None
    extension_sections: tuple[str, ...] = ()
    fee_notice_on: date | None = None
    paused_days: int = 0
    late_since: date | None = None          # the due date that passed with no reply
    first_reply_on: date | None = None
    on_time: bool | None = None
    review_asked_on: date | None = None
    review_due: date | None = None
    review_longstop: date | None = None
    review_answered_on: date | None = None
    review_by: date | None = None           # the requester's limit for asking a review
    appeal_by: date | None = None           # ... and for going to the commissioner
    appealed_on: date | None = None
    decision: str | None = None
    decision_on: date | None = None
    closed_on: date | None = None
    withdrawn_on: date | None = None
    warnings: list[str] = field(default_factory=list)
    events: list[lc.Event] = field(default_factory=list)
    ignored: list[tuple[lc.Event, str]] = field(default_factory=list)

    # -- questions asked with a date -------------------------------------------------------------
    def overdue_days(self, today: date) -> int:
        """Working days the reply is past due (0 unless the force owes it with the clock on)."""
        if self.state not in lc.CLOCK_RUNNING or self.due is None:
            return 0
        return deadlines.working_days_overdue(self.due, today, self.law)

    def review_overdue_days(self, today: date) -> int:
        if self.state != lc.REVIEW or self.review_due is None:
            return 0
        return deadlines.working_days_overdue(self.review_due, today, self.law)

    def fee_pay_by(self) -> date | None:
        """The last day to pay a fees notice (three months beginning with the notice)."""
        if self.state != lc.FEE or self.fee_notice_on is None:
            return None
        return add_months(self.fee_notice_on, FEE_MONTHS) - timedelta(days=1)

    def fee_lapsed(self, today: date) -> bool:
        pay_by = self.fee_pay_by()
        return pay_by is not None and today > pay_by

    def working_days_to_reply(self) -> int | None:
        if self.sent_on is None or self.first_reply_on is None:
            return None
        return working_days_between(self.sent_on, self.first_reply_on, self.law)

    def guard_holds(self, guard: str | None, on: date) -> bool:
        if guard == lc.REPLY_OVERDUE:
            return self.state in lc.CLOCK_RUNNING and self.due is not None and on > self.due
        if guard == lc.REVIEW_LAPSED:
            return self.review_longstop is not None and on > self.review_longstop
        return True

    def guard_reason(self, guard: str, on: date) -> str:
        if guard == lc.REPLY_OVERDUE:
            return (f"the reply is not overdue until after {self.due.isoformat()}"
                    if self.due else "the clock is stopped")
        when = self.review_longstop.isoformat() if self.review_longstop else "?"
        if self.law == FOISA:
            return (f"an application to the SIC without a review outcome waits until the 20 "
                    f"working days of s.21(1) have passed ({when})")
        return (f"the ICO takes a complaint about a review after 40 working days without its "
                f"outcome ({when})")

    def allowed(self, on: date) -> list[str]:
        """Event kinds the table allows now (what a desk can offer)."""
        moves = lc.TABLES[self.law].get(self.state, {})
        return [kind for kind, move in moves.items() if self.guard_holds(move.guard, on)]


def derive(law: str, events: Iterable[lc.Event], *, strict: bool = False) -> Timeline:
    """The timeline of the events taken in date order, whatever the order they come in.

    An event the table refuses raises LifecycleError when `strict`; otherwise it is kept
    aside in `ignored` with its reason (a stored history is never lost for one bad event).
    """
    deadlines.check_law(law)
    timeline = Timeline(law)
    for event in lc.chronological(events):
        reason = _refusal(timeline, event)
        if reason is not None:
            if strict:
                raise LifecycleError(f"{lc.label(event.kind)} on {event.on.isoformat()}: "
                                     f"{reason}", event)
            timeline.ignored.append((event, reason))
            continue
        _apply(timeline, event)
        timeline.events.append(event)
    return timeline


def check_new(law: str, events: Iterable[lc.Event], new: lc.Event | Sequence[lc.Event],
              today: date) -> Timeline:
    """The timeline with `new` (one event or several) added, or LifecycleError saying in one
    line why not. Several new events are checked as a whole: their order does not matter."""
    events = list(events)
    added = [new] if isinstance(new, lc.Event) else list(new)
    before = derive(law, events)
    sent_on = before.sent_on or min((e.on for e in added if e.kind == lc.SENT), default=None)
    for event in added:
        if event.on > today:
            raise LifecycleError(f"{lc.label(event.kind)}: the date {event.on.isoformat()} is in "
                                 "the future", event)
        if event.kind != lc.SENT and sent_on and event.on < sent_on:
            raise LifecycleError(f"{lc.label(event.kind)} on {event.on.isoformat()}: before the "
                                 f"request was sent ({sent_on.isoformat()})", event)
    after = derive(law, [*events, *added])
    refused = {id(e): r for e, r in after.ignored}
    for event in lc.chronological(added):
        if id(event) in refused:
            raise LifecycleError(f"{lc.label(event.kind)} on {event.on.isoformat()}: "
                                 f"{refused[id(event)]}", event)
    was_ignored = {id(e) for e, _ in before.ignored}
    for event, reason in after.ignored:
        if id(event) not in was_ignored:
            first = lc.chronological(added)[0]
            raise LifecycleError(
                f"{lc.label(first.kind)} on {first.on.isoformat()} would make the "
                f"{lc.label(event.kind)} of {event.on.isoformat()} impossible: {reason}", first)
    return after


def _refusal(timeline: Timeline, event: lc.Event) -> str | None:
    shape = lc.check_shape(timeline.law, event)
    if shape is not None:
        return shape
    move = lc.move(timeline.law, timeline.state, event.kind)
    if move is None:
        return lc.refusal(timeline.law, timeline.state, event.kind)
    if not timeline.guard_holds(move.guard, event.on):
        return timeline.guard_reason(move.guard, event.on)
    if event.kind == lc.EXTENDED and event.until is not None and timeline.due is not None \
            and event.until <= timeline.due and event.on <= timeline.due:
        return (f"the promised date {event.until.isoformat()} is not after the due date "
                f"{timeline.due.isoformat()}")
    return None


def _apply(t: Timeline, event: lc.Event) -> None:
    if t.state in lc.CLOCK_RUNNING and t.due and event.on > t.due and t.late_since is None:
        t.late_since = t.due
    handler = _HANDLERS.get(event.kind)
    if handler:
        handler(t, event)
    t.state = lc.move(t.law, t.state, event.kind).to


def _start_clock(t: Timeline, start: date) -> None:
    t.clock_start, t.paused_days, t.fee_notice_on = start, 0, None
    t.extension_promised, t.extension_sections = None, ()
    t.statutory_due = t.due = deadlines.due_date(start, t.law)


def _sent(t: Timeline, e: lc.Event) -> None:
    t.sent_on = e.on
    _start_clock(t, e.on)


def _clarification_asked(t: Timeline, e: lc.Event) -> None:
    if t.due and e.on > t.due:
        t.warnings.append(f"clarification asked on {e.on.isoformat()}, after the due date "
                          f"{t.due.isoformat()}: the reply was already late")


def _clarification_answered(t: Timeline, e: lc.Event) -> None:
    _start_clock(t, e.on)


def _fee_notice(t: Timeline, e: lc.Event) -> None:
    t.fee_notice_on = e.on
    if t.due and e.on > t.due:
        t.warnings.append(f"fees notice of {e.on.isoformat()} came after the due date "
                          f"{t.due.isoformat()} (s.9(1)): it does not stop the clock")
        t.fee_notice_on = None


def _fee_paid(t: Timeline, e: lc.Event) -> None:
    notice = t.fee_notice_on
    if notice is None:      # a late notice stopped nothing
        return
    if e.on > add_months(notice, FEE_MONTHS) - timedelta(days=1):
        t.warnings.append(f"fee paid on {e.on.isoformat()}, after the three months the Act "
                          "allows (s.9): the force may decline")
    paused_from = max(notice, t.clock_start + timedelta(days=1))
    t.paused_days += working_days_between(paused_from - timedelta(days=1), e.on, t.law)
    t.statutory_due = add_working_days(t.clock_start, deadlines.STATUTORY_WORKING_DAYS
                                       + t.paused_days, t.law)
    t.due, t.fee_notice_on = t.statutory_due, None


def _extended(t: Timeline, e: lc.Event) -> None:
    t.extension_sections = e.sections
    t.extension_promised = e.until
    if t.due and e.on > t.due:
        t.warnings.append(f"extension notified on {e.on.isoformat()}, after the due date "
                          f"{t.due.isoformat()}: it does not undo the lateness (s.17(1))")
        return
    cap = add_working_days(t.statutory_due, EXTENSION_LIMIT, t.law)
    if e.until is not None and e.until > cap:
        t.warnings.append(f"the promised date {e.until.isoformat()} is more than "
                          f"{EXTENSION_LIMIT} further working days past "
                          f"{t.statutory_due.isoformat()}; ICO guidance treats no more as "
                          f"reasonable, so the reply counts as overdue after {cap.isoformat()}")
    t.due = min(e.until or cap, cap)


def _reply_received(t: Timeline, e: lc.Event) -> None:
    if t.state in (lc.REVIEW, lc.REVIEW_TO_CLASSIFY):
        _review_reply(t, e.on)
    elif t.state not in (lc.REVIEWED, lc.APPEAL):   # more released after a review or appeal
        _reply(t, e.on)


def _reply(t: Timeline, on: date) -> None:
    if t.first_reply_on is None:
        t.first_reply_on = on
        in_time = t.state in lc.CLOCK_STOPPED or (t.due is not None and on <= t.due)
        t.on_time = t.late_since is None and in_time
    t.review_by = _review_by(t, on)


def _review_reply(t: Timeline, on: date) -> None:
    """The review's answer arrived (the first answer of all, if the request had none)."""
    if t.first_reply_on is None:
        t.first_reply_on, t.on_time = on, False
    if t.review_answered_on is None:
        t.review_answered_on = on
        if t.review_due and on > t.review_due:
            t.warnings.append(f"the review was answered on {on.isoformat()}, after "
                              f"{t.review_due.isoformat()}")
    t.appeal_by = (add_months(on, SIC_MONTHS) if t.law == FOISA
                   else on + timedelta(weeks=ICO_WEEKS))


def _review_by(t: Timeline, response: date | None) -> date | None:
    if t.due is None and response is None:
        return None
    known = [d for d in (t.due, response) if d is not None]
    # FOISA s.20(5): the later of the period's expiry and a late response; ICO: the response
    start = max(known) if t.law == FOISA else (response or t.due)
    return add_working_days(start, REVIEW_WINDOW, t.law)


def _classified(t: Timeline, e: lc.Event) -> None:
    if t.state in lc.NO_REPLY_YET or t.state == lc.DECIDED:
        _reply(t, e.on)
    t.outcome, t.sections, t.outcome_on = e.outcome, e.sections, e.on
    t.answer, t.answer_sections = e.outcome, e.sections
    _note_other_law(t, e.sections)


def _note_other_law(t: Timeline, sections: Sequence[str]) -> None:
    for section in sections:
        note = other_law_section(section, t.law)
        if note and note not in t.warnings:
            t.warnings.append(note)


def _review_asked(t: Timeline, e: lc.Event) -> None:
    if t.review_by is None:
        t.review_by = _review_by(t, None)
    if t.review_by and e.on > t.review_by:
        why = ("s.20(5) allows 40 working days; the force may still consider it (s.20(6))"
               if t.law == FOISA else
               "ICO guidance: a force may decline a review asked more than 40 working days on")
        t.warnings.append(f"review asked on {e.on.isoformat()}, after {t.review_by.isoformat()}"
                          f": {why}")
    t.review_asked_on, t.review_answered_on = e.on, None
    t.review_due = add_working_days(e.on, REVIEW_EXPECTED, t.law)
    t.review_longstop = add_working_days(e.on, REVIEW_LONGSTOP[t.law], t.law)
    months = add_months(t.review_longstop, SIC_MONTHS) if t.law == FOISA else None
    t.appeal_by = months    # s.47(4)(b): no review notice; FOIA: no stated limit


def _review_answered(t: Timeline, e: lc.Event) -> None:
    if t.state == lc.REVIEW:
        _review_reply(t, e.on)
    t.outcome, t.sections, t.outcome_on = e.outcome, e.sections, e.on
    _note_other_law(t, e.sections)


def _appealed(t: Timeline, e: lc.Event) -> None:
    if t.appeal_by and e.on > t.appeal_by:
        why = ("s.47(4) allows six months" if t.law == FOISA else
               "the ICO asks for complaints within six weeks of the final response")
        t.warnings.append(f"appeal made on {e.on.isoformat()}, after {t.appeal_by.isoformat()}: "
                          f"{why}")
    t.appealed_on = e.on


def _decision(t: Timeline, e: lc.Event) -> None:
    t.decision, t.decision_on = e.outcome, e.on


def _closed(t: Timeline, e: lc.Event) -> None:
    t.closed_on = e.on


def _withdrawn(t: Timeline, e: lc.Event) -> None:
    t.withdrawn_on = e.on


_HANDLERS = {
    lc.SENT: _sent, lc.CLARIFICATION_ASKED: _clarification_asked,
    lc.CLARIFICATION_ANSWERED: _clarification_answered, lc.FEE_NOTICE: _fee_notice,
    lc.FEE_PAID: _fee_paid, lc.EXTENDED: _extended, lc.REPLY_RECEIVED: _reply_received,
    lc.CLASSIFIED: _classified, lc.REVIEW_ASKED: _review_asked,
    lc.REVIEW_ANSWERED: _review_answered, lc.APPEALED: _appealed, lc.DECISION: _decision,
    lc.CLOSED: _closed, lc.WITHDRAWN: _withdrawn,
}
