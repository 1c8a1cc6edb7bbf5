"""The video FAQ in headless Chromium: no third-party request before play, then privacy mode
(on the demo built with each engine)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route

from tests.browser.conftest import DemoSites

pytestmark = pytest.mark.browser
SEGMENTS = ["bookkeeping", "tax", "payroll", "advisory"]
OWN_SITE = "https://harborpine.github.io/handbook/"


@pytest.fixture(scope="module")
def url(demo_sites: DemoSites, engine: str) -> str:
    return demo_sites.url(engine)


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[tuple[Page, list[str]]]:
    page = browser.new_page()
    outside: list[str] = []

    def guard(route: Route) -> None:
        # Record, and never let out, any request that leaves this machine.
        if route.request.url.startswith(url):
            route.continue_()
        else:
            # Material reads the language versions' sitemaps from the firm's own published
            # site (first party); any other host is a third party.
            if not route.request.url.startswith(OWN_SITE):
                outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page, outside
    page.close()


@pytest.mark.parametrize("segment", SEGMENTS)
def test_no_request_leaves_the_machine_before_play(
    page: tuple[Page, list[str]], url: str, segment: str
) -> None:
    tab, outside = page
    tab.goto(url + f"{segment}/faq/")
    tab.wait_for_load_state("networkidle")
    assert tab.locator("button.hb-video__facade").count() > 0
    assert outside == []
    results = Axe().run(tab)
    assert results.violations_count == 0, results.generate_report()


def test_enter_on_a_facade_plays_youtube_in_privacy_mode(
    page: tuple[Page, list[str]], url: str
) -> None:
    tab, outside = page
    tab.goto(url + "bookkeeping/faq/")
    box = tab.locator('.hb-video[data-provider="youtube"]').first
    button = box.locator("button.hb-video__facade")
    assert button.get_attribute("aria-label", timeout=2000).startswith("Play video: ")
    button.focus()
    tab.keyboard.press("Enter")
    frame = box.locator("iframe.hb-video__player")
    src = frame.get_attribute("src")
    assert src.startswith("https://www.youtube-nocookie.com/embed/") and "autoplay=1" in src
    assert frame.get_attribute("title")
    # The player's first request may still be on its way on a busy machine.
    for _ in range(100):
        if outside:
            break
        tab.wait_for_timeout(50)
    assert outside and all(u.startswith("https://www.youtube-nocookie.com/") for u in outside)
    results = Axe().run(tab, options={"rules": {"frame-tested": {"enabled": False}}})
    assert results.violations_count == 0, results.generate_report()


def test_vimeo_plays_with_do_not_track(page: tuple[Page, list[str]], url: str) -> None:
    tab, _ = page
    tab.goto(url + "bookkeeping/faq/")
    box = tab.locator('.hb-video[data-provider="vimeo"]').first
    box.locator("button").focus()
    tab.keyboard.press("Space")
    src = box.locator("iframe").get_attribute("src")
    assert src.startswith("https://player.vimeo.com/video/") and "dnt=1" in src


def test_self_hosted_video_plays_with_captions(page: tuple[Page, list[str]], url: str) -> None:
    tab, outside = page
    tab.goto(url + "bookkeeping/faq/")
    box = tab.locator('.hb-video[data-provider="file"]')
    box.locator("button").click()
    video = box.locator("video.hb-video__player")
    assert video.locator("source").get_attribute("type") == "video/mp4"
    track = video.locator("track")
    assert track.get_attribute("kind") == "captions"
    assert tab.evaluate(
        "u => fetch(u).then(r => r.text())", track.evaluate("t => t.src")
    ).startswith("WEBVTT")
    assert outside == []


def test_without_javascript_a_facade_is_a_plain_link(browser: Browser, url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(url + "bookkeeping/faq/")
        href = tab.get_attribute('.hb-video[data-provider="youtube"] a.hb-video__facade', "href")
        assert href.startswith("https://www.youtube.com/watch?v=")
    finally:
        context.close()
