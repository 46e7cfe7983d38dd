"""Acceptance: the two seed articles checked against the bundled data, and mutated."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from localwire.check import check_text
from localwire.check.extract import extract_claims
from localwire.cli import main
from localwire.importing.bundled_data import bundled_store
from localwire.prose.numwords import number_to_words

HERTS = "000_61e7ce2f243b7df9.txt"
WILTS = "001_af9c3813f36cfa7f.txt"

# (seed, claim text, verdict, words the explanation must contain)
EXPECTED = [
    (HERTS, "two", "supported", "771 / 365"),
    (HERTS, "771", "supported", ""),
    (HERTS, "16 per cent", "supported", "published"),
    (HERTS, "104", "supported", ""),
    (HERTS, "16", "supported", ""),
    (HERTS, "three", "supported", ""),
    (HERTS, "400", "supported", ""),
    (HERTS, "514", "supported", ""),
    (HERTS, "138", "supported", ""),
    (HERTS, "37", "supported", ""),
    (HERTS, "a record", "unverifiable", "at least three periods"),
    (HERTS, "64,667", "supported", ""),
    (HERTS, "15 per cent", "supported", "published"),
    (HERTS, "every eight minutes", "supported", "64667"),
    (HERTS, "One in 10", "supported", "6438 / 64667"),
    (HERTS, "59 per cent", "supported", "published"),
    (HERTS, "more than 37,600", "unverifiable", "'children' is not a measure"),
    (WILTS, "at an all-time high", "unverifiable", "at least three periods"),
    (WILTS, "a record", "contradicted", "not a record high"),  # 698 in 2014/15 in this data
    (WILTS, "570", "supported", ""),
    (WILTS, "116", "supported", ""),
    (WILTS, "Almost one in 10", "unverifiable", "no data for Wiltshire"),
    (WILTS, "15 per cent", "supported", "published"),
    (WILTS, "64,667", "supported", ""),
    (WILTS, "6,438", "supported", ""),
    (WILTS, "59 per cent", "supported", "published"),
    (WILTS, "43", "unverifiable", "'forces' is not a measure"),
    (WILTS, "14", "supported", "570 - 556"),
    (WILTS, "123", "supported", "504 - 381"),
    (WILTS, "381", "supported", ""),
    (WILTS, "504", "supported", ""),
    (WILTS, "443", "supported", "1483 - 1040"),
    (WILTS, "1,040", "supported", ""),
    (WILTS, "1,483", "supported", ""),
]


@pytest.fixture(scope="module")
def store():
    with bundled_store() as opened:
        yield opened


@pytest.fixture(scope="module")
def reports(store, request):
    from tests.conftest import SEEDS
    return {name: check_text((SEEDS / name).read_text(encoding="utf-8"), store)
            for name in (HERTS, WILTS)}


def test_every_claim_in_the_seeds_is_extracted_and_judged(reports):
    for name in (HERTS, WILTS):
        got = [(c.claim.text, c.verdict) for c in reports[name].checks]
        want = [(text, verdict) for seed, text, verdict, _ in EXPECTED if seed == name]
        assert got == want, name


@pytest.mark.parametrize(("seed", "text", "verdict", "reason"), EXPECTED)
def test_each_verdict_names_its_fact_formula_and_reason(reports, seed, text, verdict, reason):
    check = next(c for c in reports[seed].checks if c.claim.text == text and c.verdict == verdict)
    record = json.dumps(check.as_dict())
    assert reason in record
    if verdict == "supported":
        assert check.outcome.fact_id and check.outcome.formula and check.outcome.tolerance


def _figures(text: str) -> list[tuple[int, int, Decimal]]:
    """Every figure of every claim the checker supports, as (start, end, value)."""
    spans = []
    for claim in extract_claims(text):
        if claim.kind == "record":
            continue
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", claim.text)
        if digits:
            spans.append((claim.start + digits.start(), claim.start + digits.end(),
                          Decimal(digits.group().replace(",", ""))))
            continue
        words = re.search(r"\b(one|two|three|four|five|six|seven|eight|nine)\b(?!\s+in)|\bin (\w+)$",
                          claim.text, re.IGNORECASE)
        group = words.group(1) or words.group(2)
        start = claim.start + (words.start(1) if words.group(1) else words.start(2))
        from localwire.prose.numwords import words_to_number
        spans.append((start, start + len(group), words_to_number(group)))
    return spans


def _mutated(original: str, value: Decimal, factor: Decimal, is_percent: bool) -> str:
    new = value + 5 * (1 if factor > 1 else -1) if is_percent else (value * factor).to_integral_value()
    if new == value:
        new = value + (1 if factor > 1 else -1)
    if original[0].isalpha():
        word = number_to_words(int(new))
        return word.capitalize() if original[0].isupper() else word
    return f"{int(new):,}" if "," in original else str(int(new))


@pytest.mark.parametrize("seed", [HERTS, WILTS])
@pytest.mark.parametrize("factor", [Decimal("1.25"), Decimal("0.75")])
def test_changing_any_supported_figure_makes_its_claim_contradicted(store, reports, seeds, seed, factor):
    text = (seeds / seed).read_text(encoding="utf-8")
    supported = {c.claim.start for c in reports[seed].checks if c.verdict == "supported"}
    tried = 0
    for start, end, value in _figures(text):
        owner = next(c for c in reports[seed].checks
                     if c.claim.start <= start < c.claim.end and c.claim.kind != "record")
        if owner.claim.start not in supported:
            continue
        is_percent = owner.claim.kind in ("pct_change", "percent")
        replacement = _mutated(text[start:end], value, factor, is_percent)
        changed = text[:start] + replacement + text[end:]
        report = check_text(changed, store)
        hit = [c for c in report.checks if c.claim.start <= start < c.claim.end and c.claim.kind != "record"]
        assert hit, (text[start:end], replacement)
        assert hit[0].verdict == "contradicted", (text[start:end], replacement, hit[0].as_dict())
        tried += 1
    assert tried == len(supported)  # every supported figure was mutated


def test_cli_json_equals_the_library_result(store, seeds, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no localwire.duckdb here: the bundled data is used
    path = seeds / WILTS
    code = main(["check", str(path), "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert printed == check_text(path.read_text(encoding="utf-8"), store).as_dict()
    assert code == 1  # the Wiltshire "record" is contradicted by this data


def test_cli_exit_codes(seeds, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(seeds / HERTS)]) == 0
    assert "15 supported, 0 contradicted, 2 unverifiable" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert main(["check", str(seeds / HERTS), "--period", "2016-17x"]) == 1
