"""The needs assessment in headless Chromium: different answers, different packages
(on the demo built with each engine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import product

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from handbook.input.config import load_firm
from handbook.pages.site import Site
from tests.browser.conftest import DemoSites
from tests.quiz_rule import recommend

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(demo_sites: DemoSites, engine: str) -> tuple[str, Site]:
    firm, _ = load_firm(demo_sites.project(engine) / "firm.yaml")
    site = Site(firm=firm, build_date=dt.date(2026, 11, 23), language="en")
    return demo_sites.url(engine), site


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    yield page
    page.close()


def _two_answer_sets_with_different_results(site: Site) -> list[tuple[list[int], str]]:
    """Find, from firm.yaml's own weights, two answer sets that recommend different packages."""
    questions, packages = site.offer.quiz, site.offer.packages
    seen: dict[str, list[int]] = {}
    for combo in product(*(range(len(q.answers)) for q in questions)):
        pick = recommend(site.tr, questions, packages, list(combo))
        assert pick is not None
        seen.setdefault(pick.package, list(combo))
    assert len(seen) >= 2, "the demo quiz can only ever recommend one package"
    return [(combo, slug) for slug, combo in list(seen.items())[:3]]


def _answer_by_keyboard(page: Page, choices: list[int]) -> None:
    """Choose each answer with the keyboard only: Tab into a group, arrows to move."""
    groups = page.locator("form#quiz fieldset")
    for index, choice in enumerate(choices):
        first = groups.nth(index).locator("input[type=radio]").first
        first.focus()
        page.keyboard.press("Space")
        for _ in range(choice):
            page.keyboard.press("ArrowDown")
    page.locator("form#quiz button[type=submit]").focus()
    page.keyboard.press("Enter")


def test_different_answers_recommend_different_packages(page: Page, demo: tuple[str, Site]) -> None:
    url, site = demo
    cases = _two_answer_sets_with_different_results(site)
    for choices, expected in cases:
        page.goto(url + "quiz/")
        _answer_by_keyboard(page, choices)
        result = page.locator("form#quiz .hb-quiz__result")
        assert result.get_attribute("data-package") == expected
        name = site.tr.text(site.packages[expected].name)
        assert f"We suggest {name}" in result.inner_text()
        assert result.get_attribute("role") == "status"
        # Each reason says its question with the answer ("Do you have employees? Yes").
        questions = [site.tr.text(q.text) for q in site.offer.quiz]
        reasons = result.locator("li").all_inner_texts()
        assert reasons and all(any(r.startswith(f"{q} ") for q in questions) for r in reasons)


def test_nothing_is_sent_anywhere(page: Page, demo: tuple[str, Site]) -> None:
    url, site = demo
    page.goto(url + "quiz/")
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _answer_by_keyboard(page, [0] * len(site.offer.quiz))
    assert page.url.startswith(url + "quiz/")  # no navigation, no form submission
    assert requests == []


def test_without_javascript_the_matrix_is_shown(browser: Browser, demo: tuple[str, Site]) -> None:
    url, _ = demo
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url + "quiz/")
        assert not page.locator("form#quiz").is_visible()
        assert page.locator(".hb-quiz__fallback table.hb-matrix").is_visible()
    finally:
        context.close()


def test_answered_quiz_has_no_axe_violations(page: Page, demo: tuple[str, Site]) -> None:
    url, site = demo
    page.goto(url + "quiz/")
    _answer_by_keyboard(page, [0] * len(site.offer.quiz))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
