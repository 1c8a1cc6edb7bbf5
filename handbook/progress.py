"""Progress on a terminal, silence with -q and in CI, warnings always."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape

from handbook.escape import printable


class Reporter:
    """Report build steps: a spinner and a tick per step on a terminal, nothing elsewhere."""

    def __init__(self, *, quiet: bool = False, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)
        in_ci = bool(os.environ.get("CI"))
        self.interactive = self.console.is_terminal and not quiet and not in_ci
        self.quiet = quiet
        self.warnings: list[str] = []

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        """Show a step while it runs, and its duration when it is done."""
        if not self.interactive:
            yield
            return
        start = time.perf_counter()
        description = escape(printable(description))
        with self.console.status(description):
            yield
        self.console.print(
            f"[green]✓[/] {description} [dim]({time.perf_counter() - start:.1f}s)[/]"
        )

    def warn(self, message: str) -> None:
        """Print a warning (also in CI and with -q: warnings are never silenced)."""
        self.warnings.append(message)
        self.console.print(
            f"[yellow]warning:[/] {escape(printable(message))}", highlight=False, soft_wrap=True
        )

    def info(self, message: str) -> None:
        """Print a result line, unless quiet."""
        if not self.quiet:
            self.console.print(printable(message), markup=False, highlight=False, soft_wrap=True)


def counted(n: int, noun: str) -> str:
    """Say how many of a thing, in English: "1 segment", "0 videos", "2 PDF handouts".

    For the command line, which speaks English; site texts count with
    `Translator.plural` and their catalogs instead.
    """
    return f"{n:,} {noun if n == 1 else noun + 's'}"
