"""Contradictions inside an article itself, needing no data: "an increase of 123 from 381 to
504", "a fall from 200 to 250"."""

from __future__ import annotations

from fractions import Fraction

from localwire.check.bands import band_for, show
from localwire.check.extract import Claim
from localwire.check.verify import Outcome


def consistency(claims: list[Claim]) -> dict[int, Outcome]:
    """Contradictions inside the text itself, needing no data: "an increase of 123 from 381 to 504"."""
    problems: dict[int, Outcome] = {}
    for index, claim in enumerate(claims):
        from_value, to_value = getattr(claim, "from_value", None), getattr(claim, "to_value", None)
        if from_value is None or to_value is None or claim.value is None:
            continue
        before, after = Fraction(from_value), Fraction(to_value)
        if claim.kind == "change":
            implied = after - before
            band = band_for(claim.value, claim.step, claim.hedge, exact_integers=True)
            label = f"{show(after)} - {show(before)}"
        elif before != 0:
            implied = (after - before) / before * 100
            band = band_for(claim.value, claim.step, claim.hedge, exact_integers=False)
            label = f"({show(after)} - {show(before)}) / {show(before)} * 100"
        else:
            continue
        wrong_way = (claim.direction == "rise" and implied < 0) or (claim.direction == "fall" and implied > 0)
        if wrong_way or abs(implied) not in band:
            problems[index] = Outcome(
                "contradicted", f"the article's own figures give {label} = {show(implied)}",
                implied, None, label, f"{claim.kind} {band}")
    current: Claim | None = None  # the last count of the sentence so far
    for index, claim in enumerate(claims):
        if current is not None and current.sentence_index != claim.sentence_index:
            current = None
        if claim.role == "from" and claim.direction is not None and claim.value is not None \
                and current is not None:
            now, before = Fraction(current.value), Fraction(claim.value)
            if (claim.direction == "fall" and now >= before) or (claim.direction == "rise" and now <= before):
                problems[index] = Outcome(
                    "contradicted", f"a {claim.direction} from {show(before)} to {show(now)} is not a "
                                    f"{claim.direction}", now - before, None,
                    f"{show(now)} - {show(before)}", "sign of the change")
        if claim.kind == "count" and claim.role in ("current", "to") and claim.value is not None:
            current = claim
    return problems
