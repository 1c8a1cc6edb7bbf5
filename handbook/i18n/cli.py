"""The terminal's language: `handbook check` and `build` speak the one the environment asks for.

A gettext domain `cli`, apart from the site's `messages`: the msgid is the English text at the
call site, `_("must be {expected}; got {got}").format(...)`, one message per sentence with
`{name}` placeholders (never fragments glued into a sentence), `ngettext` for counts, and a
`# Translators:` comment where a message is ambiguous. The template is
`handbook/locales/cli.pot`, each language's `handbook/locales/<lang>/LC_MESSAGES/cli.po` is
compiled to `cli.mo` beside it (`babel-cli.cfg`; the README's "Translating handbook").

`use_terminal_language()` runs when a command starts, not at import (the tests run the CLI
in-process with different environments): Python's `gettext.translation` picks the language
from LANGUAGE, LC_ALL, LC_MESSAGES and LANG in gettext's order, so `pl_PL.UTF-8` gives Polish
and `C`, `POSIX`, nothing or a language without a catalog give English. `--help` stays English.
"""

from __future__ import annotations

import gettext
from importlib import resources
from pathlib import Path

DOMAIN = "cli"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def localedir() -> Path:
    """Return the folder of the catalogs, inside the installed package."""
    return Path(str(resources.files("handbook") / "locales"))


def use_terminal_language() -> str:
    """Speak the language the environment asks for; return its code ("en" for English)."""
    global _translation
    _translation = gettext.translation(DOMAIN, localedir(), fallback=True)
    return _translation.info().get("language", "en") or "en"


def use_english() -> None:
    """Speak English again (the source language: no catalog)."""
    global _translation
    _translation = gettext.NullTranslations()


def _(message: str) -> str:
    """Return `message` in the terminal's language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the form of a counted message that fits `n`, in the terminal's language."""
    return _translation.ngettext(singular, plural, n)
