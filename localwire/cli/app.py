"""The root `localwire` command and what every command shares: the console, options, `fail`.

Command modules import this one and register themselves on `app`; `localwire.cli.main`
imports them all, so no command module is imported by this one (no circle)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from localwire.store import DEFAULT_DB

app = typer.Typer(
    name="localwire",
    help="National data in, local stories out, every figure checked.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
errors = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="The store file (DuckDB).",
                                        envvar="LOCALWIRE_DB")]
DEFAULT_DB_PATH = Path(DEFAULT_DB)

_state = {"debug": False}


@app.callback()
def root(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    """National data in, local stories out, every figure checked."""
    _state["debug"] = debug


def progress_bar() -> Progress:
    """The progress bar long commands show while they work (hidden when done)."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), console=console, transient=True)


def fail(message: str, code: int = 1) -> None:
    errors.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def existing_store(db: Path) -> Path:
    """The store a command that reads data needs; refused when the file is not there, so a
    mistyped --db (or the wrong folder) never creates an empty store and reports nothing."""
    if not db.is_file():
        fail(f"{db}: no such store (hint: import data into it first, or give --db)")
    return db
