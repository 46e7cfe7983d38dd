"""Lookups that are no statistic: which periods a measure has, every observation of a dataset,
and one area's series (the values family over every period, for charts).

Set-wise like the families, and read through the same engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from localwire.facts.families.base import current


@dataclass(frozen=True)
class MeasureScope:
    dataset: str
    measure: str


@dataclass(frozen=True)
class SeriesScope:
    dataset: str
    measure: str
    breakdown: str


def periods(scope: MeasureScope) -> ibis.Table:
    """The period codes the measure has observations for (any status)."""
    rows = current(scope.dataset)
    return rows.filter(rows.measure == scope.measure).select("period").distinct()


def everything(dataset: str) -> ibis.Table:
    """Every current observation of the dataset, with its source file."""
    return current(dataset)


def series(scope: SeriesScope) -> ibis.Table:
    """Every observation of one breakdown of a measure, over every period, for every area."""
    rows = current(scope.dataset)
    return rows.filter(rows.measure == scope.measure, rows.breakdown == scope.breakdown)
