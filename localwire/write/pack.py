"""Story packs: a folder with pack.toml and Jinja2 templates, editable by journalists.

pack.toml is validated on load; a mistake is reported with the file and the key at fault.
Templates run in Jinja2's sandbox with StrictUndefined: a template can read facts and call
house-style filters, nothing else, and a missing figure fails loudly instead of printing blank.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from localwire import bundled
from localwire.errors import PackError
from localwire.model.config import Strict


class PackInfo(Strict):
    id: str
    title: str
    dataset: str
    measure: str
    period: str | None = None
    template: str = "story.md.j2"
    breakdowns: list[str] = Field(default_factory=list)
    areas: Literal["forces", "territorial", "all"] = "forces"
    noun: str = "offence"
    noun_plural: str | None = None


class Style(Strict):
    percent: Literal["per cent", "%"] = "per cent"


Direction = Literal["rose", "fell", "unchanged", "none"]


class Condition(Strict):
    """When a quote or caveat fits: the change it speaks of (`about` the area's own figure or
    the national one) went one of `directions` ("none": no comparison) by at least `min_change`
    per cent (and at most `max_change`). Empty: any."""

    about: Literal["local", "national"] = "local"
    directions: list[Direction] = Field(default_factory=list)
    min_change: Decimal | None = None
    max_change: Decimal | None = None
    regions: list[str] = Field(default_factory=list)  # the area's region; empty: any


class Quote(Condition):
    speaker: str
    role: str
    paragraphs: list[str]
    # Said of the national figures, printed after these words ("Commenting on the national
    # figures,"), so a quote about a rise is never pinned on a force whose own figure fell.
    lead_in: str = ""
    # A block the quote must follow when it is printed: a quote on the national figures comes
    # after the national figures, whatever the outlet's layout.
    after: str = ""
    priority: int = 0
    # Alternative cuts of the quote for different outlets: lists of paragraph numbers (from 1)
    # in the order spoken. Empty: the whole quote.
    cuts: list[list[int]] = Field(default_factory=list)
    # Each paragraph in reported speech ("said the rise was extremely concerning"), for
    # outlets that put part of the quote that way; empty: always direct speech.
    gists: list[str] = Field(default_factory=list)
    pronoun: str = "they"  # "she said", "he added"

    @model_validator(mode="after")
    def _cuts_in_range(self) -> Quote:
        for cut in self.cuts:
            if not cut or any(not 1 <= n <= len(self.paragraphs) for n in cut):
                raise ValueError(f"cut {cut} names a paragraph the quote does not have "
                                 f"(1 to {len(self.paragraphs)})")
        if self.gists and len(self.gists) != len(self.paragraphs):
            raise ValueError("gists, when given, has one entry per paragraph")
        return self


class Caveat(Condition):
    """A caveat in the writer's words: `text`, or `alternatives` (the same point worded
    differently, one chosen per outlet)."""

    text: str = ""
    alternatives: list[str] = Field(default_factory=list)
    group: str = ""  # of the caveats in one group, only the first that fits is printed

    @model_validator(mode="after")
    def _worded(self) -> Caveat:
        if bool(self.text) == bool(self.alternatives):
            raise ValueError("a caveat needs either text or alternatives, not both")
        return self

    @property
    def wordings(self) -> list[str]:
        return self.alternatives or [self.text]


class Angle(Strict):
    """A candidate lead. Its strength is how far it clears its threshold, times its weight;
    the strongest leads the headline and intro.

    - change: the area's own change on the previous year, `threshold` per cent either way
      (never on a small base or an implausible movement).
    - record: the period is the highest (or lowest) of a series of at least `threshold` periods.
    - rank: the area is within `threshold` places of the top (or bottom) of the forces, `by`
      rate per resident (the default: a big force records the most crime because it is big)
      or by number; only when at least `min_coverage` of the forces have a figure.
    - share: the share of `breakdown` in the area's total is at least `threshold` (0 to 1).
    - group: of the pack's breakdowns (offence groups), the one whose figure moved most on the
      previous year, by at least `threshold` per cent, from at least `min_base`.
    - against: the area's figure moved by at least `threshold` per cent the other way from the
      national one (a fall while the country's figure rose).
    - volume: how many, and how often (always available; its strength is its weight).
    """

    kind: Literal["change", "record", "rank", "share", "group", "against", "volume"]
    threshold: Decimal = Decimal(0)
    weight: Decimal = Decimal(1)
    breakdown: str = ""
    min_coverage: Decimal = Decimal("0.9")
    min_base: Decimal = Decimal(0)
    by: Literal["rate", "number"] = "rate"  # rank: by rate per resident, or by number


class Desk(Strict):
    """Movements too big to believe without asking: flagged in the story's JSON ("check with
    the force") and not reported as news. A figure at least `implausible_ratio` times the
    previous year's (or at most its reciprocal), or zero (or under `min_base`, "one" after 495)
    after at least `zero_after`; against
    a suppressed previous year the upper bound is the base ("<5" to 300 is 75 times 4)."""

    implausible_ratio: Decimal = Decimal(10)
    zero_after: Decimal = Decimal(100)
    min_base: Decimal = Decimal(5)  # ratios from smaller figures (two to 25) are not flagged


class Compare(Strict):
    """How the local change is set against the national one: within `in_line_within`
    percentage points the two are "in line"; otherwise faster, slower, or against the trend."""

    in_line_within: Decimal = Decimal(3)


class News(Strict):
    angles: list[Angle] = Field(default_factory=lambda: [Angle(kind="volume")])
    desk: Desk = Field(default_factory=Desk)
    compare: Compare = Field(default_factory=Compare)


class Constant(Strict):
    """A number the pack prints as it is, not a statistic: a helpline. The tracer allows it by
    name ({{ constant('nspcc_helpline') }}), so it is never an untraced figure."""

    text: str
    label: str


class Layout(Strict):
    """An order of the template's blocks; outlets of one area are given different layouts.
    `shuffle`: groups of blocks that stand alone (none refers back to another), which each
    outlet takes in its own order, in the places the group holds in `blocks`."""

    name: str
    blocks: list[str]
    shuffle: list[list[str]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shuffled_blocks_are_in_the_layout(self) -> Layout:
        for group in self.shuffle:
            unknown = [b for b in group if b not in self.blocks]
            if unknown:
                raise ValueError(f"layout {self.name!r} shuffles {', '.join(unknown)}, "
                                 "which it does not list in blocks")
        return self


class Outlet(Strict):
    name: str
    areas: list[str] = Field(default_factory=list)


class PackConfig(Strict):
    pack: PackInfo
    style: Style = Field(default_factory=Style)
    news: News = Field(default_factory=News)
    quotes: list[Quote] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
    constants: dict[str, Constant] = Field(default_factory=dict)
    layouts: list[Layout] = Field(default_factory=list)
    variants: dict[str, list[str]] = Field(default_factory=dict)
    outlets: list[Outlet] = Field(default_factory=list)


class Pack:
    """A loaded story pack."""

    def __init__(self, folder: Path, config: PackConfig) -> None:
        self.folder = folder
        self.config = config
        self.templates = folder / "templates"

    @property
    def id(self) -> str:
        return self.config.pack.id

    @classmethod
    def load(cls, name_or_path: str | Path) -> Pack:
        folder = Path(name_or_path)
        if not (folder / "pack.toml").is_file():
            folder = bundled.pack_dir(str(name_or_path)) or folder
        config_file = folder / "pack.toml"
        if not config_file.is_file():
            known = ", ".join(p.name for p in bundled.pack_dirs())
            raise PackError(f"no story pack {str(name_or_path)!r}",
                            hint=f"give a folder with pack.toml or one of: {known}")
        try:
            with config_file.open("rb") as handle:
                raw = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise PackError(f"invalid TOML: {error}", file=str(config_file)) from None
        try:
            config = PackConfig.model_validate(raw)
        except ValidationError as error:
            first = error.errors()[0]
            place = ".".join(str(part) for part in first["loc"])
            raise PackError(f"{first['msg']}", file=str(config_file), place=place) from None
        template = folder / "templates" / config.pack.template
        if not template.is_file():
            raise PackError(f"template {config.pack.template!r} not found",
                            file=str(config_file), place="pack.template")
        return cls(folder, config)
