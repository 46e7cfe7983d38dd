"""The second look before "contradicted" (check/readings.py), on the seed's real sentence: a figure
misread with another period its sentence names is unverifiable with the reading the data supports;
an area its sentence names is not second-guessed; a reading the user gave is not either."""

from __future__ import annotations

import dataclasses

import pytest

from localwire.areas import gazetteer_of
from localwire.check import Checker, check_text
from localwire.check.extract import extract
from localwire.check.readings import other_reading
from localwire.check.resolve import article_context, resolve_claims
from localwire.check.verify import verify
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period

# seed 000 (Hertfordshire, 2017): Bedfordshire's 2016/17 total and the year before's
SENTENCE = ("In neighbouring Bedfordshire, there were 400 sex crimes recorded in 2016/17 – a drop from 514 "
            "the previous year – though a higher proportion targeted younger children.")


@pytest.fixture(scope="module")
def checked():
    with bundled_store() as store:
        checker = Checker(store, "nspcc-child-sex-offences")
        found = extract(SENTENCE)
        context = article_context(SENTENCE, gazetteer_of(store), checker.vocabulary, periods=found.periods,
                                  national=checker.national, data_periods=checker.data_periods)
        resolutions = resolve_claims(found.claims, context, checker.vocabulary)
        yield checker.book, context, found.claims[0], resolutions[0]


def test_a_figure_read_with_the_wrong_year_of_its_sentence_is_not_contradicted(checked):
    book, context, claim, resolution = checked
    assert (claim.text, verify(claim, resolution, book).verdict) == ("400", "supported")
    misread = dataclasses.replace(resolution, period=Period.parse("2015/16"))  # as a misreading would
    outcome = verify(claim, misread, book)
    assert outcome.verdict == "contradicted"
    second = other_reading(claim, misread, outcome, book, context)
    assert second.verdict == "unverifiable"
    assert [(a["area"], a["period"]) for a in second.alternatives] == [("bedfordshire", "2016/17")]


def test_a_reading_the_user_gave_is_not_second_guessed(checked):
    book, context, claim, resolution = checked
    given = dataclasses.replace(resolution, period=Period.parse("2015/16"))
    given.evidence = [e for e in resolution.evidence if e.field != "period"]
    given.note("period", "2015/16", "given", 1.0)
    outcome = verify(claim, given, book)
    assert other_reading(claim, given, outcome, book, context).verdict == "contradicted"


def test_a_nations_interval_read_as_a_forces_is_not_contradicted(seeds):
    # seed 000: "... with an crime recorded every eight minutes on average" (the UK's); read as
    # Hertfordshire's (771 offences, one every 682 minutes) it is far from the data, not wrong
    from localwire.check import _implausible

    text = (seeds / "000_61e7ce2f243b7df9.txt").read_text(encoding="utf-8")
    with bundled_store() as store:
        report = check_text(text, store)
        check = next(c for c in report.checks if c.claim.text == "every eight minutes")
        assert (check.resolution.area, check.verdict) == ("united-kingdom", "supported")
        misread = dataclasses.replace(check.resolution, area="hertfordshire")
        outcome = verify(check.claim, misread, Checker(store, report.dataset).book)
    assert outcome.verdict == "contradicted" and _implausible(check.claim, outcome)
