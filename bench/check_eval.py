"""Score `localwire check` on the labelled evaluation set (tests/data/check/eval).

Usage: python bench/check_eval.py
       [--split test|dev|unseen|fresh|fresh2|fresh3|fresh4|fresh5|fresh6|all]
       [--topic nspcc|home-office] [--dates undated|dated|both] [--json] [--errors] [--period-hint]

Builds the scoring store in a temporary folder (the bundled datasets, the Home Office rolling-year
table from ../shared/data imported with the bundled recipe, and the set's NSPCC figures), checks
every article of the split with `check_text` without naming the dataset, area or period, and
matches each label to an extracted claim with the same value (within 0.01) whose span overlaps
the label's. Prints extraction recall and precision, and over the matched claims kind, area,
period, dataset and verdict agreement, the share of claims expected supported that were judged
supported (a missed claim counts as not supported), and false "contradicted" verdicts (judged
contradicted, not expected so; extracted claims with no label included) as a share of the
checkable claims (expected supported or contradicted). `--errors` lists every miss, extra and
wrong verdict, then wrong kinds, areas and periods. Only the public API is used: `check_text` and
the report's `as_dict()`. Tune on `dev`. `test` was the held-out measure until it had been scored
while the checker was tuned; `unseen` replaced it and was scored twice while the checker was tuned;
`fresh` (labelled 2026-12-01) was scored once as held out (its first run is in the eval README)
and nobody tunes on it. `all` is still `test` + `dev` + `unseen`, as before
`fresh` existed; `fresh` to `fresh6` are scored only by their own names
(`fresh` was tuned on 2026-12-02, after two scorings; `fresh2`, labelled 2026-12-02, was scored
once as held out, at 19e6669; nobody has tuned on it; `fresh3`, labelled 2026-12-02 after that,
has not been scored; `fresh4`, labelled the evening of 2026-12-02, has never been run; `fresh5`,
labelled 2026-12-03, is scored once by the integrator when labelling is done; `fresh6`, labelled
the evening of 2026-12-03, has never been run).
`--period-hint` (a diagnostic, not the measure)
passes each article's main period from articles.jsonl, which is derived from the labels, to show
how much of the result rests on finding the period.

Two scoring modes, both printed by default (`--dates`): `undated` checks the text alone, as every
figure before 2026-12-02 was measured (so those stay comparable), and `dated` passes each article's
date from articles.jsonl as `published=` (a month alone as its first day), as a user running
`localwire check FILE --published YYYY-MM-DD` does (it fixes "this year", "last year", "the 12
months to June").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from localwire.check import check_text
from localwire.importing import import_file
from localwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "check" / "eval"
SHARED = Path(os.environ.get("LOCALWIRE_SHARED", ROOT.parent / "shared"))
ROLLING = SHARED / "data" / "raw" / "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"
VERDICTS = ("supported", "contradicted", "unverifiable")


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def build_store(folder: Path) -> Store:
    """The store the labels' expected verdicts were worked out against."""
    try:
        from localwire.importing.bundled_data import load_bundled
    except ImportError:  # the layout before bundled/
        from localwire.datasets import load_bundled
    if not ROLLING.is_file():
        sys.exit(f"{ROLLING}: the Home Office table is missing; set LOCALWIRE_SHARED")
    store = Store(folder / "eval.duckdb")
    load_bundled(store)
    import_file(store, ROLLING, dataset="police-recorded-crime", recipe="home-office-rolling-year")
    import_file(store, EVAL / "nspcc_published.csv", dataset="nspcc-child-sex-offences")
    return store


@dataclass
class Score:
    articles: int = 0
    labels: list[dict] = field(default_factory=list)
    claims: int = 0
    pairs: list[tuple[dict, dict]] = field(default_factory=list)  # (label, claim)
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)  # claims with no label, with "article"

    def share(self, hits: int, total: int) -> float | None:
        return round(hits / total, 3) if total else None

    def agreement(self, key: str, claim_key: str | None = None) -> tuple[int, int]:
        pairs = [(lab, c) for lab, c in self.pairs if lab.get(key) is not None]
        return sum(lab[key] == c.get(claim_key or key) for lab, c in pairs), len(pairs)

    def summary(self) -> dict:
        matched = len(self.pairs)
        checkable = [lab for lab in self.labels if lab["expected_verdict"] != "unverifiable"]
        expected_ok = [lab for lab in self.labels if lab["expected_verdict"] == "supported"]
        judged = {id(lab): c["verdict"] for lab, c in self.pairs}
        false_labelled = sum(c["verdict"] == "contradicted" and lab["expected_verdict"] != "contradicted"
                             for lab, c in self.pairs)
        false_extra = sum(c["verdict"] == "contradicted" for c in self.extras)
        out = {"articles": self.articles, "labelled_claims": len(self.labels),
               "extracted_claims": self.claims, "matched": matched,
               "recall": self.share(matched, len(self.labels)),
               "precision": self.share(matched, self.claims)}
        for name, key, claim_key in (("kind", "kind", None), ("area", "area", None),
                                     ("period", "period", None), ("dataset", "dataset", "report_dataset"),
                                     ("verdict", "expected_verdict", "verdict")):
            hits, total = self.agreement(key, claim_key)
            out[f"{name}_accuracy"] = self.share(hits, total)
            out[f"{name}_compared"] = total
        out["expected_supported"] = len(expected_ok)
        out["supported_share"] = self.share(
            sum(judged.get(id(lab)) == "supported" for lab in expected_ok), len(expected_ok))
        out["checkable"] = len(checkable)
        out["false_contradicted"] = false_labelled + false_extra
        out["false_contradicted_labelled"] = false_labelled
        out["false_contradicted_extras"] = false_extra
        out["false_contradicted_share"] = self.share(false_labelled + false_extra, len(checkable))
        out["verdicts_expected_by_judged"] = {
            e: {j: sum(lab["expected_verdict"] == e and c["verdict"] == j for lab, c in self.pairs)
                for j in VERDICTS} for e in VERDICTS}
        return out


def _overlaps(label: dict, claim: dict) -> bool:
    return claim["start"] < label["end"] and label["start"] < claim["end"]


def _same_value(label: dict, claim: dict) -> bool:
    if label["value"] is None or claim["value"] is None:
        return label["value"] is None and claim["value"] is None
    return abs(float(claim["value"]) - float(label["value"])) < 0.01


def match(labels: list[dict], claims: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One claim per label: same value, overlapping span; the same kind, then the widest overlap, first."""
    free = list(claims)
    pairs, misses = [], []
    for label in sorted(labels, key=lambda lab: lab["start"]):
        fits = [c for c in free if _overlaps(label, c) and _same_value(label, c)]
        if not fits:
            misses.append(label)
            continue
        best = max(fits, key=lambda c: (c["kind"] == label["kind"],
                                        min(c["end"], label["end"]) - max(c["start"], label["start"])))
        free.remove(best)
        pairs.append((label, best))
    return pairs, misses, free


SPLITS = ("test", "dev", "unseen", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6")
ALL = ("test", "dev", "unseen")  # what `all` meant before `fresh` was added


MODES = ("undated", "dated")
TOPICS = ("nspcc", "home-office")


def published_date(text: str) -> date:
    """An article's date from articles.jsonl; a month alone ("2019-08", the date guessed from the
    page) is its first day, as a user who knows only the month would pass it."""
    return date.fromisoformat(text if len(text) == 10 else f"{text}-01")


def score(split: str, period_hint: bool = False, dated: bool = False, topic: str | None = None) -> Score:
    """The split scored (its articles of one `topic`, if given); `dated` passes each article's date
    as `published`."""
    wanted = ALL if split == "all" else (split,)
    articles = [a for a in jsonl(EVAL / "articles.jsonl")
                if a["split"] in wanted and topic in (None, a["topic"])]
    ids = {a["id"] for a in articles}
    by_article: dict[str, list[dict]] = {}
    for label in jsonl(EVAL / "labels.jsonl"):
        if label["article"] in ids:
            by_article.setdefault(label["article"], []).append(label)
    result = Score(articles=len(articles))
    with tempfile.TemporaryDirectory() as folder, build_store(Path(folder)) as store:
        for article in articles:
            text = (EVAL / "articles" / f"{article['id']}.txt").read_text(encoding="utf-8")
            hint = article["main_period"] if period_hint else None
            published = published_date(article["date"]) if dated else None
            report = check_text(text, store, period=hint, published=published).as_dict()
            claims = [dict(c, article=article["id"], report_dataset=report["dataset"])
                      for c in report["claims"]]
            labels = by_article.get(article["id"], [])
            pairs, misses, extras = match(labels, claims)
            result.labels += labels
            result.claims += len(claims)
            result.pairs += pairs
            result.misses += misses
            result.extras += extras
    return result


def errors(result: Score) -> dict[str, list[str]]:
    def lab(x: dict) -> str:
        return (f"{x['article']}: {x['text']!r} {x['kind']} {x['value']} {x['area']} {x['period']} "
                f"{x['breakdown'] or ''}".rstrip())

    def got(c: dict) -> str:
        return f"{c['kind']} {c['value']} {c['area']} {c['period']} {c['breakdown'] or ''}".rstrip()

    pairs = result.pairs
    return {
        "misses": [f"{lab(x)} [expected {x['expected_verdict']}]" for x in result.misses],
        "extras": [f"{c['article']}: {c['text']!r} {got(c)} -> {c['verdict']}: {c['explanation']}"
                   for c in result.extras],
        "wrong verdicts": [f"{lab(x)}: expected {x['expected_verdict']} ({x['why']}); got {c['verdict']}"
                           f" as {got(c)}: {c['explanation']}"
                           for x, c in pairs if c["verdict"] != x["expected_verdict"]],
        "wrong kinds": [f"{lab(x)}: got {c['kind']}" for x, c in pairs if c["kind"] != x["kind"]],
        "wrong areas": [f"{lab(x)}: got {c['area']}" for x, c in pairs
                        if x["area"] is not None and c["area"] != x["area"]],
        "wrong periods": [f"{lab(x)}: got {c['period']}" for x, c in pairs
                          if x["period"] is not None and c["period"] != x["period"]],
    }


def _print(split: str, summary: dict) -> None:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    print(f"split {split}: {summary['articles']} articles, {summary['labelled_claims']} labelled "
          f"claims, {summary['extracted_claims']} extracted, {summary['matched']} matched")
    print(f"  extraction recall {pct(summary['recall'])}, precision {pct(summary['precision'])}")
    for name in ("kind", "area", "period", "dataset", "verdict"):
        label = "verdict agreement" if name == "verdict" else f"{name} accuracy"
        print(f"  {label} {pct(summary[f'{name}_accuracy'])} (of {summary[f'{name}_compared']} matched)")
    print(f"  expected supported judged supported {pct(summary['supported_share'])} "
          f"(of {summary['expected_supported']})")
    print(f"  false contradicted {summary['false_contradicted']} = "
          f"{pct(summary['false_contradicted_share'])} of {summary['checkable']} checkable "
          f"({summary['false_contradicted_labelled']} labelled, "
          f"{summary['false_contradicted_extras']} unlabelled extras)")
    print("  expected -> judged: " + "; ".join(
        f"{e} " + ", ".join(f"{j} {n}" for j, n in row.items())
        for e, row in summary["verdicts_expected_by_judged"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="test")
    parser.add_argument("--topic", choices=TOPICS, help="score one topic's articles only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list misses, extras, wrong verdicts")
    parser.add_argument("--period-hint", action="store_true",
                        help="diagnostic: pass each article's main period (taken from the labels)")
    parser.add_argument("--dates", choices=(*MODES, "both"), default="both",
                        help="undated: the text alone (the figures before 2026-12-02); dated: each "
                             "article's date passed as published; both (default)")
    args = parser.parse_args()
    modes = MODES if args.dates == "both" else (args.dates,)
    outputs = []
    for mode in modes:
        result = score(args.split, args.period_hint, dated=mode == "dated", topic=args.topic)
        summary = result.summary()
        if args.json:
            out = {"split": args.split, "topic": args.topic, "dates": mode,
                   "period_hint": args.period_hint, **summary}
            if args.errors:
                out["errors"] = errors(result)
            outputs.append(out)
            continue
        name = f"{args.split}, {args.topic}" if args.topic else args.split
        _print(f"{name}, {mode}" + (" (period hint)" if args.period_hint else ""), summary)
        if args.errors:
            for title, lines in errors(result).items():
                print(f"\n{title} ({len(lines)}):")
                for line in lines:
                    print(f"  {line}")
        print()
    if args.json:
        print(json.dumps(outputs[0] if len(outputs) == 1 else outputs, indent=2))


if __name__ == "__main__":
    main()
