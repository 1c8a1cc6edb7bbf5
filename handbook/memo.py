"""What earlier builds computed, kept for the next: the cache folder and its memo files.

The cache folder is `.cache/handbook/` beside firm.yaml, or `$HANDBOOK_CACHE_DIR` (a CI
cache shared by builds). It holds a memo file per kind of slow, pure result (`events.json`,
the serialized calendar events; `qr-codes.json`), and a folder per kind of file: `handouts/`
(the rendered PDFs, handouts.py) and `engines/` (what each site engine keeps); compiled
templates never (handbook.compiled). A memo maps a hash of everything a result depends on
(its inputs and the library's version) to the result, so a stale entry can never be found;
each build writes back only the entries it used, so the file stays the size of one build.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

CACHE = Path(".cache") / "handbook"
"""The cache folder, relative to the project folder, unless $HANDBOOK_CACHE_DIR is set."""

LIMIT = 64 * 1024 * 1024
"""A memo file larger than this is ignored (and replaced): it was not written by a build."""


class Cache:
    """The cache folder of one build: its memos, and a folder per kind of kept file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._memos: dict[str, Memo] = {}

    @classmethod
    def of(cls, project_folder: Path) -> Cache:
        """Return the cache of a project: $HANDBOOK_CACHE_DIR, else .cache/handbook/ in it."""
        shared = os.environ.get("HANDBOOK_CACHE_DIR")
        return cls(Path(shared) if shared else project_folder / CACHE)

    def memo(self, name: str, salt: str) -> Memo:
        """Return the memo `<name>.json`, the same object each time in one build."""
        if name not in self._memos:
            self._memos[name] = Memo(self.folder / f"{name}.json", salt)
        return self._memos[name]

    @property
    def handouts(self) -> Path:
        """Return the folder of rendered PDF handouts."""
        return self.folder / "handouts"

    def engine(self, name: str) -> Path:
        """Return the folder a site engine keeps between builds."""
        return self.folder / "engines" / name

    def save(self) -> None:
        """Write back every memo this build used."""
        for memo in self._memos.values():
            memo.save()


class Memo:
    """Results by the hash of their inputs, read from and saved to one file of the cache."""

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self.salt = salt
        self._earlier = _read(path)
        self._used: dict[str, str] = {}

    def get(self, inputs: object, compute: Callable[[], bytes]) -> bytes:
        """Return the result for `inputs` (a repr-stable value), computing it once if new."""
        key = hashlib.sha256(f"{self.salt}\n{inputs!r}".encode()).hexdigest()
        text = self._used.get(key) or self._earlier.get(key)
        if text is None:
            text = base64.b64encode(compute()).decode("ascii")
        self._used[key] = text
        return base64.b64decode(text)

    def save(self) -> None:
        """Write the entries this build used; a failure only costs the next build time."""
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="ascii") as out:
                json.dump(self._used, out, separators=(",", ":"))
            # Atomic: builds sharing the cache each read a whole file, never a half-written one.
            os.replace(tmp, self.path)


def _read(path: Path) -> dict[str, str]:
    """Read a memo file; anything else (missing, damaged, too large) reads as empty."""
    try:
        if path.stat().st_size > LIMIT:
            return {}
        data = json.loads(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
