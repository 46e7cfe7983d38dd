"""`localwire foi ...`: FOI campaigns. Thin: parse, call localwire.foi, print."""

from __future__ import annotations

import json
import shlex
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from localwire.cli.app import DEFAULT_DB_PATH, DbOption, app, console, errors
from localwire.errors import InputErrors, LocalwireError
from localwire.foi import (
    attach_reply,
    create_campaign,
    get_campaign,
    import_reply,
    mark_request,
    requests,
    status_boards,
    status_label,
    write_letters,
)
from localwire.foi.campaign import ANSWERED
from localwire.foi.letters import KINDS, long_date
from localwire.foi.replies import choose_reply, get_request
from localwire.store import Store

foi_app = typer.Typer(name="foi", no_args_is_help=True,
                      help="FOI campaigns: letters, deadlines, statuses and replies.")
app.add_typer(foi_app, name="foi")

TodayOption = Annotated[datetime | None, typer.Option(
    "--today", formats=["%Y-%m-%d"], help="Count deadlines as of this date (default: today).")]
CampaignArgument = Annotated[str, typer.Argument(help="The campaign's name.")]
ForceArgument = Annotated[str, typer.Argument(help="A force: name, alias or slug.")]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@foi_app.command("new")
def new_command(
    name: CampaignArgument,
    question_file: Annotated[Path, typer.Option(
        "--question-file", exists=True, dir_okay=False,
        help="Jinja2 template of the question; can use force.name, force.official_name, "
             "law.title, periods, measures.")],
    dataset: Annotated[str | None, typer.Option(help="Dataset replies are imported into.")] = None,
    forces: Annotated[str, typer.Option(help='"all" or a comma-separated list of forces.')] = "all",
    measure: Annotated[list[str] | None, typer.Option(
        help="A measure asked for (repeat); refusals become observations of it.")] = None,
    period: Annotated[list[str] | None, typer.Option(help="A period asked for (repeat).")] = None,
    requester: Annotated[str | None, typer.Option(
        help="Your name, as the letters must give it (FOIA/FOISA s.8).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Create a campaign with a draft request to every force (or those named).

    Example: localwire foi new nspcc-2018 --question-file question.j2
    --dataset nspcc-child-sex-offences --measure child_sex_offences --period 2016/17
    --requester "Sam Reporter"
    """
    with Store(db) as store:
        campaign = create_campaign(
            store, name, question_file.read_text(encoding="utf-8"),
            question_file=str(question_file), dataset=dataset, forces=forces,
            measures=measure or (), periods=period or (), requester=requester)
        made = requests(store, campaign)
        laws = {law: sum(r.law == law for r in made) for law in ("FOIA", "FOISA")}
        console.print(f"created campaign {campaign.name}: {len(made)} requests "
                      f"({laws['FOIA']} FOIA, {laws['FOISA']} FOISA)", highlight=False)


@foi_app.command("letters")
def letters_command(
    name: CampaignArgument,
    out: Annotated[Path, typer.Option("--out", file_okay=False, help="Folder for the letters.")],
    kind: Annotated[str, typer.Option(help="request, chaser or review.")] = "request",
    force: Annotated[list[str] | None, typer.Option(
        help="Only this force (repeat); default: every request the kind applies to.")] = None,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write one letter per force: the request, a chaser for overdue requests, or a review.

    Chasers go to requests past their due date; review letters to refused, partly successful,
    not held and overdue requests. Files are named FORCE-KIND.txt.

    Example: localwire foi letters nspcc-2018 --out letters/ --kind chaser
    """
    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="--kind")
    with Store(db) as store:
        written = write_letters(store, name, out, kind=kind, forces=force or (),
                                today=_day(today))
    console.print(f"wrote {len(written)} {kind} letters to {out}", highlight=False)


@foi_app.command("mark")
def mark_command(
    name: CampaignArgument,
    force: ForceArgument,
    status: Annotated[str, typer.Argument(
        help="sent, acknowledged, clarification-requested, extended, successful, "
             "partially-successful, refused, not-held, withdrawn, internal-review, appeal.")],
    on: Annotated[datetime | None, typer.Option(
        "--date", formats=["%Y-%m-%d"], help="When it happened (default today).")] = None,
    section: Annotated[list[str] | None, typer.Option(
        help="A section cited in a refusal, e.g. s.12 or s.40(2) (repeat).")] = None,
    until: Annotated[datetime | None, typer.Option(
        "--until", formats=["%Y-%m-%d"],
        help="With 'extended': the date the force promised.")] = None,
    reference: Annotated[str | None, typer.Option(help="The force's reference.")] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the event.")] = None,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Record what happened to a request. Overdue is computed, never marked.

    Marking "sent" starts the 20-working-day clock (again, after you answer a clarification).

    Example: localwire foi mark nspcc-2018 Herts refused --date 2026-06-10 --section s.12
    """
    with Store(db) as store:
        result = mark_request(store, get_campaign(store, name), force, status, on=_day(on),
                              sections=section or (), until=_day(until), reference=reference,
                              note=note, today=_day(today))
    request = result.request
    line = f"{request.force_name}: {status_label(request.status, request.law)}"
    if request.replied_on and request.status in ANSWERED:
        line += f" on {long_date(request.replied_on)}"
    if request.due():
        line += f", due {long_date(request.due())}"
    if result.observations_written:
        line += f"; {_count(result.observations_written, 'observation')} recorded as " + (
            status_label(request.status))
    if result.observations_kept:
        line += f"; {_count(result.observations_kept, 'figure')} already in the store kept"
    console.print(line, highlight=False)


@foi_app.command("attach")
def attach_command(
    name: CampaignArgument,
    force: ForceArgument,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The reply file.")],
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Keep a reply file (byte-for-byte, hashed) and show the sections it cites.

    Sections found are only suggestions: confirm them with `foi mark ... --section`.

    Example: localwire foi attach nspcc-2018 Herts reply-herts.pdf
    """
    with Store(db) as store:
        result = attach_reply(store, name, force, file)
        kept = result.reply.path(store)
    verb = "already attached" if result.already_attached else "kept"
    console.print(f"{verb}: {kept} (sha256 {result.reply.sha256}, {result.reply.size_bytes} "
                  "bytes)", highlight=False, markup=False, soft_wrap=True)
    if result.sections:
        table = Table("section", "meaning", "in the reply")
        for hit in result.sections:
            table.add_row(hit.section, hit.description, hit.excerpt)
        console.print(table)
    if result.suggested_status:
        flags = " ".join(f"--section {hit.section}" for hit in result.sections
                         if result.suggested_status == "refused")
        console.print(f"it reads like {status_label(result.suggested_status)}; to confirm: "
                      f"localwire foi mark {shlex.quote(name)} {shlex.quote(force)} "
                      f"{result.suggested_status.replace('_', '-')} {flags}".rstrip(),
                      highlight=False, markup=False, soft_wrap=True)


@foi_app.command("import")
def import_command(
    name: CampaignArgument,
    force: ForceArgument,
    recipe: Annotated[Path | None, typer.Option(help="Recipe for an untidy reply.")] = None,
    reply: Annotated[str | None, typer.Option(
        help="Which attached reply (file name or hash prefix); default the latest.")] = None,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Import an attached reply into the campaign's dataset and link it to the request.

    A tidy CSV needs no recipe. If the import fails, the reply stays attached.

    Example: localwire foi import nspcc-2018 Herts --recipe recipes/herts.yaml
    """
    with Store(db) as store:
        try:
            outcome = import_reply(store, name, force, recipe=recipe, reply=reply,
                                   today=_day(today))
        except (InputErrors, LocalwireError):
            kept = choose_reply(store, get_request(store, get_campaign(store, name), force),
                                reply).path(store)
            errors.print(f"import failed; the reply is kept: {kept}", highlight=False,
                         markup=False, soft_wrap=True)
            raise
    console.print(outcome.result.summary, highlight=False)
    if outcome.status_changed:
        console.print(f"status: {status_label(outcome.status)}", highlight=False)
    if outcome.other_areas:
        console.print("note: the reply also holds figures for " + ", ".join(outcome.other_areas),
                      highlight=False)


@foi_app.command("status")
def status_command(
    campaign: Annotated[str | None, typer.Option(help="One campaign (default: all).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """The status board: each force's request, when it was sent and due, and days overdue.

    Example: localwire foi status --campaign nspcc-2018 --today 2026-07-01 --json
    """
    with Store(db) as store:
        boards = status_boards(store, campaign, _day(today))
    if as_json:
        typer.echo(json.dumps([board.as_dict() for board in boards], indent=2))
        return
    for board in boards:
        table = Table("force", "law", "sent", "due", "status", "working days overdue",
                      title=f"{board.campaign} (as of {board.today})")
        for row in board.rows:
            table.add_row(row.force_name, row.law, row.sent or "", row.due or "",
                          status_label(row.status, row.law) + (
                              f" ({row.sections})" if row.sections else ""),
                          str(row.working_days_overdue or ""))
        console.print(table)
        console.print(board.summary, highlight=False)
        if board.dataset_covered is not None:
            console.print(f"{board.dataset}: {len(board.dataset_covered)} of {len(board.rows)} "
                          "forces have figures", highlight=False)
