"""Babel extraction methods: the catalog messages that templates and Python code call.

`pybabel extract -F babel.cfg` runs these over `templates/**.j2` and `handbook/**.py`. A call
names an id as a string (`message("id")`, `plural("id", n)`, or a table of ids); each is given
to Babel as `pgettext(id, English)` or `npgettext(id, one, other)`, so the template
(messages.pot) has the dotted id as msgctxt and the English text as msgid. The English comes
from the source catalog, `handbook/locales/en.yaml`: a translator reads English, and when the
English changes `pybabel update` marks the translation fuzzy. An id built from a value
(`f"legal.id_{kind}"`, `"faq.provider_" ~ name`) stands for every id that starts that way.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import jinja2
from jinja2 import nodes

from handbook.i18n.catalogs import Source, source

Extracted = tuple[int, str, tuple[str, ...], list[str]]


def extract_python(
    fileobj: IO[bytes], keywords: Collection[str], tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Find the catalog ids a Python module names (a call, or a table of ids)."""
    for node in ast.walk(ast.parse(fileobj.read())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from _found(node.lineno, node.value, False)
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield from _found(node.lineno, first.value, True)


def extract_jinja(
    fileobj: IO[bytes], keywords: Collection[str], tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Find the catalog ids a Jinja template names."""
    tree = jinja2.Environment().parse(fileobj.read().decode("utf-8"))
    for node in tree.find_all(nodes.Const):
        if isinstance(node.value, str):
            yield from _found(node.lineno, node.value, False)
    for concat in tree.find_all(nodes.Concat):
        first = concat.nodes[0]
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            yield from _found(concat.lineno, first.value, True)


def _found(line: int, text: str, is_start: bool) -> Iterator[Extracted]:
    """Yield the message `text` names: itself, or every id it starts (a dotted "group.")."""
    messages = source()
    if not is_start:
        if text in messages:
            yield _entry(line, text, messages[text])
        return
    if "." in text:
        for key in sorted(k for k in messages if k.startswith(text)):
            yield _entry(line, key, messages[key])


def _entry(line: int, key: str, english: Source) -> Extracted:
    if english.plural is None:
        return line, "pgettext", (key, english.singular), []
    return line, "npgettext", (key, english.singular, english.plural), []
