"""axe-core finds no violations on the demo built with properdocs and with zensical either
(test_accessibility.py covers mkdocs, the default), and the pages' scripts work on each."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from handbook.engines import ENGINES
from tests.browser.conftest import DemoSites
from tests.browser.test_accessibility import PAGE_TYPES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER_ENGINES = [engine for engine in ENGINES if engine != ENGINES[0]]


@pytest.fixture(scope="module", params=OTHER_ENGINES)
def engine_url(request: pytest.FixtureRequest, demo_sites: DemoSites) -> str:
    """The demo built with one engine, served on 127.0.0.1 (built once per worker)."""
    return demo_sites.url(request.param)


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations(browser: Browser, engine_url: str, path: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(engine_url + path)
        page.wait_for_load_state("load")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.close()


@pytest.mark.parametrize("path", ["", "bookkeeping/faq/", "bookkeeping/calendar/", "quiz/"])
def test_no_script_error(browser: Browser, engine_url: str, path: str) -> None:
    """The engine's bundle and handbook.js load and run without an error.

    (Requests that fail are not script errors: the sitemaps of the other languages are read
    from the published site, which this test does not reach.)"""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        page.goto(engine_url + path)
        page.wait_for_load_state("networkidle")
        assert errors == []
    finally:
        page.close()
