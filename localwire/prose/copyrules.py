"""Rules a finished story's text must keep, whoever wrote it: no sentence starting with a figure
(house style), and no editor's note left for the desk to fill."""

from __future__ import annotations

import re

from localwire.prose.style import OPENERS

_SENTENCE_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+|\n|# ")


def sentence_starts_with_figure(text: str) -> list[int]:
    """Offsets of the first characters of sentences that start with a digit (house style forbids it).

    A sentence starts at the start of the text, after ". ", "! " or "? " (a closing quote may sit
    between the mark and the space), after a newline, or after a Markdown heading marker "# ".
    Whitespace and opening quotes before the first character are skipped, so the offset is the
    digit's own. "£8m" and other currency-first sentences are not flagged; an abbreviation
    before a figure ("No. 10") is, so write "No 10".
    """
    starts = {0} | {match.end() for match in _SENTENCE_BOUNDARY.finditer(text)}
    offsets = set()
    for start in starts:
        index = start
        while index < len(text) and (text[index].isspace() or text[index] in OPENERS):
            index += 1
        if index < len(text) and text[index].isdigit():
            offsets.add(index)
    return sorted(offsets)


# An editor's note: a paragraph wholly in square brackets ("[Force response: add Wiltshire
# Police's comment on these figures here.]"), for the desk to fill or delete. Generated copy may
# carry one; approved copy never does. A Markdown link ("[text](url)") is not a note.
_EDITORS_NOTE = re.compile(r"^[ \t]*\[([^\[\]\n]+)\][ \t]*$", re.MULTILINE)


def editors_notes(text: str) -> list[str]:
    """The editor's notes still in the text, in order, brackets included."""
    return [f"[{match.group(1)}]" for match in _EDITORS_NOTE.finditer(text)]
