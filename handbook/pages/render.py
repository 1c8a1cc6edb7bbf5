"""Render the page templates with the model into staged Markdown files."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import rjsmin
from markupsafe import Markup
from markupsafe import escape as escape_html

from handbook import escape, urls
from handbook.compiled import compiled
from handbook.errors import HandbookError
from handbook.i18n.catalogs import source
from handbook.model.video_links import duration
from handbook.pages.site import Site


def bundled_templates() -> Path:
    """Return the folder of the bundled templates (in the wheel, or in this checkout)."""
    packaged = Path(str(resources.files("handbook"))) / "_bundled" / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


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
    versions = firm.rules.versions
    current = firm.rules.in_force(site.build_date)
    coming = [v for v in versions if v.effective > max(current.effective, site.build_date)]
    rules = {"current": current, "coming": coming[::-1], "versions": versions}
    pages = [PageSpec(urls.HOME, "home.md.j2", {})]
    for segment in firm.segments:
        for page in urls.SEGMENT_PAGES:
            context: dict[str, Any] = {"segment": segment, "view": site.view(segment), **rules}
            pages.append(
                PageSpec(urls.segment(segment.slug, page), f"segment/{page}.md.j2", context)
            )
    if firm.packages:
        pages.append(PageSpec(urls.PACKAGES, "packages.md.j2", {}))
    if firm.quiz and len(firm.packages) > 1:
        pages.append(PageSpec(urls.QUIZ, "quiz.md.j2", {}))
    if firm.deadlines:
        pages.append(PageSpec(urls.CALENDAR, "calendar.md.j2", rules))
    pages.append(PageSpec(urls.TEAM, "team.md.j2", {}))
    pages.append(PageSpec(urls.OFFBOARDING, "parting-ways.md.j2", {}))
    pages.append(PageSpec(urls.RULES, "rules.md.j2", rules))
    pages.append(PageSpec(urls.LEGAL, "legal.md.j2", {}))
    pages.append(PageSpec(urls.PRIVACY, "privacy.md.j2", {"notice": privacy_notice}))
    for version in versions:
        newer = firm.rules.after(version)
        superseded_by = newer if newer and newer.effective <= site.build_date else None
        context = {"version": version, "superseded_by": superseded_by, **rules}
        pages.append(PageSpec(urls.rules_version(version.version), "rules-version.md.j2", context))
    return pages


def navigation(site: Site, pages: Mapping[str, str], own: list[str]) -> list[Any]:
    """Build the nav: home, a section per segment, packages, team, rules, the firm's pages.

    `pages` maps each generated page to the file it is staged as (urls.staged). Section
    titles are HTML-escaped here because both engines print them unescaped.
    """
    tr = site.tr

    def section(title: str, items: list[str]) -> dict[str, list[str]]:
        return {escape.nav_title(title): [pages[p] for p in items if p in pages]}

    nav: list[Any] = [pages.get(urls.HOME, urls.HOME)]
    for segment in site.firm.segments:
        items = [urls.segment(segment.slug, page) for page in urls.SEGMENT_PAGES]
        nav.append(section(tr.text(segment.name), items))
    if urls.PACKAGES in pages:
        nav.append(section(tr.message("nav.packages"), [urls.PACKAGES, urls.QUIZ]))
    nav += [pages[p] for p in (urls.CALENDAR, urls.TEAM, urls.RULES) if p in pages]
    nav += own
    nav += [pages[p] for p in (urls.LEGAL, urls.PRIVACY) if p in pages and p not in own]
    return nav


COMPONENTS = "components"
"""The folder of the HTML components, beside the page templates (a firm overrides one by name)."""

RETIRED = {"_macros.md.j2": "components/"}
"""Templates that no longer exist, and where their pieces went (a firm's override says so)."""

RETIRED_FILTERS = {
    "h": "HTML goes in a component (templates/components/), which escapes every value itself"
}
"""Filters that no longer exist, and what to do instead (a firm's own page may use them)."""


class PageEnvironment(jinja2.Environment):
    """The Markdown pages' environment, holding the HTML environment of their components."""

    components: jinja2.Environment


def environment(project: Path) -> PageEnvironment:
    """Make the environment of the Markdown pages: firm overrides first, one finalizer.

    - `autoescape=False` and `finalize=escape.finalize`: every printed value that is not
      Markup is escaped as Markdown text. HTML comes in as Markup from `component(...)`,
      rendered by html_environment, the one environment that writes HTML.
    - `undefined=StrictUndefined`: a misspelt name fails the build instead of printing "".
    - `keep_trailing_newline`, `trim_blocks`, `lstrip_blocks`: a page has the template's
      lines, less those that hold only a tag.
    - Filters: `yaml` (front matter), `admonition_title` (the quoted title of `!!!`) and
      `md` (the finalizer's escape, for a text a template builds before printing it).
    """
    _check_overrides(project)
    env = PageEnvironment(
        loader=_loader(project),
        bytecode_cache=compiled("pages"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=escape.finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml"] = escape.yaml_text
    env.filters["md"] = escape.markdown_text
    env.filters["admonition_title"] = escape.admonition_title
    env.components = html_environment(project)
    return env


def html_environment(project: Path) -> jinja2.Environment:
    """Make the one environment that writes HTML: the pages' components and the PDF handout.

    - `autoescape=True`: every value that is not Markup is HTML-escaped (markupsafe), in
      text and in quoted attributes alike.
    - `undefined=StrictUndefined`, and the loader of the pages: firm overrides first.
    - `keep_trailing_newline=False`: a component (and the handout) ends where its last line
      does, without the newline, so `{{ component(...) }}` stands for its lines, inline or
      as a block.
    - `trim_blocks`, `lstrip_blocks`: a line that holds only a tag leaves nothing, and a line
      that ends in a comment (`{# -> #}`) continues on the next.
    - Filters: `markdown_html` (a firm Markdown field, sanitized), `duration` (ISO 8601) and
      `md`, for the text of an inline component, which Markdown reads again.
    """
    env = jinja2.Environment(
        loader=_loader(project),
        bytecode_cache=compiled("html"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown_html"] = escape.markdown_html
    env.filters["md"] = escape.markdown_text
    env.filters["duration"] = duration
    env.filters["inline_script"] = inline_script
    return env


def inline_script(source: str) -> Markup:
    """Minify a bundled script to inline it: one line, as a blank line ends its HTML block."""
    return Markup(rjsmin.jsmin(source))


def _loader(project: Path) -> jinja2.BaseLoader:
    """Find a template in the firm's templates/ first, then in the bundled ones."""
    return jinja2.FileSystemLoader([str(d) for d in template_dirs(project)])


_CATALOG_CALL = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")


def _check_overrides(project: Path) -> None:
    """Stop at a firm's template that an earlier handbook read differently.

    An override of a template that no longer exists would be ignored; `t("id")` now prints
    a firm text as written, so a catalog id in it would show as "team.title".
    """
    own = project / "templates"
    if not own.is_dir() or own.resolve() == bundled_templates().resolve():
        return
    for name, successor in RETIRED.items():
        if (project / "templates" / name).exists():
            raise HandbookError(
                f"templates/{name}: {_retired(name, successor)} Copy the one you changed "
                f"into your templates/{successor}, change it there, and delete templates/{name}."
            )
    for path in sorted(own.rglob("*.j2")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for key in _CATALOG_CALL.findall(line):
                if key in source():
                    where = f"{path.relative_to(project).as_posix()}:{number}"
                    raise HandbookError(
                        f'{where}: t("{key}") prints its text as written (a firm text); '
                        f'a message of handbook\'s catalog is message("{key}")'
                    )


def _retired(name: str, successor: str) -> str:
    """Say where the pieces of a retired template went."""
    bundled = sorted(p.name for p in (bundled_templates() / successor).glob("*.html.j2"))
    return (
        f"{name} is gone: its macros are HTML components in templates/{successor} "
        f"({', '.join(bundled)}), which a page calls as "
        '{{ component("person", member=member) }}.'
    )


def component_function(
    html: jinja2.Environment, context: Mapping[str, Any]
) -> Callable[..., Markup]:
    """Return a page's `component(name, **values)`: that component's HTML, as Markup.

    A component sees the page's context (site, say, links, t, message, url...) and its `values`.
    Its output is Markup because the autoescaped environment escaped every value in it.
    """

    def component(name: str, /, **values: Any) -> Markup:
        template = html.get_template(f"{COMPONENTS}/{name}.html.j2")
        return Markup(template.render({**context, "component": component, **values}))

    return component


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
    if not isinstance(env, PageEnvironment):
        raise TypeError("render_pages needs the environment that render.environment makes")
    staged = dict(files or {})
    out: dict[str, str] = {}
    for page in pages:
        context = page_context(site, page, staged)
        context["component"] = component_function(env.components, context)
        try:
            out[page.path] = env.get_template(page.template).render(context)
        except jinja2.TemplateError as e:
            raise HandbookError(template_error(page.template, e)) from None
    return out


def page_context(site: Site, page: PageSpec, staged: Mapping[str, str]) -> dict[str, Any]:
    """Return what a page's template (and its components) can use.

    `message(id, **values)` is a catalog message, `t(text)` a firm text: a firm text that
    reads like a catalog id ("nav.packages") is printed as written. Both return plain
    text, escaped where it lands (Markdown by the finalizer, HTML by autoescape).
    """

    def rel(target: str) -> Markup:
        """Return the Markdown link from this page to the page `target` (its .md file)."""
        there = staged.get(target) or urls.staged(target)
        here = staged.get(page.path) or urls.staged(page.path)
        return escape_html(posixpath.relpath(there, posixpath.dirname(here) or "."))

    def url(target: str) -> Markup:
        """Return the relative URL of the page `target` (its folder), for raw HTML."""
        return escape_html(urls.relative(page.path, target))

    def file(target: str) -> Markup:
        """Return the relative URL of any file of the site, for raw HTML."""
        return escape_html(urls.site_relative(page.path, target))

    in_force = site.firm.rules.in_force(site.build_date)

    return {
        "site": site,
        "say": site.say,
        "links": site.links,
        "firm": site.firm,
        "t": site.tr.text,
        "message": site.tr.message,
        "plural": site.tr.plural,
        "rel": rel,
        "url": url,
        "file": file,
        "urls": urls,
        "page_titles": PAGE_TITLES,
        "cite_url": site.links.page(urls.rules_version(in_force.version)),
        "page_path": page.path,
        "engagement": site.firm.rules,
        **page.context,
    }


def template_error(name: str, error: jinja2.TemplateError) -> str:
    """Say which template (and line) failed, from the innermost frame in a template."""
    where = name
    missing = str(error.name) if isinstance(error, jinja2.TemplateNotFound) else ""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = f"{error.filename or name}:{error.lineno}"
    else:
        tb = error.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                where = f"{filename}:{tb.tb_lineno}"
            tb = tb.tb_next
    if missing in RETIRED:
        return f"{where}: {_retired(missing, RETIRED[missing])}"
    for name, instead in RETIRED_FILTERS.items():
        if isinstance(error, jinja2.TemplateAssertionError) and f"filter named '{name}'" in str(
            error
        ):
            return f"{where}: there is no filter |{name} any more: {instead}"
    return f"{where}: {error.message or error}"
