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
The article's period is worked out in dating.py, the measure and breakdown in measures.py, the
evidence kept in evidence.py; this module reads each claim's area and period and ties them together.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from datetime import date

from localwire.areas import Gazetteer
from localwire.check.dating import infer_period
from localwire.check.evidence import DOUBT_LIMIT, FIRM, ArticleContext, Evidence, Resolution
from localwire.check.extract import Claim, PeriodMention
from localwire.check.lists import (
    UNKNOWN_PLACE_REASON,
    bare,
    bracketed_after,
    compared_with,
    contrasted,
    from_the_same_place,
    in_its_brackets,
    joined_to_another,
    respectively,
    table_row,
)
from localwire.check.measures import SURVEY, SubjectScan, doubt_carried, measure_and_breakdown, table_rate
from localwire.check.mentions import (
    NATIONAL,
    AreaFinder,  # noqa: F401  (re-exported)
    AreaMention,
    area_finder,  # noqa: F401  (re-exported)
    find_area_mentions,
    is_region_word,
    with_generic_mentions,
)
from localwire.check.nations import country_named_before, headline_end, in_passing, is_force_of, main_area
from localwire.check.own_period import CHANGES as _CHANGES
from localwire.check.own_period import own_period
from localwire.check.places import read_as_its_force
from localwire.check.quarters import part_of_a_year
from localwire.check.scans import remembered
from localwire.check.table_periods import column_period
from localwire.check.vocabulary import Vocabulary
from localwire.check.words import THE_YEAR_BEFORE
from localwire.model.periods import Period

__all__ = ["DOUBT_LIMIT", "FIRM", "NATIONAL", "ArticleContext", "Evidence", "Resolution", "Vocabulary",
           "article_context", "find_area_mentions", "infer_period", "reperiod", "reperiod_one",
           "resolve_claims"]

_ANAPHOR = re.compile(r"\s*(?:the\s+(?:number|figure|total|rise|fall|increase)|that|this|it)\s+"
                      r"(?:was|is|were|has|had|represents|means|puts|made|makes)\b", re.IGNORECASE)
_SUBJECT_CUE = re.compile(r"^\W*(?:(?:and|but|meanwhile|elsewhere|overall)\W+)?(?:across|in|for|within|"
                          r"throughout|here\s+in|over\s+in|nationally|elsewhere\s+in|while\s+in|"
                          r"meanwhile\s+in|at)?\s*(?:the\s+)?$", re.IGNORECASE)
_YEARS_BACK = re.compile(r"\b(?:in|over|during|across)\s+(?:the\s+)?(?:last|past|previous)\s+"
                         r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\b"
                         r"|\b(?P<m>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\s+"
                         r"(?:ago|earlier|before)\b", re.IGNORECASE)
_years_back_in = remembered(_YEARS_BACK)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
_REFERS_BACK = re.compile(r"\b(?:of\s+(?:these|those|them)|these|those\s+(?:offences|crimes|cases))\b",
                          re.IGNORECASE)
_refers_back_in = remembered(_REFERS_BACK)
# "Among these were 2,895 aged five and under": the figures of the sentence before, in part
_OPENS_REFERRING_BACK = re.compile(r"\W*(?:among|of|including|within)\s+(?:these|those|them|which)\b",
                                   re.IGNORECASE)
_UNKNOWN_PLACE = re.compile(r"[^.;:()–—]{0,40}?\bin\s+(?:the\s+)?"
                            r"(?P<place>[A-Z][a-z]+(?:[\s,]+(?:and\s+)?[A-Z][a-z]+)*)")
_PREVIOUS_AFTER = re.compile(rf"\s*(?:[a-z]+\s+){{0,3}}?(?:in\s+|during\s+|for\s+)?{THE_YEAR_BEFORE}\b",
                             re.IGNORECASE)
_ON_THE_PREVIOUS_YEAR = re.compile(r"\s*(?:(?:on|from|compared\s+(?:with|to)|than)\s+(?:the\s+)?"
                                   r"(?:previous|preceding|last)\s+(?:year|12\s+months)\b|year[\s-]on[\s-]year\b)",
                                   re.IGNORECASE)
# "an 8% rise in the following year", "rising to 422 the following year"
_FOLLOWING_AFTER = re.compile(r"\s*(?:[a-z]+\s+){0,3}?(?:(?:in|during|for|over)\s+)?the\s+(?:following|next)"
                              r"\s+(?:year|12\s+months)\b", re.IGNORECASE)
# "from the previous year when 608 offences were recorded", "down from the previous year (751)"
_PREVIOUS_BEFORE = re.compile(rf"{THE_YEAR_BEFORE}\s*(?:\(\s*|,?\s*when\s+|of\s+)$", re.IGNORECASE)
_RATE_BASE = re.compile(r"\bper\s+(1,000|1000|10,000|100,000|1,000,000|one\s+thousand|head)\b", re.IGNORECASE)


# -- the article -----------------------------------------------------------------------------------

def article_context(text: str, gazetteer: Gazetteer, vocabulary: Vocabulary, *,
                    area: str | None = None, period: Period | None = None,
                    periods: list[tuple[int, PeriodMention]] = (), national: str = "united-kingdom",
                    data_periods: list[Period] = (), published: date | None = None) -> ArticleContext:
    mentions = find_area_mentions(text, gazetteer)
    main, area_evidence = area, (Evidence("area", area, "given", 1.0) if area else None)
    if main is None:
        main, area_evidence = main_area([m for m in mentions if not m.place], gazetteer, headline_end(text))
    region = gazetteer.areas[main].parent if main in gazetteer.areas and \
        gazetteer.areas[main].kind == "force" else None
    about_whole = main in gazetteer.areas and gazetteer.areas[main].kind in ("nation", "region", "country")
    named_forces = frozenset(m.slug for m in mentions if m.slug in gazetteer.areas and not m.place
                             and gazetteer.areas[m.slug].is_force) if about_whole else None
    mentions = with_generic_mentions(text, mentions, main, region or None, named_forces)
    terms = Counter(vocabulary.measures_named(text))
    default = terms.most_common(1)[0][0] if terms else None
    forces = frozenset(m.slug for m in mentions if m.slug in gazetteer.areas
                       and gazetteer.areas[m.slug].is_force)
    period_evidence = Evidence("period", period.code, "given", 1.0) if period else None
    if period is None:
        period, period_evidence = infer_period(text, periods, data_periods, published)
    return ArticleContext(main, period, mentions, default, national, forces, area_evidence,
                          period_evidence, gazetteer, [m.start for m in mentions],
                          [m for m in mentions if m.comparison], bool(SURVEY.search(text)), text=text)


def _area_confidence(resolution: Resolution) -> float:
    return min((e.confidence for e in resolution.evidence if e.field == "area"), default=0.6)


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
    referred: tuple[Claim, Resolution] | None = None  # the figure an anaphoric sentence refers to
    scan = SubjectScan()
    for index, claim in enumerate(claims):
        if sentence_claims and sentence_claims[-1][0].sentence_index != claim.sentence_index:
            last = previous_sentence_last = sentence_claims[-1]
            sentence_claims, referred = [], None
        else:
            last = (claims[index - 1], resolutions[index - 1]) if index else None
        previous = sentence_claims  # not copied: the claims before this one in its sentence
        anaphoric = not previous and index and _ANAPHOR.match(claim.sentence)
        if anaphoric:
            previous = [last]  # "The number was the 38th highest": the last sentence's last figure
            referred = last
        if not previous or anaphoric:  # once per sentence
            base = _RATE_BASE.search(claim.sentence_window[1])
            if base and (not rate_bases or rate_bases[-1][0] != claim.sentence_index):
                rate_bases.append((claim.sentence_index, _base_value(base.group(1))))
        resolution = Resolution(dataset=vocabulary.dataset)
        _area(claim, claims, index, context, resolution, last if anaphoric else None,
              last if not previous or anaphoric else previous_sentence_last)
        if sentence_claims:
            from_the_same_place(claim, sentence_claims[-1], context, resolution)
        _period(claim, context, resolution, _neighbours(claims, index))
        if not previous:
            known_measure = None
        elif previous is not sentence_claims:  # the sentence before, referred back to
            known_measure = previous[-1][1].measure
        following = claims[index + 1] if index + 1 < len(claims) and \
            claims[index + 1].sentence_index == claim.sentence_index else None
        measure_and_breakdown(claim, previous, context, vocabulary, resolution, known_measure, following,
                              scan)
        if referred is not None:
            doubt_carried(referred[1], resolution)
        elif claim.kind == "record" and sentence_claims:  # "an increase of 18pc and the highest level"
            doubt_carried(sentence_claims[-1][1], resolution)
        known_measure = resolution.measure or known_measure
        table_rate(claim, rate_bases, resolution)
        resolutions.append(resolution)
        sentence_claims.append((claim, resolution))
    _records_follow_their_figure(claims, resolutions)
    for claim, resolution in zip(claims, resolutions, strict=True):
        part_of_a_year(claim, resolution)  # "in the three months to June": not a year's figure
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
    return [reperiod_one(claims, index, resolution, context)
            for index, resolution in enumerate(resolutions)]


def reperiod_one(claims: list[Claim], index: int, resolution: Resolution,
                 context: ArticleContext) -> Resolution:
    """`reperiod` for the claim at `index` alone (each claim's period is read on its own)."""
    kept = [e for e in resolution.evidence if e.field not in ("period", "base")]
    copy = Resolution(**{**resolution.__dict__, "period": None, "base": None, "evidence": kept,
                         "notes": list(resolution.notes)})  # as dataclasses.replace, cheaper
    _period(claims[index], context, copy, _neighbours(claims, index))
    return copy


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
    mentions, starts = context.subjects(claim.kind)
    at = bisect.bisect_left(starts, claim.start)
    last_before = mentions[at - 1] if at else None  # the last mention before the claim
    if _area_in_its_sentence(claim, claims, index, context, resolution, mentions, starts):
        return
    row = table_row(claim, last_before, context.text)
    if row is not None:  # a table of one cell a line: "Dyfed-Powys", then its figures
        _choose(claim, context, resolution, mentions, starts, row, "the row of its table", 0.8)
        return
    if anaphor and anaphor[1].area:
        resolution.area, resolution.place = anaphor[1].area, anaphor[1].place
        resolution.note("area", anaphor[1].area, "the sentence refers back to the one before", 0.8)
        return
    given = context.area_evidence is not None and context.area_evidence.reason == "given"
    if before and before[1].area and before[0].sentence_index == claim.sentence_index - 1 and \
            _OPENS_REFERRING_BACK.match(claim.sentence):
        resolution.area, resolution.place = before[1].area, before[1].place
        resolution.note("area", before[1].area, "its sentence refers back to the one before (the area "
                        "of that sentence's figures)", min(_area_confidence(before[1]), 0.75))
        return
    refers = last_before and before and before[0].sentence_index == claim.sentence_index - 1 and \
        last_before.start >= before[0].sentence_start and _refers_back_in(claim.sentence_window[1])
    if last_before and before and \
            before[0].sentence_index == claim.sentence_index - 1 and \
            last_before.start >= before[0].sentence_start and \
            (refers or last_before.place or not is_force_of(last_before.slug, context.main_area,
                                                            context.gazetteer)) and \
            (refers or not in_passing(last_before, context)):
        _choose(claim, context, resolution, mentions, starts, last_before,
                f"named in the sentence before{', which it refers to' if refers else ''}",
                0.85 if refers else 0.75 if given else 0.7)
        return
    heading = None if given else context.section_area(claim.start)
    if heading is not None and (heading.slug != context.main_area or heading.place):
        _choose(claim, context, resolution, mentions, starts, heading, "the heading of its section names it",
                0.7)
        return
    _area_of_the_article(claim, context, resolution, given)


def _area_in_its_sentence(claim: Claim, claims: list[Claim], index: int, context: ArticleContext,
                          resolution: Resolution, mentions: list[AreaMention], starts: list[int]) -> bool:
    """The area its own sentence gives the figure, in order of preference; False if none."""
    clause_start = claim.sentence_start + claim.clause_start
    clause_end = claim.sentence_start + claim.clause_end
    sentence_end = claim.sentence_start + len(claim.sentence)
    after = index + 1
    if after < len(claims) and claims[after].role == "to" and claim.kind in _CHANGES:
        after += 1  # "up 25 per cent to 383 in Norfolk": the area after its "to" figure is its too
    following = claims[after] if after < len(claims) else None
    next_start = following.start if following and following.sentence_index == claim.sentence_index \
        else sentence_end
    at = bisect.bisect_left(starts, claim.start)
    first_after = mentions[at] if at < len(mentions) else None  # the first at or after the claim
    last_before = mentions[at - 1] if at else None  # the last before it
    first_at = bisect.bisect_left(starts, claim.sentence_start)
    first_in_sentence = mentions[first_at] if first_at < len(mentions) else None

    def choose(mention: AreaMention, reason: str, confidence: float) -> bool:
        _choose(claim, context, resolution, mentions, starts, mention, reason, confidence)
        return True

    compared = compared_with(claim, context)
    if compared:
        return choose(compared, "the area compared with, beside the figure", 0.85)
    if in_its_brackets(claim, first_after):  # "(30 per cent nationally)"
        return choose(first_after, "named right after the figure, in its brackets", 0.9)
    if bracketed_after(claim, last_before):  # "followed by North Wales Police (13.7%)"
        return choose(last_before, "named just before its brackets", 0.95)
    if listed := respectively(claims, index, mentions, starts):
        resolution.area, resolution.place = listed.slug, listed.place
        resolution.note("area", listed.slug, f"paired with its figure by 'respectively': {listed.text!r}",
                        0.85)
        return True
    if bare(claim):  # "with almost 20 per cent of these - 44,364 - recorded in Gwent"
        clause_end = claim.sentence_start + claim.scope_end
    if first_after and first_after.start < min(clause_end, next_start):
        return choose(first_after, "named right after the figure", 0.95)
    unknown = _UNKNOWN_PLACE.match(claim.sentence, claim.end - claim.sentence_start)
    if unknown and not _known_place(context, claim.sentence_start + unknown.start("place"),
                                    claim.sentence_start + unknown.end()):
        resolution.area = context.main_area
        resolution.note("area", context.main_area, f"{UNKNOWN_PLACE_REASON}: {unknown.group('place')!r}", 0.4)
        return True
    if first_in_sentence and first_in_sentence.start < claim.start and \
            first_in_sentence.start - claim.sentence_start <= 60 and _SUBJECT_CUE.match(
            claim.sentence[:first_in_sentence.start - claim.sentence_start]) and \
            (last_before is first_in_sentence or last_before.slug == first_in_sentence.slug):
        return choose(first_in_sentence, "the subject of its sentence", 0.9)
    if last_before and last_before.start >= claim.sentence_start:
        several = first_in_sentence is not None and first_in_sentence.slug != last_before.slug \
            and last_before.start < clause_start
        if contrasted(claim, last_before, context):
            return choose(last_before, "an earlier clause's area (before 'while' or 'but'), named "
                                       "earlier in its sentence", 0.7)
        return choose(last_before, "named earlier in its sentence" + (", after another area" if several
                                                                       else ""), 0.75 if several else 0.85)
    if first_after and first_after.start < sentence_end:
        return choose(first_after, "named later in its sentence", 0.75)
    return False


def _choose(claim: Claim, context: ArticleContext, resolution: Resolution, mentions: list[AreaMention],
            starts: list[int], mention: AreaMention, reason: str, confidence: float) -> None:
    """The mention's area, with its reason: "nationally" is the dataset's nation (or the country
    named before it), and one of several areas named together is a weak reading."""
    slug = context.national if mention.slug == NATIONAL else mention.slug
    named = country_named_before(mention, context.mentions, context.mention_starts, context.gazetteer) \
        if mention.slug == NATIONAL else None
    if named and named.slug != context.national:
        slug, reason = named.slug, f"{reason}, the country named before it ({named.text!r})"
        confidence = min(confidence, 0.7)  # "nationally" may still be the UK
    resolution.area = slug
    if joined_to_another(mention, mentions, starts, claim):
        reason, confidence = f"one of several areas named together ({reason})", 0.5
    elif is_region_word(mention):
        reason, confidence = f"{reason}, which may mean the force's own area", min(confidence, 0.6)
    reason, confidence = read_as_its_force(resolution, mention.place, context.gazetteer, reason,
                                           confidence)  # "In Sunderland, 312 offences": a place, if named
    resolution.note("area", slug, f"{reason}: {mention.text!r}", confidence)


def _area_of_the_article(claim: Claim, context: ArticleContext, resolution: Resolution,
                         given: bool) -> None:
    """No area named near the figure: the article's main area, else the national figure."""
    if context.main_area is None and context.national:
        resolution.area = context.national
        resolution.note("area", context.national, "no area named in its sentence, and no force in the "
                                                  "article: the national figure", 0.6)
        return
    if context.main_area:
        resolution.area = context.main_area
        evidence = context.area_evidence
        confidence = 0.95 if given else min(evidence.confidence if evidence else 0.6, 0.8)
        if claim.sentence_index == 0 and not claim.sentence.rstrip().endswith((".", "!", "?", "”", '"')):
            confidence = min(confidence, 0.6)  # a headline: as often national as local
        reason = "given (no area named in its sentence)" if given else "no area named in its sentence; " + (
            evidence.reason if evidence else "the article's main area")
        resolution.note("area", context.main_area, reason, confidence)


def _known_place(context: ArticleContext, start: int, end: int) -> bool:
    at = bisect.bisect_left(context.mention_starts, start)
    return at < len(context.mentions) and context.mentions[at].start < end


def _period(claim: Claim, context: ArticleContext, resolution: Resolution,
            neighbours: tuple[int, int]) -> None:
    """The period named with the figure (or its table column's), else the article's; "from 514"
    is the year before."""
    if column_period(claim, context, resolution):
        return
    main = context.period
    main_confidence = context.period_evidence.confidence if context.period_evidence else 0.6
    relative = claim.start - claim.sentence_start
    clause_start, clause_end = claim.clause_start, claim.clause_end
    own, base = own_period(claim, relative, clause_start, clause_end, main, neighbours, main_confidence)
    on_previous = claim.kind in _CHANGES and _ON_THE_PREVIOUS_YEAR.match(
        claim.sentence, claim.end - claim.sentence_start)
    if on_previous:
        base = None  # "rose by 10 per cent on the previous year, ... but down 39 per cent on 2007"
    if base is not None:
        resolution.base = base[0]
        resolution.note("base", base[0].code, f"the base named with the change: {base[1]!r}", base[2][0])
    after = claim.sentence[claim.end - claim.sentence_start:claim.end - claim.sentence_start + 40]
    following = _FOLLOWING_AFTER.match(after)
    if own is not None and following:  # "a 3% increase in the year to March 2015, an 8% rise in the
        # following year": the year after the one named
        period = Period(own[0].end_year + 1, own[0].end_month)
        resolution.period = period
        resolution.note("period", period.code, f"{following.group().strip()!r} after {own[1]!r}", 0.85)
    elif own is None and main is not None and claim.kind not in _CHANGES and (
            said := _PREVIOUS_AFTER.match(after) or _PREVIOUS_BEFORE.search(
                claim.sentence, max(0, relative - 40), relative)):
        resolution.period = main.previous()
        where = "after" if said.re is _PREVIOUS_AFTER else "before"
        resolution.note("period", main.previous().code, f"{said.group().strip()!r} {where} the figure", 0.9)
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
    if claim.kind in ("change", "pct_change", "ratio") and resolution.base is None and not on_previous:
        years = _years_back_in(claim.clause_window[1])
        if years and resolution.period is not None:
            n = years.group("n") or years.group("m")
            back = _NUMBER_WORDS.get(n.lower()) or int(n)
            resolution.base = Period(resolution.period.end_year - back, resolution.period.end_month)
            resolution.note("base", resolution.base.code, f"{years.group()!r}", 0.8)
    if resolution.base is not None and resolution.period is not None and \
            resolution.base == resolution.period.previous():
        resolution.base = None  # a one-year change after all


def _records_follow_their_figure(claims: list[Claim], resolutions: list[Resolution]) -> None:
    """"a record 570 ... in Wiltshire": the record is about the figure that follows it."""
    for index, claim in enumerate(claims[:-1]):
        following = claims[index + 1]
        if claim.kind == "record" and claim.value is not None and following.value == claim.value:
            source = resolutions[index + 1]
            resolutions[index] = Resolution(**{**source.__dict__, "notes": list(source.notes),
                                               "evidence": list(source.evidence)})
