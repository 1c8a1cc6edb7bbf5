"""Render the page templates with the model into staged Markdown files."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from handbook import escape, urls
from handbook.errors import HandbookError
from handbook.memo import Cache
from handbook.site import Site
from handbook.videos import duration


def bundled_templates() -> Path:
    """Return the folder of the bundled templates (in the wheel, or in this checkout)."""
    packaged = Path(str(resources.files("handbook"))) / "_bundled" / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_dirs(project: Path) -> list[Path]:
    """Return the template folders, the firm's own overrides first."""
    own = project / "templates"
    bundled = bundled_templates()
    dirs = [own] if own.is_dir() and own.resolve() != bundled.resolve() else []
    return [*dirs, bundled]


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, which template, what extra context."""

    path: str
    template: str
    context: Mapping[str, Any]


PAGE_TITLES = {
    "index": "segment.welcome_title",
    "communication": "communication.title",
    "rules": "rules.title",
    "calendar": "calendar.title",
    "packages": "packages.segment_title",
    "faq": "faq.title",
    "off-track": "off_track.title",
    "parting-ways": "offboarding.title",
}
"""Catalog id of each segment page's title (the nav and "In this handbook" use them)."""


def plan_pages(site: Site, privacy_notice: Markup | None = None) -> list[PageSpec]:
    """List every generated page of the site; `privacy_notice` is the firm's own privacy.md."""
    firm = site.firm
    versions = [firm.rules, *sorted(firm.rules.earlier, key=lambda v: v.effective, reverse=True)]
    rules = {"current": firm.rules, "versions": versions}
    pages = [PageSpec(urls.HOME, "home.md.j2", {})]
    for segment in firm.segments:
        for page in urls.SEGMENT_PAGES:
            context: dict[str, Any] = {"segment": segment, **rules}
            pages.append(
                PageSpec(urls.segment(segment.slug, page), f"segment/{page}.md.j2", context)
            )
    if firm.packages:
        pages.append(PageSpec(urls.PACKAGES, "packages.md.j2", {}))
    if firm.quiz and len(firm.packages) > 1:
        pages.append(PageSpec(urls.QUIZ, "quiz.md.j2", {}))
    if firm.deadlines:
        pages.append(PageSpec(urls.CALENDAR, "calendar.md.j2", {}))
    pages.append(PageSpec(urls.TEAM, "team.md.j2", {}))
    pages.append(PageSpec(urls.OFFBOARDING, "parting-ways.md.j2", {}))
    pages.append(PageSpec(urls.RULES, "rules.md.j2", rules))
    pages.append(PageSpec(urls.LEGAL, "legal.md.j2", {}))
    pages.append(PageSpec(urls.PRIVACY, "privacy.md.j2", {"notice": privacy_notice}))
    for newer, version in zip([None, *versions], versions, strict=False):
        context = {"version": version, "superseded_by": newer, **rules}
        pages.append(PageSpec(urls.rules_version(version.version), "rules-version.md.j2", context))
    return pages


def navigation(site: Site, pages: Mapping[str, str], own: list[str]) -> list[Any]:
    """Build the nav: home, a section per segment, packages, team, rules, the firm's pages.

    `pages` maps each generated page to the file it is staged as (urls.staged). Section
    titles are HTML-escaped here because both engines print them unescaped.
    """
    tr = site.tr

    def section(title: str, items: list[str]) -> dict[str, list[str]]:
        return {html.escape(title, quote=False): [pages[p] for p in items if p in pages]}

    nav: list[Any] = [pages.get(urls.HOME, urls.HOME)]
    for segment in site.firm.segments:
        items = [urls.segment(segment.slug, page) for page in urls.SEGMENT_PAGES]
        nav.append(section(tr.t(segment.name), items))
    if urls.PACKAGES in pages:
        nav.append(section(tr.t("nav.packages"), [urls.PACKAGES, urls.QUIZ]))
    nav += [pages[p] for p in (urls.CALENDAR, urls.TEAM, urls.RULES) if p in pages]
    nav += own
    nav += [pages[p] for p in (urls.LEGAL, urls.PRIVACY) if p in pages and p not in own]
    return nav


def environment(project: Path, cache: Cache) -> jinja2.Environment:
    """Make the one Jinja environment: firm overrides first, strict, escaping by default."""
    loader = jinja2.FileSystemLoader([str(d) for d in template_dirs(project)])
    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=_compiled(cache, "pages"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=escape.finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["h"] = escape.html_text
    env.filters["md"] = escape.markdown_text
    env.filters["yaml"] = escape.yaml_text
    env.filters["markdown_html"] = escape.markdown_html
    env.filters["duration"] = duration
    return env


def _compiled(cache: Cache, kind: str) -> jinja2.FileSystemBytecodeCache:
    """Keep compiled templates in the cache folder: compiling them is a fifth of a small build.

    Jinja keys an entry by the template's file and checks its source, but not the
    environment's options, so each environment (`kind`) has a folder of its own.
    """
    folder = cache.templates(kind)
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def html_environment(project: Path, cache: Cache) -> jinja2.Environment:
    """Make the Jinja environment of HTML documents (the PDF handout): autoescaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(project)]),
        bytecode_cache=_compiled(cache, "html"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown_html"] = escape.markdown_html
    return env


def render_pages(
    site: Site,
    env: jinja2.Environment,
    pages: list[PageSpec],
    files: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Render every page; return their Markdown by page path.

    `files` maps a page to the file it is staged as, urls.staged(page) unless given. Every
    generated page is staged in the folder of its URL, so a relative URL means the same
    whether an engine resolves it against the Markdown file (Zensical, in raw HTML too) or
    the browser resolves it against the page's URL (raw HTML under MkDocs, data-* attributes).
    """
    # Catalog messages and firm texts are both plain text: escaped where they land
    # (Markdown by default, `|h` in HTML), so a translation can never inject markup.
    t = site.tr.t
    staged = dict(files or {})
    out: dict[str, str] = {}
    for page in pages:

        def rel(target: str, _here: str = page.path) -> Markup:
            """Return the Markdown link from this page to the page `target` (its .md file)."""
            there = staged.get(target) or urls.staged(target)
            here = staged.get(_here) or urls.staged(_here)
            return escape.html_text(posixpath.relpath(there, posixpath.dirname(here) or "."))

        def url(target: str, _here: str = page.path) -> Markup:
            """Return the relative URL of the page `target` (its folder), for raw HTML."""
            return escape.html_text(urls.relative(_here, target))

        def file(target: str, _here: str = page.path) -> Markup:
            """Return the relative URL of any file of the site, for raw HTML."""
            return escape.html_text(urls.site_relative(_here, target))

        try:
            template = env.get_template(page.template)
            text = template.render(
                site=site,
                firm=site.firm,
                t=t,
                rel=rel,
                url=url,
                file=file,
                urls=urls,
                page_titles=PAGE_TITLES,
                cite_url=site.cite_url(urls.rules_version(site.firm.rules.version)),
                page_path=page.path,
                **page.context,
            )
        except jinja2.TemplateError as e:
            raise HandbookError(template_error(page.template, e)) from None
        out[page.path] = text
    return out


def template_error(name: str, error: jinja2.TemplateError) -> str:
    """Say which template (and line) failed, from the innermost frame in a template."""
    where = name
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = f"{error.filename or name}:{error.lineno}"
    else:
        tb = error.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                where = f"{filename}:{tb.tb_lineno}"
            tb = tb.tb_next
    return f"{where}: {error.message or error}"
