"""Errors the user caused: each one points at a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.progress import counted


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file, printed as `file:line:col: field: message`."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class HandbookError(Exception):
    """An error the user can fix; printed without a traceback, exit code 1."""


class InputError(HandbookError):
    """One or more problems in the input files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        # Raised in a forked worker (engines/sidebyside.py), it crosses back pickled.
        return (InputError, (self.problems,))

    def summary(self) -> str:
        """Say how many problems there are."""
        return f"{counted(len(self.problems), 'problem')} found; nothing was built."
