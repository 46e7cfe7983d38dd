"""Golden outputs: the checker's full reports on the seed articles and on every corpus sentence,
and every field of every claim extracted from the corpus, must not change unnoticed (for example
when the checker is made faster). When a change of output is intended, regenerate the file with
`PYTHONPATH=. python tests/test_check_golden.py --write` and review the diff.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from localwire.check import check_text
from localwire.check.extract import Claim, extract_claims
from localwire.importing.bundled_data import bundled_store

DATA = Path(__file__).parent / "data" / "check"
GOLDEN = DATA / "golden_reports.json"
CORPORA = ("labelled_sentences.jsonl", "heldout_sentences.jsonl")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _claim(text: str, claim: Claim) -> dict[str, Any]:
    """Every field; the sentence, clause and scope (long strings) as their place in the text."""
    fields = _plain(claim.fields())
    for name in ("sentence", "clause", "scope"):
        fields[name] = [text.find(fields[name]), len(fields[name])]
    for name in ("clause_start", "clause_end", "scope_end"):
        fields.pop(name)
    return fields


def _sentences(corpus: str) -> list[str]:
    lines = (DATA / corpus).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line]


def current_outputs(seeds: Path) -> dict[str, Any]:
    outputs: dict[str, Any] = {"extraction": {}, "reports": {}, "seeds": {}}
    with bundled_store() as store:
        for corpus in CORPORA:
            texts = _sentences(corpus)
            outputs["extraction"][corpus] = [[_claim(text, claim) for claim in extract_claims(text)]
                                             for text in texts]
            outputs["reports"][corpus] = [check_text(text, store).as_dict() for text in texts]
        for path in sorted(seeds.glob("0*.txt")):
            outputs["seeds"][path.name] = check_text(path.read_text(encoding="utf-8"), store).as_dict()
    return outputs


def _json(outputs: dict[str, Any]) -> str:
    """Compact, one corpus sentence or seed article a line, so that a diff shows what changed."""
    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    sections = []
    for section, groups in outputs.items():
        parts = []
        for name, items in groups.items():
            lines = ",\n".join(dump(item) for item in (items if isinstance(items, list) else [items]))
            parts.append(f"{dump(name)}:" + (f"[\n{lines}\n]" if isinstance(items, list) else lines))
        sections.append(f"{dump(section)}:{{\n" + ",\n".join(parts) + "\n}")
    return "{\n" + ",\n".join(sections) + "\n}\n"


def test_checker_outputs_match_the_golden_file(seeds):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    current = json.loads(_json(current_outputs(seeds)))
    for section in ("extraction", "reports"):
        for corpus in CORPORA:
            texts = _sentences(corpus)
            for text, want, got in zip(texts, golden[section][corpus], current[section][corpus],
                                       strict=True):
                assert got == want, (section, text)
    assert current["seeds"] == golden["seeds"]


if __name__ == "__main__":
    from tests.conftest import SEEDS

    if "--write" not in sys.argv:
        sys.exit("usage: PYTHONPATH=. python tests/test_check_golden.py --write")
    GOLDEN.write_text(_json(current_outputs(SEEDS)), encoding="utf-8")
    print(f"wrote {GOLDEN}")
