"""What earlier builds computed, kept for the next: the cache folder and its memo files.

The cache folder is `.cache/handbook/handouts/` beside firm.yaml, or `$HANDBOOK_CACHE_DIR`
(a CI cache shared by builds). It holds the rendered PDFs (handouts.py) and a memo file per
kind of slow, pure result: the serialized calendar events and the QR codes. A memo maps a
hash of everything a result depends on (its inputs and the library's version) to the
result, so a stale entry can never be found; each build writes back only the entries it
used, so the file stays the size of one build.
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

CACHE = Path(".cache") / "handbook" / "handouts"
"""The cache folder, relative to the project folder, unless $HANDBOOK_CACHE_DIR is set."""

LIMIT = 64 * 1024 * 1024
"""A memo file larger than this is ignored (and replaced): it was not written by a build."""


def cache_dir(project_root: Path) -> Path:
    """Return the cache folder: $HANDBOOK_CACHE_DIR, else .cache/ in the project."""
    shared = os.environ.get("HANDBOOK_CACHE_DIR")
    return Path(shared) if shared else project_root / CACHE


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
