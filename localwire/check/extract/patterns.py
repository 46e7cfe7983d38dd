"""A small pattern language over typed tokens, compiled to regular expressions.

Written by hand rather than with spaCy's `Matcher`: the tokens here carry a figure's value and
precision and a financial year's start, which spaCy's tokenizer would split ("2016/17", "£50m",
"12, 616") and hold only as Python-level extensions; and the checker runs inside the writer's
self-check, where a `Doc` per story costs more than the whole check is allowed (bench/scale.py).
Each token is written as "\\0" + a one-letter kind + its lower-case text + "\\1", and each token
pattern becomes a regular expression over that string, so matching runs in the regex engine:
linear in the tokens for these patterns, whose repeats are all bounded.

A pattern is a sequence of items separated by spaces:
- `NUM`, `WORDNUM`, `FIG` (either), `FRAC`, `PCT`, `CUR`, `YEAR`, `FY`, `DATE`, `TIME`, `PHONE`,
  `ORD`, `LABEL`, `WORD`, `HYPHEN`, `BREAK`, `PUNCT`, `ANY`: a token of that kind (tokens.py); a
  lower-case word matches a token's text; `in|out|FIG` matches any of them; `LP`, `RP`, `COMMA`,
  `COLON`, `DOT` and `DASH` stand for "(", ")", ",", ":", "." and a dash.
- `name:item` or `name:( ... )` captures the token(s) matched.
- `item?` optional; `item{0,3}` repeated (greedy); `item{0,3}?` as few as will do.
- `( a b / c )` a group of alternatives (sequences separated by `/`).
- `!item`: the next token must not match (takes no token); at the end of a pattern, `&( ... )`
  must follow and `!( ... )` must not; `<!item` at the start: the token before must not match.
- `@NAME` expands a macro (rules.py's `MACROS`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from localwire.check.extract.tokens import Token

CODES = {"NUM": "N", "WORDNUM": "W", "FRAC": "F", "PCT": "%", "CUR": "$", "YEAR": "Y", "FY": "y",
         "DATE": "D", "TIME": "T", "PHONE": "P", "ORD": "O", "LABEL": "L", "WORD": "w", "HYPHEN": "-",
         "BREAK": "b", "PUNCT": "p"}
_PUNCTUATION = {"LP": ("(",), "RP": (")",), "COMMA": (",",), "COLON": (":",), "DOT": (".",),
                "DASH": ("–", "—", "-")}
_PART = re.compile(r"&\(|!\(|<!|[()/]|[^\s()/]+")
_QUANTIFIER = re.compile(r"\?|\{\d+,\d+\}\??")
_ITEM = re.compile(r"^(?:(\w+):)?(.+?)(\?|\{\d+,\d+\}\??)?$")
_UNSAFE = str.maketrans({"\0": " ", "\1": " "})
Captures = dict[str, tuple[int, int]]  # name -> (first token index, end token index)


@dataclass(frozen=True)
class Pattern:
    source: str
    regex: re.Pattern[str]
    # what the first token may be ("N" a kind's code, "w:in" a word); None: anything
    starts: frozenset[str] | None = None
    # every match has a token from each of these sets (the items that cannot be left out)
    requires: tuple[frozenset[str], ...] = ()

    def may_match(self, present: set[str]) -> bool:
        """False when the sentence lacks a token every match needs (`Encoded.present`)."""
        if self.starts is not None and self.starts.isdisjoint(present):
            return False
        for need in self.requires:  # noqa: SIM110 (a loop: cheaper than a generator, called per pattern)
            if need.isdisjoint(present):
                return False
        return True


class _Part:
    """A compiled piece of a pattern: its regex, the tokens it can start with, and whether it
    can match no token at all."""

    __slots__ = ("nullable", "regex", "requires", "starts")

    def __init__(self, regex: str, starts: frozenset[str] | None, nullable: bool,
                 requires: tuple[frozenset[str], ...] = ()) -> None:
        self.regex, self.starts, self.nullable = regex, starts, nullable
        self.requires = requires


def _then(parts: list[_Part]) -> _Part:
    starts: set[str] | None = set()
    for part in parts:
        if part.starts is None:
            starts = None
        elif starts is not None:
            starts |= part.starts
        if not part.nullable:
            break
    requires = tuple(need for p in parts if not p.nullable for need in p.requires)
    return _Part("".join(p.regex for p in parts), None if starts is None else frozenset(starts),
                 all(p.nullable for p in parts), requires)


def _either(parts: list[_Part]) -> _Part:
    starts = None if any(p.starts is None for p in parts) else frozenset().union(*(p.starts for p in parts))
    nullable = any(p.nullable for p in parts)
    requires = (starts,) if starts is not None and not nullable else ()
    return _Part("|".join(p.regex for p in parts), starts, nullable, requires)


_PIECES: dict[tuple[str, str], tuple[str, str, str]] = {}  # (kind, low) -> (piece, code, "w:" + low)
_MAX_PIECES = 1 << 16


def _piece(kind: str, low: str) -> tuple[str, str, str]:
    if len(_PIECES) >= _MAX_PIECES:  # a long paste of distinct figures: start again, stay bounded
        _PIECES.clear()
    code = CODES[kind]
    found = _PIECES[kind, low] = (f"\0{code}{low.translate(_UNSAFE)}\1", code, "w:" + low)
    return found


class Encoded:
    """A sentence's tokens as one string, with the way back from offsets to token indices."""

    __slots__ = ("index_at", "present", "starts", "text", "tokens")

    def __init__(self, tokens: list[Token]) -> None:
        pieces_of = _PIECES
        found = [pieces_of.get((t.kind, t.low)) or _piece(t.kind, t.low) for t in tokens]
        offsets = [0, *itertools.accumulate(len(f[0]) for f in found)]  # one more: the end
        self.tokens, self.starts, self.text = tokens, offsets[:-1], "".join([f[0] for f in found])
        self.index_at = dict(zip(offsets, range(len(offsets)), strict=True))
        self.present = {f[1] for f in found} | {f[2] for f in found}

    def captures(self, match: re.Match[str]) -> Captures:
        index_at = self.index_at
        found = {}
        for name in match.re.groupindex:
            start, end = match.span(name)
            if end > start:  # an optional item left out (or matching nothing): none
                found[name] = (index_at[start], index_at[end])
        return found


def compile_pattern(source: str, macros: dict[str, str]) -> Pattern:
    text = source
    for _ in range(5):  # macros may use macros
        text = re.sub(r"@([A-Z_]+)", lambda m: f"( {macros[m.group(1)]} )", text)
    parts = _PART.findall(text)
    head = ""
    if parts and parts[0] == "<!":
        head = "".join(f"(?<!\0{code}{re.escape(word)}\1)" for word in parts[1].split("|")
                       for code in ("w", "W"))
        parts = parts[2:]
    body, index = _sequence(parts, 0)
    tail, ahead = "", ()
    while index < len(parts):
        opener = parts[index]
        if opener not in ("&(", "!("):
            raise ValueError(f"pattern {source!r}: unexpected {opener!r}")
        group, index = _group(parts, index + 1)
        tail += f"(?={group.regex})" if opener == "&(" else f"(?!{group.regex})"
        if opener == "&(" and not group.nullable and group.starts is not None:
            ahead += (group.starts,)
    requires = tuple(sorted(set(body.requires + ahead), key=_selectivity))
    return Pattern(source, re.compile(head + body.regex + tail, re.DOTALL),
                   None if body.nullable else body.starts, requires)


def _selectivity(need: frozenset[str]) -> tuple[int, int]:
    """Rare tests first: sets of words before sets holding a kind (every sentence has words)."""
    return (sum(1 for item in need if not item.startswith("w:")), len(need))


def _sequence(parts: list[str], index: int) -> tuple[_Part, int]:
    pieces: list[_Part] = []
    while index < len(parts) and parts[index] not in (")", "/", "&(", "!("):
        part = parts[index]
        if part.startswith("!") and len(part) > 1:
            pieces.append(_Part(f"(?!{_spec(part[1:]).regex})", frozenset(), True))
            index += 1
            continue
        capture = None
        if part.endswith(":") and index + 1 < len(parts) and parts[index + 1] == "(":
            capture, part, index = part[:-1], "(", index + 1
        if part == "(":
            group, index = _group(parts, index + 1)
            quantifier = ""
            if index < len(parts) and _QUANTIFIER.fullmatch(parts[index]):
                quantifier, index = parts[index], index + 1
            pieces.append(_wrap(group, capture, quantifier))
            continue
        pieces.append(_item(part))
        index += 1
    return _then(pieces), index


def _group(parts: list[str], index: int) -> tuple[_Part, int]:
    """Up to the matching ")": the alternatives as one regex."""
    alternatives = []
    while True:
        body, index = _sequence(parts, index)
        alternatives.append(body)
        if index >= len(parts):
            raise ValueError("unclosed group in pattern")
        if parts[index] == "/":
            index += 1
            continue
        if parts[index] == ")":
            return _either(alternatives), index + 1
        raise ValueError(f"unexpected {parts[index]!r} in group")


def _wrap(body: _Part, capture: str | None, quantifier: str) -> _Part:
    regex = f"(?:{body.regex}){quantifier}"
    if capture:
        regex = f"(?P<{capture}>{regex})"
    nullable = body.nullable or quantifier.startswith(("?", "{0,"))
    return _Part(regex, body.starts, nullable, () if nullable else body.requires)


def _item(part: str) -> _Part:
    capture, body, quantifier = _ITEM.match(part).groups()
    return _wrap(_spec(body), capture, quantifier or "")


def _spec(body: str) -> _Part:
    """One token test as a regex: "\\0" + kind + text + "\\1"."""
    codes, words = set(), set()
    for option in body.split("|"):
        if option == "ANY":
            return _Part("\0[^\1]*\1", None, False)
        if option == "FIG":
            codes |= {"N", "W"}
        elif option in CODES:
            codes.add(CODES[option])
        elif option in _PUNCTUATION:
            words.update(_PUNCTUATION[option])
        else:
            words.add(option.lower())
    options = [f"[{''.join(sorted(codes))}][^\1]*"] if codes else []
    if words:
        options.append("." + "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                       + ")")
    starts = frozenset(codes | {"w:" + w for w in words})
    return _Part("\0(?:" + "|".join(options) + ")\1", starts, False, (starts,))


class PatternIndex:
    """Patterns in a fixed order, found by the tokens a sentence has: each pattern is filed under
    its rarest needed set (`Pattern.requires`, else what it starts with), so a sentence tries only
    those whose set it meets, in their order, instead of testing every pattern's `may_match`."""

    def __init__(self, entries: list[tuple[object, Pattern]]) -> None:
        self.entries = entries
        self._always = 0  # patterns with nothing to file them under: tried on every sentence
        self._by_item: dict[str, int] = {}  # item -> a bit per pattern filed under it
        for position, (_, pattern) in enumerate(entries):
            gate = pattern.requires[0] if pattern.requires else pattern.starts
            if gate is None:
                self._always |= 1 << position
                continue
            for item in gate:
                self._by_item[item] = self._by_item.get(item, 0) | 1 << position

    def candidates(self, present: set[str]) -> list[tuple[object, Pattern]]:
        """The entries whose patterns pass `may_match` for `present`, in their order."""
        by_item = self._by_item
        mask = self._always
        for item in present:
            bits = by_item.get(item)
            if bits is not None:
                mask |= bits
        entries, found = self.entries, []
        while mask:
            low = mask & -mask
            entry = entries[low.bit_length() - 1]
            if entry[1].may_match(present):
                found.append(entry)
            mask ^= low
        return found


def find_all(pattern: Pattern, encoded: Encoded) -> Iterator[tuple[int, int, Captures]]:
    """(first token, end token, captures) of each match, left to right, not overlapping."""
    if not pattern.may_match(encoded.present):
        return
    yield from matches_of(pattern, encoded)


def matches_of(pattern: Pattern, encoded: Encoded) -> Iterator[tuple[int, int, Captures]]:
    """`find_all` for a pattern already known to pass `may_match`."""
    for match in pattern.regex.finditer(encoded.text):
        if match.end() > match.start():
            yield encoded.index_at[match.start()], encoded.index_at[match.end()], encoded.captures(match)


def match_at(pattern: Pattern, encoded: Encoded, index: int) -> tuple[int, Captures] | None:
    """The end and captures of a match starting at token `index`, or None."""
    if index >= len(encoded.tokens):
        return None
    match = pattern.regex.match(encoded.text, encoded.starts[index])
    if match is None or match.end() == match.start():
        return None
    return encoded.index_at[match.end()], encoded.captures(match)
