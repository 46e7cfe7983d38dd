"""Checker on a small made-up dataset shaped like the Home Office tables: a net count measure,
offence groups with terms, forces only (no rows for regions or nations). Covers sums over forces,
coverage claims, ranks, breakdown nouns, headlines and anaphoric sentences."""

from __future__ import annotations

import pytest

from localwire.check import Checker
from localwire.check.extract import extract_claims
from localwire.importing import import_file
from localwire.model.config import DatasetConfig
from localwire.store import Store

CONFIG = DatasetConfig.model_validate({"dataset": {"id": "ho-small", "title": "Small Home Office-like table"},
          "measures": {"recorded_crime": {"kind": "net_count", "label": "crimes",
                                          "terms": ["recorded crime", "crimes", "crime", "offences"]}},
          "breakdowns": {"sexual_offences": {"kind": "offence_group", "label": "sexual offences",
                                             "terms": ["sexual offences", "sex offences"]}}})
# North East: Cleveland 300 (sexual 10), Durham 200 (8), Northumbria 100 (no sexual row).
# Wales: four forces, 50 each in 2016/17 (sexual 5 each, none for Gwent).
ROWS = """area,period,measure,breakdown,value,status
Cleveland,2015/16,recorded_crime,,250,
Cleveland,2016/17,recorded_crime,,300,
Cleveland,2015/16,recorded_crime,sexual_offences,8,
Cleveland,2016/17,recorded_crime,sexual_offences,10,
Durham,2015/16,recorded_crime,,200,
Durham,2016/17,recorded_crime,,200,
Durham,2016/17,recorded_crime,sexual_offences,8,
Northumbria,2016/17,recorded_crime,,100,
Dyfed-Powys,2016/17,recorded_crime,,50,
Gwent,2016/17,recorded_crime,,50,
North Wales,2016/17,recorded_crime,,50,
South Wales,2016/17,recorded_crime,,50,
Dyfed-Powys,2016/17,recorded_crime,sexual_offences,5,
North Wales,2016/17,recorded_crime,sexual_offences,5,
South Wales,2016/17,recorded_crime,sexual_offences,5,
"""


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agg")
    (folder / "rows.csv").write_text(ROWS, encoding="utf-8")
    with Store(folder / "s.duckdb") as store:
        store.upsert_dataset(CONFIG)
        import_file(store, folder / "rows.csv", dataset="ho-small")
        yield Checker(store, "ho-small")


def verdicts(checker: Checker, text: str) -> list[tuple[str, str, str]]:
    report = checker.check(text, area="Cleveland", period="2016/17")
    return [(c.claim.text, c.claim.kind, c.verdict) for c in report.checks]


@pytest.mark.parametrize(("text", "expected"), [
    # sums over the forces of a region with no row of its own, with the coverage stated
    ("Across the North East region, police recorded 600 offences in 2016/17 (all three forces "
     "reporting), including 18 sexual offences.",
     [("600", "count", "supported"), ("all three forces", "coverage", "supported"),
      ("18", "count", "supported")]),
    ("Across the North East region, police recorded 601 offences in 2016/17.",
     [("601", "count", "contradicted")]),
    ("Across the North East region, police recorded 600 offences (all four forces reporting).",
     [("600", "count", "supported"), ("all four forces", "coverage", "contradicted")]),
    ("Across the North East region, police recorded 600 offences (two of three forces reporting).",
     [("600", "count", "supported"), ("two of three forces", "coverage", "contradicted")]),
    # Gwent has no sexual offences row: the sum covers three of four forces
    ("Across Wales, police recorded 15 sexual offences in 2016/17 (three of four forces reporting).",
     [("15", "count", "supported"), ("three of four forces", "coverage", "supported")]),
    ("Across Wales, police recorded 16 sexual offences in 2016/17 (four of four forces reporting).",
     [("16", "count", "unverifiable"), ("four of four forces", "coverage", "unverifiable")]),
    ("In England and Wales as a whole, the police recorded 800 offences (all seven forces), of "
     "which 33 were sexual offences.",
     [("800", "count", "supported"), ("all seven forces", "coverage", "contradicted"),
      ("33", "count", "supported")]),
    ("Cleveland is one of the 43 forces in England and Wales.",
     [("one of the 43 forces", "coverage", "supported")]),
    ("Cleveland is one of the 44 forces in England and Wales.",
     [("one of the 44 forces", "coverage", "contradicted")]),
    # ranks among the territorial forces with data (seven here)
    ("Cleveland recorded 300 offences in 2016/17, the highest of the forces in England and Wales.",
     [("300", "count", "supported"), ("the highest", "rank", "supported")]),
    ("The number of offences in Cleveland was the second highest of the forces in England and Wales.",
     [("the second highest", "rank", "contradicted")]),
    ("Durham's total was the 2nd highest of the territorial forces.",
     [("the 2nd highest", "rank", "supported")]),
    ("Northumbria recorded 100 offences, the fifth lowest of the forces.",
     [("100", "count", "supported"), ("the fifth lowest", "rank", "supported")]),
    ("Cleveland has the second highest rate of crime among the forces.",
     [("the second highest", "rank", "unverifiable")]),
    # breakdown nouns carry their measure; "up 25 per cent on the 8" is the base
    ("Cleveland recorded 10 sexual offences, up 25 per cent on the 8 recorded the year before.",
     [("10", "count", "supported"), ("25 per cent", "pct_change", "supported"),
      ("8", "count", "supported")]),
    # a headline with no noun after the figure takes the measure its words name
    ("# Crime recorded by Cleveland police up 20 per cent\n\nCleveland recorded 300 offences.",
     [("20 per cent", "pct_change", "supported"), ("300", "count", "supported")]),
    ("Police in Cleveland recorded 50 offences more than the 250 it recorded the year before.",
     [("50", "change", "supported"), ("250", "count", "supported")]),
    # "The number was ...": the number of the last figure of the sentence before
    ("Cleveland recorded 10 sexual offences. The number was the highest of the forces in England "
     "and Wales.",
     [("10", "count", "supported"), ("the highest", "rank", "supported")]),
])
def test_verdicts(checker, text, expected):
    assert verdicts(checker, text) == expected


def test_aggregate_explanation_names_the_sum_and_coverage(checker):
    report = checker.check("Across Wales, police recorded 15 sexual offences in 2016/17.",
                           area="Cleveland", period="2016/17")
    outcome = report.checks[0].outcome
    assert "3 of 4 forces" in outcome.explanation and "sum of 3 forces" in outcome.explanation
    assert outcome.fact_id == "wales/2016/17/recorded_crime/sexual_offences/total"


@pytest.mark.parametrize(("sentence", "verdict"), [
    ("All 43 forces replied.", "unverifiable"),  # 36 forces have no row: replies unknown
    ("Five forces replied.", "contradicted"),  # seven have a reported figure
    ("Seven forces replied.", "supported"),
    ("Seven of 45 forces replied.", "contradicted"),  # England and Wales has 43
])
def test_coverage_area_is_the_datasets_when_no_region_is_named(checker, sentence, verdict):
    """No region or nation named: the smallest of England and Wales and the UK holding the data."""
    assert verdicts(checker, f"Cleveland recorded 300 offences in 2016/17. {sentence}")[-1][2] == verdict


@pytest.mark.parametrize(("text", "kind", "value", "out_of"), [
    ("All 43 forces in England and Wales responded.", "coverage", 43, 43),
    ("Both forces replied.", "coverage", 2, 2),
    ("(44 of 45 forces reporting)", "coverage", 44, 45),
    ("44 out of 45 police forces responded to the request.", "coverage", 44, 45),
    ("Among the 49 forces which provided data there were more assaults.", "coverage", 49, None),
    ("42 of 44 forces saw a rise.", "count", 42, None),         # not about reporting
    ("Requests were sent to 43 forces.", "count", 43, None),
])
def test_coverage_extraction(text, kind, value, out_of):
    claim = extract_claims(text)[0]
    assert (claim.kind, claim.value, getattr(claim, "expected", None)) == (kind, value, out_of)


@pytest.mark.parametrize(("text", "value", "order"), [
    ("the 28th highest of the territorial forces", 28, "high"),
    ("the third-lowest number of offences", 3, "low"),
    ("the highest of the 43 forces", 1, "high"),
    ("the lowest among forces in England", 1, "low"),
])
def test_rank_extraction(text, value, order):
    claim = extract_claims(f"It was {text}.")[0]
    assert (claim.kind, claim.value, claim.order) == ("rank", value, order)


def test_superlative_without_forces_or_ordinal_is_not_a_rank():
    assert not [c for c in extract_claims("Cleveland had the highest rate in the country.")
                if c.kind == "rank"]


@pytest.mark.parametrize(("sentence", "verdict"), [
    ("Cleveland has the third-smallest police force.", "unverifiable"),  # ranked by size
    ("Cleveland had the second lowest of any force, with 47 offences per 1,000 people.",
     "unverifiable"),  # a place among rates
])
def test_ranks_by_something_else_are_unverifiable(checker, sentence, verdict):
    ranks = [v for v in verdicts(checker, f"{sentence} Figures for 2016/17.") if v[1] == "rank"]
    assert ranks and ranks[0][2] == verdict


def test_were_over_a_figure_is_not_an_age():
    claims = extract_claims("There were over 9,742 online child sexual offences.")
    assert [(c.text, c.kind, c.age_min, c.age_max) for c in claims] == [
        ("over 9,742", "count", None, None)]
