"""The command line: init, export, schema, serve, help, and the demo firm."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import ROOT, TODAY

Run = Callable[..., Result]


def test_help_lists_every_command(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "serve", "init", "export", "schema"):
        assert f"  {command} " in result.output


def test_init_then_build_in_an_empty_folder(run: Run, tmp_path: Path) -> None:
    project = tmp_path / "new-firm"
    result = run("init", project)
    assert result.exit_code == 0, result.output
    assert "# Who you are." in (project / "firm.yaml").read_text()  # commented starter
    result = run("build", "-c", project / "firm.yaml", "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    assert "Example Bookkeeping" in (project / "site" / "index.html").read_text()
    assert (project / "site" / "sole-proprietors" / "index.html").is_file()
    assert (project / "site" / "legal" / "index.html").is_file()


def test_init_refuses_a_folder_with_files(run: Run, tmp_path: Path) -> None:
    (tmp_path / "firm.yaml").write_text("mine")
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert (tmp_path / "firm.yaml").read_text() == "mine"


def test_export_is_a_standard_project_that_plain_mkdocs_builds(
    run: Run, small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "exported"
    result = run("export", out, "-c", small / "firm.yaml", "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert process.returncode == 0, process.stderr
    assert "Ewa Nowak" in (out / "site" / "books" / "index.html").read_text()


def test_export_refuses_an_output_over_the_limits_as_build_does(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export is the build without the engine: a project over the file limit is refused by both,
    and neither leaves a folder behind (the limit lowered to 400 files, so that this test
    writes 400 files, not 50,000: the check is the same)."""
    from handbook.output import publish

    monkeypatch.setattr(publish, "MAX_FILES", 400)
    scans = small / "docs" / "scans"
    scans.mkdir(parents=True)
    for i in range(400 + 1):
        (scans / f"{i}.txt").write_bytes(b"")
    message = "the staged project has more than 400 files, so it was not built"
    built = run("build", "-c", small / "firm.yaml", "-d", tmp_path / "site", "--today", TODAY)
    assert built.exit_code == 1 and message in built.output, built.output
    exported = run("export", tmp_path / "out", "-c", small / "firm.yaml", "--today", TODAY)
    assert exported.exit_code == 1 and message in exported.output, exported.output
    assert not (tmp_path / "site").exists() and not (tmp_path / "out").exists()
    assert not list(tmp_path.glob(".handbook-build-*"))


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in schema.get("$defs", {}).items():
        for prop, spec in definition.get("properties", {}).items():
            yield f"{name}.{prop}", spec
    for prop, spec in schema.get("properties", {}).items():
        yield prop, spec


def test_schema_describes_every_field(run: Run, tmp_path: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "firm.yaml"
    fields = list(_properties(schema))
    assert len(fields) > 150

    def described(spec: dict[str, Any]) -> bool:
        # Pydantic omits a field's description when its model's own says the same.
        target = spec.get("$ref", "").rsplit("/", 1)[-1]
        return bool(spec.get("description") or schema["$defs"].get(target, {}).get("description"))

    assert [name for name, spec in fields if not described(spec)] == []
    assert schema["$defs"]["Segment"]["additionalProperties"] is False


def test_demo_firm_is_complete(run: Run) -> None:
    result = run("check", "-c", ROOT / "firm.yaml")
    assert result.exit_code == 0, result.output
    from handbook.input.config import load_firm

    firm, _ = load_firm(ROOT / "firm.yaml")
    assert len(firm.segments) >= 4 and len(firm.packages) >= 4
    assert len(firm.deadlines) >= 10 and len(firm.videos) >= 8 and len(firm.team) >= 3
    channels = firm.communication.channels
    assert len(channels) >= 4
    assert [c.kind for c in channels if not c.allowed] == ["text"]
    assert firm.rules.earlier, "the demo needs an earlier rules version"


def test_bad_today_is_a_clear_error(run: Run, small: Path) -> None:
    result = run("build", "-c", small / "firm.yaml", "--today", "23/11/2026")
    assert result.exit_code == 1
    assert "--today must be a date YYYY-MM-DD, got '23/11/2026'" in result.output


def test_quiet_build_prints_nothing_and_normal_build_a_summary(run: Run, small: Path) -> None:
    args = ("build", "-c", small / "firm.yaml", "--today", TODAY, "--allow-placeholders")
    quiet = run(*args, "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    loud = run(*args)
    assert loud.exit_code == 0
    assert re.match(
        r"Built \d+ pages and 2 PDF handouts \(0 rendered, 2 reused\) into \S+small/site "
        r"in [0-9.]+s\.$",
        loud.output.strip(),
    )


def test_progress_shows_each_step_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from handbook.progress import Reporter

    monkeypatch.delenv("CI", raising=False)
    out = io.StringIO()
    reporter = Reporter(console=Console(file=out, force_terminal=True, width=80))
    with reporter.step("Writing pages"):
        pass
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert re.search(r"✓ Writing pages \(\d+\.\ds\)", plain), plain  # any duration: no timing
    monkeypatch.setenv("CI", "true")
    out = io.StringIO()
    reporter = Reporter(console=Console(file=out, force_terminal=True, width=80))
    with reporter.step("Writing pages"):
        pass
    assert out.getvalue() == ""


def test_every_command_option_and_argument_has_help() -> None:
    import click

    from handbook.commands.cli import cli

    ctx = click.Context(cli, info_name="handbook")
    commands: dict[str, click.Command] = {"handbook": cli, **cli.commands}
    for name, command in commands.items():
        assert (command.help or "").strip(), f"{name} has no help text"
        assert command.callback and (command.callback.__doc__ or "").strip(), (
            f"{name} has no docstring"
        )
        for param in command.get_params(ctx):
            if isinstance(param, click.Option):
                assert (param.help or "").strip(), f"{name} {param.opts} has no help"
            else:  # an argument is described in its command's help
                assert param.human_readable_name in (command.help or ""), f"{name} {param.name}"


def _one_of_each(project: Path) -> Path:
    """Trim the small firm to one segment, package, deadline and video."""
    firm = project / "firm.yaml"
    text = firm.read_text()

    def cut(text: str, first: str, next_: str) -> str:
        start = text.index(first)
        return text[:start] + text[text.index(next_, start) :]

    text = cut(text, "  - slug: self-service\n", "\ndeadlines:\n")
    text = cut(text, "  - slug: plus\n", "\nsegments:\n")
    text = text.replace("packages: [basic, plus]", "packages: [basic]")
    text += (
        "videos:\n  - slug: portal-tour\n    question: How do I use the portal?\n"
        "    url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n"
    )
    firm.write_text(text)
    return firm


def test_counts_are_singular_for_one_and_plural_otherwise(
    run: Run, small: Path, tmp_path: Path
) -> None:
    result = run("check", "-c", small / "firm.yaml")
    assert result.output.endswith(": OK (2 segments, 2 packages, 1 deadline, 0 videos)\n")
    firm = _one_of_each(small)
    result = run("check", "-c", firm)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": OK (1 segment, 1 package, 1 deadline, 1 video)\n")
    result = run("build", "-c", firm, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"^Built \d+ pages and 1 PDF handout \((1 rendered, 0|0 rendered, 1) reused\)",
        result.output,
        re.MULTILINE,
    ), result.output
    result = run("export", tmp_path / "exported", "-c", firm, "--today", TODAY)
    assert re.search(r"^Exported \d+ pages to ", result.output, re.MULTILINE), result.output
    text = firm.read_text()
    firm.write_text(text.replace("relationship: personal", "relationship: x"))
    assert run("check", "-c", firm).output.endswith("\n1 problem found; nothing was built.\n")
    firm.write_text(
        text.replace("relationship: personal", "relationship: x").replace("day: 20", "day: 45")
    )
    assert run("check", "-c", firm).output.endswith("\n2 problems found; nothing was built.\n")


def test_counted_says_one_thing_and_many_things() -> None:
    from handbook.progress import counted

    assert [counted(n, "page") for n in (0, 1, 2, 1500)] == [
        "0 pages",
        "1 page",
        "2 pages",
        "1,500 pages",
    ]
