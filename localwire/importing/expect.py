"""What a file is expected to hold, checked on the staged rows before anything is written.

An FOI reply speaks for one force about the periods and measures it was asked for; a file that
holds other forces' rows, or calendar years for financial years, is refused with the first row
of each mismatch (`import_file(..., expect=Expectation(...))`). `None` means "anything".
"""

from __future__ import annotations

from dataclasses import dataclass

from localwire.errors import Problem
from localwire.store import observations as observation_queries
from localwire.store import staging as staged_queries


@dataclass(frozen=True)
class Expectation:
    areas: frozenset[str] | None = None      # area slugs
    periods: frozenset[str] | None = None    # period codes, e.g. "2016/17"
    measures: frozenset[str] | None = None
    why: str = "expected"                    # e.g. "the FOI request to Hertfordshire"
    hints: tuple[tuple[str, str], ...] = ()  # (attribute, hint), e.g. ("areas", "...")


_CHECKS = (("areas", "area_slug", "area", "unexpected-area"),
           ("periods", "period_code", "period", "unexpected-period"),
           ("measures", "measure", "measure", "unexpected-measure"))


def unexpected_rows(db, table: str, expect: Expectation, file: str) -> list[Problem]:
    """One problem per value outside the expectation, at the first row that has it."""
    return _problems(expect, file, lambda column, allowed: staged_queries.values_outside(
        db, table, column, allowed))


def unexpected_in_source(db, source_id: int, expect: Expectation, file: str) -> list[Problem]:
    """The same check on a file imported before: the same bytes attached to another request
    are no more that request's reply than they were the first time."""
    return _problems(expect, file, lambda column, allowed: (
        observation_queries.source_values_outside(db, source_id, column, allowed)))


def _problems(expect: Expectation, file: str, values_outside) -> list[Problem]:
    problems = []
    for attribute, column, noun, code in _CHECKS:
        allowed = getattr(expect, attribute)
        if allowed is None:
            continue
        for value, place in values_outside(column, sorted(allowed)):
            problems.append(Problem(
                code, f"{noun} {value!r} is not what {expect.why} asked for "
                      f"({', '.join(sorted(allowed)) or 'nothing'})", file, place,
                dict(expect.hints).get(attribute)))
    return problems
