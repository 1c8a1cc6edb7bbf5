"""The README's two commands: CI runs the test one; the build one works in a fresh clone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    build, test = _commands()
    assert build.startswith("sh .ci/setup build && ")
    assert build.endswith(" && .venv/bin/handbook build")
    assert test.startswith("sh .ci/setup test && ")
    for step in ("python -m pytest", "ruff check .", "ruff format --check .", "mypy"):
        assert f"&& .venv/bin/{step}" in test
    # .ci/run runs the test command and nothing else.
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    steps = [line for line in ci if line.strip() and not line.startswith("#")]
    assert steps == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', test]


def test_setup_script_is_plain_sh() -> None:
    subprocess.run(["sh", "-n", str(ROOT / ".ci" / "setup")], check=True)


def _fresh_clone(target: Path) -> Path:
    """Clone this repository into `target`, with the working tree's uncommitted changes.

    In CI the tree is clean and this is a plain clone; at a developer's desk it is the clone
    of the commit they are about to make.
    """
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)

    def listed(*flags: str) -> list[str]:
        out = subprocess.run(
            ["git", "ls-files", "-z", *flags], cwd=ROOT, capture_output=True, check=True
        )
        return [name for name in out.stdout.decode().split("\0") if name]

    for name in listed("--modified", "--others", "--exclude-standard"):
        source, copy = ROOT / name, target / name
        if source.is_file() or source.is_symlink():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.unlink(missing_ok=True)
            shutil.copy2(source, copy, follow_symlinks=False)
    for name in listed("--deleted"):
        (target / name).unlink(missing_ok=True)
    return target


def _environment() -> dict[str, str]:
    """This process's environment, less what pytest, the venv and the tests put into it."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "PYTHON"))
        and name not in {"VIRTUAL_ENV", "HANDBOOK_CACHE_DIR"}
    }
    env["PATH"] = os.pathsep.join(
        folder
        for folder in env.get("PATH", "").split(os.pathsep)
        if folder and not Path(folder).resolve().is_relative_to(ROOT)
    )
    return env


def _run(command: str, cwd: Path, env: dict[str, str], timeout: float) -> str:
    """Run a README command as pasted into a shell; return its output."""
    result = subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"exit {result.returncode} from {command}\n{result.stdout[-6000:]}"
    )
    return result.stdout


@pytest.mark.readme_commands
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_readme_build_command_works_in_a_fresh_clone(tmp_path: Path) -> None:
    """The build command, pasted into a fresh clone, installs handbook and builds the demo.

    The test command needs no test of its own: CI runs it, as `.ci/run`, in a fresh clone
    on a fresh machine (the test above holds the two to the same text). Running it again
    from inside the suite doubled the time of every run and proved nothing more.
    """
    build, _ = _commands()
    # The timeout only stops a command that hangs: on a busy machine it takes far longer
    # than on a quiet one.
    clone = _fresh_clone(tmp_path / "build")
    _run(build, clone, _environment(), timeout=30 * 60)
    home = (clone / "site" / "index.html").read_text()
    assert "Harbor &amp; Pine Accounting" in home
    for language in ("es", "pl"):
        assert (clone / "site" / language / "index.html").is_file()
    handouts = list((clone / "site").glob("*/handbook.pdf"))
    assert handouts and all(pdf.read_bytes().startswith(b"%PDF-") for pdf in handouts)
