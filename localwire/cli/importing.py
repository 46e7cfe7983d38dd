"""The `validate` command: every problem an import would find, without writing anything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from localwire.cli.app import app, console
from localwire.importing import validate_file
from localwire.prose.style import count_noun
from localwire.store import Store


@app.command("validate")
def validate_command(
    file: Annotated[Path, typer.Argument(help="The file to check.")],
    recipe: Annotated[str | None, typer.Option(
        "--recipe", "-r", help="Recipe (YAML file or bundled name); tidy CSV without.")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", "-d",
                                                help="Dataset whose rules apply.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check a file as `localwire import` would, write nothing; exit 1 on any problem.

    Example: localwire validate reply.xlsx --recipe kent.yaml --json
    """
    with Store(":memory:") as store:
        problems = validate_file(store, file, recipe=recipe, dataset=dataset)
    if as_json:
        console.print_json(json.dumps({"file": str(file), "valid": not problems,
                                       "problems": [p.as_dict() for p in problems]}))
    elif problems:
        title = f"{file}: {count_noun(len(problems), 'problem')}"
        table = Table("code", "place", "message", "hint", title=title)
        for problem in problems:
            table.add_row(problem.code, problem.place or "", problem.message, problem.hint or "")
        console.print(table)
    else:
        console.print(f"{file}: no problems found", highlight=False)
    if problems:
        raise typer.Exit(1)


@app.command("errors")
def errors_command(
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print docs/errors.md, generated from the catalogue.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalogue as JSON.")] = False,
) -> None:
    """List every error code with its exit code, HTTP status and meaning.

    Example: localwire errors --markdown > docs/errors.md
    """
    from localwire.desk.errors_doc import markdown as render_markdown
    from localwire.errors import catalogue

    if markdown:
        typer.echo(render_markdown(), nl=False)
        return
    entries = catalogue()
    if as_json:
        console.print_json(json.dumps([
            {"code": code, "section": kind.section, "exit_code": kind.exit_code,
             "http_status": kind.http_status, "template": kind.template,
             "meaning": kind.meaning()} for code, kind in entries.items()]))
        return
    table = Table("code", "exit", "HTTP", "meaning", title="localwire errors")
    for code, kind in entries.items():
        table.add_row(code, str(kind.exit_code), str(kind.http_status), kind.meaning())
    console.print(table)
