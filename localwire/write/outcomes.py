"""What the source said about one figure, as a story can tell it: the observation's status
(localwire.model.statuses), its bounds and its note, for the area's own story and wherever the
area appears as a neighbour or in a total.

Every outcome has a true sentence: a reported figure (zero and one included), a suppressed one
("fewer than five", with the reason), a refusal (with the section of the Act and its reason),
information not held, a flag the force does not use, no reply, and no row at all. The section
and reason are read from the observation's note ("s.12: cost", "refused under section 40(2)");
reasons are the plain-English meaning of the section, never the note's own words when those
hold figures a reader would take as claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from localwire.model import statuses
from localwire.model.facts import Fact, ObservationRef
from localwire.model.periods import Period
from localwire.prose import style
from localwire.write.trace import clean, holds_number

MISSING = "missing"  # no row at all for the area and period

# What each section of the Freedom of Information Act 2000 (and its Scottish counterpart) means
# when a police force cites it; the words a story uses after "saying" or "because".
FOI_REASONS = {
    "FOIA": {
        "12": "finding the figures would cost more than the legal limit allows",
        "14": "it considered the request vexatious or repeated",
        "21": "the information is already available elsewhere",
        "22": "the information is intended for future publication",
        "30": "the information relates to investigations",
        "31": "disclosure could prejudice law enforcement",
        "38": "disclosure could endanger someone’s health or safety",
        "40": "the figures could identify the people involved",
        "40(2)": "the figures could identify the people involved",
    },
    "FOISA": {
        "12": "finding the figures would cost more than the legal limit allows",
        "14": "it considered the request vexatious or repeated",
        "25": "the information is already available elsewhere",
        "27": "the information is intended for future publication",
        "34": "the information relates to investigations",
        "35": "disclosure could prejudice law enforcement",
        "38": "the figures could identify the people involved",
        "39": "disclosure could endanger someone’s health or safety",
    },
}
SUPPRESSION_REASON = "small numbers could identify victims"
_SECTION = re.compile(r"\b(?:s|ss|sec|section)\.?\s?(\d+[a-z]?(?:\(\d+\))*)", re.IGNORECASE)


@dataclass(frozen=True)
class Outcome:
    """One figure as the source gave it. `value` for a reported figure; `bound` for a suppressed
    one with bounds (its value the upper bound, the lower in `detail('lower')`); `section` and
    `reason` where the note gives them ("section 12", "finding the figures would cost ...")."""

    status: str
    area: str
    period: Period
    value: Fact | None = None
    bound: Fact | None = None
    section: str = ""
    reason: str = ""
    ref: ObservationRef | None = None

    @property
    def reported(self) -> bool:
        return self.status == statuses.REPORTED and self.value is not None

    @property
    def is_zero(self) -> bool:
        return self.reported and self.value.value == 0

    @property
    def is_one(self) -> bool:
        return self.reported and self.value.value == 1

    @property
    def description(self) -> str:
        """A short plain label: "refused", "not held", "no reply", "suppressed", ..."""
        if self.status == MISSING:
            return "no figure in the data"
        return statuses.DESCRIPTIONS.get(self.status, self.status.replace("_", " "))

    @property
    def explanation(self) -> str:
        """The outcome in a few plain words: "request refused (section 12: finding the figures
        would cost more than the legal limit allows)", "small number suppressed by the source
        (fewer than five: small numbers could identify victims)"."""
        bound = self.bound
        first = (style.fewer_than(bound.detail("lower"), bound.detail("upper"))
                 if bound is not None else self.section)
        why = ": ".join(part for part in (first, self.reason) if part)
        return self.description + (f" ({why})" if why else "")

    def summary(self, name: str) -> str:
        """One line naming the area: "Cleveland: request refused (section 12: ...)"."""
        return f"{name}: {self.explanation}"


def outcome_of(ref: ObservationRef | None, value: Fact | None, area: str, period: Period,
               foi_law: str = "FOIA") -> Outcome:
    """The outcome of one observation (`ref`, None when there is no row) and its value fact."""
    if ref is None:
        return Outcome(MISSING, area, period)
    if ref.status == statuses.REPORTED:
        return Outcome(statuses.REPORTED, area, period, value=value, ref=ref)
    section, reason = _section_and_reason(ref, foi_law)
    reason = clean(reason)
    bound = _bound_fact(ref, period) if ref.status == statuses.SUPPRESSED else None
    if ref.status == statuses.SUPPRESSED and not reason:
        reason = SUPPRESSION_REASON
    return Outcome(ref.status, area, period, bound=bound, section=section, reason=reason, ref=ref)


def _section_and_reason(ref: ObservationRef, foi_law: str) -> tuple[str, str]:
    note = (ref.note or "").strip()
    match = _SECTION.search(note)
    if not match:
        # The note's own words, when they hold no figure ("fewer than five", "18 hours") that a
        # reader would take as a claim and no fact has traced.
        return "", "" if holds_number(note) else note.rstrip(".")
    number = match.group(1)
    reasons = FOI_REASONS.get(foi_law, FOI_REASONS["FOIA"])
    reason = reasons.get(number) or reasons.get(number.split("(")[0], "")
    return f"section {number}", reason


def _bound_fact(ref: ObservationRef, period: Period) -> Fact | None:
    """A suppressed figure's bounds as a fact: the value is the upper bound (0..4 for "<5")."""
    if ref.lower_bound is None or ref.upper_bound is None:
        return None
    lower, upper = Fraction(ref.lower_bound), Fraction(ref.upper_bound)
    if lower.denominator != 1 or upper.denominator != 1:
        return None
    return Fact("suppressed", upper, "count", f"suppressed: {lower}..{upper}", (ref,), ref.area,
                period, ref.measure, ref.breakdown, published=True,
                extra=(("lower", int(lower)), ("upper", int(upper))))


def outcome_for(book: Any, area: str, period: Period, measure: str,
                breakdown: str = "") -> Outcome:
    """The outcome of an area's figure, as the book's observation gives it."""
    ref = book.observation(area, period, measure, breakdown)
    known = book.gazetteer.areas.get(area)
    return outcome_of(ref, book.value(area, period, measure, breakdown), area, period,
                      known.foi_law if known and known.foi_law else "FOIA")
