"""Runs of bare numbers with no word between them are data, not prose: skipped with a note that
says where and how many figures, while the tables of real articles are still checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from localwire.check import check_text
from localwire.check.extract import extract
from localwire.check.extract.numeric_runs import DATA_RUN_FIGURES, NUMBER, RUN, data_runs
from localwire.importing.bundled_data import bundled_store

EVAL = Path(__file__).parent / "data" / "check" / "eval"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
# the splits the threshold was chosen on (a split added later is held out from it)
CHOSEN_ON = ("test", "dev", "unseen", "fresh", "fresh2", "fresh3", "fresh4", "fresh5")


@pytest.fixture(scope="module")
def store():
    with bundled_store() as opened:
        yield opened


def test_a_long_run_of_bare_numbers_is_skipped_with_a_note(store):
    lead = "Police recorded 771 offences in 2016/17. "
    digits = " ".join("7" for _ in range(DATA_RUN_FIGURES + 5))
    report = check_text(lead + digits + ". It was a rise of 5 per cent.", store)
    assert [c.claim.text for c in report.checks] == ["771", "5 per cent"]
    [run] = report.skipped
    assert (run.start, run.end, run.figures) == (len(lead), len(lead) + len(digits), DATA_RUN_FIGURES + 5)
    assert report.as_dict()["skipped"] == [run.as_dict()]
    assert f"{DATA_RUN_FIGURES + 5} bare numbers" in run.note and f"{len(lead)}-" in run.note


@pytest.mark.parametrize("between", ["\n", "\n\n", "\t"])
def test_a_column_of_numbers_one_a_line_is_one_run(between):
    """One run even where its lines are sentences of their own (at blank lines)."""
    column = between.join(f"{n:,}" for n in range(1000, 1000 + 3 * DATA_RUN_FIGURES, 3))
    found = extract("Offences by month.\n\n" + column + "\n\nThat is 771 offences.")
    assert [claim.text for claim in found.claims] == ["771"]
    assert [run.figures for run in found.skipped] == [DATA_RUN_FIGURES]


def test_a_shorter_run_is_read_as_claims():
    row = " ".join(str(n) for n in range(100, 100 + DATA_RUN_FIGURES - 1))
    found = extract(f"Offences by month: {row}.")
    assert found.skipped == []
    assert len(found.claims) == DATA_RUN_FIGURES - 1


def test_a_report_without_runs_has_no_skipped_key(store):
    assert "skipped" not in check_text("Police recorded 771 offences in 2016/17.", store).as_dict()


def _real_texts() -> list[str]:
    articles = [json.loads(line) for line in (EVAL / "articles.jsonl").read_text().splitlines() if line]
    texts = [(EVAL / "articles" / f"{a['id']}.txt").read_text(encoding="utf-8")
             for a in articles if a["split"] in CHOSEN_ON]
    return texts + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def test_the_runs_in_real_articles_are_far_below_the_threshold():
    """The threshold is over five times the longest run in the articles it was chosen on (7)."""
    longest = max(len(re.findall(NUMBER, m.group())) for text in _real_texts() for m in RUN.finditer(text))
    assert longest >= 5 and 5 * longest < DATA_RUN_FIGURES
    assert all(data_runs(text) == [] for text in _real_texts())
