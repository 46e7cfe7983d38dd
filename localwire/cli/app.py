"""The root `localwire` command and the shared error handling."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from localwire.errors import InputErrors, LocalwireError, Unexpected
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


def register_commands() -> None:
    # Importing a module registers its commands on `app`.
    from localwire.cli import (  # noqa: F401
        check,
        core,
        foi,
        harmonise,
        importing,
        web,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (usage errors exit 2 through Typer itself)."""
    register_commands()
    try:
        app(args=argv, prog_name="localwire")
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except InputErrors as problems:
        for problem in problems.problems:
            errors.print(str(problem), highlight=False, markup=False, soft_wrap=True)
        return problems.exit_code
    except LocalwireError as error:
        if _state["debug"]:
            raise
        errors.print(f"error: {error}", highlight=False, markup=False, soft_wrap=True)
        return error.problem.exit_code
    except KeyboardInterrupt:
        errors.print("interrupted")
        return 130
    except Exception as error:
        if _state["debug"]:
            raise
        detail = (str(error).splitlines() or [""])[0]
        bug = Unexpected(kind=type(error).__name__, detail=detail,
                         hint="a bug in localwire: run with --debug for the traceback")
        errors.print(f"error: {bug}", highlight=False, markup=False, soft_wrap=True)
        return bug.problem.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
