"""The message catalogs: English source texts, and gettext catalogs for the other languages.

`handbook/locales/en.yaml` holds each message once, in English, under a stable dotted id
(`home.choose_segment`); a counted message has `one` and `other` forms. Every other language is
a gettext catalog, `handbook/locales/<lang>/LC_MESSAGES/messages.po`, made and compiled with
Babel (see `babel.cfg` and the README's "Translating"): msgctxt is the id, msgid the English
text, plural forms those of Babel's CLDR data. The site reads the compiled `messages.mo`.
Adding a language is adding its catalog: the list of languages is read from the folder.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from babel.messages.mofile import read_mo

DOMAIN = "messages"


@dataclass(frozen=True)
class Source:
    """A message in English: its text, and its plural form if it is counted."""

    singular: str
    plural: str | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        """Return the singular, and the plural if there is one."""
        return (self.singular,) if self.plural is None else (self.singular, self.plural)


def folder() -> Any:
    """Return the folder of the catalogs, inside the installed package."""
    return resources.files("handbook") / "locales"


@functools.cache
def source() -> dict[str, Source]:
    """Return the English messages by id."""
    data = yaml.safe_load((folder() / "en.yaml").read_text(encoding="utf-8")) or {}
    return dict(_flatten(data))


@functools.cache
def catalog_languages() -> tuple[str, ...]:
    """Return the codes of the languages that have a catalog, English first."""
    codes = [p.name for p in folder().iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()]
    return ("en", *sorted(codes))


def catalog_source(language: str) -> str:
    """Return the text of a language's catalog (.po; for English, the template)."""
    path = f"{DOMAIN}.pot" if language == "en" else f"{language}/LC_MESSAGES/{DOMAIN}.po"
    text: str = (folder() / path).read_text(encoding="utf-8")
    return text


@functools.cache
def compiled(language: str) -> bytes:
    """Return a language's compiled catalog (empty for English, the source language)."""
    if language == "en":
        return b""
    data: bytes = (folder() / language / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    return data


def translations(language: str) -> gettext.NullTranslations:
    """Return gettext's translations of a language's catalog (English: the msgids)."""
    data = compiled(language)
    return from_compiled(data) if data else gettext.NullTranslations()


def from_compiled(data: bytes) -> gettext.GNUTranslations:
    """Return gettext's translations of a compiled catalog (.mo bytes)."""
    return gettext.GNUTranslations(io.BytesIO(data))


@functools.cache
def translated(language: str) -> frozenset[str]:
    """Return the ids a language's compiled catalog translates (English: all of them)."""
    data = compiled(language)
    return frozenset(texts(language)) if data else frozenset(source())


@functools.cache
def texts(language: str) -> dict[str, tuple[str, ...]]:
    """Return every text of a language's catalog by id: one, or one per plural form."""
    if language == "en":
        return {key: m.forms for key, m in source().items()}
    out: dict[str, tuple[str, ...]] = {}
    for m in read_mo(io.BytesIO(compiled(language))):
        if m.id and m.context:
            string = m.string or ()
            out[str(m.context)] = (string,) if isinstance(string, str) else tuple(string)
    return out


def _flatten(data: Mapping[Any, Any], prefix: str = "") -> list[tuple[str, Source]]:
    items: list[tuple[str, Source]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping) and set(value) == {"one", "other"}:
            items.append((full, Source(str(value["one"]), str(value["other"]))))
        elif isinstance(value, Mapping):
            items.extend(_flatten(value, full + "."))
        else:
            items.append((full, Source(str(value))))
    return items
