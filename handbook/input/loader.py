"""Read YAML safely into plain data, keeping the line and column of every key and value.

Every scalar is kept as the text the firm typed (or None when empty), and the typed model
converts it. That is deliberate: YAML 1.1 would silently read `17:00` as 1020, `NO` as
False and `010` as 8. Here `17:00` becomes a time, `NO` stays the country code unless the
field is a yes/no field, and `010` becomes 10 in a number field or "010" in a text field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handbook.errors import InputError, Problem
from handbook.escape import CONTROL
from handbook.i18n.cli import _
from handbook.input.syntax import syntax_problem

PathKey = tuple[str | int, ...]
INCLUDE_TAG = "!include"
"""The tag that puts another file's content in firm.yaml (handbook.input.includes)."""

_NULLS = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    f"{_STANDARD_TAG}{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
MAX_BYTES = 1_000_000
"""The largest firm.yaml read (the demo's is about 100 kB)."""
MAX_VALUES = 50_000
"""The most values (keys, items and texts) a firm.yaml may hold, aliases expanded."""
MAX_DEPTH = 20
"""The deepest nesting of sections and lists (the schema needs 8)."""
MAX_ITEMS = 500
"""The longest list; 200 segments is the largest firm the benchmarks build."""
MAX_SCALAR = 10_000
"""The longest single value in characters; fields have their own, smaller limits."""


@dataclass
class Positions:
    """Line and column (1-based) of each value and each mapping key, by path."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    files: dict[PathKey, str] = field(default_factory=dict)
    """The file of each value read from an included file (handbook.input.includes), by path."""

    def file_of(self, path: PathKey, *, key: bool = False) -> str:
        """Return the file that holds `path` (its key lives in the mapping above it)."""
        probe = tuple(path[:-1] if key else path)
        while probe:
            if probe in self.files:
                return self.files[probe]
            probe = probe[:-1]
        return self.files.get((), self.file)

    def of(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Return the position of `path`, or of its nearest ancestor that has one."""
        return self._find(path, key)[1]

    def _find(self, path: PathKey, key: bool) -> tuple[str, tuple[int, int]]:
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return self.file_of(probe, key=key), table[probe]
            if not key and probe in self.keys:
                return self.file_of(probe, key=True), self.keys[probe]
            probe = probe[:-1]
        return self.file, self.values.get((), (1, 1))

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        """Make a Problem at `path` with its dotted field name, in the file that holds it."""
        file, (line, col) = self._find(path, key)
        return Problem(file, line, col, dotted(path), message)


def dotted(path: PathKey) -> str:
    """Format a path as `segments[2].deadlines[0].day`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class Spliced(list[Any]):
    """The items of the files a glob include matched: a list's item splices them in."""


Include = Callable[[Node, PathKey, "_Builder", bool], Any]
"""Read an `!include` node at a path, for a builder, as a list's item or not (includes.py)."""


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turn a composed YAML node tree into plain data, recording positions and problems."""

    def __init__(
        self, positions: Positions, file: str | None = None, include: Include | None = None
    ) -> None:
        self.positions = positions
        self.file = file or positions.file
        """The file being read: firm.yaml, or a file it includes."""
        self.include = include
        """What reads an `!include` (None: the tag is refused, as in mkdocs.yml)."""
        self.problems: list[Problem] = []
        self.count = 0
        self.open: set[int] = set()
        """The collections being built, to stop an alias cycle (`a: &a [*a]`)."""

    @contextmanager
    def _inside(self, node: Node) -> Iterator[None]:
        self.open.add(id(node))
        try:
            yield
        finally:
            self.open.discard(id(node))

    def build(self, node: Node, path: PathKey, in_list: bool = False) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise InputError(
                [
                    self.positions.problem(
                        path,
                        _(
                            "the file has more than {limit:,} values (anchors and aliases "
                            "count once per use); split long lists or remove repeated aliases"
                        ).format(limit=MAX_VALUES),
                    )
                ]
            )
        self.positions.values.setdefault(path, _mark(node))
        if node.tag == INCLUDE_TAG and self.include is not None:
            return self.include(node, path, self, in_list)
        if node.tag not in _PLAIN_TAGS and node.tag != "!":
            tag = node.tag.replace(_STANDARD_TAG, "!!")
            self.problems.append(
                self.positions.problem(
                    path,
                    _("YAML tag {tag} is not allowed; write a plain value").format(tag=repr(tag)),
                )
            )
            return None
        if isinstance(node, ScalarNode):
            if not node.style and node.value in _NULLS:
                return None
            return self._scalar(node.value, path)
        if id(node) in self.open:
            self.problems.append(
                self.positions.problem(path, _("an alias refers to a value that contains it"))
            )
            return None
        if isinstance(node, SequenceNode):
            if len(node.value) > MAX_ITEMS:
                self.problems.append(
                    self.positions.problem(
                        path,
                        _("a list of {count:,} items; at most {limit} allowed").format(
                            count=len(node.value), limit=MAX_ITEMS
                        ),
                    )
                )
                return None
            with self._inside(node):
                return _sequence(self, node, path)
        if isinstance(node, MappingNode):
            with self._inside(node):
                return self._mapping(node, path)
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def _scalar(self, value: str, path: PathKey) -> str:
        """Keep a text value, or record why it cannot be one."""
        control = CONTROL.search(value)
        if control:
            self.problems.append(
                self.positions.problem(
                    path,
                    _(
                        "contains the control character {code}; "
                        "remove it (retype the text instead of pasting it)"
                    ).format(code=f"U+{ord(control.group()):04X}"),
                )
            )
            return CONTROL.sub("", value)
        if len(value) > MAX_SCALAR:
            self.problems.append(
                self.positions.problem(
                    path,
                    _("{count:,} characters; a value may have at most {limit:,}").format(
                        count=len(value), limit=MAX_SCALAR
                    ),
                )
            )
            return value[:MAX_SCALAR]
        return value

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(self.file, line, col, dotted(path), _("a key must be plain text"))
                )
                continue
            key = key_node.value
            if key == "<<":
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        col,
                        dotted(path),
                        _("merge keys (<<) are not supported; write the values out"),
                    )
                )
                continue
            child: PathKey = (*path, key)
            if key in out:
                first = self.positions.keys[child]
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        col,
                        dotted(child),
                        _("duplicate key; it was already set on line {line}").format(line=first[0]),
                    )
                )
                continue
            self.positions.keys[child] = _mark(key_node)
            out[key] = self.build(value_node, child)
        return out


def _sequence(builder: _Builder, node: SequenceNode, path: PathKey) -> list[Any]:
    """Build a list; an item `!include folder/*.yaml` adds one item per file matched."""
    out: list[Any] = []
    for item in node.value:
        value = builder.build(item, (*path, len(out)), in_list=True)
        if isinstance(value, Spliced):
            out.extend(value)
        else:
            out.append(value)
    return out


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, Positions, list[Problem]]:
    """Load a YAML file: plain data, positions, and problems that did not stop reading."""
    name = display or path.name
    return load_yaml_text(read_text(path, name), name)


def read_text(path: Path, name: str) -> str:
    """Read a YAML file's text, at most MAX_BYTES of UTF-8, or say why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        "",
                        _(
                            "the file is {size:,} bytes; at most {limit:,} are read "
                            "(is this the right file?)"
                        ).format(size=size, limit=MAX_BYTES),
                    )
                ]
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [Problem(name, 1, 1, "", _("file not found; run `handbook init` to start a project"))]
        ) from None
    except UnicodeDecodeError as e:
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    _("not UTF-8 text ({reason}); save the file as UTF-8").format(reason=e.reason),
                )
            ]
        ) from None
    return text


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _too_deep(name: str, line: int, col: int) -> InputError:
    return InputError(
        [
            Problem(
                name,
                line,
                col,
                "",
                _("nested more than {limit} levels deep").format(limit=MAX_DEPTH),
            )
        ]
    )


def _check_shape(text: str, name: str) -> None:
    """Refuse deep nesting and huge files from the event stream, before any tree is built."""
    depth = 0
    for events, event in enumerate(yaml.parse(text, Loader=_LOADER), start=1):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                raise _too_deep(name, line, col)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if events > 4 * MAX_VALUES:
            raise InputError(
                [
                    Problem(
                        name,
                        1,
                        1,
                        "",
                        _("the file has more than {limit:,} values").format(limit=MAX_VALUES),
                    )
                ]
            )


def load_yaml_text(
    text: str, name: str, include: Include | None = None
) -> tuple[Any, Positions, list[Problem]]:
    """Load YAML text: plain data, positions, and problems that did not stop reading.

    Duplicate keys, tags and merge keys are reported but reading goes on (the first value
    of a duplicate key is kept), so one run can report them with every other problem.
    """
    positions = Positions(name)
    node = compose(text, name)
    if node is None:
        return {}, positions, []
    builder = _Builder(positions, include=include)
    data = builder.build(node, ())
    return data, positions, builder.problems


def compose(text: str, name: str) -> Node | None:
    """Parse one YAML document into its node tree (None when empty), within the limits."""
    try:
        _check_shape(text, name)
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.YAMLError as e:
        if getattr(e, "problem", None) == "exceeded maximum nesting depth":  # libyaml's 1,000
            mark = getattr(e, "problem_mark", None)
            raise _too_deep(
                name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1
            ) from None
        raise InputError([syntax_problem(name, text, e)]) from None
    if len(nodes) > 1:
        second = nodes[1]
        line, col = _mark(second) if second is not None else (1, 1)
        raise InputError([Problem(name, line, col, "", _("only one YAML document is allowed"))])
    return nodes[0] if nodes else None
