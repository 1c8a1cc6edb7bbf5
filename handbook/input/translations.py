"""Check that every client-facing text of firm.yaml exists in every language of the site.

A text is one string only on a site of one language; otherwise it is a mapping with one
text per language, or `all:` for a name that every language writes alike ("WhatsApp").
A missing language is an error at the text's line: a page is never filled in from another
language.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from handbook.errors import Problem
from handbook.i18n.cli import _
from handbook.i18n.translator import ALL
from handbook.input.loader import PathKey, Positions
from handbook.model import FirmConfig
from handbook.model.fields import LOCALIZED, PER_LANGUAGE


def check_languages(firm: FirmConfig, positions: Positions) -> Iterator[Problem]:
    """Report every text that lacks one of the site's languages."""
    languages = firm.locale.site_languages
    yield from _walk(firm, (), languages, positions)


def _walk(
    model: BaseModel, at: PathKey, languages: list[str], positions: Positions
) -> Iterator[Problem]:
    for name, kind in _fields(type(model)):
        value = getattr(model, name)
        path = (*at, name)
        if kind is not None:
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for i, item in items:
                where = path if i is None else (*path, i)
                yield from _check(item, where, languages, positions, single_ok=kind == "any")
        elif isinstance(value, BaseModel):
            yield from _walk(value, path, languages, positions)
        elif isinstance(value, list | dict):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in pairs:
                if isinstance(item, BaseModel):
                    yield from _walk(item, (*path, key), languages, positions)


def _check(
    value: Any, path: PathKey, languages: list[str], positions: Positions, *, single_ok: bool
) -> Iterator[Problem]:
    if value is None:
        return
    listed = ", ".join(languages)
    if isinstance(value, str):
        if len(languages) > 1 and not single_ok:
            example = ", ".join(f"{code}: …" for code in languages)
            yield positions.problem(
                path,
                _(
                    "one text for a site in {languages}; write it once per language ({example})"
                ).format(languages=listed, example=example),
            )
        return
    for code in languages:
        if code not in value and ALL not in value:
            yield positions.problem(path, _missing_language(code, languages))


def _missing_language(code: str, languages: list[str]) -> str:
    listed = ", ".join(languages)
    if len(languages) > 1:
        # Translators: {code} is a language code ('es'); {languages} the site's ("en, es").
        text = _("no {code} text (locale.languages has {languages})")
    else:
        text = _("no {code} text (locale.languages is {languages})")
    return text.format(code=repr(code), languages=listed)


@functools.cache
def _fields(model: type[BaseModel]) -> list[tuple[str, str | None]]:
    """Return a model's fields with the kind of text each holds: once per class, not per item."""
    return [(name, _kind(info.annotation)) for name, info in model.model_fields.items()]


def _kind(annotation: Any) -> str | None:
    """Tell whether a field holds texts per language: "text", "any" (one for all) or None."""
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    members = set(typing.get_args(annotation))
    for alias, kind in [*((a, "text") for a in LOCALIZED), *((a, "any") for a in PER_LANGUAGE)]:
        if set(typing.get_args(alias)) <= members | {alias}:
            return kind
    return None
