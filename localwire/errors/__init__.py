"""The catalogue of typed errors.

Every error localwire reports to a user has a code, a one-line message that names the file and
place where that makes sense, and a hint. One class per code (`catalogue`) gives its message
template, exit code and HTTP status; docs/errors.md is generated from it (`localwire errors
--markdown`). The CLI prints `str(error)` and exits with the code's exit code; tracebacks appear
only with `--debug`.
"""

from __future__ import annotations

from localwire.errors.base import REGISTRY, InputErrors, LocalwireError, Problem
from localwire.errors.catalogue import *  # noqa: F403  (every code's class)
from localwire.errors.catalogue import (
    SECTIONS,
    FactError,
    PackError,
    PeriodError,
    StoreError,
    TemplateError,
    UnknownAreaError,
    UnsupportedClaimError,
    UntracedNumberError,
)


def catalogue() -> dict[str, type[LocalwireError]]:
    """Every code with its class, in the order of the docs (section, then code)."""
    order = {name: index for index, name in enumerate(SECTIONS)}
    return dict(sorted(REGISTRY.items(),
                       key=lambda item: (order.get(item[1].section, len(order)), item[0])))


def error_class(code: str) -> type[LocalwireError]:
    return REGISTRY.get(code, LocalwireError)


__all__ = [
    "REGISTRY", "FactError", "InputErrors", "LocalwireError", "PackError", "PeriodError",
    "Problem", "StoreError", "TemplateError", "UnknownAreaError", "UnsupportedClaimError",
    "UntracedNumberError", "catalogue", "error_class",
]
