"""Keeping an editor's edits when the writer's new figures arrive: a three-way merge.

The base is the text the writer produced and the editor started from; "ours" is the story as
the editor left it; "theirs" is the writer's new text. A change made on one side only is taken
from that side; the same change on both sides is taken once. Changes that overlap or touch are
a conflict: the writer's wording is taken there (its figures are today's), and the editor's
wording is returned so the desk can say, before anyone accepts, which edits would be lost.

Paragraphs are merged first (a story is one paragraph a line); a paragraph both sides changed is
merged again word by word, so an edit to a sentence's wording survives a new figure elsewhere
in it. Written on `difflib` rather than a merge library: `merge3` is GPL (this project is MIT) and
`three-merge` reports no conflicts, which copy for print cannot do without.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Hunk:
    """Base tokens [start, end) replaced by `tokens` on one side."""

    start: int
    end: int
    tokens: tuple[str, ...]


@dataclass
class Merged:
    text: str
    # the editor's wording a conflict dropped, "(deleted) ..." for a paragraph the editor cut
    lost: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.lost


def merge_edits(base: str, edited: str, regenerated: str) -> Merged:
    """The writer's new text with the editor's non-conflicting edits applied."""
    if edited == base:
        return Merged(regenerated)
    if regenerated == base:
        return Merged(edited)
    lost: list[str] = []
    pieces = _merge(base.splitlines(keepends=True), edited.splitlines(keepends=True),
                    regenerated.splitlines(keepends=True), lost, by_words=True)
    return Merged("".join(pieces), lost)


def _merge(base: list[str], ours: list[str], theirs: list[str], lost: list[str], *,
           by_words: bool) -> list[str]:
    out: list[str] = []
    at = 0
    for start, end, mine, writers in _groups(_hunks(base, ours), _hunks(base, theirs)):
        out.extend(base[at:start])
        out.extend(_resolve(base[start:end], _apply(base, start, end, mine),
                            _apply(base, start, end, writers), mine, writers, lost, by_words))
        at = end
    out.extend(base[at:])
    return out


def _resolve(base: list[str], ours: list[str], theirs: list[str], mine: list[Hunk],
             writers: list[Hunk], lost: list[str], by_words: bool) -> list[str]:
    if not writers or ours == theirs:
        return ours
    if not mine:
        return theirs
    if by_words:
        conflicts: list[str] = []
        words = _merge(_split_words(base), _split_words(ours), _split_words(theirs), conflicts,
                       by_words=False)
        if not conflicts:
            return ["".join(words)]
    mine_now = "".join(ours).strip()
    lost.append(mine_now or f"(deleted) {''.join(base).strip()}")
    return theirs


def _split_words(lines: list[str]) -> list[str]:
    return _WORDS.findall("".join(lines))


def _hunks(base: list[str], other: list[str]) -> list[Hunk]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [Hunk(i1, i2, tuple(other[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _groups(mine: list[Hunk], writers: list[Hunk]) -> Iterator[tuple[int, int, list[Hunk], list[Hunk]]]:
    """Runs of hunks that overlap or touch, as (start, end, my hunks, the writer's hunks)."""
    tagged = sorted([(h, 0) for h in mine] + [(h, 1) for h in writers],
                    key=lambda item: (item[0].start, item[0].end))
    group: list[tuple[Hunk, int]] = []
    reach = -1
    for hunk, side in tagged:
        if group and hunk.start > reach:
            yield _group(group)
            group, reach = [], -1
        group.append((hunk, side))
        reach = max(reach, hunk.end)
    if group:
        yield _group(group)


def _group(items: list[tuple[Hunk, int]]) -> tuple[int, int, list[Hunk], list[Hunk]]:
    return (min(hunk.start for hunk, _ in items), max(hunk.end for hunk, _ in items),
            [hunk for hunk, side in items if side == 0], [hunk for hunk, side in items if side == 1])


def _apply(base: list[str], start: int, end: int, hunks: list[Hunk]) -> list[str]:
    """base[start:end] with one side's hunks (all inside it) applied."""
    out: list[str] = []
    at = start
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.extend(base[at:hunk.start])
        out.extend(hunk.tokens)
        at = hunk.end
    out.extend(base[at:end])
    return out
