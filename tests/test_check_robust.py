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
