"""Staging: the firm's project written as one plain MkDocs project per language.

Each language gets its pages (rendered from the templates), its calendar files, the firm's
own pages, the PDF handouts, the brand's assets and a completed mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import jinja2
from markupsafe import Markup

from handbook import stagefiles, stagekeys, urls
from handbook.engines import siteconfig
from handbook.engines.sidebyside import side_by_side
from handbook.input import projectfiles
from handbook.input.imagesize import image_size
from handbook.kepttree import KeptTree
from handbook.memo import Kept, Memo, kept, merge
from handbook.model.offer import Segment
from handbook.output import ics, published
from handbook.output.feeds import firm_files, segment_files
from handbook.output.handouts import HandoutStats, write_handouts
from handbook.output.rulesevents import rule_events
from handbook.pages.render import (
    PageEnvironment,
    PageSpec,
    environment,
    navigation,
    plan_pages,
    render_pages,
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
    fingerprint: str = ""
    """A digest of its staged project's paths and bytes (KeptTree.fingerprint)."""
    files: int = 0
    size: int = 0
    """How many files its staged project has, and their bytes."""

    @property
    def folder(self) -> str:
        """Return its folder in the site: "" (the default language) or "es"."""
        return self.root.strip("/")


@dataclass(frozen=True)
class Staged:
    """What staging produced: the MkDocs project of each language, the default first."""

    languages: list[StagedLanguage]

    @property
    def trees(self) -> dict[str, str]:
        """Return each language's staged project (its fingerprint), by its folder."""
        return {language.folder: language.fingerprint for language in self.languages}

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

    def events(self, root: str, memo: Memo) -> ics.Versions:
        """Read the events of the firm's feed in the language tree at `root`, if any
        (each feed parsed once: `memo` keeps what it held)."""
        if self.site_dir is None or self.project_folder is None:
            return {}
        feed = self.site_dir / root / urls.FIRM_FEED
        if feed.is_file() and feed.resolve().is_relative_to(self.project_folder):
            if feed.stat().st_size > projectfiles.PAGE_FILE_LIMIT:
                return {}
            return ics.published_versions(feed.read_bytes(), memo)
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
        return ics.published_versions(data, memo)


def stage(
    project: Project,
    out: Path,
    today: dt.date,
    previous: PublishedFeeds | None = None,
    manifests: Path | None = None,
) -> Staged:
    """Write a MkDocs project per language: the default in `out`, each other in `out/<code>`.

    `manifests`: the cache folder of the manifests of what the last build staged in `out`,
    which is then the same folder each build (kepttree.py); None stages into a new folder.
    """
    projectfiles.check_folder(project.templates, project.folder)
    pages = environment(project.folder)
    previous = previous or PublishedFeeds()
    default = project.firm.locale.default
    roots = {lang: urls.language_root(lang, default) for lang in project.firm.locale.site_languages}
    trees = {}
    # The default language first: emptying its folder (KeptTree.open) empties the others'.
    for root in roots.values():
        if manifests is None:
            trees[root] = KeptTree.fresh(out / root)
        else:
            trees[root] = KeptTree.open(out / root, project.cache, _manifest(manifests, root))
    common = _Common(project, pages, pages.components, trees, manifests, today)
    published = project.cache.memo("published-events", f"icalendar {version('icalendar')}")
    jobs = [
        (common, lang, out / root, previous.events(root, published)) for lang, root in roots.items()
    ]
    project.cache.key()  # made once, before the languages are staged side by side
    languages = []
    for staged, learned in side_by_side(_stage_kept, jobs):
        merge(project.cache, learned)
        languages.append(staged)
    project.cache.save()
    return Staged(languages)


def _manifest(folder: Path, root: str) -> Path:
    """Return where the manifest of a language's staged tree (at `root`) is kept."""
    return folder / f"staged-{root.strip('/') or 'default'}.json"


def _stage_kept(
    common: _Common, language: str, out: Path, published: ics.Versions
) -> tuple[StagedLanguage, Kept]:
    """Stage one language; return it and what its cache learned, for the build's cache.

    Its Site (its due dates above all) is computed here, in the language's own process.
    """
    project = common.project
    site = Site(project.firm, common.today, language, project.site_url, project.messages)
    staged = stage_language(common, site, out, published)
    return staged, kept(common.project.cache)


@dataclass(frozen=True)
class _Common:
    """What every language of a build uses: the project, its two template environments, and
    the tree each language is staged into."""

    project: Project
    pages: PageEnvironment
    handouts: jinja2.Environment
    trees: dict[str, KeptTree]
    manifests: Path | None
    today: dt.date

    def tree(self, site: Site) -> KeptTree:
        """Return the tree a language is staged into."""
        return self.trees[site.root]

    def finish(self, site: Site, tree: KeptTree) -> None:
        """Delete what the last build staged and this one did not; keep the manifest."""
        manifest = _manifest(self.manifests, site.root) if self.manifests else None
        tree.finish(self.project.cache, manifest)


def stage_language(
    common: _Common, site: Site, out: Path, published: ics.Versions
) -> StagedLanguage:
    """Write the MkDocs project of one language into `out`; return what it staged.

    Into the tree the last build left there if the build keeps one (kepttree.py): each
    segment whose key (stagekeys.py) is unchanged keeps its files, the rest is written where
    its bytes changed.
    """
    project = common.project
    tree = common.tree(site)
    firm_pages = dict(project.firm_pages[site.language])
    # The firm's own privacy notice opens the privacy page; what the site does follows it.
    privacy = firm_pages.pop(urls.PRIVACY, None)
    plan = plan_pages(site, Markup(privacy.read_text(encoding="utf-8")) if privacy else None)
    # A page of the firm's own replaces the generated one of its name; the others are staged
    # in the folder of their URL (urls.staged).
    files = {p.path: p.path if p.path in firm_pages else urls.staged(p.path) for p in plan}
    logo, favicon = stagefiles.copy_brand(project, tree)
    events = project.cache.memo("events", f"icalendar {version('icalendar')}")
    rules = rule_events(site, published, events)
    segments = _Segments(common, site, tree, files, firm_pages, published, events, rules, logo)
    handouts = segments.stage(plan)
    site_wide = [p for p in plan if p.path not in segments.paths]
    for path, text in render_pages(site, common.pages, site_wide, files).items():
        if path not in firm_pages:
            tree.write(f"docs/{files[path]}", text.encode("utf-8"))
    segments.stage_feeds()
    stagefiles.copy_photos(project, site, tree)
    stagefiles.copy_media(project, site, tree)
    stagefiles.copy_assets(project, site, tree)
    planned = [p.path for p in plan]
    firm_own = sorted(p for p in firm_pages if p not in planned and p.endswith(".md"))
    stagefiles.write_own(project, site, tree, firm_pages)
    config, config_warnings = siteconfig.complete(
        project.base,
        site,
        navigation(site, files, firm_own),
        logo=logo,
        logo_size=image_size(out / "docs" / logo) if logo else None,
        favicon=favicon,
        overrides=stagefiles.copy_overrides(project, tree),
        extra_css=[f"{siteconfig.ASSETS}/handbook.css", f"{siteconfig.ASSETS}/handbook-brand.css"],
        extra_javascript=[f"{siteconfig.ASSETS}/handbook.js"],
    )
    tree.write("mkdocs.yml", siteconfig.dump(config).encode("utf-8"))
    common.finish(site, tree)
    replaced = [_replaces(project, firm_pages[p]) for p in planned if p in firm_pages]
    return StagedLanguage(
        language=site.language,
        root=site.root,
        pages=[site.root + p for p in [*planned, *firm_own]],
        handouts=handouts,
        warnings=replaced + segments.warnings + config_warnings,
        fingerprint=tree.fingerprint(),
        files=len(tree.files),
        size=sum(recorded[0] for recorded in tree.files.values()),
    )


def _replaces(project: Project, page: Path) -> str:
    """Say that a page of the firm's own replaces the generated one."""
    return f"{project.shown(page)} replaces the generated page"


FEEDS = "(feeds)"
"""The name of the firm's feeds among the segments' files (no slug has brackets)."""


@dataclass
class _Segments:
    """The files of each segment of one language: kept if unchanged, else made and written."""

    common: _Common
    site: Site
    tree: KeptTree
    files: dict[str, str]
    firm_pages: dict[str, Path]
    published: ics.Versions
    events: Memo
    rules: list[bytes]
    logo: str | None
    paths: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    @functools.cached_property
    def common_key(self) -> str:
        """Return the key of what every segment's files of this language are made from."""
        return stagekeys.common_key(
            self.common.project, self.site, list(self.firm_pages), self.published
        )

    def stage(self, plan: list[PageSpec]) -> HandoutStats:
        """Stage every segment's pages, feeds and handout; return the handouts' numbers."""
        site, tree = self.site, self.tree
        firm = site.firm
        common = self.common_key
        by_segment = {
            s.slug: [p for p in plan if p.context.get("segment") is s] for s in firm.segments
        }
        self.paths = {p.path for pages in by_segment.values() for p in pages}
        missing = []
        for segment in firm.segments:
            key = stagekeys.segment_key(common, stagekeys.dumped(segment, site))
            kept = tree.reuse(segment.slug, key)
            if kept is None:
                tree.start(segment.slug, key)
                missing.append(segment)
            else:
                self.warnings += kept
        if len(missing) > 1:  # the whole feed once, not a schedule per segment
            site.feed_schedule  # noqa: B018  (a cached property)
        for segment in missing:
            self._write(segment, by_segment[segment.slug])
        reused = len(firm.segments) - len(missing)
        handouts = write_handouts(
            site,
            self.common.handouts,
            missing,
            lambda slug, path, data: tree.write(f"docs/{path}", data, slug),
            tree.folder / "docs" / self.logo if self.logo else None,
            self.common.project.cache,
        )
        for slug, warnings in handouts.warnings.items():
            tree.units[slug].warnings += warnings
            self.warnings += warnings
        handouts.reused += reused
        return handouts

    def stage_feeds(self) -> None:
        """Stage the firm's feeds, made from what every segment shares and their deadlines."""
        named = sorted({slug for s in self.site.firm.segments for slug in s.deadlines})
        key = stagekeys.segment_key(self.common_key, repr(named))
        if self.tree.reuse(FEEDS, key) is None:
            self.tree.start(FEEDS, key)
            found = firm_files(self.site, self.published, self.events, self.rules)
            for path, data in found.items():
                self.tree.write(f"docs/{path}", data, FEEDS)

    def _write(self, segment: Segment, pages: list[PageSpec]) -> None:
        """Render one segment's pages and calendar files, and stage them."""
        site, tree = self.site, self.tree
        for path, text in render_pages(site, self.common.pages, pages, self.files).items():
            if path not in self.firm_pages:
                tree.write(f"docs/{self.files[path]}", text.encode("utf-8"), segment.slug)
        found = segment_files(site, segment, self.published, self.events, self.rules)
        for path, data in found.items():
            tree.write(f"docs/{path}", data, segment.slug)
