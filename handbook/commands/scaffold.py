"""`handbook init`: a new firm project that builds out of the box."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import holidays

from handbook import __version__
from handbook.errors import HandbookError

COUNTRIES = ("US", "PL", "ES")
"""Countries with a starter pack: firm.yaml with their common statutory deadlines."""
_REGION_LINE = re.compile(r"^  region: .*$", re.MULTILINE)

GITIGNORE = "site/\n.handbook-build-*/\n.cache/\n"
WORKFLOW = Path(".github") / "workflows" / "handbook.yml"
"""Where the GitHub Actions workflow that publishes the site goes."""


def workflow() -> str:
    """Return the GitHub Actions workflow that checks, builds and publishes the site."""
    text = (resources.files("handbook") / "workflow.yml").read_text(encoding="utf-8")
    return text.replace("__VERSION__", __version__)


def starter_firm(country: str, region: str | None) -> str:
    """Return the starter firm.yaml of a country, in its language, with its statutory dates."""
    pack = resources.files("handbook") / "packs" / f"{country.lower()}.firm.yaml"
    text = pack.read_text(encoding="utf-8")
    if region is None:
        return text
    regions = holidays.list_supported_countries()[country]
    if region not in regions or not _REGION_LINE.search(text):
        valid = ", ".join(regions) if _REGION_LINE.search(text) else "none (leave out --region)"
        raise HandbookError(f"--region {region}: not a region of {country}; valid: {valid}")
    return _REGION_LINE.sub(f"  region: {region}", text, count=1)


def create_project(directory: Path, country: str = "US", region: str | None = None) -> list[Path]:
    """Write a starter firm.yaml, mkdocs.yml, docs/, .gitignore and workflow into `directory`."""
    if directory.exists() and any(directory.iterdir()):
        raise HandbookError(f"{directory} is not empty; choose a new or empty folder")
    firm_yaml = starter_firm(country, region)
    starter = Path(str(resources.files("handbook"))) / "starter"
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(starter, directory, dirs_exist_ok=True)
    (directory / "docs").mkdir(exist_ok=True)  # empty: the firm's own pages go here
    (directory / "firm.yaml").write_text(firm_yaml, encoding="utf-8")
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
