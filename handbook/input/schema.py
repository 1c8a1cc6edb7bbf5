"""The JSON Schema of firm.yaml, and pydantic's errors said in its terms, at their line."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from handbook.errors import Problem
from handbook.i18n.cli import _
from handbook.input.loader import PathKey, Positions, dotted
from handbook.model import FirmConfig
from handbook.model.fields import EMAIL_PATTERN, LANGUAGES


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
            message = _must_be(_describe(schema), _show(details[0]["input"]))
        if details[0]["type"] == "missing" and path[:-1] in positions.keys:
            line, col = positions.keys[path[:-1]]
            file = positions.file_of(path[:-1], key=True)
            problems.append(Problem(file, line, col, dotted(path), message))
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


def _must_be(expected: str, got: str) -> str:
    # Translators: {expected} is what the field accepts ("text", "a whole number", "text or
    # a list"), {got} what firm.yaml has ('Acme', 12, "nothing", "a list").
    return _("must be {expected}; got {got}").format(expected=expected, got=got)


def _type_name(kind: str) -> str:
    """Name a JSON Schema type as "must be ..." ends (Polish "musi być ...": instrumental)."""
    names = {
        # Translators: lands in "must be {expected}"; Polish "musi być tekstem" (instrumental).
        "string": _("text"),
        # Translators: lands in "must be {expected}"; Polish instrumental "liczbą całkowitą".
        "integer": _("a whole number"),
        # Translators: lands in "must be {expected}"; Polish instrumental "liczbą".
        "number": _("a number"),
        # Translators: lands in "must be {expected}"; keep true/false as they are (YAML).
        "boolean": _("yes or no (true/false)"),
        # Translators: lands in "must be {expected}"; Polish instrumental "listą".
        "array": _("a list (lines starting with '- ')"),
        # Translators: lands in "must be {expected}"; Polish instrumental "słownikiem".
        "object": _("a mapping (indented 'key: value' lines)"),
    }
    # Translators: lands in "must be {expected}" when nothing more precise can be said.
    return names.get(kind) or _("a value")


def _describe(schema: dict[str, Any]) -> str:
    """Say in words what a schema accepts, as "must be ..." ends."""
    schema = _resolve(schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        if _is_text_or_languages(options):
            example = ", ".join(f"{code}: ..." for code in LANGUAGES)
            # Translators: lands in "must be {expected}"; {example} is "en: ..., es: ...".
            return _("text, or one text per language ({example})").format(example=example)
        kinds = list(dict.fromkeys(_describe(o) for o in options if o.get("type") != "null"))
        described = kinds[0] if kinds else _type_name("")
        for kind in kinds[1:]:
            # Translators: two things a field may be, in "must be {expected}" ("text or a list").
            described = _("{first} or {second}").format(first=described, second=kind)
        return described
    if "enum" in schema:
        values = ", ".join(str(v) for v in schema["enum"])
        # Translators: lands in "must be {expected}"; {values} are the valid values, as written.
        return _("one of {values}").format(values=values)
    if "const" in schema:
        return repr(schema["const"])
    if schema.get("type") == "object" and "properties" in schema:
        fields = ", ".join(schema["properties"])
        # Translators: lands in "must be {expected}"; {fields} are firm.yaml field names.
        return _("a mapping with {fields}").format(fields=fields)
    return _type_name(str(schema.get("type")))


def _is_text_or_languages(options: list[dict[str, Any]]) -> bool:
    kinds = [_resolve(o) for o in options if o.get("type") != "null"]
    plain_text = len(kinds) == 2 and _plain_type(kinds[0]) == "string"
    return plain_text and kinds[1].get("type") == "object"


def _plain_type(schema: dict[str, Any]) -> str:
    """Return the JSON Schema type of a schema that is only a type ("" if it says more)."""
    if any(k in schema for k in ("anyOf", "oneOf", "enum", "const", "properties")):
        return ""
    return str(schema.get("type", ""))


def _show(value: Any) -> str:
    """Show what firm.yaml has, as "...; got ..." ends."""
    if isinstance(value, str):
        return value if re.fullmatch(r"-?\d+(\.\d+)?", value) else repr(value)
    if isinstance(value, dict):
        # Translators: what firm.yaml has, in "got {got}" (nominative: Polish "jest: słownik").
        return _("a mapping")
    if isinstance(value, list):
        # Translators: what firm.yaml has, in "got {got}" (nominative: Polish "jest: lista").
        return _("a list")
    if value is None:
        # Translators: what firm.yaml has, in "got {got}": the field is empty.
        return _("nothing")
    return repr(value)


def shows_nothing(message: str) -> bool:
    """Tell whether a problem's message ends with the value shown as nothing (an empty field)."""
    return message.endswith(_show(None))


def _out_of_range(schema: dict[str, Any], got: str) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if "exclusiveMinimum" in schema and low is not None:
        low += 1
    if low is not None and high is not None:
        return _("must be {low}–{high}, got {got}").format(low=low, high=high, got=got)
    if low is not None:
        return _("must be at least {low}, got {got}").format(low=low, got=got)
    return _("must be at most {high}, got {got}").format(high=high, got=got)


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return _("did you mean {name}?").format(name=repr(close[0])) if close else ""


def _pattern_mismatch(pattern: str, got: str) -> str:
    """Say what text a pattern accepts, as a whole sentence."""
    sentences = {
        "^[a-z0-9]+(?:-[a-z0-9]+)*$": _(
            "must be lowercase letters, digits and single hyphens, "
            "e.g. 'monthly-bookkeeping'; got {got}"
        ),
        "^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$": _(
            "must be a hex colour such as '#1f4e79'; got {got}"
        ),
        "^[A-Z]{2}$": _("must be a two-letter ISO country code such as US, ES or PL; got {got}"),
        "^[A-Z]{3}$": _(
            "must be a three-letter ISO currency code such as USD, EUR or PLN; got {got}"
        ),
        r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$": _(
            'must be a month and day "MM-DD", e.g. "04-15"; got {got}'
        ),
        r"^(\d{1,2}:)?\d{1,2}:\d{2}$": _(
            'must be a duration "M:SS" or "H:MM:SS" in quotes, e.g. "2:45"; got {got}'
        ),
        EMAIL_PATTERN: _("must be an email address such as hello@example.com; got {got}"),
    }
    sentence = sentences.get(pattern) or _("must be text matching {pattern}; got {got}")
    return sentence.format(pattern=pattern, got=got)


def _with_suggestion(message: str, suggestion: str) -> str:
    # Translators: a problem, then a guess at what was meant ("did you mean 'monthly'?").
    return _("{problem}; {suggestion}").format(problem=message, suggestion=suggestion)


def _message(detail: ErrorDetails, path: PathKey, schema: dict[str, Any]) -> str:
    """Write what is wrong and what would be valid."""
    kind = detail["type"]
    got = _show(detail["input"])
    schema = _resolve(schema)
    ctx = detail.get("ctx", {})
    if kind == "extra_forbidden":
        return _unknown_field(path)
    if kind == "missing":
        description = schema.get("description", "").split("\n")[0]
        if description:
            return _("required field is missing ({description})").format(description=description)
        return _("required")
    if kind in ("literal_error", "enum", "union_tag_invalid", "union_tag_not_found"):
        return _not_an_option(kind, detail, schema, got)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _out_of_range(schema, got)
    if kind == "string_pattern_mismatch":
        return _pattern_mismatch(str(ctx.get("pattern", "")), got)
    if kind in ("too_short", "string_too_short"):
        return _("must not be empty (at least {n} needed)").format(n=ctx.get("min_length", 1))
    if kind == "string_too_long":
        return _("is too long: {length:,} characters; at most {limit:,}").format(
            length=len(str(detail["input"])), limit=ctx.get("max_length")
        )
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    return _type_mismatch(kind, got) or _plain_type_mismatch(schema, got)


def _unknown_field(path: PathKey) -> str:
    parent = _resolve(_schema_at(path[:-1], None))
    fields = list(_branch(parent, {}).get("properties", {}))
    hint = suggest(str(path[-1]), fields)
    if hint:
        return _("unknown field; {suggestion}").format(suggestion=hint)
    return _("unknown field; valid fields: {fields}").format(fields=", ".join(fields))


def _not_an_option(kind: str, detail: ErrorDetails, schema: dict[str, Any], got: str) -> str:
    ctx = detail.get("ctx", {})
    if kind in ("literal_error", "enum"):
        options = [str(o) for o in schema.get("enum", [])] or [
            o.strip(" '") for o in re.split(r",| or ", str(ctx.get("expected", ""))) if o.strip()
        ]
        suggestion = suggest(str(detail["input"]), options)
        message = _("must be one of {values}; got {got}").format(values=", ".join(options), got=got)
        return _with_suggestion(message, suggestion) if suggestion else message
    tags = ctx.get("expected_tags", "")
    if kind == "union_tag_not_found":
        return _("needs 'kind:' with one of {values}").format(values=tags)
    suggestion = suggest(str(ctx.get("tag", "")), [t.strip(" '") for t in tags.split(",")])
    message = _("kind must be one of {values}; got {got}").format(
        values=tags, got=repr(ctx.get("tag"))
    )
    return _with_suggestion(message, suggestion) if suggestion else message


def _type_mismatch(kind: str, got: str) -> str:
    """Say what a scalar field must be, as a whole sentence; "" if not a scalar type error."""
    if kind == "finite_number":
        return _("must be a finite number such as 450 or 89.50; got {got}").format(got=got)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("must be a whole number; got {got}").format(got=got)
    if kind in ("float_parsing", "float_type"):
        return _("must be a number such as 450 or 89.50; got {got}").format(got=got)
    if kind in ("bool_parsing", "bool_type"):
        return _("must be yes or no (true/false); got {got}").format(got=got)
    if kind.startswith("date"):
        return _("must be a date written YYYY-MM-DD, e.g. 2026-01-15; got {got}").format(got=got)
    if kind.startswith("time"):
        return _('must be a 24-hour time "HH:MM", e.g. 09:00 or 17:30; got {got}').format(got=got)
    return ""


def _plain_type_mismatch(schema: dict[str, Any], got: str) -> str:
    """Say what a field of one type must be, as a whole sentence."""
    sentences = {
        "string": _("must be text; got {got}"),
        "integer": _("must be a whole number; got {got}"),
        "number": _("must be a number; got {got}"),
        "boolean": _("must be yes or no (true/false); got {got}"),
        "array": _("must be a list (lines starting with '- '); got {got}"),
        "object": _("must be a mapping (indented 'key: value' lines); got {got}"),
    }
    sentence = sentences.get(_plain_type(schema))
    return sentence.format(got=got) if sentence else _must_be(_describe(schema), got)
