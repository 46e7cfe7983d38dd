from decimal import Decimal

import pytest

from localwire.check.extract import extract_claims


@pytest.mark.parametrize("text", [
    "The figures cover 2016/17 and the year to March 2017, published on 1 April 2018.",
    "Requests covered offences between April 2016 and March last year.",
    "Call the NSPCC helpline on 0808 800 5000 or Childline on 0800 1111, or dial 999.",
    "The force refused under section 12 and withheld small numbers under s.40(2) of the Act.",
    "A 15-year-old girl was groomed over two years, police said at 3pm on Tuesday.",
    "The hearing began at 10.30am on March 3.",
    "Children under the age of 10 and under-18s were included, as were babies aged no older than one.",
    "It was the third time since 2014 that the force, one of the largest, had been criticised.",
    "In the 1990s, Covid-19 was unknown and the A38 was quieter.",
    "1. Victims aged 16-17 are counted.",
    "My mum died when I was four years old.",
    "The text number - 88858 - is free and available 24 hours a day.",
])
def test_years_dates_ages_phones_and_sections_are_not_claims(text):
    assert extract_claims(text) == []


@pytest.mark.parametrize(("text", "kind", "value", "hedge"), [
    ("The force recorded 1,483 offences.", "count", "1483", None),
    ("Nearly 14,000 crimes were recorded.", "count", "14000", "nearly"),
    ("It reached more than 37,600 children.", "count", "37600", "more than"),
    ("Offences were up by 16 per cent.", "pct_change", "16", None),
    ("Offences rose 15%.", "pct_change", "15", None),
    ("About a third of offences were online.", "share", None, "around"),
    ("One in five victims was a boy.", "share", "20", None),
    ("Six offences a day were recorded.", "rate", "6", None),
    ("Police recorded 62 a week.", "rate", "62", None),
    ("A crime is recorded every eight minutes.", "interval", "8", None),
    ("The total increased by 14.", "change", "14", None),
    ("There were 1.2 million crimes.", "count", "1200000", None),
    ("“We recorded 504 offences,” she said.", "count", "504", None),
])
def test_kinds_values_and_hedges(text, kind, value, hedge):
    claims = extract_claims(text)
    assert [c.kind for c in claims] == [kind]
    if value is not None:
        assert claims[0].value == Decimal(value)
    assert claims[0].hedge == hedge


@pytest.mark.parametrize(("text", "age_max"), [
    ("There were 104 crimes against children aged 10 and under.", 10),
    ("16 of these crimes targeted children aged four or younger.", 4),
    ("Three offences were against babies aged no older than one.", 1),
    ("Police dealt with 116 cases, where the victims were under the age of 10.", 9),
])
def test_age_conditions_are_filters_not_quantities(text, age_max):
    claims = extract_claims(text)
    assert len(claims) == 1
    assert claims[0].age_max == age_max


def test_from_to_and_change_are_linked_with_offsets():
    text = "Gloucestershire recorded an increase of 123 from 381 to 504."
    change, before, after = extract_claims(text)
    assert (change.kind, change.from_value, change.to_value) == ("change", 381, 504)
    assert (before.role, after.role) == ("from", "to")
    assert text[before.start:before.end] == "381"


def test_record_is_a_claim_about_the_series():
    claims = extract_claims("Offences hit a record 64,667 last year, an all-time high.")
    assert [c.kind for c in claims] == ["record", "count", "record"]
    assert claims[0].value == 64667


def test_typos_and_curly_punctuation_do_not_hide_claims():
    text = "Offences rose to 771 – up by 16 per cent from the prevous year."
    assert [(c.kind, c.value) for c in extract_claims(text)] == [("count", 771), ("pct_change", 16)]
