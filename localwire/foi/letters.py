"""Letters: the request, the chaser and the (internal) review, one per force.

The campaign's question is a Jinja2 template rendered per force in a sandbox with
`StrictUndefined` (a name the template uses but the context lacks is an error, not a blank).
The letter around it cites the right law: FOIA for the forces of England, Wales and Northern
Ireland and British Transport Police, FOISA for Police Scotland.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from localwire import sandbox
from localwire.areas import Area, gazetteer_of
from localwire.errors import TemplateError
from localwire.foi.campaign import (
    AWAITING_REPLY,
    INTERNAL_REVIEW,
    NOT_HELD_STATUS,
    PARTIALLY_SUCCESSFUL,
    REFUSED_STATUS,
    Campaign,
    FoiError,
    Request,
    get_campaign,
    get_request,
    requests,
)
from localwire.foi.deadlines import FOISA
from localwire.store import Store

KINDS = ("request", "chaser", "review")
TEMPLATES = resources.files("localwire.foi") / "templates"


@dataclass(frozen=True)
class Law:
    code: str
    title: str
    commissioner: str
    review_name: str
    advice_section: int
    means_section: int = 11


LAWS = {
    "FOIA": Law("FOIA", "Freedom of Information Act 2000", "Information Commissioner",
                "internal review", advice_section=16),
    FOISA: Law("FOISA", "Freedom of Information (Scotland) Act 2002",
               "Scottish Information Commissioner", "review", advice_section=15),
}


def _environment() -> SandboxedEnvironment:
    return sandbox.environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                               autoescape=False)


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def question_context(area: Area, law: str, campaign: Campaign | None = None) -> dict[str, Any]:
    """What a question template can use: force.name, force.official_name, law.title, ..."""
    return {
        "force": {"slug": area.slug, "name": area.name, "official_name": area.official_name},
        "law": LAWS[law].__dict__,
        "campaign": campaign.name if campaign else "",
        "periods": list(campaign.periods) if campaign else [],
        "measures": list(campaign.measures) if campaign else [],
    }


def render_question(source: str, context: dict[str, Any], *, file: str | None = None) -> str:
    try:
        return sandbox.render(_environment().from_string(source), context).strip()
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


def check_question(source: str, areas: Iterable[Area], *, file: str | None = None) -> None:
    """Render the question for every force once, so errors show before anything is stored."""
    for area in areas:
        render_question(source, question_context(area, area.foi_law or "FOIA"), file=file)


def render_letter(store: Store, campaign: Campaign, request: Request, kind: str,
                  today: date | None = None) -> str:
    if kind not in KINDS:
        raise FoiError(f"unknown letter kind {kind!r}", hint="use " + ", ".join(KINDS))
    if not campaign.requester:
        raise FoiError(f"campaign {campaign.name!r} has no requester name",
                       hint="a valid request must give the applicant's name (FOIA s.8, FOISA "
                            "s.8); create the campaign with --requester")
    if kind != "request" and request.first_sent_on is None:
        raise FoiError(f"{request.force_name}: no {kind} letter for a request never sent")
    today = today or date.today()
    area = gazetteer_of(store).areas[request.force]
    context = question_context(area, request.law, campaign)
    question = render_question(campaign.question_template, context,
                               file=campaign.question_file)
    due = request.due()
    context.update(
        question=question, requester=campaign.requester, today=long_date(today),
        sent=long_date(request.first_sent_on), due=long_date(due), status=request.status,
        sections=request.sections or "", reference=request.reference or "",
        working_days_overdue=request.working_days_overdue(today) if due else 0)
    template = _environment().from_string((TEMPLATES / f"{kind}.j2").read_text(encoding="utf-8"))
    return _tidy(sandbox.render(template, context))


def _tidy(text: str) -> str:
    """Collapse the blank lines template blocks leave behind."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def wants_letter(request: Request, kind: str, today: date) -> bool:
    """Which requests a kind of letter goes to by default."""
    if kind == "request":
        return True
    if kind == "chaser":
        return request.status in AWAITING_REPLY and request.working_days_overdue(today) > 0
    return request.status in (REFUSED_STATUS, PARTIALLY_SUCCESSFUL, NOT_HELD_STATUS) or (
        request.status in AWAITING_REPLY - {INTERNAL_REVIEW}
        and request.working_days_overdue(today) > 0)


def write_letters(store: Store, campaign: str | Campaign, out_dir: str | Path, *,
                  kind: str = "request", forces: Iterable[str] = (),
                  today: date | None = None) -> list[Path]:
    """Render the letters (every one first, so a failure writes none) and write them to out_dir.

    Files are named FORCE-KIND.txt. Without `forces`, a kind goes to the requests that want it
    (`wants_letter`); naming forces sends it to those forces whatever their state.
    """
    today = today or date.today()
    if isinstance(campaign, str):
        campaign = get_campaign(store, campaign)
    chosen = ([get_request(store, campaign, force) for force in forces] if forces else
              [r for r in requests(store, campaign) if wants_letter(r, kind, today)])
    letters = {f"{r.force}-{kind}.txt": render_letter(store, campaign, r, kind, today)
               for r in chosen}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in letters.items():
        written.append(_write_atomically(out / name, text))
    return written


def _write_atomically(path: Path, text: str) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".letter-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)
    return path
