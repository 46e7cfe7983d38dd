"""Benchmark: articles checked per second on one core, for ~2 KB articles, and time against length.

Usage: python bench/check.py [--seconds 5] [--stages]
The articles are the two seed articles (../shared/seeds), trimmed or repeated to about 2 KB, checked
against the bundled datasets in memory. Every article checked has its figures shifted by its
number in the run, so no sentence with a figure is ever checked twice (the checker remembers
sentences it has seen; a benchmark that repeats them would measure the memory, not the checker).
Times are CPU seconds of this process (`time.process_time`) spent in the checks alone (not in making
the variants): on a shared machine wall time measures the neighbours.
Prints articles per second with a reused Checker (goal: at least 500), the same
with `check_text` (the store read per call), and the time for 10 KB, 100 KB and 1 MB of article
text (goal: linear, 1 MB under 5 s), for spaced digits ("7 7 7 ...", one figure per two bytes: a
run of 40 or more bare numbers with no word between them is read as data and skipped with a note,
see localwire/check/extract/numeric_runs.py, so this times finding the run) and for figures between
words ("7 of 7 of ...", one claim per five bytes: the worst case for claims per byte now; 10 KB and
100 KB only, as 1 MB takes about 25 s).
`--stages` prints instead where a reused Checker's time goes, per seed: the CPU share of each stage
of `check_claims` (timers around the stage functions it calls; the rest is its own loop).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from localwire.check import Checker, check_text
from localwire.importing.bundled_data import bundled_store

SEEDS = Path(os.environ.get("LOCALWIRE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "seeds"
TARGET_BYTES = 2048
LENGTHS = (10_000, 100_000, 1_000_000)
DIGIT_LENGTHS = LENGTHS
WORDED_LENGTHS = LENGTHS[:2]


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


def long_text(texts: list[str], size: int) -> str:
    """`size` bytes of article text, every figure different from every other."""
    parts, length, number = [], 0, 0
    while length < size:
        number += 1
        part = variant(texts[number % len(texts)], number)
        parts.append(part)
        length += len(part) + 2
    return "\n\n".join(parts)[:size]


def rate(make, check, seconds: float) -> tuple[int, float]:
    """Texts checked and the CPU seconds the checks took: only `check` is timed, not `make`, which
    writes each article's variant (about 0.1 ms, a sixtieth of a check)."""
    done, spent = 0, 0.0
    while spent < seconds:
        text = make(done)
        started = time.process_time()
        check(text)
        spent += time.process_time() - started
        done += 1
    return done, spent


def timed(function) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


STAGES = ("extract", "article_context", "_fitted_year", "resolve_claims", "verify", "second_look",
          "_national_instead", "consistency")


def stages(checker: Checker, texts: list[str], count: int = 300) -> None:
    """Each stage's share of the checks' CPU time, per seed: the stage functions `check_claims`
    calls are wrapped with timers for the run (a stage inside another is counted in the outer)."""
    module = sys.modules["localwire.check"]
    spent: dict[str, float] = {}
    running = []

    def timer(name, function):
        def timed(*args, **kwargs):
            if running:  # inside another stage: counted there
                return function(*args, **kwargs)
            running.append(name)
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
                running.pop()
        return timed

    originals = {name: getattr(module, name) for name in STAGES}
    for name, function in originals.items():
        setattr(module, name, timer(name, function))
    try:
        for seed, text in enumerate(texts):
            spent.clear()
            variants = [variant(text, 10_000 + n) for n in range(count)]
            total = timed(lambda v=variants: [checker.check(t) for t in v])
            shares = sorted(spent.items(), key=lambda item: -item[1])
            print(f"seed {seed + 1}: {1000 * total / count:.2f} ms an article: " + ", ".join(
                f"{name.strip('_')} {100 * part / total:.0f}%" for name, part in shares)
                  + f", the rest {100 * (total - sum(spent.values())) / total:.0f}%")
    finally:
        for name, function in originals.items():
            setattr(module, name, function)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--stages", action="store_true", help="where the time goes, per stage")
    args = parser.parse_args()
    texts = articles()
    with bundled_store() as store:
        if args.stages:
            checker = Checker(store, store.dataset_ids()[0])
            for text in texts:
                checker.check(text)  # warm up, as below
            stages(checker, texts)
            return
        for text in texts:
            check_text(text, store)  # warm up: first load of the facts each article reads
        done, elapsed = rate(lambda n: variant(texts[n % len(texts)], n), lambda t: check_text(t, store),
                             args.seconds)
        checker = Checker(store, store.dataset_ids()[0])
        for text in texts:  # warm up: the facts' families each article reads are worked out on
            checker.check(text)  # first use (the second seed's fitted years read other periods)
        reused, reused_elapsed = rate(lambda n: variant(texts[n % len(texts)], n + done), checker.check,
                                      args.seconds)
        size = sum(len(t.encode()) for t in texts) / len(texts)
        print(f"{reused / reused_elapsed:.0f} articles/s with a reused Checker ({reused} articles of "
              f"~{size:.0f} bytes in {reused_elapsed:.1f} CPU s, one core; goal >= 500)")
        print(f"{done / elapsed:.0f} articles/s with check_text (the store read and the facts' "
              f"families worked out per call)")
        checker.check(long_text(texts[::-1], LENGTHS[0]))  # the facts' first use, not the text's cost
        print("time against length (article text): " + _line(checker, [long_text(texts, n) for n in LENGTHS])
              + "  (goal: linear, 1 MB < 5 s)")
        print("time against length (spaced digits, a figure every 2 bytes): "
              + _line(checker, [" ".join("7" for _ in range(n // 2)) for n in DIGIT_LENGTHS])
              + "  (read as data: skipped with a note)")
        print("time against length (figures between words, a claim every 5 bytes): "
              + _line(checker, [" ".join("7 of" for _ in range(n // 5)) for n in WORDED_LENGTHS]))


def _line(checker: Checker, texts: list[str]) -> str:
    """Each text's CPU seconds and their ratio to the first's (linear: 10 and 100 for 10x, 100x)."""
    spent = [timed(lambda t=text: checker.check(t)) for text in texts]
    return ", ".join(f"{len(text.encode()) // 1000:,} KB {s:.2f} s (x{s / spent[0]:.1f})"
                     for text, s in zip(texts, spent, strict=True))

if __name__ == "__main__":
    main()
