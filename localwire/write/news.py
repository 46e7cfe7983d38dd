"""News judgement, as the pack declares it: which angle leads, which quotes and caveats fit,
and which movements go to the desk instead of into the copy.

Angles (pack.toml `[[news.angles]]`) are scored by how far each clears its threshold, times its
weight; the strongest leads. Quotes and caveats carry conditions on the direction and size of
the change they speak of, local or national. A movement too big to believe (tenfold, zero after
hundreds, "<5" to 300) is flagged for the desk ("check with the force") and the story states
the figure without the comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from localwire.model.facts import Fact
from localwire.prose import copyrules
from localwire.write.outcomes import Outcome
from localwire.write.pack import Angle, Caveat, Compare, Condition, Desk, News, Quote

if TYPE_CHECKING:
    from localwire.areas import Area
    from localwire.write.context import MeasureFacts


@dataclass(frozen=True)
class Change:
    """The change a quote or caveat may speak of: its direction (rose, fell, unchanged, none)
    and its percentage, when there is one."""

    direction: str
    pct: Fact | None

    def fits(self, condition: Condition) -> bool:
        if condition.directions and self.direction not in condition.directions:
            return False
        if condition.min_change is None and condition.max_change is None:
            return True
        if self.pct is None:
            return False
        size = abs(self.pct.value)
        return ((condition.min_change is None or size >= Fraction(condition.min_change)) and
                (condition.max_change is None or size <= Fraction(condition.max_change)))


def change_of(facts: MeasureFacts | None) -> Change:
    if facts is None or not facts.direction:
        return Change("none", None)
    return Change(facts.direction, facts.pct_change)


def fits(condition: Condition, region: str, local: Change, national: Change) -> bool:
    if condition.regions and region not in condition.regions:
        return False
    return (national if condition.about == "national" else local).fits(condition)


def pick_quotes(quotes: list[Quote], region: str, local: Change,
                national: Change) -> list[Quote]:
    """Quotes that fit, regional ones first, then by priority (the template prints the first)."""
    chosen = [q for q in quotes if fits(q, region, local, national)]
    return sorted(chosen, key=lambda q: (not q.regions, -q.priority))


def pick_caveats(caveats: list[Caveat], region: str, local: Change,
                 national: Change) -> list[Caveat]:
    """Caveats that fit, in the pack's order; of those sharing a group, only the first."""
    chosen, groups = [], set()
    for caveat in caveats:
        if not fits(caveat, region, local, national) or (caveat.group and caveat.group in groups):
            continue
        groups.add(caveat.group)
        chosen.append(caveat)
    return chosen


# -- angles ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lead:
    """One candidate angle for an area's story, with its strength (above 1: past threshold)."""

    kind: str
    strength: Fraction
    fact: Fact | None = None
    breakdown: str = ""


# Angles that assert a movement: never the news while the desk checks the figure with the force.
MOVEMENTS = ("change", "against", "record")


def leads(facts: MeasureFacts, news: News, coverage: Fraction,
          national_direction: str | None = None) -> list[Lead]:
    """The angles the area's figures support, strongest first (the pack's order on a tie);
    `coverage` is the share of forces with a figure (ranks need most of them);
    `national_direction` is which way the national figure moved (rose, fell, unchanged)."""
    found = [lead for angle in news.angles
             if not (facts.implausible and angle.kind in MOVEMENTS)
             and (lead := _lead(angle, facts, coverage, national_direction))]
    order = {angle.kind: index for index, angle in enumerate(news.angles)}
    return sorted(found, key=lambda lead: (-lead.strength, order[lead.kind]))


def _lead(angle: Angle, facts: MeasureFacts, coverage: Fraction,
          national_direction: str | None = None) -> Lead | None:
    weight, threshold = Fraction(angle.weight), Fraction(angle.threshold)
    if angle.kind == "against":
        pct = facts.pct_change
        opposite = {"rose": "fell", "fell": "rose"}.get(national_direction or "")
        if pct is None or pct.small_base or facts.direction != opposite or (
                abs(pct.value) < threshold):
            return None
        return Lead("against", weight, pct)
    if angle.kind == "volume":
        return Lead("volume", weight, facts.value) if facts.value is not None else None
    if angle.kind == "change":
        pct = facts.pct_change
        if pct is None or pct.small_base or not facts.direction or threshold <= 0:
            return None
        strength = abs(pct.value) / threshold
        return Lead("change", strength * weight, pct) if strength >= 1 else None
    if angle.kind == "record":
        record = facts.record
        if record is None or record.detail("record") not in ("high", "low"):
            return None
        return Lead("record", weight, record) if record.detail("periods") >= threshold else None
    if angle.kind == "rank":
        place = facts.rate_place if angle.by == "rate" else facts.place
        return _rank_lead(place, threshold, weight, coverage, Fraction(angle.min_coverage))
    if angle.kind == "group":
        moved = moved_most(facts, Fraction(angle.min_base))
        if moved is None or threshold <= 0:
            return None
        key, part = moved
        strength = abs(part.pct_change.value) / threshold
        return Lead("group", strength * weight, part.pct_change, key) if strength >= 1 else None
    if angle.kind == "share":
        part = facts.breakdowns.get(angle.breakdown)
        share = part.share if part else None
        if share is None or threshold <= 0 or share.value < threshold:
            return None
        return Lead("share", share.value / threshold * weight, share, angle.breakdown)
    return None


def moved_most(facts: MeasureFacts, min_base: Fraction = Fraction(0)) -> tuple[str, Any] | None:
    """Of the area's breakdowns, the one whose percentage change on the previous year is
    largest either way, from a previous figure of at least `min_base` (and never a small
    base): (breakdown, its facts), or None."""
    best: tuple[Fraction, str, Any] | None = None
    for key, part in facts.breakdowns.items():
        pct, before = part.pct_change, part.previous
        if pct is None or pct.small_base or pct.published or before is None or (
                before.value < min_base):
            continue
        if best is None or abs(pct.value) > best[0]:
            best = (abs(pct.value), key, part)
    return (best[1], best[2]) if best else None


def _rank_lead(place: Any, threshold: Fraction, weight: Fraction, coverage: Fraction,
               min_coverage: Fraction) -> Lead | None:
    if place is None or coverage < min_coverage or threshold < 1:
        return None
    position = place.position
    if position > threshold:
        return None
    return Lead("rank", (1 + (threshold - position) / threshold) * weight, place.fact)


# -- the desk ------------------------------------------------------------------------------------

def implausible(now: Outcome, before: Outcome, desk: Desk) -> str | None:
    """Why a movement needs checking with the force before it is reported, or None."""
    ratio, zero_after, min_base = (Fraction(desk.implausible_ratio), Fraction(desk.zero_after),
                                   Fraction(desk.min_base))
    if now.reported and before.reported:
        value, previous = now.value.value, before.value.value
        if value < min_base and previous >= zero_after:
            return ("zero" if value == 0 else f"{value} (a handful)") + (
                " after a figure in the hundreds or more the year before")
        if previous >= min_base and value >= previous * ratio:
            return "at least ten times the previous year's figure" if ratio == 10 else (
                "many times the previous year's figure")
        if value >= min_base and previous >= value * ratio:
            return "a tenth or less of the previous year's figure" if ratio == 10 else (
                "a small fraction of the previous year's figure")
        return None
    if now.reported and before.bound is not None:
        base = max(before.bound.value + 1, min_base)
        if now.value.value >= base * ratio:
            return "a large figure after a suppressed one (a small number) the year before"
    if now.bound is not None and before.reported and before.value.value >= zero_after:
        return "a suppressed (small) figure after one in the hundreds or more the year before"
    return None


def compare(local: Change, national: Change, rule: Compare) -> str | None:
    """How the area's change sits against the national one: "in line" (within the pack's
    points, both the same way), "faster" or "slower" (the same way), "against" (the other
    way, or moving while the nation stood still); None without both percentages."""
    if local.pct is None or national.pct is None or local.pct.small_base or "none" in (
            local.direction, national.direction):
        return None
    mine, theirs = local.pct.value, national.pct.value
    if (mine > 0) != (theirs > 0) or (mine == 0) != (theirs == 0):
        return "against"
    if abs(mine - theirs) <= Fraction(rule.in_line_within):
        return "in line"
    return "faster" if abs(mine) > abs(theirs) else "slower"


def desk_flags(context: dict[str, Any], text: str = "") -> list[dict[str, str]]:
    """What the desk must do before the story is approved: movements to check with the force
    before they are reported (the measure's, the area's groups the story read), and each
    editor's note in `text` to fill (the desk refuses approval while one is there)."""
    flags = []
    views = [(context["area"], context["this"])] + [
        (n.area, n.facts) for n in context["neighbours"]]
    period = context["period"].label
    for view, facts in views:
        if facts.implausible:
            flags.append(_implausible_flag(view, "", f"the figure for {period}",
                                           facts.implausible))
    area = context["area"]
    for group in context["this"].breakdowns.made():
        if group.implausible:
            flags.append(_implausible_flag(
                area, group.key, f"the {group.key.replace('_', ' ')} figure for {period}",
                group.implausible))
    flags += [{"kind": "editors_note", "area": area.slug,
               "message": f"fill or delete before approval: {note}"}
              for note in copyrules.editors_notes(text)]
    return flags


def _implausible_flag(area: Area, breakdown: str, figure: str, why: str) -> dict[str, str]:
    return {"kind": "implausible_movement", "area": area.slug, "breakdown": breakdown,
            "message": f"check with {area.force}: {figure} is {why}; the story gives the "
                       f"figure without the comparison"}
