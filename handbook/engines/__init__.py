"""Site engines that turn a staged MkDocs project into HTML: mkdocs, properdocs or zensical.

MkDocs (the default) builds in this process. ProperDocs, the maintained fork of MkDocs 1.6
by its original maintainers, reads the same mkdocs.yml with the same Material theme; it runs
in a child process, because importing it redirects every `mkdocs` import to itself. Zensical,
Material's successor, runs in a child process too.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from handbook.compiled import compiled
from handbook.errors import HandbookError
from handbook.scoped import environ, logged_warnings

if TYPE_CHECKING:
    from mkdocs.theme import Theme

ENGINES = ("mkdocs", "properdocs", "zensical")
"""The engines `--engine` takes, the default first."""

KEEPING = frozenset({"zensical"})
"""The engines that keep a folder of their own in the cache between builds."""


def build_mkdocs(config_file: Path, site_dir: Path, epoch: int) -> list[str]:
    """Build with MkDocs in this process; return its warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        with (
            logged_warnings("mkdocs") as warnings,
            environ({"SOURCE_DATE_EPOCH": str(epoch)}),
        ):
            config = load_config(config_file=str(config_file), site_dir=str(site_dir))
            _keep_compiled(config.theme)
            build(config)
    except MkDocsException as e:
        raise HandbookError(f"mkdocs could not build the site: {e}") from None
    return warnings


def _keep_compiled(theme: Theme) -> None:
    """Give the theme's Jinja environment handbook's in-memory cache of compiled templates.

    MkDocs makes a new environment for each build, so each build, and each language of a
    build, compiled Material's templates again: a fifth of the engine's time on the demo.
    MkDocs has no setting for it, hence the wrapped method. In memory, never in a folder:
    see handbook.compiled.
    """
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = compiled("theme")
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def build_properdocs(config_file: Path, site_dir: Path, epoch: int) -> list[str]:
    """Build with ProperDocs in a child process; return its warnings."""
    # -f names mkdocs.yml: ProperDocs looks for properdocs.yml first and reads mkdocs.yml as is.
    command = ["build", "-f", str(config_file), "-d", str(site_dir), "--clean"]
    result = _run_child("properdocs", command, config_file.parent, epoch)
    if result.returncode != 0 or not (site_dir / "index.html").is_file():
        raise HandbookError(f"properdocs could not build the site:\n{_tail(result)}")
    prefix = "WARNING -  "
    return [
        line.removeprefix(prefix) for line in result.stderr.splitlines() if line.startswith(prefix)
    ]


def build_zensical(
    config_file: Path, site_dir: Path, epoch: int, cache: Path | None = None
) -> list[str]:
    """Build with Zensical in a child process; return its warnings.

    `cache`: a folder for Zensical's own cache, kept between builds: the pages it rendered,
    found by their path and Markdown, which it keeps in `.cache` beside mkdocs.yml.
    Without `cache`, the build is clean.
    """
    command = ["build", "-f", str(config_file)]
    link = config_file.parent / ".cache"
    if cache is None:
        command.append("--clean")
    else:
        cache.mkdir(parents=True, exist_ok=True)
        if link.is_symlink():  # left by a build that was killed
            link.unlink()
        link.symlink_to(cache.absolute(), target_is_directory=True)
    try:
        result = _run_child("zensical", command, config_file.parent, epoch)
    finally:
        if cache is not None:
            link.unlink()
    produced = config_file.parent / "site"
    if result.returncode != 0 or not (produced / "index.html").is_file():
        raise HandbookError(f"zensical could not build the site:\n{_tail(result)}")
    if produced.resolve() != site_dir.resolve():
        shutil.move(produced, site_dir)  # the staged project may be on another disk
    return [line for line in result.stderr.splitlines() if "warning" in line.lower()]


def _run_child(
    engine: str, arguments: list[str], cwd: Path, epoch: int
) -> subprocess.CompletedProcess[str]:
    """Run `python -m <engine> ...` with this interpreter; say how to install it if missing."""
    if importlib.util.find_spec(engine) is None:
        raise HandbookError(
            f"the {engine} engine is not installed; run: pip install 'firm-handbook[{engine}]'"
        )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", engine, *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    """Return the end of what a failed child printed."""
    return (result.stderr or result.stdout).strip()[-2000:]


def build_site(
    engine: str, config_file: Path, site_dir: Path, epoch: int, cache: Path | None = None
) -> list[str]:
    """Build the staged project at `config_file` into `site_dir`; return warnings.

    `cache`: a folder the engine may keep between builds: Zensical's rendered pages (MkDocs
    keeps its compiled theme in memory, handbook.compiled; ProperDocs ignores it).
    """
    if engine == "mkdocs":
        return build_mkdocs(config_file, site_dir, epoch)
    if engine == "properdocs":
        return build_properdocs(config_file, site_dir, epoch)
    if engine == "zensical":
        return build_zensical(config_file, site_dir, epoch, cache)
    raise HandbookError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


@contextlib.contextmanager
def project_folder(kept: Path | None, work: Path) -> Iterator[tuple[Path, Path | None]]:
    """Give the folder to stage the MkDocs project in, and the folder of its manifests.

    The project is staged in the same folder each build, `kept/project` (the engine's cache
    folder), with the manifests of what is in it beside it, so that a build writes only what
    changed (handbook.kepttree). Zensical also finds the pages it rendered before by their
    path (measured at 200 segments: 15 s a build in a new folder, 8 s in the same one). A
    second build of the project running at the same time stages in a new folder in `work`,
    and so does a build without that folder (`kept` None: the cache is not usable); there
    are then no manifests (None).
    """
    if kept is None:
        yield work / "project", None
        return
    try:
        lock = os.open(kept / ".lock", os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:  # a link, or a cache it may not write: stage apart, as when busy
        yield work / "project", None
        return
    if not os.access(kept, os.W_OK):  # a lock left in a cache now read-only
        os.close(lock)
        yield work / "project", None
        return
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield work / "project", None
            return
        folder = kept / "project"
        if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
            folder.unlink()  # a link is removed, never followed
        yield folder, kept
    finally:
        os.close(lock)
