"""Letters, one per force and stage: the request, a chaser, a review, a review chaser, an appeal.

Each kind of letter belongs to a stage of the request and is written only when the request is
at that stage (a chaser goes to a request whose reply is overdue, never to one that has
replied; a review chaser cites the review, never section 10). Review and appeal letters are
written only for the forces named: asking for a review is the requester's decision. Every
letter carries the requester's name and address for correspondence, which a valid request,
requirement for review and application must state (FOIA s.8(1)(b); FOISA s.8(1)(b), s.20(3),
s.47(2)). Templates get the force's nation and law, so a Scottish letter can differ.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from localwire import sandbox
from localwire.areas import gazetteer_of
from localwire.foi import lifecycle as lc
from localwire.foi.campaign import Campaign, FoiError, Request, get_campaign, get_request, requests
from localwire.foi.questions import TEMPLATES, environment, question_context, render_question
from localwire.store import Store

REQUEST, CHASER, REVIEW, REVIEW_CHASER, APPEAL = (
    "request", "chaser", "review", "review-chaser", "appeal")
KINDS = (REQUEST, CHASER, REVIEW, REVIEW_CHASER, APPEAL)
ONLY_WHEN_NAMED = (REVIEW, APPEAL)


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


@dataclass(frozen=True)
class Stage:
    """Why a letter of one kind does (None) or does not (a reason) fit a request today."""

    kind: str

    def refusal(self, request: Request, today: date) -> str | None:
        t = request.timeline
        state = lc.STATE_LABELS[t.state]
        if self.kind == REQUEST:
            return None if t.state in (lc.DRAFT, *lc.CLOCK_RUNNING) else (
                f"the request is {state}: no request letter")
        if t.state == lc.DRAFT:
            return f"no {self.kind} letter for a request never sent"
        if self.kind == CHASER:
            if t.state in lc.CLOCK_RUNNING:
                return None if t.overdue_days(today) else (
                    f"the reply is not due until {long_date(t.due)}: no chaser")
            return f"the request is {state}: no chaser" + (
                " (a late review gets a review-chaser)" if t.state == lc.REVIEW else "")
        if self.kind == REVIEW_CHASER:
            if t.state != lc.REVIEW:
                return f"the request is {state}, not in review: no review chaser"
            return None if t.review_overdue_days(today) else (
                f"the review is not due until {long_date(t.review_due)}")
        event = lc.REVIEW_ASKED if self.kind == REVIEW else lc.APPEALED
        if event in t.allowed(today):
            return None
        move = lc.move(request.law, t.state, event)
        if move is not None:
            return t.guard_reason(move.guard, today)
        return lc.refusal(request.law, t.state, event)

    def wanted(self, request: Request, today: date) -> bool:
        """Whether the letter goes to the request when no force is named."""
        t = request.timeline
        if self.kind == REQUEST:
            return t.state == lc.DRAFT
        if self.kind in ONLY_WHEN_NAMED:
            return False
        return self.refusal(request, today) is None


def _check_campaign(campaign: Campaign) -> None:
    for value, what in ((campaign.requester, "name"), (campaign.address, "address for "
                                                                       "correspondence")):
        if not value:
            raise FoiError(f"campaign {campaign.name!r} has no requester {what}",
                           hint="a valid request must state the applicant's name and an "
                                "address for correspondence (FOIA s.8(1)(b), FOISA s.8(1)(b)); "
                                "set them with `localwire foi new ... --requester NAME "
                                "--address EMAIL-OR-POSTAL`")


def letter_context(store: Store, campaign: Campaign, request: Request,
                   today: date) -> dict[str, Any]:
    t = request.timeline
    area = gazetteer_of(store).areas[request.force]
    context = question_context(area, request.law, campaign=campaign.name,
                               periods=campaign.periods, measures=campaign.measures)
    question = render_question(campaign.question_template, context, file=campaign.question_file)
    clarified = next((e.on for e in reversed(t.events)
                      if e.kind == lc.CLARIFICATION_ANSWERED), None)
    context.update(
        question=question, requester=campaign.requester, address=campaign.address,
        today=long_date(today), reference=request.reference or "", sent=long_date(t.sent_on),
        due=long_date(t.due), overdue=t.overdue_days(today),
        extended=t.state == lc.EXTENDED_STATE and t.due != t.statutory_due,
        extension_sections=", ".join(t.extension_sections), clarified=long_date(clarified),
        fee_paid=t.paused_days > 0, answer=t.answer or "", answer_label=_words(t.answer),
        answer_sections=", ".join(t.answer_sections), answer_on=long_date(_answer_on(t)),
        outcome_label=_words(t.outcome), sections=", ".join(
            t.sections if t.review_answered_on else t.answer_sections),
        cost_limit_cited=any(s.split("(")[0] == "s.12" for s in t.answer_sections),
        review_asked=long_date(t.review_asked_on), review_due=long_date(t.review_due),
        review_longstop=long_date(t.review_longstop), review_overdue=t.review_overdue_days(today),
        past_longstop=bool(t.review_longstop and today > t.review_longstop),
        review_answered=long_date(t.review_answered_on), reason=_reason(t))
    return context


def _answer_on(t) -> date | None:
    answers = [e.on for e in t.events if e.kind == lc.CLASSIFIED]
    return answers[-1] if answers else t.first_reply_on


def _words(outcome: str | None) -> str:
    return (outcome or "").replace("_", " ")


def _reason(t) -> str:
    """Why the requester is dissatisfied, as the appeal states it (FOISA s.47(2)(c))."""
    outcome = t.outcome if t.review_answered_on else t.answer
    cited = ", ".join(t.sections if t.review_answered_on else t.answer_sections)
    if outcome == lc.REFUSED and cited == "s.12":
        return ("I do not accept that answering would exceed the cost limit (s.12), and the "
                "force did not say what it could provide within it")
    if outcome == lc.REFUSED:
        verb = "applies" if "," not in cited else "apply"
        return f"I do not accept that {cited} {verb} to the information withheld"
    if outcome == lc.PARTIALLY_SUCCESSFUL:
        return "information was withheld that I believe should be released"
    if outcome == lc.NOT_HELD:
        return "I believe the force holds the information"
    if t.review_asked_on and not t.review_answered_on:
        return "the force has not responded to my request for review"
    if outcome == lc.SUCCESSFUL:
        return "the reply does not answer the request in full"
    return "the force has not replied"


def render_letter(store: Store, campaign: str | Campaign, request: Request, kind: str,
                  today: date) -> str:
    """One letter; FoiError (one line) when the request is not at the letter's stage."""
    if kind not in KINDS:
        raise FoiError(f"unknown letter kind {kind!r}", hint="use " + ", ".join(KINDS))
    campaign = get_campaign(store, campaign)
    _check_campaign(campaign)
    reason = Stage(kind).refusal(request, today)
    if reason is not None:
        raise FoiError(f"{request.force_name}: {reason}")
    context = letter_context(store, campaign, request, today)
    template = environment().from_string((TEMPLATES / f"{kind}.j2").read_text(encoding="utf-8"))
    return _tidy(sandbox.render(template, context))


def _tidy(text: str) -> str:
    """Collapse the blank lines template blocks leave behind."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def letters_due(store: Store, campaign: str | Campaign, kind: str, today: date) -> list[Request]:
    """The requests a kind of letter goes to when no force is named."""
    stage = Stage(kind)
    return [r for r in requests(store, campaign) if stage.wanted(r, today)]


def write_letters(store: Store, campaign: str | Campaign, out_dir: str | Path, *,
                  kind: str = REQUEST, forces: Iterable[str] = (), today: date) -> list[Path]:
    """Render the letters (every one first, so a failure writes none) and write them to out_dir.

    Files are named FORCE-KIND.txt. Without `forces`, a kind goes to the requests at its stage
    (requests not yet sent; chasers to overdue replies; review chasers to overdue reviews).
    Review and appeal letters go only to the forces named.
    """
    if kind not in KINDS:
        raise FoiError(f"unknown letter kind {kind!r}", hint="use " + ", ".join(KINDS))
    campaign = get_campaign(store, campaign)
    forces = list(forces)
    if kind in ONLY_WHEN_NAMED and not forces:
        raise FoiError(f"{kind} letters go only to the forces you name",
                       hint=f"add --force for each force, e.g. --kind {kind} --force Dorset")
    chosen = ([get_request(store, campaign, force) for force in forces] if forces
              else letters_due(store, campaign, kind, today))
    letters = {f"{r.force}-{kind}.txt": render_letter(store, campaign, r, kind, today)
               for r in chosen}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [_write_atomically(out / name, text) for name, text in letters.items()]


def _write_atomically(path: Path, text: str) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".letter-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)
    return path


__all__ = ["KINDS", "letter_context", "letters_due", "long_date", "render_letter",
           "write_letters"]
