"""The build, top to bottom: load, validate, gather, render, write, engine, publish."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from handbook import brand, siteconfig
from handbook.config import load_firm
from handbook.dates import epoch_of
from handbook.engines import build_site
from handbook.feeds import calendar_files
from handbook.handouts import HandoutStats, write_handouts
from handbook.model import FirmConfig
from handbook.progress import Reporter
from handbook.publish import check_target, publish, staging
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
    """Where a firm's inputs are: firm.yaml, and beside it mkdocs.yml, docs/ and templates/."""

    config_file: Path

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


@dataclass
class Staged:
    """What staging produced."""

    pages: list[str]
    handouts: HandoutStats
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Say what was built, e.g. "42 pages and 4 PDF handouts (1 rendered, 3 reused)"."""
        h = self.handouts
        return (
            f"{len(self.pages)} pages and {h.rendered + h.reused} PDF handouts "
            f"({h.rendered} rendered, {h.reused} reused)"
        )


def stage(project: Project, firm: FirmConfig, out: Path, today: dt.date) -> Staged:
    """Write the standard MkDocs project (docs/ and mkdocs.yml) for `firm` into `out`."""
    base = siteconfig.load_base(project.mkdocs_yml)
    site_url = base.get("site_url") if isinstance(base.get("site_url"), str) else None
    site = Site(firm=firm, build_date=today, language=firm.locale.language, site_url=site_url)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []

    env = environment(project.root)
    generated = render_pages(site, env, plan_pages(site))
    own = _own_pages(project.docs)
    for path, text in generated.items():
        if path in own:
            warnings.append(f"docs/{path} replaces the generated page of the same name")
            continue
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path, data in calendar_files(site).items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if project.docs.is_dir() and project.docs.resolve() != docs.resolve():
        shutil.copytree(project.docs, docs, dirs_exist_ok=True)

    logo, favicon = _copy_brand(project, firm, docs)
    logo_file = project.root / firm.firm.branding.logo if firm.firm.branding.logo else None
    handouts = write_handouts(site, html_environment(project.root), project.root, docs, logo_file)
    _copy_photos(project, site, docs)
    _copy_media(project, site, docs)
    assets = docs / siteconfig.ASSETS
    _copy_assets(project.root, assets)
    (assets / "handbook-brand.css").write_text(brand.css(firm.firm.branding), encoding="utf-8")

    extra_pages = sorted(p for p in own if p not in generated)
    nav = navigation(site, list(generated), extra_pages)
    config, config_warnings = siteconfig.complete(
        base,
        site,
        nav,
        logo=logo,
        favicon=favicon,
        extra_css=[f"{siteconfig.ASSETS}/handbook.css", f"{siteconfig.ASSETS}/handbook-brand.css"],
        extra_javascript=[f"{siteconfig.ASSETS}/handbook.js"],
    )
    (out / "mkdocs.yml").write_text(siteconfig.dump(config), encoding="utf-8")
    return Staged(
        pages=list(generated) + extra_pages,
        handouts=handouts,
        warnings=warnings + handouts.warnings + config_warnings,
    )


def _own_pages(docs: Path) -> set[str]:
    """List the firm's own Markdown pages, as posix paths relative to docs/."""
    if not docs.is_dir():
        return set()
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}


def _copy_brand(project: Project, firm: FirmConfig, docs: Path) -> tuple[str | None, str | None]:
    """Copy the logo and favicon into the staged assets; return their site paths."""
    out: list[str | None] = []
    for source in (firm.firm.branding.logo, firm.firm.branding.favicon):
        if source is None:
            out.append(None)
            continue
        path = project.root / source
        target = f"{siteconfig.BRAND}/{path.name}"
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
        local = [] if video.url.startswith(("http://", "https://")) else [video.url]
        for path in (*local, video.poster, video.captions):
            if path:
                (docs / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(project.root / path, docs / path)


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
) -> Staged:
    """Build the site into `site_dir` atomically; return what was staged."""
    with reporter.step(f"Checking {project.config_file.name}"):
        firm, _ = load_firm(project.config_file)
    check_target(site_dir, [project.root / "firm.yaml", project.docs, bundled_templates()])
    with staging(site_dir) as work:
        with reporter.step("Writing pages, calendars and PDF handouts"):
            staged = stage(project, firm, work / "project", today)
        for warning in staged.warnings:
            reporter.warn(warning)
        with reporter.step(f"Building the site with {engine}"):
            engine_warnings = build_site(
                engine, work / "project" / "mkdocs.yml", work / "site", epoch_of(today)
            )
        for warning in engine_warnings:
            reporter.warn(f"{engine}: {warning}")
        with reporter.step(f"Publishing to {site_dir}"):
            publish(work / "site", site_dir)
    return staged
