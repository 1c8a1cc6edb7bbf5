"""The starter's sample values: check and build name each one, deploy and letters refuse them."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from handbook.input.placeholders import reserved_host, sample_phone, sample_tax_id
from tests.conftest import TODAY

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as a firm does: without HANDBOOK_ALLOW_PLACEHOLDERS in the environment."""
    monkeypatch.delenv("HANDBOOK_ALLOW_PLACEHOLDERS", raising=False)


def _real(project: Path) -> Path:
    """Give the small firm real-looking addresses, so that only what a test adds is a sample."""
    firm = project / "firm.yaml"
    firm.write_text(firm.read_text().replace("nowak.example", "nowak.pl"))
    (project / "mkdocs.yml").write_text("site_url: https://nowak.pl/handbook/\n")
    return firm


def _at(text: str, needle: str) -> str:
    """Return `line:col` of the value after `needle` in a file's text."""
    before = text[: text.index(needle) + len(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_check_and_build_name_each_sample_at_its_place(run: Run, small: Path) -> None:
    firm = _real(small)
    text = firm.read_text()
    text = text.replace("  email: biuro@nowak.pl\n", "  email: biuro@nowak.example\n", 1)
    text = text.replace("  phone: +48 22 555 01 00\n", "  phone: +1 212 555 0123\n", 1)
    text = text.replace(
        "  email: biuro@nowak.example\n",
        "  email: biuro@nowak.example\n  legal:\n    form: sp. z o.o.\n"
        "    ids: {NIP: 526-104-08-28}\n",
        1,
    )
    firm.write_text(text)
    (small / "mkdocs.yml").write_text("site_url: https://example.github.io/handbook/\n")
    expected = [
        f"firm.yaml:{_at(text, '  email: ')}: firm.email: biuro@nowak.example uses "
        "nowak.example, reserved for examples",
        f"firm.yaml:{_at(text, 'ids: {NIP: ')}: firm.legal.ids.NIP: NIP 526-104-08-28 is the "
        "starter's sample number",
        f"firm.yaml:{_at(text, '  phone: ')}: firm.phone: +1 212 555 0123 is a sample phone "
        "number (555-0100 to 555-0199 are kept for fiction)",
        "mkdocs.yml:1:11: site_url: https://example.github.io/handbook/ is a sample address",
    ]
    check = run("check", "-c", firm)
    assert check.exit_code == 0, check.output
    build = run("build", "-c", firm, "--today", TODAY, "-q")
    assert build.exit_code == 0, build.output
    for output in (check.output, build.output):
        warnings = [line for line in output.splitlines() if line.startswith("warning: ")]
        for line, start in zip(warnings[:-1], expected, strict=True):
            assert line.startswith(f"warning: {start}"), output
        assert warnings[-1].startswith("warning: 4 sample values would reach clients"), output
    quiet = run("check", "-q", "--allow-placeholders", "-c", firm)
    assert quiet.exit_code == 0 and quiet.output == "", quiet.output


def test_a_firm_with_its_own_values_gets_no_warning(run: Run, small: Path) -> None:
    firm = _real(small)
    result = run("check", "-c", firm)
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_letter_refuses_samples_and_names_them_unless_allowed(run: Run, small: Path) -> None:
    refused = run("links", "--letter", "books", "-c", small / "firm.yaml")
    assert refused.exit_code == 1
    assert refused.output.startswith("error: links --letter refused: 3 sample values would reach")
    assert (
        "mkdocs.yml:1:11: site_url: https://nowak.example/handbook/ is a sample" in refused.output
    )
    assert "firm.yaml:6:10: firm.email: biuro@nowak.example uses nowak.example" in refused.output
    assert "pass --allow-placeholders" in refused.output and "Traceback" not in refused.output
    assert "incorporated" not in refused.output  # no clause printed
    allowed = run("links", "--letter", "books", "--allow-placeholders", "-c", small / "firm.yaml")
    assert allowed.exit_code == 0 and "https://nowak.example/handbook/rules/" in allowed.output


def test_deploy_refuses_samples_before_building_and_pushes_nothing(
    run: Run, small: Path, tmp_path: Path
) -> None:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=small, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(bare)], cwd=small, check=True)
    result = run("deploy", "-c", small / "firm.yaml", "--today", TODAY, "-q")
    assert result.exit_code == 1
    assert result.output.startswith("error: deploy refused: 3 sample values would reach clients")
    assert "firm.yaml:64:12: team[0].email: ewa@nowak.example" in result.output
    assert not (small / "site").exists()  # refused before building
    branches = subprocess.run(["git", "branch", "-a"], cwd=bare, capture_output=True, text=True)
    assert branches.stdout == ""


@pytest.mark.parametrize("command", ["check", "build", "deploy", "links"])
def test_help_documents_allow_placeholders(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert (
        "--allow-placeholders" in result.output and "HANDBOOK_ALLOW_PLACEHOLDERS" in result.output
    )


@pytest.mark.parametrize(
    ("value", "sample"),
    [
        ("example.github.io", True),
        ("portal.example.com", True),
        ("nowak.example", True),
        ("site.test", True),
        ("example.company.com", False),
        ("myexample.com", False),
        ("nowak.pl", False),
    ],
)
def test_reserved_hosts(value: str, sample: bool) -> None:
    assert reserved_host(value) is sample


def test_sample_phones_and_tax_ids() -> None:
    assert sample_phone("+1 718 555 0142", "US") and sample_phone("(212) 555-0199", "US")
    assert sample_phone("+48 12 345 67 89", "PL") and sample_phone("910 000 100", "ES")
    assert not sample_phone("+1 212 555 0200", "US") and not sample_phone("+48 22 555 01 00", "PL")
    assert (
        sample_tax_id("B12345674") and sample_tax_id("ESB12345674") and sample_tax_id("5261040828")
    )
    assert not sample_tax_id("B87654321")


def test_strict_check_fails_on_samples_as_the_publishing_workflow_runs_it(
    run: Run, small: Path
) -> None:
    strict = run("check", "--strict", "-c", small / "firm.yaml")
    assert strict.exit_code == 1
    assert strict.output.startswith("error: check --strict refused: 3 sample values"), strict.output
    allowed = run("check", "--strict", "--allow-placeholders", "-c", small / "firm.yaml")
    assert allowed.exit_code == 0, allowed.output
    assert run("check", "--strict", "-c", _real(small)).exit_code == 0
