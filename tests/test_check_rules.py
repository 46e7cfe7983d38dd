"""The extraction rules as data: every rule's own example sentences, the tokenizer's kinds, the
pattern language, and periods named in a sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from localwire.check.extract import extract, extract_claims, matches_in, tokenize
from localwire.check.extract.patterns import Encoded, compile_pattern, find_all
from localwire.check.extract.rules import MACROS, RULES

EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]


def test_every_rule_has_examples_and_a_known_label():
    assert len(RULES) >= 15 and sum(len(rule.patterns) for rule in RULES) >= 40
    kinds = {"count", "percent", "change", "pct_change", "share", "rate", "interval", "record",
             "ratio", "money", "coverage", "rank", "age", "skip"}
    for rule in RULES:
        assert rule.examples, rule.name
        assert rule.label in kinds, rule.name


@pytest.mark.parametrize(("rule", "example"), EXAMPLES,
                         ids=[f"{rule.name}: {example.sentence[:40]}" for rule, example in EXAMPLES])
def test_each_rule_takes_its_example(rule, example):
    """The rule wins its span in its own example: a claim of its kind with that text, a skip that
    leaves no claim on that figure, an age filter on the claims of its clause."""
    tokens = tokenize(example.sentence)
    chosen = [m for m in matches_in(example.sentence) if m.rule is rule]
    texts = [example.sentence[tokens[m.first].start:tokens[m.end - 1].end] for m in chosen]
    claims = extract_claims(example.sentence)
    if rule.label == "skip":
        assert any(example.takes in text for text in texts), (texts, example)
        at = example.sentence.index(example.takes)
        assert not any(c.start <= at < c.end for c in claims), claims
    elif rule.label == "age":
        assert example.takes in texts, (texts, example)
        assert any(c.age_min is not None or c.age_max is not None for c in claims) or not claims
    else:
        assert any(c.rule == rule.name and c.text == example.takes for c in claims), \
            ([(c.rule, c.text) for c in claims], example)


@pytest.mark.parametrize(("text", "kinds"), [
    ("In 2016/17 there were 1,483 offences, up 16 per cent.", ["WORD", "FY", "WORD", "WORD", "NUM", "WORD",
                                                              "BREAK", "WORD", "NUM", "PCT", "PUNCT"]),
    ("Call 0808 800 5000 on 1 April 2018 at 10.30am.", ["WORD", "PHONE", "WORD", "DATE", "WORD", "TIME",
                                                         "PUNCT"]),
    ("The 3rd force spent £50m, a third of it in 13/14.", ["WORD", "ORD", "WORD", "WORD", "CUR", "NUM",
                                                           "BREAK", "FRAC", "WORD", "WORD", "WORD", "FY",
                                                           "PUNCT"]),
    ("Seven hundred and seventy-one on the A38", ["WORDNUM", "WORD", "WORD", "LABEL"]),
    ("Table PRC-3 for under-18s, mid-2016", ["WORD", "LABEL", "WORD", "WORD", "HYPHEN", "LABEL", "BREAK",
                                             "WORD", "HYPHEN", "YEAR"]),
    ("Covid-19-related cases of one-in-10", ["LABEL", "HYPHEN", "WORD", "WORD", "WORD", "WORDNUM", "HYPHEN",
                                             "WORD", "HYPHEN", "NUM"]),
])
def test_tokens_are_typed(text, kinds):
    assert [t.kind for t in tokenize(text)] == kinds


@pytest.mark.parametrize(("text", "value", "step"), [
    ("1.2 million", "1200000", "100000"), ("64,667", "64667", "1"), ("3.9million", "3900000", "100000"),
    ("seven hundred and seventy-one", "771", "1"), ("12, 616 incidents", "12616", "1"),
])
def test_figures_carry_value_and_precision(text, value, step):
    token = tokenize(text)[0]
    assert (token.value, token.step) == (Decimal(value), Decimal(step))


@pytest.mark.parametrize(("text", "expected"), [
    ("The force recorded771 offences.", [("count", 771)]),  # a missing space
    ("13/14 saw 2,210 offences.", [("count", 2210)]),  # a short financial year is not a figure
    ("Offences rose by 15 per cent in 2015/16.", [("pct_change", 15)]),
])
def test_typos_and_short_years(text, expected):
    assert [(c.kind, c.value) for c in extract_claims(text)] == expected


def test_claims_are_immutable_and_typed():
    share, coverage = extract_claims("One in 10 offences were online. All 43 forces replied.")
    assert (share.kind, share.n, share.d) == ("share", 1, 10)
    assert (coverage.kind, coverage.reported, coverage.expected) == ("coverage", 43, 43)
    with pytest.raises(AttributeError):
        share.value = Decimal(5)  # frozen


@pytest.mark.parametrize(("source", "text", "span"), [
    ("n:FIG ( in / out of ) every? d:FIG !PCT", "one in every 20 crimes", "one in every 20"),
    ("the? o:( ORD / second|third ) HYPHEN? highest", "the third-highest rate", "the third-highest"),
    ("@UNIT{0,2}? per|for", "years for", "years for"),
])
def test_the_pattern_language(source, text, span):
    tokens = tokenize(text)
    found = list(find_all(compile_pattern(source, MACROS), Encoded(tokens)))
    assert found, source
    first, end, _ = found[0]
    assert text[tokens[first].start:tokens[end - 1].end] == span


@pytest.mark.parametrize(("text", "periods"), [
    ("Crime rose in the 12 months to September.", [(None, 9, "in")]),
    ("It rose 21% on 2013-14, and since 2010/11.", [(2014, 3, "base"), (2011, 3, "since")]),
    ("Between April 2016 and March 2017 offences rose.", [(2017, 3, "in")]),
    ("Up 142 per cent on the same period in 2007 (542).", [(2007, None, "base")]),
    # ho-dorsetecho-2018 (fresh4): the year after "from" and a figure dates the base of the change
    ("Robberies increased by 29 per cent with 286 reported cases, up from 221 in 2016.",
     [(2016, None, "base")]),
    ("Sexual offences rose to 1,533 in 2017.", [(2017, None, "in")]),
    # ho-strayfm-2015 (fresh5): "the same period ending June 2014" is the year to June 2014, the base
    ("It means that there's been a slight 1.6% rise in crime - 556 more crimes - in comparison to the "
     "same period ending June 2014.", [(2014, 6, "base")]),
    # ho-newburyforum-2014 (fresh5)
    ("Overall crime dropped by more than four per cent in the 12 months leading up to September 2013, "
     "compared with the previous year.", [(2013, 9, "in")]),
    # ho-davidhanson-2018 (fresh5): a multi-year change since the year to September 2010
    ("Most concerning of all these figures is the 288% increase in sexual offences in North Wales "
     "since September 2010.", [(2010, 9, "since")]),
    # ho-heartnorfolk-2012 (fresh5): twelve months from April 2011, the year to March 2012
    ("The quarterly report from the Home Office shows a 2% drop in crime overall in the 12-month "
     "period between April 2011 and 2012.", [(2012, 3, "in")]),
    ("Between April 2011 and 2014 crime fell.", [(2011, None, ""), (2014, None, "and")]),
    # ho-eveningnews24-2014 (fresh5): twelve whole months between two dates
    ("The figures, for the rolling year between 1 October 2012 and 30 September 2013, show there were "
     "1,410 fewer recorded crimes.", [(2013, 9, "in")]),
    ("Between 1 March 2013 and 30 June 2013 there were 5 burglaries.", []),
])
def test_periods_named_in_a_sentence(text, periods):
    found = [(m.end_year, m.end_month, m.cue) for _, m in extract(text).periods]
    assert found == periods


@pytest.mark.parametrize(("text", "kind", "direction"), [
    # ho-newburyforum-2014 (fresh5): the change noun is the subject of "was"
    ("The reduction in crime nationally was 4.4 per cent.", "pct_change", "fall"),
    ("The increase in Sussex was 7%.", "pct_change", "rise"),
    ("There were decreases in gun crime for this period of 12.8%.", "pct_change", "fall"),
    ("The share of crime was 12%.", "percent", None),
])
def test_a_change_noun_before_was_makes_a_change(text, kind, direction):
    (claim,) = extract(text).claims
    assert (claim.kind, claim.direction) == (kind, direction)
