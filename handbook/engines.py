"""Site engines that turn a staged MkDocs project into HTML: mkdocs (default) or zensical."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from handbook.errors import HandbookError
from handbook.scoped import environ, logged_warnings

ENGINES = ("mkdocs", "zensical")


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
            build(config)
    except MkDocsException as e:
        raise HandbookError(f"mkdocs could not build the site: {e}") from None
    return warnings


def build_zensical(config_file: Path, site_dir: Path, epoch: int) -> list[str]:
    """Build with Zensical in a child process; return its warnings."""
    if importlib.util.find_spec("zensical") is None:
        raise HandbookError(
            "the zensical engine is not installed; run: pip install 'firm-handbook[zensical]'"
        )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", str(config_file), "--clean"],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    produced = config_file.parent / "site"
    if result.returncode != 0 or not (produced / "index.html").is_file():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise HandbookError(f"zensical could not build the site:\n{detail}")
    if produced.resolve() != site_dir.resolve():
        produced.rename(site_dir)
    return [line for line in result.stderr.splitlines() if "warning" in line.lower()]


def build_site(engine: str, config_file: Path, site_dir: Path, epoch: int) -> list[str]:
    """Build the staged project at `config_file` into `site_dir`; return warnings."""
    if engine == "mkdocs":
        return build_mkdocs(config_file, site_dir, epoch)
    if engine == "zensical":
        return build_zensical(config_file, site_dir, epoch)
    raise HandbookError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
