"""A group heading its figures across a dash or a colon: "- Drug offences – 1,482, a 11%
decrease", "Burglary: 3,603", "a significant increase in public order offences - a 166.6 per
cent jump from 3,386 to 9,027". Like "robberies (up 22%)", the group named right before the
mark is the figure's, when nothing between the mark and the figure names another (measures.py
asks)."""

from __future__ import annotations

import re

from localwire.check.extract import Claim
from localwire.check.vocabulary import NOT_A_GROUP, Vocabulary

# A colon (not a clock's), or a dash with a space or a figure after it (not "non-domestic").
_MARK = re.compile(r"(?<!\d):(?!\d)|\s?[–—]|\s-(?=\s|\d)|(?<=[a-z])-(?=\d)")
_REACH = 60  # characters from the mark to the figure: a few words ("– up 30 per cent to 14,458")
# "shoplifting and drug offences - 24 per cent and 20 per cent increases respectively": two
# groups before the mark, the figures shared between them
_TWO_GROUPS = re.compile(r"\b(?:and|or|&)\s+(?:[a-z’'-]+\s+){0,3}$")


def group_before_dash(claim: Claim, vocabulary: Vocabulary) -> tuple[str | None, str] | None:
    """(the breakdown, its words) of the group named right before the dash or colon nearest
    before the figure; (None, the words) for a group the dataset does not break down; None when
    there is no such mark, another group is named between it and the figure, or two groups
    end before it ("shoplifting and drug offences - 24 per cent")."""
    at = claim.start - claim.sentence_start
    reach = claim.sentence[max(0, at - _REACH):at]
    marks = list(_MARK.finditer(reach))
    if not marks or vocabulary.group_pattern is None:
        return None
    mark = marks[-1]
    if vocabulary.group_pattern.search(reach[mark.end():].lower()):
        return None
    before = NOT_A_GROUP.sub(" ", claim.sentence[:max(0, at - _REACH) + mark.start()].lower()).rstrip()
    for term, name in vocabulary.flag_terms:  # the longest first
        if before.endswith(term) and (len(before) == len(term) or not before[-len(term) - 1].isalpha()):
            head = before[:-len(term)]
            if _TWO_GROUPS.search(head) and vocabulary.group_pattern.search(head[-40:]):
                return None
            return name, term
    last = re.search(r"(?:[a-z][a-z’'-]*\s+){0,2}[a-z][a-z’'-]*$", before)
    if last and vocabulary.group_pattern.search(last.group()):
        return None, last.group()
    return None
