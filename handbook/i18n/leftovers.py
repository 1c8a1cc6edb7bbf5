"""Find the tool's English texts left in a page of another language (tests and benchmarks)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from handbook.i18n.catalogs import texts

_EDGES = " .,:;()·*-–…\"'?!"


SAME_EVERYWHERE = {
    "site.copyright",
    "calendar.google",
    "calendar.outlook",
    "calendar.feed_name",
    "faq.duration",
    "faq.provider_youtube",
    "faq.provider_vimeo",
    "faq.provider_loom",
    "faq.provider_wistia",
}
"""Messages a translation may leave as in English: brand names and bare placeholders."""

# Ukrainian keeps the Polish and Spanish registry numbers' own abbreviations (NIP, KRS), as on
# the forms its readers fill in; no other text of its catalog is spelled as in English.
REGISTRY_IDS = {f"legal.id_{name}" for name in ("EIN", "NIP", "REGON", "KRS", "NIF", "CIF")}
SAME_IN = {"es": {"communication.no"}, "ca": {"communication.no"}, "uk": REGISTRY_IDS}
"""Messages that are spelled the same in English and in that language ("No")."""


def english_fragments(language: str) -> list[str]:
    """List the fixed English pieces of the catalog that `language`'s catalog does not share.

    A piece is the text between placeholders, of two words or more, or a whole message.
    Brand names and words that a translation keeps ("Google Calendar", "No" in Spanish) are
    in both catalogs and so are not English leftovers; any other message left in English is.
    """
    english = texts("en")
    same = SAME_EVERYWHERE | SAME_IN.get(language, set())
    # A message left in English counts as translated only where the language spells it so.
    own = "\n".join(
        text
        for key, forms in texts(language).items()
        for text in forms
        if text not in english.get(key, ()) or key in same
    )
    pieces = set()
    for message in (text for forms in english.values() for text in forms):
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
    """Return the lines (or table cells) of `text` that hold an English fragment.

    A fragment of several words counts anywhere, as whole words; a one-word message
    ("Included", "Next") only as a whole cell, so a proper name such as "Taxpayer Advocate
    Service" in a firm's own text is not taken for the tool's "Service".
    """
    # Only the fragments the text holds at all go into the pattern: a page has few or none,
    # and a pattern of every fragment made this the slowest step of the language tests.
    fragments = [f for f in fragments if f in text]
    phrases = [f for f in fragments if " " in f]
    words = {f for f in fragments if " " not in f}
    pattern = re.compile(
        "|".join(rf"(?<![\w]){re.escape(f)}(?![\w])" for f in phrases) or r"(?!x)x"
    )
    found = set()
    for line in text.splitlines():
        cells = [cell.strip(_EDGES + "✓✗¶ ") for cell in line.split("\t")]
        if pattern.search(line) or words.intersection(cells):
            found.add(line.strip())
    return found
