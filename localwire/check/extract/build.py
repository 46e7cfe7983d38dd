"""From a rule's match to a draft claim, an age filter or a skipped span (one builder per label)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from localwire.check.extract.claims import AgeFilter, Draft
from localwire.check.extract.patterns import Captures
from localwire.check.extract.rules import Rule
from localwire.check.extract.tokens import FIGURES, ORD, Token, parse_number
from localwire.check.words import CHANGE_NOUN, CHANGE_OR_NOUN


@dataclass
class Skipped:
    """Tokens no claim may use; a rate base ("per 100,000 people") keeps its base for the steps."""

    start: int
    end: int
    base: int | None = None


@dataclass
class Match:
    rule: Rule
    first: int  # token indices [first, end)
    end: int
    captures: Captures


Built = Draft | AgeFilter | Skipped | None
_ORDINAL_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10}
_RATIO_WORDS = {"doubl": 2, "twice": 2, "trebl": 3, "tripl": 3, "quadrupl": 4, "halv": Decimal("0.5")}
_TIME_UNITS = {"minute": "minutes", "hour": "hours", "second": "seconds", "day": "days", "week": "weeks"}
_LOW_WORDS = frozenset({"low", "lowest", "fewest", "smallest", "lows"})
_RATE_POPULATION = frozenset({"population", "people", "residents", "inhabitants", "persons"})
_PER_BASE_CUES = ("per 1", "every 1", "per head", "per one", "per ten", "per a ", "every one", "every ten")
_RATE_NEXT = re.compile(r"[\s\-]+(?:[\w\-]+\s+)?rates?\b", re.IGNORECASE)
_CHANGE_NEXT = re.compile(r"[\s\-]+(?:(?:annual|yearly|relative|percentage|proportional|overall)\s+)?"
                          rf"{CHANGE_NOUN}\b", re.IGNORECASE)
# "the increase in Gwent was the ninth lowest", "ranked second highest when it comes to reducing
# break-ins": the place is of a change, named before it or after a linking phrase
_CHANGE_BEFORE = re.compile(rf"\b{CHANGE_OR_NOUN}\b[^,;:]{{0,60}}"
                            r"\b(?:was|were|is|are|ranked|ranks|came)\s+(?:the\s+)?$",
                            re.IGNORECASE)
_CHANGE_LINKED = re.compile(r"\s+(?:when\s+it\s+comes\s+to|in\s+terms\s+of|for|at)\s+(?:reducing|cutting|"
                            r"lowering|increasing|reductions?|increases?|rises?|falls?|cuts?)\b",
                            re.IGNORECASE)
_GROUP_FOLLOWS = re.compile(r"[\s\-]*(?:of|among|amongst|in|across|on|for)\b", re.IGNORECASE)
_COUNT_WORDS = re.compile(r"\b(?:number|total|count)\b")
_RANK_NOUN_STOP = frozenset({"number", "numbers", "total", "level", "figure", "count"})


class Context:
    """One sentence being built: its text and tokens."""

    def __init__(self, body: str, tokens: list[Token]) -> None:
        self.body, self.tokens = body, tokens
        self.lower = body.lower()

    @functools.cached_property
    def rates_in_sentence(self) -> bool:
        return _rates_in_sentence(self.lower)

    def span(self, first: int, end: int) -> tuple[int, int]:
        return self.tokens[first].start, self.tokens[end - 1].end

    def captured(self, match: Match, name: str) -> list[Token] | None:
        found = match.captures.get(name)
        return None if found is None else self.tokens[found[0]:found[1]]

    def value(self, match: Match, name: str) -> tuple[Decimal, Decimal] | None:
        tokens = self.captured(match, name)
        if not tokens:
            return None
        token = tokens[0]
        if token.kind in FIGURES:
            return token.value, token.step
        return parse_number(token.text)

    def draft(self, match: Match, kind: str, parsed: tuple[Decimal, Decimal] | None,
              **attrs) -> Draft:
        start, end = self.span(match.first, match.end)
        value, step = parsed if parsed else (None, Decimal(1))
        return Draft(kind, start, end, value, step, match.rule.name, match.first, match.end - 1,
                     attrs)


def build(context: Context, match: Match) -> Built:
    builder = _BUILDERS.get(match.rule.name) or _BY_LABEL[match.rule.label]
    return builder(context, match)


def _age(context: Context, match: Match) -> AgeFilter | None:
    low, high = _age_bounds(context, match)
    if low is None and high is None:
        return None
    start, end = context.span(match.first, match.end)
    return AgeFilter(start, end, context.body[start:end], low, high)


def _age_bounds(context: Context, match: Match) -> tuple[int | None, int | None]:
    first = _age_number(context, match, "a")
    if first is None:
        return None, None
    second = _age_number(context, match, "b")
    if context.captured(match, "b"):
        return first, second
    op = " ".join(t.low for t in context.captured(match, "op") or [])
    tail = " ".join(t.low for t in context.captured(match, "tail") or [])
    if op in ("under", "below", "less than", "younger than"):
        return None, first - 1
    if op in ("no older than", "not older than", "up to") or tail in ("under", "younger", "below", "less"):
        return None, first
    if op in ("over", "above", "older than"):
        return first + 1, None
    if op == "at least" or tail in ("over", "older", "above"):
        return first, None
    return first, first


def _age_number(context: Context, match: Match, name: str) -> int | None:
    tokens = context.captured(match, name)
    if not tokens:
        return None
    text = tokens[0].text
    if tokens[0].kind not in FIGURES:  # "under-18s", "under-fives"
        if not text.lower().endswith("s"):
            return None
        text = text[:-1]
    parsed = parse_number(text) if text[:1].isdigit() or text.isalpha() else None
    if parsed is None or parsed[0] != int(parsed[0]):
        return None
    return int(parsed[0])


def _record(context: Context, match: Match) -> Draft:
    word = context.captured(match, "w") or context.captured(match, "hl")
    low = bool(word) and word[0].low in _LOW_WORDS
    series = context.value(match, "s")  # "in the three years on record"
    return context.draft(match, "record", None, record="low" if low else "high",
                         series_years=None if series is None else int(series[0]),
                         window_years=_window_years(context, match))


def _window_years(context: Context, match: Match) -> int | None:
    """"the highest for seven years", "a three-year high", "for a decade": the years the record
    is stated over; 0 when a window is stated without a length in years ("for decades")."""
    unit = context.captured(match, "u")
    if not unit:
        return None
    word, count = unit[0].low, context.value(match, "y")
    if word.startswith("month"):
        return 0
    if count is None:
        return 10 if word == "decade" else 0
    if count[0] != int(count[0]):
        return 0
    return int(count[0]) * (10 if word.startswith("decade") else 1)


def _rank(context: Context, match: Match) -> Draft:
    ordinal = context.captured(match, "o")
    if ordinal and ordinal[0].kind == ORD:
        value = Decimal(re.sub(r"\D", "", ordinal[0].text))
    else:
        value = Decimal(_ORDINAL_WORDS.get(ordinal[0].low, 1) if ordinal else 1)
    word = context.captured(match, "w")[0].low
    order = "low" if word in ("lowest", "smallest", "fewest") else "high"
    draft = context.draft(match, "rank", (value, Decimal(1)), order=order)
    after = context.body[draft.end:draft.end + 250]
    if _CHANGE_NEXT.match(after) or _CHANGE_LINKED.match(after) or \
            _CHANGE_BEFORE.search(context.body[:draft.start]):  # "the biggest increase of the four forces"
        draft.attrs["by"] = "change"
        return draft
    if _RATE_NEXT.match(after) or context.rates_in_sentence:
        draft.attrs["by"] = "rate"
        return draft
    from localwire.check.extract.steps import noun_after  # steps use builders' results

    noun = None if _GROUP_FOLLOWS.match(after) else noun_after(after)
    if noun and noun.split()[0] not in _RANK_NOUN_STOP:
        draft.attrs["noun"] = noun
        draft.attrs["by"] = noun
    return draft


def _rates_in_sentence(lower: str) -> bool:
    """"the second lowest of any force, with 47 offences per 1,000 people": a place among rates;
    "the number was the 34th highest" stays a place among counts."""
    rates = "rate" in lower or any(cue in lower for cue in _PER_BASE_CUES)
    return rates and not _COUNT_WORDS.search(lower)


def _coverage(context: Context, match: Match) -> Draft | None:
    if context.captured(match, "both"):
        reported, expected = 2, 2
    elif context.captured(match, "all") or context.captured(match, "in_area"):
        parsed = context.value(match, "all") or context.value(match, "in_area")
        reported = expected = int(parsed[0]) if parsed else None
    elif context.captured(match, "n"):
        n, m = context.value(match, "n"), context.value(match, "m")
        reported, expected = (int(n[0]), int(m[0])) if n and m else (None, None)
    else:
        bare = context.value(match, "bare")
        reported, expected = (int(bare[0]) if bare else None), None
    if reported is None:
        return None
    return context.draft(match, "coverage", (Decimal(reported), Decimal(1)), reported=reported,
                         expected=expected, in_area=bool(context.captured(match, "in_area")))


def _skip(context: Context, match: Match) -> Skipped:
    start, end = context.span(match.first, match.end)
    base = None
    if match.rule.name == "rate base" and context.tokens[match.end - 1].low in _RATE_POPULATION:
        words = [t.low for t in context.tokens[match.first:match.end]]
        if words[0] == "per" or words[:2] == ["for", "every"]:
            parsed = context.value(match, "base")
            base = int(parsed[0]) if parsed else None
    return Skipped(start, end, base)


def _with_value(kind: str, unit: str = "") -> Callable[[Context, Match], Draft | None]:
    def builder(context: Context, match: Match) -> Draft | None:
        parsed = context.value(match, "n")
        if parsed is None:
            return None
        return context.draft(match, kind, parsed, unit=unit)
    return builder


def _ratio(context: Context, match: Match) -> Draft:
    word = context.captured(match, "w")[0].low
    factor = next(value for stem, value in _RATIO_WORDS.items() if word.startswith(stem))
    draft = context.draft(match, "ratio", (Decimal(str(factor)), Decimal(1)))
    if word.endswith(("ed", "ing")):
        draft.attrs["direction"] = "fall" if word.startswith("halv") else "rise"
    return draft


def _interval(context: Context, match: Match) -> Draft | None:
    parsed = context.value(match, "n")
    unit = context.captured(match, "u")[0].low
    if parsed is None:
        return None
    return context.draft(match, "interval", parsed, unit=_TIME_UNITS[unit.rstrip("s")])


def _share(context: Context, match: Match) -> Draft | None:
    fraction = context.captured(match, "f")
    if fraction:
        n, d = fraction[0].value
    else:
        top, bottom = context.value(match, "n"), context.value(match, "d")
        if not top or not bottom or not top[0] or top[0] >= bottom[0]:
            return None
        if top[0] != int(top[0]) or bottom[0] != int(bottom[0]):
            return None
        n, d = int(top[0]), int(bottom[0])
    value = Decimal(n) / Decimal(d) * 100
    return context.draft(match, "share", (value, Decimal(1)), unit="%", n=n, d=d,
                         fraction_words=bool(fraction))


_PRONOUN_WORDS = frozenset({"one", "a", "an"})


def _figure(context: Context, match: Match) -> Draft | None:
    token = context.tokens[match.first]
    if token.low in _PRONOUN_WORDS:
        from localwire.check.extract.steps import is_pronoun

        if is_pronoun(context.body[token.end:token.end + 200]):
            return None  # "one of the", "no one": a pronoun, not a figure
    return context.draft(match, "count", (token.value, token.step))


_BUILDERS: dict[str, Callable[[Context, Match], Built]] = {
    "times": _with_value("ratio"), "ratio word": _ratio, "figure": _figure,
}
_BY_LABEL: dict[str, Callable[[Context, Match], Built]] = {
    "age": _age, "record": _record, "rank": _rank, "coverage": _coverage, "skip": _skip,
    "money": _with_value("money", "£"), "ratio": _ratio, "interval": _interval, "share": _share,
    "percent": _with_value("percent", "%"), "count": _figure,
}
