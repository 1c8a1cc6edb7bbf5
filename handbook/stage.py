"""Staging: the firm's project written as one plain MkDocs project per language.

Each language gets its pages (rendered from the templates), its calendar files, the firm's
own pages, the PDF handouts, the brand's assets and a completed mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook import urls
from handbook.engines import siteconfig
from handbook.engines.sidebyside import side_by_side
from handbook.errors import InputError
from handbook.input import docsfiles, projectfiles
from handbook.input.imagesize import image_size
from handbook.memo import Kept, kept, merge
from handbook.output import ics, published
from handbook.output.feeds import calendar_files
from handbook.output.handouts import HandoutStats, write_handouts
from handbook.output.minify import minify_assets
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
from handbook.progress import counted
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


@dataclass
class PublishedFeeds:
    """The site a build replaces, as the build reads it: the events of its calendar feeds.

    An event whose date changed gets the next SEQUENCE number (ics.py), so a subscribed
    calendar moves it. Only a site inside the project folder is read; without one (an export,
    a fresh checkout) every event starts again from 0, unless `site_url` is given: then the
    published feed is read (output/published.py), from the gh-pages branch or the web.
    """

    site_dir: Path | None = None
    project_folder: Path | None = None
    site_url: str | None = None
    warnings: list[str] = field(default_factory=list)

    def events(self, root: str) -> ics.Versions:
        """Read the events of the firm's feed in the language tree at `root`, if any."""
        if self.site_dir is None or self.project_folder is None:
            return {}
        feed = self.site_dir / root / urls.FIRM_FEED
        if feed.is_file() and feed.resolve().is_relative_to(self.project_folder):
            if feed.stat().st_size > projectfiles.PAGE_FILE_LIMIT:
                return {}
            return ics.versions(feed.read_bytes())
        if self.site_url is None:
            return {}
        path = (Path(root) / urls.FIRM_FEED).as_posix().removeprefix("./")
        data = published.from_branch(self.project_folder, path)
        if data is None:
            try:
                data = published.from_site(self.site_url, path)
            except (OSError, ValueError) as e:
                self.warnings.append(
                    f"could not read the published {path} ({e}): calendar events that moved"
                    " keep their SEQUENCE, so a one-off import may not update"
                )
                return {}
        return ics.versions(data)


def stage(
    project: Project, out: Path, today: dt.date, previous: PublishedFeeds | None = None
) -> Staged:
    """Write a MkDocs project per language: the default in `out`, each other in `out/<code>`."""
    projectfiles.check_folder(project.templates, project.folder)
    pages = environment(project.folder)
    common = _Common(project, pages, pages.components)
    previous = previous or PublishedFeeds()
    jobs = []
    for language in project.firm.locale.site_languages:
        site = Site(project.firm, today, language, project.site_url, project.messages)
        jobs.append((common, site, out / site.root, previous.events(site.root)))
    project.cache.key()  # made once, before the languages are staged side by side
    languages = []
    for staged, learned in side_by_side(_stage_kept, jobs):
        merge(project.cache, learned)
        languages.append(staged)
    project.cache.save()
    return Staged(languages)


def _stage_kept(
    common: _Common, site: Site, out: Path, published: ics.Versions
) -> tuple[StagedLanguage, Kept]:
    """Stage one language; return it and what its cache learned, for the build's cache."""
    staged = stage_language(common, site, out, published)
    return staged, kept(common.project.cache)


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
    own: dict[str, Path]
    """The firm's own files of this language, by path in docs/, written last (_write_own)."""
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
    _write_own(project, site, docs, pages.own)
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
    extra = sorted(p for p in firm_pages if p not in generated and p.endswith(".md"))
    return _Pages(files, list(generated), extra, firm_pages, warnings)


def _write_own(project: Project, site: Site, docs: Path, own: dict[str, Path]) -> None:
    """Write the firm's own files last, refusing any that lands on a file the build wrote.

    What is compared is the staged tree itself, plus the engines' own outputs: every file
    the build generates (a new one too) is covered without a second list of them. Written
    after the assets are minified, the firm's files are published byte for byte.
    """
    staged = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
    clashes = docsfiles.collisions(
        own, [*staged, *siteconfig.ENGINE_OUTPUTS], project.folder, site.root
    )
    if clashes:
        raise InputError(clashes)
    for path, source in own.items():
        _write(docs / path, source.read_bytes())


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
        target = urls.brand_file(kind, source)
        (docs / urls.BRAND).mkdir(parents=True, exist_ok=True)
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
    # The search script reads each segment's name by its folder, only when search is used:
    # a list in every page would make each page grow with the firm's segments.
    names = {s.slug: site.tr.text(s.name) for s in site.firm.segments}
    segments = json.dumps(names, ensure_ascii=False, sort_keys=True)
    (assets / "handbook-segments.json").write_text(segments, encoding="utf-8")
    minify_assets(assets)
