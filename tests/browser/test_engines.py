"""The pages' scripts run without an error on the demo built with each engine.

(test_accessibility.py runs axe on every engine; the feature tests take the `engine` fixture.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import BROWSER_ENGINES, DemoSites

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", params=BROWSER_ENGINES)
def engine_url(request: pytest.FixtureRequest, demo_sites: DemoSites) -> str:
    """The demo built with one engine, served on 127.0.0.1 (built once per test run)."""
    return demo_sites.url(request.param)


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
