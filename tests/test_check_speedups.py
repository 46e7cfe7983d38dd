"""The checker's speed-ups change nothing: first-character tests in front of patterns, the
remembered sentences, phrases and clause spans. (tests/test_check_golden.py locks whole outputs.)"""

from __future__ import annotations

import dataclasses
import gc
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localwire.areas import gazetteer_of
from localwire.check import extract, resolve
from localwire.check.extract import extract_claims
from localwire.check.resolve import AreaFinder, find_area_mentions
from localwire.importing.bundled_data import bundled_store

DATA = Path(__file__).parent / "data" / "check"
SENTENCES = [json.loads(line)["text"] for name in ("labelled_sentences.jsonl", "heldout_sentences.jsonl")
             for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
_LOOKAHEAD = re.compile(r"^\(\?=\[[^\]]+\]\)")


def _patterns_with_first_test() -> list[tuple[str, re.Pattern[str]]]:
    named = [*vars(extract).items(), *vars(resolve).items(), *extract._NOT_CLAIMS,
             *((f"age {i}", p) for i, p in enumerate(extract._AGE_PATTERNS))]
    return [(name, p) for name, p in named
            if isinstance(p, re.Pattern) and _LOOKAHEAD.match(p.pattern)]


PATTERNS = _patterns_with_first_test()
# Digits, the letters that start figures and dates, the four letters IGNORECASE folds specially
# (long s, Kelvin sign, dotted and dotless i), punctuation the patterns look at.
WORDS = ["one", "two", "three", "ten", "twenty", "half", "third", "a", "an", "every", "per", "cent",
         "forces", "aged", "under", "years", "old", "section", "May", "June", "2016/17", "record",
         "high", "new", "times", "in", "of", "the", "0800", "1111", "am", "national", "force", "Nationwide"]
PIECES = [*"0123456789 ,.-/:()+£%'", "ſ", "K", "İ", "ı", "\n", "–", "’", *WORDS]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _without_first_test(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(_LOOKAHEAD.sub("", pattern.pattern), pattern.flags)


def test_the_first_character_tests_are_found():
    assert len(PATTERNS) >= 10


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_a_first_character_test_changes_no_match_on_real_sentences(name, pattern):
    plain = _without_first_test(pattern)
    for text in SENTENCES:
        assert _matches(pattern, text) == _matches(plain, text), text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_first_character_test_changes_no_match_on_any_text(text):
    for _name, pattern in PATTERNS:
        assert _matches(pattern, text) == _matches(_without_first_test(pattern), text)


def test_remembered_sentences_give_fresh_claims():
    text = SENTENCES[1] + " " + SENTENCES[1]
    first = extract_claims(text)
    for claim in first:  # callers may change what they get back
        claim.notes.append("changed")
        claim.start = -1
    again = extract_claims(text)
    extract._sentence_claims.cache_clear()
    extract._clause_spans.cache_clear()
    fresh = extract_claims(text)
    assert [dataclasses.asdict(c) for c in again] == [dataclasses.asdict(c) for c in fresh]
    assert again[0].start != again[len(again) // 2].start  # each copy placed at its own sentence


def test_area_finder_remembers_nothing_that_changes_its_answer():
    with bundled_store() as store:
        gazetteer = gazetteer_of(store)
        text = "Herts Police and Wiltshire Police. In England and Wales, the Met's figures rose."
        remembered = [find_area_mentions(text, gazetteer) for _ in range(2)]
        assert remembered[0] == remembered[1] == AreaFinder(gazetteer.aliases).find(text)
        assert [m.slug for m in remembered[0]][:2] == [gazetteer.resolve("Herts").slug,
                                                       gazetteer.resolve("Wiltshire").slug]


def test_area_finders_go_with_their_gazetteer():
    with bundled_store() as store:
        find_area_mentions("Herts Police", gazetteer_of(store))
        assert id(gazetteer_of(store)) in resolve._finders
        key = id(gazetteer_of(store))
        store.generation += 1  # what a commit does
        gazetteer_of(store)  # rebuilt: the old gazetteer is no longer held
    gc.collect()
    assert key not in resolve._finders
