"""Security review of the GitHub Actions workflow that `handbook init` writes.

Every action is pinned to a full commit SHA with its release tag in a trailing comment, the
checkout keeps the token out of the clone, and zizmor (offline) finds nothing above "Low".
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import Result

Run = Callable[..., Result]

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(.*?)\s*$")
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(?:\.\d+)*")
# zizmor's severities, lowest first: Informational, Low, Medium, High (and Unknown).
AT_MOST_LOW = {"Informational", "Low"}


def init_workflows(run: Run, tmp_path: Path) -> list[Path]:
    """Run `handbook init` through the CLI; return the workflow files it wrote."""
    project = tmp_path / "firm"
    result = run("init", project)
    assert result.exit_code == 0, result.output
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert workflows, f"`handbook init` wrote no workflow under {project / '.github/workflows'}"
    return workflows


def steps_with_uses(text: str) -> list[dict[str, Any]]:
    flow = yaml.safe_load(text)
    return [s for job in flow["jobs"].values() for s in job.get("steps", []) if "uses" in s]


def unpinned(text: str) -> list[str]:
    """The `uses:` lines that are not `owner/repo@<40-hex sha> # vX.Y.Z`."""
    lines = [m.group(1) for line in text.splitlines() if (m := USES_LINE.match(line))]
    # Every step YAML sees must have been looked at here (no flow-style `{uses: ...}`).
    assert len(lines) == len(steps_with_uses(text)), lines
    return [value for value in lines if not PINNED.fullmatch(value)]


def zizmor() -> str:
    beside_python = Path(sys.executable).with_name("zizmor")
    found = str(beside_python) if beside_python.is_file() else shutil.which("zizmor")
    assert found, "zizmor is missing: pip install -e '.[test]'"
    return found


def findings_above_low(workflow: Path) -> list[dict[str, Any]]:
    """zizmor's findings on `workflow` (offline, default persona, no config) above Low."""
    out = subprocess.run(
        [zizmor(), "--offline", "--no-config", "--no-exit-codes", "--format", "json", workflow],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, f"zizmor failed ({out.returncode}):\n{out.stderr}"
    findings: list[dict[str, Any]] = json.loads(out.stdout)
    return [
        f
        for f in findings
        if not f.get("ignored") and f["determinations"]["severity"] not in AT_MOST_LOW
    ]


def describe(findings: list[dict[str, Any]]) -> str:
    lines = []
    for f in findings:
        where = f["locations"][0]["concrete"]
        line = where["location"]["start_point"]["row"] + 1
        severity = f["determinations"]["severity"]
        feature = " ".join(where["feature"].split())
        lines.append(f"{f['ident']} ({severity}) line {line}: {f['desc']}: {feature}")
    return "\n".join(lines)


def test_every_action_is_pinned_to_a_commit_with_its_tag(run: Run, tmp_path: Path) -> None:
    for workflow in init_workflows(run, tmp_path):
        text = workflow.read_text()
        assert steps_with_uses(text), f"{workflow.name} uses no actions"
        assert unpinned(text) == [], f"{workflow.name}: not pinned to a commit SHA with its tag"


def test_checkout_does_not_persist_credentials(run: Run, tmp_path: Path) -> None:
    for workflow in init_workflows(run, tmp_path):
        text = workflow.read_text()
        checkouts = [s for s in steps_with_uses(text) if s["uses"].startswith("actions/checkout@")]
        assert checkouts, f"{workflow.name} has no checkout step"
        for step in checkouts:
            assert step.get("with", {}).get("persist-credentials") is False, step


def test_zizmor_finds_nothing_above_low(run: Run, tmp_path: Path) -> None:
    for workflow in init_workflows(run, tmp_path):
        findings = findings_above_low(workflow)
        assert findings == [], f"zizmor on {workflow.name}:\n{describe(findings)}"


def test_the_checks_catch_a_checkout_on_a_tag(run: Run, tmp_path: Path) -> None:
    """The checks above can fail: the same workflow with checkout back on a movable tag."""
    workflow = init_workflows(run, tmp_path)[0]
    text = workflow.read_text()
    broken, count = re.subn(r"actions/checkout@[0-9a-f]{40} # \S+", "actions/checkout@v6", text)
    assert count == 1, text
    workflow.write_text(broken)
    assert unpinned(broken) == ["actions/checkout@v6"]
    assert {f["ident"] for f in findings_above_low(workflow)} == {"unpinned-uses"}


# --- the project's own release workflow ---------------------------------------------------------

RELEASE = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "release.yml"


def test_release_workflow_is_pinned_keeps_no_credentials_and_zizmor_finds_nothing() -> None:
    text = RELEASE.read_text()
    assert steps_with_uses(text), "release.yml uses no actions"
    assert unpinned(text) == [], "release.yml: not pinned to a commit SHA with its tag"
    checkouts = [s for s in steps_with_uses(text) if s["uses"].startswith("actions/checkout@")]
    assert checkouts, "release.yml has no checkout step"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, step
    findings = findings_above_low(RELEASE)
    assert findings == [], f"zizmor on release.yml:\n{describe(findings)}"


def test_both_workflows_pin_an_action_to_the_same_release() -> None:
    """An action used by both workflows is at one commit, so one upgrade moves both."""
    from handbook.commands.scaffold import workflow

    def pins(text: str) -> dict[str, str]:
        return dict(s["uses"].split("@") for s in steps_with_uses(text))

    generated, release = pins(workflow()), pins(RELEASE.read_text())
    shared = generated.keys() & release.keys()
    assert shared == {"actions/checkout", "actions/setup-python"}
    assert {a: generated[a] for a in shared} == {a: release[a] for a in shared}
