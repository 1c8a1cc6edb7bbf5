"""The one translation function every client-facing text goes through.

Interface texts live in message catalogs (`handbook/locales/<lang>.yaml`, keyed by a
dotted id such as `home.choose_segment`, values with `{name}` placeholders). Texts from
firm.yaml are either one string (in the site's main language) or a mapping of language
to string. `Translator.t` takes either and returns the text for its language, falling
back to the main language, so templates never pick languages themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

from handbook.model import LANGUAGES


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Load the message catalog of a language (empty if there is none yet)."""
    source = resources.files("handbook") / "locales" / f"{language}.yaml"
    if not source.is_file():
        return {}
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in _flatten(data)}


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            items.extend(_flatten(value, full + "."))
        else:
            items.append((full, value))
    return items


class MissingMessage(KeyError):
    """A template asked for a message id that no catalog has (a bug in a template)."""


class Translator:
    """Translate catalog ids and firm texts into one language."""

    def __init__(self, language: str, fallback: str = "en") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self.fallback = fallback
        self._messages = catalog(language)
        self._fallback = catalog(fallback) if fallback != language else {}
        self._english = catalog("en")

    def t(self, text: str | Mapping[Any, str] | None, /, **params: Any) -> str:
        """Return `text` in this language: a catalog id, or a firm text (str or per-language)."""
        if text is None:
            return ""
        if isinstance(text, Mapping):
            for lang in (self.language, self.fallback, *text.keys()):
                if lang in text:
                    return str(text[lang])
            return ""
        if self.is_message(text):
            return self.message(text, **params)
        # A firm's own text, written in the site's main language.
        return text

    def is_message(self, key: str) -> bool:
        """Tell whether `key` is a catalog id (tests check templates use only known ids)."""
        return key in self._messages or key in self._fallback or key in self._english

    def message(self, key: str, /, **params: Any) -> str:
        """Look up a catalog id and fill its placeholders."""
        for table in (self._messages, self._fallback, self._english):
            if key in table:
                template = table[key]
                return template.format(**params) if params else template
        raise MissingMessage(key)
