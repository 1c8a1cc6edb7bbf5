"""The firm's files in docs/ (issue 26): unsafe names, files the build writes, a wrong CNAME.

docs/ is code (README, "Security"): a page's HTML is the firm's own. What the firm did not
mean is refused, each case generated here: a page or folder name that the engines would
print unescaped as a nav title (found by `check`), a file on a path the build writes, in
any letter case (found by `export` and `build`, which compare the staged tree), and a
docs/CNAME naming another domain than site_url (`check`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handbook import urls
from handbook.commands.cli import cli
from handbook.engines import siteconfig
from tests.conftest import FIXTURES, TODAY
from tests.test_hostile import Page, _files

SLUGS = ("books", "self-service")
"""The small fixture's segments: a docs/ folder of that name is refused by the slug check."""

REPLACEABLE = {urls.HOME, urls.RULES, urls.CALENDAR}
"""Generated pages staged at their own path: a firm page there replaces them on purpose."""


def _handbook(project: Path, *args: str) -> Result:
    """Run handbook in `project`, as CI would; return click's result."""
    cwd = Path.cwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(cli, [*args], env={"CI": "1", "SOURCE_DATE_EPOCH": None})
    finally:
        os.chdir(cwd)


def _refused(result: Result) -> str:
    """Assert that a command stopped with problems and no traceback; return what it said."""
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output and not isinstance(result.exception, AssertionError)
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    return output


def _project(tmp_path: Path, name: str = "small") -> Path:
    project = tmp_path / name
    shutil.copytree(FIXTURES / "small", project)
    return project


PLAIN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    '<rect width="4" height="4"/></svg>'
)


def _add(project: Path, path: str, text: str = "Some text.\n") -> None:
    if path.lower().endswith(".svg"):
        text = PLAIN_SVG  # an image that passes input/svg.py, so the collision is what is refused
    target = project / "docs" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# --- names the engines would print as a nav title ---------------------------------------

_HOSTILE_NAMES = ["<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "a&lt;b", "x`y"]
_HOSTILE_NAMES += [f"page{c}name" for c in "<>\"'&#?%=;:!@+*[]{}|\\^~$,\t\u200b\u202e"]
UNSAFE = [
    pytest.param(where.format(name=name), id=f"{kind}-{i}")
    for i, name in enumerate(_HOSTILE_NAMES)
    for kind, where in (
        ("page", "{name}.md"),
        ("folder", "{name}/page.md"),
        ("nested", "guides/{name}/more/page.md"),
        ("folder-and-page", "{name}/{name}.md"),
    )
]


@pytest.mark.parametrize("path", UNSAFE)
def test_an_unsafe_page_name_is_refused_by_check(tmp_path: Path, path: str) -> None:
    project = _project(tmp_path)
    _add(project, path)
    output = _refused(_handbook(project, "check"))
    assert f"docs/{path}:1:1: the name " in output
    assert "letters, digits, spaces and - _ . ( ); rename it" in output


SAFE = ["Política de privacidad.md", "Що нового (2026).md", "zażółć_gęślą-jaźń.md", "Q1 2026.md"]
SAFE += ["Atenció al client/index.md", "数据/说明.md", "कर/नियम.md"]


def test_page_names_in_any_script_pass_check(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for path in SAFE:
        _add(project, path)
    result = _handbook(project, "check")
    assert result.exit_code == 0, result.output


# --- files the build writes ---------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every file the small fixture's build stages into docs/, and the engines' own."""
    project = _project(tmp_path_factory.mktemp("export"))
    result = _handbook(project, "export", "--today", TODAY, "out")
    assert result.exit_code == 0, result.output
    docs = project / "out" / "docs"
    staged = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
    return sorted({*staged, *siteconfig.ENGINE_OUTPUTS} - REPLACEABLE)


def _variants(paths: list[str]) -> Iterator[tuple[str, str]]:
    """Yield each path outside a segment's folder, as written and with its case swapped."""
    for path in paths:
        if path.split("/")[0] not in SLUGS:
            yield "exact", path
            yield "case", path.swapcase()


@pytest.mark.parametrize("case", ["exact", "case"])
def test_a_docs_file_on_a_generated_path_is_refused(
    tmp_path: Path, generated: list[str], case: str
) -> None:
    project = _project(tmp_path)
    chosen = [path for kind, path in _variants(generated) if kind == case]
    assert len(chosen) > 20  # feeds, event files, pages, assets, brand, engine outputs
    for path in chosen:
        _add(project, path)
    output = _refused(_handbook(project, "export", "--today", TODAY, "out"))
    for path in chosen:
        assert f"docs/{path}:1:1: this file would replace the " in output, path
    assert "calendar file the build writes at /calendar.ics" in output
    assert "page the build generates as /team/" in output
    assert not (project / "out").exists()


def test_the_event_files_folder_is_the_builds_alone(tmp_path: Path) -> None:
    """Which event files exist depends on the build date: a firm file there collides later."""
    project = _project(tmp_path)
    _add(project, "calendar/events/not-due-yet-2031-01-31.ics")
    output = _refused(_handbook(project, "export", "--today", TODAY, "out"))
    assert (
        "docs/calendar/events/not-due-yet-2031-01-31.ics:1:1: this file would replace the "
        "calendar file the build writes at /calendar/events/*.ics"
    ) in output
    assert not (project / "out").exists()


def test_a_docs_file_in_a_segment_folder_is_refused_by_check(
    tmp_path: Path, generated: list[str]
) -> None:
    project = _project(tmp_path)
    inside = [path for path in generated if path.split("/")[0] in SLUGS]
    assert {urls.segment_feed("books"), urls.segment_handout("books")} <= set(inside)
    assert urls.segment_qr("books", "svg") in inside
    for path in inside:
        _add(project, path)
    output = _refused(_handbook(project, "check"))
    for slug in SLUGS:
        assert "segments[" in output and f"is also your page docs/{slug} " in output


# --- CNAME ------------------------------------------------------------------------------

CNAMES = [
    # (site_url, CNAME file name, its text, refused)
    ("https://nowak.example/handbook/", "CNAME", "nowak.example\n", False),
    ("https://nowak.example/handbook/", "CNAME", "  NOWAK.example.  \n", False),
    ("https://nowak.example/handbook/", "CNAME", "www.elsewhere.example\n", True),
    ("https://nowak.example/handbook/", "cname", "elsewhere.example\n", True),
    ("https://nowak.example/handbook/", "CNAME", "", True),
    ("https://nowak.example/handbook/", "CNAME", "sub.nowak.example\n", True),
    ("https://nowak.github.io/handbook/", "CNAME", "nowak.example\n", True),
    ("https://nowak.github.io/handbook/", "CNAME", "nowak.github.io\n", True),
    (None, "CNAME", "nowak.example\n", True),
]


@pytest.mark.parametrize(("site_url", "name", "text", "refused"), CNAMES)
def test_a_cname_must_name_site_urls_domain(
    tmp_path: Path, site_url: str | None, name: str, text: str, refused: bool
) -> None:
    project = _project(tmp_path)
    (project / "mkdocs.yml").write_text(f"site_url: {site_url}\n" if site_url else "{}\n")
    (project / "docs" / name).write_text(text, encoding="utf-8")
    result = _handbook(project, "check")
    if not refused:
        assert result.exit_code == 0, result.output
        return
    output = _refused(result)
    assert f"docs/{name}:1:1: this file names the domain " in output
    assert ("is on nowak.example" in output) == (site_url == CNAMES[0][0])


# --- one build per engine: titles stay text, a refused build keeps the site ---------------

TITLES = {
    "Política de privacidad.md": "Just text, no heading.\n",
    "heading.md": "# Hours <img src=x onerror=alert(1)> &lt;b&gt;\n\nText.\n",
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_titles_stay_text_and_a_refused_build_keeps_the_site(
    tmp_path: Path, engine: str, shared_pdf_cache: None
) -> None:
    project = _project(tmp_path)
    for path, text in TITLES.items():
        _add(project, path, text)
    result = _handbook(project, "build", "--engine", engine, "--today", TODAY)
    assert result.exit_code == 0, result.output
    team = Page.parse((project / "site" / "team" / "index.html").read_bytes())
    assert team.problems == []
    assert "Política de privacidad" in team.text
    assert "Hours <b>" in team.text  # the heading's text, its tag dropped, its entity shown
    index = "search/search_index.json" if engine == "mkdocs" else "search.json"
    titles = (project / "site" / index).read_text(encoding="utf-8")
    assert "Hours" in titles and "<img" not in titles and "onerror" not in titles
    before = _files(project / "site")
    _add(project, "Calendar.ICS")
    output = _refused(_handbook(project, "build", "--engine", engine, "--today", TODAY))
    assert "docs/Calendar.ICS:1:1: this file would replace the calendar file" in output
    assert _files(project / "site") == before


def test_a_page_that_is_not_utf8_is_refused_at_its_first_bad_byte(tmp_path: Path) -> None:
    """MkDocs would stop with a UnicodeDecodeError traceback."""
    project = _project(tmp_path)
    (project / "docs" / "offices.md").write_bytes(
        "# Offices\n\nMalaga ok\nSe\xf1or\n".encode("latin-1")
    )
    output = _refused(_handbook(project, "check"))
    assert "docs/offices.md:4:3: this page is not UTF-8 text" in output
