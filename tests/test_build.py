"""`handbook build` and `export`: golden pages, branding, escaping, reproducibility, atomicity."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import TODAY, tree

Run = Callable[..., Result]
GOLDEN = Path(__file__).resolve().parent / "golden" / "small"


def _build(run: Run, project: Path, *extra: str) -> Result:
    return run("build", "-c", project / "firm.yaml", "--today", TODAY, "-q", *extra)


def test_staged_markdown_matches_golden_files(
    run: Run, small: Path, tmp_path: Path, update_golden: bool
) -> None:
    out = tmp_path / "export"
    result = run("export", out, "-c", small / "firm.yaml", "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    staged = {
        path: data
        for path, data in tree(out).items()
        if path == "mkdocs.yml" or (path.endswith(".md") and path != "docs/privacy.md")
    }
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in staged.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    expected = tree(GOLDEN)
    assert sorted(staged) == sorted(expected)
    for path, data in staged.items():
        assert data.decode() == expected[path].decode(), f"{path} differs from tests/golden"


def test_build_writes_branded_pages_with_footer_and_own_docs(run: Run, small: Path) -> None:
    result = _build(run, small)
    assert result.exit_code == 0, result.output
    site = small / "site"
    home = (site / "index.html").read_text()
    # Every segment is offered on the home page, linking to its handbook.
    assert 'href="books/"' in home and 'href="self-service/"' in home
    assert (site / "books" / "index.html").is_file()
    assert (site / "self-service" / "index.html").is_file()
    # The firm's own page is published and in the navigation; its source is untouched.
    assert "We keep your records for five years." in (site / "privacy" / "index.html").read_text()
    assert (small / "docs" / "privacy.md").read_text().startswith("# Privacy")
    # Branding: the logo, the brand colours as CSS variables, and dark text on a light yellow.
    assert 'src="assets/brand/logo.svg"' in home
    brand = (site / "assets" / "handbook-brand.css").read_text().replace(" ", "")  # minified
    assert "--md-primary-fg-color:#ffd54f;" in brand
    assert "--md-primary-bg-color:#1b1b1b;" in brand
    # Footer: contact details on every page.
    for page in ("index.html", "books/index.html"):
        html = (site / page).read_text()
        assert 'href="tel:+48225550100"' in html and "biuro@nowak.example" in html
        assert "© 2026 Nowak &amp; Daughters" in html
    # No web fonts from other hosts.
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_plain_text_fields_cannot_inject_markup(run: Run, small: Path) -> None:
    assert _build(run, small).exit_code == 0
    home = (small / "site" / "index.html").read_text()
    # The tagline holds a Markdown link to javascript: and an HTML tag: both shown as text.
    assert "javascript:alert" in home  # visible as text...
    assert 'href="javascript:' not in home  # ...but never a link
    assert "&lt;b&gt;bold&lt;/b&gt;" in home
    assert "Books *kept*" in home


def test_price_is_formatted_for_the_locale(run: Run, small: Path) -> None:
    assert _build(run, small).exit_code == 0
    page = (small / "site" / "books" / "packages" / "index.html").read_text()
    assert "PLN\u00a0800 per month" in page
    assert "from PLN\u00a01,499.50 per quarter" in page


def test_changing_a_value_changes_the_site(run: Run, small: Path) -> None:
    assert _build(run, small).exit_code == 0
    firm = small / "firm.yaml"
    firm.write_text(firm.read_text().replace("answer: {within: 2,", "answer: {within: 4,"))
    assert _build(run, small).exit_code == 0
    page = (small / "site" / "books" / "communication" / "index.html").read_text()
    assert "You get a full answer within 4 business days." in page


def test_firm_template_overrides_bundled_one(run: Run, small: Path) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "home.md.j2").write_text("# {{ firm.firm.name }} (our own home)\n")
    assert _build(run, small).exit_code == 0
    assert "(our own home)" in (small / "site" / "index.html").read_text()


def test_two_builds_with_the_same_date_are_byte_identical(
    run: Run, small: Path, tmp_path: Path
) -> None:
    assert _build(run, small, "-d", tmp_path / "one").exit_code == 0
    time.sleep(1.1)  # a clock-dependent byte would now differ
    assert _build(run, small, "-d", tmp_path / "two").exit_code == 0
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []


def test_source_date_epoch_sets_the_build_date(
    run: Run, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    result = run("build", "-c", small / "firm.yaml", "-q")
    assert result.exit_code == 0, result.output
    assert "© 2030 Nowak" in (small / "site" / "index.html").read_text()


def test_bad_input_leaves_previous_site_exactly_as_it_was(run: Run, small: Path) -> None:
    assert _build(run, small).exit_code == 0
    before = tree(small / "site")
    firm = small / "firm.yaml"
    firm.write_text(firm.read_text().replace("relationship: personal", "relationship: friend"))
    result = _build(run, small)
    assert result.exit_code == 1
    assert "segments[0].relationship: must be one of personal, automated" in result.output
    assert tree(small / "site") == before
    assert [p.name for p in small.iterdir() if p.name.startswith(".handbook")] == []


def test_failing_engine_leaves_previous_site_and_no_litter(run: Run, small: Path) -> None:
    assert _build(run, small).exit_code == 0
    before = tree(small / "site")
    # A page that links a Markdown extension MkDocs cannot load makes the engine fail.
    (small / "mkdocs.yml").write_text("markdown_extensions:\n  - no_such_extension\n")
    result = _build(run, small)
    assert result.exit_code == 1
    assert "mkdocs could not build the site" in result.output
    assert tree(small / "site") == before
    assert [p.name for p in small.iterdir() if p.name.startswith(".handbook")] == []


SLOW_ENGINE = """
import pathlib, sys, time
import handbook.build

def slow_engine(engine, config_file, site_dir, epoch, cache=None):
    (pathlib.Path(site_dir) / "assets").mkdir(parents=True)
    time.sleep(120)
    return []

handbook.build.build_site = slow_engine
from handbook.commands.cli import main
main(sys.argv[1:])
"""
"""`handbook` with an engine that starts writing the site, then waits to be stopped."""


def _start_build(project: Path) -> subprocess.Popen[bytes]:
    """Start `handbook build` in a process of its own, with an engine that never finishes.

    A day after the site's build: a site built from the same staging that day is kept whole
    (builtsite.py), and the engine would not run."""
    args = ["build", "-c", str(project / "firm.yaml"), "--today", "2026-11-24", "-q"]
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_ENGINE, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A shell starts a background job with SIGINT ignored, and Python then never raises
        # KeyboardInterrupt: restore it, as in a terminal, however this suite was started.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_engine(project: Path, process: subprocess.Popen[bytes]) -> None:
    """Wait until the engine has started writing the new site in the staging folder."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if list(project.glob(".handbook-build-*/languages/*/assets")):
            return
        assert process.poll() is None, "build finished before it could be interrupted"
        time.sleep(0.005)
    raise AssertionError("the engine never started")


@pytest.fixture
def slow_project(run: Run, small: Path) -> Path:
    """The small firm, built once: the site that a stopped build must leave as it was."""
    assert _build(run, small).exit_code == 0
    return small


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_build_keeps_site_and_cleans_up(slow_project: Path, sig: int) -> None:
    before = tree(slow_project / "site")
    process = _start_build(slow_project)
    _wait_for_engine(slow_project, process)
    process.send_signal(sig)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert tree(slow_project / "site") == before
    assert list(slow_project.glob(".handbook-build-*")) == []


def test_killed_build_keeps_site_and_next_build_sweeps_litter(run: Run, slow_project: Path) -> None:
    before = tree(slow_project / "site")
    process = _start_build(slow_project)
    _wait_for_engine(slow_project, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert tree(slow_project / "site") == before
    assert len(list(slow_project.glob(".handbook-build-*"))) == 1  # SIGKILL cannot clean up
    assert _build(run, slow_project).exit_code == 0
    assert list(slow_project.glob(".handbook-build-*")) == []


def test_staging_left_at_any_moment_is_swept_but_a_live_build_is_not(run: Run, small: Path) -> None:
    # Killed before taking its lock, or during clean-up after the lock file was removed.
    (small / ".handbook-build-early").mkdir()
    (small / ".handbook-build-late" / "site").mkdir(parents=True)
    (small / ".handbook-build-late" / "pid").write_text("")  # an older build's empty pid
    # A build in progress (this process holds its lock) must survive the sweep.
    live = small / ".handbook-build-live"
    live.mkdir()
    lock = os.open(live / ".lock", os.O_RDONLY | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        assert _build(run, small).exit_code == 0
        assert sorted(p.name for p in small.glob(".handbook-build-*")) == [".handbook-build-live"]
    finally:
        os.close(lock)
    assert _build(run, small).exit_code == 0
    assert list(small.glob(".handbook-build-*")) == []


def test_refuses_to_replace_a_folder_that_is_not_a_site(run: Run, small: Path) -> None:
    result = _build(run, small, "-d", small / "docs")
    assert result.exit_code == 1
    assert "refusing to build into" in result.output
    assert (small / "docs" / "privacy.md").is_file()
    result = _build(run, small, "-d", small / "docs" / "site")
    assert result.exit_code == 1
    assert "it is inside" in result.output
    other = small / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    result = _build(run, small, "-d", other)
    assert result.exit_code == 1
    assert "is not empty and was not built by handbook" in result.output
    assert (other / "keep.txt").read_text() == "mine"
    (other / "index.html").write_text("<p>a page of mine</p>")  # looks like a site, is not one
    result = _build(run, small, "-d", other)
    assert result.exit_code == 1
    assert (other / "index.html").read_text() == "<p>a page of mine</p>"
    result = _build(run, small, "-d", other, "--force")
    assert result.exit_code == 0, result.output
    assert (other / ".handbook-site").is_file() and not (other / "keep.txt").exists()
    assert _build(run, small, "-d", other).exit_code == 0  # stamped: replaced without --force


def test_zensical_engine_builds_the_same_pages(run: Run, small: Path) -> None:
    result = _build(run, small, "--engine", "zensical")
    assert result.exit_code == 0, result.output
    site = small / "site"
    for page in ("index.html", "books/index.html", "self-service/index.html", "privacy/index.html"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text()
    assert "handbook-brand.css" in home and "biuro@nowak.example" in home
