"""Attribute steps: small passes over a sentence's draft claims, each setting one thing.

hedge ("more than 37,600"), role and direction ("a drop from 514", "up 16 per cent"), a count that
is a change ("2,751 more"), a rate ("85 a day", "179 per 100,000 people", and figures listed with
one), the noun a figure counts, a later percentage that is a change too ("robbery by 16%"), the
value of a record ("a record 570"). Every step looks at a bounded window of tokens or characters
around its claim, so a sentence of any length is worked through in linear time.
"""

from __future__ import annotations

import bisect
import re
from itertools import pairwise

from localwire.check.extract.claims import Draft
from localwire.check.extract.patterns import Encoded, compile_pattern, match_at
from localwire.check.extract.rules import MACROS
from localwire.check.extract.tokens import DATE, FIGURES, PHONE, TIME, YEAR, Token
from localwire.check.words import CHANGE_NOUN

HEDGES = {
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "more than": "more than", "over": "more than", "just over": "more than",
    "in excess of": "more than", "upwards of": "more than",
    "at least": "at least", "fewer than": "less than", "less than": "less than",
    "under": "less than", "below": "less than", "up to": "at most",
    "around": "around", "about": "around", "approximately": "around", "roughly": "around",
    "some": "around", "an estimated": "around", "almost exactly": None,
}
_HEDGE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
                       + r")\s+$", re.IGNORECASE)
RISE_WORDS = frozenset({
    "rise", "rises", "rose", "risen", "rising", "up", "increase", "increased", "increases",
    "increasing", "grew", "grown", "growth", "jump", "jumped", "jumps", "climbed", "climb", "climbs",
    "soared", "soar", "soars", "soaring", "rocketed", "rockets", "spiked", "spike", "surge", "surged",
    "surges", "leapt", "leaped", "leap", "hike", "hikes", "hiked", "higher", "more"})
FALL_WORDS = frozenset({
    "fall", "falls", "fell", "fallen", "falling", "down", "drop", "dropped", "drops", "decrease",
    "decreased", "decline", "declined", "reduction", "reduced", "cut", "lower", "fewer", "dip",
    "dipped", "dips", "slump", "slumped", "slumps", "plummeted", "plummets", "plunge", "plunged",
    "plunges", "tumbled", "tumbles", "dive", "dived", "dives", "decreases", "declines", "reductions"})
_MAKE = frozenset({"made", "make", "makes", "making"})
_DIRECTION_VERBS = (RISE_WORDS | FALL_WORDS) - {"more", "fewer", "higher", "lower"}
# "was also up, by 25 per cent", "has gone up in our county by 19 per cent", "an increase, this
# time by a massive 20%": a direction word, then "by" and the figure, no figure between
_DIRECTION_THEN_BY = re.compile(
    rf"\b(?P<word>{'|'.join(sorted(_DIRECTION_VERBS, key=len, reverse=True))})\b[^\d;:()–—.]{{0,40}}?"
    r"(?:\b(?P<before>[a-z]+))?\s+by\s+(?:a\s+)?(?:massive|whopping|huge|staggering|significant|further|"
    r"another|some)?\s*$", re.IGNORECASE)


def _direction_then_by(body: str, start: int) -> re.Match[str] | None:
    """Not "accompanied by a 20% rise", "driven by": a verb of another kind right before "by" makes
    the figure what did it, not the size of the change."""
    low = max(0, start - 70)
    if "by" not in body[low:start].lower():  # the pattern's "by" (a quick test: most windows lack it)
        return None
    found = _DIRECTION_THEN_BY.search(body, low, start)
    before = (found.group("before") or "").lower() if found else ""
    if found and before.endswith("ed") and before not in _DIRECTION_VERBS:
        return None
    return found


_RATE_UNITS = {"day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month",
               "monthly": "month", "hour": "hour", "year": "year"}
_REFERENCE_BEFORE = re.compile(r"(?:\bthan\s+the|\bcompared\s+(?:with|to)(?:\s+the)?|\b(?:double|twice|"
                               r"treble|triple|half)\s+the|(?:per\s*cent|%|\brise|\bincrease|\bfall|"
                               r"\bdrop|\bdecrease)\s+on\s+the)\s+$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
# "decreases in gun crime for this period of 12.8%", "the reduction in crime nationally was 4.4 per
# cent": the change noun before the figure gives its direction
_CHANGE_IN_BEFORE_OF = re.compile(rf"\b({CHANGE_NOUN})\s+(?:in\s+(?:[A-Za-z’'\-]+\s+){{1,6}}?of|"
                                  r"(?:in\s+)?(?:[A-Za-z’'\-]+\s+){0,5}?(?:was|is|were|stood\s+at)(?:\s+by)?)\s+$",
                                  re.IGNORECASE)
# "an increase of 110 (14.91 per cent)", "down slightly (by 3%)": the words before the brackets
_BRACKETED = re.compile(r"(?:\d[\d,.]*\s*)?\(\s*(?:by\s+)?$", re.IGNORECASE)
_FIGURE_OR_BREAK = re.compile(r"\d|[,;:–—()]")
_UP_TO_LAST_FIGURE_OR_BREAK = re.compile(rf".*(?:{_FIGURE_OR_BREAK.pattern})", re.DOTALL)  # one match
_TRANSPARENT = frozenset({"a", "an", "record", "new", "total", "of", "the", "some", "just"})
# "up on 59,384" (the base compared with), "up with 1,907 cases" (the level), "the largest increase
# of the four forces" (a count of something else): a word between the direction and the figure
# that makes the figure no size of the change.
_BASE_LINKS = frozenset({"on", "against", "compared", "than"})
_UNLINKING = _BASE_LINKS | {"among", "amongst", "across"}
_SUPERLATIVES = frozenset({"largest", "biggest", "highest", "greatest", "smallest", "lowest", "steepest"})
_NOUN_STOP = frozenset({
    "in", "on", "at", "to", "from", "of", "by", "for", "with", "and", "or", "but", "the", "a", "an",
    "last", "this", "that", "these", "those", "previous", "per", "was", "were", "is", "are", "be",
    "been", "had", "has", "have", "which", "who", "where", "when", "while", "than", "since",
    "compared", "against", "across", "over", "under", "according", "recorded", "reported", "more",
    "fewer", "less", "cent", "percent", "year", "years", "every", "each", "total", "overall",
    "altogether", "between", "during", "it", "they", "them", "up", "down", "as", "there", "so",
    "then", "after", "before", "its", "their", "alone", "new", "further", "separate", "other", "such",
    "offences’", "said", "says"})
_ED_NOUNS = frozenset({
    "need", "bed", "speed", "seed", "feed", "building", "meeting", "hearing", "sibling", "offspring",
    "ring", "king", "thing", "things", "wedding", "beating", "shooting", "stabbing", "grooming",
    "stalking", "killing", "killings", "shootings", "stabbings", "sexting", "upskirting", "beatings",
    "hearings", "buildings", "meetings", "siblings"})
_SKIP_BEFORE_NOUN = re.compile(r"\s*(?:of\s+(?:these|those|them|the|which|all)\s+|more\s+|further\s+|"
                               r"new\s+|separate\s+|recorded\s+|reported\s+|other\s+|individual\s+)*",
                               re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b")
_PER_BASE_CUES = ("per 1", "every 1", "per head", "per one", "per ten", "per a ", "every one", "every ten")
# any of them in a text, in one pass (as `any(cue in text ...)`, which scanned the text once per cue)
_PER_BASE_CUE = re.compile("|".join(re.escape(cue) for cue in _PER_BASE_CUES))
_PER_POPULATION = compile_pattern("( WORD / WORD HYPHEN WORD ){0,4}? ( per / for every / in every ) "
                                  "base:FIG ( of the? )? @POP", MACROS)
_MORE = frozenset({"more", "fewer", "extra", "additional"})
_STOPS = FIGURES | {YEAR, DATE, TIME, PHONE}  # what ends "the words up to the next number"
_RATE_WORDS = frozenset({"every", "each", "a", "per", "an"})
_CHANGE_RULES = frozenset({"figure", "percent"})


class Sentence:
    """A sentence's text and tokens, with the index of the next number after each token."""

    def __init__(self, body: str, tokens: list[Token]) -> None:
        self.body, self.tokens = body, tokens
        self.encoded = Encoded(tokens)
        count = len(tokens)
        next_number = [count] * (count + 1)
        following = count  # the first stop after the token being looked at
        for index in range(count - 1, 0, -1):
            if tokens[index].kind in _STOPS:
                following = index
            next_number[index - 1] = following
        self.next_number = next_number


def hedge(sentence: Sentence, draft: Draft) -> None:
    """"more than 37,600", "almost one in 10": the hedge word joins the claim."""
    window_start = max(0, draft.start - 25)
    found = _HEDGE_RE.search(sentence.body, window_start, draft.start)
    if found:  # "almost exactly" joins the claim but is no hedge
        draft.attrs["hedge"] = HEDGES[found.group(1).lower()]
        draft.start = found.start()


def left_words(body: str, end: int) -> list[str]:
    """Up to four words before `end`, back to the previous figure or clause break."""
    window = body[max(0, end - 40):end]
    last = _UP_TO_LAST_FIGURE_OR_BREAK.match(window)  # where the last figure or break ends
    cut = last.end() if last else 0
    return [w.lower() for w in _WORD.findall(window[cut:])][-4:]


def direction_of(words: list[str]) -> str | None:
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word == "up" and index and words[index - 1] in _MAKE:
            continue  # "Robberies made up 18,462 or 42% of offences": a part, no rise
        if word in RISE_WORDS:
            return "rise"
        if word in FALL_WORDS:
            return "fall"
    return None


def _unlinked_from_direction(words: list[str], kind: str) -> str | None:
    """"base" when the figure is what a change is measured on ("up on 59,384"), "other" when a word
    between the direction word and the figure shows it is not the change's size ("up with 1,907
    cases", not "an increase with 35 per cent"; "the largest increase of the four forces"), else None."""
    last = max((i for i, word in enumerate(words) if word in RISE_WORDS | FALL_WORDS), default=None)
    if last is None:
        return None
    between = words[last + 1:]
    if any(word in _BASE_LINKS for word in between):
        return "base"
    superlative = last > 0 and words[last - 1] in _SUPERLATIVES
    if any(word in _UNLINKING for word in between) or (kind == "count" and "with" in between) or \
            (superlative and between[-2:] == ["of", "the"]):
        return "other"
    return None


def _before_brackets(body: str, bracketed: re.Match) -> list[str]:
    """"an increase of 110 (14.91 per cent)": the words before the figure; "down slightly (by 3%)":
    the direction word right before the brackets (not "more than two-thirds (71%)")."""
    words = left_words(body, bracketed.start())
    if bracketed.group()[:1].isdigit():
        return [] if words[-1:] == ["to"] else words  # "rose to 848 (12 per cent of all crime)"
    while words and words[-1].endswith("ly"):
        words.pop()
    return words if words and words[-1] in _DIRECTION_VERBS else []


def role_and_direction(sentence: Sentence, draft: Draft) -> None:
    """"a drop from 514" (role from), "rose to 771" (role to), "5% lower than the 51,228" (the
    figure compared with), "up 16 per cent" (a change), "rose 15%"."""
    if draft.rule not in _CHANGE_RULES:
        if draft.kind in ("money",):
            after = _WORD.findall(sentence.body[draft.end:draft.end + 20])
            draft.attrs["direction"] = direction_of(left_words(sentence.body, draft.start)) or \
                direction_of([after[0].lower()] if after else [])
        return
    body = sentence.body
    words = left_words(body, draft.start)
    bracketed = _BRACKETED.search(body, max(0, draft.start - 20), draft.start)
    if bracketed and words in ([], ["by"]):  # the per cent of the change just before: its words
        words = _before_brackets(body, bracketed)
    unlinked = _unlinked_from_direction(words, draft.kind)
    while words and words[-1] in _TRANSPARENT:
        words.pop()
    last = words[-1] if words else ""
    role = "current"
    if _REFERENCE_BEFORE.search(body, max(0, draft.start - 30), draft.start) or unlinked == "base":
        role, words = "from", []
    elif unlinked:
        words = []
    elif last == "from":
        role = "from"
    elif last == "to" and draft.kind == "count":
        role = "to"
    right = _WORD.findall(body[draft.end:draft.end + 30])
    if not direction_of(words):  # "decreases in gun crime for this period of 12.8%"
        noun = _CHANGE_IN_BEFORE_OF.search(body, max(0, draft.start - 80), draft.start) or \
            _direction_then_by(body, draft.start)
        words = [noun.group(1).lower()] if noun else words
    direction = direction_of(words) or (direction_of([right[0].lower()] if right else [])
                                        if draft.kind == "percent" else None)
    draft.attrs["role"] = role
    if direction and role == "current":
        draft.attrs["direction"] = direction
        draft.kind = "pct_change" if draft.kind == "percent" else "change"
    elif direction or role != "current":
        draft.attrs["direction"] = direction_of(words)


def count_details(sentence: Sentence, draft: Draft) -> None:
    """A count may be a change ("2,751 more"), a rate ("85 a day", "179 per 100,000 people");
    counts and percentages name what they count."""
    if draft.rule not in _CHANGE_RULES:
        return
    tokens, body = sentence.tokens, sentence.body
    after_index = draft.last + 1
    if draft.kind == "count" and draft.attrs.get("role") == "current":
        more = _more_after(tokens, after_index, body, draft.end)
        if more is None and draft.first >= 2 and tokens[draft.first - 1].low in ("additional", "extra") \
                and tokens[draft.first - 2].low in ("an", "a"):
            more = ("more", after_index)  # "an additional 21,593 offences": 21,593 more
        if more:
            draft.kind, draft.attrs["direction"] = "change", "fall" if more[0] == "fewer" else "rise"
            after_index = more[1]
    cut = tokens[after_index - 1].end if after_index > draft.last + 1 else draft.end
    after = body[cut:cut + 250]
    if draft.kind == "count" and _PER_BASE_CUE.search(after[:60].lower()):
        found = match_at(_PER_POPULATION, sentence.encoded, after_index)
        if found:
            base_token = tokens[found[1]["base"][0]]
            make_rate(draft, int(base_token.value or 0))
            draft.attrs["noun"] = noun_after(after)
            return
    if draft.kind == "count":
        unit = _rate_unit(sentence, after_index)
        if unit:
            draft.kind, draft.attrs["unit"] = "rate", unit
    if draft.kind in ("count", "rate", "percent"):
        draft.attrs["noun"] = noun_after(after)


def _more_after(tokens: list[Token], index: int, body: str, end: int) -> tuple[str, int] | None:
    """"458,021 more offences" or "2,751 offences more than the 48,150"."""
    if index < len(tokens) and tokens[index].low in _MORE:
        return tokens[index].low, index + 1
    if "than" not in body[end:end + 60]:
        return None
    for offset in range(1, 4):
        at = index + offset
        words = tokens[index:at]
        if at + 1 >= len(tokens) or any(t.kind != "WORD" or (t.low.endswith(("ed", "ing"))) for t in words):
            return None
        if tokens[at].low in ("more", "fewer") and tokens[at + 1].low == "than":
            return tokens[at].low, index
    return None


def _rate_unit(sentence: Sentence, index: int) -> str | None:
    """"85 a day", "seven offences each day", "10 times a day", "daily": up to the next number, or
    the first clause break when that is not a comma."""
    tokens = sentence.tokens
    stop = sentence.next_number[index - 1] if index else sentence.next_number[0]
    seen_break = False
    for at in range(index, stop):
        token = tokens[at]
        if token.bound >= 0 and not seen_break:  # only the first clause break counts
            if token.text != ",":
                break
            seen_break = True
            continue
        if token.low in ("daily", "weekly", "monthly"):
            return _RATE_UNITS[token.low]
        if token.low in _RATE_WORDS and at + 1 < stop and tokens[at + 1].low in ("day", "week", "month",
                                                                               "hour"):
            return _RATE_UNITS[tokens[at + 1].low]
    return None


def make_rate(draft: Draft, base: int) -> None:
    draft.kind = "rate"
    draft.attrs["base"], draft.attrs["unit"] = base, f"per {base:,}"


# a noun ends at a clause mark or the next figure: "63 murders, nearly 40,000 burglaries"
_NOUN_END = re.compile(r"[,;:()\[\]–—.!?\d]")


def noun_after(after: str) -> str | None:
    """The words right after a figure when they name what it counts ("sex crimes"); None if bare."""
    window = after[:200]
    rest = window[_SKIP_BEFORE_NOUN.match(window).end():]
    words = []
    for word in _WORD.findall(_NOUN_END.split(rest[:60], 1)[0]):
        lower = word.lower()
        if (lower in _NOUN_STOP or lower in RISE_WORDS or lower in FALL_WORDS
                or (lower.endswith(("ed", "ing")) and len(lower) > 4 and words)
                or (lower.endswith(("ed", "ing")) and not words and lower not in _ED_NOUNS)):
            break
        words.append(lower)
        if len(words) == 4:
            break
    if not words or not rest.lstrip()[:1].isalpha():
        return None
    return " ".join(words)


def is_pronoun(after: str) -> bool:
    """After "one", "a" or "an": "one of the", "no one", "one another" are not figures."""
    window = after[:200]
    if _OF_AFTER.match(window):
        return True
    rest = window[_SKIP_BEFORE_NOUN.match(window).end():]
    first = (_WORD.findall(rest[:20]) or [""])[0].lower()
    return not first or first in _NOUN_STOP or first in ("one", "another", "person")


def share_as_change(sentence: Sentence, draft: Draft) -> None:
    """"risen by a third": a fraction after a direction word is a change, not a share."""
    if draft.kind == "share" and draft.attrs.get("fraction_words"):
        direction = direction_of(left_words(sentence.body, draft.start))
        if direction:
            draft.kind, draft.attrs["direction"] = "pct_change", direction
            draft.attrs["fraction"] = (draft.attrs["n"], draft.attrs["d"])


def carry_changes(sentence: Sentence, drafts: list[Draft]) -> None:
    """"up by 18%, robbery by 16% and sex offences by 14%": later bare percentages are changes too;
    "up 30 and 50 per cent": the first figure shares the second's "per cent"."""
    for previous, draft in pairwise(drafts):
        if previous.kind == "change" and draft.kind in ("percent", "pct_change") and \
                previous.attrs.get("role") == "current" and previous.attrs.get("noun") is None and \
                _SHARED_PERCENT.fullmatch(sentence.body[previous.end:draft.start]) and \
                not _OF_AFTER_PERCENT.match(sentence.body, draft.end):
            previous.kind = "pct_change"
    for index, draft in enumerate(drafts):
        if draft.kind == "percent" and (average := _AVERAGE_CHANGE.search(
                sentence.body, max(0, draft.start - 70), draft.start)):
            before, word = (drafts[index - 1] if index else None), average.group("word")
            if word:  # "the average increase ... of": its own direction ("the average rate of": none)
                direction = direction_of([word.lower()])
            else:  # "the national average of", after a change: the average change
                direction = before.attrs.get("direction") if before and before.kind == "pct_change" else None
            if direction:
                draft.kind, draft.attrs["direction"] = "pct_change", direction
    for index, draft in enumerate(drafts[1:], start=1):
        previous = drafts[index - 1]
        if previous.attrs.get("role") == "to" and index > 1:  # "up 25 per cent to 383 in Norfolk and
            previous = drafts[index - 2]  # 21 per cent to 294": the change before its "to" figure
        if draft.kind != "percent" or previous.kind != "pct_change":
            continue
        words = left_words(sentence.body, draft.start)
        # "a 14% rise ..., followed by North Wales Police (13.7%), Dyfed-Powys Police (13%)"
        listed = _alone_in_brackets(sentence.body, previous) or \
            "followed by" in sentence.body[previous.end:draft.start]
        ranked = listed and _alone_in_brackets(sentence.body, draft)
        if (words and words[-1] in ("by", "and", "or")) or ranked:
            draft.kind, draft.attrs["direction"] = "pct_change", previous.attrs.get("direction")


# "the average increase across England and Wales of eight per cent"; after a change, "compared to
# the national average of 7.1 per cent" (the average change)
_AVERAGE_CHANGE = re.compile(r"\baverage\s+(?:(?P<word>[a-z]+)\s+)?(?:[A-Za-z]+\s+){0,5}?of\s+$",
                             re.IGNORECASE)
_SHARED_PERCENT = re.compile(r"\s+and\s+")
_OF_AFTER_PERCENT = re.compile(r"\s+of\b")  # "rose by 123 and 15 per cent of them": a share of it


def _alone_in_brackets(body: str, draft: Draft) -> bool:
    return body[:draft.start].rstrip().endswith("(") and body[draft.end:].lstrip().startswith(")")


def carry_rate_base(sentence: Sentence, drafts: list[Draft], mentions: list[tuple[int, int]]) -> None:
    """"129, 118 and 116 offences per 100,000 people"; "the rate ... per 1,000 residents was 80 –
    below the average of 82": bare figures listed with, or after, a rate per population are rates."""
    bases = [(d.start, d.attrs["base"]) for d in drafts if d.attrs.get("base")]
    if not bases and not _PER_BASE_CUE.search(sentence.body):
        return
    bases = sorted(bases + mentions)
    if not bases:
        return
    for index in range(len(drafts) - 1, 0, -1):
        draft, before = drafts[index], drafts[index - 1]
        if draft.attrs.get("base") and _bare(before) and re.fullmatch(
                r"\s*(?:,|,?\s*and|,?\s*or)\s*", sentence.body[before.end:draft.start]):
            make_rate(before, draft.attrs["base"])
    starts = [start for start, _ in bases]
    for draft in drafts:
        at = bisect.bisect_left(starts, draft.start)
        if at and _bare(draft):
            make_rate(draft, bases[at - 1][1])


def _bare(draft: Draft) -> bool:
    return draft.kind == "count" and not draft.attrs.get("base") and draft.attrs.get("noun") is None
