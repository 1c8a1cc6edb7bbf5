"""Pages a phone can read (issue 23): at 390 x 844 px every budgeted page of the demo, in
each of its languages and with each engine, is at most a few screens long."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page

from handbook import urls
from handbook.input.config import load_firm
from tests.browser.conftest import DemoSites
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
PAGE_BUDGET = 2_532
"""Three phone screens: the home page and a segment's welcome, communication and packages pages."""
LONG_BUDGET = 3_376
"""Four screens: the site-wide packages page and the rules of engagement."""

FIRM = load_firm(ROOT / "firm.yaml")[0]
LANGUAGES = ["", *(f"{code}/" for code in FIRM.locale.languages if code != FIRM.locale.default)]
PAGES = [
    ("", PAGE_BUDGET),
    *(
        (urls.url_path(urls.segment(s.slug, page)), PAGE_BUDGET)
        for s in FIRM.segments
        for page in ("index", "communication", "packages")
    ),
    (urls.url_path(urls.PACKAGES), LONG_BUDGET),
    (urls.url_path(urls.RULES), LONG_BUDGET),
]


@pytest.mark.parametrize(("path", "budget"), PAGES, ids=[p or "home" for p, _ in PAGES])
@pytest.mark.parametrize("language", LANGUAGES, ids=[code or "default" for code in LANGUAGES])
def test_page_fits_its_budget_on_a_phone(
    demo_sites: DemoSites,
    engine: str,
    tab: Callable[[int, int], Page],
    language: str,
    path: str,
    budget: int,
) -> None:
    page = tab(WIDTH, HEIGHT)
    page.goto(demo_sites.url(engine) + language + path, wait_until="load")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= budget, f"/{language}{path} is {height} px tall at {WIDTH} px, over {budget}"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


OPEN_AT_NEXT = [
    (urls.url_path(urls.CALENDAR), ".hb-cal__item--next"),
    (urls.url_path(urls.segment(FIRM.segments[0].slug, "calendar")), ".hb-cal__item--next"),
    (urls.url_path(urls.segment(FIRM.segments[0].slug, "faq")), ".hb-faq__item"),
]


@pytest.mark.parametrize(("path", "first"), OPEN_AT_NEXT, ids=[p for p, _ in OPEN_AT_NEXT])
@pytest.mark.parametrize("language", LANGUAGES, ids=[code or "default" for code in LANGUAGES])
def test_long_page_opens_at_what_is_next(
    demo_sites: DemoSites,
    engine: str,
    browser: Browser,
    language: str,
    path: str,
    first: str,
) -> None:
    """A calendar may be long, but its next date (a FAQ: its first answer) is on screen one.

    Read on the day the demo was built: the calendar's script marks the next dates by the
    reader's clock, and weeks later the next one is further down (this test failed when the
    machine's date passed 2026-12-07).
    """
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    try:
        page.clock.set_fixed_time(dt.datetime.combine(dt.date.fromisoformat(TODAY), dt.time(10)))
        page.goto(demo_sites.url(engine) + language + path, wait_until="load")
        page.wait_for_selector(first)
        top = page.locator(first).first.evaluate("e => e.getBoundingClientRect().top")
    finally:
        page.close()
    assert 0 < top < HEIGHT - 44, f"/{language}{path}: {first} starts at {top} px"
