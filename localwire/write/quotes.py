"""What a template sees of a quote: its paragraphs cleaned, its cuts (which paragraphs each
outlet's version keeps) and their gists in reported speech."""

from __future__ import annotations

from dataclasses import dataclass

from localwire.write.pack import Quote
from localwire.write.trace import clean


@dataclass(frozen=True)
class QuoteView:
    speaker: str
    role: str
    paragraphs: tuple[str, ...]
    lead_in: str = ""
    cuts: tuple[tuple[int, ...], ...] = ()
    gists: tuple[str, ...] = ()
    pronoun: str = "they"
    after: str = ""

    @property
    def cut_count(self) -> int:
        return max(1, len(self.cuts))

    def _numbers(self, index: int) -> tuple[int, ...]:
        if not self.cuts:
            return tuple(range(1, len(self.paragraphs) + 1))
        return self.cuts[index % len(self.cuts)]

    def cut(self, index: int) -> tuple[str, ...]:
        """The paragraphs of one of the quote's cuts (all of them when it has none)."""
        return tuple(self.paragraphs[number - 1] for number in self._numbers(index))

    def cut_gists(self, index: int) -> tuple[str, ...]:
        """The same paragraphs in reported speech (empty when the quote has no gists)."""
        if not self.gists:
            return ()
        return tuple(self.gists[number - 1] for number in self._numbers(index))


def quote_view(quote: Quote) -> QuoteView:
    return QuoteView(clean(quote.speaker), clean(quote.role),
                     tuple(clean(p) for p in quote.paragraphs), clean(quote.lead_in),
                     tuple(tuple(cut) for cut in quote.cuts),
                     tuple(clean(g) for g in quote.gists), clean(quote.pronoun), quote.after)
