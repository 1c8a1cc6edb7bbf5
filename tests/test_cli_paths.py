"""Every path the command line takes: absolute, or relative to the current folder.

The project is in `my firm/` and the commands mostly run from its sibling `work dir/`, so a
relative path has both a space and `..` in it, and is not relative to firm.yaml's folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import FIXTURES, TODAY, build_project, shared_build
from tests.test_serve import _fetch, _free_port, _poll

Run = Callable[..., Result]
HANDBOOK = Path(sys.executable).parent / "handbook"
"""The console script installed beside this Python (.venv/bin/handbook)."""


@dataclass
class Place:
    """A project folder, a sibling folder to work in, and their common parent."""

    top: Path
    project: Path
    work: Path

    @property
    def firm(self) -> Path:
        return self.project / "firm.yaml"


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Place:
    """The small firm in `my firm/`; the current folder is `work dir/` beside it."""
    project = tmp_path / "my firm"
    shutil.copytree(FIXTURES / "small", project)
    work = tmp_path / "work dir"
    work.mkdir()
    monkeypatch.chdir(work)
    return Place(tmp_path, project, work)


# How -c names the project's firm.yaml: the folder to run in, and the option's value (None:
# leave -c out, for its default firm.yaml).
CONFIGS: dict[str, tuple[str, str | None]] = {
    "default": ("project", None),
    "name": ("project", "firm.yaml"),
    "below": ("top", "my firm/firm.yaml"),
    "dotdot": ("work", "../my firm/firm.yaml"),
    "absolute": ("work", "ABSOLUTE"),
}


def _config_args(place: Place, form: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Change to the folder of a -c form; return the -c arguments it takes."""
    folder, value = CONFIGS[form]
    monkeypatch.chdir(getattr(place, folder))
    if value is None:
        return []
    return ["-c", str(place.firm) if value == "ABSOLUTE" else value]


def _given(place: Place, value: str) -> tuple[Path, str]:
    """Return where a path given from `work dir/` points, and the text to give ("ABS:name")."""
    if value.startswith("ABS:"):
        target = place.top / value.removeprefix("ABS:")
        return target, str(target)
    return (place.work / value).resolve(), value


@pytest.mark.parametrize("form", CONFIGS)
@pytest.mark.parametrize("command", ["check", "links"])
def test_config_is_found_from_any_folder(
    run: Run, place: Place, monkeypatch: pytest.MonkeyPatch, command: str, form: str
) -> None:
    result = run(command, *_config_args(place, form, monkeypatch))
    assert result.exit_code == 0, result.output
    expected = "OK (2 segments" if command == "check" else "https://nowak.example/handbook/"
    assert expected in result.output


@pytest.mark.parametrize("form", CONFIGS)
def test_build_from_any_folder_puts_the_site_beside_firm_yaml(
    run: Run, place: Place, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    result = run("build", *_config_args(place, form, monkeypatch), "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    assert (place.project / "site" / "books" / "index.html").is_file()
    assert not (place.work / "site").exists() and not (place.top / "site").exists()


@pytest.mark.parametrize(
    "site_dir",
    [
        "site2",  # issue 13: the folder it names, from the current one
        "../out site",
        "a/b/site",  # missing folders are made
        "ABS:else where/site",
    ],
)
def test_site_dir_is_relative_to_the_current_folder(run: Run, place: Place, site_dir: str) -> None:
    target, value = _given(place, site_dir)
    for config in ("../my firm/firm.yaml", str(place.firm)):  # the second build replaces
        result = run("build", "-c", config, "-d", value, "--today", TODAY)
        assert result.exit_code == 0, result.output
        assert f" into {value} in " in result.output
        assert (target / "books" / "index.html").is_file()
    assert not (place.project / "site").exists()
    assert list(place.top.rglob(".handbook-build-*")) == []


def test_site_dir_relative_in_the_project_folder(
    run: Run, place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(place.project)
    for _ in range(2):  # the second build replaces the first
        result = run("build", "-d", "site2", "--today", TODAY, "-q")
        assert result.exit_code == 0, result.output
    assert (place.project / "site2" / "books" / "index.html").is_file()


@pytest.mark.parametrize("directory", ["exported", "../exported dir", "ABS:x y"])
@pytest.mark.parametrize("config", ["dotdot", "absolute"])
def test_export_directory(
    run: Run, place: Place, monkeypatch: pytest.MonkeyPatch, directory: str, config: str
) -> None:
    args = _config_args(place, config, monkeypatch)
    target, value = _given(place, directory)
    result = run("export", value, *args, "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    assert (target / "mkdocs.yml").is_file() and (target / "docs" / "books").is_dir()


@pytest.mark.parametrize("directory", ["new firm", "../new firm", "a/new firm", "ABS:n f"])
def test_init_directory(run: Run, place: Place, directory: str) -> None:
    target, value = _given(place, directory)
    result = run("init", value)
    assert result.exit_code == 0, result.output
    assert (target / "firm.yaml").is_file() and (target / "docs").is_dir()
    assert f"Next: cd '{value}' && handbook serve" in result.output  # quoted: it has a space


def test_init_then_build_with_relative_paths(run: Run, place: Place) -> None:
    assert run("init", "../new firm").exit_code == 0
    result = run("build", "-c", "../new firm/firm.yaml", "-d", "built", "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    assert (place.work / "built" / "index.html").is_file()
    assert not (place.top / "new firm" / "site").exists()


@pytest.mark.parametrize("output", ["schema.json", "../firm schema.json", "sub/s.json", "ABS:a b"])
def test_schema_output(run: Run, place: Place, output: str) -> None:
    (place.work / "sub").mkdir()
    target, value = _given(place, output)
    result = run("schema", "-o", value)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert '"title": "firm.yaml"' in target.read_text()


@pytest.mark.parametrize("config", ["dotdot", "absolute"])
def test_deploy_from_another_folder(
    run: Run, place: Place, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    def git(cwd: Path, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    bare = place.top / "remote.git"
    git(place.top, "init", "-q", "--bare", str(bare))
    git(place.project, "init", "-q", "-b", "main")
    git(place.project, "remote", "add", "origin", str(bare))
    args = _config_args(place, config, monkeypatch)
    result = run("deploy", *args, "--today", TODAY, "-q", "--allow-placeholders")
    assert result.exit_code == 0, result.output
    assert (place.project / "site" / "index.html").is_file()  # built beside firm.yaml
    assert "books/index.html" in git(bare, "ls-tree", "-r", "--name-only", "gh-pages")


def _handbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script in `cwd`, as a user would."""
    return subprocess.run(
        [str(HANDBOOK), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_console_script_from_another_folder(place: Place) -> None:
    assert HANDBOOK.is_file(), f"no console script at {HANDBOOK}"
    args = ["-c", "../my firm/firm.yaml", "-d", "../out site", "--today", TODAY, "-q"]
    done = _handbook("build", *args, cwd=place.work)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (place.top / "out site" / "books" / "index.html").is_file()
    # The issue's own command, in the project folder.
    done = _handbook("build", "-d", "site2", "--today", TODAY, cwd=place.project)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Built " in done.stdout + done.stderr
    assert (place.project / "site2" / "books" / "index.html").is_file()
    # A wrong path: one line, exit code 1.
    (place.work / "afile").write_text("mine")
    done = _handbook("build", "-c", "../my firm/firm.yaml", "-d", "afile", cwd=place.work)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["error: --site-dir: afile is a file, not a folder"]
    assert (place.work / "afile").read_text() == "mine"


def test_serve_config_relative_from_another_folder(place: Place) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [str(HANDBOOK), "serve", "-c", "../my firm/firm.yaml", "-a", f"127.0.0.1:{port}"],
        cwd=place.work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _poll(lambda: "Nowak &amp; Daughters" in _fetch(f"http://127.0.0.1:{port}/"))
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- wrong paths: one line, exit code 1, no traceback, and the site as it was ---------------


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the small firm, once per test run."""

    def make(project: Path) -> None:
        shutil.copytree(FIXTURES / "small", project)
        build_project(project)

    return shared_build(tmp_path_factory, "small", make) / "site"


def _wrong_path(run: Run, place: Place, site: Path, args: list[str], message: str) -> None:
    """Run a command with a wrong path next to a built site; check the error and the site."""
    shutil.copytree(site, place.project / "site", symlinks=True)
    before = _snapshot(place.project)
    (place.work / "afile").write_text("mine")
    result = run(*args)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.output
    assert _snapshot(place.project) == before
    assert (place.work / "afile").read_text() == "mine"
    assert list(place.top.rglob(".handbook-build-*")) == []


WRONG: list[tuple[str, str]] = [
    ("build -d afile", "error: --site-dir: afile is a file, not a folder"),
    ("build -d afile/site", "error: --site-dir: afile/site cannot be used: afile is a file, not"),
    ("build -d ../my firm/docs/site", "error: refusing to build into ../my firm/docs/site: it is"),
    ("build -d ../my firm/templates/x", "error: refusing to build into ../my firm/templates/x:"),
    ("build -d ../my firm", "error: refusing to build into ../my firm: it holds firm.yaml"),
    ("build -d ..", "error: refusing to build into ..: it holds firm.yaml"),
    ("export afile", "error: afile is a file, not a folder"),
    ("export afile/x", "error: afile/x cannot be used: afile is a file, not a folder"),
    ("export ../my firm/docs/x", "error: refusing to export into ../my firm/docs/x: it is inside"),
    ("init afile", "error: afile is a file, not a folder"),
    ("init afile/x", "error: afile/x cannot be used: afile is a file, not a folder"),
    ("schema -o missing/s.json", "error: --output: the folder missing does not exist"),
    ("schema -o .", "error: --output: . is a folder; give a file name"),
    ("schema -o afile/s.json", "error: --output: afile/s.json cannot be used: afile is a file"),
]


def _split(command: str) -> list[str]:
    """Split a command whose last argument may hold a space: `build -d ../my firm/docs`."""
    words = command.split(" ")
    head = 3 if words[1] in {"-d", "-o"} else 2
    return [*words[: head - 1], " ".join(words[head - 1 :])]


@pytest.mark.parametrize(("command", "message"), WRONG, ids=[c for c, _ in WRONG])
def test_a_wrong_path_is_one_clear_line(
    run: Run, place: Place, built_site: Path, command: str, message: str
) -> None:
    args = _split(command)
    if args[0] in {"build", "export"}:
        args += ["-c", "../my firm/firm.yaml", "--today", TODAY]
    _wrong_path(run, place, built_site, args, message)


@pytest.mark.parametrize("command", ["build", "check", "export x", "links", "deploy", "serve"])
@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("../my firm", "error: --config: ../my firm is a folder; give the file, e.g. ../my firm/"),
        ("afile/firm.yaml", "error: --config: afile/firm.yaml cannot be used: afile is a file"),
    ],
    ids=["folder", "under-a-file"],
)
def test_a_wrong_config_is_one_clear_line(
    run: Run, place: Place, built_site: Path, command: str, config: str, message: str
) -> None:
    _wrong_path(run, place, built_site, [*command.split(), "-c", config], message)
    assert not (place.work / "x").exists()
