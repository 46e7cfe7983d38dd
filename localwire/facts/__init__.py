"""Facts: exact, derived statements about an area's figures, each with its formula and inputs.

Facts never round (values are `fractions.Fraction`); rounding is for the writer and the checker.
Each statistic is one family in `localwire.facts.families` (stated once, set-wise, with its
rules in the module's docstring); a `FactBook` answers for one dataset by looking facts up in
prepared families; `localwire.facts.engine` runs the families on the store's DuckDB file or on
any Ibis backend (Spark, Trino).
"""

from localwire.facts.book import FactBook
from localwire.facts.families.values import fact_ids
from localwire.facts.listing import FACT_METHODS, area_facts

__all__ = ["FACT_METHODS", "FactBook", "area_facts", "fact_ids"]
