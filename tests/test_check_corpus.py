"""Extraction scored on real news sentences (tests/data/check/labelled_sentences.jsonl).

Run `python tests/test_check_corpus.py` to print precision, recall and kind accuracy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from localwire.check.extract import Claim, extract_claims

CORPUS = Path(__file__).parent / "data" / "check" / "labelled_sentences.jsonl"


@dataclass
class Score:
    sentences: int
    labelled: int
    extracted: int
    matched: int
    kind_right: int
    misses: list[str]
    extras: list[str]

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.matched if self.matched else 1.0


def _same_value(claim: Claim, label: dict) -> bool:
    if label["value"] is None or claim.value is None:
        return label["value"] is None and claim.value is None
    return abs(claim.value - Decimal(label["value"])) < Decimal("0.01")


def _overlaps(claim: Claim, text: str, label: dict) -> bool:
    start = text.find(label["span"])
    while start != -1:
        if claim.start < start + len(label["span"]) and start < claim.end:
            return True
        start = text.find(label["span"], start + 1)
    return False


def score_corpus(corpus: Path = CORPUS) -> Score:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    score = Score(len(rows), 0, 0, 0, 0, [], [])
    for row in rows:
        text, labels = row["text"], row["claims"]
        claims = extract_claims(text)
        score.labelled += len(labels)
        score.extracted += len(claims)
        unused = list(claims)
        for label in labels:
            match = next((c for c in unused if _same_value(c, label) and _overlaps(c, text, label)), None)
            if match is None:
                score.misses.append(f"{label['kind']} {label['span']!r} in {text[:70]!r}")
                continue
            unused.remove(match)
            score.matched += 1
            score.kind_right += match.kind == label["kind"]
            if match.kind != label["kind"]:
                score.misses.append(f"KIND {match.kind}!={label['kind']} {label['span']!r}")
        score.extras.extend(f"{c.kind} {c.text!r} in {text[:70]!r}" for c in unused)
    return score


def test_corpus_is_large_enough():
    score = score_corpus()
    assert score.sentences >= 60
    assert score.labelled >= 100


def test_extraction_precision_and_recall_on_real_sentences():
    score = score_corpus()
    assert score.recall >= 0.95, score.misses
    assert score.precision >= 0.95, score.extras
    assert score.kind_accuracy >= 0.9, score.misses


def print_score(result: Score) -> None:
    print(f"{result.sentences} sentences, {result.labelled} labelled claims, {result.extracted} extracted")
    print(f"precision {result.precision:.3f}  recall {result.recall:.3f}  kind accuracy "
          f"{result.kind_accuracy:.3f}")
    for line in result.misses:
        print("  missed:", line)
    for line in result.extras:
        print("  extra: ", line)


if __name__ == "__main__":
    print_score(score_corpus())
