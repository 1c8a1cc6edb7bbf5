"""Find the tool's English texts left in a page of another language (tests and benchmarks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

import yaml

_EDGES = " .,:;()·*-–…\"'?!"


def _messages(language: str) -> list[str]:
    """Return every message text of a catalog (plural forms included)."""
    source = resources.files("handbook") / "locales" / f"{language}.yaml"
    if not source.is_file():
        return []
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif node is not None:
            out.append(str(node))

    walk(yaml.safe_load(source.read_text(encoding="utf-8")))
    return out


def english_fragments(language: str) -> list[str]:
    """List the fixed English pieces of the catalog that `language`'s catalog does not share.

    A piece is the text between placeholders, of two words or more, or a whole message.
    Brand names and words that a translation keeps ("Google Calendar", "No" in Spanish) are
    in both catalogs and so are not English leftovers.
    """
    own = "\n".join(_messages(language))
    pieces = set()
    for message in _messages("en"):
        parts = [p.strip(_EDGES) for p in re.split(r"\{\w+\}", message)]
        for part in parts:
            # One word between placeholders ("within", "day") is not evidence; a whole
            # one-word message ("Included") is.
            words = len(part.split())
            evidence = words >= 2 or len(parts) == 1
            if evidence and re.search(r"[A-Za-z]{2}", part) and part not in own:
                pieces.add(part)
    return sorted(pieces, key=len, reverse=True)


def english_lines(text: str, fragments: Iterable[str]) -> set[str]:
    """Return the lines of `text` that contain one of `fragments` as whole words."""
    pattern = re.compile(
        "|".join(rf"(?<![\w]){re.escape(f)}(?![\w])" for f in fragments) or r"(?!x)x"
    )
    return {line.strip() for line in text.splitlines() if pattern.search(line)}
