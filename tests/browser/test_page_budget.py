"""The page budget of issue 14: first-load weight, no other origin, search on use, no shifts.

Each test runs on every engine (the `engine` fixture); the demo is built once per engine."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Response

from tests.browser.conftest import DemoSites
from tests.browser.test_accessibility import PAGE_TYPES
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUDGET = {"mkdocs": 90_000, "zensical": 100_000}
"""Gzipped bytes of everything a page fetches until network idle, by engine (issue 23):
Zensical's bundle and stylesheets weigh 84.0 kB (zensical 0.0.73), Material's 59.8 kB
(mkdocs-material 9.8.2) with its search worker."""
OWN_BUDGET = 30_000
"""The part of it that is not the theme's own files: the page, its images and handbook's
assets."""
THEME = ("/assets/javascripts/bundle.", "/assets/javascripts/workers/", "/assets/stylesheets/")


@pytest.fixture(scope="module")
def demo_site(demo_sites: DemoSites, engine: str) -> Path:
    return demo_sites.project(engine) / "site"


@pytest.fixture(scope="module")
def demo_url(demo_sites: DemoSites, engine: str) -> str:
    return demo_sites.url(engine)


def _load(
    browser: Browser, url: str, width: int = 390
) -> tuple[Page, list[Request], list[Response]]:
    """Open `url` in a fresh context (empty cache); return the page, its requests and responses.

    Requests include those that failed (another origin is unreachable from the tests).
    """
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    requests: list[Request] = []
    responses: list[Response] = []
    page.on("request", lambda r: requests.append(r))
    page.on("response", lambda r: responses.append(r))
    # Network idle is 500 ms without a request: the core script's modules load before it.
    page.goto(url, wait_until="networkidle")
    return page, requests, responses


def _is_search_index(url: str) -> bool:
    """Material's search_index.json, or Zensical's search.json."""
    return url.endswith(("/search_index.json", "/search.json"))


def _gzipped(response: Response) -> int:
    """Return the size of a response's body once gzip-compressed, as GitHub Pages serves it."""
    return len(gzip.compress(response.body(), compresslevel=6))


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_first_load_is_within_budget(
    browser: Browser, demo_url: str, engine: str, path: str
) -> None:
    page, requests, responses = _load(browser, demo_url + path)
    try:
        elsewhere = [r.url for r in requests if not r.url.startswith(demo_url)]
        assert elsewhere == []
        assert not [r.url for r in requests if _is_search_index(r.url)]
        sizes = {r.url: _gzipped(r) for r in responses}
        largest = sorted(sizes.items(), key=lambda kv: -kv[1])
        own = sum(size for url, size in sizes.items() if not any(t in url for t in THEME))
        assert own <= OWN_BUDGET, largest
        assert sum(sizes.values()) <= BUDGET[engine], largest
    finally:
        page.context.close()


@pytest.mark.parametrize(("width", "shortcut"), [(1280, True), (390, False)], ids=["key", "tap"])
def test_search_index_loads_on_first_use(
    browser: Browser, demo_url: str, engine: str, width: int, shortcut: bool
) -> None:
    """The index loads when the reader presses / or taps the search icon, and search works.

    Material opens a search box in the header; Zensical a dialog (in a shadow root, which
    Playwright's locators enter)."""
    page, requests, _ = _load(browser, demo_url + "bookkeeping/", width)
    zensical = engine == "zensical"
    field = 'dialog[aria-label="Search"] input' if zensical else ".md-search__input"
    result = '[role="listbox"] [role="option"]' if zensical else ".md-search-result__item"
    try:
        assert not [r for r in requests if _is_search_index(r.url)]
        with page.expect_response(lambda r: _is_search_index(r.url)):
            if shortcut:
                page.keyboard.press("/")
            else:
                page.click('label.md-header__button[for="__search"]')
        # Typed key by key: the search reads keyboard events.
        page.locator(field).press_sequentially("invoice")
        page.wait_for_selector(result, timeout=10_000)
        assert page.locator(result).count() > 0
    finally:
        page.context.close()


# Every layout shift, as the Layout Instability API reports it, from the first frame on.
_RECORD_SHIFTS = """
window.hbShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.hbShifts.push({value: e.value, input: e.hadRecentInput});
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "path", ["bookkeeping/communication/", "tax/communication/", "pl/bookkeeping/communication/"]
)
def test_communication_page_does_not_shift(
    browser: Browser, demo_url: str, path: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.add_init_script(_RECORD_SHIFTS)
    page = context.new_page()
    try:
        page.goto(demo_url + path, wait_until="networkidle")
        box = page.locator("[data-hb-replyby]")
        box.wait_for(state="visible", timeout=5_000)  # its script may run after network idle
        assert "{ack" not in box.inner_text() and box.locator(".hb-replyby__out").inner_text()
        # Tap through the page: the reply-by box, the contact card, then scroll to the end.
        box.click()
        for card in page.locator(".hb-person").all():
            card.click(position={"x": 1, "y": 1})
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(800)
        shifts = page.evaluate("window.hbShifts")
        assert sum(s["value"] for s in shifts if not s["input"]) == 0, shifts
    finally:
        context.close()


def test_shipped_handbook_js_is_minified(demo_site: Path) -> None:
    source = (ROOT / "templates" / "assets" / "handbook-replyby.js").read_text(encoding="utf-8")
    shipped = (demo_site / "assets" / "handbook-replyby.js").read_text(encoding="utf-8")
    assert "Reply-by calculator" in source and "Reply-by calculator" not in shipped
    assert len(shipped) < 0.8 * len(source)
    assert "\n  " not in shipped
    css = (demo_site / "assets" / "handbook.css").read_text(encoding="utf-8")
    assert "/*" not in css
