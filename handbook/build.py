"""The build, top to bottom: load, validate, gather, render, write, engine, publish."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from handbook import brand, ics, projectfiles, qr, siteconfig, urls
from handbook.config import load_firm
from handbook.dates import epoch_of
from handbook.engines import build_site, project_folder
from handbook.errors import HandbookError
from handbook.feeds import calendar_files
from handbook.handouts import HandoutStats, write_handouts
from handbook.imagesize import image_size
from handbook.memo import Memo, cache_dir
from handbook.minify import minify_assets
from handbook.model import FirmConfig
from handbook.progress import Reporter, counted
from handbook.publish import check_output, check_target, publish, staging, stamp
from handbook.render import (
    bundled_templates,
    environment,
    html_environment,
    navigation,
    plan_pages,
    render_pages,
    template_dirs,
)
from handbook.site import Site


@dataclass
class Project:
    """Where a firm's inputs are: firm.yaml, and beside it mkdocs.yml, docs/ and templates/.

    A relative `config_file` is from the current folder; it is made absolute at once, so a
    later change of folder (an engine, git) cannot move the project.
    """

    config_file: Path

    def __post_init__(self) -> None:
        self.config_file = self.config_file.absolute()

    @property
    def root(self) -> Path:
        """Return the project folder (the folder of firm.yaml)."""
        return self.config_file.resolve().parent

    @property
    def docs(self) -> Path:
        """Return the firm's own pages folder."""
        return self.root / "docs"

    @property
    def mkdocs_yml(self) -> Path:
        """Return the firm's base site settings file."""
        return self.root / "mkdocs.yml"

    @property
    def protected(self) -> list[Path]:
        """Return what no output folder may hold or be inside: the inputs a build reads."""
        return [self.config_file, self.docs, self.root / "templates", bundled_templates()]


@dataclass
class Staged:
    """What staging produced."""

    pages: list[str]
    handouts: HandoutStats
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Say what was built, e.g. "42 pages and 4 PDF handouts (1 rendered, 3 reused)"."""
        h = self.handouts
        handouts = counted(h.rendered + h.reused, "PDF handout")
        pages = counted(len(self.pages), "page")
        return f"{pages} and {handouts} ({h.rendered} rendered, {h.reused} reused)"


def stage(
    project: Project, firm: FirmConfig, out: Path, today: dt.date, previous: Path | None = None
) -> Staged:
    """Write a MkDocs project per language: the default in `out`, each other in `out/<code>`.

    `previous` is the site this build replaces: its feeds say which events changed date.
    """
    base = siteconfig.load_base(project.mkdocs_yml)
    site_url = base.get("site_url") if isinstance(base.get("site_url"), str) else None
    languages = firm.locale.site_languages
    projectfiles.check_folder(project.root / "templates", project.root)
    cache = cache_dir(project.root)
    shared = _Shared(
        base=base,
        own=_own_pages(project, languages),
        pages=environment(project.root),
        handouts=html_environment(project.root),
        events=Memo(cache / "events.json", f"icalendar {version('icalendar')}"),
        codes=Memo(cache / "qr-codes.json", qr.SALT),
    )
    staged = Staged(pages=[], handouts=HandoutStats())
    for language in languages:
        site = Site(firm=firm, build_date=today, language=language, site_url=site_url)
        published = _published_events(project, previous / site.root if previous else None)
        _stage_language(project, site, shared, out / site.root, staged, published)
    shared.events.save()
    shared.codes.save()
    return staged


@dataclass(frozen=True)
class _Shared:
    """What every language of a build uses: settings, own pages, templates and memos."""

    base: dict[str, Any]
    own: dict[str, dict[str, Path]]
    pages: jinja2.Environment
    handouts: jinja2.Environment
    events: Memo
    codes: Memo


def _published_events(project: Project, site: Path | None) -> ics.Versions:
    """Read the events of the feed a previous build published in the project folder, if any."""
    feed = site / urls.FIRM_FEED if site else None
    if feed is None or not feed.is_file() or not feed.resolve().is_relative_to(project.root):
        return {}
    if feed.stat().st_size > projectfiles.PAGE_FILE_LIMIT:
        return {}
    return ics.versions(feed.read_bytes())


def _stage_language(
    project: Project,
    site: Site,
    shared: _Shared,
    out: Path,
    staged: Staged,
    published: ics.Versions,
) -> None:
    """Write the MkDocs project of one language into `out`."""
    firm = site.firm
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    mine = dict(shared.own[site.language])
    # The firm's own privacy notice opens the privacy page; what the site does follows it.
    own_privacy = mine.pop(urls.PRIVACY, None)
    notice = Markup(own_privacy.read_text(encoding="utf-8")) if own_privacy else None
    plan = plan_pages(site, notice)
    # A page of the firm's own replaces the generated one of its name; the others are staged
    # in the folder of their URL (urls.staged).
    files = {page.path: page.path if page.path in mine else urls.staged(page.path) for page in plan}
    generated = render_pages(site, shared.pages, plan, files)
    for path, text in generated.items():
        if path in mine:
            staged.warnings.append(f"{_shown(project, mine[path])} replaces the generated page")
            continue
        _write(docs / files[path], text.encode("utf-8"))
    for path, data in calendar_files(site, published, shared.events).items():
        _write(docs / path, data)
    for path, source in mine.items():
        _write(docs / path, source.read_bytes())

    logo, favicon = _copy_brand(project, firm, docs)
    logo_file = project.root / firm.firm.branding.logo if firm.firm.branding.logo else None
    handouts = write_handouts(site, shared.handouts, project.root, docs, logo_file, shared.codes)
    _copy_photos(project, site, docs)
    _copy_media(project, site, docs)
    assets = docs / siteconfig.ASSETS
    _copy_assets(project.root, assets)
    (assets / "handbook-brand.css").write_text(brand.css(firm.firm.branding), encoding="utf-8")
    minify_assets(assets)
    overrides = _copy_overrides(project.root, out)

    extra_pages = sorted(p for p in mine if p not in generated and p.endswith(".md"))
    nav = navigation(site, files, extra_pages)
    config, config_warnings = siteconfig.complete(
        shared.base,
        site,
        nav,
        logo=logo,
        logo_size=image_size(docs / logo) if logo else None,
        favicon=favicon,
        overrides=overrides,
        extra_css=[f"{siteconfig.ASSETS}/handbook.css", f"{siteconfig.ASSETS}/handbook-brand.css"],
        extra_javascript=[f"{siteconfig.ASSETS}/handbook.js"],
    )
    (out / "mkdocs.yml").write_text(siteconfig.dump(config), encoding="utf-8")
    staged.pages += [site.root + p for p in [*generated, *extra_pages]]
    staged.handouts.rendered += handouts.rendered
    staged.handouts.reused += handouts.reused
    staged.warnings += handouts.warnings + [w for w in config_warnings if w not in staged.warnings]


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _shown(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def _own_pages(project: Project, languages: list[str]) -> dict[str, dict[str, Path]]:
    """Map each language to the firm's own files: docs/ for the default, docs/<code>/ for others.

    A page of the default language must exist in every other language too: a reader of
    the Spanish site never lands on an English page.
    """
    default, others = languages[0], languages[1:]
    files: dict[str, dict[str, Path]] = {code: {} for code in languages}
    docs = project.docs
    for path in projectfiles.walk(docs, project.root):
        rel = path.relative_to(docs).as_posix()
        head, _, rest = rel.partition("/")
        if head in others and rest:
            files[head][rest] = path
        else:
            files[default][rel] = path
    missing = [
        f"docs/{code}/{page}"
        for code in others
        for page in files[default]
        if page.endswith(".md") and page not in files[code]
    ]
    if missing:
        raise HandbookError(
            "these pages of yours have no translation (every language needs each page): "
            + ", ".join(missing)
        )
    return files


def _copy_brand(project: Project, firm: FirmConfig, docs: Path) -> tuple[str | None, str | None]:
    """Copy the logo and favicon into the staged assets; return their site paths."""
    out: list[str | None] = []
    branding = firm.firm.branding
    for kind, source in (("logo", branding.logo), ("favicon", branding.favicon)):
        if source is None:
            out.append(None)
            continue
        # A fixed name: the theme prints the logo path into an attribute unescaped.
        path = project.root / source
        target = f"{siteconfig.BRAND}/{kind}{path.suffix.lower()}"
        (docs / siteconfig.BRAND).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / target)
        out.append(target)
    return out[0], out[1]


def _copy_photos(project: Project, site: Site, docs: Path) -> None:
    """Copy team photos into the staged assets under stable names."""
    for member in site.firm.team:
        target = site.photo(member)
        if member.photo and target:
            (docs / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project.root / member.photo, docs / target)


def _copy_media(project: Project, site: Site, docs: Path) -> None:
    """Copy self-hosted videos, posters and captions to the same paths in the site."""
    for video in site.firm.videos:
        link = site.tr.t(video.url)
        local = [] if link.startswith(("http://", "https://")) else [link]
        for path in (*local, video.poster, site.tr.t(video.captions) or None):
            if path:
                (docs / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(project.root / path, docs / path)


def _copy_overrides(root: Path, out: Path) -> str:
    """Copy the theme overrides (language switcher, hreflang links); return their folder."""
    for folder in reversed(template_dirs(root)):
        source = folder / siteconfig.OVERRIDES
        if source.is_dir():
            shutil.copytree(source, out / siteconfig.OVERRIDES, dirs_exist_ok=True)
    return siteconfig.OVERRIDES


def _copy_assets(root: Path, assets: Path) -> None:
    """Copy the bundled assets, then the firm's overriding ones."""
    for folder in reversed(template_dirs(root)):
        source = folder / "assets"
        if source.is_dir():
            shutil.copytree(source, assets, dirs_exist_ok=True)


def build(
    project: Project,
    site_dir: Path,
    *,
    engine: str = "mkdocs",
    today: dt.date,
    reporter: Reporter,
    force: bool = False,
) -> Staged:
    """Build the site into `site_dir` atomically; return what was staged.

    `site_dir` must be empty, absent, or a site handbook built (it holds the stamp file),
    unless `force`: a mistyped --site-dir never deletes someone's folder.
    """
    with reporter.step(f"Checking {project.config_file.name}"):
        firm, _ = load_firm(project.config_file)
    check_target(site_dir, project.protected, force=force)
    site_dir = site_dir.absolute()  # the engine reads a relative path from its own folder
    engine_cache = cache_dir(project.root) / "engines"
    with staging(site_dir) as work, project_folder(engine, engine_cache, work) as folder:
        with reporter.step("Writing pages, calendars and PDF handouts"):
            staged = stage(project, firm, folder, today, site_dir)
            check_output(folder, "staged project")
        for warning in staged.warnings:
            reporter.warn(warning)
        engine_warnings: list[str] = []
        for language in firm.locale.site_languages:
            root = urls.language_root(language, firm.locale.default)
            label = f" ({language})" if root else ""
            with reporter.step(f"Building the site with {engine}{label}"):
                engine_warnings += build_site(
                    engine,
                    folder / root / "mkdocs.yml",
                    work / "site" / root,
                    epoch_of(today),
                    engine_cache / engine / (root or "default"),
                )
        for warning in engine_warnings:
            reporter.warn(f"{engine}: {warning}")
        check_output(work / "site", "site")
        stamp(work / "site")
        with reporter.step(f"Publishing to {site_dir}"):
            publish(work / "site", site_dir)
    return staged
