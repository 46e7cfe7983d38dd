"""Areas a figure is set beside: a comparison ("than the 4% rise nationally"), lists ("129, 118 and
116 ... respectively", "Northumbria and Durham"), a table of one cell a line, a figure set off on its
own ("- 44,364 - recorded in Gwent"), and an area before a 'while' clause."""

from __future__ import annotations

import bisect
import re

from localwire.check.evidence import ArticleContext, Resolution
from localwire.check.extract import Claim
from localwire.check.extract.claims import WINDOW
from localwire.check.mentions import NATIONAL, AreaMention

_BESIDE_BEFORE = re.compile(r"(?:[’']s)?\s+(?:average|trend|rate|figure|level|position|picture)?\s*"
                            r"(?:increase|rise|fall|"
                            r"drop|decrease)?\s*(?:of|was|is|at|stood\s+at|by|with)?\s*(?:just|only)?\s*$",
                            re.IGNORECASE)
_BESIDE_AFTER = re.compile(r"\s*(?:per\s*cent|%)?\s*(?:\w+\s+){0,2}?(?:in|across|for)?\s*(?:the\s+)?$",
                           re.IGNORECASE)


def compared_with(claim: Claim, context: ArticleContext) -> AreaMention | None:
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


_LIST_GAP = re.compile(r"\s*(?:per\s*cent|%)?\s*(?:,|and|,\s*and|&)\s*")


def respectively(claims: list[Claim], index: int, mentions: list[AreaMention],
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


def joined_to_another(mention: AreaMention, mentions: list[AreaMention], starts: list[int],
                      claim: Claim) -> bool:
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


def bare(claim: Claim) -> bool:
    """A figure set off on its own ("- 44,364 -", "(1,126)"): its clause has no word but the figure's,
    so the words after it (its scope) say what it is."""
    window_start, clause = claim.clause_window  # bounded, so linear in the text
    at = claim.start - claim.sentence_start - window_start
    rest = clause[:max(0, at)] + clause[at + len(claim.text):]
    return not _A_WORD.search(rest)


_A_WORD = re.compile(r"[A-Za-z]{2,}")


_CONTRAST = re.compile(r"[,;]?\s*\b(?:while|whilst|whereas|but)\b", re.IGNORECASE)


def contrasted(claim: Claim, mention: AreaMention, context: ArticleContext) -> bool:
    """"Knife crime in the region saw the biggest increase in the country, while the number of
    sexual offences recorded also increased by 19 per cent": an area named before a 'while' or
    'but' clause that names none may not be that clause's; the article's own area is as likely."""
    fallback = context.main_area or context.national  # where a figure naming no area goes
    if mention.slug in (fallback, NATIONAL if fallback == context.national else None):
        return False
    offset = claim.sentence_start
    between = claim.sentence[max(mention.end, claim.start - WINDOW) - offset:claim.start - offset]
    return bool(_CONTRAST.search(between))


_ONLY_FIGURES = re.compile(r"[\s\d,.+\-−–%]*")
_ROW_REACH = 200  # characters from the row's name to its figure: bounded, so linear in the text


def table_row(claim: Claim, mention: AreaMention | None, text: str) -> AreaMention | None:
    """"Dyfed-Powys / 18,535 / 20,006 / -1,471 / -7.35", one cell a line: a figure alone on its line
    whose lines back to an area's name hold only figures is that area's."""
    if mention is None or claim.sentence.strip().lstrip("+-−–") != claim.text.strip() or \
            not 0 < claim.start - mention.end <= _ROW_REACH:
        return None
    between = text[mention.end:claim.start]
    return mention if "\n" in between and _ONLY_FIGURES.fullmatch(between) else None


_OPENING = re.compile(r"\s*\(\s*(?:(?:up|down)\s+(?:by\s+)?)?")


def bracketed_after(claim: Claim, mention: AreaMention | None) -> bool:
    """"followed by North Wales Police (13.7%), Dyfed-Powys Police (13%)": a bracketed figure right
    after an area's name is that area's."""
    if mention is None or not 0 < claim.start - mention.end <= 12 or mention.start < claim.sentence_start:
        return False
    offset = claim.sentence_start
    return bool(_OPENING.fullmatch(claim.sentence, mention.end - offset, claim.start - offset))


UNKNOWN_PLACE_REASON = "the figure is for a place the gazetteer does not know"


def from_the_same_place(claim: Claim, partner: tuple[Claim, Resolution], context: ArticleContext,
                         resolution: Resolution) -> None:
    """"642 sex offences were recorded in Brighton and Hove, up from 507 a year earlier": the
    figure a change is from is for the place of the figure before it, unless an area is named
    between them."""
    place = next((e for e in partner[1].evidence if e.field == "area"), None)
    if claim.role != "from" or place is None or not place.reason.startswith(UNKNOWN_PLACE_REASON):
        return
    mentions, starts = context.subjects(claim.kind)
    at = bisect.bisect_right(starts, partner[0].end)
    if at < len(mentions) and mentions[at].start < claim.start:
        return
    resolution.area = partner[1].area
    resolution.evidence = [e for e in resolution.evidence if e.field != "area"]
    resolution.note("area", place.value, f"{place.reason} (the figure it changed to)", place.confidence)


_IN_ITS_BRACKETS = re.compile(r"\s*(?:[a-z]+\s+){0,2}")


def in_its_brackets(claim: Claim, mention: AreaMention | None) -> bool:
    """"in Humberside (30 per cent nationally)": the area named inside the figure's own brackets,
    right after it."""
    if mention is None:
        return False
    at, start = claim.end - claim.sentence_start, mention.start - claim.sentence_start
    return start >= at and bool(_IN_ITS_BRACKETS.fullmatch(claim.sentence, at, start)) and \
        claim.sentence[mention.end - claim.sentence_start:].lstrip().startswith(")")
