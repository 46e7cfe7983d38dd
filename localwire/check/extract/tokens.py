"""Typed tokens: one left-to-right pass of one pattern over a sentence.

Kinds (`Token.kind`): NUM (a figure in digits, with `value` and `step`, the unit of its last digit:
"1.2 million" = 1,200,000 stated to 100,000), WORDNUM ("seven hundred and seventy-one"), FRAC
("a third", "half": `value` as (n, d)), PCT ("per cent", "%"), CUR ("£"), YEAR ("2016", "1990s"),
FY (a financial year: "2016/17", "2004-5", "13/14"; `value` is the first calendar year), DATE
("1 April 2018"), TIME ("10.30am"), PHONE ("0808 800 5000"), ORD ("3rd"), LABEL (numbers that
name things: "A38", "(2)", "1-2-1", "24/7", "PRC-3", list numbering), WORD, HYPHEN, BREAK (a clause break:
", ", "; ", " – ", brackets, and the words "while", "whereas", "but") and PUNCT.

The pattern is anchored at token starts only, so the whole pass is linear in the text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from localwire.prose.numwords import TENS, UNITS, WORD_NUMBER_PATTERN, words_to_number

NUM, WORDNUM, FRAC, PCT, CUR = "NUM", "WORDNUM", "FRAC", "PCT", "CUR"
YEAR, FY, DATE, TIME, PHONE, ORD, LABEL = "YEAR", "FY", "DATE", "TIME", "PHONE", "ORD", "LABEL"
WORD, HYPHEN, BREAK, PUNCT = "WORD", "HYPHEN", "BREAK", "PUNCT"
FIGURES = frozenset({NUM, WORDNUM})

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_SCALE = r"(?:\s*(?:million|billion|thousand|bn|m|k)(?![\w]))"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_LETTER = r"[^\W\d_]"
_DIGIT_FIRST = [
    ("PHONE", r"(?:\+44\s?\(?0?\)?\s?|(?<![\d,.])0)\d{2,4}[ \-]?\d{3,4}[ \-]?\d{3,4}(?!\w)"
              r"|(?<![\d,.])0[1-9]\d{2,3}(?:[ \-]\d{2,4}){0,3}(?!\w)"),
    ("LISTNUM", r"(?<![^\n])\(?\d{1,2}[.)](?=\s|$)"),
    ("BRACKETED", r"\(\d{1,2}\)"),
    ("DIGLABEL", r"\d(?:-\d){2,}(?!\w)"),
    ("DATE", rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b\.?(?:\s+\d{{4}})?"
             r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?!\d)"),
    ("TIME", r"\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\d{1,2}:\d{2}(?!\d)"),
    # not "West Yorkshire 2017 - 14,771 more": a figure after a dash
    ("FY", r"(?:19|20)\d{2}\s*[/\-–]\s*(?:(?:19|20)\d{2}|\d{2})(?![\w/]|,\d)"
           r"|(?:19|20)\d{2}[/\-–]\d(?![\w/])"),
    ("SHORTFY", r"(?<![\d/])\d{2}/\d{2}(?![\d/])"),
    ("YEAR", r"(?<![\d,.£$€])(?:1[89]|20)\d{2}(?:s|'s)?(?![\w/]|[.,]\d)(?!\s*(?:per\s*cent|percent|%))"),
    ("ORD", r"\d+(?:st|nd|rd|th)(?!\w)"),
    ("NUMS", r"\d+s(?!\w)"),
    ("NUM", rf"{_DIGITS}{_SCALE}?(?![\w/]|[.,]\d)"),
    ("GLUED", rf"\d+(?:\.\d+)?{_LETTER}+|\d+(?:/\d+)+|\d[\d.,]*"),
]
# Words that may start a longer token ("per cent", "a third", "seven hundred", "May 12"): only at
# these is the longer pattern tried.
_SPECIAL_WORDS = frozenset([*MONTHS.split("|"), "per", "percent", "a", "an", "half", *UNITS, *TENS[2:]])
_SPECIAL_FIRST = [
    ("MONTHDATE", rf"(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"),
    ("PCT", r"per\s*cent(?!\w)|percent(?!\w)"),
    ("FRAC", r"(?:a\s+half|half|a\s+third|a\s+quarter|a\s+fifth|two[\s\-]thirds|three[\s\-]quarters)(?!\w)"),
    ("WORDNUM", rf"(?:{WORD_NUMBER_PATTERN})(?!\w)"),
]
# Words that may stand before a figure with a hyphen and still mean a quantity: "under-18s",
# "mid-2016", "top-10", "one-in-10"; after any other word the hyphen makes a code ("reply-2",
# "PRC-3", "FOI-2017-114", "Covid-19") that names a thing.
_QUANTITY_PREFIXES = ("under|over|aged|age|ages|pre|post|mid|late|early|top|bottom|in|to|from|and|or|"
                      "than|up|down|by|per|of|the|a|an|all|some|about|around|nearly|almost|just|"
                      "plus|minus|between|last|past|next|first|only")
_LETTER_FIRST = [
    ("CODE", rf"(?!(?:{_QUANTITY_PREFIXES})-){_LETTER}+(?:-\d+)+(?![\w]|-\d|[.,]\d)"),
    ("WORD", rf"{_LETTER}+(?:[’']{_LETTER}+)*(?![^\W_])"),  # never part of a word: "recorded771"
    ("WORDDIG", rf"{_LETTER}+\d+(?:\.\d+)?(?![\w])"),
]
_OTHER = [
    ("PLUSPHONE", r"\+44\s?\(?0?\)?\s?\d{2,4}[ \-]?\d{3,4}[ \-]?\d{3,4}(?!\w)"),
    ("BRACKETED2", r"\(\d{1,2}\)"),
    ("LISTNUM2", r"(?<![^\n])\(\d{1,2}[.)](?=\s|$)"),
    ("CUR", r"[£$€]"),
    ("PCTSIGN", r"%"),
    ("DASH", r"(?<=\s)[\-–—](?=\s)|[–—]"),
    ("BRK", r"[,;:](?=\s)|[()]"),
    ("HYPHEN", r"[\-‐]"),
    ("PUNCT", r"\S"),
]


def _alternatives(pairs: list[tuple[str, str]]) -> str:
    return "|".join(rf"(?P<{name}>{pattern})" for name, pattern in pairs)


# Whitespace is passed over inside the match, and a first-character test picks the family of
# alternatives, so each token costs one attempt of the pattern.
_DIGIT_RE = re.compile(_alternatives(_DIGIT_FIRST), re.IGNORECASE)
_LETTER_RE = re.compile(_alternatives(_LETTER_FIRST), re.IGNORECASE)
_OTHER_RE = re.compile(_alternatives(_OTHER), re.IGNORECASE)
_SPECIAL = re.compile(_alternatives(_SPECIAL_FIRST), re.IGNORECASE)

def _families(pairs: list[tuple[str, str]]) -> str:
    return "|".join(f"(?:{pattern})" for _, pattern in pairs)


# One pass finds every lexeme and its family (digit, letter, other); only digits, punctuation and
# words that may start a longer token are looked at again with the named patterns.
_LEX = re.compile(rf"\s*(?:(?P<d>(?=\d)(?:{_families(_DIGIT_FIRST)}))|(?P<l>(?=[^\W\d_])(?:"
                  rf"{_families(_LETTER_FIRST)}))|(?P<o>{_families(_OTHER)}))", re.IGNORECASE)

_FRACTIONS = {"half": (1, 2), "a half": (1, 2), "a third": (1, 3), "a quarter": (1, 4),
              "a fifth": (1, 5), "two thirds": (2, 3), "two-thirds": (2, 3),
              "three quarters": (3, 4), "three-quarters": (3, 4)}
_BREAK_WORDS = frozenset({"while", "whereas", "but"})
_SCALES = {"billion": 10**9, "bn": 10**9, "million": 10**6, "m": 10**6, "thousand": 1000, "k": 1000}
_SCALE_AT_END = re.compile(r"\s*(billion|bn|million|m|thousand|k)$", re.IGNORECASE)
_WORD_DIGITS = re.compile(rf"({_LETTER}+)(\d.*)")
_DIGITS_WORD = re.compile(rf"(\d+(?:\.\d+)?)({_LETTER}+)")


class Token:
    """One token. `low` is its lower-case text; `value` and `step` for figures; `bound` is where a
    clause break cuts the sentence (-1 for other tokens)."""

    __slots__ = ("bound", "end", "kind", "low", "start", "step", "text", "value")

    def __init__(self, kind: str, start: int, end: int, text: str, value=None,
                 step: Decimal | None = None, low: str | None = None) -> None:
        self.kind, self.start, self.end, self.text = kind, start, end, text
        self.low = text.lower() if low is None else low
        self.value, self.step = value, step
        self.bound = -1

    def __repr__(self) -> str:
        return f"{self.kind}({self.text!r})"


def tokenize(text: str) -> list[Token]:
    """The tokens of `text` (a sentence), offsets into it."""
    tokens: list[Token] = []
    append = tokens.append
    taken = 0  # a longer token ("per cent", "seven hundred") may cover the next lexemes
    for match in _LEX.finditer(text):
        family = match.lastgroup
        if family is None:
            continue
        start, end = match.start(family), match.end()
        if start < taken:
            continue
        raw = text[start:end]
        if family == "l" and not raw[-1].isdigit():
            low = raw.lower()
            if low not in _SPECIAL_WORDS:
                token = Token(WORD, start, end, raw, None, None, low)
                if low in _BREAK_WORDS:
                    token.bound = start
                append(token)
                continue
            named = _SPECIAL.match(text, start) or _LETTER_RE.match(text, start)
        elif family == "l":
            named = _LETTER_RE.match(text, start)
        else:
            named = (_DIGIT_RE if family == "d" else _OTHER_RE).match(text, start)
        kind, end = named.lastgroup, named.end()
        taken = end
        raw = text[start:end]
        if kind in _SIMPLE:
            append(Token(_SIMPLE[kind], start, end, raw))
        elif kind == "WORD":
            append(Token(WORD, start, end, raw))
        else:
            _BUILDERS[kind](tokens, start, end, raw)
    return merge_split_thousands(text, tokens)


def _number(tokens: list[Token], start: int, end: int, raw: str) -> None:
    value, step = parse_digits(raw)
    tokens.append(Token(NUM, start, end, raw, value, step))


def _word_number(tokens: list[Token], start: int, end: int, raw: str) -> None:
    parsed = parse_number(raw)
    if parsed is None:
        tokens.append(Token(WORD, start, end, raw))
        return
    tokens.append(Token(WORDNUM, start, end, raw, parsed[0], parsed[1]))


def _fraction(tokens: list[Token], start: int, end: int, raw: str) -> None:
    key = re.sub(r"\s+", " ", raw.lower())
    tokens.append(Token(FRAC, start, end, raw, _FRACTIONS[key], Decimal(1)))


def _financial_year(tokens: list[Token], start: int, end: int, raw: str) -> None:
    tokens.append(Token(FY, start, end, raw, int(re.match(r"\d{4}", raw).group())))


def _short_year(tokens: list[Token], start: int, end: int, raw: str) -> None:
    """"13/14" is 2013/14 when the second year follows the first; anything else is a label."""
    first, second = int(raw[:2]), int(raw[3:])
    if (first + 1) % 100 == second:
        tokens.append(Token(FY, start, end, raw, 2000 + first if first < 70 else 1900 + first))
    else:
        tokens.append(Token(LABEL, start, end, raw))


def _year(tokens: list[Token], start: int, end: int, raw: str) -> None:
    tokens.append(Token(YEAR, start, end, raw, int(raw[:4])))


def _dash(tokens: list[Token], start: int, end: int, raw: str) -> None:
    token = Token(BREAK, start, end, raw)
    token.bound = end
    tokens.append(token)


def _bracket_or_comma(tokens: list[Token], start: int, end: int, raw: str) -> None:
    token = Token(BREAK, start, end, raw)
    token.bound = end
    tokens.append(token)


def _glued(tokens: list[Token], start: int, end: int, raw: str) -> None:
    """Digits run into letters: "771offences" is a typo (a figure and a word); "48pc" is 48 per
    cent (a newspaper's house style); "4G", "10x" and "24/7" name things."""
    match = _DIGITS_WORD.fullmatch(raw)
    if match and match.group(2) == "pc":
        cut = start + len(match.group(1))
        _number(tokens, start, cut, match.group(1))
        tokens.append(Token(PCT, cut, end, match.group(2)))
        return
    if match and len(match.group(2)) >= 3 and match.group(2).islower():
        cut = start + len(match.group(1))
        _number(tokens, start, cut, match.group(1))
        tokens.append(Token(WORD, cut, end, match.group(2)))
        return
    tokens.append(Token(LABEL, start, end, raw))


def _word_digits(tokens: list[Token], start: int, end: int, raw: str) -> None:
    """Letters run into digits: "to771" is a typo; "A38", "M25", "COVID19" name things."""
    match = _WORD_DIGITS.fullmatch(raw)
    letters = match.group(1)
    if len(letters) >= 2 and letters.islower():
        cut = start + len(letters)
        tokens.append(Token(WORD, start, cut, letters))
        _number(tokens, cut, end, match.group(2))
        return
    tokens.append(Token(LABEL, start, end, raw))


_SIMPLE = {"PHONE": PHONE, "PLUSPHONE": PHONE, "LISTNUM": LABEL, "LISTNUM2": LABEL, "BRACKETED": LABEL,
           "BRACKETED2": LABEL, "DIGLABEL": LABEL, "CODE": LABEL, "DATE": DATE, "MONTHDATE": DATE,
           "TIME": TIME, "ORD": ORD, "NUMS": LABEL, "CUR": CUR, "PCT": PCT, "PCTSIGN": PCT, "HYPHEN": HYPHEN,
           "PUNCT": PUNCT}
_BUILDERS = {"NUM": _number, "WORDNUM": _word_number, "FRAC": _fraction, "FY": _financial_year,
             "SHORTFY": _short_year, "YEAR": _year, "DASH": _dash, "BRK": _bracket_or_comma,
             "GLUED": _glued, "WORDDIG": _word_digits}

# "12, 616 fly-tipping incidents": a thousands comma typed with a space. One number only when the
# second part has exactly three digits, the first one to three, the pair is not part of a list
# ("129, 118 and 116"), not "Of those 104, 16 ..." ("a total of 56, 235" is) and a word in lower
# case follows, or it is a change's "to 8, 543)".
_NOT_BEFORE_SPLIT = frozenset({"of", "the", "those", "these", "from"})
_TOTAL_WORDS = frozenset({"total", "number", "tally"})
_NOT_AFTER_SPLIT = frozenset({"were", "was", "are", "is", "had", "have", "of", "in", "on", "at", "by",
                              "for", "from", "with", "and", "or", "to"})


def merge_split_thousands(text: str, tokens: list[Token]) -> list[Token]:
    if ", " not in text:
        return tokens
    if not any(token.kind == NUM and _is_split_thousands(text, tokens, index)
               for index, token in enumerate(tokens)):
        return tokens  # the usual case: nothing to merge (the pass below tests the same)
    merged: list[Token] = []
    index = 0
    while index < len(tokens):
        if _is_split_thousands(text, tokens, index):
            first, last = tokens[index], tokens[index + 2]
            raw = text[first.start:last.end]
            merged.append(Token(NUM, first.start, last.end, raw, *parse_digits(raw.replace(" ", ""))))
            index += 3
            continue
        merged.append(tokens[index])
        index += 1
    return merged


def _is_split_thousands(text: str, tokens: list[Token], index: int) -> bool:
    if index + 3 >= len(tokens):
        return False
    first, comma, second, after = tokens[index:index + 4]
    if not (first.kind == NUM and comma.text == "," and second.kind == NUM and (after.kind == WORD
                                                                                 or after.text == ")")):
        return False
    if not (first.text.isdigit() and len(first.text) <= 3 and second.text.isdigit()
            and len(second.text) == 3 and text[comma.end:second.start] == " "):
        return False
    before = tokens[index - 1].low if index else ""
    totalled = before == "of" and index > 1 and tokens[index - 2].low in _TOTAL_WORDS  # "a total of 56, 235"
    if index and ((before in _NOT_BEFORE_SPLIT and not totalled) or (before == "," and
                  index > 1 and tokens[index - 2].kind == NUM)):
        return False
    if after.text == ")":  # "(Up by 12 per cent to 8, 543)"
        return before == "to"
    return (text[second.end:after.start].isspace() and after.text[0].islower()
            and after.low not in _NOT_AFTER_SPLIT)


def parse_digits(raw: str) -> tuple[Decimal, Decimal]:
    """(value, step) of a figure in digits: "64,667" -> (64667, 1), "1.2 million" -> (1200000, 100000)."""
    cleaned = raw.replace(",", "").strip()
    scale = 1
    suffix = _SCALE_AT_END.search(cleaned)
    if suffix:
        scale = _SCALES[suffix.group(1).lower()]
        cleaned = cleaned[:suffix.start()].strip()
    number = Decimal(cleaned)
    exponent = number.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return number * scale, step * scale


def parse_number(text: str) -> tuple[Decimal, Decimal] | None:
    """(value, step) of a figure in digits or words; None when it is neither."""
    stripped = text.strip()
    if stripped[:1].isdigit():
        try:
            return parse_digits(stripped)
        except ArithmeticError:
            return None
    value = words_to_number(stripped.replace("‐", "-").replace("–", " "))
    if value is None:
        return None
    return value, _round_step(value) if value >= 1000 else Decimal(1)


def _round_step(value: Decimal) -> Decimal:
    step = Decimal(1)
    while value % (step * 10) == 0 and step < value:
        step *= 10
    return step


# A list's item on its own line: a bullet, or a number with a stop ("3. Northshire 71.2"; the
# stop of a line's item number ends no sentence).
_ITEM = r"(?:[-–—•*·▪]|\d{1,2}[.)])\s"
_NOT_AN_ITEMS_STOP = r"(?<!^\d\.)(?<!\n\d\.)(?<!\n\d\d\.)"
_SENTENCE_END = re.compile(rf"(?=[\"”’)\s])(?:(?<=[.!?]){_NOT_AN_ITEMS_STOP}[\"”’)]*\s+|\n\s*\n|"
                           rf"\n(?=\s*(?:[A-Z“\"‘']|{_ITEM})))")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: after . ! ? and a space, at a blank line, or at a line break
    before a capital, a quote or a list's item (each item of "- Drug offences – 1,482, down 11%"
    is a sentence of its own: a figure's breakdown is never the next item's)."""
    spans = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        if piece.strip():
            spans.append((position + len(piece) - len(piece.lstrip()), end))
        position = match.end() if match else len(text)
    return spans
