"""The writer's self-check by the article checker, wired here because the writer and the
checker are independent floors: the writer only knows it is handed a verifier, the checker
never knows stories exist. `story_writer` is the writer every command and page uses."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from localwire.areas import gazetteer_of
from localwire.check import check_claims
from localwire.check.resolve import Vocabulary
from localwire.errors import UnsupportedClaimError
from localwire.facts import fact_ids
from localwire.model.periods import Period
from localwire.store import Store
from localwire.write.pack import Pack
from localwire.write.trace import untraced_numbers
from localwire.write.writer import Story, Writer, story_line


def story_writer(store: Store, pack: Pack, period: str | Period | None = None, *,
                 check: str = "full") -> Writer:
    """A writer whose "full" self-check runs the article checker over every story."""
    return Writer(store, pack, period, check=check, verifier=CheckerVerifier())


class CheckerVerifier:
    """Every claim the checker reads in a story must be supported, and each figure's fact must
    be the fact the checker resolves its claim to, on its own reading of the sentence."""

    def __init__(self) -> None:
        self._vocabulary: tuple[object, Vocabulary] | None = None  # (the config it was read from, it)

    def __call__(self, writer: Writer, story: Story) -> None:
        report = check_claims(story.text, writer.book, writer.book.config, story.area.slug,
                              writer.period, gazetteer=gazetteer_of(writer.store),
                              vocabulary=self._vocabulary_of(writer))
        cited = [(figure.start, figure.end) for figure in story.figures if figure.kind == "source"]
        report = replace(report, checks=[check for check in report.checks
                                         if not _inside(check.claim, cited)])
        for check in report.checks:
            if check.verdict != "supported":
                raise UnsupportedClaimError(
                    f"{story.area.name}: the checker finds {check.claim.text!r} "
                    f"{check.verdict} ({check.outcome.explanation})",
                    file=writer.template_file(),
                    place=f"story line {story_line(story.text, check.claim.start)}")
        story.checks["claims"] = report.counts()
        # only where each claim is and its fact: the report's full `as_dict` (every field, evidence
        # and explanation of every claim) cost a tenth of the self-check
        claims = [{"start": c.claim.start, "end": c.claim.end, "fact_id": c.outcome.fact_id}
                  for c in report.checks]
        story.checks["facts"] = same_facts(writer, story, claims)

    def _vocabulary_of(self, writer: Writer) -> Vocabulary:
        """The dataset's words, read once (again only if handed a writer of another config)."""
        config = writer.book.config
        if self._vocabulary is None or self._vocabulary[0] is not config:
            self._vocabulary = (config, Vocabulary.from_config(config))
        return self._vocabulary[1]


def _inside(claim: Any, spans: list[tuple[int, int]]) -> bool:
    """A figure in a release's name ("reply-2", "Table 3") is the name's, not a statistic."""
    return any(start <= claim.start and claim.end <= end for start, end in spans)


def same_facts(writer: Writer, story: Story, claims: list[dict[str, Any]]) -> dict[str, Any]:
    """Else the writer and the checker mean different things by the same words. Figures with
    a number that the checker reads no claim in are listed as unread."""
    agreed, unread = 0, []
    for figure in story.figures:
        if figure.kind != "fact":
            continue
        over = [c for c in claims if c["start"] < figure.end and figure.start < c["end"]
                and c["fact_id"] is not None]  # a claim naming no fact reads no fact
        if not over and untraced_numbers(figure.text, []):
            unread.append(figure.text)
        for claim in over:
            if claim["fact_id"] != figure.ref.id and claim["fact_id"] not in fact_ids(
                    figure.ref):
                raise UnsupportedClaimError(
                    f"story for {story.area.name}: {figure.text!r} is fact {figure.ref.id} "
                    f"to the writer but {claim['fact_id']} to the checker",
                    file=writer.template_file(),
                    place=f"story line {story_line(story.text, figure.start)}")
        agreed += bool(over)
    return {"agreed": agreed, "unread": unread}
