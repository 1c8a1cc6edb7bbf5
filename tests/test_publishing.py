"""Publishing handbook on PyPI (as firm-handbook), and installing it the way firms do.

The slow test builds the wheel, serves it from a local package index (PEP 503), and runs the
`run:` steps of the workflow that `handbook init` writes, read from that file, in a clean
venv: the install line works once the release is on PyPI, with every dependency at its pin.
The quick tests check the release workflow (.github/workflows/release.yml).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import subprocess
import sys
import threading
import tomllib
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from packaging.markers import Marker

from handbook import __version__
from handbook.pins import pins
from tests.conftest import ROOT, build_wheel
from tests.test_deploy import actionlint

Run = Callable[..., Result]
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
DISTRIBUTION = "firm-handbook"
PINS_INSTALL = (
    "python -I -m pip install --no-deps --only-binary :all: --require-hashes"
    ' -r "$(python -I -m handbook.pins)"'
)
"""The line that installs the pinned dependencies, the same in both workflows."""


def load(path: Path) -> dict[Any, Any]:
    flow: dict[Any, Any] = yaml.safe_load(path.read_text())
    return flow


def init_project(run: Run, where: Path) -> tuple[Path, dict[Any, Any]]:
    """`handbook init` a project; return it and the workflow it wrote."""
    result = run("init", where)
    assert result.exit_code == 0, result.output
    return where, load(where / ".github" / "workflows" / "handbook.yml")


def pinned_versions() -> dict[str, str]:
    """The version that pins.txt gives each distribution on this Python, by normalized name."""
    pin = re.compile(r"^([A-Za-z0-9._-]+)==(\S+?)(?: ; (.+?))? \\$", re.MULTILINE)
    return {
        re.sub(r"[-_.]+", "-", name).lower(): version
        for name, version, marker in pin.findall(pins().read_text())
        if not marker or Marker(marker).evaluate()
    }


# --- the install line of the workflow that `handbook init` writes ------------------------------


@contextmanager
def package_index(wheel: Path) -> Iterator[str]:
    """Serve `wheel` from a PEP 503 simple index on 127.0.0.1; yield the index's URL."""
    root = wheel.parent
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    project = root / "simple" / DISTRIBUTION
    project.mkdir(parents=True)
    (root / "simple" / "index.html").write_text(
        f'<!DOCTYPE html>\n<a href="{DISTRIBUTION}/">{DISTRIBUTION}</a>\n'
    )
    (project / "index.html").write_text(
        f'<!DOCTYPE html>\n<a href="../../{wheel.name}#sha256={digest}">{wheel.name}</a>\n'
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
        finally:
            server.shutdown()
            thread.join()


def runner_environment(venv_dir: Path, index: str) -> dict[str, str]:
    """A clean environment whose `python` is the venv's, as setup-python's is on a runner.

    pip reads no configuration file of this machine; it finds firm-handbook on the local
    index and the dependencies on PyPI.
    """
    keep = {"PIP_CERT", "PIP_DEFAULT_TIMEOUT"}
    env = {
        name: value
        for name, value in os.environ.items()
        if (not name.startswith(("PIP_", "PYTHON", "PYTEST_")) or name in keep)
        and name not in {"VIRTUAL_ENV", "HANDBOOK_CACHE_DIR"}
    }
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and Path(p) != ROOT / ".venv/bin"]
    env["PATH"] = os.pathsep.join([str(venv_dir / "bin"), *path])
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_INDEX_URL"] = index
    env["PIP_EXTRA_INDEX_URL"] = "https://pypi.org/simple/"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> str:
    """Run a workflow step's `run:` as GitHub's bash does (-e -o pipefail); return its output."""
    step_env = {name: str(value) for name, value in step.get("env", {}).items()}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env={**env, **step_env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=15 * 60,
    )
    assert result.returncode == 0, f"step {step['name']!r} failed:\n{result.stdout[-6000:]}"
    return result.stdout


@pytest.mark.slow
def test_the_generated_workflow_installs_the_release_and_builds(run: Run, tmp_path: Path) -> None:
    wheels = tmp_path / "index"
    wheel = build_wheel(wheels)
    assert wheel.name == f"firm_handbook-{__version__}-py3-none-any.whl"

    project, flow = init_project(run, tmp_path / "firm")
    build = flow["jobs"]["build"]
    steps = [step for step in build["steps"] if "run" in step]
    assert [step["name"] for step in steps] == [
        "Install handbook",
        "Check firm.yaml",
        "Build the site",
    ]
    workflow_env = {name: str(value) for name, value in flow["env"].items()}
    assert workflow_env == {"HANDBOOK": f"{DISTRIBUTION}=={__version__}"}

    # A checkout may hold a module named like the tools the steps run: none of it may run.
    for decoy in ("pip.py", "handbook.py", "mkdocs.py"):
        (project / decoy).write_text("raise SystemExit('ran code from the checkout')\n")
    runner = tmp_path / "runner-python"
    venv.EnvBuilder(with_pip=True).create(runner)
    with package_index(wheel) as index:
        env = {**runner_environment(runner, index), **workflow_env}
        install, check, build_step = steps
        run_step(install, project, env)
        # A fresh project still holds the starter's sample values: the check step stops the
        # workflow before anything is published; a firm that has replaced them goes on.
        refused = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", check["run"]],
            cwd=project, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "example.github.io" in refused.stdout + refused.stderr
        allowed = {**env, "HANDBOOK_ALLOW_PLACEHOLDERS": "1"}
        run_step(check, project, allowed)
        run_step(build_step, project, allowed)

    assert (project / "site" / "index.html").is_file()
    python = runner / "bin" / "python"
    where = subprocess.run(
        [python, "-I", "-c", "import handbook; print(handbook.__version__, handbook.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0] == __version__ and Path(where[1]).is_relative_to(runner), where
    # Everything installed is handbook or one of its pins, at the pinned version.
    frozen = subprocess.run(
        [python, "-m", "pip", "list", "--format", "freeze", "--exclude", "pip"],
        capture_output=True,
        text=True,
        check=True,
        env=runner_environment(runner, "unused"),
    ).stdout.split()
    installed = dict(line.split("==") for line in frozen)
    installed = {re.sub(r"[-_.]+", "-", n).lower(): v for n, v in installed.items()}
    installed.pop("setuptools", None)  # only where the venv module still adds it
    assert installed.pop(DISTRIBUTION) == __version__
    pinned = pinned_versions()
    assert {name: pinned.get(name) for name in installed} == installed


def test_no_step_of_the_generated_workflow_imports_from_the_checkout(
    run: Run, tmp_path: Path
) -> None:
    """`python -m` puts the working folder (the firm's checkout) first on sys.path; -I does not."""
    _, flow = init_project(run, tmp_path / "firm")
    runs = [
        line for step in flow["jobs"]["build"]["steps"] for line in step.get("run", "").splitlines()
    ]
    pythons = [line for line in runs if re.search(r"\bpython3?\b", line)]
    assert pythons, "the workflow runs no python"
    for line in pythons:
        for call in re.findall(r"\bpython3?\b(?: +-\S+)*", line):
            assert " -I" in call, f"{line!r}: {call!r} imports from the working folder"


def test_the_readme_shows_the_generated_install_step(run: Run, tmp_path: Path) -> None:
    """The README's "Publish on GitHub Pages" shows the commands that the slow test runs."""
    _, flow = init_project(run, tmp_path / "firm")
    (install,) = [s for s in flow["jobs"]["build"]["steps"] if s.get("name") == "Install handbook"]
    readme = (ROOT / "README.md").read_text()
    guide = readme.split("## Publish on GitHub Pages", 1)[1].split("\n## ", 1)[0]
    for line in install["run"].splitlines():
        assert line in guide, f"README, Publish on GitHub Pages, lacks: {line}"
    assert PINS_INSTALL in install["run"].splitlines()
    assert f'HANDBOOK: "{DISTRIBUTION}==' in guide


# --- the release workflow ----------------------------------------------------------------------


def test_actionlint_accepts_the_release_and_the_generated_workflow(
    run: Run, tmp_path: Path
) -> None:
    project = tmp_path / "firm"
    assert run("init", project).exit_code == 0
    generated = (project / ".github" / "workflows" / "handbook.yml").read_text()
    assert actionlint(generated, tmp_path) == []
    assert actionlint(RELEASE.read_text(), tmp_path) == []


def test_release_runs_on_version_tags_and_only_publish_may_ask_for_a_token() -> None:
    flow = load(RELEASE)
    assert flow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads the key `on` as True
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert set(jobs) == {"build", "test", "publish"}
    assert jobs["build"]["permissions"] == jobs["test"]["permissions"] == {"contents": "read"}
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert sorted(publish["needs"]) == ["build", "test"]
    assert jobs["test"]["needs"] == "build"
    uses = [step.get("uses", "").split("@")[0] for step in publish["steps"]]
    assert uses == ["actions/download-artifact", "pypa/gh-action-pypi-publish"]
    assert "with" not in publish["steps"][-1]  # trusted publishing: no password, no token
    assert publish["environment"]["url"] == f"https://pypi.org/project/{DISTRIBUTION}/"


def test_release_tests_the_wheel_as_firms_install_it() -> None:
    test = load(RELEASE)["jobs"]["test"]
    runs = "\n".join(step.get("run", "") for step in test["steps"])
    assert PINS_INSTALL in runs.splitlines()
    assert re.search(r"^python -I -m pip install --no-deps --only-binary :all: ", runs, re.M)
    assert "python -I -m pip check" in runs
    assert re.search(r"^handbook build$", runs, re.M)  # the demo firm, from the checkout
    # `python -m pytest` would put the checkout, and so its handbook/, first on sys.path.
    assert re.search(r"^pytest --import-mode=append ", runs, re.M)
    assert not re.search(r"^\S*python -m pytest", runs, re.M)
    env = next(step["env"] for step in test["steps"] if "pytest" in step.get("run", ""))
    assert env["HANDBOOK_TEST_INSTALLED"] == "1"


def _tag_check() -> str:
    build = load(RELEASE)["jobs"]["build"]
    (step,) = [s for s in build["steps"] if s.get("env", {}).get("TAG") == "${{ github.ref_name }}"]
    script: str = step["run"]
    return script


@pytest.mark.parametrize(
    ("tag", "ok"), [(f"v{__version__}", True), ("v99.0.0", False), (__version__, False)]
)
def test_release_refuses_a_tag_that_is_not_the_version(tag: str, ok: bool) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version == __version__
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _tag_check()],
        cwd=ROOT,
        env={
            **os.environ,
            "TAG": tag,
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
    )
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    if not ok:
        assert f"The tag {tag} is not v{version}" in result.stdout
