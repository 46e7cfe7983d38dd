"""Typed, immutable claims: what a figure in a text says, with where it is.

Every claim has the common fields of `Claim` (offsets, the figure's value and precision, hedge,
direction, role, age filter, noun, the rule that found it and its sentence and clause); each kind
adds its own: `Share(n, d)`, `Coverage(reported, expected)`, `Rank(order, by)`, `Rate(per, unit)`,
`Change(from_value, to_value)`. Claims are built once, by `Draft.freeze`, and never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, ClassVar

WINDOW = 250


class _once:
    """`functools.cached_property` without its lock (Python 3.11 takes one on every first read,
    a measurable part of checking a claim): the value is a pure function of a frozen claim, so
    two threads computing it at once would only store the same value twice."""

    def __init__(self, function) -> None:
        self.function, self.name = function, function.__name__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One numeric claim, with character offsets into the text it came from."""

    kind: ClassVar[str] = "count"
    start: int
    end: int
    text: str
    value: Decimal | None
    step: Decimal = Decimal(1)  # the precision the figure is stated at (its last digit's unit)
    unit: str = ""  # rate: day/week/... or "per 100,000"; interval: minutes/...; percent: "%"; money: "£"
    hedge: str | None = None  # nearly, more than, at least, less than, at most, around
    direction: str | None = None  # rise, fall
    role: str = "current"  # current; "from" = the earlier figure compared with; "to" = the later one
    age_min: int | None = None
    age_max: int | None = None
    noun: str | None = None  # what the figure counts, when it names something ("sex crimes")
    rule: str = ""  # the extraction rule that found it
    sentence_index: int = 0
    sentence_start: int = 0
    sentence: str = ""
    clause_index: int = 0
    clause_start: int = 0  # offsets into the sentence
    clause_end: int = 0
    scope_end: int = 0  # the scope: the clause plus any following clauses with no figure of their own
    quoted: bool = False
    periods: tuple = ()  # the periods named in its sentence (PeriodMention, offsets into it)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.kind)

    @property
    def per(self) -> int | None:
        return None

    @property
    def clause(self) -> str:
        return self.sentence[self.clause_start:self.clause_end]

    @property
    def scope(self) -> str:
        return self.sentence[self.clause_start:self.scope_end]

    # Windows: at most WINDOW characters either side of the figure, so that work per claim is
    # bounded however long its sentence (a 1 MB paste with no full stop is still linear).
    def _around(self, low: int, high: int) -> tuple[int, int]:
        at = self.start - self.sentence_start
        return max(low, at - WINDOW), min(high, self.end - self.sentence_start + WINDOW)

    @_once
    def clause_window(self) -> tuple[int, str]:
        """(where it starts in the sentence, the clause near the figure)."""
        a, b = self._around(self.clause_start, self.clause_end)
        return a, self.sentence[a:b]

    @_once
    def scope_window(self) -> str:
        a, b = self._around(self.clause_start, self.scope_end)
        return self.sentence[a:b]

    @_once
    def sentence_window(self) -> tuple[int, str]:
        a, b = self._around(0, len(self.sentence))
        return a, self.sentence[a:b]

    def fields(self) -> dict[str, Any]:
        """Every field, the kind included (for golden files and debugging)."""
        found = {"kind": self.kind, **{f.name: getattr(self, f.name) for f in fields(self)}}
        found["periods"] = [mention.text for mention in self.periods]
        found["clause"], found["scope"] = self.clause, self.scope
        return found


@dataclass(frozen=True, kw_only=True)
class Count(Claim):
    kind: ClassVar[str] = "count"


@dataclass(frozen=True, kw_only=True)
class Percent(Claim):
    """A percentage that is not a change: "86 per cent of victims" (checked as a share)."""

    kind: ClassVar[str] = "percent"


@dataclass(frozen=True, kw_only=True)
class Change(Claim):
    """"an increase of 123 from 381 to 504": the change, with the figures it was stated from."""

    kind: ClassVar[str] = "change"
    from_value: Decimal | None = None
    to_value: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class PctChange(Change):
    """"up 16 per cent", "risen by a third" (`fraction` "1/3"), "up 80% since 2014/15" (`since`)."""

    kind: ClassVar[str] = "pct_change"
    fraction: tuple[int, int] | None = None  # when written as a fraction ("a third": (1, 3))


@dataclass(frozen=True, kw_only=True)
class Share(Claim):
    """"one in 10" (n=1, d=10), "a third" (1, 3), "38 out of 44"; value is the share in per cent."""

    kind: ClassVar[str] = "share"
    n: int = 1
    d: int = 1


@dataclass(frozen=True, kw_only=True)
class Rate(Claim):
    """"two a day" (`unit` day) or "179 per 100,000 population" (`base` 100,000)."""

    kind: ClassVar[str] = "rate"
    base: int | None = None

    @property
    def per(self) -> int | None:
        return self.base


@dataclass(frozen=True, kw_only=True)
class Interval(Claim):
    """"every eight minutes": `unit` is minutes, hours, seconds, days or weeks."""

    kind: ClassVar[str] = "interval"


@dataclass(frozen=True, kw_only=True)
class Record(Claim):
    """"a record 570", "the highest level for seven years": `record` high or low; value when given."""

    kind: ClassVar[str] = "record"
    record: str = "high"
    series_years: int | None = None  # the series' length the sentence states ("the five years on record")
    window_years: int | None = None  # the years it is a record over ("a seven-year high"); 0: unstated


@dataclass(frozen=True, kw_only=True)
class Ratio(Claim):
    """"more than doubled", "five times higher": the value is the factor."""

    kind: ClassVar[str] = "ratio"


@dataclass(frozen=True, kw_only=True)
class Money(Claim):
    kind: ClassVar[str] = "money"


@dataclass(frozen=True, kw_only=True)
class Coverage(Claim):
    """How many forces a figure covers: "44 of 45 forces replied" (reported 44, expected 45);
    "one of the 43 forces" (in_area: how many forces the area has)."""

    kind: ClassVar[str] = "coverage"
    reported: int = 0
    expected: int | None = None
    in_area: bool = False


@dataclass(frozen=True, kw_only=True)
class Rank(Claim):
    """A place among forces: "the 28th highest" (order high, 28); `by` is count, rate, change ("the
    biggest increase") or a noun."""

    kind: ClassVar[str] = "rank"
    order: str = "high"
    by: str = "count"


KINDS: dict[str, type[Claim]] = {cls.kind: cls for cls in (
    Count, Percent, Change, PctChange, Share, Rate, Interval, Record, Ratio, Money, Coverage, Rank)}


@dataclass
class AgeFilter:
    """"aged 10 and under": not a claim, a filter on the claims of its clause."""

    start: int
    end: int
    text: str
    age_min: int | None
    age_max: int | None


@dataclass
class Draft:
    """A claim while the steps work on it (sentence-relative offsets), frozen once at the end."""

    kind: str
    start: int
    end: int
    value: Decimal | None
    step: Decimal = Decimal(1)
    rule: str = ""
    first: int = 0  # index of its first token
    last: int = 0  # index of its last token (inclusive)
    attrs: dict[str, Any] = field(default_factory=dict)

    def freeze(self, sentence: str, offset: int, **placed: Any) -> Claim:
        cls = KINDS[self.kind]
        allowed = _FIELDS[cls]
        extra = {key: value for key, value in self.attrs.items() if key in allowed}
        return cls(start=self.start + offset, end=self.end + offset,
                   text=sentence[self.start:self.end], value=self.value, step=self.step,
                   rule=self.rule, sentence=sentence, sentence_start=offset, **extra, **placed)


_FIELDS = {cls: frozenset(f.name for f in fields(cls)) for cls in KINDS.values()}
