"""The files a build reads: inside the project folder, never through a symlink, not too big."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from handbook.errors import HandbookError, Problem
from handbook.i18n.cli import _
from handbook.input import docsfiles
from handbook.input.loader import PathKey, Positions
from handbook.input.svg import svg_problem
from handbook.model import FirmConfig

MB = 1_000_000
IMAGE_LIMIT = 5 * MB
"""Logo, favicon, team photos and video posters."""
VIDEO_LIMIT = 100 * MB
"""Self-hosted videos: GitHub refuses files over 100 MB in a repository."""
CAPTIONS_LIMIT = 1 * MB
PAGE_FILE_LIMIT = 25 * MB
"""Each file in docs/ and templates/."""

_IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico")


def refusal(root: Path, relative: str) -> str | None:
    """Say why the project file `relative` cannot be read, or None if it can."""
    target = root / relative
    probe = root
    for part in Path(relative).parts:
        probe = probe / part
        if probe.is_symlink():
            shown = probe.relative_to(root).as_posix()
            return _("{path} is a symbolic link; put the file itself in the project folder").format(
                path=shown
            )
    if not target.resolve().is_relative_to(root.resolve()):
        return _("{path} is outside the project folder {root}").format(
            path=repr(relative), root=root
        )
    if not target.is_file():
        return _("file {path} not found (paths are relative to firm.yaml's folder)").format(
            path=repr(relative)
        )
    return None


def check_files(firm: FirmConfig, positions: Positions, root: Path) -> Iterator[Problem]:
    """Check that files named in firm.yaml exist inside the project, of the right type and size."""
    named: list[tuple[PathKey, str | None]] = [
        (("firm", "branding", "logo"), firm.firm.branding.logo),
        (("firm", "branding", "favicon"), firm.firm.branding.favicon),
    ]
    named += [(("team", i, "photo"), m.photo) for i, m in enumerate(firm.team)]
    named += [(("videos", i, "poster"), v.poster) for i, v in enumerate(firm.videos)]
    yield from _check_paths(named, positions, root, _IMAGE_SUFFIXES, IMAGE_LIMIT)
    yield from _check_slugs(firm, positions, root)
    yield from docsfiles.check_docs(root)
    media = [
        (path, link)
        for i, v in enumerate(firm.videos)
        for path, link in _each(("videos", i, "url"), v.url)
        if not link.startswith(("http://", "https://"))
    ]
    yield from _check_paths(media, positions, root, (".mp4", ".webm"), VIDEO_LIMIT)
    captions = [
        pair
        for i, v in enumerate(firm.videos)
        for pair in _each(("videos", i, "captions"), v.captions)
    ]
    yield from _check_paths(captions, positions, root, (".vtt",), CAPTIONS_LIMIT)


def _check_slugs(firm: FirmConfig, positions: Positions, root: Path) -> Iterator[Problem]:
    """Refuse a segment slug that names one of the firm's own pages or folders in docs/."""
    docs = root / "docs"
    if not docs.is_dir():
        return
    own = {p.stem if p.suffix == ".md" else p.name: p for p in sorted(docs.iterdir())}
    for i, segment in enumerate(firm.segments):
        mine = own.get(segment.slug)
        if mine is not None and (mine.is_dir() or mine.suffix == ".md"):
            yield positions.problem(
                ("segments", i, "slug"),
                _(
                    "{slug} is also your page {page} (both would be {url}); "
                    "choose another slug or rename the page"
                ).format(
                    slug=repr(segment.slug), page=f"docs/{mine.name}", url=f"/{segment.slug}/"
                ),
            )


def walk(folder: Path, root: Path) -> Iterator[Path]:
    """List the files under `folder` in order; refuse symlinks, oversized files, unsafe SVGs.

    An SVG in docs/ is published as it is, like the logo, so it passes the same check.
    """
    if folder.is_symlink():
        raise HandbookError(_symlink(folder, root))
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            raise HandbookError(_symlink(path, root))
        if path.is_file():
            size = path.stat().st_size
            if size > PAGE_FILE_LIMIT:
                raise HandbookError(
                    _(
                        "{file} is {size:.0f} MB; files in docs/ and templates/ "
                        "may be at most {limit} MB (link big files instead)"
                    ).format(file=_shown(path, root), size=size / MB, limit=PAGE_FILE_LIMIT // MB)
                )
            if path.suffix.lower() == ".svg" and (why := svg_problem(path, _shown(path, root))):
                raise HandbookError(why)
            yield path


def check_folder(folder: Path, root: Path) -> None:
    """Refuse symlinks and oversized files under `folder` before anything in it is read."""
    for _path in walk(folder, root):
        pass


def _symlink(path: Path, root: Path) -> str:
    return _(
        "{file} is a symbolic link; handbook reads only files inside the "
        "project, so copy the file itself there"
    ).format(file=_shown(path, root))


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _each(path: PathKey, value: str | dict[str, str] | None) -> list[tuple[PathKey, str]]:
    """List a value given once or per language, each with its own path."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(path, value)]
    return [((*path, code), item) for code, item in value.items()]


def _check_paths(
    named: Sequence[tuple[PathKey, str | None]],
    positions: Positions,
    root: Path,
    suffixes: tuple[str, ...],
    limit: int,
) -> Iterator[Problem]:
    """Check each named file: inside the project, no symlink, accepted suffix and size."""
    for path, value in named:
        if value is None:
            continue
        why = refusal(root, value)
        if why:
            yield positions.problem(path, why)
        elif (root / value).suffix.lower() not in suffixes:
            yield positions.problem(
                path,
                _("{file} has the wrong type; use one of {suffixes}").format(
                    file=repr(value), suffixes=", ".join(suffixes)
                ),
            )
        elif (size := (root / value).stat().st_size) > limit:
            yield positions.problem(
                path,
                _(
                    "{file} is {size:.1f} MB; at most {limit} MB "
                    "(make it smaller, or link it from a video or file host)"
                ).format(file=repr(value), size=size / MB, limit=limit // MB),
            )
        elif value.lower().endswith(".svg") and (why := svg_problem(root / value, value)):
            yield positions.problem(path, why)
