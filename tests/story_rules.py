"""The properties every generated story must have, sentence by sentence (used by the writer's
tests on the demo, the edge-case corpus and police recorded crime).

`problems(story)` returns what is wrong, one line each, so a failing test says which sentence of
which story broke which rule.
"""

from __future__ import annotations

import re
from fractions import Fraction

from localwire.prose.style import RATE_HONESTY

_SENTENCE_END = re.compile(r"(?<=[.!?”\]])\s+(?=[“\[A-Z])")
_RATE_PHRASE = re.compile(r"^(.+) a (day|week|month|year)$")
_DRAMATIC = ("This dramatic rise", "the rise was extremely concerning")
_WHY_RISE = ("may be down to", "may help explain the increase", "may lie behind the higher",
             "increase down partly", "pushing the figures higher",
             "Part of the increase", "Part of the national increase")
_NATIONAL_WORDS = ("across the UK", "national", "UK")
UNITS_PER_DAY = {"day": Fraction(1), "week": Fraction(7)}


def sentences(text: str) -> list[str]:
    return [s.strip() for line in text.split("\n") if line.strip()
            for s in _SENTENCE_END.split(line.lstrip("# ").strip()) if s.strip()]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def local_change(story) -> tuple[str | None, Fraction | None]:
    """(direction, percentage) of the story's own figure, from the facts it printed."""
    for figure in story.figures:
        fact = figure.ref
        if figure.kind == "fact" and fact.area == story.area.slug and fact.name == "pct_change" \
                and fact.period == story.period and not fact.breakdown:
            return ("rose" if fact.value > 0 else "fell" if fact.value < 0 else "unchanged",
                    fact.value)
    return None, None


def problems(story) -> list[str]:
    """Every rule the story breaks."""
    found = []
    text = story.text
    name = f"{story.area.slug}/{story.outlet}"
    for sentence in sentences(text):
        if sentence[:1].isdigit():
            found.append(f"{name}: sentence starts with a figure: {sentence!r}")
        for banned in ("since at least", "the county", "0 per cent on", "up by 0 per cent",
                       "one offences", " 1 offences", "one a year", "about one a year"):
            if banned in sentence and not (banned == "0 per cent on" and re.search(
                    r"\d0 per cent on", sentence)):
                found.append(f"{name}: {banned!r} in {sentence!r}")
    if "  " in text or " ." in text or " ," in text:
        found.append(f"{name}: stray spaces")
    found += _rate_problems(story, name)
    found += _quote_problems(story, name)
    found += _desk_problems(story, name)
    traced = story.checks.get("traced", {})
    if traced.get("untraced", 0):
        found.append(f"{name}: untraced figures")
    claims = story.checks.get("claims")
    if claims is not None and (claims["contradicted"] or claims["unverifiable"]):
        found.append(f"{name}: the checker does not support every claim: {claims}")
    return found


def _rate_problems(story, name: str) -> list[str]:
    found = []
    for figure in story.figures:
        if figure.kind != "fact" or figure.ref.name != "per_day":
            continue
        match = _RATE_PHRASE.match(figure.text)
        if not match or match.group(2) == "year":
            found.append(f"{name}: rate phrase {figure.text!r} is not per day, week or month")
            continue
        words, unit = match.groups()
        shown = _number(words)
        days = figure.ref.detail("days")
        per_unit = UNITS_PER_DAY.get(unit, Fraction(days, 12))
        exact = figure.ref.value * per_unit
        if abs(shown - exact) > RATE_HONESTY * exact:
            found.append(f"{name}: {figure.text!r} is more than 15 per cent from "
                         f"{float(exact):.2f} a {unit}")
    return found


def _number(words: str) -> Fraction:
    from localwire.prose.numwords import words_to_number

    return Fraction(int(words.replace(",", ""))) if words[0].isdigit() else Fraction(
        words_to_number(words))


def _quote_problems(story, name: str) -> list[str]:
    """"This dramatic rise" only on a local rise of at least 10 per cent, or framed as national;
    "the rise may be down to" never on a local fall unless it says the rise is national."""
    found = []
    direction, pct = local_change(story)
    big_local_rise = direction == "rose" and pct is not None and pct >= 10
    paragraph_list = paragraphs(story.text)
    for index, paragraph in enumerate(paragraph_list):
        if any(words in paragraph for words in _DRAMATIC) and not big_local_rise:
            opening = paragraph if paragraph.startswith(("Commenting", "“")) else ""
            quote_start = next((p for p in reversed(paragraph_list[:index + 1])
                                if p.startswith("Commenting") or " said" in p), "")
            if not (opening.startswith("Commenting") or quote_start.startswith("Commenting")):
                found.append(f"{name}: 'dramatic rise' on a local change of {direction} "
                             f"{pct}: {paragraph[:80]!r}")
        if any(words in paragraph for words in _WHY_RISE) and not big_local_rise and not any(
                word in paragraph for word in _NATIONAL_WORDS):
            found.append(f"{name}: the rise explained on a local change of {direction} "
                         f"{pct}: {paragraph[:80]!r}")
    return found


def _desk_problems(story, name: str) -> list[str]:
    """A movement flagged for the desk is not reported: the area's previous figure (of the
    flagged measure or group) is not in the copy, and no headline or lead claims a change."""
    found = []
    for flag in story.flags:
        if flag["area"] != story.area.slug or flag["kind"] != "implausible_movement":
            continue
        for figure in story.figures:
            fact = figure.ref
            if figure.kind == "fact" and fact.area == story.area.slug and fact.name in (
                    "previous", "change", "pct_change") and \
                    (fact.breakdown or "") == flag.get("breakdown", ""):
                found.append(f"{name}: flagged movement reported: {figure.text!r}")
    return found


FORCE_RESPONSE = "A spokesperson for the force said it took every report seriously."


def with_response(text: str) -> str:
    """The story as an editor leaves it after filling each editor's note (the right of reply),
    which the desk requires before approval."""
    from localwire.prose.copyrules import editors_notes

    for note in editors_notes(text):
        text = text.replace(note, FORCE_RESPONSE, 1)
    return text
