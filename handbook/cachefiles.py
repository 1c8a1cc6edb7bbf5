"""The cache's files, never through a link: read, write and prune them; its folder and key.

Each file is opened with O_NOFOLLOW and used only if it is a regular file; a file is written
through a new one renamed into place, so a link in its place is replaced, never written
through; pruning unlinks regular files only. Why the cache needs this: memo.py.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LIMIT = 64 * 1024 * 1024
"""A cached file larger than this is ignored (and replaced): it was not written by a build."""

SEAL = 32
"""The bytes of the HMAC-SHA256 at the end of each sealed file, and of the key."""


def _(message: str) -> str:
    """Mark a terminal message: handbook.i18n is a layer above, so build.py translates it."""
    return message


UNUSED = _("{path} in the cache is not used ({problem}).")

Warn = Callable[..., None]


def read_file(path: Path, touch: bool, warn: Warn) -> bytes | None:
    """Read a regular file without following a link; None (and a warning) for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as e:
        problem = _("a symbolic link") if e.errno == errno.ELOOP else e.strerror or str(e)
        warn(UNUSED, path=str(path), problem=problem)
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > LIMIT:
            warn(UNUSED, path=str(path), problem=_("not a file a build wrote"))
            return None
        with open(fd, "rb", closefd=False) as file:
            data = file.read()
        if touch:
            with contextlib.suppress(OSError):
                os.utime(fd)
    except OSError as e:
        warn(UNUSED, path=str(path), problem=e.strerror or str(e))
        return None
    finally:
        os.close(fd)
    return data


def write_file(path: Path, data: bytes) -> str | None:
    """Write a file through a new one renamed into place; return what failed, or None."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        # Atomic: builds sharing the cache each read a whole file, never a half-written one;
        # a link in `path`'s place is replaced, never written through.
        os.replace(tmp, path)
    except OSError as e:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return e.strerror or str(e)
    return None


def prune(folder: Path, suffix: str, days: int) -> None:
    """Remove the files ending in `suffix` that no build has used for `days` days.

    Only regular files: a link is never followed, and a folder is never entered.
    """
    oldest = time.time() - days * 86400
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):  # another build pruned it first
                if (
                    entry.name.endswith(suffix)
                    and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < oldest
                ):
                    os.unlink(entry.path)


def make_own_folder(folder: Path) -> str | None:
    """Make the cache folder if new; return why it cannot be used, or None."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    except OSError as e:
        return e.strerror or str(e)
    problem = not_a_folder(folder)
    if problem:
        return problem
    info = folder.lstat()
    if info.st_uid != os.getuid():
        return _("it belongs to another user")
    if info.st_mode & stat.S_IWOTH:
        return _("everyone may write in it")
    return None


def not_a_folder(folder: Path) -> str | None:
    """Return why `folder` is not a real folder (a link, a file, missing), or None."""
    try:
        mode = folder.lstat().st_mode
    except OSError as e:
        return e.strerror or str(e)
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if not stat.S_ISDIR(mode):
        return _("not a folder")
    return None


def key_of(folder: Path) -> bytes | None:
    """Read the cache folder's key, or make it: 32 random bytes only this user may read."""
    path = folder / "key"
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            _make_key(path)
            continue
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            key = os.read(fd, SEAL + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        return key if len(key) == SEAL else None
    return None


def _make_key(path: Path) -> None:
    """Write a new key whole: two builds making it at once both end up reading the same one."""
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key.")  # mode 0600
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(SEAL))
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # never replaces a key another build made
        os.unlink(tmp)
