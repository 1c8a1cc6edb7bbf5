"""The firm on every screen, in its language: logo and whole name in the header, no theme English.

Each page type is opened once per width (320, 390, 1280 px) and engine, in one of en, es, pl
and ca in turn (ca from examples/barcelona), so that every page type is seen in three
languages and every language at every width; each visit checks everything this file is about.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page

from handbook.commands.cli import cli
from handbook.engines.siteconfig import TOC_MIN_SECTIONS
from handbook.i18n.leftovers import english_lines
from tests.browser.conftest import DemoSites
from tests.browser.test_languages import PAGE_TYPES, SITES
from tests.conftest import ROOT, TODAY, shared_build

pytestmark = pytest.mark.browser

WIDTHS = [320, 390, 1280]
LANGUAGES = [("demo", "en"), ("demo", "es"), ("demo", "pl"), ("barcelona", "ca")]
ROOTS = {
    ("demo", "en"): "",
    ("demo", "es"): "es/",
    ("demo", "pl"): "pl/",
    ("barcelona", "ca"): "ca/",
}
PATHS = [*PAGE_TYPES, "legal/", "privacy/"]
DEMO_PATHS = ["tax/packages/", "payroll/packages/", "advisory/packages/"]
"""Packages pages of one, two and three packages (test_phones.py's sideways check was here)."""
CASES = [
    pytest.param(width, *where, path, id=f"{width}-{where[1]}-{path}")
    for w, width in enumerate(WIDTHS)
    for paths, languages in ((PATHS, LANGUAGES), (DEMO_PATHS, LANGUAGES[:3]))
    for i, path in enumerate(paths)
    for where in [languages[(i + w) % len(languages)]]
]

THEME_ENGLISH = [
    "Permanent link",  # the toc extension's title of a heading's ¶ mark
    "404 - Not found",
    "logo",  # Material's alt of the header's logo
    # Zensical's search dialog (its bundle, 0.0.73)
    "Close search",
    "Filters",
    "Tags",
    "Use Up and Down arrow keys to move between tags",
    "Search results",
    "No results",
    "Loading search",
    "Search is unavailable",
    "results",
    "result",
]
"""English the engines write themselves, beside their catalogs of interface texts."""

STRING = re.compile(r'"([a-z][\w.]*)": "([^"]+)"')


@cache
def theme_english(language: str) -> list[str]:
    """List the English texts of Material's and Zensical's interface that `language` changes.

    A text the language's own file spells the same ("Blog") is not a leftover; a key it lacks
    falls back to English in the theme, and so counts.
    """
    texts = set(THEME_ENGLISH)
    for package in ("material", "zensical"):
        folder = resources.files(package) / "templates" / "partials" / "languages"
        english = dict(STRING.findall((folder / "en.html").read_text(encoding="utf-8")))
        own = dict(STRING.findall((folder / f"{language}.html").read_text(encoding="utf-8")))
        for key, text in english.items():
            if key not in ("language", "direction") and own.get(key) != text:
                texts.add(text.replace("#", "").strip())
    return sorted(texts, key=len, reverse=True)


# The visible text, the texts only assistive technology reads, and placeholders, in the page
# and in the shadow roots of its widgets (Zensical's search dialog).
TEXTS = """() => {
  const roots = [document, ...[...document.body.children].map(e => e.shadowRoot).filter(Boolean)];
  const out = [document.body.innerText];
  for (const root of roots) {
    if (root !== document) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (n.parentElement && n.parentElement.tagName !== 'STYLE') out.push(n.data.trim());
      }
    }
    for (const e of root.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        if (e.getAttribute(name)) out.push(e.getAttribute(name));
      }
    }
  }
  return out.join('\\n');
}"""

# What a reader sees of the firm in the header, and what would make the page look like a manual.
HEADER = """() => {
  const w = window.innerWidth;
  const logo = document.querySelector('.md-header__button.md-logo');
  const box = logo.getBoundingClientRect();
  const img = logo.querySelector('img');
  const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
  const nameBox = name.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const toc = document.querySelector('.md-sidebar--secondary');
  const h1 = document.querySelector('.md-content h1');
  return {
    logo: getComputedStyle(logo).display !== 'none' && box.width > 0 && box.left >= 0
      && box.right <= w && box.top >= 0 && box.bottom <= header.bottom
      && (!img || img.complete && img.naturalWidth > 0),
    label: logo.getAttribute('aria-label'),
    name: name.textContent.trim(),
    nameCut: name.scrollWidth > name.clientWidth || nameBox.left < 0 || nameBox.right > w
      || nameBox.bottom > header.bottom || nameBox.height === 0,
    scrollWidth: document.documentElement.scrollWidth,
    toc: !!toc && toc.getClientRects().length > 0 && getComputedStyle(toc).visibility === 'visible',
    sections: document.querySelectorAll(
      '.md-sidebar--secondary .md-nav--secondary > .md-nav__list > .md-nav__item').length,
    permalinks: document.querySelectorAll('.headerlink').length,
    h1: h1 && getComputedStyle(h1).color,
    brand: getComputedStyle(document.body).getPropertyValue('--hb-heading').trim(),
    splitNumbers: [...document.querySelectorAll('.hb-footer .hb-nowrap')]
      .filter(e => e.getClientRects().length > 1).map(e => e.textContent),
    numbers: document.querySelectorAll('.hb-footer .hb-nowrap').length,
  };
}"""


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def sites(
    engine: str,
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    demo_sites: DemoSites,
) -> dict[str, str]:
    """The demo and the Barcelona example built with `engine`, served: {name: base URL}."""

    def make(example: Path) -> None:
        shutil.copytree(
            ROOT / "examples" / "barcelona", example, ignore=shutil.ignore_patterns("site")
        )
        args = ["build", "-c", str(example / "firm.yaml"), "--today", TODAY, "-q"]
        # The default engine's build is test_languages.py's "barcelona", shared with it.
        result = CliRunner().invoke(
            cli, args if engine == "mkdocs" else [*args, "--engine", engine]
        )
        assert result.exit_code == 0, result.output

    name = "barcelona" if engine == "mkdocs" else f"barcelona-{engine}"
    barcelona = shared_build(tmp_path_factory, name, make) / "site"
    return {"demo": demo_sites.url(engine), "barcelona": serve_dir(barcelona)}


def _no_theme_english(page: Page, code: str) -> None:
    if code == "en":
        return
    text = page.evaluate(TEXTS)
    # The catalogs' English is test_languages.py's: this is the engines' own.
    assert english_lines(text, theme_english(code)) == set()


@pytest.mark.parametrize(("width", "name", "code", "path"), CASES)
def test_the_firm_in_its_language_on_every_screen(
    tab: Callable[[int, int], Page],
    sites: dict[str, str],
    width: int,
    name: str,
    code: str,
    path: str,
) -> None:
    page = tab(width, 800)
    page.goto(sites[name] + ROOTS[(name, code)] + path.format(**SITES[name]))
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == code
    header = page.evaluate(HEADER)
    assert header["logo"], "the logo is hidden, cut or not loaded"
    assert header["name"] == header["label"] and header["name"], header
    assert not header["nameCut"], header
    assert header["scrollWidth"] <= width, header
    # The column only beside a long page, and then only where there is room for it.
    long = header["sections"] >= TOC_MIN_SECTIONS
    assert header["toc"] == (long and width >= 960), header
    assert header["permalinks"] == 0
    assert header["h1"] == _rgb(header["brand"]), header
    assert header["numbers"] >= 2 and header["splitNumbers"] == [], header
    if "faq" in path:
        icon = page.evaluate(
            """() => getComputedStyle(document.querySelector(
              'details.hb-faq__transcript > summary'), '::before').maskImage"""
        )
        assert "M17 9H7V7h10" in icon, "the transcript box shows Material's pencil"
    _no_theme_english(page, code)


@pytest.mark.parametrize("code", ["es", "pl"])
def test_the_404_page_speaks_the_language_and_leads_home(
    tab: Callable[[int, int], Page], sites: dict[str, str], code: str
) -> None:
    page = tab(390, 800)
    page.goto(f"{sites['demo']}{code}/404.html")
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == code
    home = page.locator(".md-content a.md-button")
    logo = page.locator(".md-header__button.md-logo")
    assert home.get_attribute("href") == logo.get_attribute("href")
    assert (home.get_attribute("href") or "").startswith(f"/handbook/{code}/")
    assert home.inner_text() and page.locator(".md-content h1").inner_text()
    _no_theme_english(page, code)


def test_the_search_dialog_speaks_the_language(
    tab: Callable[[int, int], Page], sites: dict[str, str]
) -> None:
    """Opened on a Spanish page, with results and then with none (Zensical's is English-only)."""
    page = tab(390, 800)
    page.goto(sites["demo"] + "es/")
    page.wait_for_load_state("load")
    page.click('label.md-header__button[for="__search"]')
    for query, shown in [
        ("factura", r"\d+ (resultados?|documentos? encontrados?)"),
        ("zzqqxy", "Sin resultados|No se encontraron documentos"),
    ]:
        page.keyboard.press("Control+a")
        page.keyboard.type(query)
        page.wait_for_function(f"() => /{shown}/.test(({TEXTS})())")
        _no_theme_english(page, "es")
