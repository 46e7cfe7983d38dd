"""A claim's own wording, read once more before it is called contradicted (readings.py): words that
show the figure is of something else than the reading checked. Each returns why, or None.
- "compared to the likes of Lncashire which saw a 32 per cent increase": the figure is of what its
  area is compared with, not the area;
- "big increases in public order offences (19 per cent)": a change, not a share; "the lowest crime
  increase": a place by the size of a change; "its most similar forces": no record;
- "seven per cent of Bedfordshire residents": a share of people, not of the offences;
- "a 48 per cent rise in sexual crimes and an 18 per cent rise in violent incidents": the 18 names
  its own group, not the one read from its clause.
And for the article's own figures disagreeing: "fell by 20 per cent from 4,473 to 3,549" (20.7 per
cent, cut to 20 rather than rounded) is not a contradiction either."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from localwire.check.bands import show
from localwire.check.evidence import ArticleContext, Resolution
from localwire.check.extract import Claim
from localwire.check.measures import plain_words, words_right_after
from localwire.check.verify import Outcome
from localwire.check.vocabulary import Vocabulary
from localwire.check.words import (
    CHANGE_NOUN,
    COMPARED,
    NOT_A_LEVEL,
    ON_THE_YEAR_BEFORE,
    PEOPLE_SURVEYED,
)

A_YEAR_BEFORE = re.compile(rf"\b{ON_THE_YEAR_BEFORE}\b|\bprevious\b", re.IGNORECASE)
_COMPARED = re.compile(rf"\b{COMPARED}(?![\w-])", re.IGNORECASE)
# after the comparison, what names another subject: a name, or a group of areas
_OTHER_SUBJECT = re.compile(r"(?<![.!?]\s)\b[A-Z][a-z]{2,}|\b(?:forces|areas|regions|counterparts|neighbours|"
                            r"average|rest|others|nationally|national)\b")
_JUST_AN_ARTICLE = re.compile(r"\s+an?\s+")
_CHANGE_BEFORE_BRACKET = re.compile(rf"\b{CHANGE_NOUN}\s+(?:in|of)\s+[^()]{{0,80}}\(\s*$", re.IGNORECASE)
_CHANGE_AFTER = re.compile(rf"\s*(?:[a-z\-]+\s+){{0,2}}?{CHANGE_NOUN}\b", re.IGNORECASE)
_NO_LEVEL_AFTER = re.compile(rf"\s+{NOT_A_LEVEL}\b", re.IGNORECASE)
_OF_PEOPLE = re.compile(rf"\s+of\s+(?:the\s+|all\s+)?(?:[A-Z][\w\-’']*\s+){{0,3}}(?:[a-z\-]+\s+)?"
                        rf"{PEOPLE_SURVEYED}\b")
# "violent incidents", "hate crimes": a group of offences, named by its word
_QUALIFIED_GROUP = re.compile(r"\b([a-z][a-z\-]+)\s+(?:offences|offence|crimes|crime|cases|incidents)\b")
_NAMED_OWN_GROUP = ("the figure's noun", "named right after the figure", "named just before its brackets",
                    "given", "ages ")


def worded_otherwise(claim: Claim, resolution: Resolution, context: ArticleContext,
                     vocabulary: Vocabulary) -> str | None:
    """Why the claim's own words show it is of something else than the reading, or None."""
    return _kind_worded_otherwise(claim) or _of_what_is_compared(claim, resolution, context) or \
        _its_own_group(claim, resolution, vocabulary)


def _kind_worded_otherwise(claim: Claim) -> str | None:
    at, end = claim.start - claim.sentence_start, claim.end - claim.sentence_start
    sentence = claim.sentence
    if claim.kind in ("percent", "share"):
        if _CHANGE_BEFORE_BRACKET.search(sentence[max(0, at - 120):at]):
            return "its words make it a change (a rise or fall, in brackets after it), not a share"
        if _OF_PEOPLE.match(sentence, end):
            return "it is a share of people (residents, households), not of the offences"
    if claim.kind == "rank" and _CHANGE_AFTER.match(sentence, end):
        return "a place by the size of a change: the data ranks counts and rates"
    if claim.kind == "record" and claim.text.lower().endswith("most") and \
            _NO_LEVEL_AFTER.match(sentence, end):
        return f"{sentence[at:end + 12].split(',')[0]!r} names no record level"
    return None


def _of_what_is_compared(claim: Claim, resolution: Resolution, context: ArticleContext) -> str | None:
    """"Lincolnshire ..., compared to the likes of Lncashire which saw a 32 per cent increase",
    "The force records 50 crimes per 1,000 people compared to 65 per 1,000 nationally": the area
    read is named before a comparison that names another subject, and the figure is after it."""
    evidence = next((e for e in reversed(resolution.evidence) if e.field == "area"), None)
    if evidence is None or evidence.reason.startswith(("given", "named right after", "paired with",
                                                       "named just before", "the area compared with")):
        return None
    start, at = claim.sentence_start, claim.start
    named = [m for m in context.mentions if start <= m.start < at and m.slug == resolution.area]
    if not named:
        return None
    gap = claim.sentence[named[-1].end - start:at - start]
    compared = next(reversed(list(_COMPARED.finditer(gap))), None)  # the last before the figure
    if compared is None:
        return None
    between = gap[compared.end():]
    if compared.group().lower() == "against" and not _JUST_AN_ARTICLE.fullmatch(between):
        return None  # "crimes against children": no comparison; "against a 15 per cent fall" is one
    after = claim.sentence[claim.end - start:claim.end - start + 30]
    other = _OTHER_SUBJECT.search(between) or _OTHER_SUBJECT.search(after)
    if other is None:
        return None
    return (f"it comes after {compared.group()!r}, of {other.group()!r}, not of the area read "
            f"({resolution.area})")


def _its_own_group(claim: Claim, resolution: Resolution, vocabulary: Vocabulary) -> str | None:
    """"... a 48 per cent rise in sexual crimes and an 18 per cent rise in violent incidents": a
    breakdown read from its clause, when the words right after the figure name another thing."""
    if not resolution.breakdown:
        return None
    evidence = next((e for e in reversed(resolution.evidence) if e.field == "breakdown"), None)
    if evidence is None or evidence.reason.startswith(_NAMED_OWN_GROUP):
        return None
    words = words_right_after(claim)
    if not words:
        return None
    end = claim.end - claim.sentence_start
    if resolution.breakdown in vocabulary.flags_in(claim.sentence[end:end + 80]):
        return None
    named = _QUALIFIED_GROUP.search(words)
    group = named.group() if named and named.group(1) not in plain_words() else None
    if group is None and vocabulary.group_pattern and (other := vocabulary.group_pattern.search(words)):
        group = other.group()
    if group is None:
        return None
    return f"its own words name {group!r}, not {resolution.breakdown} (read from its clause)"


def internal_doubt(claim: Claim, outcome: Outcome) -> Outcome | None:
    """"fell by 20 per cent from 4,473 to 3,549" (20.66 per cent): a percentage the article's own
    figures give when cut to the precision stated rather than rounded is no contradiction; None
    when that is not so."""
    if claim.kind != "pct_change" or claim.hedge or claim.value is None or outcome.expected is None:
        return None
    wrong_way = outcome.expected < 0 if claim.direction == "rise" else outcome.expected > 0
    if claim.direction in ("rise", "fall") and wrong_way:
        return None
    step = Fraction(claim.step)
    implied = abs(Fraction(outcome.expected))
    if not step or Fraction(math.floor(implied / step)) * step != abs(Fraction(claim.value)):
        return None
    return Outcome("unverifiable", f"not called contradicted: the article's own figures give "
                                   f"{show(implied)}, which the writer may have cut to "
                                   f"{show(Fraction(claim.value))} rather than rounded; as read, "
                                   f"{outcome.explanation}", outcome.expected, outcome.fact_id,
                   outcome.formula, outcome.tolerance)
