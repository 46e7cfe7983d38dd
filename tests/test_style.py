"""House style: tables of expected copy, plus round-trips that tie what is written to what it says."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localwire.model.numbers import rounded
from localwire.prose.copyrules import editors_notes, sentence_starts_with_figure
from localwire.prose.numwords import number_to_words, words_to_number
from localwire.prose.style import (
    RATE_HONESTY,
    SHARE_TOLERANCE,
    article,
    capitalise,
    change_phrase,
    count,
    count_noun,
    direction,
    every_interval,
    fewer_than,
    honest_rate,
    noun,
    one_in,
    ordinal,
    percent,
    pluralise,
    rank_phrase,
    rate_figure,
    rate_per_day,
    share_words,
    thousands,
    with_article,
)

D = Decimal
F = Fraction
fast = settings(max_examples=300, deadline=None)


# --- rounding ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("x", "places", "expected"), [
    (D("15.5"), 0, "16"),
    (D("14.5"), 0, "15"),  # banker's rounding would give 14
    (D("16.5"), 0, "17"),
    (D("0.45"), 1, "0.5"),
    (D("0.44"), 1, "0.4"),
    (D("-15.5"), 0, "-16"),
    (D("-0.4"), 0, "0"),
    (F(1, 3), 2, "0.33"),
    (F(2, 3), 2, "0.67"),
    (F(31, 2), 0, "16"),
    (7, 0, "7"),
    (7, 1, "7.0"),
    (D("2.675"), 2, "2.68"),  # the exact decimal, not the float nearest to it
])
def test_rounded_is_half_up(x, places, expected):
    assert str(rounded(x, places)) == expected


@pytest.mark.parametrize(("bad", "error"), [
    (1.5, TypeError),
    ("16", TypeError),
    (True, TypeError),
    (D("NaN"), ValueError),
    (D("Infinity"), ValueError),
])
def test_inexact_or_non_numbers_are_refused(bad, error):
    with pytest.raises(error):
        rounded(bad)


def test_negative_places_are_refused():
    with pytest.raises(ValueError):
        rounded(D("12.5"), -1)


@fast
@given(st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3))
def test_rounded_agrees_with_decimal_round_half_up(x, places):
    assert rounded(x, places) == x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- counts -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "expected"), [
    (0, "zero"),
    (1, "one"),
    (9, "nine"),
    (10, "10"),
    (11, "11"),
    (999, "999"),
    (1000, "1,000"),
    (1483, "1,483"),
    (64667, "64,667"),
    (10**6, "1,000,000"),
    (D("771"), "771"),
    (D("4.0"), "four"),
    (F(14, 2), "seven"),
])
def test_count(n, expected):
    assert count(n) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "Zero"),
    (1, "One"),
    (9, "Nine"),
    (10, "Ten"),
    (771, "Seven hundred and seventy-one"),
    (999, "Nine hundred and ninety-nine"),
    (1000, "One thousand"),
    (64667, "Sixty-four thousand six hundred and sixty-seven"),
])
def test_count_at_sentence_start_is_spelt_out(n, expected):
    assert count(n, start=True) == expected


@pytest.mark.parametrize("bad", [D("2.5"), F(1, 3), -1, D("-12")])
def test_count_refuses_fractions_and_negatives(bad):
    with pytest.raises(ValueError):
        count(bad)


@pytest.mark.parametrize(("n", "expected"), [(0, "0"), (999, "999"), (1000, "1,000"), (64667, "64,667"),
                                             (-1483, "-1,483"), (D("1234567"), "1,234,567")])
def test_thousands(n, expected):
    assert thousands(n) == expected


def test_thousands_refuses_fractions():
    with pytest.raises(ValueError):
        thousands(D("1.5"))


@fast
@given(st.integers(min_value=0, max_value=10**9))
def test_number_words_round_trip(n):
    assert words_to_number(number_to_words(n)) == n


@fast
@given(st.integers(min_value=10, max_value=10**12))
def test_count_figures_parse_back(n):
    text = count(n)
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", text)
    assert int(text.replace(",", "")) == n


@fast
@given(st.integers(min_value=0, max_value=10**9))
def test_count_at_start_parses_back_and_is_no_figure(n):
    text = count(n, start=True)
    assert words_to_number(text.lower()) == n
    assert text[0].isupper()
    assert sentence_starts_with_figure(text + " offences were recorded.") == []


# --- nouns ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("singular", "expected"), [
    ("offence", "offences"),
    ("crime", "crimes"),
    ("child", "children"),
    ("Child", "Children"),
    ("baby", "babies"),
    ("day", "days"),
    ("witness", "witnesses"),
    ("box", "boxes"),
    ("match", "matches"),
    ("rash", "rashes"),
    ("person", "people"),
    ("police", "police"),
    ("knife", "knives"),
    ("sex offence", "sex offences"),
    ("child sex offence", "child sex offences"),
    ("young person", "young people"),
])
def test_pluralise(singular, expected):
    assert pluralise(singular) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "offences"),
    (1, "offence"),
    (2, "offences"),
    (-1, "offence"),
    (D("1.0"), "offence"),
    (D("1.5"), "offences"),
    (771, "offences"),
])
def test_noun_agrees_with_number(n, expected):
    assert noun(n, "offence") == expected


def test_noun_takes_an_irregular_plural():
    assert noun(2, "cactus", "cacti") == "cacti"
    assert noun(1, "cactus", "cacti") == "cactus"


@pytest.mark.parametrize(("n", "singular", "start", "expected"), [
    (0, "offence", False, "no offences"),
    (0, "offence", True, "No offences"),
    (1, "offence", False, "one offence"),
    (1, "baby", True, "One baby"),
    (3, "offence", False, "three offences"),
    (3, "baby", False, "three babies"),
    (9, "child", False, "nine children"),
    (10, "child", False, "10 children"),
    (771, "offence", False, "771 offences"),
    (771, "offence", True, "Seven hundred and seventy-one offences"),
    (64667, "crime", False, "64,667 crimes"),
])
def test_count_noun(n, singular, start, expected):
    assert count_noun(n, singular, start=start) == expected


def test_count_noun_with_given_plural():
    assert count_noun(0, "criterion", "criteria") == "no criteria"


# --- a / an -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("what", "expected"), [
    # numbers, by how they are said
    (8, "an"), (11, "an"), (18, "an"), (80, "an"), (800, "an"), (8000, "an"), (11000, "an"),
    (1, "a"), (7, "a"), (10, "a"), (100, "a"), (1800, "a"), (D("8.5"), "an"), (D("0.5"), "a"),
    (-8, "a"),
    ("8", "an"), ("11-year-old", "an"), ("18-year-old", "an"), ("8,000", "an"), ("80", "an"),
    ("1-0 win", "a"), ("100", "a"), ("7", "a"), ("£8m", "an"), ("£1.2m", "a"), ("8%", "an"),
    ("1800s", "an"), ("1100", "an"), ("2018", "a"), ("1,800", "a"),
    # words, by sound
    ("offence", "an"), ("crime", "a"), ("hour", "an"), ("hour-long", "an"), ("honest", "an"),
    ("heir", "an"), ("university", "a"), ("uniform", "a"), ("unidentified", "an"),
    ("unusual", "an"), ("European", "a"), ("euro", "a"), ("one", "a"), ("one-off", "a"),
    ("once-in-a-lifetime", "a"), ("online", "an"), ("useful", "a"), ("usher", "an"),
    ("utter", "an"), ("historic", "a"), ("year", "a"), ("‘increase’", "an"),
    # letters and initialisms, by letter name
    ("MP", "an"), ("MPs", "an"), ("NSPCC", "an"), ("NSPCC’s", "an"), ("UK", "a"), ("SOS", "an"),
    ("FOI", "an"), ("BBC", "a"), ("NHS", "an"), ("US", "a"), ("A&E", "an"), ("X-ray", "an"),
    ("U-turn", "a"), ("e-mail", "an"), ("GP", "a"),
    # initialisms said as words
    ("NATO", "a"), ("Ofsted", "an"), ("UEFA", "a"), ("ASBO", "an"),
])
def test_article(what, expected):
    assert article(what) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("11-year-old", "an 11-year-old"),
    ("8,000-strong crowd", "an 8,000-strong crowd"),
    ("hour", "an hour"),
    ("increase", "an increase"),
    ("rise", "a rise"),
])
def test_with_article(text, expected):
    assert with_article(text) == expected


@pytest.mark.parametrize("bad", ["", "   ", "--"])
def test_article_needs_something_to_say(bad):
    with pytest.raises(ValueError):
        article(bad)


def test_article_refuses_floats():
    with pytest.raises(TypeError):
        article(8.0)


# --- percentages and change -------------------------------------------------------------------

@pytest.mark.parametrize(("x", "style", "expected"), [
    (16, "per cent", "16 per cent"),
    (16, "%", "16%"),
    (D("15.5"), "per cent", "16 per cent"),
    (D("15.49"), "per cent", "15 per cent"),
    (D("-22.4"), "per cent", "22 per cent"),
    (D("0.4"), "per cent", "0.4 per cent"),
    (D("0.45"), "per cent", "0.5 per cent"),
    (D("-0.45"), "%", "0.5%"),
    (D("0.96"), "per cent", "1 per cent"),
    (D("0.95"), "per cent", "1 per cent"),
    (D("0.94"), "per cent", "0.9 per cent"),
    (D("0.04"), "per cent", "0.04 per cent"),
    (D("0.004"), "per cent", "0.004 per cent"),
    (0, "per cent", "0 per cent"),
    (1, "per cent", "1 per cent"),
    (D("99.5"), "per cent", "99.5 per cent"),  # "fell by 100 per cent to one" is false
    (D("99.96"), "per cent", "99.96 per cent"),
    (D("99.4"), "per cent", "99 per cent"),
    (D("100.4"), "per cent", "100 per cent"),
    (1200, "per cent", "1,200 per cent"),
    (F(100, 3), "%", "33%"),
])
def test_percent(x, style, expected):
    assert percent(x, style=style) == expected


@pytest.mark.parametrize(("x", "style", "expected"), [
    (16, "per cent", "Sixteen per cent"),
    (16, "%", "Sixteen per cent"),
    (D("-59"), "per cent", "Fifty-nine per cent"),
    (D("0.4"), "per cent", "Zero point four per cent"),
    (D("0.04"), "per cent", "Zero point zero four per cent"),
])
def test_percent_at_sentence_start_is_spelt_out(x, style, expected):
    assert percent(x, style=style, start=True) == expected


def test_percent_refuses_unknown_style():
    with pytest.raises(ValueError):
        percent(16, style="pc")


def _percent_shown(text: str) -> Decimal:
    return Decimal(text.removesuffix("%").removesuffix(" per cent").replace(",", ""))


@fast
@given(st.fractions(min_value=-10**5, max_value=10**5, max_denominator=10**4),
       st.sampled_from(["per cent", "%"]))
def test_percent_parses_back_within_half_a_unit_of_its_last_place(x, style):
    shown = _percent_shown(percent(x, style=style))
    half_unit = Fraction(1, 2) * Fraction(10) ** shown.as_tuple().exponent
    assert abs(Fraction(shown) - abs(x)) <= half_unit <= Fraction(1, 2)
    assert (shown == 0) == (x == 0)  # a non-zero percentage never shows as 0
    assert shown != 100 or abs(x) >= 100  # nor a partial one as 100


@pytest.mark.parametrize(("change", "expected"), [
    (5, "rose"), (D("0.001"), "rose"), (0, "was unchanged"), (D("-0.001"), "fell"), (-514, "fell"),
])
def test_direction(change, expected):
    assert direction(change) == expected


def test_direction_takes_other_words():
    assert direction(-3, rise="an increase", fall="a drop", same="no change") == "a drop"


@pytest.mark.parametrize(("pct", "style", "expected"), [
    (D("16.2"), "per cent", "up by 16 per cent"),
    (D("-22"), "per cent", "down by 22 per cent"),
    (D("-21.5"), "%", "down by 22%"),
    (0, "per cent", "unchanged"),
    (D("0.3"), "per cent", "up by 0.3 per cent"),
    (D("-0.3"), "per cent", "down by 0.3 per cent"),
    (D("0.04"), "per cent", "up by 0.04 per cent"),
    (D("0.4999"), "per cent", "up by 0.5 per cent"),
    (D("59"), "per cent", "up by 59 per cent"),
])
def test_change_phrase(pct, style, expected):
    assert change_phrase(pct, style=style) == expected


# --- shares -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("share", "expected"), [
    (D("0.1"), "one in 10"),
    (D("0.0999"), "one in 10"),
    (D("0.105"), "one in 10"),  # exactly on the tolerance: accepted
    (D("0.1051"), "more than one in 10"),
    (D("0.095"), "one in 11"),  # 1/0.095 = 10.53 rounds to 11, and 1/11 is within 0.005
    (D("0.2"), "one in five"),
    (F(1, 3), "one in three"),
    (D("0.3"), "almost one in three"),
    (D("0.36"), "more than one in three"),
    (D("0.4"), "more than one in three"),  # 1/0.4 = 2.5 rounds half up to 3
    (D("0.55"), "more than one in two"),
    (D("0.5"), "one in two"),
    (D("0.001"), "one in 1,000"),
    (1, "all"),
])
def test_one_in(share, expected):
    assert one_in(share) == expected


@pytest.mark.parametrize("bad", [0, D("-0.1"), D("1.01"), 2])
def test_one_in_refuses_shares_outside_zero_to_one(bad):
    with pytest.raises(ValueError):
        one_in(bad)


def _one_in_denominator(phrase: str) -> int:
    figure = phrase.rpartition(" in ")[2]
    return int(words_to_number(figure))


@fast
@given(st.fractions(min_value=F(1, 10**4), max_value=1, max_denominator=10**5))
def test_one_in_says_only_what_the_share_supports(share):
    phrase = one_in(share)
    if share == 1:
        assert phrase == "all"
        return
    n = _one_in_denominator(phrase)
    assert n == int(rounded(1 / share))
    if phrase.startswith("almost "):
        assert share < F(1, n) - SHARE_TOLERANCE
    elif phrase.startswith("more than "):
        assert share > F(1, n) + SHARE_TOLERANCE
    else:
        assert abs(share - F(1, n)) <= SHARE_TOLERANCE


@pytest.mark.parametrize(("share", "expected"), [
    (D("0.25"), "a quarter"),
    (D("0.254"), "a quarter"),
    (D("0.256"), None),
    (F(1, 3), "a third"),
    (D("0.33"), "a third"),
    (D("0.5"), "half"),
    (D("0.495"), "half"),
    (D("0.6667"), "two-thirds"),
    (D("0.75"), "three-quarters"),
    (D("0.6"), None),
    (D("0.1"), None),
    (1, "all"),
])
def test_share_words(share, expected):
    assert share_words(share) == expected


# --- rates and intervals ----------------------------------------------------------------------

@pytest.mark.parametrize(("events", "days", "expected"), [
    (771, 365, "two a day"),  # the Hertfordshire seed: 2.11 a day, 5 per cent from two
    (570, 365, "11 a week"),  # Wiltshire: 1.56 a day is not "about two a day" (28 per cent)
    (504, 365, "10 a week"),  # Gloucestershire: 1.38 a day is not "about one" (27 per cent)
    (64667, 365, "177 a day"),
    (365, 365, "one a day"),
    (429, 365, "one a day"),  # 1.175 a day: one is 14.9 per cent below it
    (430, 365, "eight a week"),  # 1.178 a day: one would be 15.1 per cent out
    (364, 365, "one a day"),  # just under one a day, within 15 per cent of it
    (300, 365, "six a week"),  # 0.82 a day: one a day would be 22 per cent out
    (53, 365, "one a week"),
    (52, 365, "one a week"),  # 0.997 a week
    (40, 365, "three a month"),  # 0.77 a week: 40/12 = 3.33 a month
    (36, 365, "three a month"),
    (12, 365, "one a month"),
    (3650, 365, "10 a day"),
])
def test_rate_per_day(events, days, expected):
    assert rate_per_day(events, days) == expected
    _figure, unit = honest_rate(events, days)
    assert expected.endswith(f" a {unit}")


@pytest.mark.parametrize(("events", "days"), [
    (1, 365),  # a single offence is not "one a year": no phrase
    (5, 365),  # 0.42 a month
    (6, 365),  # 0.5 a month would round to one: 100 per cent out
    (20, 365),  # 1.67 a month: "two a month" is 20 per cent out
    (0, 365),
])
def test_no_honest_rate(events, days):
    assert honest_rate(events, days) is None
    with pytest.raises(ValueError):
        rate_per_day(events, days)


@pytest.mark.parametrize("events", range(1, 3000, 7))
def test_every_rate_phrase_is_within_fifteen_per_cent(events):
    found = honest_rate(events, 365)
    if found is None:
        return
    figure, unit = found
    exact_average = Fraction(events, 365) * {"day": 1, "week": 7, "month": Fraction(365, 12)}[unit]
    assert abs(figure - exact_average) <= RATE_HONESTY * exact_average


@pytest.mark.parametrize(("events", "days", "expected"), [
    (64667, 365, "every eight minutes"),  # the national seed: 8.13 minutes
    (1440, 1, "every minute"),
    (1441, 1, "every 60 seconds"),  # just under a minute: 59.96 seconds
    (2160, 1, "every 40 seconds"),
    (1440 * 60, 1, "every second"),
    (720, 1, "every two minutes"),
    (D("12.1"), 1, "every 119 minutes"),  # 119.0 minutes
    (12, 1, "every two hours"),  # exactly 120 minutes
    (10, 1, "every 144 minutes"),  # 2.4 hours: "every two hours" would be 17 per cent out
    (1, 1, "every 24 hours"),
    (1, 2, "every two days"),  # exactly 48 hours
    (100, 365, "every four days"),
    (3, 365, "every 122 days"),
])
def test_every_interval(events, days, expected):
    assert every_interval(events, days) == expected


@pytest.mark.parametrize("function", [rate_per_day, every_interval])
@pytest.mark.parametrize(("events", "days"), [(0, 365), (-3, 365), (10, 0)])
def test_rates_refuse_nothing_to_rate(function, events, days):
    with pytest.raises(ValueError):
        function(events, days)


def test_interval_too_short_to_write():
    with pytest.raises(ValueError):
        every_interval(10**9, 1)


# --- capitalisation and checking copy ---------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("one in 10", "One in 10"),
    ("no offences", "No offences"),
    ("‘one in 10’", "‘One in 10’"),
    ("NSPCC figures", "NSPCC figures"),
    ("11-year-old", "11-year-old"),
    ("", ""),
    ("a BBC report", "A BBC report"),
])
def test_capitalise(text, expected):
    assert capitalise(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("771 offences were recorded.", [0]),
    ("Seven hundred and seventy-one offences were recorded.", []),
    ("Offences rose. 771 were recorded.", [15]),
    ("Offences rose! 771 were recorded? 16 per cent.", [15, 34]),
    ("Offences rose.\n771 were recorded.", [15]),
    ("# 771 offences\n\nRecorded.", [2]),
    ("## 771 offences", [3]),
    ("He said: “Awful.” 10 more came.", [18]),
    ("A rise of 0.4 per cent. Up by 16 per cent.", []),
    ("“10 of them,” she said.", [1]),
    ("£8m was spent.", []),
    ("Offences rose.  771 were recorded.", [16]),
    ("", []),
])
def test_sentence_starts_with_figure(text, expected):
    assert sentence_starts_with_figure(text) == expected


def test_flagged_offsets_point_at_digits():
    text = "Up by 16 per cent. 771 offences.\n# 12 forces\n\nOne in 10."
    offsets = sentence_starts_with_figure(text)
    assert offsets
    assert all(text[offset].isdigit() for offset in offsets)


def test_seed_style_copy_composes_without_a_figure_first():
    copy = (f"Child sex offences were recorded at {with_article('average')} of {rate_per_day(771, 365)}, "
            f"{change_phrase(D('16.2'))}. {capitalise(one_in(D('0.1')))} had an online element. "
            f"{count_noun(3, 'offence', start=True)} were against babies, "
            f"with {with_article('crime')} recorded {every_interval(64667, 365)} across the UK.")
    assert copy == ("Child sex offences were recorded at an average of two a day, up by 16 per cent. "
                    "One in 10 had an online element. Three offences were against babies, "
                    "with a crime recorded every eight minutes across the UK.")
    assert sentence_starts_with_figure(copy) == []


# --- rates per population, places, bounds -----------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (F(6554, 1000), "6.6"), (D("93.55"), "93.6"), (F(123456, 100), "1,234.6"), (D("0.05"), "0.1"),
])
def test_rate_figure(value, expected):
    assert rate_figure(value) == expected


def test_rate_figure_refuses_a_rate_that_shows_as_zero():
    with pytest.raises(ValueError):
        rate_figure(D("0.04"))


@pytest.mark.parametrize(("n", "expected"), [
    (1, "first"), (2, "second"), (9, "ninth"), (10, "10th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (38, "38th"), (101, "101st"),
    (111, "111th"),
])
def test_ordinal(n, expected):
    assert ordinal(n) == expected


@pytest.mark.parametrize(("place", "of", "lowest", "joint", "expected"), [
    (1, 43, False, False, "the highest"),
    (2, 43, False, False, "the second highest"),
    (12, 43, False, False, "the 12th highest"),
    (38, 43, False, True, "the joint 38th highest"),
    (1, 43, True, False, "the lowest"),
    (2, 43, True, False, "the second lowest"),
    (1, 43, False, True, "the joint highest"),
])
def test_rank_phrase(place, of, lowest, joint, expected):
    assert rank_phrase(place, of, lowest=lowest, joint=joint) == expected


@pytest.mark.parametrize(("place", "of"), [(0, 43), (44, 43)])
def test_rank_phrase_refuses_a_place_outside_the_table(place, of):
    with pytest.raises(ValueError):
        rank_phrase(place, of)


@pytest.mark.parametrize(("lower", "upper", "expected"), [
    (0, 4, "fewer than five"), (0, 2, "fewer than three"), (0, 9, "fewer than 10"),
    (1, 4, "between one and four"),
])
def test_fewer_than(lower, upper, expected):
    assert fewer_than(lower, upper) == expected


@pytest.mark.parametrize(("text", "notes"), [
    ("Police said.\n\n[Force response: add Wiltshire Police’s comment on these figures here.]\n",
     ["[Force response: add Wiltshire Police’s comment on these figures here.]"]),
    ("  [Add the response of Kent Police before publishing.]  \nNext.",
     ["[Add the response of Kent Police before publishing.]"]),
    ("See [the NSPCC](https://www.nspcc.org.uk) for help.", []),       # a link is no note
    ("[the NSPCC](https://www.nspcc.org.uk)", []),
    ("Figures [in brackets] mid-paragraph stay copy.", []),
    ("A spokesperson for the force said it took every report seriously.", []),
])
def test_editors_notes_are_bracketed_paragraphs(text, notes):
    assert editors_notes(text) == notes
