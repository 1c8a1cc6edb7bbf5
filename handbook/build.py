"""The build, top to bottom: load, check the target, stage each language, engine, check, publish.

`export` is the same build without the engine: it writes the staged MkDocs project, checked
as a build checks it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook import urls
from handbook.calendar.today import epoch_of
from handbook.engines import build_site, project_folder, siteconfig
from handbook.errors import HandbookError
from handbook.input import projectfiles
from handbook.input.imagesize import image_size
from handbook.output import ics
from handbook.output.feeds import calendar_files
from handbook.output.handouts import HandoutStats, write_handouts
from handbook.output.minify import minify_assets
from handbook.output.publish import check_output, check_target, publish, staging, stamp
from handbook.pages import brand
from handbook.pages.render import (
    PageEnvironment,
    environment,
    navigation,
    plan_pages,
    render_pages,
    template_dirs,
)
from handbook.pages.site import Site
from handbook.progress import Reporter, counted
from handbook.project import Project


@dataclass(frozen=True)
class StagedLanguage:
    """What staging wrote for one language: where its tree is, its pages and its handouts."""

    language: str
    root: str
    """Where the language's tree is in the site: "" (the default language) or "es/"."""
    pages: list[str]
    """The staged Markdown pages, by site path, e.g. "es/tax/index.md"."""
    handouts: HandoutStats
    warnings: list[str]


@dataclass(frozen=True)
class Staged:
    """What staging produced: the MkDocs project of each language, the default first."""

    languages: list[StagedLanguage]

    @property
    def pages(self) -> list[str]:
        """Return every staged page, by site path."""
        return [page for language in self.languages for page in language.pages]

    @property
    def warnings(self) -> list[str]:
        """Return what staging warned about, each warning once."""
        return list(dict.fromkeys(w for language in self.languages for w in language.warnings))

    @property
    def handouts(self) -> HandoutStats:
        """Return how many PDF handouts were rendered and how many reused, in all languages."""
        return HandoutStats(
            rendered=sum(language.handouts.rendered for language in self.languages),
            reused=sum(language.handouts.reused for language in self.languages),
        )

    def summary(self) -> str:
        """Say what was built, e.g. "42 pages and 4 PDF handouts (1 rendered, 3 reused)"."""
        h = self.handouts
        handouts = counted(h.rendered + h.reused, "PDF handout")
        pages = counted(len(self.pages), "page")
        return f"{pages} and {handouts} ({h.rendered} rendered, {h.reused} reused)"


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
    _load(project, reporter)
    check_target(site_dir, project.protected, force=force)
    site_dir = site_dir.absolute()  # the engine reads a relative path from its own folder
    previous = PublishedFeeds(site_dir, project.folder)
    kept = project.cache.engine(engine)
    with staging(site_dir) as work, project_folder(engine, kept, work) as folder:
        staged = _stage_checked(project, folder, today, previous, reporter)
        built = work / "site"
        _run_engine(engine, staged, folder, built, epoch_of(today), kept, reporter)
        check_output(built, "site")
        stamp(built)
        with reporter.step(f"Publishing to {site_dir}"):
            publish(built, site_dir)
    return staged


def export(project: Project, folder: Path, *, today: dt.date, reporter: Reporter) -> Staged:
    """Write the staged MkDocs project into `folder`: the build without the engine.

    `folder` must be new or empty and hold no input; the project passes the build's output
    checks, and appears whole or not at all.
    """
    if folder.is_dir() and any(folder.iterdir()):
        raise HandbookError(f"{folder} is not empty; export into a new or empty folder")
    _load(project, reporter)
    check_target(folder, project.protected, verb="export")
    with staging(folder) as work:
        staged = _stage_checked(project, work / "project", today, PublishedFeeds(), reporter)
        publish(work / "project", folder.absolute())
    return staged


def _load(project: Project, reporter: Reporter) -> None:
    """Read and check firm.yaml and mkdocs.yml, so that a mistake stops the build first."""
    with reporter.step(f"Checking {project.config_file.name}"):
        project.firm  # noqa: B018  (read here: a property that raises InputError)
        project.base  # noqa: B018


def _stage_checked(
    project: Project, folder: Path, today: dt.date, previous: PublishedFeeds, reporter: Reporter
) -> Staged:
    """Stage every language into `folder`, check the output's limits, print the warnings."""
    with reporter.step("Writing pages, calendars and PDF handouts"):
        staged = stage(project, folder, today, previous)
        check_output(folder, "staged project")
    for warning in staged.warnings:
        reporter.warn(warning)
    return staged


def _run_engine(
    engine: str,
    staged: Staged,
    folder: Path,
    built: Path,
    epoch: int,
    kept: Path,
    reporter: Reporter,
) -> None:
    """Build each language's staged project into its tree of `built`; print the warnings."""
    warnings: list[str] = []
    for language in staged.languages:
        label = f" ({language.language})" if language.root else ""
        with reporter.step(f"Building the site with {engine}{label}"):
            warnings += build_site(
                engine,
                folder / language.root / "mkdocs.yml",
                built / language.root,
                epoch,
                kept / (language.root or "default"),
            )
    for warning in warnings:
        reporter.warn(f"{engine}: {warning}")


@dataclass(frozen=True)
class PublishedFeeds:
    """The site a build replaces, as the build reads it: the events of its calendar feeds.

    An event whose date changed gets the next SEQUENCE number (ics.py), so a subscribed
    calendar moves it. Only a site inside the project folder is read; without one (an export,
    a fresh checkout) every event starts again from 0.
    """

    site_dir: Path | None = None
    project_folder: Path | None = None

    def events(self, root: str) -> ics.Versions:
        """Read the events of the firm's feed in the language tree at `root`, if any."""
        if self.site_dir is None or self.project_folder is None:
            return {}
        feed = self.site_dir / root / urls.FIRM_FEED
        if not feed.is_file() or not feed.resolve().is_relative_to(self.project_folder):
            return {}
        if feed.stat().st_size > projectfiles.PAGE_FILE_LIMIT:
            return {}
        return ics.versions(feed.read_bytes())


def stage(
    project: Project, out: Path, today: dt.date, previous: PublishedFeeds | None = None
) -> Staged:
    """Write a MkDocs project per language: the default in `out`, each other in `out/<code>`."""
    projectfiles.check_folder(project.templates, project.folder)
    pages = environment(project.folder, project.cache)
    common = _Common(project, pages, pages.components)
    previous = previous or PublishedFeeds()
    languages = []
    for language in project.firm.locale.site_languages:
        site = Site(project.firm, today, language, project.site_url)
        languages.append(stage_language(common, site, out / site.root, previous.events(site.root)))
    project.cache.save()
    return Staged(languages)


@dataclass(frozen=True)
class _Common:
    """What every language of a build uses: the project and its two template environments."""

    project: Project
    pages: PageEnvironment
    handouts: jinja2.Environment


@dataclass(frozen=True)
class _Pages:
    """The pages staged for one language."""

    files: dict[str, str]
    """Where each generated page is staged, by its path (urls.staged)."""
    generated: list[str]
    firm_pages: list[str]
    """The firm's own Markdown pages that replace no generated one."""
    warnings: list[str]


def stage_language(
    common: _Common, site: Site, out: Path, published: ics.Versions
) -> StagedLanguage:
    """Write the MkDocs project of one language into `out`; return what it staged."""
    project = common.project
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    pages = _write_pages(common, site, docs, published)
    logo, favicon = _copy_brand(project, docs)
    handouts = write_handouts(
        site, common.handouts, docs, docs / logo if logo else None, project.cache
    )
    _copy_photos(project, site, docs)
    _copy_media(project, site, docs)
    _copy_assets(project, site, docs / siteconfig.ASSETS)
    config, config_warnings = siteconfig.complete(
        project.base,
        site,
        navigation(site, pages.files, pages.firm_pages),
        logo=logo,
        logo_size=image_size(docs / logo) if logo else None,
        favicon=favicon,
        overrides=_copy_overrides(project, out),
        extra_css=[f"{siteconfig.ASSETS}/handbook.css", f"{siteconfig.ASSETS}/handbook-brand.css"],
        extra_javascript=[f"{siteconfig.ASSETS}/handbook.js"],
    )
    (out / "mkdocs.yml").write_text(siteconfig.dump(config), encoding="utf-8")
    return StagedLanguage(
        language=site.language,
        root=site.root,
        pages=[site.root + p for p in [*pages.generated, *pages.firm_pages]],
        handouts=handouts,
        warnings=pages.warnings + handouts.warnings + config_warnings,
    )


def _write_pages(common: _Common, site: Site, docs: Path, published: ics.Versions) -> _Pages:
    """Write the generated pages, the calendar files and the firm's own pages into `docs`."""
    project = common.project
    firm_pages = dict(project.firm_pages[site.language])
    # The firm's own privacy notice opens the privacy page; what the site does follows it.
    privacy = firm_pages.pop(urls.PRIVACY, None)
    plan = plan_pages(site, Markup(privacy.read_text(encoding="utf-8")) if privacy else None)
    # A page of the firm's own replaces the generated one of its name; the others are staged
    # in the folder of their URL (urls.staged).
    files = {p.path: p.path if p.path in firm_pages else urls.staged(p.path) for p in plan}
    generated = render_pages(site, common.pages, plan, files)
    warnings = []
    for path, text in generated.items():
        if path in firm_pages:
            warnings.append(f"{project.shown(firm_pages[path])} replaces the generated page")
        else:
            _write(docs / files[path], text.encode("utf-8"))
    events = project.cache.memo("events", f"icalendar {version('icalendar')}")
    for path, data in calendar_files(site, published, events).items():
        _write(docs / path, data)
    for path, source in firm_pages.items():
        _write(docs / path, source.read_bytes())
    extra = sorted(p for p in firm_pages if p not in generated and p.endswith(".md"))
    return _Pages(files, list(generated), extra, warnings)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _copy_brand(project: Project, docs: Path) -> tuple[str | None, str | None]:
    """Copy the logo and favicon into the staged assets; return their site paths."""
    out: list[str | None] = []
    branding = project.firm.firm.branding
    for kind, source in (("logo", branding.logo), ("favicon", branding.favicon)):
        if source is None:
            out.append(None)
            continue
        # A fixed name: the theme prints the logo path into an attribute unescaped.
        path = project.folder / source
        target = f"{siteconfig.BRAND}/{kind}{path.suffix.lower()}"
        (docs / siteconfig.BRAND).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / target)
        out.append(target)
    return out[0], out[1]


def _copy_photos(project: Project, site: Site, docs: Path) -> None:
    """Copy team photos into the staged assets under stable names."""
    for member in site.firm.team:
        target = site.links.photo(member)
        if member.photo and target:
            (docs / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project.folder / member.photo, docs / target)


def _copy_media(project: Project, site: Site, docs: Path) -> None:
    """Copy self-hosted videos, posters and captions to the same paths in the site."""
    for video in site.firm.videos:
        link = site.tr.text(video.url)
        local = [] if link.startswith(("http://", "https://")) else [link]
        for path in (*local, video.poster, site.tr.text(video.captions) or None):
            if path:
                (docs / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(project.folder / path, docs / path)


def _copy_overrides(project: Project, out: Path) -> str:
    """Copy the theme overrides (language switcher, hreflang links); return their folder."""
    for folder in reversed(template_dirs(project.folder)):
        source = folder / siteconfig.OVERRIDES
        if source.is_dir():
            shutil.copytree(source, out / siteconfig.OVERRIDES, dirs_exist_ok=True)
    return siteconfig.OVERRIDES


def _copy_assets(project: Project, site: Site, assets: Path) -> None:
    """Copy the bundled assets, then the firm's overriding ones; add the brand's colours."""
    for folder in reversed(template_dirs(project.folder)):
        source = folder / "assets"
        if source.is_dir():
            shutil.copytree(source, assets, dirs_exist_ok=True)
    (assets / "handbook-brand.css").write_text(brand.css(site.firm.firm.branding), encoding="utf-8")
    minify_assets(assets)
