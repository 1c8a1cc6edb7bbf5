"""What can be wrong with one translated message: fuzzy, missing, placeholders, plural forms."""

from __future__ import annotations

import string

from babel.messages.catalog import Message

_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    """Return the `{name}` placeholders of a message ("{{" is a brace, not a placeholder)."""
    try:
        return {field for _, field, _, _ in _FORMATTER.parse(text) if field is not None}
    except ValueError:
        return {"{"}


def entry_problems(message: Message, forms: int) -> list[str]:
    """Say what is wrong with a translation of `message`; `forms` is the language's count.

    A plural form may leave out `{n}` ("jeden dzień" for one); every other placeholder of the
    English is in every form, and none the English lacks.
    """
    if message.fuzzy:
        return ["fuzzy: the English changed since it was translated; check it, remove the flag"]
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    if message.pluralizable and len(strings) != forms:
        return [f"has {len(strings)} plural forms; the language has {forms}"]
    if not all(strings):
        return ["not translated"]
    english: set[str] = set()
    for text in [message.id] if isinstance(message.id, str) else list(message.id):
        english |= placeholders(text)
    out = []
    for text in strings:
        own = placeholders(text)
        lacking = english - own - ({"n"} if message.pluralizable else set())
        if own - english:
            extra, known = _braced(own - english), _braced(english)
            out.append(f"uses {extra}, which the English has not ({known})")
        if lacking:
            out.append(f"leaves out {_braced(lacking)}: {text!r}")
    return out


def _braced(names: set[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names)) or "none"
