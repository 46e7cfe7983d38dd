"""Numeric claims from plain text, as a pipeline: pure text work, no store.

    sentences -> tokens (tokens.py) -> rule matches (rules.py, patterns.py) -> drafts (build.py)
    -> attribute steps (steps.py) -> clauses, ages, from/to -> typed, immutable claims (claims.py)

`extract_claims(text)` finds every figure a reader would take as a statistic ("771", "16 per cent",
"one in 10", "every eight minutes", "an increase of 123", "a record 64,667", "179 per 100,000
population", "the highest number on record", "more than doubled", "£50 million") and returns
claims with character offsets into the original text. Numbers that are not claims are skipped on
purpose: years and financial years ("2016/17", "13/14"), dates, times, phone numbers, labels
("A38", "1-2-1"), section numbers, ordinals, list numbering, durations ("for five years"), the base
of a rate ("per 100,000"), and ages ("aged four or younger"), which become the `age_min`/`age_max`
filter of the claims they qualify. Every stage is linear in the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from localwire.check.extract.build import Context, Match, Skipped, build
from localwire.check.extract.claims import (
    KINDS,
    AgeFilter,
    Change,
    Claim,
    Count,
    Coverage,
    Draft,
    Interval,
    Money,
    PctChange,
    Percent,
    Rank,
    Rate,
    Ratio,
    Record,
    Share,
)
from localwire.check.extract.columns import Cell, in_its_column, labelled_cells, table_cells
from localwire.check.extract.numeric_runs import SkippedRun, blanked, data_runs
from localwire.check.extract.patterns import Encoded, PatternIndex, matches_of
from localwire.check.extract.periods import PeriodMention, find_periods
from localwire.check.extract.rules import RULES
from localwire.check.extract.steps import Sentence as StepSentence
from localwire.check.extract.steps import (
    carry_changes,
    carry_rate_base,
    count_details,
    hedge,
    role_and_direction,
    share_as_change,
)
from localwire.check.extract.tokens import FIGURES, Token, parse_number, sentences, tokenize

__all__ = [
    "KINDS",
    "AgeFilter",
    "Cell",
    "Change",
    "Claim",
    "Count",
    "Coverage",
    "Extraction",
    "Interval",
    "Money",
    "PctChange",
    "Percent",
    "PeriodMention",
    "Rank",
    "Rate",
    "Ratio",
    "Record",
    "Share",
    "SkippedRun",
    "extract",
    "extract_claims",
    "parse_number",
    "sentences",
    "tokenize",
]

# A sentence without one of these holds no claim: it is passed over without tokens.
_ANY_FIGURE = re.compile(r"\d|\b(?:zero|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
                         r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|"
                         r"three|four|five|six|seven|eight|nine|half|third|quarter|fifth|dozen|hundred|"
                         r"thousand|million|record|all[\s\-]time|new\s+(?:high|low)|highest|lowest|most|"
                         r"fewest|biggest|largest|smallest|greatest|doubl|twice|trebl|tripl|quadrupl|halv|"
                         r"both)", re.IGNORECASE)


_RULE_INDEX = PatternIndex([(rule, pattern) for rule in RULES for pattern in rule.compiled])


def find_matches(tokens: list[Token], encoded: Encoded | None = None, accept=None) -> list[Match]:
    """Every rule's matches, then the winners: higher priority first, then earlier, then longer;
    a claim takes tokens no other match has, a skip may share its tokens with other skips. A match
    `accept` turns down (its builder found no claim in it) takes nothing."""
    encoded = encoded or Encoded(tokens)
    present = encoded.present
    found = [Match(rule, first, end, captures) for rule, pattern in _RULE_INDEX.candidates(present)
             for first, end, captures in matches_of(pattern, encoded)]
    found.sort(key=lambda m: (-m.rule.priority, m.first, m.first - m.end))
    owner: list[str | None] = [None] * len(tokens)  # "claim" or "skip"
    chosen: list[Match] = []
    for match in found:
        skip = match.rule.label == "skip"
        span = owner[match.first:match.end]
        if "claim" in span or (not skip and "skip" in span):
            continue
        if accept is not None and not accept(match):
            continue
        owner[match.first:match.end] = ["skip" if skip else "claim"] * (match.end - match.first)
        chosen.append(match)
    return sorted(chosen, key=lambda m: m.first)


def winning_matches(context: Context, encoded: Encoded) -> tuple[list[Match], dict[int, object]]:
    """The matches that win their tokens, each with what its rule built from it (by `id`)."""
    built_by: dict[int, object] = {}

    def accept(match: Match) -> bool:
        built_by[id(match)] = build(context, match)
        return built_by[id(match)] is not None

    return find_matches(context.tokens, encoded, accept), built_by


def matches_in(sentence: str) -> list[Match]:
    """The winning rule matches of one sentence, as the pipeline chooses them (for tests and
    debugging: which rule took which tokens)."""
    tokens = tokenize(sentence)
    return winning_matches(Context(sentence, tokens), Encoded(tokens))[0]


_YEAR_CUE = re.compile(r"(?:19|20)\d\d|\d/\d|\b(?:year|month)", re.IGNORECASE)
_Quotes = tuple[list[int], list[int], list[int]]  # where “, ” and " are in a sentence


@functools.lru_cache(maxsize=4096)
def _sentence_claims(body: str) -> tuple[tuple[Draft, ...], tuple[dict, ...], _Quotes,
                                         tuple[PeriodMention, ...]]:
    """A sentence's drafts (offsets into it, never changed once made), where each sits (clause,
    clause span, scope span, age filter, from/to) and where its quote marks are. Remembered: a
    writer's stories share many of their sentences."""
    drafts, placed, periods = _drafts(body)
    quotes = ([m.start() for m in re.finditer("“", body)], [m.start() for m in re.finditer("”", body)],
              [m.start() for m in re.finditer('"', body)])
    return tuple(drafts), tuple(placed), quotes, tuple(periods)


def _drafts(body: str) -> tuple[list[Draft], list[dict], list[PeriodMention]]:
    if not _ANY_FIGURE.search(body):
        return [], [], []
    tokens = tokenize(body)
    context = Context(body, tokens)
    sentence = StepSentence(body, tokens)
    drafts: list[Draft] = []
    ages: list[AgeFilter] = []
    mentions: list[tuple[int, int]] = []
    matches, built_by = winning_matches(context, sentence.encoded)
    skipped_tokens = set()
    for match in matches:
        built = built_by[id(match)]
        if isinstance(built, Draft):
            drafts.append(built)
        elif isinstance(built, AgeFilter):
            ages.append(built)
        elif isinstance(built, Skipped):
            skipped_tokens.update(range(match.first, match.end))
            if built.base:
                mentions.append((built.start, built.base))
    _record_values(tokens, drafts, matches, skipped_tokens)
    for draft in drafts:
        hedge(sentence, draft)
        role_and_direction(sentence, draft)
        count_details(sentence, draft)
        share_as_change(sentence, draft)
    drafts.sort(key=lambda d: d.start)
    carry_changes(sentence, drafts)
    carry_rate_base(sentence, drafts, mentions)
    periods = find_periods(tokens, sentence.encoded, body) if _YEAR_CUE.search(body) else []
    return drafts, _place(body, tokens, drafts, ages), periods


def _record_values(tokens: list[Token], drafts: list[Draft], matches: list[Match],
                   skipped: set[int]) -> None:
    """"a record 64,667": the record is the figure right after it (a figure no other rule took)."""
    records = [d for d in drafts if d.rule == "record word"]
    if not records:
        return
    cover = {i: m.rule.name for m in matches for i in range(m.first, m.end)}
    for draft in records:
        following = draft.last + 1
        if following < len(tokens) and tokens[following].kind in FIGURES and following not in skipped \
                and cover.get(following, "figure") in ("figure", "percent"):
            draft.value = tokens[following].value


def _place(body: str, tokens: list[Token], drafts: list[Draft], ages: list[AgeFilter]) -> list[dict]:
    """Each draft's clause and scope, its age filter and, for changes, the from/to figures."""
    bounds = sorted({0, len(body), *(t.bound for t in tokens if t.bound >= 0)})
    clauses = [(a, b) for a, b in itertools.pairwise(bounds) if b > a] or [(0, len(body))]
    starts = [a for a, _ in clauses]
    clause_of = [max(0, bisect.bisect_right(starts, d.start) - 1) for d in drafts]
    has_claims = set(clause_of)
    with_claims = sorted(has_claims)
    scope_end = list(range(len(clauses)))  # a clause's scope runs on over clauses with no claim
    for index in range(len(clauses) - 2, -1, -1):
        if index + 1 not in has_claims:
            scope_end[index] = scope_end[index + 1]
    placed = []
    for index in clause_of:
        placed.append({"clause_index": index, "clause": clauses[index],
                       "scope": (clauses[index][0], clauses[scope_end[index]][1]), "attrs": {}})
    _assign_ages(ages, starts, clause_of, with_claims, drafts, placed)
    _link_from_to(drafts, clause_of, placed)
    return placed


def _assign_ages(ages: list[AgeFilter], starts: list[int], clause_of: list[int], with_claims: list[int],
                 drafts: list[Draft], placed: list[dict]) -> None:
    """A claim takes the age filter that follows it in its clause (before the next claim), else the
    last one before it in its clause ("585 ... aged 10 and under and 185 against children four and
    under"); ages in a clause with no claim go to the nearest earlier clause that has claims."""
    by_clause: dict[int, list[int]] = defaultdict(list)
    for position, clause in enumerate(clause_of):
        by_clause[clause].append(position)
    ages_in: dict[int, list[AgeFilter]] = defaultdict(list)
    for age in sorted(ages, key=lambda a: a.start):
        ages_in[max(0, bisect.bisect_right(starts, age.start) - 1)].append(age)
    for clause, positions in by_clause.items():
        found = ages_in.get(clause, [])
        if not found:
            continue
        age_starts = [a.start for a in found]
        for rank, position in enumerate(positions):
            limit = drafts[positions[rank + 1]].start if rank + 1 < len(positions) else 1 << 60
            at = bisect.bisect_left(age_starts, drafts[position].end)
            if at < len(found) and found[at].start < limit:
                age = found[at]
            elif at:
                age = found[at - 1]
            else:
                continue
            placed[position]["attrs"].update(age_min=age.age_min, age_max=age.age_max)
    for clause, found in ages_in.items():
        if clause in by_clause:
            continue
        at = bisect.bisect_left(with_claims, clause)
        target = with_claims[at - 1] if at else (with_claims[at] if at < len(with_claims) else -1)
        for position in by_clause.get(target, []):
            if "age_max" not in placed[position]["attrs"] and "age_min" not in placed[position]["attrs"]:
                placed[position]["attrs"].update(age_min=found[0].age_min, age_max=found[0].age_max)


def _link_from_to(drafts: list[Draft], clause_of: list[int], placed: list[dict]) -> None:
    """"an increase of 123 from 381 to 504": the change gets its from/to figures (the last "from"
    figure of its clause, and the first "to" figure after that)."""
    by_clause: dict[int, list[int]] = defaultdict(list)
    for position, clause in enumerate(clause_of):
        by_clause[clause].append(position)
    for positions in by_clause.values():
        next_to: dict[int, int | None] = {}
        following = None
        for position in reversed(positions):
            next_to[position] = following
            if drafts[position].attrs.get("role") == "to":
                following = position
        froms = [p for p in positions if drafts[p].attrs.get("role") == "from"]
        changes = [p for p in positions if drafts[p].kind in ("change", "pct_change")]
        if not froms:
            continue
        if changes:
            source = froms[-1]
            later = next_to[source]
            for change in changes:
                placed[change]["attrs"].update(from_value=drafts[source].value,
                                               to_value=drafts[later].value if later is not None else None)
            continue
        for source in froms:
            later = next_to[source]
            if later is not None and drafts[later].attrs.get("direction") is None \
                    and "direction" not in placed[later]["attrs"]:
                placed[later]["attrs"]["direction"] = drafts[source].attrs.get("direction")


@dataclass
class Extraction:
    """A text's claims, every period it names (with the start of its sentence), the runs of bare
    numbers it holds that were read as data, not claims, and the cells of its tables that were
    read by their column's heading (by the offset of their figure)."""

    claims: list[Claim]
    periods: list[tuple[int, PeriodMention]]
    skipped: list[SkippedRun] = field(default_factory=list)
    cells: dict[int, Cell] = field(default_factory=dict)


def extract_claims(text: str) -> list[Claim]:
    """Every numeric claim in `text`, in reading order."""
    return extract(text).claims


def extract(text: str) -> Extraction:
    claims: list[Claim] = []
    periods: list[tuple[int, PeriodMention]] = []
    curly = straight = 0  # quote marks opened before the sentence
    position = 0
    runs = data_runs(text)
    for index, (start, end) in enumerate(sentences(text)):
        curly += text.count("“", position, start) - text.count("”", position, start)
        straight += text.count('"', position, start)
        body = text[start:end]
        read = blanked(body, start, runs) if runs else body
        drafts, placed, (opens, closes, plains), mentions = _sentence_claims(read)
        periods.extend((start, mention) for mention in mentions)
        for draft, where in zip(drafts, placed, strict=True):
            at = draft.start
            opened = curly + bisect.bisect_left(opens, at) - bisect.bisect_left(closes, at)
            quoted = opened > 0 or (straight + bisect.bisect_left(plains, at)) % 2 == 1
            claims.append(_freeze(draft, body, start, index, where, quoted, mentions))
        curly += len(opens) - len(closes)
        straight += len(plains)
        position = end
    cells = {**labelled_cells(text), **table_cells(text)}
    if cells:
        claims = [in_its_column(claim, cells[claim.start]) if claim.start in cells else claim
                  for claim in claims]
    return Extraction(claims, periods, runs, cells)


def _freeze(draft: Draft, body: str, offset: int, index: int, where: dict, quoted: bool,
            periods: tuple[PeriodMention, ...]) -> Claim:
    attrs = {**draft.attrs, **where["attrs"]}
    frozen = Draft(draft.kind, draft.start, draft.end, draft.value, draft.step, draft.rule, draft.first,
                   draft.last, attrs)
    return frozen.freeze(body, offset, sentence_index=index, clause_index=where["clause_index"],
                         clause_start=where["clause"][0], clause_end=where["clause"][1],
                         scope_end=where["scope"][1], quoted=quoted, periods=periods)
