"""Three engines, one result: the demo built with mkdocs, properdocs and zensical has no broken
link, and every page of our own content links the same files under each engine."""

from __future__ import annotations

import functools
import html.parser
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from click.testing import Result

from handbook import engines
from handbook.engines.sidebyside import side_by_side
from handbook.errors import HandbookError, InputError, Problem
from handbook.output import handouts
from tests.conftest import ROOT, TODAY, build_copy, copy_demo, shared_build, tree

Run = Callable[..., Result]

# --- the link checker --------------------------------------------------------------------------

NOT_CHECKED = ("mailto:", "tel:", "webcal:", "data:", "javascript:", "blob:")
"""Schemes that are not a file of the site (http(s) ones are checked when under site_url)."""
URL_ATTRIBUTES = frozenset({"href", "src", "poster"})
DATA_URL = re.compile(
    r"^(?:https?://|\.{1,2}/|/)\S*$|^[^\s{}<>\"']+(?:\.[A-Za-z0-9]{1,5}|/)(?:[?#]\S*)?$"
)
"""A data-* value that is a URL: an absolute or dotted path, or one naming a file or folder.

`video/mp4` (data-type), dates, labels, slugs and JSON (data-weights) are not."""


@dataclass(frozen=True)
class Link:
    """One URL in a page: where it is, in which attribute, and whether it is in the content."""

    page: str
    attribute: str
    url: str
    in_content: bool


@dataclass(frozen=True)
class Broken:
    page: str
    attribute: str
    url: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.attribute}={self.url!r} ({self.why})"


class _Page(html.parser.HTMLParser):
    """Collect a page's URLs and the ids its fragments can target."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.canonical: str | None = None
        self._article_depth = 0  # inside Material's <article class="md-content__inner">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            is_content = any(k == "class" and v and "md-content__inner" in v for k, v in attrs)
            if self._article_depth or is_content:
                self._article_depth += 1
        if tag == "link" and ("rel", "canonical") in attrs:
            self.canonical = dict(attrs).get("href")
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self._add(name, candidate.split()[0])
            elif name in URL_ATTRIBUTES or (name.startswith("data-") and DATA_URL.match(value)):
                self._add(name, value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "article" and self._article_depth:
            self._article_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article_depth:
            self._article_depth -= 1

    def _add(self, attribute: str, url: str) -> None:
        self.links.append(Link(self.page, attribute, url.strip(), self._article_depth > 0))


class Site:
    """A built site: its pages' links, resolved to its files."""

    def __init__(self, folder: Path, site_url: str | None = None) -> None:
        self.folder = folder
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.base_path = urlsplit(self.site_url).path if self.site_url else "/"
        self._pages: dict[str, _Page] = {}

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def parsed(self, page: str) -> _Page:
        if page not in self._pages:
            parser = _Page(page)
            parser.feed((self.folder / page).read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._pages[page] = parser
        return self._pages[page]

    def resolve(self, page: str, url: str) -> tuple[str, str] | None:
        """Return the site file a URL of `page` names, with its fragment; None if not ours.

        A folder means its index.html. A path outside the site resolves to "../…".
        """
        if not url or url.startswith("#") or url.lower().startswith(NOT_CHECKED):
            return None
        if url.startswith(("http://", "https://", "//")):
            absolute = "https:" + url if url.startswith("//") else url
            if not self.site_url or not absolute.startswith(self.site_url):
                return None
            url = self.base_path + absolute[len(self.site_url) :]
        here = "http://site.invalid" + self.base_path + page
        parts = urlsplit(urljoin(here, url))
        path = unquote(parts.path)
        if not path.startswith(self.base_path):
            return "../" + path.lstrip("/"), parts.fragment
        target = posixpath.normpath(path[len(self.base_path) :]) if path != self.base_path else "."
        if path.endswith("/") or (self.folder / target).is_dir():
            target = posixpath.join(target, "index.html")
        return posixpath.normpath(target), unquote(parts.fragment)

    def check(self) -> list[Broken]:
        """Return every URL of every page that names no file, or no id on its page."""
        broken: list[Broken] = []
        for page in self.pages():
            for link in self.parsed(page).links:
                resolved = self.resolve(page, link.url)
                if resolved is None:
                    continue
                target, fragment = resolved
                why = ""
                if target.startswith("../") or not (self.folder / target).is_file():
                    why = "no such file"
                elif (
                    fragment
                    and target.endswith(".html")
                    and fragment not in self.parsed(target).ids
                ):
                    why = f"no id {fragment!r} on {target}"
                if why:
                    broken.append(Broken(page, link.attribute, link.url, why))
        return broken

    def content_targets(self, page: str) -> Counter[str]:
        """Count the files (with fragments) that the content of a page links, by attribute."""
        found: Counter[str] = Counter()
        for link in self.parsed(page).links:
            resolved = self.resolve(page, link.url) if link.in_content else None
            if resolved:
                found[f"{link.attribute} {resolved[0]}#{resolved[1]}"] += 1
        return found


def _report(broken: list[Broken], limit: int = 25) -> str:
    kinds = Counter(
        (b.attribute, b.why.split(" on ")[0], Path(urlsplit(b.url).path).suffix) for b in broken
    )
    lines = [f"{len(broken)} broken links:", *(f"  {n} × {k}" for k, n in kinds.most_common())]
    return "\n".join([*lines, *(f"  {b}" for b in broken[:limit])])


# --- the checker itself, on a small hand-made site ---------------------------------------------


@pytest.fixture
def tiny(tmp_path: Path) -> Site:
    files = {
        "index.html": '<a href="a/">a</a><a href="a/#x">x</a><a href="a/#nope">nope</a>'
        '<a href="https://elsewhere.org/">ext</a><a href="mailto:a@b.c">m</a><a href="#top">t</a>'
        '<a href="https://example.org/base/a/">own absolute</a><a href="/base/f.ics">root</a>'
        '<a href="/base/missing.ics">root missing</a><a href="../../outside.ics">out</a>',
        "a/index.html": '<h2 id="x">X</h2><img src="../f.png"><div data-type="video/mp4" '
        'data-embed="../f.mp4" data-weights="{&quot;a&quot;: 1}" data-date="2026-01-01"></div>'
        '<article class="md-content__inner"><a href="../f.ics">in content</a></article>'
        '<a href="../f.ics">outside content</a>',
        "f.ics": "",
        "f.png": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return Site(tmp_path, "https://example.org/base/")


def test_checker_finds_missing_files_and_ids_and_skips_what_is_not_ours(tiny: Site) -> None:
    assert sorted(str(b) for b in tiny.check()) == [
        "a/index.html: data-embed='../f.mp4' (no such file)",
        "index.html: href='../../outside.ics' (no such file)",
        "index.html: href='/base/missing.ics' (no such file)",
        "index.html: href='a/#nope' (no id 'nope' on a/index.html)",
    ]


def test_checker_counts_content_links_by_target(tiny: Site) -> None:
    assert tiny.content_targets("a/index.html") == Counter({"href f.ics#": 1})


# --- the engines -------------------------------------------------------------------------------


def test_engine_option_offers_every_engine(run: Run) -> None:
    result = run("build", "--help")
    assert "[mkdocs|properdocs|zensical]" in result.output


def test_missing_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(HandbookError, match=r"pip install 'firm-handbook\[properdocs\]'"):
        engines.build_site("properdocs", Path("mkdocs.yml"), Path("site"), 0)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    """The demo built by `handbook build` with each engine (once per test run, shared with
    the browser tests): each engine builds the same staged project."""
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text()).get("site_url")
    built = {}
    for engine in engines.ENGINES:
        make = functools.partial(build_copy, engine=engine)
        built[engine] = Site(
            shared_build(tmp_path_factory, f"demo-{engine}", make) / "site", site_url
        )
    return built


@pytest.mark.slow
@pytest.mark.parametrize("engine", engines.ENGINES)
def test_no_broken_link_on_any_page(sites: dict[str, Site], engine: str) -> None:
    site = sites[engine]
    assert len(site.pages()) > 100
    broken = site.check()
    assert not broken, _report(broken)


@pytest.mark.slow
@pytest.mark.parametrize("engine", engines.ENGINES)
def test_every_page_is_its_own_canonical_url(sites: dict[str, Site], engine: str) -> None:
    """A Spanish page's canonical URL is the Spanish page (search engines drop the others)."""
    site = sites[engine]
    wrong = {}
    for page in site.pages():
        canonical = site.parsed(page).canonical
        if page.endswith("404.html") or canonical is None:
            continue
        resolved = site.resolve(page, canonical)
        if resolved is None or resolved[0] != page:
            wrong[page] = canonical
    assert not wrong, (
        f"{len(wrong)} pages name another canonical URL, e.g. {list(wrong.items())[:3]}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("engine", [e for e in engines.ENGINES if e != "mkdocs"])
def test_content_links_the_same_files_as_with_mkdocs(sites: dict[str, Site], engine: str) -> None:
    """Not only no broken link: none that names another existing file (a segment's calendar
    download that serves the firm-wide feed)."""
    reference, other = sites["mkdocs"], sites[engine]
    assert set(other.pages()) >= set(reference.pages()) - {"404.html"}
    differ = {}
    for page in reference.pages():
        mine, theirs = reference.content_targets(page), other.content_targets(page)
        if mine != theirs:
            differ[page] = (
                sorted((mine - theirs).elements())[:3],
                sorted((theirs - mine).elements())[:3],
            )
    assert not differ, f"{len(differ)} pages differ (mkdocs only, {engine} only): " + repr(
        dict(list(differ.items())[:5])
    )


GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.slow
def test_properdocs_builds_the_html_of_mkdocs(sites: dict[str, Site]) -> None:
    """Every file of the ProperDocs site is the MkDocs site's, byte for byte, but for the
    generator line of each page: so the browser tests open the MkDocs and Zensical sites only."""
    mkdocs, properdocs = sites["mkdocs"].folder, sites["properdocs"].folder
    names = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*") if p.is_file()
    )
    differ = []
    generators = set()
    for name in names:
        ours, theirs = (mkdocs / name).read_bytes(), (properdocs / name).read_bytes()
        if name.endswith(".html"):
            generators.update(GENERATOR.findall(ours) + GENERATOR.findall(theirs))
            ours, theirs = GENERATOR.sub(b"", ours), GENERATOR.sub(b"", theirs)
        if ours != theirs:
            differ.append(name)
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"
    assert len(generators) == 2, generators  # each engine names itself


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_build_command_takes_the_engine(run: Run, small: Path, engine: str) -> None:
    result = run("build", "-c", small / "firm.yaml", "--engine", engine, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (small / "site" / "index.html").is_file()


@pytest.mark.slow
def test_zensical_keeps_its_cache_between_builds_and_never_serves_a_stale_page(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm Zensical build reuses the pages Zensical rendered before (kept in the cache
    folder, not in the site) and still shows an edit, then the same bytes once it is undone."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(cache))
    firm = small / "firm.yaml"
    text = firm.read_text()
    build = ["build", "-c", firm, "--engine", "zensical", "--today", TODAY, "-q"]

    def site_files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    assert run(*build, "-d", tmp_path / "first").exit_code == 0
    kept = [p for p in (cache / "engines" / "zensical" / "default").iterdir() if p.is_file()]
    assert len(kept) > 10, "Zensical's cache was not kept"
    assert not (tmp_path / "first" / ".cache").exists()

    firm.write_text(
        text.replace("about: Small firm, **big** care.", "about: Tiny firm, **huge** care.")
    )
    assert run(*build, "-d", tmp_path / "edited").exit_code == 0
    home = (tmp_path / "edited" / "index.html").read_text()
    assert "Tiny firm" in home and "Small firm" not in home

    firm.write_text(text)
    assert run(*build, "-d", tmp_path / "again").exit_code == 0
    assert site_files(tmp_path / "again") == site_files(tmp_path / "first")


@pytest.mark.slow
def test_zensical_build_beside_a_running_one_stages_apart(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another build holds the cache's staged project, a build still works, cold."""
    import fcntl
    import os

    cache = tmp_path / "cache"
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(cache))
    kept = cache / "engines" / "zensical"
    kept.mkdir(parents=True)
    lock = os.open(kept / ".lock", os.O_RDONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        args = ["build", "-c", small / "firm.yaml", "--engine", "zensical", "--today", TODAY]
        result = run(*args, "-q")
        assert result.exit_code == 0, result.output
    finally:
        os.close(lock)
    assert (small / "site" / "index.html").is_file()
    assert not (kept / "project").exists()


def test_languages_built_side_by_side_give_the_site_built_in_order(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's 3 languages staged and built in forked workers, or in one process, in
    order ($HANDBOOK_JOBS=1): the same site, byte for byte. The workers start cold, so they
    render the PDF handouts too (which, in one process, a pool of processes renders)."""
    sites = {}
    monkeypatch.setattr(handouts, "PER_PROCESS", 1)
    for jobs in ("1", "3"):
        monkeypatch.setenv("HANDBOOK_JOBS", jobs)
        monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))
        project = copy_demo(tmp_path / f"jobs-{jobs}")
        result = run("build", "-c", project / "firm.yaml", "--today", TODAY, "-q")
        assert result.exit_code == 0, result.output
        sites[jobs] = tree(project / "site")
    assert len([p for p in sites["3"] if p.endswith("index.html")]) > 100
    assert sites["3"] == sites["1"]


def _refuse(name: str) -> None:
    raise InputError([Problem(f"{name}.yaml", 3, 7, "segments[0].name", "must not be empty")])


def test_a_problem_in_a_forked_worker_is_said_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HANDBOOK_JOBS", "2")
    with pytest.raises(InputError) as raised:
        side_by_side(_refuse, [("en",), ("es",)])
    assert str(raised.value) == "en.yaml:3:7: segments[0].name: must not be empty"
    assert raised.value.problems[0].file == "en.yaml"
