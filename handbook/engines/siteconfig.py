"""Complete the firm's mkdocs.yml with theme, palette, logo, nav and assets for staging."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup
from markupsafe import escape as escape_html

from handbook import escape
from handbook.errors import InputError, Problem
from handbook.i18n.cli import _
from handbook.i18n.formats import Formats
from handbook.input import projectfiles
from handbook.input.loader import Positions, load_yaml
from handbook.pages.site import Site
from handbook.urls import language_root, site_file

ASSETS = "assets"
OVERRIDES = "overrides"
"""Theme overrides: per-segment navigation, a multilingual site's switcher and hreflang, the
header's logo, the TOC column rule, and the theme's texts in the site's language (the 404 page,
Zensical's search)."""
ENGINE_OUTPUTS = (
    "404.html",
    "sitemap.xml",
    "sitemap.xml.gz",
    "search/search_index.json",
    "search.json",
)
"""What the engines write into each language's tree besides the pages (MkDocs, Zensical)."""
OWNED_KEYS = ("docs_dir", "site_dir", "use_directory_urls", "nav")
"""Keys handbook sets itself; a firm's value for them is ignored with a warning."""

MARKDOWN_EXTENSIONS: list[Any] = [
    "toc",
    "tables",
    "admonition",
    "pymdownx.details",
]
"""Extensions both engines (mkdocs and zensical) support.

`toc` without its ¶ permalink marks: headings keep their ids (the table of contents, the
search and our links reach #sections), but a client has no use for a hidden mark that
wraps onto a line of its own under a short title and is titled "Permanent link" in English
in every language (both engines).
"""

TOC_MIN_SECTIONS = 6
"""The table-of-contents column shows only on a page of at least this many sections (h2).

Pages are a few screens each: a column listing two or three headings beside them is a
manual's furniture. A long page (a firm's own policy, a long FAQ) keeps it
(overrides/main.html reads `extra.handbook_toc_min_sections`)."""


INHERIT_LIMIT = 10
"""The longest chain of files that mkdocs.yml may INHERIT, one from the next."""


def load_base(path: Path) -> dict[str, Any]:
    """Read the firm's own mkdocs.yml and the files it INHERITs; an absent file means {}.

    Each file is read as firm.yaml is (handbook.input.loader): at most 1 MB, 50,000 values
    with aliases expanded, 20 levels deep, and no YAML tags, so no `!ENV` can copy a secret
    of the build machine into the site. The engines would follow INHERIT themselves, from the
    staged copy, from anywhere on disk and with `!ENV`; handbook follows it here instead, only
    to files inside the project folder, merged as MkDocs merges them, and the staged
    mkdocs.yml holds no INHERIT (Zensical would append lists that MkDocs replaces).
    """
    if path.is_symlink():
        raise InputError(
            [
                Problem(
                    path.name, 1, 1, "", "is a symbolic link; keep the file itself in the project"
                )
            ]
        )
    if not path.is_file():
        return {}
    path = path.absolute()
    return _load_inherited(path, path.parent, [])


def _load_inherited(path: Path, root: Path, chain: list[Path]) -> dict[str, Any]:
    """Read one settings file, then the file it INHERITs, the child's values winning."""
    shown = path.relative_to(root).as_posix()
    data, positions = _read_plain(path, shown)
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    line, column = positions.of(("INHERIT",))
    target, problem = _inherited_file(parent, path, root, [*chain, path])
    if problem:
        raise InputError([Problem(shown, line, column, "INHERIT", problem)])
    return _merged(_load_inherited(target, root, [*chain, path]), data)


def _inherited_file(
    value: object, path: Path, root: Path, chain: list[Path]
) -> tuple[Path, str | None]:
    """Return the file an INHERIT names, or why it cannot be read."""
    if not isinstance(value, str) or not value.strip():
        return path, _("give the path of a YAML file, relative to {file}").format(file=path.name)
    target = Path(os.path.normpath(path.parent / value))
    if not target.is_relative_to(root):
        return target, _(
            "{path} is outside the project folder {root}; keep the inherited file in it"
        ).format(path=repr(value), root=root)
    refused = projectfiles.refusal(root, target.relative_to(root).as_posix())
    if refused:
        return target, refused
    if target in chain or len(chain) >= INHERIT_LIMIT:
        files = " > ".join(p.relative_to(root).as_posix() for p in [*chain, target])
        return target, _("goes in a circle or more than {limit} files deep: {files}").format(
            limit=INHERIT_LIMIT, files=files
        )
    return target, None


def _read_plain(path: Path, shown: str) -> tuple[dict[str, Any], Positions]:
    """Read a settings file as plain YAML within firm.yaml's limits: its data and positions."""
    _texts, positions, problems = load_yaml(path, shown)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    # A tag (!ENV) or an alias cycle (found at its anchor) is refused; the rest stays as MkDocs
    # reads it (the last of duplicate keys wins, merge keys work, links escape control codes).
    refused = [p for p in problems if _at(p, lines).startswith(("!", "&"))]
    if refused:
        raise InputError([_tag_hint(problem, lines) for problem in refused])
    try:
        # load_yaml keeps every value as text; the engines read numbers and yes/no typed.
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InputError([Problem(shown, 1, 1, "", str(e).split("\n")[0])]) from None
    if data is None:
        return {}, positions
    if not isinstance(data, dict):
        raise InputError([Problem(shown, 1, 1, "", "mkdocs.yml must be a mapping of settings")])
    return data, positions


def _at(problem: Problem, lines: list[str]) -> str:
    """Return the text of the file from where a problem was found to the end of its line."""
    line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    return line[problem.column - 1 :]


def _tag_hint(problem: Problem, lines: list[str]) -> Problem:
    """Say why a tag (`!ENV`, `!!python/name:`) is refused, on a problem found at one."""
    if not _at(problem, lines).startswith("!"):
        return problem
    hint = _(
        "handbook reads mkdocs.yml and the files it inherits as plain YAML, "
        "without Python or !ENV tags"
    )
    return replace(problem, message=f"{problem.message} ({hint})")


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Merge settings as MkDocs merges INHERIT: mappings key by key, other values replaced."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _whole(text: str) -> Markup:
    """Keep a number, phone or address on one line: a footer never breaks "555-0142"."""
    return Markup('<span class="hb-nowrap">{}</span>').format(text)


def _copyright(site: Site) -> str:
    """Write the footer: copyright line and contact details, every value HTML-escaped."""
    info = site.firm.firm
    tr = site.tr
    year = str(site.build_date.year)
    name = info.legal_name or info.name
    parts = [escape_html(tr.message("site.copyright", year=year, name=name))]
    for kind, number in info.legal.ids.items():
        label = tr.message(f"legal.id_{kind}")
        # The message is filled with a mark, escaped, then the mark replaced by the number.
        line = escape_html(tr.message("legal.number", label=label, number="\x00"))
        parts.append(Markup(line.replace("\x00", _whole(number))))
    if info.address:
        parts.append(escape_html(", ".join(site.say.address_lines())))
    link = Markup('<a href="{}">{}</a>')
    if info.phone:
        phone = site.fmt.phone(info.phone)
        parts.append(link.format(f"tel:{phone.tel}", _whole(phone.display)))
    parts.append(link.format(f"mailto:{info.email}", info.email))
    if info.website:
        label = info.website.split("://", 1)[-1].rstrip("/")
        parts.append(link.format(info.website, label))
    return str(Markup('<span class="hb-footer">{}</span>').format(Markup(" · ").join(parts)))


def _alternates(site: Site) -> list[dict[str, str]]:
    """Describe every language tree for the switcher and hreflang links of this tree's pages.

    `link` is relative to this tree's root (pages add their own path); `url` is absolute
    when mkdocs.yml has a site_url. The last entry is hreflang's x-default: the default tree.
    """
    up = "../" if site.root else ""
    out = []
    for code in site.firm.locale.site_languages:
        prefix = language_root(code, site.firm.locale.default)
        out.append(
            {
                "lang": code,
                "name": Formats(code, site.firm.locale.country).own_name(),
                "link": up + prefix,
                "url": site_file(site.site_url, prefix) if site.site_url else "",
                "current": "true" if code == site.language else "",
            }
        )
    default = dict(out[0], lang="x-default", name="", current="")
    return [*out, default]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def complete(
    base: dict[str, Any],
    site: Site,
    nav: list[Any],
    *,
    logo: str | None,
    favicon: str | None,
    logo_size: tuple[int, int] | None = None,
    overrides: str | None = None,
    extra_css: list[str],
    extra_javascript: list[str],
) -> tuple[dict[str, Any], list[str]]:
    """Return the staged mkdocs.yml settings and warnings about ignored firm settings."""
    warnings = [
        f"mkdocs.yml: '{key}' is set by handbook; your value is ignored"
        for key in OWNED_KEYS
        if key in base
    ]
    config: dict[str, Any] = {k: v for k, v in base.items() if k not in OWNED_KEYS}
    config.setdefault("site_name", escape.engine_text(site.firm.firm.name))
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["use_directory_urls"] = True
    if site.site_url:
        # Each language tree is built into its own folder of the site (es/): its pages'
        # canonical URLs, sitemap and 404 page live there too.
        config["site_url"] = site_file(site.site_url, site.root)
    config["theme"] = _theme(base, site, logo, favicon, overrides, warnings)
    config["nav"] = nav
    config["extra_css"] = [*extra_css, *_as_list(base.get("extra_css"))]
    config["extra_javascript"] = [*extra_javascript, *_as_list(base.get("extra_javascript"))]
    config["markdown_extensions"] = _markdown_extensions(base)
    config["copyright"] = _copyright(site)
    config["extra"] = _extra(base, site, logo_size)
    return config, warnings


THEME_FEATURES = (
    "navigation.tabs",
    "navigation.top",
    "navigation.prune",
    "search.highlight",
    "content.code.copy",
)
"""Material features every handbook site has, beside those the firm's mkdocs.yml adds."""


def _theme(
    base: dict[str, Any],
    site: Site,
    logo: str | None,
    favicon: str | None,
    overrides: str | None,
    warnings: list[str],
) -> dict[str, Any]:
    """Return the theme settings: Material, the language, the brand's logo and palette."""
    theme = dict(base.get("theme") or {}) if isinstance(base.get("theme"), dict) else {}
    if theme.get("name", "material") != "material":
        warnings.append(f"mkdocs.yml: theme '{theme['name']}' replaced by material")
    theme["name"] = "material"
    # Zensical's own look ("modern") ignores Material's header colours; ask for Material's.
    theme.setdefault("variant", "classic")
    theme["language"] = site.language
    theme["font"] = False
    theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
    if logo:
        theme["logo"] = logo
    if favicon:
        theme["favicon"] = favicon
    if overrides:
        theme["custom_dir"] = overrides
    features = _as_list(theme.get("features"))
    features += [feature for feature in THEME_FEATURES if feature not in features]
    theme["features"] = features
    return theme


def _markdown_extensions(base: dict[str, Any]) -> list[Any]:
    """Return handbook's Markdown extensions, then those of the firm's that it lacks."""
    extensions = list(MARKDOWN_EXTENSIONS)
    names = {next(iter(x)) if isinstance(x, dict) else x for x in extensions}
    for ext in _as_list(base.get("markdown_extensions")):
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        if name not in names:
            extensions.append(ext)
    return extensions


def _extra(base: dict[str, Any], site: Site, logo_size: tuple[int, int] | None) -> dict[str, Any]:
    """Return `extra`: the firm's, plus what handbook's theme overrides read."""
    extra = dict(base.get("extra") or {})
    extra.setdefault("generator", False)
    # The nav titles of the segments' sections, as the nav holds them (see overrides/main.html).
    extra["handbook_segments"] = [
        escape.nav_title(site.tr.text(segment.name)) for segment in site.firm.segments
    ]
    if len(site.firm.locale.site_languages) > 1:
        extra["handbook_languages"] = _alternates(site)
        extra["handbook_switcher_label"] = site.tr.message("language.switcher")
    if logo_size:
        # The header's <img> gets width and height (overrides/partials/logo.html).
        extra["handbook_logo_size"] = list(logo_size)
    extra["handbook_toc_min_sections"] = TOC_MIN_SECTIONS
    extra["handbook_rules_feed"] = site.tr.message("rules.feed_title", firm=site.firm.firm.name)
    extra["handbook_theme"] = _theme_texts(site)
    return extra


SEARCH_TEXTS = {
    "search": "theme.search",
    "close": "theme.search_close",
    "filters": "theme.search_filters",
    "tags": "theme.search_tags",
    "tags_hint": "theme.search_tags_hint",
    "results": "theme.search_results",
    "none": "theme.search_none",
    "loading": "theme.search_loading",
    "unavailable": "theme.search_unavailable",
}
"""The English texts of Zensical's search dialog (its bundle has no translations), by the
names handbook.js gives them, and the catalog ids that translate them."""


def _theme_texts(site: Site) -> dict[str, Any]:
    """Return the theme's texts in this language: the 404 page's and Zensical's search's.

    Zensical (0.0.73) writes its search dialog in English whatever the language: its bundle
    hard-codes the words. overrides/main.html hands these to handbook.js, which puts them in
    place of the English ones when the dialog draws itself. The count ("3 results") comes with
    every plural form of the language, for the browser to pick (Intl.PluralRules).
    """
    tr = site.tr
    return {
        "not_found_title": tr.message("theme.not_found_title"),
        "not_found_text": tr.message("theme.not_found_text"),
        "not_found_home": tr.message("theme.not_found_home"),
        "search": {name: tr.message(key) for name, key in SEARCH_TEXTS.items()}
        | {"count": tr.forms("theme.search_count")},
    }


def dump(config: dict[str, Any]) -> str:
    """Serialise the staged mkdocs.yml (stable key order, so builds are reproducible)."""
    header = "# Generated by handbook from firm.yaml and your mkdocs.yml: edit those instead.\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the nav of 60 segments
    return header + yaml.dump(config, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
