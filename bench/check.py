"""Benchmark: articles checked per second on one core, for ~2 KB articles.

Usage: python bench/check.py [--seconds 5]
The articles are the two seed articles (../shared/seeds), trimmed or repeated to about 2 KB, checked
against the bundled datasets in memory. Every article checked has its figures shifted by its
number in the run, so no sentence with a figure is ever checked twice (the checker remembers
sentences it has seen; a benchmark that repeats them would measure the memory, not the checker).
Prints articles per second (goal: at least 200).
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

from localwire.check import Checker, check_text
from localwire.importing.bundled_data import bundled_store

SEEDS = Path(os.environ.get("LOCALWIRE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "seeds"
TARGET_BYTES = 2048


def articles() -> list[str]:
    texts = []
    for path in sorted(SEEDS.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        while len(text.encode()) < TARGET_BYTES:
            text += "\n\n" + text
        cut = text.encode()[:TARGET_BYTES].decode(errors="ignore")
        texts.append(cut[:cut.rfind(".") + 1])
    return texts


FIGURE = re.compile(r"(?<![/\d])\b(?!(?:19|20)\d\d\b)(\d{1,3}(?:,\d{3})+|\d{2,})\b(?!/)")


def variant(text: str, number: int) -> str:
    """The article with every figure of two or more digits (not years) shifted by `number`."""
    return FIGURE.sub(lambda m: f"{int(m.group(1).replace(',', '')) + number:,}", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    texts = articles()
    with bundled_store() as store:
        check_text(texts[0], store)  # warm up: first load of the facts
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < args.seconds:
            check_text(variant(texts[done % len(texts)], done), store)
            done += 1
        elapsed = time.perf_counter() - started
        checker = Checker(store, store.dataset_ids()[0])
        reused, began = 0, time.perf_counter()
        while time.perf_counter() - began < args.seconds:
            checker.check(variant(texts[reused % len(texts)], reused + done))
            reused += 1
        reused_elapsed = time.perf_counter() - began
    size = sum(len(t.encode()) for t in texts) / len(texts)
    print(f"{done / elapsed:.0f} articles/s ({done} articles of ~{size:.0f} bytes in {elapsed:.1f} s, "
          f"one core, check_text: store read per call)")
    print(f"{reused / reused_elapsed:.0f} articles/s (Checker reused: facts read once)")


if __name__ == "__main__":
    main()
