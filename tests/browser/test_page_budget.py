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

BUDGET = 90_000
"""Gzipped bytes of everything a page fetches until network idle."""


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
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    return page, requests, responses


def _gzipped(response: Response) -> int:
    """Return the size of a response's body once gzip-compressed, as GitHub Pages serves it."""
    return len(gzip.compress(response.body(), compresslevel=6))


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_first_load_is_within_budget(browser: Browser, demo_url: str, path: str) -> None:
    page, requests, responses = _load(browser, demo_url + path)
    try:
        elsewhere = [r.url for r in requests if not r.url.startswith(demo_url)]
        assert elsewhere == []
        assert not [r.url for r in requests if r.url.endswith("search_index.json")]
        sizes = {r.url: _gzipped(r) for r in responses}
        assert sum(sizes.values()) <= BUDGET, sorted(sizes.items(), key=lambda kv: -kv[1])
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("width", "opener"),
    [(1280, "/"), (390, 'label.md-header__button[for="__search"]')],
    ids=["shortcut", "phone-icon"],
)
def test_search_index_loads_on_first_use(
    browser: Browser, demo_url: str, width: int, opener: str
) -> None:
    page, requests, _ = _load(browser, demo_url + "bookkeeping/", width)
    try:
        assert not [r for r in requests if r.url.endswith("search_index.json")]
        with page.expect_response(lambda r: r.url.endswith("search_index.json")):
            if opener == "/":
                page.keyboard.press("/")
            else:
                page.click(opener)
        # Typed key by key: Material's search reads keyboard events.
        page.locator(".md-search__input").press_sequentially("invoice")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert page.locator(".md-search-result__item").count() > 0
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
        assert box.is_visible()
        assert "{ack}" not in box.inner_text() and box.locator(".hb-replyby__out").inner_text()
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
    source = (ROOT / "templates" / "assets" / "handbook.js").read_text(encoding="utf-8")
    shipped = (demo_site / "assets" / "handbook.js").read_text(encoding="utf-8")
    assert "Reply-by calculator" in source and "Reply-by calculator" not in shipped
    assert len(shipped) < 0.8 * len(source)
    assert "\n  " not in shipped
    css = (demo_site / "assets" / "handbook.css").read_text(encoding="utf-8")
    assert "/*" not in css
