"""A pattern's search over a whole text, remembered per text: every claim of a sentence asks of the
same sentence, clause or window, and a regular expression that tries every position of a few
hundred characters costs more than looking its answer up (texts are immutable, so the answer
never goes stale)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

REMEMBERED = 4096  # texts per pattern (a writer's stories share many sentences)


def remembered(pattern: re.Pattern[str]) -> Callable[[str], re.Match[str] | None]:
    """`pattern.search(text)`, each text's answer worked out once."""
    return functools.lru_cache(maxsize=REMEMBERED)(pattern.search)
