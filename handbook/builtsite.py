"""What a site was built from, so the next build keeps the languages that did not change.

A language staged byte for byte as it was for the site a build replaces, by the same engine
(and version) for the same date, has the same tree: the build moves that tree into the new
site (output/languagetrees.py) and the engine builds only the other languages.

`serve` remembers what its preview was built from, in a folder only it writes. `handbook
build` writes into the project's site folder, where a checkout or an editor can put
anything, so it trusts that folder only as far as a sealed record in the cache (`site.json`
in `engines/<engine>/`) says: the record lists every file the last build published there,
each with its size, modification and change times and inode. The site is used only if it
holds exactly those files, each a regular file as recorded (a file written since has a new
change time, a file added is not in the record); otherwise every language is built. The
record is removed before a build publishes and written after, so a build stopped in between
leaves none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from handbook.calendar.today import epoch_of
from handbook.memo import Cache
from handbook.stage import Staged
from handbook.stagekeys import code_digest

ENGINE_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "properdocs", "zensical", "markdown")
"""The distributions whose version can change what the engine makes of a staged project."""

RECORD = "site.json"

Stat = list[int]
"""A published file as the record keeps it: size, modification and change times (ns), inode."""


@dataclass(frozen=True)
class BuiltSite:
    """What a site was built from: the engine, the date (epoch), each language's staging."""

    engine: str
    epoch: int
    trees: dict[str, str]
    """Each language's staged project (StagedLanguage.fingerprint), by its folder ("", "es")."""

    @classmethod
    def of(cls, staged: Staged, engine: str, today: dt.date) -> BuiltSite:
        """Return what a build that staged `staged` built its site from."""
        return cls(engine, epoch_of(today), staged.trees)

    def unchanged(
        self, staged: Staged, engine: str, epoch: int, site_dir: Path
    ) -> dict[str, list[str]]:
        """Return the languages staged now as they were for the site in `site_dir`, each with
        the language folders that site has (for output.languagetrees)."""
        if (engine, epoch) != (self.engine, self.epoch) or not site_dir.is_dir():
            return {}
        before = [root for root in self.trees if root]
        return {
            root: before
            for root, tree in staged.trees.items()
            if tree and self.trees.get(root) == tree
        }


def recorded(cache: Cache, engine: str, site_dir: Path) -> BuiltSite | None:
    """Return what the site in `site_dir` was built from, if the record vouches for all of it."""
    folder = cache.engine(engine)
    data = cache.read(folder / RECORD) if folder else None
    if data is None:
        return None
    try:
        record = json.loads(data)
        if record["site"] != str(site_dir.resolve()) or record["code"] != _code():
            return None
        built = BuiltSite(**record["built"])
        files: dict[str, Stat] = record["files"]
    except (ValueError, KeyError, TypeError):
        return None
    return built if files_of(site_dir) == files else None


def forget(cache: Cache, engine: str) -> None:
    """Remove the record before the site it describes is replaced."""
    folder = cache.engine(engine)
    if folder is not None:
        with contextlib.suppress(FileNotFoundError):
            (folder / RECORD).unlink()


def record(
    cache: Cache, engine: str, site_dir: Path, built: BuiltSite, published: dict[str, Stat]
) -> None:
    """Record the site just published in `site_dir`, its `files`, and what it was built from.

    `published` are its files as `files` read them before it was moved into place: a rename
    of the folder that holds them changes none of their stats.
    """
    folder = cache.engine(engine)
    if folder is None:
        return
    data = {"site": str(site_dir.resolve()), "code": _code(), "built": asdict(built)}
    cache.write(folder / RECORD, json.dumps({**data, "files": published}).encode("utf-8"))


def files_of(site_dir: Path) -> dict[str, Stat] | None:
    """Return every file under `site_dir` with its stat; None if anything is not a regular
    file or a real folder (a link leads outside what was published)."""
    files: dict[str, Stat] = {}
    folders = [""]
    while folders:
        relative = folders.pop()
        try:
            entries = list(os.scandir(site_dir / relative))
        except OSError:
            return None
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            info = entry.stat(follow_symlinks=False)
            if S_ISDIR(info.st_mode):
                folders.append(path)
            elif S_ISREG(info.st_mode):
                files[path] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            else:
                return None
    return files


def _code() -> str:
    """Return what, besides the staged project, shapes the site: handbook and the engines."""
    versions = []
    for name in ENGINE_DISTRIBUTIONS:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} -")
    return f"{code_digest()} {', '.join(versions)}"
