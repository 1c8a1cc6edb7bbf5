"""The firm's own wording of handbook's messages: `locales/<lang>.po` beside firm.yaml.

A firm that wants "Our packages" to read "Our plans" copies handbook's catalog of that
language (`handbook messages pl > locales/pl.po`), keeps the entries it changes and rewrites
their msgstr. An entry is found by its msgctxt, the message id; an empty msgstr keeps
handbook's text. The file is checked as firm.yaml is (a fuzzy entry, an unknown id, a
placeholder the English lacks or leaves out are errors at their line) and compiled in memory:
no compiled file in the project is ever read.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from handbook.errors import InputError, Problem
from handbook.i18n.catalogs import Source, catalog_languages, source
from handbook.i18n.cli import _
from handbook.i18n.pocheck import entry_problems
from handbook.input.projectfiles import refusal

_LINE = re.compile(
    r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$'
)
"""A line of a .po file that is not a comment: a keyword and a quoted text, or more text.

Babel's reader skips a line it cannot read (an unclosed quote) and its entry with it; the
firm would see handbook's wording without being told why."""

FOLDER = "locales"
LIMIT = 2_000_000
"""A catalog of every message in one language is about 60 kB."""


def load_messages(root: Path, languages: Sequence[str] | None) -> dict[str, bytes]:
    """Return the firm's compiled catalogs by language; raise InputError listing every problem.

    `languages` are the site's (None when firm.yaml itself is invalid: the files are still
    checked, but not against the site's languages).
    """
    folder = root / FOLDER
    if not folder.exists() and not folder.is_symlink():
        return {}
    problems: list[Problem] = []
    compiled: dict[str, bytes] = {}
    if folder.is_symlink():
        why = _("{path} is a symbolic link; put the folder itself in the project folder").format(
            path=FOLDER
        )
        raise InputError([Problem(FOLDER, 1, 1, "", why)])
    if not folder.is_dir():
        why = _("{path} must be a folder of .po files").format(path=FOLDER)
        raise InputError([Problem(FOLDER, 1, 1, "", why)])
    for path in sorted(folder.glob("*.po")):
        shown, language = f"{FOLDER}/{path.name}", path.stem
        refused = _refusal(root, shown, languages)
        if refused is not None:
            problems.append(Problem(shown, 1, 1, "", refused))
            continue
        found, catalog = _read(path, shown, language)
        problems += found
        if not found:
            compiled[language] = catalog
    if problems:
        raise InputError(problems)
    return compiled


def _refusal(root: Path, shown: str, languages: Sequence[str] | None) -> str | None:
    """Say why the catalog file `shown` cannot be read, or None."""
    language = Path(shown).stem
    why = refusal(root, shown)
    if why is None and (root / shown).stat().st_size > LIMIT:
        why = _("{file} is larger than {limit} MB; keep the messages you change").format(
            file=shown, limit=LIMIT // 1_000_000
        )
    if why is None and language not in catalog_languages():
        why = _("handbook has no language {code}; it has {codes}").format(
            code=repr(language), codes=_codes()
        )
    if why is None and languages is not None and language not in languages:
        why = _("the site is in {languages}, not {code}").format(
            languages=", ".join(languages), code=repr(language)
        )
    return why


def _read(path: Path, shown: str, language: str) -> tuple[list[Problem], bytes]:
    """Check one catalog file and compile the entries that change a message."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return [Problem(shown, 1, 1, "", _("not UTF-8 text: {reason}").format(reason=e))], b""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#") and not _LINE.match(line):
            why = _(
                '{line} is not a line of a gettext catalog (msgid "…", msgstr "…", '
                'a "…" continuation or a # comment; a quote missing?)'
            ).format(line=repr(line.strip()[:60]))
            return [Problem(shown, number, 1, "", why)], b""
    try:
        own = read_po(io.StringIO(text), locale=language, abort_invalid=True)
    except PoFileError as e:
        why = _("not a gettext catalog: {reason}").format(reason=e)
        return [Problem(shown, max(e.lineno, 1), 1, "", why)], b""
    out = Catalog(locale=language, domain="messages")
    problems = list(_entries(own, out, shown))
    data = io.BytesIO()
    write_mo(data, out)
    return problems, data.getvalue()


def _entries(own: Catalog, out: Catalog, shown: str) -> Iterator[Problem]:
    for message in own:
        if not message.id:
            continue
        line, key = message.lineno or 1, message.context or ""
        english = source().get(key)
        if english is None:
            yield Problem(shown, line, 1, key, _unknown(key))
            continue
        strings = [message.string] if isinstance(message.string, str) else message.string or ()
        if not any(strings) and not message.fuzzy:
            continue
        if (english.plural is None) == message.pluralizable:
            if english.plural:
                why = _("this message is counted (msgid_plural and msgstr[0]…)")
            else:
                why = _("this message is not counted")
            yield Problem(shown, line, 1, key, why)
            continue
        current = _current(message, english)
        found = entry_problems(current, out.num_plurals)
        yield from (Problem(shown, line, 1, key, problem) for problem in found)
        if not found:
            out.add(current.id, current.string, context=key)


def _current(message: Message, english: Source) -> Message:
    """Return the firm's translation of the English handbook has now (placeholders included)."""
    english_id = english.singular if english.plural is None else english.forms
    return Message(english_id, message.string, flags=message.flags, context=message.context)


def _unknown(key: str) -> str:
    if not key:
        return _("an entry needs its msgctxt, the message id (see: handbook messages LANGUAGE)")
    close = difflib.get_close_matches(key, source(), n=1)
    if close:
        return _("handbook has no message {key}; did you mean {name}?").format(
            key=repr(key), name=repr(close[0])
        )
    return _("handbook has no message {key}").format(key=repr(key))


def _codes() -> str:
    return ", ".join(catalog_languages())
