"""The rules page on a phone (issue 27): what changed opens with a tap, the feed is linked and
announced, on the demo built with each engine."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import DemoSites

pytestmark = pytest.mark.browser


def test_the_rules_page_says_what_changed_and_links_the_feed(
    demo_sites: DemoSites, engine: str, tab: Callable[[int, int], Page]
) -> None:
    page = tab(390, 844)
    base = demo_sites.url(engine)
    page.goto(base + "pl/rules/", wait_until="load")
    announced = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert announced.count() == 1
    assert announced.get_attribute("title") == "Harbor & Pine Accounting: zmiany zasad współpracy"
    feed = page.evaluate("document.querySelector('link[type=\"application/atom+xml\"]').href")
    assert feed == base + "pl/rules/changes.xml"
    changes = page.locator("details.hb-changes")
    assert not changes.get_attribute("open")
    changes.locator("summary").click()
    removed = changes.get_by_text("Usunięta zasada: Dokumenty papierowe", exact=False)
    assert removed.is_visible()
    assert changes.get_by_text("Zasada w\u00a0nowym brzmieniu:", exact=False).first.is_visible()
    link = page.locator("p.hb-feed a")
    assert link.is_visible() and link.inner_text() == "Zmiany tych zasad w\u00a0kanale Atom"
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390  # no sideways scroll
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and b"<feed" in response.body()
