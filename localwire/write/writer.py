"""The writer: one story per area and outlet, every figure traced and self-checked."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from localwire import sandbox
from localwire.areas import Area, gazetteer_of
from localwire.errors import FactError, TemplateError, UntracedNumberError
from localwire.facts import FactBook
from localwire.model.facts import Fact, Figure
from localwire.model.periods import Period
from localwire.prose import copyrules
from localwire.store import Store
from localwire.write.context import story_context
from localwire.write.filters import (
    FILTERS,
    current_breakdowns,
    current_percent_style,
    current_registry,
)
from localwire.write.news import desk_flags
from localwire.write.outcomes import outcome_for
from localwire.write.pack import Layout, Pack
from localwire.write.trace import Registry, clean, untangle, untraced_numbers

DEFAULT_OUTLET = "localwire"
CHECK_MODES = ("full", "trace")
# Raises (UnsupportedClaimError) unless every claim in the story is supported.
ClaimVerifier = Callable[["Writer", "Story"], None]
# The seed of the story being rendered and the choices made for it so far.
current_choice: ContextVar[tuple[str, dict[str, int]]] = ContextVar("current_choice")


@dataclass
class Story:
    pack: str
    area: Area
    outlet: str
    period: Period
    text: str
    figures: list[Figure]
    variant: dict[str, int] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)  # for the desk: check first
    layout: str = ""

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
                 check: str = "full", verifier: ClaimVerifier | None = None) -> None:
        """`check` is how each story is self-checked before it is emitted: "full" (the
        default) traces every number to a fact and hands the story to `verifier`, which
        raises unless every claim in it is supported (the article checker, wired by
        `localwire.desk.story_writer`: the writer does not import the checker); "trace" only
        traces every number and applies the house-style rules, for bulk re-runs whose output
        is checked separately."""
        if check not in CHECK_MODES:
            raise ValueError(f"check must be one of {', '.join(CHECK_MODES)}")
        if check == "full" and verifier is None:
            raise ValueError("check='full' needs a claim verifier "
                             "(localwire.desk.story_writer builds one)")
        self.verifier = verifier
        self.store = store
        self.pack = pack
        self.check = check
        info = pack.config.pack
        self.book = FactBook(store, info.dataset)
        self.period = self._period(period)
        self._prepared: int | None = None
        self.env = template_environment(pack)
        self.env.globals.update(variant=self._variant, pick=self._pick, constant=self._constant)
        self.env.call_directly(self.env.globals["pick"], self.env.globals["constant"])
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

    def prepare(self) -> int:
        """Compute the pack's facts for every area at once (set-wise, see FactBook.prepare);
        writing many areas is then fast. Optional: without it facts are computed as asked."""
        if self._prepared is None:
            measure = self.pack.config.pack.measure
            self._prepared = self.book.prepare(self.period, measure)
            self._warm(measure)
        return self._prepared

    def _warm(self, measure: str) -> None:
        """Fill, set-wise, every fact family a story reads beyond those `prepare` computes
        (other years' observations, ranks by rate, records, totals a year earlier), by reading
        one area's context and every period's observations: forked writers then never need
        the store."""
        areas = self.areas()
        if not areas:
            return
        # Newest first: each period's values family also holds the year before, so only
        # every other period needs a query of its own.
        for period in reversed(self.book.periods(measure)):
            if period <= self.period:
                self.book.observation(areas[0].slug, period, measure)
        story_context(self.book, self.pack, areas[0], self.period, DEFAULT_OUTLET)

    # -- which areas ---------------------------------------------------------------------------
    def areas(self) -> list[Area]:
        """Areas that get a story: those with a reported value for the pack's period."""
        info = self.pack.config.pack
        slugs = self.book.areas_with_data(self.period, info.measure)
        areas = [gazetteer_of(self.store).areas[s] for s in slugs]
        return [a for a in areas if info.areas == "all" or (a.is_force and (
            info.areas == "forces" or a.territorial))]

    def without_figure(self) -> list[tuple[Area, str]]:
        """Areas of the pack's kind that the source answered for the period without a figure
        (refused, suppressed, not held, no reply, ...), each with its outcome in one line."""
        info = self.pack.config.pack
        found = []
        for area in sorted(gazetteer_of(self.store).forces(), key=lambda a: a.name):
            if info.areas == "territorial" and not area.territorial:
                continue
            if self.book.observation(area.slug, self.period, info.measure) is None:
                continue
            if self.book.value(area.slug, self.period, info.measure) is None:
                found.append((area, f"{area.name}: no story: {self.why_not(area)}"))
        return found

    def outlets_for(self, area: Area) -> list[str]:
        named = [o.name for o in self.pack.config.outlets if area.slug in o.areas]
        return named or [DEFAULT_OUTLET]

    # -- writing -------------------------------------------------------------------------------
    def write_area(self, area: Area, outlets: list[str] | None = None) -> list[Story]:
        """One story per outlet, each outlet's copy chosen from the seed of (pack, area, outlet)
        alone: the same inputs always give the same story, and adding an outlet never changes
        another outlet's copy. Raises FactError naming the area and its outcome when the area
        has no figure for the period."""
        outlets = sorted(set(outlets or self.outlets_for(area)))
        if self.book.value(area.slug, self.period, self.pack.config.pack.measure) is None:
            raise FactError(f"{area.name}: no story: {self.why_not(area)}")
        return [self.render(area, outlet) for outlet in outlets]

    def why_not(self, area: Area) -> str:
        """Why an area has no figure to write about, in the words of its outcome."""
        info = self.pack.config.pack
        return outcome_for(self.book, area.slug, self.period, info.measure).explanation

    def render(self, area: Area, outlet: str) -> Story:
        choice: dict[str, int] = {}
        registry = Registry()
        context = story_context(self.book, self.pack, area, self.period, outlet)
        layout = self._layout(area, outlet)
        blocks = _arranged(layout, self._seed_of(area, outlet)) if layout else []
        context["layout"] = _quote_after(blocks, context["quotes"])
        tokens = (current_registry.set(registry),
                  current_percent_style.set(self.pack.config.style.percent),
                  current_choice.set((self._seed_of(area, outlet), choice)),
                  current_breakdowns.set(self.book.config.breakdowns))
        try:
            rendered = sandbox.render(self.template, context)
        except SecurityError as error:
            raise TemplateError(f"{area.name}: template tried something unsafe: {error}",
                                file=self.template_file()) from None
        except UndefinedError as error:
            raise TemplateError(f"{area.name}: template uses something undefined: {error}",
                                file=self.template_file(), place=_line_of(error)) from None
        except JinjaTemplateError as error:
            raise TemplateError(f"{area.name}: template error: {error}",
                                file=self.template_file(), place=_line_of(error)) from None
        except TemplateError as error:
            error.problem.file = error.problem.file or self.template_file()
            if not error.problem.message.startswith(area.name):
                error.problem.message = f"{area.name}: {error.problem.message}"
            raise
        finally:
            current_registry.reset(tokens[0])
            current_percent_style.reset(tokens[1])
            current_choice.reset(tokens[2])
            current_breakdowns.reset(tokens[3])
        text, figures = untangle(_tidy(rendered), registry)
        story = Story(self.pack.id, area, outlet, self.period, text, figures, variant=choice,
                      flags=desk_flags(context, text), layout=layout.name if layout else "")
        self.self_check(story)
        return story

    def _seed_of(self, area: Area, outlet: str) -> str:
        return "|".join((self.pack.id, area.slug, outlet))

    def _layout(self, area: Area, outlet: str) -> Layout | None:
        layouts = self.pack.config.layouts
        if not layouts:
            return None
        return layouts[_seed(self._seed_of(area, outlet), "layout") % len(layouts)]

    def _pick(self, key: str, options: int) -> int:
        """One of `options` alternatives for `key`, from the seed of (pack, area, outlet, key):
        reproducible, and independent of every other outlet and key."""
        if not isinstance(options, int) or options < 1:
            raise TemplateError(f"pick({key!r}, ...) needs a number of options of at least 1")
        seed, choice = current_choice.get()
        if key not in choice:
            choice[key] = _seed(seed, key) % options
        return choice[key] % options

    @pass_context
    def _variant(self, context: Any, key: str) -> str:
        if key not in self.variants:
            raise TemplateError(f"no variant {key!r} in pack.toml", file=self.template_file())
        options = self.variants[key]
        return options[self._pick(key, len(options))].render(context.get_all())

    def _constant(self, name: str) -> str:
        """A pack-declared constant (a helpline number), traced by name."""
        constant = self.pack.config.constants.get(name)
        if constant is None:
            raise TemplateError(f"no constant {name!r} in pack.toml", file=self.template_file())
        return current_registry.get().mark(clean(constant.text), "constant", name)

    def template_file(self) -> str:
        return str(self.pack.templates / self.pack.config.pack.template)

    # -- self-check ------------------------------------------------------------------------------
    def self_check(self, story: Story) -> None:
        """Refuse a story with an untraced number or a figure starting a sentence."""
        untraced = untraced_numbers(story.text, story.figures)
        if untraced:
            offset, word = untraced[0]
            raise UntracedNumberError(
                f"{story.area.name}: the story contains {word!r}, which no fact produced",
                file=self.template_file(), place=f"story line {story_line(story.text, offset)}",
                hint="print numbers only through filters on facts")
        starts = copyrules.sentence_starts_with_figure(story.text)
        if starts:
            raise TemplateError(
                f"{story.area.name}: the story starts a sentence with a figure: "
                f"{story.text[starts[0]:starts[0] + 30]!r}", file=self.template_file(),
                place=f"story line {story_line(story.text, starts[0])}",
                hint="use the filter's start=True or rephrase")
        story.checks["traced"] = {"figures": len(story.figures), "untraced": 0}
        if self.check == "full":
            self.verifier(self, story)


def template_environment(pack: Pack) -> SandboxedEnvironment:
    """The one place a pack's Jinja2 environment is made: sandboxed, StrictUndefined, every
    printed value passed through `_refuse_raw_numbers`, house-style filters installed."""
    env = sandbox.environment(
        loader=FileSystemLoader(str(pack.templates)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_refuse_raw_numbers,
    )
    env.filters.update(FILTERS)
    return env


def _refuse_raw_numbers(value: Any) -> Any:
    if type(value) is str:  # nearly everything a template prints
        return value
    if isinstance(value, Fact):
        raise TemplateError(f"fact {value.id} printed without a house-style filter",
                            hint="use count, percent, one_in, per_day or every")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise TemplateError(f"bare number {value!r} printed",
                            hint="numbers in stories must come from facts")
    return value


def _arranged(layout: Layout, seed: str) -> list[str]:
    """The layout's blocks with each shuffle group in the outlet's own order (a permutation
    from the seed), in the places the group holds."""
    blocks = list(layout.blocks)
    for index, group in enumerate(layout.shuffle):
        places = [i for i, block in enumerate(blocks) if block in group]
        members = [blocks[i] for i in places]
        orders = list(itertools.permutations(members))
        chosen = orders[_seed(seed, f"shuffle_{index}") % len(orders)]
        for place, block in zip(places, chosen, strict=True):
            blocks[place] = block
    return blocks


def _quote_after(blocks: list[str], quotes: list[Any]) -> list[str]:
    """The layout with the quote block moved after the block its quote must follow."""
    after = quotes[0].after if quotes else ""
    if not after or "quote" not in blocks or after not in blocks:
        return list(blocks)
    if blocks.index("quote") > blocks.index(after):
        return list(blocks)
    order = [b for b in blocks if b != "quote"]
    order.insert(order.index(after) + 1, "quote")
    return order


def _tidy(text: str) -> str:
    tidy = "\n".join([line.rstrip() for line in text.strip().splitlines()])
    # each rule only where it can match (a story is a few thousand characters, read thrice)
    if "\n\n\n" in tidy:
        tidy = re.sub(r"\n{3,}", "\n\n", tidy)
    if "\n”" in tidy:
        tidy = re.sub(r"\n+(?=”)", "", tidy)  # a closing quote mark belongs to its paragraph
    if "  " in tidy:
        tidy = re.sub(r"(?<=\S) {2,}", " ", tidy)
    return tidy + "\n"


def _seed(*parts: str) -> int:
    """The first 48 bits of the parts' SHA-256."""
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:6], "big")


def story_line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _line_of(error: Exception) -> str | None:
    lineno = getattr(error, "lineno", None)
    return f"line {lineno}" if lineno else None


def _where(pack: Pack, error: Exception) -> str:
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    return str(pack.templates / name) if name else str(pack.folder)


__all__ = ["DEFAULT_OUTLET", "Story", "Writer"]
