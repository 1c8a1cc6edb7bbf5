"""Translate the texts of a site: catalog messages (`message`) and firm texts (`text`).

Interface texts come from the catalogs (`handbook.i18n.catalogs`), and from the firm's own
catalog of that language when it has one (`handbook.i18n.overrides`). Texts from firm.yaml
are one string (a site of one language) or a mapping of language to string; validation made
sure every language of the site has one, so nothing here falls back to another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel import Locale

from handbook.i18n.catalogs import (
    Source,
    catalog_languages,
    from_compiled,
    source,
    translated,
    translations,
)

ALL = "all"
"""The key of a firm text written once for every language: `{all: WhatsApp}`, a name."""

_SAMPLES = range(0, 1001)
"""The counts tried to find each CLDR plural category's form (a category with no whole
number, such as Polish "other", for fractions, reads as the form of 5)."""


class MissingMessage(KeyError):
    """A template asked for a message id that the catalog lacks (a bug the tests catch)."""


class Translator:
    """Translate catalog ids and firm texts into one language."""

    def __init__(self, language: str, own: Mapping[str, bytes] | None = None) -> None:
        if language not in catalog_languages():
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self.locale = Locale.parse(language)
        self._gettext = translations(language)
        self._known = translated(language)
        if own and own.get(language):
            firm = from_compiled(own[language])
            firm.add_fallback(self._gettext)
            self._gettext = firm

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
        english = self._english(key)
        if english.plural is not None:
            raise MissingMessage(f"{key} is counted: call plural({key!r}, n)")
        template = self._gettext.pgettext(key, english.singular)
        return template.format(**params) if params else template

    def plural(self, key: str, n: int, /, **params: Any) -> str:
        """Return the form of a counted message for `n`, as the language's plural rule picks."""
        english = self._english(key)
        if english.plural is None:
            raise MissingMessage(f"{key} is not counted: call message({key!r})")
        template = self._gettext.npgettext(key, english.singular, english.plural, n)
        return template.format(n=n, **params)

    def forms(self, key: str, /, **params: Any) -> dict[str, str]:
        """Return a counted message's form for each CLDR plural category, with `{n}` kept."""
        english = self._english(key)
        if english.plural is None:
            raise MissingMessage(f"{key} is not counted")
        samples: dict[str, int] = {}
        for n in _SAMPLES:
            samples.setdefault(self.locale.plural_form(n), n)
        categories = self.locale.plural_form.tags | {"other"}
        return {
            category: self._gettext.npgettext(
                key, english.singular, english.plural, samples.get(category, 5)
            ).format(n="{n}", **params)
            for category in sorted(categories)
        }

    def _english(self, key: str) -> Source:
        english = source().get(key)
        if english is None or key not in self._known:
            raise MissingMessage(f"{self.language}: {key}")
        return english
