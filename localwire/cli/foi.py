"""`localwire foi ...`: FOI campaigns. Thin: parse, call localwire.foi, print."""

from __future__ import annotations

import json
import shlex
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from localwire.cli.app import DEFAULT_DB_PATH, DbOption, app, console, errors
from localwire.errors import InputErrors, LocalwireError
from localwire.foi import (
    KINDS,
    Board,
    Recorded,
    attach_reply,
    bundled_question,
    close_no_reply,
    create_campaign,
    entries_for,
    entries_from_csv,
    get_campaign,
    get_request,
    import_reply,
    record,
    requests,
    status_boards,
    write_letters,
)
from localwire.foi.letters import long_date
from localwire.foi.lifecycle import STATE_LABELS, label
from localwire.foi.replies import choose_reply
from localwire.prose.style import counted
from localwire.store import Store

foi_app = typer.Typer(name="foi", no_args_is_help=True,
                      help="FOI campaigns: letters, dated events, deadlines and replies.")
app.add_typer(foi_app, name="foi")

DateOption = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])]
TodayOption = Annotated[datetime | None, typer.Option(
    "--today", formats=["%Y-%m-%d"], help="Count deadlines as of this date (default: today).")]
CampaignArgument = Annotated[str, typer.Argument(help="The campaign's name.")]
ForceArgument = Annotated[str, typer.Argument(help="A force: name, alias or slug.")]


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _today(value: datetime | None) -> date:
    """--today, or the machine's date: the CLI is the one place the clock is read."""
    return _day(value) or date.today()


def _say(text: str) -> None:
    console.print(text, highlight=False, markup=False, soft_wrap=True)


@foi_app.command("new")
def new_command(
    name: CampaignArgument,
    question_file: Annotated[Path | None, typer.Option(
        "--question-file", exists=True, dir_okay=False,
        help="Jinja2 template of the question; can use force.name, force.official_name, "
             "force.nation, law.code, law.title, periods, period_phrases, measures.")] = None,
    question: Annotated[str | None, typer.Option(
        help="A bundled question to start from instead: nspcc.")] = None,
    dataset: Annotated[str | None, typer.Option(help="Dataset replies are imported into.")] = None,
    forces: Annotated[str, typer.Option(help='"all" or a comma-separated list of forces.')] = "all",
    measure: Annotated[list[str] | None, typer.Option(
        help="A measure asked for (repeat); refusals become observations of it.")] = None,
    period: Annotated[list[str] | None, typer.Option(help="A period asked for (repeat).")] = None,
    requester: Annotated[str | None, typer.Option(
        help="Your name, as the letters must give it (FOIA/FOISA s.8(1)(b)).")] = None,
    address: Annotated[str | None, typer.Option(
        help="Your address for correspondence, e-mail or postal (FOIA/FOISA s.8(1)(b)).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Create a campaign with a draft request to every force (or those named).

    Example: localwire foi new nspcc-2018 --question nspcc --dataset nspcc-child-sex-offences
    --measure child_sex_offences --period 2016/17 --requester "Sam Reporter"
    --address sam@example.org
    """
    if (question_file is None) == (question is None):
        raise typer.BadParameter("give --question-file FILE or --question nspcc (one of them)",
                                 param_hint="--question-file")
    for value, option in ((requester, "--requester"), (address, "--address")):
        if not value or not value.strip():
            raise typer.BadParameter(
                "a valid request states the applicant's name and an address for "
                "correspondence (FOIA/FOISA s.8(1)(b)): give --requester and --address",
                param_hint=option)
    source = (question_file.read_text(encoding="utf-8") if question_file
              else bundled_question(question))
    with Store(db) as store:
        campaign = create_campaign(
            store, name, source, question_file=str(question_file) if question_file else
            f"bundled:{question}", dataset=dataset, forces=forces, measures=measure or (),
            periods=period or (), requester=requester, address=address)
        made = requests(store, campaign)
    laws = {law: sum(r.law == law for r in made) for law in ("FOIA", "FOISA")}
    _say(f"created campaign {campaign.name}: {len(made)} requests ({laws['FOIA']} FOIA, "
         f"{laws['FOISA']} FOISA)")


@foi_app.command("letters")
def letters_command(
    name: CampaignArgument,
    out: Annotated[Path, typer.Option("--out", file_okay=False, help="Folder for the letters.")],
    kind: Annotated[str, typer.Option(help=", ".join(KINDS) + ".")] = "request",
    force: Annotated[list[str] | None, typer.Option(
        help="Only this force (repeat); review and appeal letters need it.")] = None,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write one letter per force, for the stage its request is at.

    request: to requests not yet sent. chaser: to requests whose reply is overdue.
    review-chaser: to reviews past their due date. review and appeal (a complaint to the ICO,
    an application to the SIC): only to the forces you name. Files are named FORCE-KIND.txt;
    nothing is written if any letter does not fit its request's stage.

    Example: localwire foi letters nspcc-2018 --out letters/ --kind chaser --today 2026-07-01
    """
    if kind not in KINDS:
        raise typer.BadParameter(f"use one of {', '.join(KINDS)}", param_hint="--kind")
    with Store(db) as store:
        written = write_letters(store, name, out, kind=kind, forces=force or (),
                                today=_today(today))
    _say(f"wrote {counted(len(written), kind + ' letter')} to {out}")


@foi_app.command("mark")
def mark_command(
    name: CampaignArgument,
    forces: Annotated[str | None, typer.Argument(
        help='A force, several ("Herts,Beds") or "all".')] = None,
    event: Annotated[str | None, typer.Argument(
        help="What happened: sent, acknowledged, clarification-asked, clarification-answered, "
             "fee-notice, fee-paid, extended, reply-received, successful, partially-successful, "
             "refused, not-held, review-asked, review-answered, appealed, decision, closed, "
             "withdrawn.")] = None,
    on: Annotated[datetime | None, typer.Option(
        "--date", formats=["%Y-%m-%d"], help="When it happened (default: --today).")] = None,
    outcome: Annotated[str | None, typer.Option(
        help="With review-answered (successful, refused, ..., or upheld) or decision "
             "(upheld, partly-upheld, not-upheld).")] = None,
    section: Annotated[list[str] | None, typer.Option(
        help="A section cited, e.g. s.12 or s.40(2) (repeat); with extended, the exemption "
             "whose public interest test needs the time.")] = None,
    until: Annotated[datetime | None, typer.Option(
        "--until", formats=["%Y-%m-%d"],
        help="With extended: the date the force promised.")] = None,
    reference: Annotated[str | None, typer.Option(help="The force's reference.")] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the event.")] = None,
    csv_file: Annotated[Path | None, typer.Option(
        "--csv", dir_okay=False,
        help="Record the rows of a CSV instead: force,event,date[,outcome,sections,until,"
             "reference,note].")] = None,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Record what happened to one request, several, or every row of a CSV; all or nothing.

    The state is worked out from the dated events (overdue is computed, never recorded); an
    event the law does not allow at that point is refused with the reason.

    Example: localwire foi mark nspcc-2018 all sent --date 2026-05-20;
    localwire foi mark nspcc-2018 Herts refused --date 2026-06-10 --section s.12
    """
    day = _today(today)
    with Store(db) as store:
        if csv_file is not None:
            if forces or event:
                raise typer.BadParameter("give FORCES EVENT or --csv, not both",
                                         param_hint="--csv")
            entries = entries_from_csv(csv_file)
        elif forces and event:
            entries = entries_for(store, name, forces, event, _day(on) or day, outcome=outcome,
                                  sections=section or (), until=_day(until),
                                  reference=reference, note=note)
        else:
            raise typer.BadParameter("say which forces and what happened, e.g. "
                                     "`mark NAME Herts sent`, or give --csv", param_hint="FORCES")
        results = record(store, name, entries, today=day,
                         file=str(csv_file) if csv_file else None)
    for result in results:
        _say(_recorded_line(result))
        for warning in result.warnings:
            _say(f"  note: {warning}")
    if len(results) > 1:
        _say(f"recorded {counted(len(results), 'event')}")


def _recorded_line(result: Recorded) -> str:
    request, event = result.request, result.event
    t = request.timeline
    line = f"{request.force_name}: {label(event.kind)}"
    if event.outcome:
        line += f" {label(event.outcome)}"
    if event.sections:
        line += f" ({', '.join(event.sections)})"
    line += f" on {long_date(event.on)}; now {STATE_LABELS[t.state]}"
    if t.due and t.state in ("awaiting", "extended"):
        line += f", due {long_date(t.due)}"
    if t.state == "review" and t.review_due:
        line += f", review due {long_date(t.review_due)}"
    if result.observations_written:
        line += f"; {counted(result.observations_written, 'observation')} recorded"
    if result.observations_kept:
        line += f"; {counted(result.observations_kept, 'figure')} already in the store kept"
    return line


@foi_app.command("close")
def close_command(
    name: CampaignArgument,
    force: Annotated[list[str] | None, typer.Option(
        help="Only this force (repeat; it must be overdue); default: every long-overdue one.")
    ] = None,
    on: Annotated[datetime | None, typer.Option(
        "--date", formats=["%Y-%m-%d"], help="The day you closed them (default: --today).")
    ] = None,
    min_overdue: Annotated[int, typer.Option(
        help="Close replies more than this many working days late.")] = 20,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Close long-overdue requests as "no reply", writing no_reply observations, in one go.

    Example: localwire foi close nspcc-2018 --today 2026-09-01
    """
    with Store(db) as store:
        results = close_no_reply(store, name, today=_today(today), on=_day(on),
                                 forces=force or (), min_overdue=min_overdue)
    for result in results:
        _say(_recorded_line(result))
    _say(f"closed {counted(len(results), 'request')} as no reply")


@foi_app.command("attach")
def attach_command(
    name: CampaignArgument,
    force: ForceArgument,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The reply file.")],
    received: Annotated[datetime | None, typer.Option(
        "--received", formats=["%Y-%m-%d"],
        help="The day the reply arrived (an .eml file's Date header is used otherwise).")
    ] = None,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Keep a reply file (byte-for-byte, hashed), record it received, show the sections it cites.

    The request then waits for its reply to be classified (by `foi import`, or by hand with
    `foi mark ... refused --section ...`); it gets no more chasers.

    Example: localwire foi attach nspcc-2018 Herts reply-herts.pdf --received 2026-06-12
    """
    with Store(db) as store:
        result = attach_reply(store, name, force, file, today=_today(today),
                              received=_day(received))
        kept = result.reply.path(store)
    verb = "already attached" if result.already_attached else "kept"
    _say(f"{verb}: {kept} (sha256 {result.reply.sha256}, {result.reply.size_bytes} bytes)")
    if result.received:
        _say(f"{result.request.force_name}: reply received on {long_date(result.received)}; "
             f"now {STATE_LABELS[result.request.state]}")
    if result.sections:
        table = Table("section", "meaning", "in the reply")
        for hit in result.sections:
            table.add_row(hit.section, hit.description, hit.excerpt)
        console.print(table)
    if result.suggested_outcome:
        flags = " ".join(f"--section {hit.section}" for hit in result.sections
                         if result.suggested_outcome in ("refused", "partially_successful"))
        _say(f"it reads like {label(result.suggested_outcome)}; to confirm: localwire foi mark "
             f"{shlex.quote(name)} {shlex.quote(force)} {label(result.suggested_outcome)} "
             f"{flags}".rstrip())


@foi_app.command("import")
def import_command(
    name: CampaignArgument,
    force: ForceArgument,
    recipe: Annotated[Path | None, typer.Option(help="Recipe for an untidy reply.")] = None,
    reply: Annotated[str | None, typer.Option(
        help="Which attached reply (file name or hash prefix); default the latest.")] = None,
    accept_mismatch: Annotated[bool, typer.Option(
        "--accept-mismatch",
        help="Import periods or measures other than those asked for (never other forces).")
    ] = False,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Import an attached reply into the campaign's dataset and link it to the request.

    A tidy CSV needs no recipe. The file must hold only this force and the periods and
    measures asked for. If the import fails, nothing changes and the reply stays attached.

    Example: localwire foi import nspcc-2018 Herts --recipe recipes/herts.yaml
    """
    with Store(db) as store:
        try:
            outcome = import_reply(store, name, force, recipe=recipe, reply=reply,
                                   accept_mismatch=accept_mismatch, today=_today(today))
        except (InputErrors, LocalwireError):
            kept = choose_reply(store, get_request(store, get_campaign(store, name), force),
                                reply).path(store)
            errors.print(f"import failed; the reply is kept: {kept}", highlight=False,
                         markup=False, soft_wrap=True)
            raise
    _say(outcome.result.summary)
    request = outcome.request
    if outcome.classified:
        _say(f"{request.force_name}: {label(outcome.outcome)}; now {STATE_LABELS[request.state]}")
    elif outcome.outcome:
        _say(f"{request.force_name}: the figures read as {label(outcome.outcome)}; the request "
             f"is {STATE_LABELS[request.state]} (classify it with `foi mark`)")
    elif request.state in ("to_classify", "review_to_classify"):
        _say(f"{request.force_name}: no figure for the periods and measures asked; classify "
             "the reply with `foi mark`")


@foi_app.command("status")
def status_command(
    name: Annotated[str | None, typer.Argument(help="One campaign (default: all).")] = None,
    campaign: Annotated[str | None, typer.Option(help="The same, as an option.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """The board: each request's bucket, dates and days late; totals; on-time rate; and
    where the board and the dataset disagree.

    Example: localwire foi status nspcc-2018 --today 2026-07-01 --json
    """
    if name and campaign and name != campaign:
        raise typer.BadParameter(f"two campaigns given ({name!r} and {campaign!r}); give one",
                                 param_hint="--campaign")
    campaign = name or campaign
    with Store(db) as store:
        boards = status_boards(store, campaign, today=_today(today))
    if as_json:
        typer.echo(json.dumps([board.as_dict() for board in boards], indent=2))
        return
    for board in boards:
        _print_board(board)


def _print_board(board: Board) -> None:
    table = Table(title=f"{board.campaign} (as of {board.today})", box=box.SIMPLE_HEAD)
    for header, options in (("force", {}), ("law", {}), ("due", {"no_wrap": True}),
                            ("status", {"overflow": "fold"}), ("days late", {"justify": "right"}),
                            ("replied", {"no_wrap": True})):
        table.add_column(header, **options)
    for row in board.rows:
        late = row.working_days_overdue or row.review_overdue_days
        replied = (row.replied or "") + (" (late)" if row.on_time is False else "")
        due = row.review_due if row.state == "review" else row.due
        table.add_row(row.force_name, row.law, due or "", row.status, str(late or ""), replied)
    console.print(table)
    _say(board.summary)
    if board.refusals:
        _say("refusals: " + ", ".join(f"{n} {key.replace('_', ' ')}"
                                      for key, n in board.refusals.items()))
    stats = board.stats
    if stats["replied"]:
        _say(f"on time: {stats['on_time']} of {stats['replied']} replies "
             f"({stats['on_time_rate']:.0%}); median {stats['median_working_days_to_reply']} "
             "working days to reply")
    for row in board.rows:
        for ignored in row.ignored:
            _say(f"{row.force_name}: ignored {ignored}")
    if board.dataset_covered is None:
        return
    _say(f"{board.dataset}: {len(board.dataset_covered)} of {board.total} forces have figures")
    if not board.differences:
        _say("board and dataset agree")
    for difference in board.differences:
        _say(f"differs: {difference.force_name}: {difference.reason} "
             f"(dataset: {difference.dataset})")


@foi_app.command("show")
def show_command(
    name: CampaignArgument,
    force: ForceArgument,
    today: TodayOption = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """One request: its dated events, its state, every deadline and what can happen next.

    Example: localwire foi show nspcc-2018 "Police Scotland" --today 2026-07-01
    """
    day = _today(today)
    with Store(db) as store:
        request = get_request(store, name, force)
    t = request.timeline
    _say(f"{request.force_name} ({request.law}): {STATE_LABELS[t.state]}")
    for event in t.events:
        details = " ".join(filter(None, [label(event.outcome or ""), ", ".join(event.sections),
                                         f"until {event.until}" if event.until else ""]))
        _say(f"  {event.on.isoformat()}  {label(event.kind)} {details}".rstrip())
    for event, why in t.ignored:
        _say(f"  {event.on.isoformat()}  {label(event.kind)} (ignored: {why})")
    for what, day_ in (("due", t.due), ("review due", t.review_due),
                       ("review by (you)", t.review_by), ("appeal by (you)", t.appeal_by)):
        if day_:
            _say(f"{what}: {long_date(day_)}")
    for warning in t.warnings:
        _say(f"note: {warning}")
    _say("next: " + (", ".join(label(k) for k in t.allowed(day)) or "nothing"))
