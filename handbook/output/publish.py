"""Stage builds beside the site folder and swap the new site in atomically."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook.errors import HandbookError
from handbook.i18n.cli import _

STAGE_PREFIX = ".handbook-build-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    return bool(result == 0)


STAMP = ".handbook-site"
"""The file that marks a folder as a site handbook built, so a build may replace it."""
_STAMP_TEXT = "This folder is a site built by handbook; `handbook build` replaces it whole.\n"
_LOCK = ".lock"


def _in_use(folder: Path) -> bool:
    """Say whether a live build holds this staging folder's lock.

    The kernel drops a lock when its process dies, even by SIGKILL, so a folder whose
    lock can be taken is stale, whatever state its build was killed in.
    """
    try:
        fd = os.open(folder / _LOCK, os.O_RDONLY)
    except OSError:
        return False  # no lock file: the build died before taking it, or while cleaning up
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def sweep_stale(parent: Path) -> None:
    """Remove staging folders left by builds that were killed outright."""
    if not parent.is_dir():
        return
    for folder in parent.glob(f"{STAGE_PREFIX}*"):
        if folder.is_dir() and not folder.is_symlink() and not _in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """Give a fresh folder beside `site_dir` (same file system), removed afterwards.

    The folder's path is absolute, so the engine, which reads relative paths from its own
    config file's folder, writes where we look.
    """
    parent = site_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(parent)
        folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=parent))
    except OSError as e:
        raise HandbookError(
            _("cannot create a folder in {folder}: {reason}").format(
                folder=parent, reason=e.strerror
            )
        ) from None
    lock = os.open(folder / _LOCK, os.O_RDONLY | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def stamp(site: Path) -> None:
    """Mark a built site as handbook's, so the next build may replace it."""
    (site / STAMP).write_text(_STAMP_TEXT, encoding="utf-8")


def check_target(
    site_dir: Path, protected: list[Path], *, force: bool = False, verb: str = "build"
) -> None:
    """Refuse to replace a folder that is not a site handbook built (or an empty one).

    Nor one that holds or is inside a `protected` path (firm.yaml, docs/, templates/).
    """
    resolved = site_dir.resolve()
    for path in protected:
        p = path.resolve()
        if resolved == p or p.is_relative_to(resolved):
            # Translators: {verb} is the command, as typed: build, export or deploy.
            message = _("refusing to {verb} into {folder}: it holds {name}")
            raise HandbookError(message.format(verb=verb, folder=site_dir, name=path.name))
        if resolved.is_relative_to(p):  # also when docs/ is not there yet
            raise HandbookError(
                _("refusing to {verb} into {folder}: it is inside {path}").format(
                    verb=verb, folder=site_dir, path=path
                )
            )
    if site_dir.exists():
        if not site_dir.is_dir():
            raise HandbookError(_("{folder} exists and is not a folder").format(folder=site_dir))
        if any(site_dir.iterdir()) and not (site_dir / STAMP).is_file() and not force:
            raise HandbookError(
                _(
                    "{folder} is not empty and was not built by handbook (it has no {stamp} "
                    "file), so building would delete what it holds; choose another --site-dir, "
                    "or pass --force if it is an old site you want replaced"
                ).format(folder=site_dir, stamp=STAMP)
            )


MAX_FILES = 50_000
"""The most files a build may write: ten times what 200 segments in 3 languages need."""
MAX_BYTES = 1_000_000_000
"""GitHub Pages refuses a site over 1 GB."""


def check_output(folder: Path, what: str) -> None:
    """Stop a build whose output passed the file-count or size limit, saying which and why."""
    files = 0
    size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
            if files > MAX_FILES:
                raise HandbookError(_too_many_files(what))
    check_limits(files, size, what)


def check_limits(files: int, size: int, what: str) -> None:
    """Stop a build whose output of `files` files and `size` bytes passed a limit."""
    if files > MAX_FILES:
        raise HandbookError(_too_many_files(what))
    if size > MAX_BYTES:
        raise HandbookError(_too_big(what, size))


def _too_many_files(what: str) -> str:
    """Say that the site (or the staged project) has too many files, and what brings it down."""
    if what == "site":
        text = _(
            "the site has more than {limit:,} files, so it was not built. Each "
            "deadline date gets its own calendar file: fewer deadlines or segments, "
            "or dates further apart, bring it down"
        )
    else:
        text = _(
            "the staged project has more than {limit:,} files, so it was not built. Each "
            "deadline date gets its own calendar file: fewer deadlines or segments, "
            "or dates further apart, bring it down"
        )
    return text.format(limit=MAX_FILES)


def _too_big(what: str, size: int) -> str:
    """Say that the site (or the staged project) is over GitHub Pages' limit."""
    if what == "site":
        text = _(
            "the site is {size:,.0f} MB; GitHub Pages publishes at most {limit:,.0f} MB. "
            "Host big videos elsewhere (a YouTube or Vimeo link)"
        )
    else:
        text = _(
            "the staged project is {size:,.0f} MB; GitHub Pages publishes at most "
            "{limit:,.0f} MB. Host big videos elsewhere (a YouTube or Vimeo link)"
        )
    return text.format(size=size / 1e6, limit=MAX_BYTES / 1e6)


def publish(new_site: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `new_site` so readers see the old site or the new, never half."""
    if not site_dir.exists():
        os.rename(new_site, site_dir)
        return
    if _exchange(new_site, site_dir):
        return  # `new_site` now holds the old site; the staging folder's cleanup removes it.
    # Fallback: two renames; the old site is kept until the new one is in place.
    old = new_site.with_name("previous-site")
    os.rename(site_dir, old)
    try:
        os.rename(new_site, site_dir)
    except OSError:
        with contextlib.suppress(OSError):
            os.rename(old, site_dir)
        raise
