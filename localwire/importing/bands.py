"""Age bands as forces write them ("0-5", "11 and under", "aged 16-17", "unknown age") and the
bands a dataset compares: `parse_band` reads a band's key or label, `target_bands` the
dataset's. The harmoniser (`importing.harmonise`) derives the targets from the reported bands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from localwire.model.config import DatasetConfig
from localwire.prose.numwords import words_to_number

_AGE_WORDS = {"age", "aged", "ages", "year", "years", "yr", "yrs", "old", "victim", "victims"}
UNKNOWN_AGE = "unknown"
_UNKNOWN_WORDS = {"unknown", "not", "known", "recorded", "stated", "given"}
MAX_AGE = 120
_UNDER = ("under", "below", "younger")
_OVER = ("over", "older", "above")


@dataclass(frozen=True, order=True)
class AgeBand:
    """Ages `low` to `high` inclusive; `high` None means no upper limit."""

    low: int
    high: int | None

    @property
    def end(self) -> float:
        """One past the oldest age (infinite without an upper limit)."""
        return math.inf if self.high is None else self.high + 1

    def contains(self, other: AgeBand) -> bool:
        return self.low <= other.low and other.end <= self.end

    def overlaps(self, other: AgeBand) -> bool:
        return self.low < other.end and other.low < self.end

    @property
    def label(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"


def parse_band(text: str, *, age_min: int = 0,
               age_limit: int | None = None) -> AgeBand | Literal["unknown"] | None:
    """Read an age band from a breakdown key or a column label.

    Returns an `AgeBand`, `UNKNOWN_AGE` for an unknown-age count, or None when the text is not
    an age band (e.g. `online_flagged`, `""`). Case, `_`, `-`, `/` and spaces are all separators;
    `+` reads as "plus", `&` as "and"; the words age, aged, ages, years, yrs, old, victim(s) are
    ignored; a number may be in figures or words ("four"). Accepted shapes (N, M numbers):

    | spelling | band |
    |---|---|
    | `age_0_5`, `aged_0_5`, `0-5`, `0 to 5`, `0-5 years` | 0-5 |
    | `aged_11`, `11` | 11-11 |
    | `aged_11_and_under`, `11 or under`, `11 and younger`, `up to 11` | age_min-11 |
    | `aged_under_13`, `under 13`, `below 13`, `younger than 13`, `less than 13` | age_min-12 |
    | `aged_16_and_over`, `16 or over`, `16 and older`, `16+`, `16 plus` | 16-age_limit |
    | `over 15`, `older than 15` | 16-age_limit |
    | `age_unknown`, `unknown age`, `unknown`, `age not known`, `not recorded` | unknown |

    `age_limit` is the oldest age the dataset counts (17 for under-18s); without one, an open
    band ("16 and over") has no upper limit. A text is an age band only if, once the age words
    are dropped, exactly one of these shapes is left: `code_17b`, `violence_1_2` or
    `online_flagged` are not age bands, nor is a number above `MAX_AGE` (a year such as 2016).
    """
    words = band_words(text)
    rest = [w for w in words if w not in _AGE_WORDS]
    if not rest:
        return None
    if set(rest) <= _UNKNOWN_WORDS and ("unknown" in rest or "not" in rest):
        return UNKNOWN_AGE
    band = _shape(rest, age_min, age_limit)
    if band is None or band.low > MAX_AGE or (band.high or 0) > MAX_AGE:
        return None
    return band


def band_words(text: str) -> list[str]:
    text = str(text).lower().replace("+", " plus ").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).split()


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in ("a", "an", "and"):
        return None
    number = words_to_number(word)
    return int(number) if number is not None and number == int(number) else None


def _shape(words: list[str], age_min: int, age_limit: int | None) -> AgeBand | None:
    numbers = [_number(w) for w in words]
    if not any(n is not None for n in numbers) or sum(n is not None for n in numbers) > 2:
        return None
    pattern = " ".join("N" if n is not None else w for w, n in zip(words, numbers, strict=True))
    values = [n for n in numbers if n is not None]
    first = values[0]
    if pattern in ("N N", "N to N"):
        return AgeBand(first, values[1]) if first <= values[1] else None
    if pattern == "N":
        return AgeBand(first, first)
    if pattern in {f"N {c} {u}" for c in ("and", "or") for u in (*_UNDER, "less")} | {
            "up to N"}:
        return AgeBand(age_min, first) if first >= age_min else None
    if pattern in {f"{u} N" for u in _UNDER} | {f"{u} than N" for u in ("younger", "less")}:
        return AgeBand(age_min, first - 1) if first - 1 >= age_min else None
    if pattern in {f"N {c} {o}" for c in ("and", "or") for o in (*_OVER, "more")} | {"N plus"}:
        return _open_band(first, age_limit)
    if pattern in {f"{o} N" for o in _OVER} | {"older than N", "more than N"}:
        return _open_band(first + 1, age_limit)
    return None


def _open_band(low: int, age_limit: int | None) -> AgeBand | None:
    if age_limit is not None and low > age_limit:
        return None
    return AgeBand(low, age_limit)


# -- targets -----------------------------------------------------------------------------------
def age_limit_of(config: DatasetConfig) -> int | None:
    """The oldest age a dataset counts: `[dataset] age_max` (17 for under-18s), else none."""
    return config.dataset.age_max


def target_bands(config: DatasetConfig) -> dict[str, AgeBand]:
    """The dataset's comparable age bands: breakdowns of kind "age" (or with age_min/age_max),
    from age_min (default 0) to age_max (default the dataset's age limit)."""
    limit = age_limit_of(config)
    targets = {}
    for key, spec in config.breakdowns.items():
        if spec.kind == "age" or spec.age_max is not None or spec.age_min is not None:
            high = spec.age_max if spec.age_max is not None else limit
            targets[key] = AgeBand(spec.age_min or 0, high)
    return dict(sorted(targets.items(), key=lambda item: (item[1].end, item[1].low, item[0])))
