"""Regions and nations the data has no row for: their changes, daily rates and intervals from the
sums over their territorial forces (`FactBook.within`), built with the facts' own formulas.

"Across the North East region, crime rose by 27 per cent" is checked against the sum over the
region's forces this period and the period before. A sum is complete only when every force of
the area reported in both periods; a figure outside an incomplete sum is not called wrong (the
missing forces could make up the difference), so such facts carry `complete` False.
"""

from __future__ import annotations

import dataclasses
import types

from localwire.facts.cache import memoised
from localwire.facts.families.changes import SMALL_BASE, change_fact, pct_change_fact
from localwire.facts.families.frequency import interval_fact, per_day_fact
from localwire.model.facts import Fact
from localwire.model.numbers import plain
from localwire.model.periods import Period


def complete(fact) -> bool:
    """False for a sum over an area that lacks some of its forces' figures."""
    return getattr(fact, "detail", lambda *_: True)("complete", True) is not False


class WithAggregates:
    """A fact source that answers `change`, `pct_change`, `change_since`, `per_day` and
    `interval_minutes` for areas with no row of their own from `within`; everything else is the
    fact source's own."""

    def __init__(self, book) -> None:
        self.book = book
        self._memo: dict[tuple, Fact | None] = {}  # `memoised`: stories and articles ask alike

    @classmethod
    def of(cls, book) -> WithAggregates:
        """The book's own, made once per FactBook (`remember`: its facts never go stale, so
        neither do the sums built on them); a fresh one for any other fact source."""
        if hasattr(book, "remember"):
            return book.remember(("check", "with-aggregates"), lambda: cls(book))
        return cls(book)

    def __getattr__(self, name: str):
        found = getattr(self.book, name)
        if isinstance(found, types.MethodType) and found.__self__ is self.book:
            # the book's own method, bound once: the checker calls `value` and the others per
            # claim, and a lookup that falls through to `__getattr__` costs several dict misses
            # (a FactBook's methods are never replaced once it is made)
            self.__dict__[name] = found
        return found

    def _sum(self, area: str, period: Period, measure: str, breakdown: str) -> Fact | None:
        if self.book.value(area, period, measure, breakdown) is not None:
            return None  # the area's own figure: its own facts answer
        total = self.book.within(area, period, measure, breakdown)
        if total is None or total.detail("reported") is None:
            return None
        # the sum's figure in the formulas built on it ("5515 - 5391"); the coverage says what it sums
        return dataclasses.replace(total, formula=plain(total.value))

    def _pair(self, area: str, period: Period, base: Period, measure: str,
              breakdown: str) -> tuple[Fact, Fact, tuple] | None:
        now = self._sum(area, period, measure, breakdown)
        before = self._sum(area, base, measure, breakdown) if now is not None else None
        if now is None or before is None:
            return None
        whole = all(f.detail("reported") == f.detail("expected") for f in (now, before))
        extra = (("coverage", f"{now.detail('coverage')} ({period.code}), {before.detail('coverage')} "
                              f"({base.code}) with data"), ("complete", whole))
        return now, before, extra

    @memoised
    def change(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        found = self.book.change(area, period, measure, breakdown)
        pair = None if found is not None else self._pair(area, period, period.previous(), measure,
                                                         breakdown)
        if pair is None:
            return found
        now, before, extra = pair
        return dataclasses.replace(change_fact(now, before), extra=extra)

    @memoised
    def pct_change(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        found = self.book.pct_change(area, period, measure, breakdown)
        if found is not None:
            return found
        return self._pct(area, period, period.previous(), measure, breakdown)

    @memoised
    def change_since(self, area: str, period: Period, base: Period, measure: str,
                     breakdown: str = "") -> Fact | None:
        found = self.book.change_since(area, period, base, measure, breakdown) \
            if hasattr(self.book, "change_since") else None
        return found if found is not None else self._pct(area, period, base, measure, breakdown)

    def _pct(self, area: str, period: Period, base: Period, measure: str,
             breakdown: str) -> Fact | None:
        pair = self._pair(area, period, base, measure, breakdown)
        if pair is None or pair[1].value == 0:
            return None
        now, before, extra = pair
        return dataclasses.replace(pct_change_fact(now, before, before.value < SMALL_BASE), extra=extra)

    @memoised
    def per_day(self, area: str, period: Period, measure: str, breakdown: str = "") -> Fact | None:
        found = self.book.per_day(area, period, measure, breakdown)
        total = None if found is not None else self._sum(area, period, measure, breakdown)
        return found if total is None else _with_coverage(per_day_fact(total), total)

    @memoised
    def interval_minutes(self, area: str, period: Period, measure: str,
                         breakdown: str = "") -> Fact | None:
        found = self.book.interval_minutes(area, period, measure, breakdown)
        total = None if found is not None else self._sum(area, period, measure, breakdown)
        fact = None if total is None else interval_fact(total)
        return found if fact is None else _with_coverage(fact, total)


def _with_coverage(fact: Fact, total: Fact) -> Fact:
    whole = total.detail("reported") == total.detail("expected")
    coverage = ("coverage", f"{total.detail('coverage')} with data")
    return dataclasses.replace(fact, extra=(*fact.extra, coverage, ("complete", whole)))
