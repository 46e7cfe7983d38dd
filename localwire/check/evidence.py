"""What a resolution is made of: each choice (area, period, measure, breakdown) with its reason and
a confidence (`Evidence`), one claim's choices (`Resolution`), and what the whole article says
(`ArticleContext`). A claim is called contradicted only when every choice behind it is firm."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from localwire.areas import Gazetteer
from localwire.check.extract.columns import Cell
from localwire.check.mentions import AreaMention
from localwire.model.periods import Period

FIRM = 0.75  # below this, a choice is a guess: the claim is never called contradicted on it
DOUBT_LIMIT = 0.65  # nor when its choices, each firm, add up to too much doubt (the sum of 1 - confidence)


@dataclass(frozen=True)
class Evidence:
    field: str  # area, period, base, measure, breakdown, dataset
    value: str | None
    reason: str
    confidence: float

    def as_dict(self) -> dict:
        return {"field": self.field, "value": self.value, "reason": self.reason,
                "confidence": self.confidence}


@dataclass
class Resolution:
    area: str | None = None
    period: Period | None = None
    measure: str | None = None
    breakdown: str = ""
    dataset: str | None = None
    base: Period | None = None  # a change since this period (when not the year before)
    rate_base: int | None = None  # a bare figure in a table of rates per population
    problem: str | None = None  # why the claim cannot be looked up, when it cannot
    place: str = ""  # the place inside the force `area` the figure is about ("Sunderland"), if any
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, name: str, value: str | None, reason: str, confidence: float) -> None:
        self.evidence.append(Evidence(name, value, reason, confidence))

    @property
    def confidence(self) -> float:
        return min((e.confidence for e in self.evidence), default=1.0)

    @property
    def firm(self) -> bool:
        doubt = sum(1 - evidence.confidence for evidence in self.evidence)
        return self.confidence >= FIRM and doubt <= DOUBT_LIMIT + 1e-9

    def weakest(self) -> Evidence | None:
        return min(self.evidence, key=lambda e: e.confidence, default=None)


_SENTENCE_ENDS = (".", "!", "?", ":", "”", '"', ";", ",")


@dataclass
class ArticleContext:
    main_area: str | None
    period: Period | None
    mentions: list[AreaMention]  # in reading order
    default_measure: str | None
    national: str = "united-kingdom"
    forces: frozenset[str] = frozenset()
    area_evidence: Evidence | None = None
    period_evidence: Evidence | None = None
    gazetteer: Gazetteer | None = None
    mention_starts: list[int] = field(default_factory=list)
    comparisons: list[AreaMention] = field(default_factory=list)  # "the national average", in order
    surveyed: bool = False  # the article quotes a survey's estimates too
    text: str = ""  # the article itself (a table's rows are read across its lines)
    cells: dict[int, Cell] = field(default_factory=dict)  # table cells read by their column's heading
    _subjects: dict[str, tuple[list[AreaMention], list[int]]] = field(default_factory=dict, repr=False)
    _named: dict[str | None, int] = field(default_factory=dict, repr=False)
    _headings: list[tuple[int, AreaMention | None]] = field(default_factory=list, repr=False)

    def is_force(self, slug: str) -> bool:
        return slug in self.forces

    def section_area(self, at: int) -> AreaMention | None:
        """The one area the heading of the section holding offset `at` names ("Crime in Dorset down
        to 15 year low" over the paragraphs after it), if any: a heading is a short line with no
        full stop, once the body has begun (not the headline and the standfirst lines under it)."""
        if not self._headings:
            self._headings.append((-1, None))
            subjects, starts = self.subjects("")
            offset, body = 0, False
            for line in self.text.split("\n"):
                stripped = line.strip()
                if body and stripped and len(stripped) <= 100 and not stripped.endswith(_SENTENCE_ENDS):
                    low = bisect.bisect_left(starts, offset)
                    high = bisect.bisect_left(starts, offset + len(line))
                    named = {m.slug for m in subjects[low:high]}
                    self._headings.append((offset, subjects[low] if len(named) == 1 else None))
                body = body or stripped.endswith(_SENTENCE_ENDS)
                offset += len(line) + 1
        found = self._headings[bisect.bisect_right(self._headings, at, key=lambda h: h[0]) - 1]
        return found[1]

    def times_named(self, slug: str) -> int:
        """How often the article names an area (counted once per article)."""
        if not self._named:
            self._named.update(Counter(m.slug for m in self.mentions) or {None: 0})
        return self._named.get(slug, 0)

    def subjects(self, kind: str) -> tuple[list[AreaMention], list[int]]:
        """The mentions that can be the area of a claim of this kind, in reading order, and where
        each starts. The group compared with is the area of a coverage claim ("one of the 43 forces
        in England and Wales"), never the subject of any other claim; the area ranked is a force."""
        key = kind if kind in ("coverage", "rank") else ""
        if key not in self._subjects:
            mentions = [m for m in self.mentions if (key == "coverage" or not m.group) and not m.comparison]
            if key == "rank":
                mentions = [m for m in mentions if m.slug == self.main_area or self.is_force(m.slug)]
            self._subjects[key] = (mentions, [m.start for m in mentions])
        return self._subjects[key]
