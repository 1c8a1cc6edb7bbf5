"""The key of a segment's staged files: a digest of everything they are made from.

A segment's pages, calendar files, QR codes and handout are made from the segment itself,
the rest of the firm (every section but the segments), the other segments' slugs and names
(the bundled templates read no more of them), the language, the build date, the site's
URL, the firm's own wording of messages, its own page files' paths (a link goes to a page
of the firm's own if there is one), the logo (a handout embeds it), the calendar events the
site published before (their SEQUENCE), and the code: handbook's files and the libraries
that shape the output. A firm's own templates can read anything, so a firm with a
templates/ folder keys each segment by every segment.

So an edit to one segment's own fields rebuilds that segment's files alone; an edit to a
deadline, a package, a video or any other section rebuilds every segment's.

Each language keys the firm's texts in that language alone (and their `all` form): a page
reads a text through `Translator.text`, which reads no other language. An edit of an
English text rebuilds no Spanish file.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import BaseModel

from handbook.i18n.translator import ALL
from handbook.output import ics
from handbook.pages.render import template_dirs
from handbook.pages.site import Site
from handbook.project import Project

LIBRARIES = (
    "babel",
    "holidays",
    "icalendar",
    "jinja2",
    "markupsafe",
    "nh3",
    "phonenumbers",
    "pydantic",
    "python-dateutil",
    "pyyaml",
    "rcssmin",
    "rjsmin",
    "segno",
    "weasyprint",
)
"""The libraries whose version can change a staged file's bytes."""


def common_key(project: Project, site: Site, own_pages: list[str], published: ics.Versions) -> str:
    """Return the digest of what every segment's files of this language are made from."""
    firm = site.firm
    h = hashlib.sha256()
    for part in (
        code_digest(),
        _folder_digest(template_dirs(project.folder)[:-1]),
        site.language,
        site.build_date.isoformat(),
        site.site_url or "",
        dumped(firm, site, exclude={"segments"}),
        repr([(s.slug, dumped(s, site, include={"name"})) for s in firm.segments]),
        repr(sorted(site.messages.items())),
        repr(sorted(own_pages)),
        repr(sorted(published.items())),
        _files_digest(project.folder, [firm.firm.branding.logo, firm.firm.branding.favicon]),
    ):
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    if (project.folder / "templates").is_dir():
        for segment in firm.segments:
            h.update(segment.model_dump_json().encode("utf-8"))
    return h.hexdigest()


def dumped(
    model: BaseModel, site: Site, include: set[str] | None = None, exclude: set[str] | None = None
) -> str:
    """Return `model` as JSON with each text in the site's language alone (and `all`)."""
    languages = frozenset(site.firm.locale.site_languages) | {ALL}
    data = model.model_dump(mode="json", include=include, exclude=exclude)
    texts = _localized(data, site.language, languages)
    return json.dumps(texts, ensure_ascii=False, separators=(",", ":"))


def _localized(value: object, language: str, languages: frozenset[str]) -> object:
    """Keep, of each text written per language, the `language` and `all` forms."""
    if isinstance(value, list):
        return [_localized(item, language, languages) for item in value]
    if not isinstance(value, dict):
        return value
    if value and value.keys() <= languages and all(isinstance(v, str) for v in value.values()):
        return {key: value[key] for key in (language, ALL) if key in value}
    return {key: _localized(item, language, languages) for key, item in value.items()}


def segment_key(common: str, own: str) -> str:
    """Return the key of one segment's staged files: `common`'s and the segment's own."""
    return hashlib.sha256(f"{common}\0{own}".encode()).hexdigest()


@functools.cache
def code_digest() -> str:
    """Return a digest of handbook's own files and the versions of the libraries it uses."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(_folder_digest([package, template_dirs(package)[-1]]).encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    return h.hexdigest()


def _folder_digest(folders: list[Path]) -> str:
    """Return a digest of every file's path and bytes under `folders` (compiled code aside)."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _files_digest(folder: Path, files: list[str | None]) -> bytes:
    """Return a digest of the project files named (those that exist)."""
    h = hashlib.sha256()
    for name in files:
        path = folder / name if name else None
        if path is not None and path.is_file():
            h.update(hashlib.sha256(path.read_bytes()).digest())
        h.update(b"\0")
    return h.digest()
