"""Story packs: a folder with pack.toml and Jinja2 templates, editable by journalists.

pack.toml is validated on load; a mistake is reported with the file and the key at fault.
Templates run in Jinja2's sandbox with StrictUndefined: a template can read facts and call
house-style filters, nothing else, and a missing figure fails loudly instead of printing blank.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

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


class Quote(Strict):
    speaker: str
    role: str
    paragraphs: list[str]
    regions: list[str] = Field(default_factory=list)  # empty: any region
    directions: list[Literal["rose", "fell", "unchanged", "none"]] = Field(
        default_factory=list)  # the local change the quote fits; empty: any
    priority: int = 0


class Caveat(Strict):
    text: str


class Outlet(Strict):
    name: str
    areas: list[str] = Field(default_factory=list)


class PackConfig(Strict):
    pack: PackInfo
    style: Style = Field(default_factory=Style)
    quotes: list[Quote] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
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
