"""Core commands: areas, import, facts, write, demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from localwire.areas import Area, gazetteer_of
from localwire.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    app,
    console,
    errors,
    existing_store,
    fail,
    progress_bar,
)
from localwire.desk.demo import DEMO_FORMATS, run_demo
from localwire.desk.selfcheck import story_writer
from localwire.errors import StoreProblem, UnknownMeasure
from localwire.facts import FactBook, area_facts
from localwire.importing import import_file, recipe_dataset
from localwire.model.facts import ObservationRef
from localwire.model.numbers import grouped, parse_decimal
from localwire.model.periods import Period
from localwire.store import Store
from localwire.write.batch import NotWritten, default_jobs, write_batch
from localwire.write.formats import FORMATS
from localwire.write.pack import Pack
from localwire.write.writer import CHECK_MODES


@app.command("areas")
def areas_command(
    db: DbOption = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the known areas (forces and aggregates) with their codes and FOI law.

    Example: localwire areas --json
    """
    with Store(db if db.is_file() else ":memory:") as store:   # the bundled gazetteer
        areas = sorted(gazetteer_of(store).areas.values(), key=lambda a: (a.kind != "force", a.name))
        if as_json:
            console.print_json(json.dumps([a.__dict__ for a in areas]))
            return
        table = Table("slug", "name", "ONS code", "kind", "nation", "region", "FOI law")
        for area in areas:
            table.add_row(area.slug, area.name, area.ons_code, area.kind, area.nation,
                          area.region, area.foi_law)
        console.print(table)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    dataset: Annotated[str | None, typer.Option(
        "--dataset", "-d", help="Dataset to import into (default: the recipe's).")] = None,
    recipe: Annotated[Path | None, typer.Option("--recipe", "-r",
                                                help="Recipe for an untidy file.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Import a file into a dataset, all or nothing.

    Without --recipe the file is in the tidy CSV format (columns area, period, measure, value
    and optionally breakdown, status, note, source). Importing the same file twice changes
    nothing; a changed figure becomes a new version and is reported.

    Example: localwire import replies.csv --dataset nspcc-child-sex-offences
    """
    dataset = dataset or recipe_dataset(recipe)
    if dataset is None:
        names_none = "this recipe names none" if recipe else "a tidy CSV names none"
        raise typer.BadParameter(f"name the dataset to import into ({names_none})",
                                 param_hint="--dataset")
    with Store(db) as store:
        result = import_file(store, file, dataset=dataset, recipe=recipe)
    if as_json:
        console.print_json(json.dumps({
            "dataset": result.dataset, "source_id": result.source_id, "added": result.added,
            "unchanged": result.unchanged, "restored": result.restored,
            "repaired": result.repaired, "warnings": [w.as_dict() for w in result.warnings],
            "changes": [c.__dict__ for c in result.changes]}))
        return
    console.print(result.summary, highlight=False, soft_wrap=True)
    for warning in result.warnings:
        console.print(f"  warning: {warning}", highlight=False)
    for change in result.changes:
        where = " ".join(p for p in (change.area, change.period, change.measure, change.breakdown) if p)
        console.print(f"  changed: {where}: {_figure(change.old)} -> {_figure(change.new)}",
                      highlight=False)


def _figure(stored: str | None) -> str:
    """A changed value as a table shows it ("1,483"), or the status a row without a figure
    has ("refused")."""
    value = parse_decimal(stored) if stored and stored[0].isdigit() else None
    return grouped(value) if value is not None else (stored or "none")


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the stories.")] = Path(
        "stories"),
) -> None:
    """Build a fresh store from the bundled data and write a story for every force with data.

    Writes OUT/<force>.md (headline first) and OUT/<force>.json (text, every figure with its
    fact, formula and source), and prints a summary.

    Example: localwire demo --out stories
    """
    with progress_bar() as progress:
        task = progress.add_task("writing stories", total=None)

        def advance(name: str, done: int, total: int) -> None:
            progress.update(task, total=total, completed=done, description=f"writing {name}")

        result = run_demo(out, on_area=advance)
    table = Table("force", "headline", "figures", "words", title="localwire demo")
    table.columns[0].no_wrap = True
    for story in result.stories:
        table.add_row(story.area.name, story.headline, str(len(story.figures)),
                      str(len(story.text.split())))
    console.print(table)
    console.print(f"{len(result.stories)} stories, every figure traced to a fact and every claim "
                  f"supported: {out}/<force>.md and {out}/<force>.json", highlight=False)
    console.print(f"store: {result.store_path}", highlight=False)


@app.command("write")
def write_command(
    pack: Annotated[str, typer.Argument(help="A bundled pack name or a pack folder.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the stories.")] = Path(
        "stories"),
    area: Annotated[list[str] | None, typer.Option(
        "--area", "-a", help="Only these areas (names, aliases or codes); repeatable.")] = None,
    outlet: Annotated[list[str] | None, typer.Option(
        "--outlet", help="Write one version per outlet; repeatable.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Period, e.g. 2016/17.")] = None,
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help="md, txt, html, json; repeatable (default md and json).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: one per core).")] = None,
    check: Annotated[str, typer.Option(
        "--check", help="full: every claim verified by the article checker (default); "
                        "trace: every number traced to a fact, for fast bulk re-runs.")] = "full",
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write a pack's stories for every area with data (or the areas given).

    Every figure is traced to a fact and self-checked; a story's files appear only when it
    has passed. One area never blocks the others: every area not written is listed with its
    reason, and the exit code is 1 when any failed. --jobs spreads the writing over
    processes; the files are the same whatever N.

    Example: localwire write nspcc-child-sex-offences --area Herts --outlet "Herts Advertiser"
    --outlet "Watford Observer" --format md --format html --jobs 2
    """
    formats = tuple(fmt or DEMO_FORMATS)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        fail(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}", code=2)
    if check not in CHECK_MODES:
        fail(f"--check must be one of {', '.join(CHECK_MODES)}", code=2)
    with Store(existing_store(db)) as store:
        writer = story_writer(store, Pack.load(pack), period, check=check)
        areas = ([gazetteer_of(store).resolve(name) for name in area] if area else writer.areas())
        skipped = [] if area else [NotWritten(a, why, failed=False)
                                   for a, why in writer.without_figure()]
        if not areas and not skipped:
            fail(f"no area has figures for {writer.period.code} in {writer.book.dataset} "
                 f"({db}): nothing to write")
        with progress_bar() as progress:
            task = progress.add_task("writing", total=len(areas))
            result = write_batch(writer, areas, out, formats, outlets=outlet,
                                 jobs=jobs or default_jobs(), without_figure=skipped,
                                 on_progress=lambda done, _total: progress.update(
                                     task, completed=done))
    checked = ("every figure traced to a fact and every claim supported" if check == "full"
               else "every figure traced to a fact")
    console.print(f"{result.stories} {'story' if result.stories == 1 else 'stories'} written to "
                  f"{out}/ ({', '.join(formats)}), {checked}", highlight=False)
    for missing in result.not_written:
        (errors if missing.failed else console).print(
            f"{'failed' if missing.failed else 'not written'}: {missing.reason}",
            highlight=False, markup=False, soft_wrap=True)
    if result.failed:
        raise typer.Exit(1)


@app.command("facts")
def facts_command(
    area: Annotated[str, typer.Argument(help="Area name, alias or ONS code.")],
    dataset: Annotated[str, typer.Option("--dataset", "-d", help="Dataset id.")],
    measure: Annotated[str | None, typer.Option("--measure", "-m",
                                                help="Measure (default: all).")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Period (default: latest).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show an area's facts for a period: every value with its formula and source.

    Example: localwire facts Herts --dataset nspcc-child-sex-offences --period 2016/17
    """
    with Store(existing_store(db)) as store:
        book = FactBook(store, dataset)
        place = gazetteer_of(store).resolve(area)
        mine = _check_facts_wanted(book, place, measure, period)
        found = area_facts(book, place.slug, measure, period)
        if not found:   # only refusals, suppressed or not-held figures: say which
            fail("no facts: " + "; ".join(sorted({
                book.why_missing(place.slug, Period.parse(ref.period), ref.measure,
                                 ref.breakdown) + (f" ({ref.note})" if ref.note else "")
                for ref in mine})))
    if as_json:
        console.print_json(json.dumps([fact.as_dict() for fact in found], default=str))
        return
    table = Table(title=f"{place.name}: {book.dataset}")
    for header in ("fact", "value", "formula", "source"):
        table.add_column(header, overflow="fold")  # a fact id is what `localwire explain` takes
    for fact in found:
        source = fact.inputs[0] if fact.inputs else None
        where = f"{source.source_file} {source.location}" if source else ""
        table.add_row(fact.id, grouped(fact.value), fact.formula, where)
    console.print(table)


def _check_facts_wanted(book: FactBook, area: Area, measure: str | None,
                        period: str | None) -> list[ObservationRef]:
    """Refuse, in one line, a measure, area or period the dataset has no figures for; else
    the area's observations asked about."""
    every = book.observations()
    measures = sorted({ref.measure for ref in every})
    if measure and measure not in measures:
        raise UnknownMeasure(f"{measure!r} is not a measure of {book.dataset}",
                             hint="measures with figures: " + (", ".join(measures) or "none"))
    mine = [ref for ref in every if ref.area == area.slug and ref.measure in (measure or
                                                                                 measures)]
    if not mine:
        raise StoreProblem(reason=f"{book.dataset} has no figures for {area.name}",
                           hint="areas with figures: " + ", ".join(
                               sorted({ref.area for ref in every})))
    if period:
        codes = sorted({Period.parse(ref.period) for ref in mine})
        if Period.parse(period) not in codes:
            raise StoreProblem(
                reason=f"{book.dataset} has no figures for {area.name} in "
                       f"{Period.parse(period).code}",
                hint="periods with figures: " + ", ".join(p.code for p in codes))
        mine = [ref for ref in mine if Period.parse(ref.period) == Period.parse(period)]
    return mine
