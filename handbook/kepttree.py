"""A language's staged project kept between builds: each file written only when it changed.

A build stages each language into the folder the last build staged it in (in the cache,
beside the engine's), and a manifest (`staged-<language>.json`, sealed like every memo)
says what that build left there: each file's size, modification time and digest, and each
segment's files and warnings under the key of everything they were made from (stagekeys.py).

- A segment whose key is the manifest's, and whose files are all there as they were
  written, is not rendered again: its files stay as they are.
- Any other file is compared with what the last build wrote, and written only if its bytes
  differ. A file the last build wrote and this one does not is deleted.
- The manifest is removed before anything is written and saved when staging is done, so a
  build that stops halfway leaves none. Without a manifest that verifies (a first build, a
  stopped one, another cache key) the folder is emptied first: what is in it is not known.

A kept file is used only if it is a regular file (not a link) whose size, modification and
change times and inode are the ones the sealed manifest records: anything else is written
again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from handbook.memo import Cache

Recorded = tuple[int, int, int, int, str]
"""A file as the build left it: size, modification and change times (ns), inode, and the
digest of its bytes."""


@dataclass
class Unit:
    """The files one segment staged, and its warnings, under the key of what made them."""

    key: str
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class KeptTree:
    """The staged project of one language: what the last build left, what this one writes."""

    folder: Path
    earlier: dict[str, Recorded] = field(default_factory=dict)
    earlier_units: dict[str, Unit] = field(default_factory=dict)
    files: dict[str, Recorded] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    written: int = 0
    _checked: set[Path] = field(default_factory=set)

    @classmethod
    def fresh(cls, folder: Path) -> KeptTree:
        """Stage into a new, empty folder: nothing is reused."""
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder)

    @classmethod
    def open(cls, folder: Path, cache: Cache, manifest: Path) -> KeptTree:
        """Take the folder the last build staged in, with what its manifest says is there."""
        data = cache.read(manifest)
        try:
            manifest.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            data = None
        earlier = _parsed(data)
        if earlier is None:
            if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
                folder.unlink()
            elif folder.exists():  # not known: emptied (rmtree never follows a link)
                shutil.rmtree(folder)
            return cls.fresh(folder)
        if folder.is_symlink():
            folder.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder, earlier[0], earlier[1])

    def reuse(self, name: str, key: str) -> list[str] | None:
        """Keep segment `name`'s files if `key` made them and they are intact; its warnings."""
        unit = self.earlier_units.get(name)
        if unit is None or unit.key != key:
            return None
        if not all(self._intact(path) for path in unit.files):
            return None
        for path in unit.files:
            self.files[path] = self.earlier[path]
        self.units[name] = unit
        return unit.warnings

    def start(self, name: str, key: str) -> Unit:
        """Begin segment `name`'s files, made from `key`: write them with `unit=name`."""
        self.units[name] = Unit(key)
        return self.units[name]

    def write(self, path: str, data: bytes, unit: str | None = None) -> None:
        """Stage `data` at `path` (relative to the folder), unless the same bytes are there."""
        digest = _digest(data)
        if unit is not None:
            self.units[unit].files.append(path)
        known = self.files.get(path)
        if known is not None and known[-1] == digest:
            return  # the same file from two segments: a deadline both name
        before = self.earlier.get(path)
        if before is not None and before[-1] == digest and self._intact(path):
            self.files[path] = before
            return
        target = self._inside(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[path] = _recorded(os.lstat(target), digest)
        self.written += 1

    def copy(self, source: Path, path: str) -> None:
        """Stage a copy of the file `source` at `path`."""
        self.write(path, source.read_bytes())

    def fingerprint(self) -> str:
        """Return a digest of every file staged, path and bytes: equal trees, equal sites."""
        h = hashlib.sha256()
        for path, recorded in sorted(self.files.items()):
            h.update(f"{path}\0{recorded[-1]}\n".encode())
        return h.hexdigest()

    def paths(self) -> list[str]:
        """Return every file staged so far, relative to the folder."""
        return list(self.files)

    def finish(self, cache: Cache, manifest: Path | None) -> None:
        """Delete what the last build staged and this one did not; save the manifest."""
        for path in sorted(self.earlier.keys() - self.files.keys()):
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                self._inside(path).unlink()
            for parent in Path(path).parents[:-1]:  # the folders it leaves empty go too
                try:
                    (self.folder / parent).rmdir()
                except OSError:
                    break
        if manifest is not None:
            cache.write(manifest, _serialized(self.files, self.units))

    def _inside(self, path: str) -> Path:
        """Return where `path` is, once each folder on the way is known to be a real folder.

        A link in the kept tree (only someone who can write the cache puts one there) is
        removed, so that nothing is written or deleted outside the folder through it.
        """
        target = self.folder / path
        for parent in reversed(Path(path).parents[:-1]):
            if parent in self._checked:
                continue
            folder = self.folder / parent
            if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
                folder.unlink()
            self._checked.add(parent)
        return target

    def _intact(self, path: str) -> bool:
        """Tell whether the file at `path` is the regular file the last build left there.

        Its size, times and inode must be the ones recorded: a file written since, or set
        back to its old modification time, has a new change time (ctime), which no one but
        the kernel sets. A cache restored from an archive has new ones too: it is written again.
        """
        recorded = self.earlier.get(path)
        if recorded is None:
            return False
        try:
            stat = os.lstat(self.folder / path)
        except OSError:
            return False
        return S_ISREG(stat.st_mode) and _recorded(stat, recorded[-1]) == recorded


def _recorded(stat: os.stat_result, digest: str) -> Recorded:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, digest)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _serialized(files: dict[str, Recorded], units: dict[str, Unit]) -> bytes:
    data = {
        "files": files,
        "units": {n: [u.key, u.files, u.warnings] for n, u in units.items()},
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _parsed(data: bytes | None) -> tuple[dict[str, Recorded], dict[str, Unit]] | None:
    """Read a manifest; anything but one this module wrote reads as None."""
    if data is None:
        return None
    try:
        raw = json.loads(data.decode("utf-8"))
        files = {
            str(p): (int(s), int(m), int(c), int(i), str(d))
            for p, (s, m, c, i, d) in raw["files"].items()
        }
        units = {
            str(name): Unit(str(key), [str(p) for p in paths], [str(w) for w in warnings])
            for name, (key, paths, warnings) in raw["units"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if any(path not in files for unit in units.values() for path in unit.files):
        return None
    if any(_outside(path) for path in files):
        return None
    return files, units


def _outside(path: str) -> bool:
    """Tell whether a manifest's path could lead out of the folder (only a forged one does).

    Strings, not Path objects: a manifest holds thousands of paths, and this is read each build.
    """
    parts = path.split("/")
    return not path or path.startswith("/") or "\0" in path or ".." in parts or "" in parts
