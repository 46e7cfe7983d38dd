"""Tie each claim to an area, a period, a measure and a breakdown, with the evidence for each.

Each choice is made per claim and kept with its reason and a confidence (`Evidence`), so that a
verdict can say why it looked where it did, and so that a claim is called contradicted only when
every choice behind it is firm (verify.py). In order of preference:
- area: named right after the figure ("64,667 across the UK"); the subject of its sentence
  ("Across the UK, ...", "Here in the North East, ..."); named earlier, then later, in its sentence;
  the last sentence's, when this one refers back ("It was ..."); the article's main area (the force
  named most often, or the one given). "Nationally" is the dataset's national area; "the force" the
  main area; "the region" its region.
- period: one named with the figure ("2013/14: 2,210", "(1,126)" after "the 12 months to September
  2015", "the year before, 2014/15, saw 1,905", "in 2007"); else the article's (the latest period it
  names, a year on when that is named as the base: "a 21% rise on 2013-14"); a figure introduced by
  "from" is the year before. A change names its base ("up 80% since 2014/15", "on the same period in
  2007", "in the last five years"): when that is not the year before, the change is multi-year.
- measure and breakdown: the dataset's own vocabulary (vocabulary.py), from the figure's noun, its
  clause, its sentence, the article. A breakdown is carried to a bare change in the same clause
  ("up 18 per cent on the 3,331"), not across a list of groups. An age filter covering everyone
  the dataset counts ("under-18s") is the total.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from localwire.areas import Gazetteer
from localwire.check.extract import Claim, PeriodMention
from localwire.check.extract.claims import WINDOW
from localwire.check.extract.steps import noun_after
from localwire.check.mentions import (
    NATIONAL,
    AreaFinder,  # noqa: F401  (re-exported)
    AreaMention,
    area_finder,  # noqa: F401  (re-exported)
    find_area_mentions,
    with_generic_mentions,
)
from localwire.check.vocabulary import Vocabulary, stem
from localwire.errors import PeriodError
from localwire.model.periods import Period
from localwire.prose.numwords import NUMBER_WORDS

__all__ = ["NATIONAL", "ArticleContext", "Evidence", "Resolution", "Vocabulary", "article_context",
           "find_area_mentions", "resolve_claims"]

FIRM = 0.75  # below this, a choice is a guess: the claim is never called contradicted on it
DOUBT_LIMIT = 0.65  # nor when its choices, each firm, add up to too much doubt (the sum of 1 - confidence)
_ANAPHOR = re.compile(r"\s*(?:the\s+(?:number|figure|total|rise|fall|increase)|that|this|it)\s+"
                      r"(?:was|is|were|has|had|represents|means|puts|made|makes)\b", re.IGNORECASE)
_SUBJECT_CUE = re.compile(r"^\W*(?:(?:and|but|meanwhile|elsewhere|overall)\W+)?(?:across|in|for|within|"
                          r"throughout|here\s+in|over\s+in|nationally|elsewhere\s+in|while\s+in|"
                          r"meanwhile\s+in|at)?\s*(?:the\s+)?$", re.IGNORECASE)
_PREVIOUS_YEAR_WORDS = re.compile(r"\b(?:the\s+(?:year|12\s+months)\s+before|(?:the\s+)?previous\s+(?:year|"
                                  r"12\s+months)|last\s+year|a\s+year\s+(?:earlier|before|ago)|in\s+a\s+year|"
                                  r"in\s+(?:the\s+)?(?:last|past)\s+(?:year|12\s+months)|on\s+the\s+year|"
                                  r"year[\s\-]on[\s\-]year)\b", re.IGNORECASE)
_YEARS_BACK = re.compile(r"\b(?:in|over|during|across)\s+(?:the\s+)?(?:last|past|previous)\s+"
                         r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\b"
                         r"|\b(?P<m>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\s+"
                         r"(?:ago|earlier|before)\b", re.IGNORECASE)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
_MONEY_UNITS = ("£", "gbp", "pounds")
# "founded in 1986", "introduced in 2009", "the Act 2000": a year of an event, not of the figures
_EVENT_BEFORE = re.compile(r"\b(?:began|begun|founded|introduced|launched|set up|established|started|"
                           r"created|opened|born|since)\s*$", re.IGNORECASE)
_REFERS_BACK = re.compile(r"\b(?:of\s+(?:these|those|them)|these|those\s+(?:offences|crimes|cases))\b",
                          re.IGNORECASE)
_UNKNOWN_PLACE = re.compile(r"[^.;:()–—]{0,40}?\bin\s+(?:the\s+)?"
                            r"(?P<place>[A-Z][a-z]+(?:[\s,]+(?:and\s+)?[A-Z][a-z]+)*)")
_PREVIOUS_AFTER = re.compile(r"\s*(?:[a-z]+\s+){0,3}?(?:in\s+|during\s+|for\s+)?"
                             r"(?:the\s+previous\s+(?:year|12\s+months)"
                             r"|the\s+year\s+before|a\s+year\s+(?:earlier|before))\b", re.IGNORECASE)
_RATE_BASE = re.compile(r"\bper\s+(1,000|1000|10,000|100,000|1,000,000|one\s+thousand|head)\b", re.IGNORECASE)


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
    _subjects: dict[str, tuple[list[AreaMention], list[int]]] = field(default_factory=dict, repr=False)

    def is_force(self, slug: str) -> bool:
        return slug in self.forces

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


# -- the article -----------------------------------------------------------------------------------

def article_context(text: str, gazetteer: Gazetteer, vocabulary: Vocabulary, *,
                    area: str | None = None, period: Period | None = None,
                    periods: list[tuple[int, PeriodMention]] = (), national: str = "united-kingdom",
                    data_periods: list[Period] = (), published: date | None = None) -> ArticleContext:
    mentions = find_area_mentions(text, gazetteer)
    main, area_evidence = area, (Evidence("area", area, "given", 1.0) if area else None)
    if main is None:
        main, area_evidence = _main_area(mentions, gazetteer)
    region = gazetteer.areas[main].parent if main in gazetteer.areas and \
        gazetteer.areas[main].kind == "force" else None
    mentions = with_generic_mentions(text, mentions, main, region or None)
    terms = Counter(vocabulary.measures_named(text))
    default = terms.most_common(1)[0][0] if terms else None
    forces = frozenset(m.slug for m in mentions if m.slug in gazetteer.areas
                       and gazetteer.areas[m.slug].is_force)
    period_evidence = Evidence("period", period.code, "given", 1.0) if period else None
    if period is None:
        period, period_evidence = infer_period(text, periods, data_periods, published)
    return ArticleContext(main, period, mentions, default, national, forces, area_evidence,
                          period_evidence, gazetteer, [m.start for m in mentions],
                          [m for m in mentions if m.comparison], bool(SURVEY.search(text)))


def _main_area(mentions: list[AreaMention], gazetteer: Gazetteer) -> tuple[str | None, Evidence | None]:
    """The force named most often (not as a group compared with); sure when it is named at least
    twice as often as the next."""
    mentions = [m for m in mentions if not m.group and not m.comparison]
    forces = Counter(m.slug for m in mentions if m.slug in gazetteer.areas
                     and gazetteer.areas[m.slug].is_force)
    wider = Counter(m.slug for m in mentions if m.slug in gazetteer.areas
                    and gazetteer.areas[m.slug].kind in ("nation", "region"))
    if wider and (not forces or wider.most_common(1)[0][1] > 2 * forces.most_common(1)[0][1]):
        forces = wider  # an article about Wales, or the North East, that names its forces too
    if not forces:
        return None, None
    ranked = forces.most_common(2)
    slug, times = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    sure = runner_up == 0  # another force named: a sentence naming none may be about either
    return slug, Evidence("area", slug, f"the article's main area ({gazetteer.areas[slug].name}, named "
                                        f"{times} times{f', the next {runner_up}' if runner_up else ''})",
                          0.8 if sure else 0.6)


def infer_period(text: str, periods: list[tuple[int, PeriodMention]],
                 data_periods: list[Period] = (), published: date | None = None,
                 ) -> tuple[Period | None, Evidence | None]:
    """The article's period: the latest it names (not counting "since ..."), a year on when that is
    named as the base of a change ("a 21% rise on 2013-14"); "the 12 months to September" takes its
    year from the other periods named with September, else from the publication date (the latest
    September before it; "September last year": the year before it), else the data's latest."""
    named = [m for _, m in periods if m.end_year is not None and m.end_month is not None and m.cue != "since"]
    months = [m for _, m in periods if m.end_year is None and m.end_month is not None]
    if published is not None:
        dated = [_dated(m, published) for m in months]
        named += [m for m in dated if m.end_year is not None]
        months = [m for m in dated if m.end_year is None]
    if not named and not months:
        plain = [m for start, m in periods if m.end_month is None and m.cue in ("in", "during", "for")
                 and not _EVENT_BEFORE.search(text, max(0, start + m.start - 30), start + m.start)]
        if not plain:
            return _undated(text, data_periods)
        latest = max(plain, key=lambda m: m.end_year)
        return (Period(latest.end_year, 12),
                Evidence("period", str(latest.end_year), f"the latest year named ({latest.text!r})", 0.6))
    if months and (not named or months[0].end_month not in {m.end_month for m in named}
                   or _mention_index(periods, months[0]) < _mention_index(periods, named[0])):
        return _month_only(months[0], named, data_periods)
    latest = max(named, key=lambda m: (m.end_year, m.end_month))
    period = _period_of(latest)
    if latest.cue == "base" and not any(m.end_year == latest.end_year and m.cue != "base" for m in named):
        period = Period(period.end_year + 1, period.end_month)
        return period, Evidence("period", period.code, f"the year after the base named ({latest.text!r})",
                                0.8)
    distinct = {(m.end_year, m.end_month) for m in named if m.cue not in ("base", "from")}
    sure = len(distinct) <= 1  # several periods named: a figure naming none may be of either
    return period, Evidence("period", period.code, f"the latest period named ({latest.text!r}"
                            f"{'' if sure else f', of {len(distinct)}'})", 0.85 if sure else 0.7)


def _mention_index(periods: list[tuple[int, PeriodMention]], mention: PeriodMention) -> int:
    return next((i for i, (_, m) in enumerate(periods) if m is mention or m == mention), 0)


def _dated(mention: PeriodMention, published: date) -> PeriodMention:
    """"the 12 months to June" in an article published on 20 October 2016: June 2016 (the latest
    June before the publication); "to September last year": September of the year before."""
    if mention.relative is not None:
        year = published.year + mention.relative
    else:
        year = published.year if mention.end_month < published.month else published.year - 1
    return dataclasses.replace(mention, end_year=year)


_RELATIVE_YEAR = re.compile(r"\b(?:last|this|the\s+past|the\s+previous)\s+(?:financial\s+)?year\b|"
                            r"\b(?:in|over)\s+(?:the\s+)?(?:last|past)\s+12\s+months\b", re.IGNORECASE)


def _undated(text: str, data_periods: list[Period]) -> tuple[Period | None, Evidence | None]:
    """No period named at all, but "last year", "in the past 12 months": a year of the data (a
    guess; `check_claims` then fits the year to the article's figures)."""
    said = _RELATIVE_YEAR.search(text)
    if not said or not data_periods:
        return None, None
    months = {p.end_month for p in data_periods}
    month = 3 if 3 in months else max(data_periods).end_month
    latest = max(p for p in data_periods if p.end_month == month)
    return latest, Evidence("period", latest.code, f"{said.group()!r}: no year named; the data's latest",
                            0.6)


def _month_only(mention: PeriodMention, named: list[PeriodMention],
                data_periods: list[Period]) -> tuple[Period | None, Evidence | None]:
    month = mention.end_month
    same = [m for m in named if m.end_month == month]
    if same:
        latest = max(same, key=lambda m: m.end_year)
        year = latest.end_year + (1 if latest.cue == "base" else 0)
        period = Period(year, month)
        return period, Evidence("period", period.code, f"{mention.text!r}, its year from {latest.text!r}",
                                0.8)
    years = [p.end_year for p in data_periods if p.end_month == month]
    if years:
        period = Period(max(years), month)
        return period, Evidence("period", period.code, f"{mention.text!r}: no year named; the data's "
                                                       f"latest", 0.6)
    return None, None


def _period_of(mention: PeriodMention, main: Period | None = None) -> Period | None:
    if mention.end_year is None:
        return Period(main.end_year, mention.end_month) if main and mention.end_month else None
    month = mention.end_month or (main.end_month if main else 12)
    try:
        return Period(mention.end_year, month) if 1 <= month <= 12 else None
    except (PeriodError, ValueError):
        return None


# -- each claim ------------------------------------------------------------------------------------

def resolve_claims(claims: list[Claim], context: ArticleContext,
                   vocabulary: Vocabulary) -> list[Resolution]:
    """One resolution per claim, in one pass: each claim sees only its own sentence's earlier
    claims (kept as the pass goes) and the last claim of the sentence before."""
    resolutions: list[Resolution] = []
    sentence_claims: list[tuple[Claim, Resolution]] = []
    previous_sentence_last: tuple[Claim, Resolution] | None = None
    known_measure: str | None = None  # the last measure read in the sentence so far
    rate_bases: list[tuple[int, int]] = []  # (sentence index, base) of "per 1,000" mentions
    for index, claim in enumerate(claims):
        if sentence_claims and sentence_claims[-1][0].sentence_index != claim.sentence_index:
            last = previous_sentence_last = sentence_claims[-1]
            sentence_claims = []
        else:
            last = (claims[index - 1], resolutions[index - 1]) if index else None
        previous = sentence_claims  # not copied: the claims before this one in its sentence
        anaphoric = not previous and index and _ANAPHOR.match(claim.sentence)
        if anaphoric:
            previous = [last]  # "The number was the 38th highest": the last sentence's last figure
        if not previous or anaphoric:  # once per sentence
            base = _RATE_BASE.search(claim.sentence_window[1])
            if base and (not rate_bases or rate_bases[-1][0] != claim.sentence_index):
                rate_bases.append((claim.sentence_index, _base_value(base.group(1))))
        resolution = Resolution(dataset=vocabulary.dataset)
        _area(claim, claims, index, context, resolution, last if anaphoric else None,
              last if not previous or anaphoric else previous_sentence_last)
        _period(claim, context, resolution, _neighbours(claims, index))
        if not previous:
            known_measure = None
        elif previous is not sentence_claims:  # the sentence before, referred back to
            known_measure = previous[-1][1].measure
        _measure_and_breakdown(claim, previous, context, vocabulary, resolution, known_measure)
        known_measure = resolution.measure or known_measure
        _table_rate(claim, rate_bases, resolution)
        resolutions.append(resolution)
        sentence_claims.append((claim, resolution))
    _records_follow_their_figure(claims, resolutions)
    for resolution in resolutions:
        if resolution.problem is None:
            if resolution.area is None:
                resolution.problem = "no area named, and no main area for the article (use --area)"
            elif resolution.period is None:
                resolution.problem = "no period named in the article (use --period)"
    return resolutions


def reperiod(claims: list[Claim], resolutions: list[Resolution],
             context: ArticleContext) -> list[Resolution]:
    """The resolutions read with another article period: only the periods and bases re-read (the
    area, measure and breakdown do not depend on it), for trying candidate years cheaply."""
    fresh = []
    for index, (claim, resolution) in enumerate(zip(claims, resolutions, strict=True)):
        kept = [e for e in resolution.evidence if e.field not in ("period", "base")]
        copy = dataclasses.replace(resolution, period=None, base=None, evidence=kept,
                                   notes=list(resolution.notes))
        _period(claim, context, copy, _neighbours(claims, index))
        fresh.append(copy)
    return fresh


def _neighbours(claims: list[Claim], index: int) -> tuple[int, int]:
    """Where the claims either side of this one, in its sentence, end and start (offsets into it)."""
    claim = claims[index]
    before = claims[index - 1] if index and claims[index - 1].sentence_index == claim.sentence_index else None
    after = claims[index + 1] if index + 1 < len(claims) and \
        claims[index + 1].sentence_index == claim.sentence_index else None
    return (before.end - claim.sentence_start if before else -1,
            after.start - claim.sentence_start if after else len(claim.sentence) + 1)


def _base_value(text: str) -> int:
    lower = text.lower().replace(",", "")
    return {"one thousand": 1000, "head": 1}.get(lower) or int(lower)


def _area(claim: Claim, claims: list[Claim], index: int, context: ArticleContext,
          resolution: Resolution, anaphor: tuple[Claim, Resolution] | None,
          before: tuple[Claim, Resolution] | None) -> None:
    clause_start = claim.sentence_start + claim.clause_start
    clause_end = claim.sentence_start + claim.clause_end
    sentence_end = claim.sentence_start + len(claim.sentence)
    following = claims[index + 1] if index + 1 < len(claims) else None
    next_start = following.start if following and following.sentence_index == claim.sentence_index \
        else sentence_end
    mentions, starts = context.subjects(claim.kind)
    at = bisect.bisect_left(starts, claim.start)
    first_after = mentions[at] if at < len(mentions) else None  # the first at or after the claim
    last_before = mentions[at - 1] if at else None  # the last before it
    first_in_sentence = mentions[bisect.bisect_left(starts, claim.sentence_start)] \
        if bisect.bisect_left(starts, claim.sentence_start) < len(mentions) else None

    def choose(mention: AreaMention, reason: str, confidence: float) -> None:
        slug = context.national if mention.slug == NATIONAL else mention.slug
        resolution.area = slug
        if _joined(mention, mentions, starts, claim):
            reason, confidence = f"one of several areas named together ({reason})", 0.5
        resolution.note("area", slug, f"{reason}: {mention.text!r}", confidence)

    compared = _compared_with(claim, context)
    if compared:
        return choose(compared, "the area compared with, beside the figure", 0.85)
    listed = _respectively(claims, index, mentions, starts)
    if listed:
        resolution.area = listed.slug
        resolution.note("area", listed.slug, f"paired with its figure by 'respectively': "
                                             f"{listed.text!r}", 0.85)
        return None
    if first_after and first_after.start < min(clause_end, next_start):
        return choose(first_after, "named right after the figure", 0.95)
    unknown = _UNKNOWN_PLACE.match(claim.sentence, claim.end - claim.sentence_start)
    if unknown and not _known_place(context, claim.sentence_start + unknown.start("place"),
                                    claim.sentence_start + unknown.end()):
        resolution.area = context.main_area
        resolution.note("area", context.main_area, f"the figure is for a place the gazetteer does not "
                                                   f"know: {unknown.group('place')!r}", 0.4)
        return None
    if first_in_sentence and first_in_sentence.start < claim.start and \
            first_in_sentence.start - claim.sentence_start <= 60 and _SUBJECT_CUE.match(
            claim.sentence[:first_in_sentence.start - claim.sentence_start]) and \
            (last_before is first_in_sentence or last_before.slug == first_in_sentence.slug):
        return choose(first_in_sentence, "the subject of its sentence", 0.9)
    if last_before and last_before.start >= claim.sentence_start:
        several = first_in_sentence is not None and first_in_sentence.slug != last_before.slug \
            and last_before.start < clause_start
        return choose(last_before, "named earlier in its sentence" + (", after another area" if several
                                                                       else ""), 0.75 if several else 0.85)
    if first_after and first_after.start < sentence_end:
        return choose(first_after, "named later in its sentence", 0.75)
    if anaphor and anaphor[1].area:
        resolution.area = anaphor[1].area
        resolution.note("area", anaphor[1].area, "the sentence refers back to the one before", 0.8)
        return None
    given = context.area_evidence is not None and context.area_evidence.reason == "given"
    refers = _REFERS_BACK.search(claim.sentence_window[1])
    if last_before and before and \
            before[0].sentence_index == claim.sentence_index - 1 and \
            last_before.start >= before[0].sentence_start:
        return choose(last_before, f"named in the sentence before{', which it refers to' if refers else ''}",
                      0.85 if refers else 0.75 if given else 0.7)
    if context.main_area is None and context.national:
        resolution.area = context.national
        resolution.note("area", context.national, "no area named in its sentence, and no force in the "
                                                  "article: the national figure", 0.6)
        return None
    if context.main_area:
        resolution.area = context.main_area
        evidence = context.area_evidence
        confidence = 0.95 if given else min(evidence.confidence if evidence else 0.6, 0.8)
        if claim.sentence_index == 0 and not claim.sentence.rstrip().endswith((".", "!", "?", "”", '"')):
            confidence = min(confidence, 0.6)  # a headline: as often national as local
        reason = "given (no area named in its sentence)" if given else "no area named in its sentence; " + (
            evidence.reason if evidence else "the article's main area")
        resolution.note("area", context.main_area, reason, confidence)
    return None


_BESIDE_BEFORE = re.compile(r"(?:[’']s)?\s+(?:average|trend|rate|figure|level)?\s*(?:increase|rise|fall|"
                            r"drop|decrease)?\s*(?:of|was|is|at|stood\s+at|by|with)?\s*(?:just|only)?\s*$",
                            re.IGNORECASE)
_BESIDE_AFTER = re.compile(r"\s*(?:per\s*cent|%)?\s*(?:\w+\s+){0,2}?(?:in|across|for)?\s*(?:the\s+)?$",
                           re.IGNORECASE)


def _compared_with(claim: Claim, context: ArticleContext) -> AreaMention | None:
    """"compared to the national average of 7.1 per cent", "than the 4% rise nationally": an area
    named as the comparison is the area of the figure right beside it, and of no other."""
    at = bisect.bisect_left(context.comparisons, claim.start - 160, key=lambda m: m.start)
    for mention in context.comparisons[at:]:
        if mention.start > claim.end + 40:
            break
        if 0 <= claim.start - mention.end <= 40 and _BESIDE_BEFORE.fullmatch(
                claim.sentence, mention.end - claim.sentence_start, claim.start - claim.sentence_start):
            return mention
        if 0 <= mention.start - claim.end <= 25 and _BESIDE_AFTER.fullmatch(
                claim.sentence, claim.end - claim.sentence_start, mention.start - claim.sentence_start):
            return mention
    return None


def _known_place(context: ArticleContext, start: int, end: int) -> bool:
    at = bisect.bisect_left(context.mention_starts, start)
    return at < len(context.mentions) and context.mentions[at].start < end


_LIST_GAP = re.compile(r"\s*(?:per\s*cent|%)?\s*(?:,|and|,\s*and|&)\s*")


def _respectively(claims: list[Claim], index: int, mentions: list[AreaMention],
                  starts: list[int]) -> AreaMention | None:
    """"129, 118 and 116 offences ... respectively" after "Greater Manchester, the West Midlands and
    West Yorkshire": the n-th figure of a list is the n-th area of the list of areas."""
    claim = claims[index]
    window_start, window = claim.sentence_window
    if "respectively" not in window:
        return None

    def joined(a: Claim, b: Claim) -> bool:
        return a.sentence_index == b.sentence_index and b.start - a.end <= 12 and \
            _LIST_GAP.fullmatch(a.sentence[a.end - a.sentence_start:b.start - b.sentence_start]) is not None

    first = index
    while first > 0 and index - first < 20 and joined(claims[first - 1], claims[first]):
        first -= 1
    last = index
    while last + 1 < len(claims) and last - index < 20 and joined(claims[last], claims[last + 1]):
        last += 1
    if last == first:
        return None
    offset = claim.sentence_start + window_start
    lo = bisect.bisect_left(starts, offset)
    chain: list[AreaMention] = []
    for mention in mentions[lo:lo + 20]:
        if mention.start >= offset + len(window):
            break
        gap = window[chain[-1].end - offset:mention.start - offset] if chain else ""
        if chain and not _LIST_GAP.fullmatch(gap.replace(" the ", " ").replace("the ", "")):
            if len(chain) == last - first + 1:
                break
            chain = []
        chain.append(mention)
    return chain[index - first] if len(chain) == last - first + 1 else None


_JOINS = frozenset({"and", ",", "&", "or", ", and"})


def _joined(mention: AreaMention, mentions: list[AreaMention], starts: list[int], claim: Claim) -> bool:
    """"Northumbria and Durham": the figure may be their sum, or either's."""
    at = bisect.bisect_left(starts, mention.start)
    text = claim.sentence
    offset = claim.sentence_start
    for other in (mentions[at - 1] if at else None, mentions[at + 1] if at + 1 < len(mentions) else None):
        if other is None or other.slug == mention.slug:
            continue
        a, b = (other.end, mention.start) if other.start < mention.start else (mention.end, other.start)
        if b - a > 8:
            continue
        inside = offset <= a <= b <= offset + len(text)
        between = text[a - offset:b - offset].strip().lower() if inside else None
        if between in _JOINS:
            return True
    return False


def _period(claim: Claim, context: ArticleContext, resolution: Resolution,
            neighbours: tuple[int, int]) -> None:
    """The period named with the figure, else the article's; "from 514" is the year before."""
    main = context.period
    main_confidence = context.period_evidence.confidence if context.period_evidence else 0.6
    relative = claim.start - claim.sentence_start
    clause_start, clause_end = claim.clause_start, claim.clause_end
    own, base = _own_period(claim, relative, clause_start, clause_end, main, neighbours, main_confidence)
    if base is not None:
        resolution.base = base[0]
        resolution.note("base", base[0].code, f"the base named with the change: {base[1]!r}", base[2][0])
    after = claim.sentence[claim.end - claim.sentence_start:claim.end - claim.sentence_start + 40]
    if own is None and main is not None and claim.kind not in _CHANGES and _PREVIOUS_AFTER.match(after):
        resolution.period = main.previous()
        resolution.note("period", main.previous().code, f"{_PREVIOUS_AFTER.match(after).group().strip()!r} "
                        "after the figure", 0.9)
    elif own is not None:
        resolution.period = own[0]
        resolution.note("period", own[0].code, f"named with the figure: {own[1]!r}", own[2])
    elif main is not None:
        resolution.period = main
        confidence = context.period_evidence.confidence if context.period_evidence else 0.6
        reason = context.period_evidence.reason if context.period_evidence else "the article's period"
        if claim.role == "from":
            resolution.period = main.previous()
            resolution.note("period", main.previous().code, f"the figure compared with: the year before "
                                                           f"({reason})", min(confidence, 0.8))
        else:
            resolution.note("period", main.code, reason, confidence)
    if claim.kind in ("change", "pct_change", "ratio") and resolution.base is None:
        years = _YEARS_BACK.search(claim.clause_window[1])
        if years and resolution.period is not None:
            n = years.group("n") or years.group("m")
            back = _NUMBER_WORDS.get(n.lower()) or int(n)
            resolution.base = Period(resolution.period.end_year - back, resolution.period.end_month)
            resolution.note("base", resolution.base.code, f"{years.group()!r}", 0.8)
    if resolution.base is not None and resolution.period is not None and \
            resolution.base == resolution.period.previous():
        resolution.base = None  # a one-year change after all


_CHANGES = ("change", "pct_change", "ratio")
# "from 1,955 in 2015", "from 514 offences recorded in 2015/16": nothing but its noun between
_FROM_OWN = re.compile(r"\s*(?:(?!to\b|and\b|than\b)[a-z][a-z\-]*\s+){0,3}|\s*\(\s*")
_ADJACENT = re.compile(r"[\s:,–\-]*(?:when|where|in\s+which)?[\s:,–\-]*|\s*\(\s*")


def _own_period(claim: Claim, relative: int, clause_start: int, clause_end: int,
                main: Period | None, neighbours: tuple[int, int],
                main_confidence: float) -> tuple[tuple | None, tuple | None]:
    """(period, text, confidence) named for the figure itself, and (period, text) of the base a
    change names ("since 2014/15", "on 2013-14")."""
    own = base = None
    end_relative = claim.end - claim.sentence_start
    lo = bisect.bisect_left(claim.periods, relative - WINDOW, key=lambda m: m.start)
    hi = bisect.bisect_right(claim.periods, end_relative + WINDOW, key=lambda m: m.start)
    near = claim.periods[lo:hi]
    ranges = any(m.cue == "and" for m in near)
    for mention in near:
        period = _period_of(mention, main)
        if period is None or (mention.start < end_relative and mention.end > relative):
            continue  # inside the claim ("the highest since 2014/15"): the series' start
        in_clause = clause_start <= mention.start < clause_end
        distance = abs(mention.start - relative)
        if mention.cue in ("since", "base") and claim.kind in _CHANGES:
            rank = (0.9 if in_clause else 0.8, -distance)
            if base is None or rank > base[2]:
                base = (period, mention.text, rank)
            continue
        adjacent = (mention.end <= relative and relative - mention.end <= 12 and _ADJACENT.fullmatch(
            claim.sentence[mention.end:relative])) or (claim.sentence[clause_start:clause_start + 3].lstrip()
                                                       .startswith("(") and 0 <= relative - mention.end < 12)
        if mention.cue == "since" or (mention.cue == "base" and not adjacent and claim.role != "from"):
            continue
        if (mention.cue == "and" and claim.role == "from") or \
                (mention.cue == "between" and ranges and claim.role != "from"):
            continue  # "from 314 to 398 between 2013-14 and 2014-15"
        opening = mention.start <= 4 and mention.cue in ("in", "during", "for", "") and claim.role != "from"
        if opening and own is None:  # "In 2013/14, 1,145 offences ... and 229 ...": the sentence's year
            own = (period, mention.text, 0.85, -distance)
            continue
        if not ranges and (mention.start > neighbours[1] or mention.end < neighbours[0]):
            continue  # another figure stands between: "fallen to 1,669 from 1,955 in 2015"
        if not adjacent and 0 <= mention.start - neighbours[0] <= 5 and mention.end <= relative:
            continue  # "from 342 in 2012-13 to 393": the year is the figure's before
        if claim.role == "from" and mention.end <= relative and not adjacent and not ranges:
            continue  # "400 ... in 2016/17 – a drop from 514": the year is the 400's
        if claim.role == "from" and mention.start >= end_relative and not ranges and not _FROM_OWN.fullmatch(
                claim.sentence[end_relative:mention.start]):
            continue  # "rose from zero to one in 2016/17": the year is the later figure's
        confidence = 0.95 if adjacent else 0.9 if in_clause else 0.8
        if mention.end_year is None:  # "the 12 months to September": the year is the article's
            confidence = min(confidence, main_confidence)
        if own is None or (confidence, -distance) > (own[2], own[3]):
            own = (period, mention.text, confidence, -distance)
    return own, base


def _measure_and_breakdown(claim: Claim, previous: list[tuple[Claim, Resolution]],
                           context: ArticleContext, vocabulary: Vocabulary,
                           resolution: Resolution, known_measure: str | None = None) -> None:
    if claim.kind == "money":
        _money_measure(claim, vocabulary, resolution)
        return
    if claim.kind == "ratio" and not _PREVIOUS_YEAR_WORDS.search(claim.sentence_window[1]) \
            and resolution.base is None:
        resolution.problem = ("a ratio is checked only against the previous year; this one's base "
                              "(another year, another area) is not in the sentence")
        return
    own = vocabulary.measure_in(claim.scope_window)
    named_breakdown = None
    noun = _contained(claim)
    if noun:
        resolution.measure = vocabulary.measure_of_noun(noun)
        if resolution.measure is None and (found := vocabulary.breakdown_of_noun(noun)):
            resolution.measure, named_breakdown = found
        if resolution.measure is None:
            resolution.problem = f"{noun.split()[0]!r} is not a measure of {vocabulary.dataset}"
            return
        resolution.note("measure", resolution.measure, f"the figure's noun: {noun!r}", 0.95)
    if resolution.measure is None:
        known = [known_measure] if known_measure else []
        in_sentence = vocabulary.measure_in(claim.sentence_window[1])
        if own:
            resolution.measure = own[0]
            resolution.note("measure", own[0], "named in its clause", 0.9)
        elif known:
            resolution.measure = known[-1]
            resolution.note("measure", known[-1], "the measure of the figure before it", 0.9)
        elif in_sentence:
            resolution.measure = in_sentence[0]
            resolution.note("measure", in_sentence[0], "named in its sentence", 0.8)
        elif context.default_measure:
            resolution.measure = context.default_measure
            only = context.default_measure == vocabulary.only_measure
            resolution.note("measure", context.default_measure, "the dataset's only measure, which the "
                            "article names" if only else "the measure the article names most",
                            0.8 if only else 0.6)
        elif claim.kind in ("coverage", "rank") and vocabulary.only_measure:
            resolution.measure = vocabulary.only_measure  # "one of the 43 forces" names none
            resolution.note("measure", resolution.measure, "the dataset's only measure", 0.8)
    if resolution.measure is None:
        resolution.problem = f"no measure of {vocabulary.dataset} named"
        return
    _breakdown(claim, previous, vocabulary, resolution, named_breakdown, own)
    _doubt_the_total(claim, vocabulary, resolution)
    _another_source(claim, context, resolution)


# A survey's estimates are not a count of recorded cases: "the Crime Survey for England and Wales
# showed an estimated 6.5 million incidents"; "our own" words tie a figure to recorded data.
SURVEY = re.compile(r"\b(?:survey|surveys|csew|poll|polling|questionnaire|estimated|estimates?)\b",
                    re.IGNORECASE)
_OWN_SOURCE = re.compile(r"\b(?:recorded|police|forces?|reported\s+to)\b", re.IGNORECASE)


def _another_source(claim: Claim, context: ArticleContext, resolution: Resolution) -> None:
    """A figure its sentence gives as a survey's is not the dataset's; in an article that quotes a
    survey, one whose sentence does not say it was recorded may be the survey's."""
    if resolution.problem or claim.kind in ("coverage", "rank"):
        return
    window = claim.sentence_window[1]
    own = _OWN_SOURCE.search(claim.clause_window[1]) or _OWN_SOURCE.search(window)
    if SURVEY.search(window) and not _OWN_SOURCE.search(claim.clause_window[1]):
        resolution.problem = (f"its sentence gives it as a survey's estimate, not a figure of "
                              f"{resolution.dataset}")
    elif context.surveyed and not own:
        resolution.note("measure", resolution.measure, "the article also quotes a survey, and this "
                                                       "figure's sentence does not say it was recorded",
                        0.6)


_CONTAINER = re.compile(r"\s*(?:[a-z]+\s+)?(?:reports|allegations|cases|incidents|instances|counts|records)"
                        r"\s+of\s+(?:the\s+|a\s+|an\s+)?", re.IGNORECASE)


def _contained(claim: Claim) -> str | None:
    """The figure's noun, or what it is a report of: "64,667 reports of child sex offences"."""
    if not claim.noun or claim.noun.split()[-1] not in _CONTAINER_WORDS:
        return claim.noun
    after = claim.sentence[claim.end - claim.sentence_start:][:120]
    found = _CONTAINER.match(after)
    inner = noun_after(after[found.end():]) if found else None
    return inner or claim.noun


_CONTAINER_WORDS = frozenset({"reports", "allegations", "cases", "incidents", "instances", "counts",
                              "records"})
_GENERIC_TERMS = frozenset({"offences", "offence", "crimes", "crime", "cases", "incidents"})
_PLAIN_QUALIFIERS = frozenset({"recorded", "total", "overall", "all", "reported", "the", "of", "police",
                               "these", "those", "such", "more", "new", "other", "in", "and", "a", "an",
                               "number", "committed", "logged", "notifiable", "alleged", "fewer",
                               "many", "some", "with", "against", "by", "for", "recording", "its",
                               "their", "which", "that", "were", "was", "latest", "recent", "common",
                               "experienced", "suffered", "serious", "cent", "percent", "while",
                               "whilst", "but", "although", "though", "as", "when", "where", "so",
                               "because", "if", "whether", "excluding"})
_QUALIFIED = re.compile(r"\b([a-z][a-z\-’']+)\s+(offences|offence|crimes|crime|cases|incidents)\b")
# "homes" is a group word (burglary), "Home Office" names none; "crime excluding fraud" is the total
_NOT_A_GROUP = re.compile(r"\bhome\s+(?:office|secretary)\b|"
                          r"\b(?:excluding|except|other\s+than|not\s+including)\s+[a-z]+(?:\s+and\s+[a-z]+)?")
_PART_OF = re.compile(r"\s+(?:of|out\s+of)\s+(?:its|the|their|these|those|all)?\s*\d")


def _names_a_group(qualifier: str) -> bool:
    """"knife crime", "hate crimes", not "the police's crime", "1.2 million offences", "police-recorded
    crime", "latest crime" (a possessive, a number word, or plain words joined by hyphens)."""
    if qualifier.endswith(("'s", "’s")) or qualifier in NUMBER_WORDS:
        return False
    return not all(part in _PLAIN_QUALIFIERS for part in qualifier.split("-"))


def _doubt_the_total(claim: Claim, vocabulary: Vocabulary, resolution: Resolution) -> None:
    """A figure read as the measure's total is a guess when its clause names a group the dataset
    does not break down ("knife crime", "burglary offences"), when it is a part of another figure
    ("41 of its 389"), when its only word is a generic one ("crimes"), or a small number in words."""
    if resolution.breakdown or resolution.problem or claim.kind in ("coverage", "rank", "record"):
        return
    lower = claim.clause_window[1].lower()
    window_start, window = claim.sentence_window
    before = window[:claim.end - claim.sentence_start - window_start].lower()
    unnamed = _NOT_A_GROUP.sub(" ", before)
    group = vocabulary.group_pattern.search(unnamed) if vocabulary.group_pattern else None
    named = [group.group()] if group else []
    near = before[-120:] if len(before) <= 120 else before[-120:].partition(" ")[2]  # whole words
    lower = lower + " | " + near  # the two never read as one phrase
    if named:
        resolution.note("breakdown", None, f"its sentence names a group ({named[0]!r}) but no breakdown "
                                           f"of the dataset was read for it", 0.5)
        return
    known = [term for term, _ in vocabulary.measure_terms] + [term for term, _ in vocabulary.flag_terms]
    for match in _QUALIFIED.finditer(lower):
        phrase = match.group()
        if _names_a_group(match.group(1)) and not any(phrase in term or term.endswith(phrase)
                                                      for term in known):
            resolution.note("breakdown", None, f"its clause names a group the dataset does not break "
                                               f"down: {phrase!r}", 0.5)
            return
    after = claim.sentence[claim.end - claim.sentence_start:][:30]
    if claim.kind == "count" and _PART_OF.match(after):
        resolution.note("measure", resolution.measure, "a part of another figure (\"N of M\")", 0.5)
    elif claim.kind == "count" and not claim.text[:1].isdigit() and claim.value is not None \
            and claim.value < 10 and not claim.noun:
        resolution.note("measure", resolution.measure, "a small number in words, naming nothing", 0.6)
    elif (claim.noun and claim.noun.split()[0] in _GENERIC_TERMS) or (not claim.noun and not any(
            term in window.lower() for term, _ in vocabulary.measure_terms
            if term not in _GENERIC_TERMS)):
        resolution.note("measure", resolution.measure, "only a generic word names it "
                        "(the total is likely, not sure)", 0.85)


def _breakdown(claim: Claim, previous: list[tuple[Claim, Resolution]], vocabulary: Vocabulary,
               resolution: Resolution, named: str | None, own_measure) -> None:
    window_start, clause = claim.clause_window
    at = claim.start - claim.sentence_start - window_start
    near = vocabulary.flag_near(clause, at)
    breakdown, reason, confidence = named, "the figure's noun", 0.9
    if not named and near:
        breakdown, end = near
        between = clause[end:at].lower() if end <= at else ""
        other = [w for w in re.findall(r"[a-z]+", between) if stem(w) in vocabulary.group_words]
        reason = "named in its clause" + (f", before another group ({other[0]!r})" if other else "")
        confidence = 0.5 if other else 0.9
    elif not named and (wider := vocabulary.flag_in(claim.scope_window)):
        breakdown, reason, confidence = wider, "named in a clause after it", 0.7
    if claim.age_min is not None or claim.age_max is not None:
        everyone = claim.age_min in (None, 0) and vocabulary.age_max is not None and \
            claim.age_max is not None and claim.age_max >= vocabulary.age_max
        if everyone:  # "aged under 18": everyone the dataset counts
            resolution.note("breakdown", "", f"ages {_ages(claim.age_min, claim.age_max)}: all the "
                                             f"dataset counts", 0.9)
            ages = vocabulary.age_breakdowns.values()
            resolution.breakdown = breakdown if breakdown and breakdown not in ages else ""
            return
        age = vocabulary.age_breakdowns.get((claim.age_min, claim.age_max))
        if age is None:
            resolution.problem = (f"{vocabulary.dataset} has no breakdown for ages "
                                  f"{_ages(claim.age_min, claim.age_max)}")
            return
        breakdown, reason, confidence = age, f"ages {_ages(claim.age_min, claim.age_max)}", 0.9
    # "up 18 per cent on the 3,331": a change, or the figure compared with, in the same clause as
    # the figure before it takes its breakdown when it names none; a list of groups does not
    if breakdown is None and own_measure is None and previous and _takes_breakdown_before(claim, previous):
        breakdown, reason = previous[-1][1].breakdown, "the breakdown of the figure before it"
    resolution.breakdown = breakdown or ""
    if resolution.breakdown:
        resolution.note("breakdown", resolution.breakdown, reason, confidence if reason != "the breakdown "
                        "of the figure before it" else 0.8)


def _takes_breakdown_before(claim: Claim, previous: list[tuple[Claim, Resolution]]) -> bool:
    """A change, or the figure compared with, naming nothing: in the same clause as the figure
    before it, or in a clause that names no other group; a bare count in a clause of its own
    ("(1,126)", "up to 204 from 186")."""
    if claim.noun is not None and claim.noun not in ("crimes", "offences"):
        return False
    if claim.kind in ("pct_change", "change", "coverage", "rank") or claim.role == "from":
        return previous[-1][0].clause_index == claim.clause_index or \
            not _OTHER_GROUP.search(claim.clause_window[1])
    words = [w for w in claim.scope_window.split() if not w[:1].isdigit() and not w[:2].strip("(").isdigit()]
    return claim.kind == "count" and len(words) <= 4


# "a 25% rise in burglary": the change names a group of its own (known or not), so it does not
# take the breakdown of the figure before it
_OTHER_GROUP = re.compile(r"\b(?:in|for|among)\s+(?!(?:the|a|an|this|that|its|their|last|recent|each|"
                          r"every|total|all|overall)\b)[a-z]{3,}")


def _money_measure(claim: Claim, vocabulary: Vocabulary, resolution: Resolution) -> None:
    """Sums of money are checked only against a measure in pounds; never silently skipped."""
    if not vocabulary.money_measures:
        resolution.problem = f"{vocabulary.dataset} has no measure in pounds (unit \"£\")"
        return
    scope = claim.scope_window.lower()
    named = [m for m in vocabulary.money_measures
             if re.search(rf"\b{re.escape(vocabulary.labels.get(m, m).lower())}\b", scope)]
    if len(named) == 1 or len(vocabulary.money_measures) == 1:
        resolution.measure = (named or vocabulary.money_measures)[0]
        resolution.note("measure", resolution.measure, "the dataset's measure in pounds", 0.9)
    else:
        resolution.problem = f"{vocabulary.dataset} has several measures in pounds; none is named"


def _table_rate(claim: Claim, rate_bases: list[tuple[int, int]], resolution: Resolution) -> None:
    """A league table under "crimes per 1,000 people": its bare decimal figures are rates."""
    if claim.kind != "count" or claim.noun or claim.value is None or claim.value == int(claim.value):
        return
    if rate_bases and claim.sentence_index - rate_bases[-1][0] <= 12:
        resolution.rate_base = rate_bases[-1][1]
        resolution.note("measure", f"rate per {resolution.rate_base:,}", "a decimal figure in a table "
                        "after a rate per population", 0.8)


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
            source = resolutions[index + 1]
            resolutions[index] = Resolution(**{**source.__dict__, "notes": list(source.notes),
                                               "evidence": list(source.evidence)})
