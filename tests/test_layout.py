"""The package's shape: layers that import only downward, modules a reader can hold, and
every library it imports declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "handbook"

LAYERS = [
    {
        "errors",
        "progress",
        "escape",
        "scoped",
        "urls",
        "memo",
        "cachefiles",
        "compiled",
        "kepttree",
        "pins",
        "__init__",
    },
    {"i18n"},
    {"model"},
    {"input"},
    {"calendar"},
    {"pages"},
    {"output"},
    {"engines"},
    {"project", "stage", "stagekeys", "stagefiles", "builtsite", "build"},
    {"commands", "__main__"},
]
"""The layers of handbook, bottom first: a module may import its own layer and those below."""

LIMITS = {"module": 400, "class": 150, "function": 60}
"""Lines a reader can hold (README, "Architecture")."""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _unit(path: Path) -> str:
    """Name the layer unit of a module: its subpackage, or its own name at the top."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _layer(unit: str) -> int:
    for i, units in enumerate(LAYERS):
        if unit in units:
            return i
    raise AssertionError(f"handbook/{unit} is in no layer of LAYERS")


def _imports(path: Path) -> list[tuple[int, str]]:
    """List the handbook units a module imports, with their lines (TYPE_CHECKING ones too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "handbook":
                continue
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:
                found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "handbook" and len(parts) > 1:
                    found.append((node.lineno, parts[1]))
    return found


def test_every_module_is_in_a_layer() -> None:
    for path in _modules():
        _layer(_unit(path))


def test_no_import_runs_upward() -> None:
    upward = []
    for path in _modules():
        unit = _unit(path)
        for line, imported in _imports(path):
            if imported == "__version__":
                continue
            if _layer(imported) > _layer(unit):
                upward.append(f"{path.relative_to(ROOT)}:{line}: {unit} imports {imported}")
    assert not upward, "\n".join(upward)


def test_modules_classes_and_functions_a_reader_can_hold() -> None:
    too_long = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LIMITS["module"]:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > LIMITS[kind]:
                    too_long.append(
                        f"{path.relative_to(ROOT)}:{node.lineno}: {kind} {node.name} {lines} lines"
                    )
    assert not too_long, "\n".join(too_long)


def _distribution(name: str) -> str:
    return re.split(r"[<>=!~\[; ]", name, maxsplit=1)[0].lower().replace("_", "-")


def test_every_imported_library_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_distribution(d) for d in project["dependencies"]}
    installed = packages_distributions()
    missing = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module.split(".")[0]]
            for name in names:
                if name == "handbook" or name in sys.stdlib_module_names:
                    continue
                dists = {d.lower().replace("_", "-") for d in installed.get(name, [name])}
                if not dists & declared:
                    missing.add(f"{name} ({path.relative_to(ROOT)})")
    assert not missing, f"imported but not in [project] dependencies: {sorted(missing)}"
