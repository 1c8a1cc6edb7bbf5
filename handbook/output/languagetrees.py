"""Put each language's tree into the new site: the engine's new one, or the last site's.

A site in several languages is one engine build per language, each into a folder of its own
(MkDocs empties the folder it builds into). The default language's tree is the site's root,
and each other language's tree is its `<code>/` folder inside it.

The preview (`serve`) rebuilds into a folder only it writes. There, a language whose staged
project is byte for byte the last build's, built by the same engine for the same date, has
the same tree as the site it replaces, so its tree is moved over from that site instead of
being built again. The moves are undone if the build fails before the new site is published,
so the last good site stays whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook.output.publish import STAMP


@contextmanager
def assembled(
    built: Path, parts: Path, roots: list[str], previous: Path, kept: dict[str, list[str]]
) -> Iterator[None]:
    """Move each language's tree into `built`, the default ("") first.

    `roots` are the languages' folders ("" for the default, "es" ...), each built in
    `parts/<root or "default">`, except those in `kept`, moved from the site `previous`;
    `kept` maps each to the language folders that `previous` had (not the default's).
    If the block raises, what was moved from `previous` goes back.
    """
    moved: list[tuple[Path, Path]] = []
    others = {root for root in roots if root} | {r for had in kept.values() for r in had}
    try:
        for root in roots:
            target = built / root if root else built
            if root not in kept:
                os.rename(parts / (root or "default"), target)
            elif root:
                moved.append((previous / root, target))
                os.rename(*moved[-1])
            else:
                built.mkdir()
                for entry in sorted(previous.iterdir()):
                    if entry.name not in others and entry.name != STAMP:
                        moved.append((entry, built / entry.name))
                        os.rename(*moved[-1])
        yield
    except BaseException:
        for source, target in reversed(moved):
            os.rename(target, source)
        raise
