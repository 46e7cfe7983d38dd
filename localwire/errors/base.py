"""The base of every error: a `Problem` (code, message, file, place, hint) and the exceptions
that carry one or several.

Each error code is one subclass of `LocalwireError` (see `catalogue`): its `code`, the `template`
its message is made from, the `exit_code` the CLI returns and the `http_status` the desk answers
with, and its docstring, which is its entry in docs/errors.md. Subclassing registers the class.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, ClassVar

#: code -> the one class that defines it (filled by `LocalwireError.__init_subclass__`).
REGISTRY: dict[str, type[LocalwireError]] = {}


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

    @property
    def kind(self) -> type[LocalwireError]:
        """The catalogue class of this problem's code (`LocalwireError` for an unknown one)."""
        return REGISTRY.get(self.code, LocalwireError)

    @property
    def exit_code(self) -> int:
        return self.kind.exit_code

    @property
    def http_status(self) -> int:
        return self.kind.http_status

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "place": self.place,
            "hint": self.hint,
        }


class LocalwireError(Exception):
    """Base of every error meant for the user; carries one problem.

    `LocalwireError(message, file=, place=, hint=, code=)` as before; or, with no message, the
    class's `template` filled from keyword fields: `TooLarge(file=f, what="the sheet", ...)`.
    """

    code: ClassVar[str] = "error"
    template: ClassVar[str] = "{message}"
    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 400
    section: ClassVar[str] = "General"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            REGISTRY.setdefault(cls.code, cls)

    def __init__(self, message: str | None = None, *, file: str | None = None,
                 place: str | None = None, hint: str | None = None, code: str | None = None,
                 **fields: Any) -> None:
        text = message if message is not None else self.render(**fields)
        self.problem = Problem(code or self.code, text, file, place, hint)
        super().__init__(str(self.problem))

    @classmethod
    def render(cls, **fields: Any) -> str:
        """The message template filled in; a missing field is a bug, so it fails loudly."""
        return cls.template.format(**fields)

    @classmethod
    def meaning(cls) -> str:
        """What the code means, for docs/errors.md: the class's own docstring, on one line."""
        doc = cls.__dict__.get("__doc__") or ""
        if cls is LocalwireError:
            doc = "A problem for which no more specific code exists (the `code` a caller gave)."
        return " ".join(doc.split())

    @classmethod
    def fields(cls) -> list[str]:
        return [name for _, name, _, _ in string.Formatter().parse(cls.template) if name]

    @classmethod
    def problem_at(cls, file: str | None = None, place: str | None = None,
                   hint: str | None = None, message: str | None = None,
                   **fields: Any) -> Problem:
        """A `Problem` of this code, for collecting several into `InputErrors`."""
        return Problem(cls.code, message if message is not None else cls.render(**fields),
                       file, place, hint)

    def __str__(self) -> str:
        return str(self.problem)

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]

    @property
    def status(self) -> int:
        """The HTTP status of this error (by its code, which a caller may have overridden)."""
        return self.problem.http_status


REGISTRY[LocalwireError.code] = LocalwireError


@dataclass
class InputErrors(Exception):
    """Several problems found in one input file; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @property
    def exit_code(self) -> int:
        return max((p.exit_code for p in self.problems), default=1)

    @property
    def http_status(self) -> int:
        return self.problems[0].http_status if self.problems else 400
