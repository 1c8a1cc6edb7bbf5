"""Text for a terminal or a spreadsheet: no control sequences, no formulas."""

from __future__ import annotations

import re

import click

# C0 and C1 control characters but tab and newline: an ESC from a file name or a setting
# could recolour, retitle or rewrite the reader's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """Show control characters as visible escapes (\\x1b) instead of sending them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a line for people, control characters made visible."""
    click.echo(printable(text), err=err, nl=nl)


def spreadsheet_cell(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (OWASP: prefix a quote)."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value
