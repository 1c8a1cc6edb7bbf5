"""`handbook init`: a new firm project that builds out of the box."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import holidays
import jinja2

from handbook import __version__
from handbook.commands import splitfirm
from handbook.errors import HandbookError
from handbook.i18n.cli import _

COUNTRIES = ("US", "PL", "ES")
"""Countries with a starter pack: firm.yaml with their common statutory deadlines."""
DEFAULT_REGIONS: dict[str, str | None] = {"US": "IL", "PL": None, "ES": "MD"}
"""The region a pack is written for when `init` is given no --region."""

GITIGNORE = "site/\n.handbook-build-*/\n"
"""What a build writes in the project folder; its cache is outside it (handbook.memo)."""
WORKFLOW = Path(".github") / "workflows" / "handbook.yml"
"""Where the GitHub Actions workflow that publishes the site goes."""


def workflow() -> str:
    """Return the GitHub Actions workflow that checks, builds and publishes the site."""
    text = (resources.files("handbook") / "workflow.yml").read_text(encoding="utf-8")
    return text.replace("__VERSION__", __version__)


def starter_firm(country: str, region: str | None) -> str:
    """Return the starter firm.yaml of a country, in its language, for one of its regions."""
    regions = holidays.list_supported_countries()[country]
    if region is not None and (region not in regions or DEFAULT_REGIONS[country] is None):
        if DEFAULT_REGIONS[country]:
            message = _("--region {region}: not a region of {country}; valid: {valid}")
        else:
            message = _(
                "--region {region}: not a region of {country}; valid: none (leave out --region)"
            )
        raise HandbookError(
            message.format(region=region, country=country, valid=", ".join(regions))
        )
    # A pack is a Jinja template of the firm.yaml it writes: what depends on the region (its
    # holidays' comments, local closures, a state's return) is chosen there, in the pack's words.
    packs = Path(str(resources.files("handbook"))) / "packs"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(packs),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, written by us; the region is a validated code
    )
    template = env.get_template(f"{country.lower()}.firm.yaml.j2")
    return template.render(region=region or DEFAULT_REGIONS[country])


def create_project(
    directory: Path, country: str = "US", region: str | None = None, *, split: bool = False
) -> list[Path]:
    """Write a starter firm.yaml, mkdocs.yml, docs/, .gitignore and workflow into `directory`.

    With `split`, firm.yaml is in several files joined by `!include` (splitfirm.py).
    """
    if directory.exists() and any(directory.iterdir()):
        message = _("{folder} is not empty; choose a new or empty folder")
        raise HandbookError(message.format(folder=directory))
    firm_yaml = starter_firm(country, region)
    starter = Path(str(resources.files("handbook"))) / "starter"
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(starter, directory, dirs_exist_ok=True)
    (directory / "docs").mkdir(exist_ok=True)  # empty: the firm's own pages go here
    files = splitfirm.split(firm_yaml) if split else {"firm.yaml": firm_yaml}
    for name, text in files.items():
        (directory / name).parent.mkdir(exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
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
