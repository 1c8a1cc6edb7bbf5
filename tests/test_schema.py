"""The JSON Schema of firm.yaml (editor autocompletion), and errors said in its terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handbook.errors import InputError
from handbook.input.config import load_firm
from handbook.input.schema import json_schema, suggest


def _fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    fields = [
        (f"{name}.{prop}", spec)
        for name, definition in schema["$defs"].items()
        for prop, spec in definition.get("properties", {}).items()
    ]
    return fields + list(schema["properties"].items())


def test_the_schema_describes_every_field_for_an_editor() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "firm.yaml"
    fields = _fields(schema)
    assert len(fields) > 150

    def description(spec: dict[str, Any]) -> str:
        # Pydantic leaves out a field's description when its model's own says the same.
        target = spec.get("$ref", "").rsplit("/", 1)[-1]
        return str(spec.get("description") or schema["$defs"].get(target, {}).get("description"))

    assert [name for name, spec in fields if len(description(spec)) < 8] == []


def test_every_section_refuses_unknown_keys_so_an_editor_flags_a_typo() -> None:
    schema = json_schema()
    sections = {n: d for n, d in schema["$defs"].items() if d.get("properties")}
    assert "Segment" in sections and "Deadline" in sections
    assert [n for n, d in sections.items() if d.get("additionalProperties") is not False] == []


def _problems(small: Path, old: str, new: str) -> list[str]:
    config = small / "firm.yaml"
    assert old in config.read_text()
    config.write_text(config.read_text().replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        load_firm(config)
    return [str(p) for p in caught.value.problems]


def test_a_mistyped_value_is_reported_at_its_line_with_the_valid_ones(small: Path) -> None:
    (problem,) = _problems(small, "relationship: personal", "relationship: persnal")
    assert problem == (
        "firm.yaml:86:19: segments[0].relationship: must be one of personal, automated; "
        "got 'persnal'; did you mean 'personal'?"
    )


def test_a_mistyped_key_is_reported_with_a_suggestion(small: Path) -> None:
    problems = _problems(small, "    relationship: personal", "    relationshp: personal")
    assert (
        "firm.yaml:86:5: segments[0].relationshp: unknown field; did you mean 'relationship'?"
        in problems
    ), problems


def test_every_problem_is_reported_at_once(small: Path) -> None:
    problems = _problems(
        small, "when: {kind: monthly, day: 20}", "when: {kind: monthly, day: 45}\n    colour: red"
    )
    assert any("deadlines[0].when.day: must be 1–31, got 45" in p for p in problems), problems
    assert any("deadlines[0].colour: unknown field" in p for p in problems), problems


def test_suggest_names_only_a_close_match() -> None:
    assert suggest("persnal", ["personal", "automated"]) == "did you mean 'personal'?"
    assert suggest("xyz", ["personal", "automated"]) == ""
