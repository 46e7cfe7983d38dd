"""The checker's result: one `ClaimCheck` per claim, as a dict for --json or as readable text."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from localwire.check.evidence import Resolution
from localwire.check.extract import Claim, SkippedRun
from localwire.check.verify import Outcome
from localwire.model.numbers import as_json

VERDICTS = ("supported", "contradicted", "unverifiable")


@dataclass
class ClaimCheck:
    claim: Claim
    resolution: Resolution
    outcome: Outcome

    @property
    def verdict(self) -> str:
        return self.outcome.verdict

    def as_dict(self) -> dict[str, Any]:
        claim, resolution, outcome = self.claim, self.resolution, self.outcome
        return {
            "start": claim.start, "end": claim.end, "span": [claim.start, claim.end],
            "text": claim.text, "kind": claim.kind, "rule": claim.rule,
            "value": None if claim.value is None else _number(Fraction(claim.value)),
            "hedge": claim.hedge, "direction": claim.direction, "unit": claim.unit or None,
            "area": resolution.area,
            "period": resolution.period.code if resolution.period else None,
            "measure": resolution.measure, "breakdown": resolution.breakdown or None,
            "dataset": resolution.dataset,
            "base": resolution.base.code if resolution.base else None,
            "confidence": round(resolution.confidence, 2),
            "evidence": [e.as_dict() for e in resolution.evidence],
            "verdict": outcome.verdict,
            "expected": None if outcome.expected is None else _number(outcome.expected),
            "explanation": outcome.explanation, "fact_id": outcome.fact_id,
            "formula": outcome.formula, "tolerance": outcome.tolerance,
            "alternatives": outcome.alternatives,
        }


@dataclass
class CheckReport:
    text: str
    dataset: str
    area: str | None
    period: str | None
    checks: list[ClaimCheck] = field(default_factory=list)
    skipped: list[SkippedRun] = field(default_factory=list)  # runs of bare numbers read as data

    @property
    def ok(self) -> bool:
        """True when nothing is contradicted."""
        return not any(c.verdict == "contradicted" for c in self.checks)

    def counts(self) -> dict[str, int]:
        return {verdict: sum(c.verdict == verdict for c in self.checks) for verdict in VERDICTS}

    def by_verdict(self, verdict: str) -> list[ClaimCheck]:
        return [c for c in self.checks if c.verdict == verdict]

    def as_dict(self) -> dict[str, Any]:
        out = {"dataset": self.dataset, "area": self.area, "period": self.period,
               "ok": self.ok, "counts": self.counts(),
               "claims": [check.as_dict() for check in self.checks]}
        if self.skipped:  # only when there are any: most texts have none
            out["skipped"] = [run.as_dict() for run in self.skipped]
        return out


def _number(value: Fraction) -> int | float:
    return as_json(value)
