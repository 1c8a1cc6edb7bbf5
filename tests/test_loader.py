"""YAML reading: positions, duplicate keys, tags, and the YAML 1.1 traps."""

from __future__ import annotations

import pytest

from handbook.errors import InputError
from handbook.input.loader import load_yaml_text


def test_scalars_stay_as_typed_text_so_yaml11_traps_cannot_fire() -> None:
    data, _, problems = load_yaml_text(
        "open: 17:00\ncountry: NO\ncode: 010\nday: 2026-01-15\nflag: yes\nempty:\n", "f.yaml"
    )
    assert problems == []
    # YAML 1.1 would give 1020, False, 8, a date and True; the model decides instead.
    assert data == {
        "open": "17:00",
        "country": "NO",
        "code": "010",
        "day": "2026-01-15",
        "flag": "yes",
        "empty": None,
    }


def test_positions_are_one_based_for_values_and_keys() -> None:
    _, positions, _ = load_yaml_text("a:\n  b:\n    - x\n    - y\n", "f.yaml")
    assert positions.of(("a", "b", 1)) == (4, 7)
    assert positions.of(("a", "b"), key=True) == (2, 3)
    # A path that does not exist falls back to its nearest ancestor.
    assert positions.of(("a", "b", 1, "missing")) == (4, 7)


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    data, _, problems = load_yaml_text("team: 1\nname: a\nteam: 2\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:3:1: team: duplicate key; it was already set on line 1"
    ]
    assert data["team"] == "1"


def test_python_tags_are_refused() -> None:
    _, _, problems = load_yaml_text("x: !!python/object:os.system ls\n", "f.yaml")
    assert str(problems[0]) == (
        "f.yaml:1:4: x: YAML tag '!!python/object:os.system' is not allowed; write a plain value"
    )


def test_tab_indentation_gets_a_hint() -> None:
    with pytest.raises(InputError) as e:
        load_yaml_text("firm:\n\tname: x\n", "f.yaml")
    assert str(e.value).startswith("f.yaml:2:1: YAML syntax error")
    assert "indent with spaces, not tabs" in str(e.value)


def test_merge_keys_are_refused_not_silently_merged() -> None:
    _, _, problems = load_yaml_text("a: &x {k: 1}\nb:\n  <<: *x\n", "f.yaml")
    assert "merge keys (<<) are not supported" in str(problems[0])


def test_alias_bombs_are_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    with pytest.raises(InputError, match="more than 50,000 values"):
        load_yaml_text("\n".join(lines) + "\n", "f.yaml")
