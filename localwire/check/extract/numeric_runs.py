"""Runs of bare numbers with no word between them ("7 7 7 ...", a pasted column of figures): data,
not prose, so they are not read as claims. Each is reported as a `SkippedRun` (where it is and how
many figures it holds), never passed over in silence.

The threshold comes from real text: the longest run of numbers with no word between them in the
evaluation articles and the seeds is 7 (a table row "607 (13/14) 637 (14/15) 4.9%"), and the
tables in them are still checked figure by figure. A run of at least `DATA_RUN_FIGURES` figures,
over five times that, is treated as data. Finding the runs is one pass of one pattern: linear.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

DATA_RUN_FIGURES = 40
NUMBER = r"[£$€]?\d+(?:[,.]\d+)*%?"
# numbers separated by anything but a letter, a digit, a currency sign or the end of a sentence
RUN = re.compile(rf"{NUMBER}(?:[^\w£$€.!?]+{NUMBER})*")
_FIGURE = re.compile(NUMBER)


@dataclass(frozen=True)
class SkippedRun:
    """A run of bare numbers not read as claims: its character span and how many figures it holds."""

    start: int
    end: int
    figures: int

    @property
    def note(self) -> str:
        return (f"characters {self.start}-{self.end}: {self.figures} bare numbers with no word between "
                f"them, read as data, not prose; not checked")

    def as_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "figures": self.figures, "note": self.note}


def data_runs(text: str) -> list[SkippedRun]:
    """Every run of at least `DATA_RUN_FIGURES` bare numbers in `text`, in reading order."""
    shortest = 2 * DATA_RUN_FIGURES - 1  # a figure and a separator each
    runs = []
    for match in RUN.finditer(text):
        if match.end() - match.start() < shortest:
            continue
        figures = len(_FIGURE.findall(text, match.start(), match.end()))
        if figures >= DATA_RUN_FIGURES:
            runs.append(SkippedRun(match.start(), match.end(), figures))
    return runs


def blanked(body: str, offset: int, runs: list[SkippedRun]) -> str:
    """The sentence at `offset` with every part of it inside a run (of `runs`, in reading order)
    replaced by spaces: the same length, so offsets into it still hold."""
    end = offset + len(body)
    at = bisect.bisect_right(runs, offset, key=lambda run: run.end)  # the first run ending after it
    for run in itertools.takewhile(lambda run: run.start < end, runs[at:]):
        first, last = max(run.start, offset) - offset, min(run.end, end) - offset
        body = body[:first] + " " * (last - first) + body[last:]
    return body
