"""Search from a segment's page: that segment's pages first, each result naming its segment,
and no superseded rule version, with each engine's own search UI."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import DemoSites

# The demo's segments, as its nav names them, by slug.
SEGMENTS = {
    "en": {
        "bookkeeping": "Monthly bookkeeping clients",
        "tax": "Individual tax clients",
        "payroll": "Payroll clients",
        "advisory": "Advisory and CFO clients",
    },
    "es": {
        "bookkeeping": "Clientes de contabilidad mensual",
        "tax": "Clientes de declaraciones personales",
        "payroll": "Clientes de nómina",
        "advisory": "Clientes de asesoría financiera (CFO)",
    },
}

# Material lists results in the page; Zensical in a dialog in a shadow root (which
# Playwright's locators enter), each with its nav path.
_RESULTS = {
    "mkdocs": """() => [...document.querySelectorAll(".md-search-result__item")].map(li => ({
        href: li.querySelector("a").href,
        segment: (li.querySelector(".hb-search-segment") || {}).textContent || ""}))""",
    "zensical": """() => [...document.querySelectorAll("*")].filter(e => e.shadowRoot)
        .flatMap(e => [...e.shadowRoot.querySelectorAll('[role="option"]')])
        .map(a => ({href: a.href,
                    segment: (a.querySelector("menu li") || {}).textContent || ""}))""",
}

_INDEX_LOADED = """() => performance.getEntriesByType("resource")
    .some(e => /\\/search(_index)?\\.json$/.test(e.name))"""


def _search(page: Page, engine: str, word: str) -> list[dict[str, str]]:
    """Open the engine's search on a phone, type `word`; return the results in order."""
    page.click('label.md-header__button[for="__search"]')
    field = page.locator("dialog input" if engine == "zensical" else ".md-search__input")
    # A query typed before the index is in is dropped, by both bundles.
    page.wait_for_function(_INDEX_LOADED)
    field.press_sequentially(word)
    option = '[role="option"]' if engine == "zensical" else ".md-search-result__item"
    try:
        page.wait_for_selector(option, timeout=3_000)
    except PlaywrightTimeoutError:  # the worker was still reading the index: type it again
        field.press("Backspace")
        field.press_sequentially(word[-1])
        page.wait_for_selector(option, timeout=10_000)
    # Each key typed gives results of its own: read them once they stop changing.
    results: list[dict[str, str]] = []
    for _ in range(50):
        page.wait_for_timeout(100)
        latest = page.evaluate(_RESULTS[engine])
        if latest == results:
            break
        results = latest
    return results


@pytest.mark.parametrize(
    ("path", "word"), [("tax/", "receipt"), ("es/bookkeeping/rules/", "recepción")]
)
def test_search_puts_the_readers_segment_first_and_names_each_segment(
    demo_sites: DemoSites, engine: str, tab: Callable[[int, int], Page], path: str, word: str
) -> None:
    base = demo_sites.url(engine)
    language = "es" if path.startswith("es/") else "en"
    own = path.removeprefix("es/").split("/")[0]
    page = tab(390, 800)
    page.goto(base + path)
    results = _search(page, engine, word)
    tree = base + ("es/" if language == "es" else "")
    slugs = [r["href"].removeprefix(tree).split("/")[0] for r in results]
    assert len(results) >= 5, results
    assert not [r["href"] for r in results if re.search(r"/rules/\d", r["href"])]
    # The reader's own segment first, then the site-wide pages, then the other segments.
    ranks = [0 if s == own else 2 if s in SEGMENTS[language] else 1 for s in slugs]
    assert ranks[0] == 0, slugs
    assert ranks == sorted(ranks), slugs
    assert 1 in ranks and 2 in ranks, slugs  # site-wide pages and other segments stay found
    for result, slug in zip(results, slugs, strict=True):
        if slug in SEGMENTS[language]:
            assert result["segment"] == SEGMENTS[language][slug], result
