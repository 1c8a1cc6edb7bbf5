"""Shared fixtures: the CLI runner, fixture projects, and golden-file regeneration."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook.commands.cli import cli

# The tests read handbook's English; a developer's LANG=pl_PL would turn it Polish
# (tests/test_cli_language.py sets the language it tests on each run).
os.environ["LANGUAGE"] = "en"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-23"


def build_wheel(folder: Path) -> Path:
    """Build handbook's wheel from this checkout into `folder`; return its path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("firm_handbook-*.whl")
    return wheel


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long tests first: a long test that starts last is the whole run's tail."""

    def first(item: pytest.Item) -> bool:
        return any(item.get_closest_marker(name) for name in ("slow", "readme_commands"))

    items.sort(key=lambda item: 0 if first(item) else 1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the handbook CLI in-process; return click's Result."""
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder shared by every xdist worker of this test run (pytest's base temp)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """Make the folder `name` once per test run, whichever worker asks first; return it.

    The first worker makes it under a file lock while the others wait, then every worker
    reads the same files: a site built once, not once per worker. Tests must not change it.
    """
    folder = run_folder(tmp_path_factory) / "shared" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    done = folder.with_name(f"{name}.done")
    with (folder.parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if folder.exists():  # a worker that failed midway
                shutil.rmtree(folder)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Share rendered PDF handouts between tests and workers, as a CI cache would.

    The user's cache folder is the run's too: a test without $HANDBOOK_CACHE_DIR never
    writes to the real ~/.cache (platformdirs reads XDG_CACHE_HOME).
    """
    folder = run_folder(tmp_path_factory) / "shared" / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(run_folder(tmp_path_factory) / "shared" / "user-cache")
    os.environ["HANDBOOK_CACHE_DIR"] = str(folder)
    yield
    del os.environ["HANDBOOK_CACHE_DIR"]
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small fixture firm project; returns its folder."""
    target = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", target)
    return target


def copy_demo(target: Path) -> Path:
    """Copy the repository's demo firm project (firm.yaml, mkdocs.yml, docs/, assets/)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("firm.yaml", "mkdocs.yml"):
        shutil.copy(ROOT / name, target / name)
    for name in ("docs", "assets", "media"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    return target


def build_project(project: Path, today: str = TODAY) -> Path:
    """Build a project through the CLI; return its site folder."""
    result = CliRunner().invoke(
        cli, ["build", "-c", str(project / "firm.yaml"), "--today", today, "-q"]
    )
    assert result.exit_code == 0, result.output
    return project / "site"


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project built once per test run with the default engine; do not change it."""
    return shared_build(tmp_path_factory, "demo-mkdocs", build_copy)


def build_copy(folder: Path, engine: str = "mkdocs") -> None:
    """Copy the demo into `folder` and build it there with `engine`."""
    project = copy_demo(folder)
    args = ["build", "-c", str(project / "firm.yaml"), "--engine", engine, "--today", TODAY]
    result = CliRunner().invoke(cli, [*args, "-q"])
    assert result.exit_code == 0, result.output
    # The engines warn about a link to a page or anchor that does not exist.
    assert not [line for line in result.output.splitlines() if "link" in line.lower()], (
        result.output
    )


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the repository's demo firm project."""
    return copy_demo(tmp_path / "demo")


def tree(folder: Path) -> dict[str, bytes]:
    """Read every file under `folder` into a dict of relative path to bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def small_firm_with(small: Path) -> Callable[[str], object]:
    """Load the small firm with extra deadlines appended to its `deadlines:` list."""
    from handbook.input.config import load_firm

    def load(extra_deadlines: str) -> object:
        path = small / "firm.yaml"
        path.write_text(path.read_text() + extra_deadlines)
        return load_firm(path)[0]

    return load
