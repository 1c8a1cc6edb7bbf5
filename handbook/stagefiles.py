"""The files a language's staged project copies: the brand, photos, media, assets, overrides
and the firm's own files, each staged through the language's tree (kepttree.py)."""

from __future__ import annotations

import json
from pathlib import Path

from handbook import urls
from handbook.engines import siteconfig
from handbook.errors import InputError
from handbook.input import docsfiles
from handbook.kepttree import KeptTree
from handbook.output.minify import minified
from handbook.pages import brand
from handbook.pages.render import template_dirs
from handbook.pages.site import Site
from handbook.project import Project

DOCS = "docs/"


def write_own(project: Project, site: Site, tree: KeptTree, own: dict[str, Path]) -> None:
    """Write the firm's own files last, refusing any that lands on a file the build wrote.

    What is compared is every file staged so far, plus the engines' own outputs: every file
    the build generates (a new one too) is covered without a second list of them. Written
    after the assets are minified, the firm's files are published byte for byte.
    """
    staged = [p.removeprefix(DOCS) for p in tree.paths() if p.startswith(DOCS)]
    clashes = docsfiles.collisions(
        own, [*staged, *siteconfig.ENGINE_OUTPUTS], project.folder, site.root
    )
    if clashes:
        raise InputError(clashes)
    for path, source in own.items():
        tree.copy(source, DOCS + path)


def copy_brand(project: Project, tree: KeptTree) -> tuple[str | None, str | None]:
    """Copy the logo and favicon into the staged assets; return their site paths."""
    out: list[str | None] = []
    branding = project.firm.firm.branding
    for kind, source in (("logo", branding.logo), ("favicon", branding.favicon)):
        if source is None:
            out.append(None)
            continue
        # A fixed name: the theme prints the logo path into an attribute unescaped.
        target = urls.brand_file(kind, source)
        tree.copy(project.folder / source, DOCS + target)
        out.append(target)
    return out[0], out[1]


def copy_photos(project: Project, site: Site, tree: KeptTree) -> None:
    """Copy team photos into the staged assets under stable names."""
    for member in site.firm.team:
        target = site.links.photo(member)
        if member.photo and target:
            tree.copy(project.folder / member.photo, DOCS + target)


def copy_media(project: Project, site: Site, tree: KeptTree) -> None:
    """Copy self-hosted videos, posters and captions to the same paths in the site."""
    for video in site.firm.videos:
        link = site.tr.text(video.url)
        local = [] if link.startswith(("http://", "https://")) else [link]
        for path in (*local, video.poster, site.tr.text(video.captions) or None):
            if path:
                tree.copy(project.folder / path, DOCS + path)


def copy_overrides(project: Project, tree: KeptTree) -> str:
    """Copy the theme overrides (language switcher, hreflang links); return their folder."""
    for path, source in _layered(project, siteconfig.OVERRIDES).items():
        tree.copy(source, f"{siteconfig.OVERRIDES}/{path}")
    return siteconfig.OVERRIDES


def copy_assets(project: Project, site: Site, tree: KeptTree) -> None:
    """Copy the bundled assets, then the firm's overriding ones, minified; add the brand's."""
    files = {path: source.read_bytes() for path, source in _layered(project, "assets").items()}
    files["handbook-brand.css"] = brand.css(site.firm.firm.branding).encode("utf-8")
    # The search script reads each segment's name by its folder, only when search is used:
    # a list in every page would make each page grow with the firm's segments.
    names = {s.slug: site.tr.text(s.name) for s in site.firm.segments}
    segments = json.dumps(names, ensure_ascii=False, sort_keys=True)
    files["handbook-segments.json"] = segments.encode("utf-8")
    for path, data in sorted(files.items()):
        tree.write(f"{DOCS}{siteconfig.ASSETS}/{path}", minified(path, data))


def _layered(project: Project, name: str) -> dict[str, Path]:
    """Return the files of a template folder, the firm's own over the bundled, by path."""
    files: dict[str, Path] = {}
    for folder in reversed(template_dirs(project.folder)):
        source = folder / name
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    files[path.relative_to(source).as_posix()] = path
    return files
