"""`handbook init`: a new firm project that builds out of the box."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from handbook import __version__
from handbook.errors import HandbookError

GITIGNORE = "site/\n.handbook-build-*/\n.cache/\n"
WORKFLOW = Path(".github") / "workflows" / "handbook.yml"
"""Where the GitHub Actions workflow that publishes the site goes."""


def workflow() -> str:
    """Return the GitHub Actions workflow that checks, builds and publishes the site."""
    text = (resources.files("handbook") / "workflow.yml").read_text(encoding="utf-8")
    return text.replace("__VERSION__", __version__)


def create_project(directory: Path) -> list[Path]:
    """Write a starter firm.yaml, mkdocs.yml, docs/, .gitignore and workflow into `directory`."""
    if directory.exists() and any(directory.iterdir()):
        raise HandbookError(f"{directory} is not empty; choose a new or empty folder")
    starter = Path(str(resources.files("handbook"))) / "starter"
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(starter, directory, dirs_exist_ok=True)
    (directory / "templates").mkdir(exist_ok=True)
    (directory / "templates" / "README.md").write_text(
        "Put a file here with the name of a bundled template (e.g. home.md.j2 or\n"
        "assets/handbook.css) to replace it. See `handbook export` for the bundled ones.\n",
        encoding="utf-8",
    )
    (directory / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    (directory / WORKFLOW).parent.mkdir(parents=True)
    (directory / WORKFLOW).write_text(workflow(), encoding="utf-8")
    return sorted(p for p in directory.rglob("*") if p.is_file())
