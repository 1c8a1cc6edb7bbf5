"""The JSON Schema of firm.yaml, and pydantic's errors said in its terms, at their line."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from handbook.errors import Problem
from handbook.input.loader import PathKey, Positions, dotted
from handbook.model import FirmConfig
from handbook.model.fields import EMAIL_PATTERN, LANGUAGES

_SCHEMA_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "yes or no (true/false)",
    "array": "a list (lines starting with '- ')",
    "object": "a mapping (indented 'key: value' lines)",
}


@functools.cache
def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of firm.yaml."""
    schema = FirmConfig.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "firm.yaml"
    return schema


# --- turning pydantic errors into Problems ------------------------------------------------


def problems(error: ValidationError, data: Any, positions: Positions) -> list[Problem]:
    grouped: dict[tuple[PathKey, bool], list[ErrorDetails]] = {}
    for detail in error.errors(include_url=False):
        path, is_key = _real_path(detail["loc"], data, detail["type"])
        grouped.setdefault((path, is_key), []).append(detail)
    problems = []
    for (path, is_key), details in grouped.items():
        schema = _schema_at(path, data)
        # In a union (text or per-language mapping), a type mismatch of the other branch
        # is noise; the error of the branch matching the input says what is wrong.
        specific = [d for d in details if not d["type"].endswith("_type")]
        if len(details) == 1 or details[0]["type"] in ("missing", "extra_forbidden"):
            message = _message(details[0], path, schema)
        elif len(specific) == 1:
            message = _message(specific[0], path, schema)
        else:
            message = f"must be {_describe(schema)}; got {_show(details[0]['input'])}"
        if details[0]["type"] == "missing" and path[:-1] in positions.keys:
            line, col = positions.keys[path[:-1]]
            problems.append(Problem(positions.file, line, col, dotted(path), message))
            continue
        problems.append(positions.problem(path, message, key=is_key))
    return problems


def _real_path(loc: tuple[int | str, ...], data: Any, kind: str) -> tuple[PathKey, bool]:
    """Drop union branch names from a pydantic location so it matches the YAML data."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if part == "[key]":
            return tuple(path), True
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        if in_list or in_dict:
            node = node[part]
            path.append(part)
        elif last and isinstance(part, str) and kind in ("missing", "extra_forbidden"):
            path.append(part)
    return tuple(path), kind == "extra_forbidden"


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return dict(json_schema()["$defs"][name])
    return schema


def _schema_at(path: PathKey, data: Any) -> dict[str, Any]:
    """Find the JSON Schema of the field at `path`, choosing union branches by the data."""
    schema = json_schema()
    node = data
    for part in path:
        schema = _branch(_resolve(schema), node)
        if isinstance(part, int):
            schema = _resolve(schema).get("items", {})
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            props = schema.get("properties", {})
            if part in props:
                schema = props[part]
            else:
                schema = schema.get("additionalProperties", {})
                if not isinstance(schema, dict):
                    return {}
            node = node.get(part) if isinstance(node, dict) else None
    return schema


def _branch(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    """Pick the union member that matches the data's shape (or its `kind` tag)."""
    options = schema.get("oneOf") or schema.get("anyOf")
    if not options:
        return schema
    disc = schema.get("discriminator")
    if disc and isinstance(node, dict):
        target = disc.get("mapping", {}).get(node.get(disc["propertyName"]))
        if target:
            return _resolve({"$ref": target})
    for option in options:
        option = _resolve(option)
        shaped = "properties" in option or "additionalProperties" in option
        if isinstance(node, dict) and option.get("type") in ("object", None) and shaped:
            return option
        if isinstance(node, list) and option.get("type") == "array":
            return option
    return schema


def _describe(schema: dict[str, Any]) -> str:
    """Say in words what a schema accepts."""
    schema = _resolve(schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        kinds = [_describe(o) for o in options if o.get("type") != "null"]
        if len(kinds) == 2 and kinds[0] == "text" and "mapping" in kinds[1]:
            example = ", ".join(f"{code}: ..." for code in LANGUAGES)
            return f"text, or one text per language ({example})"
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return "a mapping with " + ", ".join(schema["properties"])
    return _SCHEMA_TYPES.get(str(kind), "a value")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value if re.fullmatch(r"-?\d+(\.\d+)?", value) else repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _range(schema: dict[str, Any]) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if "exclusiveMinimum" in schema and low is not None:
        low += 1
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}"


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _pattern_hint(pattern: str) -> str:
    hints = {
        "^[a-z0-9]+(?:-[a-z0-9]+)*$": "lowercase letters, digits and single hyphens, "
        "e.g. 'monthly-bookkeeping'",
        "^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$": "a hex colour such as '#1f4e79'",
        "^[A-Z]{2}$": "a two-letter ISO country code such as US, ES or PL",
        "^[A-Z]{3}$": "a three-letter ISO currency code such as USD, EUR or PLN",
        r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$": 'a month and day "MM-DD", e.g. "04-15"',
        r"^(\d{1,2}:)?\d{1,2}:\d{2}$": 'a duration "M:SS" or "H:MM:SS" in quotes, e.g. "2:45"',
        EMAIL_PATTERN: "an email address such as hello@example.com",
    }
    return hints.get(pattern, f"text matching {pattern}")


def _message(detail: ErrorDetails, path: PathKey, schema: dict[str, Any]) -> str:
    """Write what is wrong and what would be valid."""
    kind = detail["type"]
    got = _show(detail["input"])
    schema = _resolve(schema)
    ctx = detail.get("ctx", {})
    if kind == "extra_forbidden":
        parent = _resolve(_schema_at(path[:-1], None))
        fields = list(_branch(parent, {}).get("properties", {}))
        hint = suggest(str(path[-1]), fields) or "valid fields: " + ", ".join(fields)
        return f"unknown field; {hint}"
    if kind == "missing":
        description = schema.get("description", "").split("\n")[0]
        return f"required field is missing ({description})" if description else "required"
    if kind in ("literal_error", "enum"):
        options = [str(o) for o in schema.get("enum", [])] or [
            o.strip(" '") for o in re.split(r",| or ", str(ctx.get("expected", ""))) if o.strip()
        ]
        suggestion = suggest(str(detail["input"]), options)
        valid = ", ".join(options)
        return f"must be one of {valid}; got {got}" + (f"; {suggestion}" if suggestion else "")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags", "")
        if kind == "union_tag_not_found":
            return f"needs 'kind:' with one of {tags}"
        suggestion = suggest(str(ctx.get("tag", "")), [t.strip(" '") for t in tags.split(",")])
        return f"kind must be one of {tags}; got {ctx.get('tag')!r}" + (
            f"; {suggestion}" if suggestion else ""
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"must be {_range(schema)}, got {got}"
    if kind == "string_pattern_mismatch":
        return f"must be {_pattern_hint(str(ctx.get('pattern', '')))}; got {got}"
    if kind in ("too_short", "string_too_short"):
        return f"must not be empty (at least {ctx.get('min_length', 1)} needed)"
    if kind == "string_too_long":
        length = len(str(detail["input"]))
        return f"is too long: {length:,} characters; at most {ctx.get('max_length'):,}"
    if kind == "too_long":
        return (
            f"has {ctx.get('actual_length'):,} items; at most {ctx.get('max_length'):,} "
            "(split the site, or merge similar items)"
        )
    if kind == "finite_number":
        return f"must be a finite number such as 450 or 89.50; got {got}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number; got {got}"
    if kind in ("float_parsing", "float_type"):
        return f"must be a number such as 450 or 89.50; got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be yes or no (true/false); got {got}"
    if kind.startswith("date"):
        return f"must be a date written YYYY-MM-DD, e.g. 2026-01-15; got {got}"
    if kind.startswith("time"):
        return f'must be a 24-hour time "HH:MM", e.g. 09:00 or 17:30; got {got}'
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    return f"must be {_describe(schema)}; got {got}"
