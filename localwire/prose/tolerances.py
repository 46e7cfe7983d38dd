"""Tolerances: how far a stated figure may sit from the exact value and still be right.

One definition each, used by the writer (which chooses the words) and the checker (which reads
them back), so that what house style writes is exactly what the checker accepts.
"""

from __future__ import annotations

from fractions import Fraction

#: How far a share may sit from the fraction named for it ("one in 10", "a quarter"):
#: half a percentage point, as a share of 1. Inclusive.
SHARE_TOLERANCE = Fraction(5, 1000)

#: "nearly/almost X" covers up to 10% below X; "more than/over X" up to 10% above it.
HEDGE_BAND = Fraction(1, 10)

#: "around/about X" covers 5% either side of X (or X's own precision, whichever is wider); a ratio
#: word ("doubled") is within 5% of its factor.
AROUND_BAND = Fraction(1, 20)

#: A count ending in this many zeros or more ("14,000") is read as rounded to that unit.
ROUNDED_COUNT_UNIT = 1000
