"""Fact families as set-wise SQL: one query per family answers for every area at once.

`FactBook.prepare` runs these against the store's DuckDB file and turns the rows into the same
exact `Fact`s its per-area methods return (tests/test_scale.py checks that, fact for fact).
Each query reads only `observations`, `sources` and `areas`, uses plain SQL (joins, GROUP BY,
window functions, FILTER) and takes its parameters by name, so the families mean the same on a
distributed engine; `localwire.facts.portable` states them in Ibis for Spark or Trino.

Parameters: $dataset, $measure, $period (code), $previous (code of the period before) and
$periods (codes up to and including $period, oldest first: a series' order).
"""

from __future__ import annotations

import re
from typing import Any

_PARAMETER = re.compile(r"\$([a-z_]+)")

# The observations a pack's story reads, with the source file name for provenance: the measure
# (and its published change) in the period and the one before, and the measure's total in every
# period (for records and series).
OBSERVATIONS = """
SELECT o.id, o.area, o.period, o.measure, o.breakdown, o.value, o.status,
       coalesce(s.filename, '') AS source_file, o.source_location, o.cited_source, o.note,
       o.lower_bound, o.upper_bound
FROM observations o LEFT JOIN sources s ON s.id = o.source_id
WHERE o.dataset = $dataset AND o.current
  AND o.measure IN ($measure, $measure || '_pct_change')
  AND (o.period IN ($period, $previous)
       OR (o.breakdown = '' AND o.measure = $measure))
"""

# value, previous, change and percentage change for every area and breakdown: the current and
# previous observations side by side, with the published change where the source gave one.
VALUES = """
WITH o AS (
    SELECT id, area, period, measure, breakdown, value
    FROM observations
    WHERE dataset = $dataset AND current AND status = 'reported' AND value IS NOT NULL
      AND period IN ($period, $previous)
)
SELECT now.area, now.breakdown, now.id AS value_id, now.value,
       before.id AS previous_id, before.value AS previous,
       now.value - before.value AS change,
       CASE WHEN before.value <> 0
            THEN (now.value - before.value) * 100.0 / before.value END AS pct_change,
       published.id AS published_id, published.value AS published_pct_change
FROM o AS now
LEFT JOIN o AS before ON before.area = now.area AND before.breakdown = now.breakdown
     AND before.measure = $measure AND before.period = $previous
LEFT JOIN o AS published ON published.area = now.area AND published.breakdown = now.breakdown
     AND published.measure = $measure || '_pct_change' AND published.period = $period
WHERE now.measure = $measure AND now.period = $period
ORDER BY now.area, now.breakdown
"""

# share of each breakdown in its area's total.
SHARES = """
WITH o AS (
    SELECT id, area, breakdown, value FROM observations
    WHERE dataset = $dataset AND current AND status = 'reported' AND value IS NOT NULL
      AND measure = $measure AND period = $period
)
SELECT part.area, part.breakdown, part.id AS part_id, whole.id AS whole_id,
       part.value * 1.0 / whole.value AS share
FROM o AS part JOIN o AS whole ON whole.area = part.area AND whole.breakdown = ''
WHERE part.breakdown <> '' AND whole.value <> 0
ORDER BY part.area, part.breakdown
"""

# rank among forces that reported: 1 is the highest; ties share a rank.
RANKS = """
SELECT o.area, o.breakdown,
       rank() OVER (PARTITION BY o.breakdown ORDER BY o.value DESC) AS rank,
       count(*) OVER (PARTITION BY o.breakdown) AS of
FROM observations o JOIN areas a ON a.slug = o.area AND a.kind = 'force'
WHERE o.dataset = $dataset AND o.current AND o.status = 'reported' AND o.value IS NOT NULL
  AND o.measure = $measure AND o.period = $period
ORDER BY o.breakdown, o.area
"""

# national (parent NULL) and regional totals over territorial forces, with coverage: forces
# that reported, of those expected; suppressed and missing figures are not summed.
TOTALS = """
WITH forces AS (
    SELECT slug, parent FROM areas WHERE kind = 'force' AND territorial
), breakdowns AS (
    SELECT DISTINCT breakdown FROM observations
    WHERE dataset = $dataset AND current AND measure = $measure AND period = $period
), figures AS (
    SELECT f.slug, f.parent, b.breakdown, o.status, o.value
    FROM forces f CROSS JOIN breakdowns b
    LEFT JOIN observations o ON o.area = f.slug AND o.breakdown = b.breakdown
         AND o.dataset = $dataset AND o.current AND o.measure = $measure
         AND o.period = $period
)
SELECT parent, breakdown,
       sum(value) FILTER (WHERE status = 'reported') AS total,
       count(*) FILTER (WHERE status = 'reported') AS reported,
       count(*) AS expected
FROM figures
GROUP BY GROUPING SETS ((parent, breakdown), (breakdown))
ORDER BY parent NULLS FIRST, breakdown
"""

# record high or low of each area's total: its series up to the period, in period order.
RECORDS = """
WITH series AS (
    SELECT area, breakdown, period, id, value, list_position($periods, period) AS ordinal
    FROM observations
    WHERE dataset = $dataset AND current AND status = 'reported' AND value IS NOT NULL
      AND measure = $measure AND breakdown = '' AND list_contains($periods, period)
)
SELECT area, breakdown, count(*) AS periods, max(value) AS highest, min(value) AS lowest,
       min(ordinal) AS first_ordinal, list(id ORDER BY ordinal) AS ids
FROM series
GROUP BY area, breakdown
HAVING count(*) >= 3 AND bool_or(period = $period)
ORDER BY area, breakdown
"""

FAMILIES = {"values": VALUES, "shares": SHARES, "ranks": RANKS, "totals": TOTALS,
            "records": RECORDS}


def parameters(dataset: str, measure: str, period: str, previous: str,
               series: list[str]) -> dict[str, Any]:
    """Named parameters for the families; `series`: the measure's periods up to `period`,
    oldest first (the observations read, and a record's order)."""
    return {"dataset": dataset, "measure": measure, "period": period, "previous": previous,
            "periods": series}


def run(db: Any, family: str, params: dict[str, Any]) -> list[tuple]:
    """Rows of one family (or of OBSERVATIONS) from a DuckDB connection."""
    return _execute(db, family, params).fetchall()


def _execute(db: Any, family: str, params: dict[str, Any]) -> Any:
    sql = OBSERVATIONS if family == "observations" else FAMILIES[family]
    used = set(_PARAMETER.findall(sql))
    return db.execute(sql, {name: value for name, value in params.items() if name in used})
