"""Command-line entry points. Thin: parse arguments, call the library, print.

Exit codes: 0 ok, 1 a problem found or a runtime error, 2 bad usage, 70 a bug (`unexpected`);
each error code's exit code is in the catalogue (`localwire errors`). Errors are one line;
`--debug` shows the traceback.
"""

from __future__ import annotations

# Importing a command module registers its commands on `app`.
from localwire.cli import check, core, desk, foi, harmonise, importing, web  # noqa: F401
from localwire.cli.app import _state, app, errors
from localwire.errors import InputErrors, LocalwireError, Unexpected

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (usage errors exit 2 through Typer itself)."""
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

