"""axe-core finds no accessibility violations on the demo site, in real headless Chromium."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from handbook.engines import ENGINES
from tests.browser.conftest import DemoSites

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_url(demo_sites: DemoSites) -> str:
    """The demo built with the default engine (test_engines.py runs axe on the others)."""
    return demo_sites.url(ENGINES[0])


PAGE_TYPES = [
    "",  # home
    "bookkeeping/",  # a handbook (personal relationship)
    "tax/",  # a handbook (automated relationship)
    "bookkeeping/communication/",
    "tax/communication/",
    "bookkeeping/rules/",
    "rules/",
    "rules/2025.1/",  # an earlier rules version
    "bookkeeping/calendar/",
    "calendar/",
    "bookkeeping/packages/",
    "bookkeeping/faq/",
    "packages/",
    "quiz/",
    "team/",
    "bookkeeping/off-track/",
    "bookkeeping/parting-ways/",
    "parting-ways/",
    "security/",  # the firm's own page
    "legal/",
    "privacy/",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations(
    tab: Callable[[int, int], Page], demo_sites: DemoSites, engine: str, path: str, width: int
) -> None:
    """On every engine: the theme overrides fix what an engine's own templates get wrong."""
    page = tab(width, 900)
    page.goto(demo_sites.url(engine) + path)
    page.wait_for_load_state("load")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_stock_material_problems_are_fixed(browser: Browser, demo_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(demo_url)
        # The search dialog gets an accessible name.
        assert page.get_attribute('.md-search[role="dialog"]', "aria-label") == "Search"
        # Header tabs are fully opaque, so their text keeps the contrast computed for it.
        opacity = page.eval_on_selector(".md-tabs__link", "e => getComputedStyle(e).opacity")
        assert opacity == "1"
        # No request leaves the machine: fonts are the system's.
        fonts = page.evaluate("() => [...document.fonts].map(f => f.family)")
        assert not any("Roboto" in f for f in fonts)
    finally:
        page.close()


@pytest.mark.parametrize("path", ["", "bookkeeping/", "security/"])
def test_no_request_leaves_the_machine(browser: Browser, demo_url: str, path: str) -> None:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
        assert requested, "the page made no requests at all"
        # Material reads the sitemap of each language version (hreflang links) from the
        # firm's own published site: a first-party request, never a third party's.
        own = (demo_url, "https://harborpine.github.io/handbook/")
        assert [url for url in requested if not url.startswith(own)] == []
    finally:
        page.close()


def test_what_the_privacy_page_says_is_true(browser: Browser, demo_url: str) -> None:
    """No cookie and no third-party request on any page type, quiz answered, search used."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(demo_url + "privacy/")
        assert "It sets no cookies." in page.inner_text("article")
        for path in PAGE_TYPES:
            page.goto(demo_url + path)
            page.wait_for_load_state("networkidle")
        page.goto(demo_url + "quiz/")
        for group in page.locator("form#quiz fieldset").all():
            group.locator("input[type=radio]").first.check()
        page.locator("form#quiz button[type=submit]").click()
        assert page.locator("form#quiz .hb-quiz__result").is_visible()
        page.keyboard.press("/")
        page.keyboard.type("calendar")
        page.wait_for_load_state("networkidle")
        assert context.cookies() == [] and page.evaluate("document.cookie") == ""
        own = (demo_url, "https://harborpine.github.io/handbook/")
        assert [url for url in requested if not url.startswith(own)] == []
    finally:
        context.close()


PRINTED_LINKS = """() => [...document.querySelectorAll('.md-content a[href]')]
  .filter(a => !/^(#|mailto:|tel:)/.test(a.getAttribute('href'))
    && !a.classList.contains('headerlink') && a.offsetParent !== null
    && a.textContent.trim() !== a.href)
  .map(a => [a.href, getComputedStyle(a, '::after').content])"""


@pytest.mark.parametrize(
    "path",
    ["", "bookkeeping/", "bookkeeping/communication/", "bookkeeping/calendar/", "rules/2026.2/",
     "team/", "packages/"],
)  # fmt: skip
def test_pages_print_cleanly(browser: Browser, demo_url: str, path: str) -> None:
    page = browser.new_page()
    try:
        page.goto(demo_url + path)
        page.wait_for_load_state("load")
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
            assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none"
        links = page.evaluate(PRINTED_LINKS)
        # The communication and team pages link only to mail and phone numbers.
        assert links or path in {"bookkeeping/communication/", "team/"}
        for href, after in links:
            # Every link prints its full address, relative links resolved, e.g. "../rules/".
            assert after == f'" ({href})"', (href, after)
        for selector in (".hb-rule", ".hb-cal__item", ".hb-person"):
            for value in page.eval_on_selector_all(
                selector, "es => es.map(e => getComputedStyle(e).breakInside)"
            ):
                assert value == "avoid", selector
        assert page.pdf().startswith(b"%PDF")
    finally:
        page.close()
