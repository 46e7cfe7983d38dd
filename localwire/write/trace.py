"""Tracing: every number in a story is tied to the fact it came from.

House-style filters wrap what they print in invisible markers naming a fact; after rendering,
`untangle` removes the markers and returns the figures' spans. `untraced_numbers` then finds any
digit or number word outside those spans: the writer refuses such a story, so a template that
hard-codes a figure (or does arithmetic of its own) cannot publish it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from localwire.errors import TemplateError
from localwire.model.facts import Figure
from localwire.prose.numwords import NUMBER_WORDS

OPEN, MIDDLE, CLOSE = "\ue000", "\ue001", "\ue002"
MARKERS = OPEN + MIDDLE + CLOSE
_MARKED = re.compile(f"{OPEN}(\\d+){MIDDLE}([^{MARKERS}]*){CLOSE}")
_NUMBER_TOKEN = re.compile(r"\d|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
                           + r")\b", re.IGNORECASE)
# The same matches, found faster: every digit, and every run of letters between word
# boundaries, kept when the run is a number word (tests/test_scale.py checks the two agree).
_CANDIDATE = re.compile(r"\d|\b[a-z]+\b", re.IGNORECASE)
_NUMBER_WORDS_FOLDED = frozenset(word.casefold() for word in NUMBER_WORDS)
_NUMBER_WORD_PREFIXES = frozenset(w[:i] for w in _NUMBER_WORDS_FOLDED for i in range(1, len(w)))
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+", re.IGNORECASE)
_NO_MARKERS = str.maketrans("", "", MARKERS)
_CUT_RUN = re.compile(r"[a-z]+(?=\0)", re.IGNORECASE)


class Registry:
    """Collects what the filters traced during one render."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Any]] = []

    def mark(self, text: str, kind: str, ref: Any) -> str:
        if OPEN in text or MIDDLE in text or CLOSE in text:
            raise TemplateError("a traced figure cannot contain another")
        self.items.append((kind, ref))
        return f"{OPEN}{len(self.items) - 1}{MIDDLE}{text}{CLOSE}"


def clean(text: str) -> str:
    """Remove marker characters from outside input so it cannot forge a traced figure (the
    text itself when it has none: no copy of every name a context holds)."""
    if OPEN in text or MIDDLE in text or CLOSE in text:
        return text.translate(_NO_MARKERS)
    return text


def untangle(rendered: str, registry: Registry) -> tuple[str, list[Figure]]:
    """Strip the markers; return the plain text and the figures' spans in it."""
    # split() gives [text, index, figure, text, index, figure, ..., text]
    parts = _MARKED.split(rendered)
    items = registry.items
    figures: list[Figure] = []
    length = len(parts[0])
    for at in range(1, len(parts), 3):
        text = parts[at + 1]
        kind, ref = items[int(parts[at])]
        end = length + len(text)
        figures.append(Figure(length, end, text, kind, ref))
        length = end + len(parts[at + 2])
    del parts[1::3]
    plain = "".join(parts)
    if any(marker in plain for marker in MARKERS):
        raise TemplateError("a traced figure was cut or nested in the template")
    return plain, figures


def holds_number(text: str) -> bool:
    """Whether `text` holds a digit or a number word: what the tracer would ask a fact for."""
    return _NUMBER_TOKEN.search(text) is not None


def untraced_numbers(text: str, figures: list[Figure]) -> list[tuple[int, str]]:
    """Digits and number words outside every traced span: (offset, the word or digit run)."""
    if not _may_have_untraced(text, figures):
        return []
    is_covered = _coverage(figures)
    found = []
    for match in _CANDIDATE.finditer(text):
        word = match.group(0)
        if not word[0].isdigit() and word.casefold() not in _NUMBER_WORDS_FOLDED:
            continue
        if not is_covered(match.start()):
            if word.isdigit():
                word = re.match(r"[\d,.]+", text[match.start():]).group(0).rstrip(",.")
            found.append((match.start(), word))
    return _first_per_run(found)


def _may_have_untraced(text: str, figures: list[Figure]) -> bool:
    """A quick screen, run in C as far as possible: False only when no text outside the spans
    holds a digit, a number word, or a letter run cut by a span that could start one.
    Anything unusual (spans out of order, non-ASCII letters) answers True: the full scan runs."""
    # The text outside the spans, each span replaced by a NUL (no letter or digit; a space for
    # a span at the very end, which cuts nothing): one search of it finds what a search of each
    # segment would, and a run of letters just before a NUL is a run a span cut (a NUL of the
    # text's own only adds a run to test: still safe).
    pieces = []
    cursor = 0
    for figure in figures:
        if figure.start < cursor:
            return True
        pieces.append(text[cursor:figure.start])
        pieces.append("\0" if figure.start < len(text) else " ")
        cursor = figure.end
    pieces.append(text[cursor:])
    outside = "".join(pieces)
    if _DIGIT.search(outside):
        return True
    runs = _LETTERS.findall(outside)
    if not "".join(runs).isascii() or not _NUMBER_WORDS_FOLDED.isdisjoint(map(str.lower, runs)):
        return True
    return not _NUMBER_WORD_PREFIXES.isdisjoint(map(str.lower, _CUT_RUN.findall(outside)))


def _coverage(figures: list[Figure]) -> Callable[[int], bool]:
    """A test of whether an offset lies inside a traced span (a binary search when the spans
    are in order and apart, as `untangle` makes them)."""
    spans = [(f.start, f.end) for f in figures]
    if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
        return lambda offset: any(start <= offset < end for start, end in spans)
    starts = [start for start, _ in spans]

    def covered(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and offset < spans[index][1]
    return covered


def _first_per_run(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One report per run of digits ("771", not "7", "7", "1")."""
    result: list[tuple[int, str]] = []
    end = -1
    for offset, word in found:
        if offset >= end:
            result.append((offset, word))
            end = offset + len(word)
    return result


def strip_markers(text: str) -> str:
    """The text as a reader sees it, markers removed."""
    return clean(_MARKED.sub(lambda match: match.group(2), text))
