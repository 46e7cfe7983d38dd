"""The writer: one story per area and outlet, every figure traced and self-checked."""

from __future__ import annotations

import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from localwire import sandbox
from localwire.areas import Area, gazetteer_of
from localwire.errors import FactError, TemplateError, UnsupportedClaimError, UntracedNumberError
from localwire.facts import FactBook
from localwire.model.facts import Fact, Figure
from localwire.model.periods import Period
from localwire.prose import style
from localwire.store import Store
from localwire.write.context import story_context
from localwire.write.filters import (
    FILTERS,
    current_breakdowns,
    current_percent_style,
    current_registry,
)
from localwire.write.pack import Pack
from localwire.write.trace import Registry, untangle, untraced_numbers

DEFAULT_OUTLET = "localwire"
CHECK_MODES = ("full", "trace")
current_choice: ContextVar[dict[str, int]] = ContextVar("current_choice")


@dataclass
class Story:
    pack: str
    area: Area
    outlet: str
    period: Period
    text: str
    figures: list[Figure]
    variant: tuple[int, ...] = ()
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        return self.text.split("\n", 1)[0].lstrip("# ").strip()

    @property
    def body(self) -> str:
        return self.text.split("\n", 1)[1].strip() if "\n" in self.text else ""

    @property
    def facts(self) -> list[Fact]:
        unique: dict[str, Fact] = {}
        for figure in self.figures:
            if figure.kind == "fact":
                unique.setdefault(figure.ref.id, figure.ref)
        return list(unique.values())


class Writer:
    """Writes a pack's stories from a store."""

    def __init__(self, store: Store, pack: Pack, period: str | Period | None = None, *,
                 check: str = "full") -> None:
        """`check` is how each story is self-checked before it is emitted: "full" (the
        default) traces every number to a fact and runs the article checker over the text,
        which must find every claim supported; "trace" only traces every number and applies
        the house-style rules, for bulk re-runs whose output is checked separately."""
        if check not in CHECK_MODES:
            raise ValueError(f"check must be one of {', '.join(CHECK_MODES)}")
        self.store = store
        self.pack = pack
        self.check = check
        info = pack.config.pack
        self.book = FactBook(store, info.dataset)
        self.period = self._period(period)
        self._prepared: int | None = None
        self.env = self._environment()
        try:
            self.template = self.env.get_template(info.template)
            self.variants = {key: [self.env.from_string(option) for option in options]
                             for key, options in sorted(pack.config.variants.items())}
        except JinjaTemplateError as error:
            raise TemplateError(f"template error: {error}", file=_where(pack, error)) from None
        for key, options in self.variants.items():
            if not options:
                raise TemplateError(f"variant {key!r} has no wording", file=str(pack.folder))

    def _period(self, period: str | Period | None) -> Period:
        if isinstance(period, Period):
            return period
        if period or self.pack.config.pack.period:
            return Period.parse(period or self.pack.config.pack.period)
        periods = self.book.periods(self.pack.config.pack.measure)
        if not periods:
            raise FactError(f"dataset {self.book.dataset!r} has no data for the pack's measure")
        return periods[-1]

    def _environment(self) -> SandboxedEnvironment:
        from jinja2 import FileSystemLoader

        env = sandbox.environment(
            loader=FileSystemLoader(str(self.pack.templates)),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_refuse_raw_numbers,
        )
        env.filters.update(FILTERS)
        env.globals["variant"] = self._variant
        return env

    def prepare(self) -> int:
        """Compute the pack's facts for every area at once (set-wise, see FactBook.prepare);
        writing many areas is then fast. Optional: without it facts are computed as asked."""
        if self._prepared is None:
            self._prepared = self.book.prepare(self.period, self.pack.config.pack.measure)
        return self._prepared

    # -- which areas ---------------------------------------------------------------------------
    def areas(self) -> list[Area]:
        """Areas that get a story: those with a reported value for the pack's period."""
        info = self.pack.config.pack
        slugs = self.book.areas_with_data(self.period, info.measure)
        areas = [gazetteer_of(self.store).areas[s] for s in slugs]
        return [a for a in areas if info.areas == "all" or (a.is_force and (
            info.areas == "forces" or a.territorial))]

    def outlets_for(self, area: Area) -> list[str]:
        named = [o.name for o in self.pack.config.outlets if area.slug in o.areas]
        return named or [DEFAULT_OUTLET]

    # -- writing -------------------------------------------------------------------------------
    def write_area(self, area: Area, outlets: list[str] | None = None) -> list[Story]:
        """One story per outlet; no two outlets get identical copy.

        Outlets are served in name order; each takes, among the wording combinations, the one
        that differs most from those already given out (ties broken by the seed of pack, area
        and outlet), so papers sharing an area get copy as different as the pack allows.
        """
        outlets = sorted(set(outlets or self.outlets_for(area)))
        if self.book.value(area.slug, self.period, self.pack.config.pack.measure) is None:
            raise FactError(self.book.why_missing(area.slug, self.period,
                                                  self.pack.config.pack.measure))
        stories: list[Story] = []
        for outlet in outlets:
            stories.append(self._distinct_story(area, outlet, stories))
        return stories

    def _distinct_story(self, area: Area, outlet: str, given: list[Story]) -> Story:
        combinations = self._combinations()
        start = _seed(self.pack.id, area.slug, outlet) % combinations
        candidates = [(start + step) % combinations for step in range(combinations)]
        taken = [story.variant for story in given]
        candidates.sort(key=lambda c: -min(
            (_differences(tuple(self._choice(c).values()), t) for t in taken), default=0))
        seen = {story.text for story in given}
        for combination in candidates:
            story = self.render(area, outlet, combination)
            if story.text not in seen:
                return story
        raise TemplateError(
            f"cannot write {len(seen) + 1} different stories for {area.name}: the pack has "
            f"{combinations} wording combinations", hint="add variants to pack.toml")

    def _combinations(self) -> int:
        total = 1
        for options in self.variants.values():
            total *= len(options)
        return total

    def render(self, area: Area, outlet: str, combination: int = 0) -> Story:
        choice = self._choice(combination)
        registry = Registry()
        context = story_context(self.book, self.pack, area, self.period, outlet)
        tokens = (current_registry.set(registry),
                  current_percent_style.set(self.pack.config.style.percent),
                  current_choice.set(choice),
                  current_breakdowns.set(self.book.config.breakdowns))
        try:
            rendered = sandbox.render(self.template, context)
        except SecurityError as error:
            raise TemplateError(f"template tried something unsafe: {error}",
                                file=self._template_file()) from None
        except UndefinedError as error:
            raise TemplateError(f"template uses something undefined: {error}",
                                file=self._template_file(), place=_line_of(error)) from None
        except JinjaTemplateError as error:
            raise TemplateError(f"template error: {error}", file=self._template_file(),
                                place=_line_of(error)) from None
        except TemplateError as error:
            error.problem.file = error.problem.file or self._template_file()
            raise
        finally:
            current_registry.reset(tokens[0])
            current_percent_style.reset(tokens[1])
            current_choice.reset(tokens[2])
            current_breakdowns.reset(tokens[3])
        text, figures = untangle(_tidy(rendered), registry)
        story = Story(self.pack.id, area, outlet, self.period, text, figures,
                      variant=tuple(choice.values()))
        self.self_check(story)
        return story

    def _choice(self, combination: int) -> dict[str, int]:
        choice = {}
        for key, options in self.variants.items():
            combination, choice[key] = divmod(combination, len(options))
        return choice

    @pass_context
    def _variant(self, context: Any, key: str) -> str:
        if key not in self.variants:
            raise TemplateError(f"no variant {key!r} in pack.toml", file=self._template_file())
        return self.variants[key][current_choice.get()[key]].render(context.get_all())

    def _template_file(self) -> str:
        return str(self.pack.templates / self.pack.config.pack.template)

    # -- self-check ------------------------------------------------------------------------------
    def self_check(self, story: Story) -> None:
        """Refuse a story with an untraced number or a figure starting a sentence."""
        untraced = untraced_numbers(story.text, story.figures)
        if untraced:
            offset, word = untraced[0]
            raise UntracedNumberError(
                f"story for {story.area.name} contains {word!r}, which no fact produced",
                file=self._template_file(), place=f"story line {_line(story.text, offset)}",
                hint="print numbers only through filters on facts")
        starts = style.sentence_starts_with_figure(story.text)
        if starts:
            raise TemplateError(
                f"story for {story.area.name} starts a sentence with a figure: "
                f"{story.text[starts[0]:starts[0] + 30]!r}", file=self._template_file(),
                place=f"story line {_line(story.text, starts[0])}",
                hint="use the filter's start=True or rephrase")
        story.checks["traced"] = {"figures": len(story.figures), "untraced": 0}
        if self.check == "full":
            self.verify_claims(story)

    @cached_property
    def _vocabulary(self) -> Any:
        from localwire.check.resolve import Vocabulary

        return Vocabulary.from_config(self.book.config)

    def verify_claims(self, story: Story) -> None:
        """Run the article checker over the story: every claim in it must be supported."""
        from localwire.check import check_claims

        report = check_claims(story.text, self.book, self.book.config, story.area.slug,
                              self.period, gazetteer=gazetteer_of(self.store),
                              vocabulary=self._vocabulary)
        for check in report.checks:
            if check.verdict != "supported":
                raise UnsupportedClaimError(
                    f"story for {story.area.name}: the checker finds {check.claim.text!r} "
                    f"{check.verdict} ({check.outcome.explanation})",
                    file=self._template_file(),
                    place=f"story line {_line(story.text, check.claim.start)}")
        story.checks["claims"] = report.counts()


def _refuse_raw_numbers(value: Any) -> Any:
    if isinstance(value, Fact):
        raise TemplateError(f"fact {value.id} printed without a house-style filter",
                            hint="use count, percent, one_in, per_day or every")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise TemplateError(f"bare number {value!r} printed",
                            hint="numbers in stories must come from facts")
    return value


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return re.sub(r"(?<=\S) {2,}", " ", tidy) + "\n"


def _differences(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _seed(*parts: str) -> int:
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:12], 16)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _line_of(error: Exception) -> str | None:
    lineno = getattr(error, "lineno", None)
    return f"line {lineno}" if lineno else None


def _where(pack: Pack, error: Exception) -> str:
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    return str(pack.templates / name) if name else str(pack.folder)


__all__ = ["DEFAULT_OUTLET", "Story", "Writer"]
