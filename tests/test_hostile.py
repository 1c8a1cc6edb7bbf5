"""Hostile firm.yaml inputs (issue 11): each one is built through the CLI, in one process.

Every file in tests/hostile/ is a complete firm.yaml (the small fixture with one thing
changed) whose first lines say why it is there and what must happen:

    # why: firm.name breaks out of Material's aria-label="{{ config.site_name }}"
    # expect: build                 (exit 0, and the built HTML runs no injected script)
    # expect: error firm.name       (exit 1, a `firm.yaml:L:C: firm.name: ...` line, old site kept)
    # expect: error                 (exit 1, a `firm.yaml:L:C: ...` line: a file-level problem)

Optional header lines:

    # generate: ...      the input is too big to store: GENERATED below builds it from the
                         file, replacing its @GENERATED@ line (the header says what it is)
    # setup: NAME        SETUPS[NAME] prepares files in the project first (symlinks, odd names)
    # shows: TEXT        TEXT must appear literally in the text of some built page
    # site-files: may-differ   the built site may have other file names than the baseline
                         (each must still be plain: letters, digits, . _ - /)
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from handbook.commands.cli import cli
from tests.conftest import FIXTURES, TODAY, shared_build

HOSTILE = Path(__file__).resolve().parent / "hostile"
TIMEOUT = 60
"""A guard against hangs, not a speed target: benchmarks/worst_inputs.py measures those."""
PLACEHOLDER = "@GENERATED@"
STAGE_PREFIX = ".handbook-build-"


# --- the corpus ---------------------------------------------------------------------------


def _deadlines(n: int) -> str:
    return "".join(
        f"  - slug: d{i}\n    name: Deadline {i}\n    what: Send it.\n"
        f"    when: {{kind: monthly, day: {i % 28 + 1}}}\n"
        for i in range(n)
    )


def _segments(n: int) -> str:
    return "".join(
        f"  - slug: s{i}\n    name: Segment {i}\n    description: Clients {i}\n"
        "    relationship: automated\n"
        for i in range(n)
    )


GENERATED: dict[str, Callable[[], str]] = {
    # Over the limits: refused, and quickly.
    "about-100k-lt.gen.yaml": lambda: '"' + "<" * 100_000 + '"',
    "rules-text-20k-brackets.gen.yaml": lambda: '"' + "[" * 20_000 + '"',
    "deadlines-5000-monthly.gen.yaml": lambda: _deadlines(5_000),
    "deadlines-201-monthly.gen.yaml": lambda: _deadlines(201),
    "segments-501.gen.yaml": lambda: _segments(501),
    "nesting-2000-flow-lists.gen.yaml": lambda: "[" * 2_000 + "]" * 2_000,
    "nesting-2000-flow-mappings.gen.yaml": lambda: "{a: " * 2_000 + "x" + "}" * 2_000,
    "nesting-2000-block-lists.gen.yaml": lambda: "- " * 2_000 + "x",
    "firm-yaml-2mb.gen.yaml": lambda: ("#" + "x" * 99 + "\n") * 20_000,
    "long-line-200kb.gen.yaml": lambda: "a" * 200_000,
    "values-60k.gen.yaml": lambda: "[" + ", ".join(["1"] * 60_000) + "]",
    "about-5001-chars.gen.yaml": lambda: "a" * 5_001,
    "tagline-2001-chars.gen.yaml": lambda: "a" * 2_001,
    "empty-file.gen.yaml": lambda: "",  # the whole file is empty: see Case.firm_yaml
    # Within the limits but built to be slow (regular-expression and nesting blowups).
    "about-5000-brackets.gen.yaml": lambda: '"' + "[" * 5_000 + '"',
    "about-5000-lt.gen.yaml": lambda: '"' + "<" * 5_000 + '"',
    "about-5000-emphasis.gen.yaml": lambda: '"' + "*_" * 2_500 + '"',
    "about-5000-nested-links.gen.yaml": lambda: '"' + "[a](" * 1_000 + ")" * 1_000 + '"',
    "about-5000-backticks-and-brackets.gen.yaml": lambda: '"' + "`[<" * 1_666 + '"',
}
"""What replaces the @GENERATED@ line of each .gen.yaml input (indented like that line)."""


def _copy_logo_as(name: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        shutil.copyfile(project / "assets" / "logo.svg", project / "assets" / name)

    return setup


def _symlink(name: str, target: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        (project / "assets" / name).symlink_to(target)

    return setup


def _huge_logo(project: Path) -> None:
    with (project / "assets" / "huge.svg").open("wb") as f:
        f.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">')
        f.truncate(64 * 1024 * 1024)  # sparse: 64 MB on paper, nothing on disk


def _fifo_logo(project: Path) -> None:
    os.mkfifo(project / "assets" / "pipe.svg")  # reading it would block forever


def _folder_logo(project: Path) -> None:
    (project / "assets" / "folder.svg").mkdir()


def _script_logo(project: Path) -> None:
    (project / "assets" / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10">'
        "<script>alert(document.domain)</script><rect width='10' height='10'/></svg>",
        encoding="utf-8",
    )


def _video_files(project: Path) -> None:
    (project / "media").mkdir()
    (project / "media" / "welcome.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")


SETUPS: dict[str, Callable[[Path], None]] = {
    "logo-named-attribute-breakout": _copy_logo_as('x" onerror="alert(1)" y=".svg'),
    "logo-named-markdown-breakout": _copy_logo_as("a)[x](javascript&#58;alert(1).svg"),
    "logo-symlink-to-etc-passwd": _symlink("evil.svg", "/etc/passwd"),
    "logo-symlink-inside-project": _symlink("alias.svg", "logo.svg"),
    "logo-64mb": _huge_logo,
    "logo-fifo": _fifo_logo,
    "logo-folder": _folder_logo,
    "logo-svg-with-script": _script_logo,
    "video-files": _video_files,
}
"""Files some inputs need in the project, made before the build (`# setup: NAME`)."""


@dataclass(frozen=True)
class Case:
    """One hostile input and what must happen to it."""

    path: Path
    why: str
    expect: str
    field: str | None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def firm_yaml(self) -> bytes:
        """Return the exact bytes to build (generated ones built from their spec)."""
        data = self.path.read_bytes()
        if self.name not in GENERATED:
            return data
        if self.name == "empty-file.gen.yaml":
            return b""
        text = data.decode("utf-8")
        match = re.search(rf"^([ \t]*)(.*){PLACEHOLDER}(.*)$", text, re.MULTILINE)
        assert match, f"{self.name}: no {PLACEHOLDER} line"
        indent, before, after = match.groups()
        body = GENERATED[self.name]()
        if not before and not after:  # a whole block: indent every line like the placeholder
            body = "".join(indent + line for line in body.splitlines(keepends=True))
        else:
            body = indent + before + body + after
        return (text[: match.start()] + body + text[match.end() :]).encode("utf-8")


def _decode(data: bytes) -> str:
    """Decode an input for reading its header: UTF-16 by its BOM, else UTF-8, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _headers(path: Path) -> dict[str, str]:
    """Read the leading `# key: value` comment lines."""
    out: dict[str, str] = {}
    for line in _decode(path.read_bytes()).splitlines():
        line = line.replace("\x00", "")
        match = re.match(r"#\s*([a-z-]+):\s?(.*)$", line)
        if not match:
            break
        out[match.group(1)] = match.group(2).strip()
    return out


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(HOSTILE.glob("*.yaml")):
        headers = _headers(path)
        expect = headers.get("expect", "")
        kind, _, target = expect.partition(" ")
        cases.append(Case(path, headers.get("why", ""), kind, target.strip() or None, headers))
    return cases


CASES = load_cases()

THEMES: dict[str, tuple[str, ...]] = {
    "markup": ("about-", "rules-text-", "video-answer-", "markdown-", "plain-text-", "names-"),
    "links": ("system-url-", "referral-url-", "legal-basis-url-", "firm-website-", "email-"),
    "files": ("logo-", "favicon-", "team-photo-", "video-"),
    "yaml": ("yaml-", "encoding-", "empty-", "nul-", "only-", "duplicate-", "crlf-"),
}
"""Which test class runs which inputs (by file-name prefix); the rest are in TestLimits."""


def theme_of(case: Case) -> str:
    for theme, prefixes in THEMES.items():
        if case.name.startswith(prefixes):
            return theme
    return "limits"


def cases_of(theme: str) -> list[Any]:
    """The inputs of one theme, as pytest parameters named by file."""
    return [pytest.param(c, id=c.name) for c in CASES if theme_of(c) == theme]


# --- the baseline site --------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """The small fixture's site, built once per worker, and what its pages hold."""

    site: Path
    files: dict[str, bytes]
    counts: dict[str, dict[str, int]]
    script_hosts: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    """What one `handbook build` did: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


class _Hang(BaseException):
    """A build that ran past TIMEOUT (a BaseException: the CLI turns no such thing into exit 1)."""


def _hang(signum: int, frame: object) -> None:
    raise _Hang


def _handbook(project: Path, timeout: int = TIMEOUT) -> Outcome:
    """Run `handbook build` from the project folder, in this process, as CI would (CI=1).

    In-process, not a Python per case: starting one and importing the engines cost more than
    most builds. An exception that escapes the CLI is reported as the traceback it would print.
    """
    cwd = Path.cwd()
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(timeout)
    try:
        os.chdir(project)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a warning is not a traceback
            result = CliRunner().invoke(
                cli, ["build", "--today", TODAY], env={"CI": "1", "SOURCE_DATE_EPOCH": None}
            )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Outcome(result.exit_code, result.stdout, stderr)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (symlinks not followed), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory, shared_pdf_cache: None) -> Baseline:

    def make(project: Path) -> None:
        shutil.copytree(FIXTURES / "small", project)
        result = _handbook(project, timeout=300)
        assert result.returncode == 0, result.stderr

    site = shared_build(tmp_path_factory, "hostile-baseline", make) / "site"
    files = _files(site)
    pages = {path: Page.parse(data) for path, data in files.items() if path.endswith(".html")}
    return Baseline(
        site=site,
        files=files,
        counts={path: page.counts for path, page in pages.items()},
        script_hosts=frozenset(h for page in pages.values() for h in page.external_scripts),
    )


# --- reading built HTML -------------------------------------------------------------------

_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "ping",
}
_EMBEDDING = {"img", "iframe", "embed", "object", "video", "audio", "source", "track", "image"}
_DANGEROUS = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "style",
    "link",
    "meta",
    "template",
)
"""Elements a firm text must never add to a page (compared with the baseline's counts)."""

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def _scheme_of(value: str) -> str:
    return _CONTROL_OR_SPACE.sub("", value).lower()


def _external_host(value: str) -> str | None:
    """Return the host a URL loads from, or None for a URL of this site."""
    cleaned = _CONTROL_OR_SPACE.sub("", value).replace("\\", "/")
    if cleaned.startswith("//"):
        cleaned = "https:" + cleaned
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return "<unparsable>"
    if parts.scheme or parts.netloc:
        return parts.netloc or parts.scheme
    return None


@dataclass
class Page:
    """What the hostile checks need from one HTML document."""

    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    external_scripts: set[str] = field(default_factory=set)
    text: str = ""

    @classmethod
    def parse(cls, data: bytes) -> Page:
        parser = _Scanner()
        parser.feed(data.decode("utf-8", errors="replace"))
        parser.close()
        page = parser.page
        page.text = " ".join("".join(parser.texts).split())
        return page


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.texts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        page = self.page
        page.counts[tag] = page.counts.get(tag, 0) + 1
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"[:300]
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value.lower():
                page.problems.append(f"event handler {name}= runs {value!r}: {where}")
            if name == "srcdoc":
                page.problems.append(f"srcdoc attribute: {where}")
            if name in _URL_ATTRIBUTES and _scheme_of(value).startswith(_SCRIPT_SCHEMES):
                page.problems.append(f"{name}= has a script URL {value!r}: {where}")
            if name in ("src", "data", "poster") or (name == "href" and tag == "image"):
                host = _external_host(value)
                if host and tag in _EMBEDDING:
                    page.problems.append(f"<{tag}> loads from another host {host!r}: {where}")
                elif host and tag == "script":
                    page.external_scripts.add(host)
        refresh = any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs)
        if tag == "meta" and refresh:
            page.problems.append(f"meta refresh: {where}")
        if tag == "script":
            self.in_script = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            if "alert" in data:
                self.page.problems.append(f"<script> runs alert: {data[:200]!r}")
            return
        self.texts.append(data)


def _svg_problems(data: bytes) -> list[str]:
    """Scripts in an SVG the site serves (opened directly, it runs on the site's origin)."""
    text = data.decode("utf-8", errors="replace").lower()
    found = []
    if re.search(r"<\s*script", text):
        found.append("<script> element")
    if re.search(r"\son[a-z]+\s*=", text):
        found.append("event handler attribute")
    if re.search(r"javascript\s*:", text):
        found.append("javascript: URL")
    return found


# --- running one case ---------------------------------------------------------------------


def run_case(case: Case, baseline: Baseline, tmp_path: Path) -> None:
    project = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", project)
    (project / "firm.yaml").write_bytes(case.firm_yaml())
    if "setup" in case.headers:
        SETUPS[case.headers["setup"]](project)
    shutil.copytree(baseline.site, project / "site", symlinks=True)
    before = {p.name for p in project.iterdir()}

    try:
        result = _handbook(project)
    except _Hang:
        pytest.fail(f"{case.name}: handbook build did not finish within {TIMEOUT} s")
    out = f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"

    assert "Traceback" not in result.stdout + result.stderr, out
    assert result.returncode in (0, 1), f"exit code {result.returncode}\n{out}"
    leftovers = [p.name for p in project.rglob(f"{STAGE_PREFIX}*")]
    assert not leftovers, f"staging folders left behind: {leftovers}"
    stray = {p.name for p in project.iterdir()} - before
    assert not stray, f"the build wrote files into the project: {sorted(stray)}"

    if case.expect == "error":
        assert result.returncode == 1, f"expected an error, the build succeeded\n{out}"
        where = r"^firm\.yaml:\d+:\d+: "
        wanted = where + re.escape(case.field) + ": " if case.field else where
        assert re.search(wanted, result.stderr, re.MULTILINE), (
            f"no line matching {wanted!r} in stderr\n{out}"
        )
        after = _files(project / "site")
        assert sorted(after) == sorted(baseline.files), "the previous site's files changed"
        changed = [p for p in after if after[p] != baseline.files[p]]
        assert not changed, f"the previous site changed: {changed[:10]}"
        return

    assert case.expect == "build", f"{case.name}: unknown expectation {case.expect!r}"
    assert result.returncode == 0, f"expected a build\n{out}"
    built = _files(project / "site")
    if case.headers.get("site-files") == "may-differ":
        odd = [p for p in built if not re.fullmatch(r"[A-Za-z0-9._/-]+", p)]
        assert not odd, f"site files with unsafe names: {odd}"
    else:
        assert sorted(built) == sorted(baseline.files), (
            f"site files differ: new {sorted(set(built) - set(baseline.files))[:10]}, "
            f"gone {sorted(set(baseline.files) - set(built))[:10]}"
        )
    problems: list[str] = []
    texts: list[str] = []
    most = {tag: max(c.get(tag, 0) for c in baseline.counts.values()) for tag in _DANGEROUS}
    for path, data in built.items():
        if path.endswith(".svg"):
            problems += [f"{path}: {p}" for p in _svg_problems(data)]
        if not path.endswith(".html"):
            continue
        page = Page.parse(data)
        texts.append(page.text)
        problems += [f"{path}: {p}" for p in page.problems]
        allowed = baseline.counts.get(path, most)
        for tag in _DANGEROUS:
            if page.counts.get(tag, 0) > allowed.get(tag, 0):
                problems.append(
                    f"{path}: {page.counts[tag]} <{tag}> elements, the baseline has "
                    f"{allowed.get(tag, 0)}"
                )
        for host in page.external_scripts - baseline.script_hosts:
            problems.append(f"{path}: loads a script from {host!r}")
    assert not problems, "\n".join(problems[:20])
    if "shows" in case.headers:
        shown = " ".join(case.headers["shows"].split())
        assert any(shown in text for text in texts), f"no page shows {shown!r} literally"


# --- the tests ----------------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    """At least 80 inputs, each with a why and an expectation the runner understands."""
    assert len(CASES) >= 80, len(CASES)
    for case in CASES:
        assert case.why, f"{case.name}: no '# why:' header"
        assert case.expect in ("build", "error"), f"{case.name}: bad '# expect:' header"
        if case.field:
            assert case.expect == "error", f"{case.name}: a field only goes with error"
            assert re.fullmatch(r"[a-z_0-9]+(\[\d+\]|\.[a-z_0-9]+)*", case.field), case.field
        generated = case.name.endswith(".gen.yaml")
        assert generated == (case.name in GENERATED), f"{case.name}: generator mismatch"
        if generated:
            assert "generate" in case.headers, f"{case.name}: no '# generate:' header"
            assert case.path.stat().st_size < 10_000
        if "setup" in case.headers:
            assert case.headers["setup"] in SETUPS, f"{case.name}: unknown setup"
        assert case.path.stat().st_size < 20_000, f"{case.name}: store big inputs as .gen.yaml"
    assert set(GENERATED) <= {c.name for c in CASES}, "a generator has no input file"
    used = {c.headers["setup"] for c in CASES if "setup" in c.headers}
    assert used == set(SETUPS), f"unused setups: {set(SETUPS) - used}"


class TestMarkup:
    """Markdown and plain-text fields: script links, raw HTML, template syntax, names."""

    @pytest.mark.parametrize("case", cases_of("markup"))
    def test_input(self, case: Case, baseline: Baseline, tmp_path: Path) -> None:
        run_case(case, baseline, tmp_path)


class TestLinks:
    """URL and email fields: only https, mailto and tel, nothing that breaks out."""

    @pytest.mark.parametrize("case", cases_of("links"))
    def test_input(self, case: Case, baseline: Baseline, tmp_path: Path) -> None:
        run_case(case, baseline, tmp_path)


class TestFiles:
    """File paths: inside the project, no .., no symlinks, no odd files, safe copies."""

    @pytest.mark.parametrize("case", cases_of("files"))
    def test_input(self, case: Case, baseline: Baseline, tmp_path: Path) -> None:
        run_case(case, baseline, tmp_path)


class TestYaml:
    """YAML and encoding traps: tabs, duplicates, tags, aliases, BOMs, NULs."""

    @pytest.mark.parametrize("case", cases_of("yaml"))
    def test_input(self, case: Case, baseline: Baseline, tmp_path: Path) -> None:
        run_case(case, baseline, tmp_path)


class TestLimits:
    """Sizes, numbers, dates, lists, slugs, names and everything else."""

    @pytest.mark.parametrize("case", cases_of("limits"))
    def test_input(self, case: Case, baseline: Baseline, tmp_path: Path) -> None:
        run_case(case, baseline, tmp_path)


def test_html_checks_catch_injections() -> None:
    """The scanner itself finds what the corpus looks for (so a pass means something)."""
    bad = [
        b'<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        b'<a href="&#106;avascript:alert(1)">x</a>',
        b'<img src="https://tracker.example/p.png">',
        b'<img src="//tracker.example/p.png">',
        b'<iframe srcdoc="x"></iframe>',
        b'<div onmouseover="alert(1)">x</div>',
        b"<script>alert(1)</script>",
        b'<a href="data:text/html,x">x</a>',
        b'<meta http-equiv="Refresh" content="0;url=https://evil.example">',
    ]
    for snippet in bad:
        assert Page.parse(snippet).problems, snippet
    good = b'<a href="https://ok.example/">&lt;script&gt;alert(1)&lt;/script&gt;</a>'
    good += b'<img src="a.png">'
    page = Page.parse(good)
    assert not page.problems
    assert "<script>alert(1)</script>" in page.text
