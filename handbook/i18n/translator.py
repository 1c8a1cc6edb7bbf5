"""Translate the texts of a site: catalog messages (`message`) and firm texts (`text`).

Interface texts come from the catalogs (`handbook.i18n.catalogs`). Texts from firm.yaml are one
string (a site of one language) or a mapping of language to string; validation made sure
every language of the site has one, so nothing here falls back to another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel import Locale

from handbook.i18n.catalogs import catalog, catalog_languages

ALL = "all"
"""The key of a firm text written once for every language: `{all: WhatsApp}`, a name."""


class MissingMessage(KeyError):
    """A template asked for a message id that the catalog lacks (a bug the tests catch)."""


class Translator:
    """Translate catalog ids and firm texts into one language."""

    def __init__(self, language: str) -> None:
        if language not in catalog_languages():
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self.locale = Locale.parse(language)
        self._messages = catalog(language)

    def text(self, text: str | Mapping[Any, str] | None, /) -> str:
        """Return a firm text (str or per-language) in this language, as written.

        Never the catalog: a firm text that reads like a catalog id ("nav.packages") is the
        firm's own words.
        """
        if text is None:
            return ""
        if isinstance(text, Mapping):
            return str(text[self.language] if self.language in text else text[ALL])
        return text

    def message(self, key: str, /, **params: Any) -> str:
        """Look up a catalog id and fill its placeholders."""
        try:
            template = self._messages[key]
        except KeyError:
            raise MissingMessage(f"{self.language}: {key}") from None
        return template.format(**params) if params else template

    def plural(self, key: str, n: int, /, **params: Any) -> str:
        """Pick the CLDR plural form of a message for `n` (Polish: one, few, many, other)."""
        form = self.locale.plural_form(n)
        chosen = f"{key}.{form}" if f"{key}.{form}" in self._messages else f"{key}.other"
        return self.message(chosen, n=n, **params)
