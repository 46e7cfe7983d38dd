"""The campaign's question: a Jinja2 template rendered per force, sandboxed and strict.

Rendered in a sandbox with `StrictUndefined` (a name the template uses but the context lacks is
an error when the campaign is created, not a blank in 46 letters). The context gives the force
(with its nation), the law it answers under (FOIA or FOISA, with the sections a letter cites),
and the periods and measures asked for, so a Scottish question can differ from an English one.
A bundled question (`nspcc`) is a campaign's starting point.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from importlib import resources
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from localwire import sandbox
from localwire.areas import Area
from localwire.errors import TemplateError
from localwire.foi.laws import LAWS
from localwire.model.periods import Period

TEMPLATES = resources.files("localwire.foi") / "templates"
BUNDLED_QUESTIONS = {"nspcc": "question-nspcc.j2"}


def environment() -> SandboxedEnvironment:
    return sandbox.environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                               autoescape=False)


def bundled_question(name: str) -> str:
    """The source of a bundled question template, by name (e.g. "nspcc")."""
    if name not in BUNDLED_QUESTIONS:
        raise TemplateError(f"no bundled question {name!r}",
                            hint="bundled: " + ", ".join(sorted(BUNDLED_QUESTIONS)))
    return (TEMPLATES / BUNDLED_QUESTIONS[name]).read_text(encoding="utf-8")


def period_phrase(code: str) -> str:
    """"2016/17 (1 April 2016 to 31 March 2017)": a period with its dates, never ambiguous."""
    period = Period.parse(code)
    start, end = period.start, period.end
    return (f"{period.code} ({start.day} {calendar.month_name[start.month]} {start.year} to "
            f"{end.day} {calendar.month_name[end.month]} {end.year})")


def question_context(area: Area, law: str, *, campaign: str = "",
                     periods: Iterable[str] = (), measures: Iterable[str] = ()) -> dict[str, Any]:
    """What a question template can use: force.name, force.nation, law.code, periods, ..."""
    periods = list(periods)
    return {
        "force": {"slug": area.slug, "name": area.name, "official_name": area.official_name,
                  "nation": area.nation},
        "nation": area.nation,
        "law": LAWS[law].as_context(),
        "campaign": campaign,
        "periods": periods,
        "period_phrases": [period_phrase(code) for code in periods],
        "measures": list(measures),
    }


def render_question(source: str, context: dict[str, Any], *, file: str | None = None) -> str:
    try:
        return sandbox.render(environment().from_string(source), context).strip()
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"template syntax: {error.message}", file=file,
                            place=f"line {error.lineno}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"question template: {error.message}", file=file,
                            hint="available: " + ", ".join(_names(context))) from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"question template: {error}", file=file) from None


def _names(context: dict[str, Any]) -> list[str]:
    names = []
    for key, value in context.items():
        names += [f"{key}.{sub}" for sub in value] if isinstance(value, dict) else [key]
    return names


def check_question(source: str, areas: Iterable[Area], *, file: str | None = None,
                   periods: Iterable[str] = (), measures: Iterable[str] = ()) -> None:
    """Render the question for every force once, so errors show before anything is stored."""
    for area in areas:
        render_question(source, question_context(area, area.foi_law or "FOIA", periods=periods,
                                                 measures=measures), file=file)
