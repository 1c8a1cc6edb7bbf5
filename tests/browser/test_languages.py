"""Multilingual sites in Chromium: no English left after scripts ran, the switcher, axe."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from handbook.engines import ENGINES
from handbook.i18n.leftovers import english_fragments, english_lines
from tests.browser.conftest import DemoSites
from tests.conftest import ROOT, build_project, shared_build

pytestmark = pytest.mark.browser

# Every page type, with the demo's slugs; the Barcelona example's slugs replace them there.
PAGE_TYPES = [
    "",
    "{personal}/",
    "{automated}/",
    "{personal}/communication/",
    "{personal}/rules/",
    "{personal}/calendar/",
    "{personal}/packages/",
    "{personal}/faq/",
    "{personal}/off-track/",
    "{personal}/parting-ways/",
    "rules/",
    "rules/{earlier}/",
    "calendar/",
    "packages/",
    "quiz/",
    "team/",
    "parting-ways/",
    "{own}/",
]
SITES = {
    "demo": {"personal": "bookkeeping", "automated": "tax", "earlier": "2025.1", "own": "security"},
    "barcelona": {
        "personal": "autonomos",
        "automated": "particulares",
        "earlier": "2024.1",
        "own": "proteccion-datos",
    },
    # One rules version, so no earlier one's page, and no quiz; both segments have a contact.
    "krakow": {"personal": "jdg", "automated": "spolki", "own": "ochrona-danych"},
}
ABSENT = {"krakow": {"rules/{earlier}/", "quiz/"}}
LANGUAGES = {"demo": ["en", "es", "pl"], "barcelona": ["es", "ca"], "krakow": ["pl", "uk"]}
CASES = [
    (name, code, path.format(**slugs))
    for name, slugs in SITES.items()
    for code in LANGUAGES[name][1:] + (["es"] if name == "barcelona" else [])
    for path in PAGE_TYPES
    if path not in ABSENT.get(name, set())
]

# The visible text, plus the texts only assistive technology reads.
TEXTS = """() => [document.body.innerText,
  ...[...document.querySelectorAll('[aria-label], [title], img[alt]')].map(e =>
    [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('alt')]
      .filter(Boolean).join('\\n'))].join('\\n')"""


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    demo_sites: DemoSites,
) -> dict[str, tuple[Path, str]]:
    demo = demo_sites.project(ENGINES[0]) / "site"

    def make(example: Path) -> None:
        ignore = shutil.ignore_patterns("site")
        shutil.copytree(ROOT / "examples" / "barcelona", example, ignore=ignore)
        build_project(example)

    def make_krakow(example: Path) -> None:
        ignore = shutil.ignore_patterns("site")
        shutil.copytree(ROOT / "examples" / "krakow", example, ignore=ignore)
        build_project(example)

    barcelona = shared_build(tmp_path_factory, "barcelona", make) / "site"
    # The same build as tests/test_krakow.py's (same name, same steps): made once per run.
    krakow = shared_build(tmp_path_factory, "krakow", make_krakow) / "site"
    return {
        "demo": (demo, demo_sites.url(ENGINES[0])),
        "barcelona": (barcelona, serve_dir(barcelona)),
        "krakow": (krakow, serve_dir(krakow)),
    }


@pytest.fixture
def page(tab: Callable[[int, int], Page]) -> Page:
    return tab(390, 844)


def _root(name: str, code: str) -> str:
    return "" if code == LANGUAGES[name][0] else f"{code}/"


def _after_scripts(page: Page, url: str) -> None:
    """Open a page, let its scripts run, and answer the quiz if there is one."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.querySelectorAll('details.hb-quiz-fold').forEach(d => d.open = true)")
    for fieldset in page.locator(".hb-quiz form fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    if page.locator(".hb-quiz form button[type=submit]").count():
        page.locator(".hb-quiz form button[type=submit]").first.click()
        page.wait_for_selector(".hb-quiz__result ul")


@pytest.mark.parametrize(("name", "code", "path"), CASES)
def test_no_english_and_no_axe_violation_after_scripts_ran(
    page: Page, sites: dict[str, tuple[Path, str]], name: str, code: str, path: str
) -> None:
    """Each page is opened once: its texts and attributes, then axe, once scripts ran."""
    _, base = sites[name]
    _after_scripts(page, base + _root(name, code) + path)
    assert page.get_attribute("html", "lang") == code
    assert english_lines(page.evaluate(TEXTS), english_fragments(code)) == set()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    ("name", "code"), [("demo", "es"), ("demo", "pl"), ("barcelona", "ca"), ("krakow", "uk")]
)
def test_handouts_and_feeds_have_no_english(
    sites: dict[str, tuple[Path, str]], name: str, code: str
) -> None:
    site, _ = sites[name]
    tree = site / _root(name, code)
    fragments = english_fragments(code)
    pdfs = sorted(tree.glob("*/handbook.pdf"))
    assert len(pdfs) >= 2
    for pdf in pdfs:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert english_lines(text, fragments) == set(), pdf
    feeds = [tree / "calendar.ics", *tree.glob("*/calendar.ics")]
    for feed in feeds:
        text = feed.read_bytes().decode().replace("\r\n ", "").replace("\\n", "\n")
        texts = [line.split(":", 1)[1] for line in text.splitlines() if ":" in line]
        texts = [line for line in texts if not line.startswith("-//handbook//")]
        assert english_lines("\n".join(texts), fragments) == set(), feed


TOURS = {
    "demo": [("es", "Español"), ("pl", "Polski"), ("en", "English")],
    "barcelona": [("ca", "Català"), ("es", "Español")],
}
"""From the site's default language, the switcher's links in turn, back to where it started."""


@pytest.mark.parametrize("name", TOURS)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_switcher_leads_to_the_same_page(
    page: Page, sites: dict[str, tuple[Path, str]], name: str, path: str
) -> None:
    _, base = sites[name]
    here = path.format(**SITES[name])
    page.goto(base + here)
    for target, label in TOURS[name]:
        nav = page.get_by_role("navigation", name=re.compile("."), exact=False).filter(
            has=page.locator(f'a[hreflang="{target}"]')
        )
        nav.get_by_role("link", name=label).click()
        page.wait_for_load_state("load")
        assert page.url == base + _root(name, target) + here
        assert page.get_attribute("html", "lang") == target
        current = page.locator('.hb-languages a[aria-current="page"]')
        assert current.get_attribute("hreflang") == target


def test_every_page_links_its_translations_for_search_engines(
    sites: dict[str, tuple[Path, str]],
) -> None:
    site, _ = sites["demo"]
    for page in [site / "tax" / "faq" / "index.html", site / "pl" / "tax" / "faq" / "index.html"]:
        links = re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page.read_text()
        )
        assert links == [
            ("en", "https://harborpine.github.io/handbook/tax/faq/"),
            ("es", "https://harborpine.github.io/handbook/es/tax/faq/"),
            ("pl", "https://harborpine.github.io/handbook/pl/tax/faq/"),
            ("x-default", "https://harborpine.github.io/handbook/tax/faq/"),
        ]
