"""How different outlets' versions of one story are: word-trigram Jaccard similarity.

Outlets sharing an area get different structures (layouts, sentence frames, quote cuts) from
the seed of (pack, area, outlet); this measures the result. 1.0 is identical copy, 0.0 shares
no three-word run. The bar for the bundled packs is at most 0.5 between any two outlets.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

_WORD = re.compile(r"[\w’'-]+|[^\w\s]")


def trigrams(text: str) -> set[tuple[str, str, str]]:
    """The set of three-word runs of a text, words folded to lower case, punctuation kept as
    tokens (so "rose." and "rose," differ from "rose to")."""
    words = [w.lower() for w in _WORD.findall(text)]
    return set(zip(words, words[1:], words[2:], strict=False))


def jaccard(a: str, b: str) -> float:
    """|shared trigrams| / |all trigrams| of two texts; 1.0 for two empty texts."""
    first, second = trigrams(a), trigrams(b)
    union = first | second
    return len(first & second) / len(union) if union else 1.0


def pairwise(texts: Sequence[str]) -> list[float]:
    """The similarity of every pair of texts."""
    return [jaccard(a, b) for a, b in itertools.combinations(texts, 2)]
