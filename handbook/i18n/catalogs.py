"""The message catalogs: one YAML file per language in handbook/locales/.

A catalog maps dotted ids (`home.choose_segment`) to plain-text messages with `{name}`
placeholders; a message with counts has one sub-key per CLDR plural category. Adding a
language is adding its file: the list of languages is read from the folder.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml


def _folder() -> Any:
    return resources.files("handbook") / "locales"


@functools.cache
def catalog_languages() -> tuple[str, ...]:
    """Return the codes of the languages that have a catalog, English first."""
    codes = sorted(p.name[: -len(".yaml")] for p in _folder().iterdir() if p.name.endswith(".yaml"))
    return tuple(sorted(codes, key=lambda code: (code != "en", code)))


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Load the message catalog of a language, flattened to dotted ids."""
    source = _folder() / f"{language}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    return dict(_flatten(data))


def _flatten(data: Mapping[Any, Any], prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            items.extend(_flatten(value, full + "."))
        else:
            items.append((full, str(value)))
    return items
