"""YAML syntax errors, said at their line and column with a hint, in bounded time.

PyYAML's C parser finds the error; the pure-Python one says it better (it names the
character), so the error is re-read with it, within bounds (REPARSE_CHARS, REPARSE_STEPS):
past them, the C parser's commonest problems are said in the pure-Python parser's words.
"""

from __future__ import annotations

import re

import yaml

from handbook.errors import Problem
from handbook.i18n.cli import _

REPARSE_CHARS = 120_000
"""How far the pure-Python parser re-reads (the demo's firm.yaml is 100 kB: about 1 s).

It reads about 30 times slower than the C parser, so a whole 1 MB file would take 10 s.
"""
REPARSE_STEPS = 1_000_000
"""The most simple-key checks of the re-parse (the demo's whole firm.yaml needs 50,000).

On an unclosed `[` repeated, the pure-Python parser re-checks up to 1,024 open simple keys
per token: 100 kB of `[` took it 90 s, and this stops it after about 1,000.
"""


class _TooCostly(Exception):
    """The pure-Python re-parse went past its bounds."""


class _BoundedLoader(yaml.SafeLoader):
    """The pure-Python loader, stopped once it has read or worked too much."""

    steps = 0

    def stale_possible_simple_keys(self) -> None:
        """Count the work of each token (the open simple keys), then check them."""
        self.steps += 1 + len(self.possible_simple_keys)
        if self.steps > REPARSE_STEPS or self.pointer > REPARSE_CHARS:
            raise _TooCostly
        super().stale_possible_simple_keys()


def _python_error(text: str, error: yaml.YAMLError) -> yaml.YAMLError:
    """Return the pure-Python parser's error at the same place, else the C parser's, said better."""
    try:
        for _event in yaml.parse(text, Loader=_BoundedLoader):
            pass
    except yaml.YAMLError as e:
        if _place(e) == _place(error):
            return e
    except _TooCostly:
        pass
    return _c_error_said(text, error)


def _place(error: yaml.YAMLError) -> tuple[int, int] | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return (mark.line, mark.column) if mark else None


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _c_error_said(text: str, error: yaml.YAMLError) -> yaml.YAMLError:
    """Say the C parser's commonest problems in the pure-Python parser's words."""
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return error
    problem, mark = error.problem, error.problem_mark
    if problem == "mapping values are not allowed in this context":
        error.problem = "mapping values are not allowed here"
    elif problem in ("found character that cannot start any token", "found undefined alias"):
        lines = _BREAK.split(text, maxsplit=mark.line + 1)
        rest = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
        if problem == "found undefined alias" and (alias := re.match(r"\*([^\s,\[\]{}]+)", rest)):
            error.problem = f"found undefined alias {alias[1]!r}"
        elif rest and problem != "found undefined alias":
            error.problem = f"found character {rest[0]!r} that cannot start any token"
    return error


def syntax_problem(file: str, text: str, error: yaml.YAMLError) -> Problem:
    """Say the C parser's `error` in `text` as a located problem, with a hint where one helps."""
    error = _python_error(text, error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    said, hint = yaml_problem(problem), _syntax_hint(problem)
    if hint:
        message = _("YAML syntax error: {problem}; {hint}").format(problem=said, hint=hint)
    else:
        message = _("YAML syntax error: {problem}").format(problem=said)
    return Problem(file, line, col, "", message)


_C_BLOCK_END = {"did not find expected key", "did not find expected '-' indicator"}
"""The C parser's words for the pure-Python parser's "expected <block end>"."""


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "'\\t'" in problem or "tab" in problem:
        return _("indent with spaces, not tabs")
    if "mapping values are not allowed" in problem:
        return _('put quotes around a text that contains ": " (e.g. "Note: ...")')
    if ("found character" in problem and "'@'" in problem) or "'`'" in problem:
        return _("put quotes around the value")
    if "expected <block end>" in problem or problem in _C_BLOCK_END:
        return _(
            "check the indentation of this line and the ones above it: the fields of one"
            " item start in the same column (two spaces deeper than the item's '-' or key)"
        )
    return ""


def yaml_problem(problem: str) -> str:
    """Say PyYAML's most common problems in the terminal's language (others as PyYAML says).

    The English of each message is PyYAML's own words, so English output is PyYAML's.
    """
    if problem == "mapping values are not allowed here":
        # Translators: PyYAML's words for ": " inside an unquoted text ("a colon and a space
        # (': ') cannot stand here").
        return _("mapping values are not allowed here")
    if problem == "found unexpected end of stream":
        # Translators: PyYAML's words: the file ends, e.g. before a quote is closed.
        return _("found unexpected end of stream")
    if match := re.fullmatch(r"found character (.+) that cannot start any token", problem):
        return _("found character {char} that cannot start any token").format(char=match[1])
    if match := re.fullmatch(r"expected (.+), but (found|got) (.+)", problem):
        expected = match[1].split(" or ")
        for other in expected[1:]:
            # Translators: two YAML symbols that may stand here ("',' or ']'").
            expected[0] = _("{first} or {second}").format(first=expected[0], second=other)
        if match[2] == "got":
            said = _("expected {expected}, but got {found}")
        else:
            said = _("expected {expected}, but found {found}")
        return said.format(expected=expected[0], found=match[3])
    if match := re.fullmatch(r"(did|could) not find expected (.+)", problem):
        if match[1] == "did":
            return _("did not find expected {expected}").format(expected=match[2])
        return _("could not find expected {expected}").format(expected=match[2])
    if match := re.fullmatch(r"found undefined alias (.+)", problem):
        return _("found undefined alias {name}").format(name=match[1])
    return problem
