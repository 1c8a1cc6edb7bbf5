"""The wheel carries the bundled templates, catalogs and starter, and works outside the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT, TODAY


def test_wheel_builds_a_site_from_any_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("handbook-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "handbook/_bundled/templates/home.md.j2",
        "handbook/_bundled/templates/assets/handbook.css",
        "handbook/locales/en.yaml",
        "handbook/packs/us.firm.yaml",
        "handbook/_bundled/templates/handout.html.j2",
        "handbook/_bundled/templates/handout.css",
        "handbook/workflow.yml",
    ):
        assert required in names
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    work = tmp_path / "elsewhere"
    work.mkdir()
    script = (
        "import handbook, sys; from handbook.cli import main\n"
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
