"""The fact families: each statistic stated once, set-wise, plus its exact Fraction step.

- `values`: value, previous value (per period and measure, with the period before)
- `changes`: change, percentage change (zero and small base, published changes), direction
- `shares`: share of a breakdown, "one in N"
- `frequency`: per day, per week, "one every N minutes" (exact steps over values)
- `rates`: rate per 1,000 (or any number of) residents, only from a sound population
- `ranks`: rank from the top and from the bottom, ties joint, by count or by rate, among the
  territorial forces of an area (per period, measure, area and order)
- `records`: record high or low over the series of the same shape
- `totals`: totals over an area's territorial forces, with coverage (per period, measure and
  group of areas)
- `since`: percentage change since an earlier period (per period, base and measure)

`areas` says which forces belong to an area (totals and ranks share it), `base` the tables and
the rule for a reported figure, `observations` the lookups that are no statistic (periods,
every observation, an area's series).

A module's `expression(scope)` is an Ibis table over the store's tables (one row per area and
breakdown, every area at once); its `facts(rows, ...)` turns the rows into exact `Fact`s. The
FactBook (`localwire.facts.book`) only looks facts up in prepared families; a question about
one area prepares the family for every area, so there is one path, not two.
"""
