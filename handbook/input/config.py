"""Load firm.yaml into the typed model and report every problem with its line and column."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from handbook.errors import InputError
from handbook.input import schema
from handbook.input.loader import Positions, load_yaml
from handbook.input.projectfiles import check_files
from handbook.input.references import check_phones, check_references
from handbook.input.translations import check_languages
from handbook.model import FirmConfig


def load_firm(path: Path) -> tuple[FirmConfig, Positions]:
    """Load and validate firm.yaml; raise InputError listing every problem."""
    data, positions, problems = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError([positions.problem((), "firm.yaml must be a mapping of sections")])
    try:
        firm = FirmConfig.model_validate(data)
    except ValidationError as e:
        # A value the reader already refused (too long, control characters) is reported once.
        refused = {p.field for p in problems}
        more = [p for p in schema.problems(e, data, positions) if p.field not in refused]
        raise InputError(problems + more) from None
    problems += check_references(firm, positions)
    problems += check_phones(firm, positions)
    problems += check_languages(firm, positions)
    problems += check_files(firm, positions, path.resolve().parent)
    if problems:
        raise InputError(problems)
    return firm, positions
