"""Load firm.yaml into the typed model and report every problem with its line and column."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handbook.errors import InputError, Problem
from handbook.i18n.cli import _
from handbook.input import schema
from handbook.input.includes import crowded_files, load_firm_yaml
from handbook.input.loader import Positions
from handbook.input.projectfiles import check_files
from handbook.input.references import check_consistency, check_phones, check_references
from handbook.input.translations import check_languages
from handbook.model import FirmConfig

Loaded = tuple[Any, Positions, list[Problem]]
"""firm.yaml as read (includes.load_firm_yaml): its data, their positions, what it refused."""


def load_firm(path: Path, loaded: Loaded | None = None) -> tuple[FirmConfig, Positions]:
    """Load and validate firm.yaml and the files it includes; InputError lists every problem.

    `loaded`: firm.yaml as already read, which is then not read again.
    """
    data, positions, problems = loaded or load_firm_yaml(path)
    problems = list(problems)
    if not isinstance(data, dict):
        raise InputError([positions.problem((), _("firm.yaml must be a mapping of sections"))])
    problems += crowded_files(data, positions)
    references = list(check_references(data, positions))
    try:
        firm = FirmConfig.model_validate(data)
    except ValidationError as e:
        # A value the reader already refused (too long, control characters) is reported once,
        # and so is a reference that is not a valid slug.
        refused = {p.field for p in problems}
        more = [p for p in schema.problems(e, data, positions) if p.field not in refused]
        refused |= {p.field for p in more}
        more += [p for p in references if p.field not in refused]
        raise InputError(problems + _comment_hints(more, path)) from None
    problems += references
    problems += check_consistency(firm, positions)
    problems += check_phones(firm, positions)
    problems += check_languages(firm, positions)
    problems += check_files(firm, positions, path.resolve().parent)
    if problems:
        raise InputError(problems)
    return firm, positions


_COMMENTED = re.compile(r"(?P<key>[\w-]+):\s+(?P<value>#\S*)")
"""A value that YAML read as a comment: `primary_color: #1a5276`."""


def _comment_hints(problems: list[Problem], path: Path) -> list[Problem]:
    """Tell why a value written on its line was read as nothing: an unquoted #."""
    root, texts = path.resolve().parent, {path.name: path}
    lines: dict[str, list[str]] = {}
    out = []
    for p in problems:
        if p.file not in lines:
            file = texts.get(p.file, root / p.file)
            lines[p.file] = file.read_text(encoding="utf-8", errors="replace").splitlines()
        line = lines[p.file][p.line - 1] if 0 < p.line <= len(lines[p.file]) else ""
        found = _COMMENTED.search(line)
        if schema.shows_nothing(p.message) and found:
            quoted = f'{found["key"]}: "{found["value"]}"'
            hint = _(
                "{problem}; a # starts a comment in YAML: put the value in quotes ({quoted})"
            ).format(problem=p.message, quoted=quoted)
            p = dataclasses.replace(p, message=hint)
        out.append(p)
    return out
