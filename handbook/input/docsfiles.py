"""The firm's files in docs/: names printed safely, nothing the build writes, the right CNAME.

docs/ is code, like templates/ and mkdocs.yml: a page's raw HTML and scripts reach the site
as written (README, "Security"). What the firm did not mean to write is refused here: a file
name both engines print unescaped as a nav title on every page, a file that would silently
replace one the build generates, and a CNAME that would move the site to another domain.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from handbook.errors import Problem
from handbook.i18n.cli import _
from handbook.input.loader import load_yaml
from handbook.urls import EVENTS, custom_domain, url_path

_NAME_PUNCTUATION = frozenset(" -_.()")
"""Besides letters, marks and digits (any script: "Política de privacidad.md")."""
_CNAME_READ = 300
"""A domain name is at most 253 characters; no more of the file is read."""


def check_docs(root: Path) -> Iterator[Problem]:
    """Check the names of the firm's pages in docs/ and its CNAME against site_url."""
    docs = root / "docs"
    if not docs.is_dir() or docs.is_symlink():
        return
    for page in _pages(docs):
        if bad := _unsafe_part(page.relative_to(docs)):
            yield Problem(
                _shown(page, root),
                1,
                1,
                "",
                _(
                    "the name {name} holds {char}: a page's file and folder names may hold "
                    "letters, digits, spaces and - _ . ( ); rename it (a title: in its front "
                    "matter or its first heading gives the page any title)"
                ).format(name=repr(bad[0]), char=repr(bad[1])),
            )
        elif undecodable := _not_utf8(page):
            line, column = undecodable
            yield Problem(
                _shown(page, root),
                line,
                column,
                "",
                _(
                    "this page is not UTF-8 text; save it as UTF-8 "
                    "(most editors: Save with Encoding)"
                ),
            )
    yield from _check_cname(root, docs)


def collisions(
    own: Mapping[str, Path], generated: Iterable[str], root: Path, prefix: str
) -> list[Problem]:
    """Refuse each firm file that would land on a file the build writes (in any letter case).

    `generated` lists what staging wrote beside the firm's files and the engine's own
    outputs, by path in the staged docs; `prefix` is the language's tree ("" or "es/").
    Letter case is ignored: a checkout on a Mac or Windows disk holds one file for both names.
    """
    written = {_key(path): path for path in generated}
    problems = []
    for path, source in sorted(own.items()):
        clash = written.get(_key(path))
        if clash is None and _key(path).startswith(_key(EVENTS)):
            clash = EVENTS + "*.ics"
        if clash is None:
            written[_key(path)] = path
            continue
        problems.append(
            Problem(
                _shown(source, root), 1, 1, "", _replaces(clash).format(url=prefix + _url(clash))
            )
        )
    return problems


def _not_utf8(page: Path) -> tuple[int, int] | None:
    """Return the line and column of a page's first byte that is not UTF-8, or None."""
    try:
        data = page.read_bytes()
    except OSError:
        return None  # the docs/ walk reports a file it cannot read
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        start = before.rfind(b"\n") + 1
        return before.count(b"\n") + 1, len(before[start:].decode("utf-8", "replace")) + 1
    return None


def _pages(docs: Path) -> Iterator[Path]:
    """List the Markdown pages under `docs`, never through a symlink (walk refuses those)."""
    for folder, subfolders, files in os.walk(docs):
        subfolders.sort()
        for name in sorted(files):
            if name.lower().endswith(".md"):
                yield Path(folder) / name


def _unsafe_part(relative: Path) -> tuple[str, str] | None:
    """Return the first name of the path holding a character unsafe in a title, and it."""
    for part in relative.parts:
        for char in part:
            if unicodedata.category(char)[0] not in "LMN" and char not in _NAME_PUNCTUATION:
                return part, char
    return None


def _check_cname(root: Path, docs: Path) -> Iterator[Problem]:
    """Refuse a docs/CNAME whose domain is not site_url's (deploy writes the right one)."""
    found = [p for p in docs.iterdir() if p.name.casefold() == "cname"]
    if not found or found[0].is_symlink() or not found[0].is_file():
        return  # a link is refused where the build reads docs/ (projectfiles.walk)
    cname = found[0]
    with cname.open("rb") as f:
        words = f.read(_CNAME_READ).decode("utf-8", errors="replace").split()
    named = words[0].lower().rstrip(".")[:_CNAME_READ] if words else ""
    site_url = _site_url(root / "mkdocs.yml")
    expected = custom_domain(site_url)
    if named and named == expected:
        return
    shown = _shown(cname, root)
    if expected:
        message = _(
            "this file names the domain {named}, but mkdocs.yml's site_url {url} is on "
            "{expected}; deploy writes the CNAME from site_url, so remove this file"
        )
    elif site_url:
        message = _(
            "this file names the domain {named}, but mkdocs.yml's site_url {url} is a "
            "GitHub Pages address with no custom domain; remove this file, or set "
            "site_url to the custom domain (deploy writes the CNAME from it)"
        )
    else:
        message = _(
            "this file names the domain {named}, but mkdocs.yml has no site_url; "
            "set site_url to the site's address (deploy writes the CNAME from it) "
            "and remove this file"
        )
    yield Problem(
        shown, 1, 1, "", message.format(named=repr(named), url=site_url, expected=expected)
    )


def _site_url(mkdocs_yml: Path) -> str | None:
    """Return mkdocs.yml's site_url, if it has one (the build reports a broken file)."""
    if mkdocs_yml.is_symlink() or not mkdocs_yml.is_file():
        return None
    data, _positions, _problems = load_yaml(mkdocs_yml)
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) else None


def _url(path: str) -> str:
    """Return where a staged file is served: a page at its folder, any other file as named."""
    return url_path(path) if path.endswith(".md") else path


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _replaces(path: str) -> str:
    """Say that a firm file would replace what the build writes at `path` (its type named)."""
    suffix = path.rsplit(".", 1)[-1].lower()
    if suffix == "ics":
        return _(
            "this file would replace the calendar file the build writes at /{url}; "
            "rename or remove it"
        )
    if suffix == "pdf":
        return _(
            "this file would replace the PDF handout the build writes at /{url}; "
            "rename or remove it"
        )
    if suffix == "md":
        return _(
            "this file would replace the page the build generates as /{url}; rename or remove it"
        )
    return _("this file would replace the file the build writes at /{url}; rename or remove it")


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
