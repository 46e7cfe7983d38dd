"""The catalogue of typed errors.

Every error localwire reports to a user has a code, a one-line message that names the file and
place where that makes sense, and a hint. The CLI prints `str(error)` and exits 1; tracebacks
appear only with `--debug`. Codes are documented in docs/errors.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    code: str
    message: str
    file: str | None = None
    place: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ":".join(part for part in (self.file, self.place) if part)
        text = f"{where}: {self.message}" if where else self.message
        text = f"{text} [{self.code}]"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "place": self.place,
            "hint": self.hint,
        }


class LocalwireError(Exception):
    """Base of every error meant for the user; carries one or more problems."""

    code = "error"

    def __init__(self, message: str, *, file: str | None = None, place: str | None = None,
                 hint: str | None = None, code: str | None = None) -> None:
        self.problem = Problem(code or self.code, message, file, place, hint)
        super().__init__(str(self.problem))

    def __str__(self) -> str:
        return str(self.problem)

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]


class UnknownAreaError(LocalwireError):
    code = "unknown-area"


class PeriodError(LocalwireError):
    code = "bad-period"


class StoreError(LocalwireError):
    code = "store"


class PackError(LocalwireError):
    code = "bad-pack"


class TemplateError(LocalwireError):
    code = "template"


class UntracedNumberError(LocalwireError):
    code = "untraced-number"


class UnsupportedClaimError(LocalwireError):
    code = "unsupported-claim"


class FactError(LocalwireError):
    code = "no-fact"


@dataclass
class InputErrors(Exception):
    """Several problems found in one input file; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
