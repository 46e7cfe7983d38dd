"""`localwire check`: verify the numeric claims of any article against the data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from localwire.check import CheckReport, check_text
from localwire.cli.app import app, console, fail
from localwire.importing.bundled_data import bundled_store
from localwire.store import DEFAULT_DB, Store

_STYLES = {"supported": "green", "contradicted": "bold red", "unverifiable": "yellow"}
_CONTEXT = 60


@app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="The article, as plain text (- for stdin).")],
    db: Annotated[Path | None, typer.Option("--db", help="The store file (DuckDB). Default: "
                                            "./localwire.duckdb if present, else the bundled data.",
                                            envvar="LOCALWIRE_DB")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Dataset id to check against.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="The article's year, e.g. 2016/17.")] = None,
    area: Annotated[str | None, typer.Option("--area", help="The article's main area.")] = None,
    published: Annotated[str | None, typer.Option(
        "--published", help="The article's date (YYYY-MM-DD): dates 'the 12 months to June', "
                            "'last year'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, one object per claim.")] = False,
) -> None:
    """Extract every numeric claim in FILE and say which ones the data supports.

    Exit 0 when nothing is contradicted, 1 otherwise.

    Example: localwire check story.txt --period 2016/17 --json
    """
    text = _read(file)
    dated = _date(published) if published else None
    with _open_store(db) as store:
        report = check_text(text, store, dataset=dataset, area=area, period=period, published=dated)
    if as_json:
        console.print_json(json.dumps(report.as_dict()))
    else:
        _print(report, str(file))
    raise typer.Exit(0 if report.ok else 1)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--published {text!r}: not a date (YYYY-MM-DD)", code=2)
    raise AssertionError("unreachable")


def _read(file: Path) -> str:
    if str(file) == "-":
        return typer.get_text_stream("stdin").read()
    if not file.is_file():
        fail(f"{file}: no such file", code=2)
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        fail(f"{file}: not UTF-8 text (byte {error.start})", code=2)
    raise AssertionError("unreachable")


def _open_store(db: Path | None) -> Store:
    if db is not None:
        if not db.is_file():
            fail(f"{db}: no such store", code=2)
        return Store(db)
    if Path(DEFAULT_DB).is_file():
        return Store(DEFAULT_DB)
    return bundled_store()


def _print(report: CheckReport, name: str) -> None:
    counts = report.counts()
    console.print(f"[bold]{escape(name)}[/]: dataset {report.dataset}, main area "
                  f"{report.area or '?'}, period {report.period or '?'}")
    for check in report.checks:
        claim = check.claim
        text = report.text
        before = text[max(claim.sentence_start, claim.start - _CONTEXT):claim.start].lstrip()
        after = text[claim.end:min(claim.end + _CONTEXT, claim.sentence_start + len(claim.sentence))]
        line = Text("  ")
        line.append(f"{check.verdict.upper():13}", style=_STYLES[check.verdict])
        line.append("…" + before.replace("\n", " "))
        line.append(claim.text, style="bold underline")
        line.append(after.replace("\n", " ") + "…")
        console.print(line)
        where = ", ".join(str(p) for p in (check.resolution.area, check.as_dict()["period"],
                                            check.resolution.measure, check.resolution.breakdown) if p)
        detail = f"{claim.kind}; {where}: {check.outcome.explanation}"
        if check.outcome.formula:
            detail += f"; {check.outcome.fact_id or 'article'}: {check.outcome.formula}"
        console.print(Text("                 " + detail, style="dim"))
    for run in report.skipped:
        console.print(Text(f"  SKIPPED      {run.note}", style="dim"))
    console.print(f"{counts['supported']} supported, {counts['contradicted']} contradicted, "
                  f"{counts['unverifiable']} unverifiable")
