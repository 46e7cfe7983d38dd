"""Sections of the Acts a force cites: their names, one spelling ("s.40(2)"), and finding them.

Only the sections police forces most often cite are named; `detect_sections` reports those and
nothing else, so "s 2016" in a sentence is never taken for a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from localwire.errors import LocalwireError
from localwire.foi.deadlines import FOIA, FOISA
from localwire.foi.lifecycle import NOT_HELD, PARTIALLY_SUCCESSFUL, REFUSED

SUBSECTION = r"\(\s*(?:\d{1,2}[a-z]?|[a-z]|[ivx]{1,4})\s*\)"  # (2), (1A), (a), (iv)
_SECTION = re.compile(rf"^\s*(?:s(?:ection|ec)?\.?\s*)?(\d{{1,2}})((?:\s*{SUBSECTION})*)\s*$",
                      re.IGNORECASE)
_SECTION_REFERENCE = re.compile(
    rf"\b(?:sections?|sec\.?|s\.?)\s?(\d{{1,2}})(?!\d)((?:\s?{SUBSECTION})*)", re.IGNORECASE)
_NOT_HELD_PHRASE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+not\s+held|(?:does|do)\s+not\s+hold|no\s+information\s+"
    r"(?:is\s+)?held|not\s+held\s+by)\b", re.IGNORECASE)

SECTIONS = {
    FOIA: {
        12: "cost of compliance exceeds the appropriate limit", 14: "vexatious or repeated request",
        21: "information reasonably accessible by other means", 22: "intended for future publication",
        23: "information from security bodies", 24: "national security", 27: "international relations",
        30: "investigations and proceedings", 31: "law enforcement", 38: "health and safety",
        40: "personal information", 41: "information provided in confidence",
        42: "legal professional privilege", 43: "commercial interests",
        44: "prohibitions on disclosure",
    },
    FOISA: {
        12: "excessive cost of compliance", 14: "vexatious or repeated request",
        17: "information not held", 25: "information otherwise accessible",
        27: "intended for future publication", 30: "prejudice to the conduct of public affairs",
        31: "national security", 33: "commercial interests", 34: "investigations",
        35: "law enforcement", 36: "confidentiality", 38: "personal information",
        39: "health, safety and the environment",
    },
}
NOT_HELD_SECTIONS = {FOISA: {"s.17"}, FOIA: set()}


def other_law_section(section: str, law: str) -> str | None:
    """A note when a cited section looks like the other Act's numbering: one this law's table
    does not name whose meaning it gives another number (FOIA's s.40(2) cited under FOISA,
    where personal information is s.38). None otherwise, and for sections neither table names."""
    number = int(section[2:].split("(")[0])
    if number in SECTIONS[law]:
        return None
    other = FOISA if law == FOIA else FOIA
    meaning = SECTIONS[other].get(number)
    here = [n for n, name in SECTIONS[law].items() if name == meaning]
    if not here:
        return None
    return (f"{section} is the {other} number: under {law}, {meaning} is s.{here[0]}; "
            "check the section the reply cites")


class SectionError(LocalwireError):
    code = "bad-section"


def normalise_section(text: str) -> str:
    """"section 40(2)", "s40(2)", "S.40 (2)" and "40(2)" all become "s.40(2)"."""
    match = _SECTION.match(text)
    if not match:
        raise SectionError(f"cannot read the section {text!r}",
                           hint='write it as "s.12" or "s.40(2)"')
    return "s." + match.group(1) + re.sub(r"\s+", "", match.group(2)).lower()


@dataclass(frozen=True)
class SectionHit:
    section: str        # "s.40(2)"
    description: str    # "personal information"
    excerpt: str        # the words around it in the reply


def detect_sections(text: str, law: str) -> list[SectionHit]:
    """Exemptions and limits cited in `text`, in order of first mention, each once."""
    known = SECTIONS.get(law, SECTIONS[FOIA])
    hits: dict[str, SectionHit] = {}
    for match in _SECTION_REFERENCE.finditer(text):
        number = int(match.group(1))
        if number not in known:
            continue
        section = f"s.{number}" + re.sub(r"\s+", "", match.group(2)).lower()
        if section not in hits:
            start, end = max(match.start() - 40, 0), min(match.end() + 40, len(text))
            excerpt = " ".join(text[start:end].split())
            hits[section] = SectionHit(section, known[number], excerpt)
    return list(hits.values())


_NOT_A_FIGURE = re.compile(r"\b(?:(?:19|20)\d\d(?:[/-]\d\d(?:\d\d)?)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b")
_PARTIAL_PHRASE = re.compile(
    r"\b(?:the rest (?:follow|are|is)|(?:the )?remaining (?:figures|information)|in part|"
    r"partially|please find (?:the|our) (?:figures|information|data))\b", re.IGNORECASE)


def suggest_outcome(text: str, law: str, *, tabular: bool = False) -> str | None:
    """refused, partially_successful or not_held when the text reads like one; None otherwise.
    Never applied by itself. A section cited beside figures given (a spreadsheet or CSV reply
    holding figures, or "the rest follow") reads as a partial answer: "<5" withheld under
    s.40(2) in a table of figures is not a refusal."""
    sections = {hit.section.split("(")[0] for hit in detect_sections(text, law)}
    if _NOT_HELD_PHRASE.search(text) or sections & NOT_HELD_SECTIONS.get(law, set()):
        return NOT_HELD
    if sections:
        gives_figures = tabular and _holds_figures(text)
        return PARTIALLY_SUCCESSFUL if gives_figures or _PARTIAL_PHRASE.search(text) else REFUSED
    return None


def _holds_figures(table_text: str) -> bool:
    """A digit left once section numbers, periods and years are taken out ("771", "<5")."""
    rest = _NOT_A_FIGURE.sub(" ", _SECTION_REFERENCE.sub(" ", table_text))
    return any(character.isdigit() for character in rest)
