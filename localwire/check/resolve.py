"""Tie each claim to an area, a period, a measure and a breakdown.

Areas come from the gazetteer ("Herts", "Wiltshire Police", "the UK", "national"); "the force",
"the county" and "the constabulary" mean the article's main area (the force named most often, or
the one given). Periods: a financial year named in the claim's clause ("in 2016/17"), else the
article's year, inferred from the text ("2016/17", "between April 2016 and March last year") or
given; a figure introduced by "from" ("a drop from 514", "from 381 to 504") is the previous
period's. Measures and breakdowns come from the dataset's own vocabulary (`terms` in its
dataset.toml), never from words written into the checker.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from localwire.areas import Gazetteer, alias_key
from localwire.check.extract import Claim, starting_with
from localwire.errors import PeriodError
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period

NATIONAL = "united-kingdom"
_MAIN_AREA_WORDS = re.compile(starting_with("t") + r"\bthe\s+(?:force|county|constabulary|area|region)\b",
                              re.IGNORECASE)
_NATIONAL_WORDS = re.compile(starting_with("na") +
                             r"\b(?:nationally|nationwide|across the country|national)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z&\-\.]*(?:[’']s\b)?|&")
_FINANCIAL_YEAR = re.compile(starting_with("12") + r"\b((?:19|20)\d{2})\s*[/\-–]\s*(\d{2})\b")
_APRIL_TO_MARCH = re.compile(r"\bbetween\s+April\s+((?:19|20)\d{2})\s+and\s+March\b", re.IGNORECASE)
_YEAR_TO_MARCH = re.compile(r"\byear\s+(?:to|ending)\s+March\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_MAX_AREA_WORDS = 6
# A sentence about the figure before it: "The number was ...", "That is ...", "This was ..."
_ANAPHOR = re.compile(r"\s*(?:the\s+(?:number|figure|total|rise|fall|increase)|that|this|it)\s+"
                      r"(?:was|is|were|has|had|represents|means|puts|made|makes)\b", re.IGNORECASE)
# An area named as the group compared with, not the subject: "of the territorial forces in England
# and Wales", "among forces across the UK", "the highest rate in the country".
_GROUP_BEFORE = re.compile(r"(?:\b(?:of|among|amongst)\s+(?:the\s+|all\s+)?(?:[\w\-]+\s+){0,2}?(?:police\s+)?"
                           r"(?:forces|constabularies|force\s+areas|areas)\s+(?:in|across|of)\s+(?:the\s+)?"
                           r"|\b(?:highest|lowest|largest|smallest|biggest|most|fewest)\b[^.;,\d]{0,30}?"
                           r"\b(?:in|across|of)\s+(?:the\s+)?)$", re.IGNORECASE)
_MONEY_UNITS = ("£", "gbp", "pounds")
# A ratio ("doubled", "twice") is checked against the previous period only when the text says so.
_PREVIOUS_YEAR_WORDS = re.compile(r"\b(?:the\s+(?:year|12\s+months)\s+before|(?:the\s+)?previous\s+(?:year|"
                                  r"12\s+months)|last\s+year|a\s+year\s+(?:earlier|before|ago)|in\s+a\s+year|"
                                  r"in\s+(?:the\s+)?(?:last|past)\s+(?:year|12\s+months)|on\s+the\s+year|"
                                  r"year[\s\-]on[\s\-]year)\b", re.IGNORECASE)


@dataclass(frozen=True)
class AreaMention:
    start: int
    end: int
    slug: str
    text: str
    group: bool = False  # the areas compared with ("the 28th highest of the forces in England and Wales")


def _whole_words(term: str) -> re.Pattern[str]:
    r"""`\bterm\b`, written with the first boundary checked behind the term: the same matches, but
    the regex engine can then scan for the term's text, about ten times faster than from a \b."""
    escaped = re.escape(term)
    return re.compile(rf"{escaped}(?<=\b{escaped})\b")


@dataclass
class Vocabulary:
    """A dataset's words: measures (any measure that is not a published change: counts, net
    counts) and breakdowns (any with `terms`: flags, offence groups; and ages)."""

    dataset: str
    measure_terms: list[tuple[str, str]]  # (term, measure), longest term first
    flag_terms: list[tuple[str, str]]  # (term, breakdown), longest term first
    age_breakdowns: dict[tuple[int | None, int | None], str]
    labels: dict[str, str]
    money_measures: list[str] = field(default_factory=list)  # measures whose unit is £
    # the measure a breakdown belongs to: its own `measure`, else the dataset's only count measure
    breakdown_measures: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: DatasetConfig) -> Vocabulary:
        measures, breakdowns = config.measures, config.breakdowns
        counts = [name for name in measures if not config.is_change_measure(name)]
        measure_terms = [(term.lower(), name) for name in counts for term in measures[name].terms]
        flag_terms = [(term.lower(), name) for name, spec in breakdowns.items()
                      if spec.kind != "age" for term in spec.terms]
        ages = {(spec.age_min, spec.age_max): name for name, spec in breakdowns.items()
                if spec.kind == "age"}
        labels = {name: spec.label or name for name, spec in {**measures, **breakdowns}.items()}
        money = [name for name, spec in measures.items()
                 if spec.unit.strip().lower() in _MONEY_UNITS]
        only = [name for name in counts if name not in money]
        owners = {name: spec.measure or (only[0] if len(only) == 1 else None)
                  for name, spec in breakdowns.items()}
        return cls(config.id, sorted(measure_terms, key=lambda t: -len(t[0])),
                   sorted(flag_terms, key=lambda t: -len(t[0])), ages, labels, money,
                   {name: owner for name, owner in owners.items() if owner})

    @cached_property
    def _any_measure(self) -> re.Pattern[str] | None:
        """All measure terms in one pattern, longest first: the leftmost match is the earliest,
        longest term (what `measure_in` wants), found in one pass."""
        if not self.measure_terms:
            return None
        return re.compile(r"\b(?:" + "|".join(re.escape(t) for t, _ in self.measure_terms) + r")\b")

    @cached_property
    def _measure_of_term(self) -> dict[str, str]:
        return {term: measure for term, measure in reversed(self.measure_terms)}

    @cached_property
    def _term_patterns(self) -> list[tuple[str, re.Pattern[str], str]]:
        return [(term, _whole_words(term), measure) for term, measure in self.measure_terms]

    @cached_property
    def _flag_patterns(self) -> list[tuple[re.Pattern[str], str]]:
        return [(_whole_words(term), name) for term, name in self.flag_terms]

    def measure_in(self, text: str) -> tuple[str, int] | None:
        """The measure named in text and where: the earliest, longest term."""
        match = self._any_measure.search(text.lower()) if self._any_measure else None
        return (self._measure_of_term[match.group()], match.start()) if match else None

    def measure_of_noun(self, noun: str) -> str | None:
        for term, measure in self.measure_terms:
            if noun == term or noun.startswith(term + " "):
                return measure
        return None

    @property
    def only_measure(self) -> str | None:
        measures = {measure for _term, measure in self.measure_terms}
        return measures.pop() if len(measures) == 1 else None

    def breakdown_of_noun(self, noun: str) -> tuple[str, str] | None:
        """(measure, breakdown) for a noun that names a breakdown: "sexual offences", or a
        breakdown term then a measure term ("online offences"); the measure is the breakdown's own."""
        for term, breakdown in self.flag_terms:
            rest = noun[len(term) + 1:] if noun.startswith(term + " ") else None
            if noun == term or (rest and self.measure_of_noun(rest)):
                measure = self.breakdown_measures.get(breakdown) or (
                    self.measure_of_noun(rest) if rest else None)
                return (measure, breakdown) if measure else None
        return None

    def flag_in(self, text: str) -> str | None:
        lower = text.lower()
        for pattern, breakdown in self._flag_patterns:
            if pattern.search(lower):
                return breakdown
        return None

    def measures_named(self, text: str) -> list[str]:
        """Every mention of every term (overlapping terms each count: "sex offences", "offences")."""
        lower = text.lower()
        return [measure for term, pattern, measure in self._term_patterns if term in lower
                for _ in pattern.finditer(lower)]

    def score(self, text: str) -> int:
        return len(self.measures_named(text))


@dataclass
class Resolution:
    area: str | None = None
    period: Period | None = None
    measure: str | None = None
    breakdown: str = ""
    problem: str | None = None  # why the claim cannot be looked up, when it cannot
    notes: list[str] = field(default_factory=list)


@dataclass
class ArticleContext:
    main_area: str | None
    period: Period | None
    mentions: list[AreaMention]  # in reading order
    default_measure: str | None
    forces: frozenset[str] = frozenset()  # the mentions that name police forces
    _subjects: dict[str, tuple[list[AreaMention], list[int]]] = field(default_factory=dict, repr=False)

    def is_force(self, slug: str) -> bool:
        return slug in self.forces

    def subjects(self, kind: str) -> tuple[list[AreaMention], list[int]]:
        """The mentions that can be the area of a claim of this kind, in reading order, and where
        each starts. The group compared with is the area of a coverage claim ("one of the 43 forces
        in England and Wales"), never the subject of any other claim; the area ranked is a force."""
        key = kind if kind in ("coverage", "rank") else ""
        if key not in self._subjects:
            mentions = [m for m in self.mentions if key == "coverage" or not m.group]
            if key == "rank":
                mentions = [m for m in mentions if m.slug == self.main_area or self.is_force(m.slug)]
            self._subjects[key] = (mentions, [m.start for m in mentions])
        return self._subjects[key]


def find_area_mentions(text: str, gazetteer: Gazetteer) -> list[AreaMention]:
    """Named areas in reading order, longest name first ("England and Wales" before "Wales")."""
    return area_finder(gazetteer).find(text)


class AreaFinder:
    """Finds a gazetteer's areas in text, given its aliases (alias key -> area). Every phrase tried
    (one to six words from a capitalised word) is looked up once and remembered: texts checked one
    after another (a writer's stories) repeat most of their phrases, and folding a phrase to its
    alias key is the slow part."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self._area_of_phrase = functools.lru_cache(maxsize=1 << 14)(self._look_up)

    def find(self, text: str) -> list[AreaMention]:
        tokens = list(_TOKEN.finditer(text))
        mentions: list[AreaMention] = []
        index = 0
        while index < len(tokens):
            found = None
            if tokens[index].group()[0].isupper() or tokens[index].group() == "&":
                for size in range(min(_MAX_AREA_WORDS, len(tokens) - index), 0, -1):
                    start, end = tokens[index].start(), tokens[index + size - 1].end()
                    named = self._area_of_phrase(text[start:end])
                    if named:
                        phrase, slug = named
                        group = bool(_GROUP_BEFORE.search(text, max(0, start - 60), start))
                        found = AreaMention(start, start + len(phrase), slug, phrase, group)
                        index += size
                        break
            if found:
                mentions.append(found)
            else:
                index += 1
        return mentions

    def _look_up(self, words: str) -> tuple[str, str] | None:
        """(the phrase as named, its area) for the words from a capitalised word on, or None."""
        phrase = re.sub(r"[’']s$", "", words).rstrip(".")
        if "\n" in phrase or not phrase[-1:].isalpha():
            return None
        key = alias_key(phrase)
        slug = self.aliases.get(key)
        return (phrase, slug) if slug and key else None


_finders: dict[int, tuple[weakref.ref, AreaFinder]] = {}


def area_finder(gazetteer: Gazetteer) -> AreaFinder:
    """The gazetteer's AreaFinder, made once and kept while the gazetteer lives (a gazetteer is not
    changed once made: the store makes a new one when its areas change)."""
    key = id(gazetteer)
    entry = _finders.get(key)
    if entry is None or entry[0]() is not gazetteer:
        entry = (weakref.ref(gazetteer, lambda _ref: _finders.pop(key, None)), AreaFinder(gazetteer.aliases))
        _finders[key] = entry
    return entry[1]


def infer_period(text: str) -> Period | None:
    """The article's year: the financial year it names most often (the latest on a tie)."""
    found: list[Period] = []
    for match in _FINANCIAL_YEAR.finditer(text):
        try:
            found.append(Period.parse(match.group()))
        except PeriodError:
            continue
    found += [Period.financial_year(int(m.group(1))) for m in _APRIL_TO_MARCH.finditer(text)]
    found += [Period(int(m.group(1)), 3) for m in _YEAR_TO_MARCH.finditer(text)]
    if not found:
        return None
    counts = Counter(found)
    return max(counts, key=lambda p: (counts[p], p))


def article_context(text: str, gazetteer: Gazetteer, vocabulary: Vocabulary, *,
                    area: str | None = None, period: Period | None = None) -> ArticleContext:
    mentions = find_area_mentions(text, gazetteer)
    main = area
    if main is None:
        forces = Counter(m.slug for m in mentions if gazetteer.areas[m.slug].is_force)
        main = forces.most_common(1)[0][0] if forces else None
    mentions = _with_generic_mentions(text, mentions, main)
    terms = Counter(m for m in (_all_measures(text, vocabulary)))
    default = terms.most_common(1)[0][0] if terms else None
    forces = frozenset(m.slug for m in mentions if m.slug in gazetteer.areas
                       and gazetteer.areas[m.slug].is_force)
    return ArticleContext(main, period or infer_period(text), mentions, default, forces)


def _with_generic_mentions(text: str, mentions: list[AreaMention], main: str | None) -> list[AreaMention]:
    extra = [AreaMention(m.start(), m.end(), NATIONAL, m.group(),
                         bool(_GROUP_BEFORE.search(text, max(0, m.start() - 60), m.start())))
             for m in _NATIONAL_WORDS.finditer(text)]
    if main:
        extra += [AreaMention(m.start(), m.end(), main, m.group()) for m in _MAIN_AREA_WORDS.finditer(text)]
    taken = [(m.start, m.end) for m in mentions]
    extra = [m for m in extra if not any(a < m.end and m.start < b for a, b in taken)]
    return sorted(mentions + extra, key=lambda m: m.start)


def _all_measures(text: str, vocabulary: Vocabulary) -> list[str]:
    return vocabulary.measures_named(text)


def resolve_claims(claims: list[Claim], context: ArticleContext,
                   vocabulary: Vocabulary) -> list[Resolution]:
    resolutions: list[Resolution] = []
    for index, claim in enumerate(claims):
        previous = [(c, r) for c, r in zip(claims[:index], resolutions, strict=True)
                    if c.sentence_index == claim.sentence_index]
        if not previous and index and _ANAPHOR.match(claim.sentence):
            # "The number was the 38th highest": the number of the last sentence's last figure
            previous = [(claims[index - 1], resolutions[index - 1])]
        resolution = Resolution()
        resolution.area = _area(claim, claims, context)
        resolution.period = _period(claim, context)
        _measure_and_breakdown(claim, previous, context, vocabulary, resolution)
        resolutions.append(resolution)
    _records_follow_their_figure(claims, resolutions)
    for resolution in resolutions:
        if resolution.problem is None:
            if resolution.area is None:
                resolution.problem = "no area named, and no main area for the article (use --area)"
            elif resolution.period is None:
                resolution.problem = "no period named in the article (use --period)"
    return resolutions


def _area(claim: Claim, claims: list[Claim], context: ArticleContext) -> str | None:
    clause_start = claim.sentence_start + claim.sentence.find(claim.clause)
    clause_end = clause_start + len(claim.clause)
    sentence_end = claim.sentence_start + len(claim.sentence)
    next_start = min((c.start for c in claims if c.start > claim.start
                      and c.sentence_index == claim.sentence_index), default=sentence_end)
    mentions, starts = context.subjects(claim.kind)
    at = bisect.bisect_left(starts, claim.start)
    first_after = mentions[at] if at < len(mentions) else None  # the first at or after the claim
    last_before = mentions[at - 1] if at else None  # the last before it
    # In order: right after it in its clause (before the next figure), the nearest before it in
    # its sentence, later in its sentence, the nearest in an earlier sentence, the main area.
    if first_after and first_after.start < min(clause_end, next_start):
        return first_after.slug
    if last_before and last_before.start >= claim.sentence_start:
        return last_before.slug
    if first_after and first_after.start < sentence_end:
        return first_after.slug
    if last_before:
        return last_before.slug
    return context.main_area


def _period(claim: Claim, context: ArticleContext) -> Period | None:
    """The clause's financial year, else the article's; "from 514" is the year before, unless the
    year is written right after the figure ("up from 5,438 in 2017/18")."""
    clause_start = claim.sentence_start + claim.sentence.find(claim.clause)
    named, own = None, False
    for match in _FINANCIAL_YEAR.finditer(claim.clause):
        if claim.start <= clause_start + match.start() < claim.end:
            continue  # "the highest since 2014/15": the series' start, not the claim's period
        try:
            named = Period.parse(match.group())
        except PeriodError:
            continue
        own = 0 <= clause_start + match.start() - claim.end <= 5
    period = named or context.period
    if period is not None and claim.role == "from" and not own:
        return period.previous()
    return period


def _measure_and_breakdown(claim: Claim, previous: list[tuple[Claim, Resolution]],
                           context: ArticleContext, vocabulary: Vocabulary,
                           resolution: Resolution) -> None:
    if claim.kind == "money":
        _money_measure(claim, vocabulary, resolution)
        return
    if claim.kind == "ratio" and not _PREVIOUS_YEAR_WORDS.search(claim.sentence):
        resolution.problem = ("a ratio is checked only against the previous year; this one's base "
                              "(another year, another area) is not in the sentence")
        return
    own = vocabulary.measure_in(claim.scope)
    named_breakdown = None
    if claim.noun:
        resolution.measure = vocabulary.measure_of_noun(claim.noun)
        if resolution.measure is None and (found := vocabulary.breakdown_of_noun(claim.noun)):
            resolution.measure, named_breakdown = found
        if resolution.measure is None:
            resolution.problem = (f"{claim.noun.split()[0]!r} is not a measure of {vocabulary.dataset}")
            return
    if resolution.measure is None:
        known = [r.measure for _, r in previous if r.measure]
        in_sentence = vocabulary.measure_in(claim.sentence)
        resolution.measure = (own[0] if own else known[-1] if known else
                              in_sentence[0] if in_sentence else context.default_measure)
        if resolution.measure is None and claim.kind in ("coverage", "rank"):
            resolution.measure = vocabulary.only_measure  # "one of the 43 forces" names none
    if resolution.measure is None:
        resolution.problem = f"no measure of {vocabulary.dataset} named"
        return
    breakdown = named_breakdown or vocabulary.flag_in(claim.scope)
    if claim.age_min is not None or claim.age_max is not None:
        age = vocabulary.age_breakdowns.get((claim.age_min, claim.age_max))
        if age is None:
            resolution.problem = (f"{vocabulary.dataset} has no breakdown for ages "
                                  f"{_ages(claim.age_min, claim.age_max)}")
            return
        breakdown = age
    # "up 18 per cent on the 3,331": a change, or the figure compared with, takes the breakdown of
    # the figure before it when it names none
    bare_change = ((claim.kind in ("pct_change", "change", "coverage", "rank") or claim.role == "from")
                   and breakdown is None and own is None and claim.noun is None)
    if bare_change and previous:
        breakdown = previous[-1][1].breakdown
    resolution.breakdown = breakdown or ""


def _money_measure(claim: Claim, vocabulary: Vocabulary, resolution: Resolution) -> None:
    """Sums of money are checked only against a measure in pounds; never silently skipped."""
    if not vocabulary.money_measures:
        resolution.problem = f"{vocabulary.dataset} has no measure in pounds (unit \"£\")"
        return
    named = [m for m in vocabulary.money_measures
             if re.search(rf"\b{re.escape(vocabulary.labels.get(m, m).lower())}\b", claim.scope.lower())]
    if len(named) == 1 or len(vocabulary.money_measures) == 1:
        resolution.measure = (named or vocabulary.money_measures)[0]
    else:
        resolution.problem = f"{vocabulary.dataset} has several measures in pounds; none is named"


def _ages(low: int | None, high: int | None) -> str:
    if low is None:
        return f"{high} and under"
    if high is None:
        return f"{low} and over"
    return f"{low} to {high}" if low != high else str(low)


def _records_follow_their_figure(claims: list[Claim], resolutions: list[Resolution]) -> None:
    """"a record 570 ... in Wiltshire": the record is about the figure that follows it."""
    for index, claim in enumerate(claims[:-1]):
        following = claims[index + 1]
        if claim.kind == "record" and claim.value is not None and following.value == claim.value:
            resolutions[index] = Resolution(**{**resolutions[index + 1].__dict__,
                                               "notes": list(resolutions[index + 1].notes)})
