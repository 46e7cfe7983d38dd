"""The checker finishes on any text with a report, never an exception (the importer's fuzzer calls
`check_text` as a black box), and its claims stay inside the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localwire.check import check_text
from localwire.importing.bundled_data import bundled_store

PIECES = [*"0123456789 ,.-/:()+£%'\"“”\n–", "per cent", "one", "a third", "in", "of", "the", "forces",
          "aged", "under", "2016/17", "13/14", "year to June", "since", "record", "Wiltshire", "UK",
          "respectively", "and", "rose", "from", "to", "every", "minutes", "NSPCC", "Police"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join)


@pytest.fixture(scope="module")
def store():
    with bundled_store() as opened:
        yield opened


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_any_text_gets_a_report(store, text):
    report = check_text(text, store)
    for check in report.checks:
        claim = check.claim
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        assert check.verdict in ("supported", "contradicted", "unverifiable")


@pytest.mark.parametrize("text", ["7 " * 3000, "2016/17 " * 2000, "aged 5 " * 1000 + "7",
                                  "one in 10 " * 1000, "\x00\x01" * 100 + "771 offences"])
def test_long_and_odd_texts_finish(store, text):
    report = check_text(text, store)
    assert report.as_dict()["counts"]


def test_work_on_spaced_digits_is_linear(store, monkeypatch):
    """Untimed: the earlier claims' nouns a long sentence's figures look at grow with the figures,
    not with their square (each claim rescanned every earlier one: 'issue 14', '1 2 3 ...')."""
    from localwire.check import Checker, measures
    from localwire.check.extract import numeric_runs

    monkeypatch.setattr(numeric_runs, "DATA_RUN_FIGURES", 10**6)  # read as prose, not skipped as data
    looked = []
    contained = measures._contained
    monkeypatch.setattr(measures, "_contained", lambda claim: looked.append(1) or contained(claim))
    checker = Checker(store, store.dataset_ids()[0])
    work = []
    for figures in (300, 600, 1200):
        looked.clear()
        checker.check(" ".join(str(n % 10) for n in range(figures)))
        work.append(len(looked))
    assert work[0] > 0
    assert work[1] <= 2.2 * work[0] and work[2] <= 2.2 * work[1], work
