"""The wheel carries the bundled templates, catalogs and starter, and works outside the repo;
the distribution's name and version, and the pinned dependencies that come with it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import Version

from handbook import __version__
from handbook.pins import pins
from tests.conftest import ROOT, TODAY, build_wheel


def test_wheel_builds_a_site_from_any_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheel = build_wheel(wheels)
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "handbook/_bundled/templates/home.md.j2",
        "handbook/_bundled/templates/assets/handbook.css",
        "handbook/locales/en.yaml",
        "handbook/locales/pl/LC_MESSAGES/messages.mo",
        "handbook/locales/uk/LC_MESSAGES/messages.mo",
        "handbook/packs/us.firm.yaml.j2",
        "handbook/_bundled/templates/handout.html.j2",
        "handbook/_bundled/templates/handout.css",
        "handbook/workflow.yml",
        "handbook/pins.py",
        "handbook/pins.txt",
    ):
        assert required in names
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    work = tmp_path / "elsewhere"
    work.mkdir()
    script = (
        "import handbook, sys; from handbook.commands.cli import main\n"
        f"assert handbook.__file__.startswith({str(unpacked)!r}), handbook.__file__\n"
        "main(['init', 'firm'], standalone_mode=False)\n"
        f"main(['build', '-c', 'firm/firm.yaml', '--today', '{TODAY}', '-q'])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Example Bookkeeping" in (work / "firm" / "site" / "index.html").read_text()
    assert (work / "firm" / ".github" / "workflows" / "handbook.yml").is_file()
    pdfs = list((work / "firm" / "site").glob("*/handbook.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)


# --- the distribution's name and version, and the pinned dependencies ---------------------------

REGENERATE = (
    ".venv/bin/uv pip compile pyproject.toml --universal --python-version 3.11 "
    "--generate-hashes -o handbook/pins.txt"
)
"""The command that writes handbook/pins.txt (README, "Releasing")."""
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+?)(?: ; (.+?))? \\$")


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> list[tuple[str, Version, Marker | None, int]]:
    """Each pin in pins.txt: name, version, environment marker, and how many hashes."""
    found: list[tuple[str, Version, Marker | None, int]] = []
    for line in pins().read_text().splitlines():
        if match := PIN.match(line):
            name, version, marker = match.groups()
            found.append((_normalized(name), Version(version), marker and Marker(marker), 0))
        elif line.strip().startswith("--hash=sha256:"):
            name, version, marker, hashes = found[-1]
            found[-1] = (name, version, marker, hashes + 1)
        else:
            assert not line.strip() or line.lstrip().startswith("#"), line
    return found


def test_version_is_one_and_the_distribution_is_firm_handbook() -> None:
    assert _project()["name"] == "firm-handbook"
    assert _project()["version"] == __version__
    assert _project()["scripts"] == {"handbook": "handbook.commands.cli:main"}


def test_pins_cover_every_dependency_within_its_range_each_with_hashes() -> None:
    pinned = _pins()
    assert pinned, pins()
    assert all(hashes >= 1 for *_, hashes in pinned), "a pin without --hash"
    # A name twice only for two Python versions, never twice for the same environment.
    for python in ("3.11.4", "3.11.9", "3.12.8", "3.13.1"):
        environment = {"python_full_version": python, "python_version": python[:4]}
        applies = [n for n, _, m, _ in pinned if m is None or m.evaluate(environment)]
        assert len(applies) == len(set(applies)), f"a name pinned twice for Python {python}"
    stale = []
    for text in _project()["dependencies"]:
        wanted = Requirement(text)
        versions = [v for n, v, _, _ in pinned if n == _normalized(wanted.name)]
        if not versions or not all(wanted.specifier.contains(v) for v in versions):
            stale.append(text)
    assert not stale, (
        f"handbook/pins.txt does not pin {stale} as pyproject.toml asks: regenerate it with\n"
        f"  {REGENERATE}"
    )


def test_the_pins_header_names_the_command_that_the_readme_gives() -> None:
    command = REGENERATE.removeprefix(".venv/bin/")
    assert f"#    {command}\n" in pins().read_text()
    assert REGENERATE in (ROOT / "README.md").read_text()


def test_pins_module_needs_only_the_standard_library() -> None:
    """The workflow runs `python -I -m handbook.pins` before any dependency is installed."""
    out = subprocess.run(
        [sys.executable, "-S", "-m", "handbook.pins"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert Path(out.stdout.strip()) == ROOT / "handbook" / "pins.txt"


@pytest.mark.skipif(
    not os.environ.get("HANDBOOK_TEST_INSTALLED"), reason="only where the release tests a wheel"
)
def test_the_suite_runs_against_the_installed_wheel() -> None:
    """The release workflow's quick tests import the built wheel, not the checkout's source."""
    import handbook

    assert not Path(handbook.__file__).resolve().is_relative_to(ROOT), handbook.__file__
