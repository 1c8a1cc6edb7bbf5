"""firm.yaml in several files: `!include PATH` puts another YAML file's content in its place.

The one way to split firm.yaml: the tag `!include` as a value, anywhere a value goes.

- `deadlines: !include deadlines.yaml`: the value is that file's whole content (a list here).
- `segments: !include segments/*.yaml`: a pattern (`*`, `?`, `[...]` in the file name only)
  gives a list, one item per matched file, in the order of their names.
- `- !include segments/*.yaml` as an item of a list adds one item per file in its place, so
  `segments: [!include segments/main.yaml, !include segments/more/*.yaml]` orders some.
- Where a file stands for items of a list (a pattern, or an include as a list's item), a
  file that holds a list adds all its items: `deadlines: !include deadlines/*.yaml` with one
  file of deadlines per segment gives one list of them all. A list of lists is never a
  value in firm.yaml, so this reading is never ambiguous.

Every path in firm.yaml and in the files it includes is relative to firm.yaml's folder (the
project folder), include paths too: one rule for every path, and a file moved to another
folder keeps its image paths. A path must stay in the project folder (no `..`, no absolute
path, no drive), name a regular `.yaml` or `.yml` file (no symbolic link on its way), and
the files a pattern matches are read the same way. An included file may include others, to
MAX_CHAIN files deep, never one that includes it (a cycle). Each file is read within the
limits of one firm.yaml (loader.py: size, depth, values, list length); all files together
within MAX_FILES files, MAX_TOTAL_BYTES and MAX_TOTAL_VALUES. mkdocs.yml has no includes.

A problem in an included file is said at its place there (`segments/tax.yaml:3:7:
segments[1].name: ...`): each value keeps the file it was read from (Positions.files).

Texts stay side by side in their languages (`name: {en: ..., es: ...}`), in whatever file
holds them: there is no file per language, because a sentence and its translation in two
files drift apart, and a missing translation is an error at the text's own line.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from handbook.errors import InputError, Problem
from handbook.i18n.cli import _
from handbook.input.loader import (
    MAX_VALUES,
    PathKey,
    Positions,
    Spliced,
    _Builder,
    compose,
    dotted,
    load_yaml_text,
    read_text,
)
from handbook.input.projectfiles import refusal

MAX_FILES = 1_000
"""The most files firm.yaml and its includes may be (60 segments in 3 files each is 180)."""
MAX_TOTAL_BYTES = 20_000_000
"""The most bytes of all the files together (each file is at most loader.MAX_BYTES)."""
MAX_TOTAL_VALUES = 20 * MAX_VALUES
"""The most values of all the files together (each file holds at most loader.MAX_VALUES)."""
MAX_CHAIN = 8
"""The longest chain of files including one another (firm.yaml > segments/x.yaml is 2)."""
DEADLINES_PER_FILE = 200
"""The most deadlines one file may hold, whatever the firm holds in all.

A firm's deadlines are bounded by the work they make (budget.py); a file of 201 is still
refused, as one file sized for a person to edit.
"""
SUFFIXES = (".yaml", ".yml")
_GLOB = frozenset("*?[")


class Includes:
    """Read the `!include`s of one firm.yaml, keeping every file read and the totals."""

    def __init__(self, config_file: Path) -> None:
        self.root = config_file.resolve().parent
        self.read: list[Path] = [config_file]
        """Every file read, firm.yaml first, in reading order (what `serve` watches)."""
        self.chain: list[Path] = [config_file.resolve()]
        self.bytes = 0
        self.values = 0

    def __call__(self, node: Node, path: PathKey, builder: _Builder, in_list: bool) -> Any:
        """Return the content of the file(s) an `!include` names, built at `path`."""
        line, col = node.start_mark.line + 1, node.start_mark.column + 1

        def here(message: str) -> InputError:
            # The include's own mistakes are said where the tag is, in the including file.
            return InputError([Problem(builder.file, line, col, dotted(path), message)])

        builder.positions.values.pop(path, None)
        pattern = node.value.strip() if isinstance(node, ScalarNode) else ""
        if not pattern:
            raise here(_("!include needs a file path, e.g. !include segments/tax.yaml"))
        if why := _bad_pattern(pattern):
            raise here(why)
        if not _GLOB & set(pattern) and not in_list:
            return self._file(pattern, path, here, builder)
        items = Spliced() if in_list else []
        start = path[-1] if in_list and isinstance(path[-1], int) else 0
        base = path[:-1] if in_list else path
        files = self._matches(pattern, here) if _GLOB & set(pattern) else [pattern]
        for file in files:
            value = self._file(file, (*base, start + len(items)), here, builder, splice=True)
            _add(items, value)
        return items

    def _matches(self, pattern: str, here: Callable[[str], InputError]) -> list[str]:
        """Return the project files a pattern matches, by name, at most MAX_FILES."""
        folder, _sep, name = pattern.rpartition("/")
        if _GLOB & set(folder):
            raise here(
                _("!include {path}: * ? [ ] may stand in the file name only").format(
                    path=repr(pattern)
                )
            )
        target = self.root / folder
        probe = self.root
        for part in Path(folder).parts:
            probe = probe / part
            if probe.is_symlink():
                raise here(
                    _(
                        "{path} is a symbolic link; put the file itself in the project folder"
                    ).format(path=probe.relative_to(self.root).as_posix())
                )
        if not target.is_dir():
            raise here(
                _("folder {path} not found (paths are relative to firm.yaml's folder)").format(
                    path=repr(folder)
                )
            )
        found: list[str] = []
        with os.scandir(target) as entries:
            for entry in entries:
                if fnmatch.fnmatchcase(entry.name, name):
                    found.append(f"{folder}/{entry.name}" if folder else entry.name)
                    if len(found) > MAX_FILES:
                        raise here(
                            _(
                                "!include {path} matches more than {limit:,} files; "
                                "a firm is at most {limit:,} files"
                            ).format(path=repr(pattern), limit=MAX_FILES)
                        )
        return sorted(found)

    def _file(
        self,
        relative: str,
        path: PathKey,
        here: Callable[[str], InputError],
        builder: _Builder,
        splice: bool = False,
    ) -> Any:
        """Read one included file and build its content at `path`.

        With `splice` (the file is items of a list), a file that holds a list gives its
        items, built from `path`'s index on, as a Spliced list.
        """
        if why := _refused(self, relative):
            raise here(why)
        file = self.root / relative
        self.read.append(file)
        text = read_text(file, relative)
        self.bytes += len(text.encode("utf-8"))
        if self.bytes > MAX_TOTAL_BYTES:
            raise here(
                _("firm.yaml and the files it includes are over {limit:,} bytes together").format(
                    limit=MAX_TOTAL_BYTES
                )
            )
        node = compose(text, relative)
        builder.positions.files[path] = relative
        if node is None:
            builder.positions.values[path] = (1, 1)
            return None
        inner = _Builder(builder.positions, relative, self)
        self.chain.append(file.resolve())
        try:
            if splice and isinstance(node, SequenceNode):
                value = _items(inner, node, path)
            else:
                value = inner.build(node, path)
        finally:
            self.chain.pop()
        builder.problems += inner.problems
        self.values += inner.count
        if self.values > MAX_TOTAL_VALUES:
            raise here(
                _("firm.yaml and the files it includes hold over {limit:,} values together").format(
                    limit=MAX_TOTAL_VALUES
                )
            )
        return value


def _refused(includes: Includes, relative: str) -> str | None:
    """Say why a file may not be included from where the includes are now, or None."""
    if why := refusal(includes.root, relative):
        return why
    if (includes.root / relative).resolve() in includes.chain:
        return _("{path} includes itself (through the files it includes); remove the cycle").format(
            path=repr(relative)
        )
    if len(includes.chain) >= MAX_CHAIN:
        return _("{path}: files include one another more than {limit} deep").format(
            path=repr(relative), limit=MAX_CHAIN
        )
    if len(includes.read) >= MAX_FILES:
        return _("more than {limit:,} files are included; merge some").format(limit=MAX_FILES)
    return None


def _items(inner: _Builder, node: SequenceNode, path: PathKey) -> Spliced:
    """Build a file's list as items of the including list, from `path`'s index on."""
    *base, start = path
    assert isinstance(start, int)
    items = Spliced()
    for item in node.value:
        at = (*base, start + len(items))
        inner.positions.files[at] = inner.file or ""
        _add(items, inner.build(item, at, in_list=True))
    return items


def _add(items: list[Any], value: Any) -> None:
    """Add a value to a list: the items of a Spliced one, else the value itself."""
    if isinstance(value, Spliced):
        items.extend(value)
    else:
        items.append(value)


def _bad_pattern(pattern: str) -> str | None:
    """Say why an include path is not a project path of a YAML file, or None."""
    parts = pattern.split("/")
    if pattern.startswith("/") or ":" in pattern or "\\" in pattern or {"..", ""} & set(parts):
        return _(
            "!include {path}: write a path relative to firm.yaml's folder, without .. or a "
            "drive, e.g. segments/tax.yaml"
        ).format(path=repr(pattern))
    if "**" in pattern or not pattern.lower().endswith(SUFFIXES):
        return _("!include {path}: only .yaml or .yml files can be included").format(
            path=repr(pattern)
        )
    return None


def load_firm_yaml(
    config_file: Path, includes: Includes | None = None
) -> tuple[Any, Positions, list[Problem]]:
    """Load firm.yaml and the files it includes: data, positions, problems that did not stop."""
    includes = includes or Includes(config_file)
    name = config_file.name
    text = read_text(config_file, name)
    includes.bytes += len(text.encode("utf-8"))
    return load_yaml_text(text, name, includes)


def firm_files(config_file: Path) -> list[Path]:
    """Return firm.yaml and every file it includes that could be found, even if one is wrong."""
    includes = Includes(config_file)
    with contextlib.suppress(InputError):
        load_firm_yaml(config_file, includes)
    return [p for p in includes.read if p.exists()]


def crowded_files(data: dict[str, Any], positions: Positions) -> list[Problem]:
    """Say which file holds more deadlines than one file may (DEADLINES_PER_FILE)."""
    deadlines = data.get("deadlines")
    if not isinstance(deadlines, list):
        return []
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for i in range(len(deadlines)):
        file = positions.file_of(("deadlines", i))
        first.setdefault(file, i)
        count[file] = count.get(file, 0) + 1
    problems = []
    for file, n in count.items():
        if n > DEADLINES_PER_FILE:
            message = _(
                "{file} holds {count:,} deadlines; one file holds at most {limit:,}: move "
                "some into another file with !include"
            ).format(file=file, count=n, limit=DEADLINES_PER_FILE)
            line, col = positions.of(("deadlines", first[file]))
            problems.append(Problem(file, line, col, "deadlines", message))
    return problems
