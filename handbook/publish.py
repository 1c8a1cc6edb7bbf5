"""Stage builds beside the site folder and swap the new site in atomically."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handbook.errors import HandbookError

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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(parent: Path) -> None:
    """Remove staging folders left by builds that were killed outright."""
    if not parent.is_dir():
        return
    for folder in parent.glob(f"{STAGE_PREFIX}*"):
        owner = folder / "pid"
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            pid = 0
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """Give a fresh folder beside `site_dir` (same file system), removed afterwards."""
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(parent)
    folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=parent))
    (folder / "pid").write_text(str(os.getpid()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_target(site_dir: Path, protected: list[Path]) -> None:
    """Refuse to replace a folder that is not a site handbook built (or an empty one)."""
    resolved = site_dir.resolve()
    for path in protected:
        p = path.resolve()
        if resolved == p or p.is_relative_to(resolved):
            raise HandbookError(f"refusing to build into {site_dir}: it holds {path.name}")
        if p.is_dir() and resolved.is_relative_to(p):
            raise HandbookError(f"refusing to build into {site_dir}: it is inside {path}")
    if site_dir.exists():
        if not site_dir.is_dir():
            raise HandbookError(f"{site_dir} exists and is not a folder")
        if any(site_dir.iterdir()) and not (site_dir / "index.html").is_file():
            raise HandbookError(
                f"{site_dir} is not empty and holds no built site (no index.html); "
                "choose another --site-dir or empty it"
            )


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
