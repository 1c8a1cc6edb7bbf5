"""What earlier builds computed, kept for the next: the cache folder, its memos and files.

Where: `$HANDBOOK_CACHE_DIR` if set (a CI cache shared by builds), else a folder of the
project's own in the user's cache folder (platformdirs: `~/.cache/handbook/<name>-<hash>/`
on Linux, the project folder's name and a hash of its resolved path). Never in the project
folder: a repository can commit anything there (`git add -f .cache`), and nothing in it that
the firm did not write is an input. A `.cache/handbook/` found there, where handbook kept its
cache before, is not read (a warning says it can be deleted), and a `$HANDBOOK_CACHE_DIR`
inside the project folder is not used either, for the same reason: a checkout can fill it.

Links: the cache folder and each folder handbook makes in it must be real folders, the cache
folder the user's own and not writable by everyone; a file is opened without following a
link (O_NOFOLLOW) and used only if it is a regular file; pruning unlinks only regular files.
Anything else is left alone and not used, with a warning, and the build goes on without it.
So does a build whose cache cannot be read or written (a read-only disk, a file it may not
open): a cache only ever saves time, it never stops a build.

Seals: a memo maps a hash of everything a result depends on (its inputs and the library's
version) to the result, so a stale entry can never be found; but anyone can compute that
hash, so a forged file could give the right key a wrong result (a QR code that opens another
site, a calendar event with an alarm). Each memo file and cached PDF therefore ends with an
HMAC-SHA256 of its content under a random key (`key`, 0600) that the cache folder's first
build writes: a file that this folder's builds did not write does not verify, and what it
held is computed again. Sealing and checking the demo's 1.8 MB costs 2-3 ms a build, where
computing its events again costs 0.4 to 0.8 s and its QR codes 70 ms. A CI cache carries its
key with it, and is trusted as far as whoever can write it (that is, as the workflow). What
Zensical keeps (`engines/zensical/`) is Zensical's to read: it is trusted by where it is, not
sealed. The staged project kept beside it (`engines/<engine>/project/`) is checked file by
file against its sealed manifest (kepttree.py).
Each build writes back only the memo entries it used, so a memo stays the size of one build.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from handbook.cachefiles import (
    SEAL,
    UNUSED,
    _,
    key_of,
    make_own_folder,
    not_a_folder,
    read_file,
    write_file,
)

OLD_CACHE = Path(".cache") / "handbook"
"""Where the cache was, in the project folder: now never read."""

Warning = tuple[str, dict[str, str]]
"""A message for the terminal (English, with placeholders) and its values."""


@dataclass(frozen=True)
class Kept:
    """What a cache learned in a forked worker: each memo's entries used, its warnings."""

    used: dict[str, tuple[str, dict[str, str]]]
    warnings: list[Warning]
    unsealed: int


class Cache:
    """The cache folder of one build: its memos, and a folder per kind of kept file.

    `folder` None: a build without a cache, which computes everything and keeps nothing.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.warnings: list[Warning] = []
        self._memos: dict[str, Memo] = {}
        self._folders: dict[tuple[str, ...], Path | None] = {}
        self._key: bytes | None = None
        self._unsealed = 0

    @classmethod
    def of(cls, project_folder: Path) -> Cache:
        """Return the cache of a project: $HANDBOOK_CACHE_DIR, else one in the user's cache."""
        project = project_folder.resolve()
        folder = default_folder(project)
        cache = cls(None)
        shared = os.environ.get("HANDBOOK_CACHE_DIR")
        if shared and Path(shared).resolve().is_relative_to(project):
            cache.warn(
                _(
                    "$HANDBOOK_CACHE_DIR ({chosen}) is inside the project folder, where a "
                    "repository can put files, so it is not used: the cache is in {folder}."
                ),
                chosen=shared,
                folder=str(folder),
            )
        elif shared:
            folder = Path(shared).absolute()
        old = project / OLD_CACHE
        if os.path.lexists(old):
            cache.warn(
                _("{old} is no longer read (the cache is now in {folder}); you can delete it."),
                old=str(old),
                folder=str(folder),
            )
        cache.folder = cache.usable(folder, make_own_folder(folder))
        return cache

    def usable(self, folder: Path | None, problem: str | None) -> Path | None:
        """Return `folder`, or None with a warning if there is a `problem` with it."""
        if problem:
            self.warn(
                _("The cache folder {folder} is not used ({problem}): nothing is reused."),
                folder=str(folder),
                problem=problem,
            )
            return None
        return folder

    def memo(self, name: str, salt: str) -> Memo:
        """Return the memo `<name>.json`, the same object each time in one build."""
        if name not in self._memos:
            path = self.folder / f"{name}.json" if self.folder else None
            self._memos[name] = Memo(self, path, salt)
        return self._memos[name]

    @property
    def handouts(self) -> Path | None:
        """Return the folder of rendered PDF handouts (None: none is kept)."""
        return self.subfolder("handouts")

    def engine(self, *parts: str) -> Path | None:
        """Return the folder a site engine keeps between builds (None: none is kept)."""
        return self.subfolder("engines", *parts)

    def subfolder(self, *parts: str) -> Path | None:
        """Make (once) and return a folder inside the cache, or None if one on the way is not
        a real folder (a link, a file): what it holds is then neither read nor written."""
        if parts not in self._folders:
            folder = self.folder
            for part in parts:
                if folder is None:
                    break
                folder = folder / part
                with contextlib.suppress(OSError):  # one that exists is checked below
                    folder.mkdir(mode=0o700)
                problem = not_a_folder(folder)
                if problem:
                    self.warn(UNUSED, path=str(folder), problem=problem)
                    folder = None
            self._folders[parts] = folder
        return self._folders[parts]

    def read(self, path: Path, *, touch: bool = False) -> bytes | None:
        """Return a sealed file's content, or None if missing, not a regular file or not
        sealed by this cache's key. `touch`: mark it used, for pruning."""
        key = self.key()
        data = read_file(path, touch, self.warn)
        if data is None or key is None:
            return None
        content, seal = data[:-SEAL], data[-SEAL:]
        if len(data) < SEAL or not hmac.compare_digest(seal, hmac.digest(key, content, "sha256")):
            self._unsealed += 1
            return None
        return content

    def write(self, path: Path, data: bytes) -> None:
        """Write a sealed file whole (a stopped build never leaves half of one); a failure
        is a warning: the next build computes it again."""
        key = self.key()
        if key is None:
            return
        problem = write_file(path, data + hmac.digest(key, data, "sha256"))
        if problem:
            self.warn(
                _(
                    "Could not write {path} in the cache ({problem}): "
                    "the next build makes it again."
                ),
                path=str(path),
                problem=problem,
            )

    def key(self) -> bytes | None:
        """Return the cache's secret key, made by its first build (None: no cache)."""
        if self._key is None and self.folder is not None:
            self._key = key_of(self.folder)
            if self._key is None:
                self.folder = self.usable(self.folder, _("its key cannot be read or made"))
        return self._key

    def warn(self, message: str, **values: str) -> None:
        """Keep a warning for the build to print, once."""
        if (message, values) not in self.warnings:
            self.warnings.append((message, values))

    def report(self) -> list[Warning]:
        """Return the warnings of this build so far, and forget them."""
        if self._unsealed:
            self.warn(
                _(
                    "{count} files in the cache folder {folder} were not written by its builds "
                    "(they do not carry its key's seal): they were made again."
                ),
                count=str(self._unsealed),
                folder=str(self.folder),
            )
            self._unsealed = 0
        warnings, self.warnings = self.warnings, []
        return warnings

    def save(self) -> None:
        """Write back every memo this build used."""
        for memo in self._memos.values():
            memo.save()


def kept(cache: Cache) -> Kept:
    """Return what a cache learned in this process: for the build that forked it."""
    used = {name: (memo.salt, dict(memo._used)) for name, memo in cache._memos.items()}
    return Kept(used, list(cache.warnings), cache._unsealed)


def merge(cache: Cache, learned: Kept) -> None:
    """Add what a forked worker's copy of `cache` learned (see `kept`)."""
    for name, (salt, used) in learned.used.items():
        cache.memo(name, salt)._used.update(used)
    for message, values in learned.warnings:
        cache.warn(message, **values)
    cache._unsealed = max(cache._unsealed, learned.unsealed)


class Memo:
    """Results by the hash of their inputs, read from and saved to one file of the cache."""

    def __init__(self, cache: Cache, path: Path | None, salt: str) -> None:
        self.cache = cache
        self.path = path
        self.salt = salt
        self._earlier = _entries(cache.read(path)) if path else {}
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
        """Write the entries this build used."""
        if self.path is not None:
            data = json.dumps(self._used, separators=(",", ":")).encode("ascii")
            self.cache.write(self.path, data)


def default_folder(project: Path) -> Path:
    """Return the project's cache folder in the user's cache: its name and a path hash."""
    digest = hashlib.sha256(os.fsencode(project)).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", project.name).strip(".-")[:40] or "project"
    return Path(platformdirs.user_cache_dir("handbook", appauthor=False)) / f"{name}-{digest}"


def _entries(data: bytes | None) -> dict[str, str]:
    """Read a memo file's entries; anything else (missing, damaged) reads as empty."""
    if data is None:
        return {}
    try:
        entries = json.loads(data.decode("ascii"))
    except ValueError:
        return {}
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, str)}
