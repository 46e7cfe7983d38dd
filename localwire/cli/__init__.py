"""Command-line entry points. Thin: parse arguments, call the library, print.

Exit codes: 0 ok, 1 a problem found or a runtime error, 2 bad usage. Errors are one line;
`--debug` shows the traceback.
"""

from __future__ import annotations

from localwire.cli.app import app, main

__all__ = ["app", "main"]
