"""A rebuild after an edit writes only what the edit changed, and gives the clean build's site.

handbook keeps the staged project between builds (handbook/kepttree.py): a segment whose key
is unchanged keeps its files. These tests edit a firm the ways firms do, and compare each
rebuild with a build from nothing, byte for byte.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from handbook import build as builds
from handbook.builtsite import BuiltSite
from handbook.commands.cli import cli
from handbook.errors import HandbookError
from handbook.output.languagetrees import assembled
from handbook.progress import Reporter
from handbook.project import Project
from tests.conftest import FIXTURES, TODAY, copy_demo, tree

TEXT = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


def build(project: Path, cache: Path, site: Path, today: str = TODAY) -> None:
    """Build `project` into `site` with `cache` as its cache folder."""
    args = ["build", "-c", str(project / "firm.yaml"), "-d", str(site), "--today", today, "-q"]
    result = CliRunner().invoke(cli, args, env={"HANDBOOK_CACHE_DIR": str(cache)})
    assert result.exit_code == 0, result.output


def firm(project: Path) -> dict[str, Any]:
    """Read firm.yaml, its times as the text they are (YAML 1.1 reads 08:00 as a number)."""
    text = re.sub(r"\b(\d\d:\d\d)\b", r'"\1"', (project / "firm.yaml").read_text(encoding="utf-8"))
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def write(project: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (project / "firm.yaml").write_text(text, encoding="utf-8")


def edit(data: dict[str, Any], kind: str, i: int, text: str, day: int) -> dict[str, Any]:
    """Return the firm with one edit of `kind` made, as a firm would make it."""
    data = copy.deepcopy(data)
    segments = data["segments"]
    segment = segments[i % len(segments)]
    if kind == "description":
        segment["description"] = f"{segment['description']} {text}"
    elif kind == "name":
        segment["name"] = text
    elif kind == "deadline day":
        data["deadlines"][0]["when"]["day"] = day
    elif kind == "segment deadlines":
        segment["deadlines"] = [] if segment.get("deadlines") else ["vat"]
    elif kind == "new segment":
        added = copy.deepcopy(segment)
        added["slug"] = f"more-{len(segments)}"
        added["name"] = text
        segments.append(added)
    elif kind == "segment gone" and len(segments) > 1:
        segments.remove(segment)
    elif kind == "relationship":
        segment["relationship"] = (
            "automated" if segment["relationship"] == "personal" else "personal"
        )
        segment["contact"] = "ewa"
    elif kind == "firm name":
        data["firm"]["name"] = text
    elif kind == "price":
        data["packages"][0]["price"]["amount"] = day * 10
    return data


EDITS = st.sampled_from(
    [
        "description",
        "name",
        "deadline day",
        "segment deadlines",
        "new segment",
        "segment gone",
        "relationship",
        "firm name",
        "price",
    ]
)


@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # a build takes a second: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(edits=[("segment deadlines", 1, "x", 1), ("relationship", 0, "x", 1)], own_page=False)
@example(edits=[("new segment", 0, "More clients", 1), ("segment gone", 1, "x", 1)], own_page=True)
@given(
    edits=st.lists(
        st.tuples(EDITS, st.integers(0, 3), TEXT, st.integers(1, 28)), min_size=1, max_size=2
    ),
    own_page=st.booleans(),
)
def test_a_rebuild_after_edits_is_the_clean_build(
    tmp_path: Path, edits: list[tuple[str, int, str, int]], own_page: bool
) -> None:
    work = (
        tmp_path / f"example-{len(os.listdir(tmp_path))}"
    )  # tmp_path is the test's, not the example's
    project = work / "project"
    shutil.copytree(FIXTURES / "small", project)
    build(project, work / "cache", work / "site")
    data = firm(project)
    for kind, i, text, day in edits:
        data = edit(data, kind, i, text, day)
        write(project, data)
        if own_page:  # a page of the firm's own in place of a generated one, which pages link
            (project / "docs" / "team.md").write_text("# Our team\n", encoding="utf-8")
        build(project, work / "cache", work / "site")
    build(project, work / "clean-cache", work / "clean-site")
    assert tree(work / "site") == tree(work / "clean-site")


def assert_clean(project: Path, tmp_path: Path) -> None:
    """Check that the site in `tmp_path/site` is the one a build from nothing makes."""
    build(project, tmp_path / "clean", tmp_path / "clean-site")
    assert tree(tmp_path / "site") == tree(tmp_path / "clean-site")


def built_once(project: Path, tmp_path: Path) -> Path:
    """Build `project` into `tmp_path/site` with a cache of its own; return that cache."""
    return built_once_into(project, tmp_path, tmp_path / "site")


def built_once_into(project: Path, tmp_path: Path, site: Path) -> Path:
    """Build `project` into `site` with a cache of its own in `tmp_path`; return that cache."""
    cache = tmp_path / "cache"
    build(project, cache, site)
    return cache


def staged(cache: Path) -> Path:
    """Return the staged project the build keeps in `cache`."""
    return cache / "engines" / "mkdocs" / "project"


def test_an_edit_to_one_segment_rewrites_that_segment_alone(small: Path, tmp_path: Path) -> None:
    cache = built_once(small, tmp_path)
    docs = staged(cache) / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    data = firm(small)
    data["segments"][0]["name"] = "Edited clients"  # its pages' titles, its handout
    write(small, data)
    build(small, cache, tmp_path / "site")
    changed = {p.relative_to(docs).as_posix() for p in before if p.stat().st_mtime_ns != before[p]}
    assert changed, "the edited segment's pages were not written again"
    assert all(not path.startswith("self-service/") for path in changed), changed
    assert any(path.startswith("books/") for path in changed), changed
    assert "Edited clients" in (tmp_path / "site" / "books" / "index.html").read_text("utf-8")


def test_a_staged_file_changed_outside_a_build_is_written_again(
    small: Path, tmp_path: Path
) -> None:
    cache = built_once(small, tmp_path)
    page = staged(cache) / "docs" / "self-service" / "rules" / "index.md"
    page.write_text("# Someone else's page\n", encoding="utf-8")
    build(small, cache, tmp_path / "site")
    assert "Someone else" not in (
        tmp_path / "site" / "self-service" / "rules" / "index.html"
    ).read_text(encoding="utf-8")
    assert_clean(small, tmp_path)


def test_a_kept_project_without_its_manifest_is_staged_afresh(small: Path, tmp_path: Path) -> None:
    cache = built_once(small, tmp_path)
    stray = staged(cache) / "docs" / "stray.md"
    stray.write_text("# Not ours\n", encoding="utf-8")
    for manifest in (cache / "engines" / "mkdocs").glob("staged-*.json"):
        manifest.write_bytes(manifest.read_bytes()[:-1] + b"x")  # its seal no longer verifies
    build(small, cache, tmp_path / "site")
    assert not stray.exists()
    assert not (tmp_path / "site" / "stray").exists()
    assert_clean(small, tmp_path)


def test_a_kept_file_forged_with_its_size_and_time_is_not_published(
    small: Path, tmp_path: Path
) -> None:
    cache = built_once(small, tmp_path)
    page = staged(cache) / "docs" / "self-service" / "rules" / "index.md"
    stat = page.stat()
    text = page.read_bytes()
    forged = b"<script>alert(1)</script>".ljust(len(text), b" ")
    page.write_bytes(forged)
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(small, cache, tmp_path / "site")
    html = (tmp_path / "site" / "self-service" / "rules" / "index.html").read_bytes()
    assert b"alert(1)" not in html
    assert page.read_bytes() == text


def test_a_link_planted_in_the_kept_project_leads_nowhere(small: Path, tmp_path: Path) -> None:
    cache = built_once(small, tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("mine\n", encoding="utf-8")
    kept = staged(cache) / "docs" / "self-service"
    shutil.copytree(kept, outside / "copy")
    shutil.rmtree(kept)
    kept.symlink_to(outside, target_is_directory=True)  # where the segment's files were
    data = firm(small)
    data["segments"][1]["name"] = "Online clients"  # its files are written again
    write(small, data)
    build(small, cache, tmp_path / "site")
    assert sorted(p.name for p in outside.iterdir()) == ["copy", "keep.md"]
    assert (outside / "keep.md").read_text(encoding="utf-8") == "mine\n"
    assert not kept.is_symlink()
    assert_clean(small, tmp_path)


def test_a_rebuild_a_year_later_is_the_clean_build_of_that_day(small: Path, tmp_path: Path) -> None:
    cache = built_once(small, tmp_path)
    later = "2027-12-30"  # other due dates, another year's holidays, the rules in force
    build(small, cache, tmp_path / "site", later)
    build(small, tmp_path / "clean", tmp_path / "clean-site", later)
    assert tree(tmp_path / "site") == tree(tmp_path / "clean-site")
    assert "2028" in (tmp_path / "site" / "books" / "calendar" / "index.html").read_text("utf-8")


def test_a_site_in_the_project_moves_its_events_as_a_clean_build_would(
    small: Path, tmp_path: Path
) -> None:
    """The feed of the site a build replaces is parsed once and kept by its bytes (ics.py):
    the rebuild numbers a moved event as a build that parses it, even if the feed was edited."""
    site = small / "site"
    cache = built_once_into(small, tmp_path, site)
    build(small, cache, site)  # the first build to read the feed: it is kept from now on
    data = firm(small)
    data["rules"]["effective"] = dt.date(2026, 3, 2)  # the event of its rules moves a day
    write(small, data)
    clean = shutil.copytree(small, tmp_path / "clean-project")  # with the site before
    build(small, cache, site)
    build(clean, tmp_path / "clean", clean / "site")
    assert tree(site) == tree(clean / "site")
    feed = (site / "calendar.ics").read_text(encoding="utf-8")
    assert "SEQUENCE:1" in feed, "the moved event kept its SEQUENCE"
    # Someone edits the published feed: its new bytes are parsed, not the kept reading.
    (site / "calendar.ics").write_text(feed.replace("SEQUENCE:1", "SEQUENCE:7"), "utf-8")
    data["rules"]["effective"] = dt.date(2026, 3, 3)
    write(small, data)
    build(small, cache, site)
    assert "SEQUENCE:8" in (site / "calendar.ics").read_text(encoding="utf-8")


def test_an_unchanged_rebuild_runs_no_engine_unless_the_site_was_touched(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = small / "site"
    cache = built_once_into(small, tmp_path, site)
    before = tree(site)

    def engine(*args: object) -> list[str]:
        raise HandbookError("the engine ran")

    monkeypatch.setattr(builds, "build_site", engine)
    build(small, cache, site)
    assert tree(site) == before
    page = site / "books" / "index.html"
    page.write_text("edited by hand", encoding="utf-8")  # the record vouches for it no more
    args = ["build", "-c", str(small / "firm.yaml"), "--today", TODAY, "-q"]
    result = CliRunner().invoke(cli, args, env={"HANDBOOK_CACHE_DIR": str(cache)})
    assert result.exit_code == 1 and "the engine ran" in result.output, result.output
    assert page.read_text(encoding="utf-8") == "edited by hand"  # a failed build changes nothing


def test_a_rebuild_builds_only_the_language_that_changed(tmp_path: Path) -> None:
    """`handbook build` keeps a language's tree when the cache's record vouches for the site
    (builtsite.py); serve, from what its preview was built from. A file planted in the site
    makes the record vouch for nothing. Each edit is of English texts: the firm's tagline and
    a segment's description."""
    project = copy_demo(tmp_path / "demo")
    site, today = project / "site", dt.date.fromisoformat(TODAY)
    config = project / "firm.yaml"

    def rebuild(tagline: str, preview: BuiltSite | None = None) -> BuiltSite:
        text = config.read_text(encoding="utf-8")
        text = re.sub(r"(\n  tagline:\n    en: )[^\n]*", rf"\1{tagline}", text)
        # and the first segment's English description: keys read each language alone
        text = re.sub(r"(\n    description:\n      en: )[^\n]*", rf"\1{tagline}", text, count=1)
        config.write_text(text, "utf-8")
        reporter = Reporter(quiet=True)
        staged = builds.build(
            Project(config),
            site,
            today=today,
            reporter=reporter,
            built_by=preview,
            preview=preview is not None,
        )
        return BuiltSite.of(staged, "mkdocs", today)

    first = rebuild("Books kept")
    spanish = site / "es" / "index.html"
    inode = spanish.stat().st_ino
    second = rebuild("Books kept, week in, week out")  # handbook build: the record
    assert second.trees["es"] == first.trees["es"] and second.trees[""] != first.trees[""]
    assert spanish.stat().st_ino == inode  # moved over from the last site, not built again
    assert "week in, week out" in (site / "index.html").read_text(encoding="utf-8")
    (site / "es" / "planted.html").write_text("<script>alert(1)</script>", "utf-8")
    third = rebuild("Books kept, month in, month out")
    assert not (site / "es" / "planted.html").exists()  # built again
    inode = spanish.stat().st_ino
    rebuild("Books kept, year in, year out", preview=third)  # serve: its own
    assert spanish.stat().st_ino == inode
    reporter = Reporter(quiet=True)
    builds.build(Project(config), tmp_path / "clean", today=today, reporter=reporter)
    assert tree(site) == tree(tmp_path / "clean")


def test_a_failed_assembly_puts_the_last_site_back(tmp_path: Path) -> None:
    previous, parts, built = tmp_path / "site", tmp_path / "parts", tmp_path / "new"
    for folder, name in (
        (previous, "old"),
        (previous / "es", "old es"),
        (parts / "default", "new"),
    ):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(name, encoding="utf-8")
    before = tree(previous)
    with pytest.raises(OSError), assembled(built, parts, ["", "es"], previous, {"es": ["es"]}):
        assert (built / "es" / "index.html").read_text(encoding="utf-8") == "old es"
        raise OSError("the disk is full")
    assert tree(previous) == before
