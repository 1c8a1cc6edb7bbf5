"""Phones: the phone-first parts read well at 320 and 390 px, and their pages never scroll sideways.

Every page type's sideways scroll, in four languages and with both engines, is checked by
test_identity.py, in the same visit as the header's logo and name.

The demo is built once, with a photo for the bookkeeping clients' contact (the demo's team has
none), so that contact cards are checked both with a photo and with initials.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.conftest import build_project, copy_demo, shared_build

pytestmark = pytest.mark.browser

WIDTHS = [320, 390]

PACKAGE_PAGES = ["packages/", "bookkeeping/packages/", "pl/packages/", "es/bookkeeping/packages/"]
FAQ_PAGES = ["bookkeeping/faq/", "es/bookkeeping/faq/", "pl/bookkeeping/faq/"]
CONTACT_PAGES = ["bookkeeping/", "bookkeeping/communication/", "team/", "es/team/"]
TOUCHED_PAGES = ["", "bookkeeping/", "bookkeeping/faq/", "packages/", "team/", "pl/packages/"]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]) -> str:

    def make(project: Path) -> None:
        copy_demo(project)
        config = project / "firm.yaml"
        contact = "    email: daniel@harborpine.example\n"
        assert contact in config.read_text()
        config.write_text(
            config.read_text().replace(contact, contact + "    photo: media/portal-tour.png\n")
        )
        build_project(project)

    return serve_dir(shared_build(tmp_path_factory, "demo-with-photo", make) / "site")


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def phone(request: pytest.FixtureRequest, tab: Callable[[int, int], Page]) -> Page:
    return tab(request.param, 800)


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


# Elements under `root` matching `parts` that are rendered, as {label, x, y, w, h}.
BOXES = """(root, parts) => [...root.querySelectorAll(parts)]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility === 'visible')
  .map(e => { const r = e.getBoundingClientRect();
    return {label: e.className || e.tagName + ' ' + e.textContent.trim().slice(0, 30),
            x: r.left, y: r.top, w: r.width, h: r.height}; })"""


def _laid_out_apart(page: Page, root_selector: str, parts: str, minimum: int) -> None:
    """Each `root` holds at least `minimum` parts, inside it, and no two parts overlap."""
    roots = page.locator(root_selector)
    assert roots.count() > 0, root_selector
    for root in roots.all():
        outer = root.bounding_box()
        assert outer is not None
        boxes = root.evaluate(BOXES, parts)
        assert len(boxes) >= minimum, (root_selector, boxes)
        for box in boxes:
            assert box["w"] > 0 and box["h"] > 0, box
            assert box["x"] >= outer["x"] - 1 and box["y"] >= outer["y"] - 1, (box, outer)
            assert box["x"] + box["w"] <= outer["x"] + outer["width"] + 1, (box, outer)
            assert box["y"] + box["h"] <= outer["y"] + outer["height"] + 1, (box, outer)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap_x = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                overlap_y = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


def _no_sideways_scroll(page: Page) -> None:
    """The page is no wider than the screen (test_identity.py checks every page type)."""
    width = page.viewport_size["width"]  # type: ignore[index]
    wide = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
          .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5)
          .slice(0, 5).map(e => e.tagName + '.' + e.className)""",
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


@pytest.mark.parametrize("path", ["bookkeeping/packages/", "bookkeeping/faq/", "packages/"])
def test_no_page_scrolls_sideways_without_javascript(
    browser: Browser, demo_url: str, path: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    try:
        page = context.new_page()
        _open(page, demo_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


# For every comparison in view: each package's price and each service row, one cell per
# package, labelled with the package, scrolled into view vertically only, and on top there.
CELLS = """() => {
  const failures = [];
  let checked = 0;
  const tables = [...document.querySelectorAll('table.hb-matrix')]
    .filter(t => t.getClientRects().length);
  for (const table of tables) {
    const names = [...table.querySelectorAll('thead th')].slice(1).map(th => th.textContent.trim());
    for (const row of table.querySelectorAll('tbody tr')) {
      if (!row.matches('.hb-matrix__price, .hb-matrix__service')) continue;
      const cells = [...row.querySelectorAll('td')];
      const labels = cells.map(td => td.dataset.label);
      if (JSON.stringify(labels) !== JSON.stringify(names)) {
        failures.push(['labels', labels, names]);
      }
      for (const cell of cells) {
        cell.scrollIntoView({block: 'center', inline: 'nearest'});
        const r = cell.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const where = [row.querySelector('th').textContent.trim().slice(0, 30), cell.dataset.label];
        if (window.scrollX !== 0) failures.push(['page scrolled sideways', where]);
        if (r.width <= 0 || r.height <= 0) failures.push(['empty', where]);
        if (r.left < 0 || r.right > window.innerWidth) {
          failures.push(['out of view', where, r.left, r.right]);
        }
        if (!top || !cell.contains(top)) failures.push(['covered', where, top && top.className]);
        const shown = getComputedStyle(cell, '::before').content;
        if (!shown.includes(cell.dataset.label)) failures.push(['unlabelled', where, shown]);
        checked++;
      }
    }
  }
  return {checked, failures};
}"""


@pytest.mark.parametrize("path", PACKAGE_PAGES)
def test_package_comparison_fits_a_phone(phone: Page, demo_url: str, path: str) -> None:
    _open(phone, demo_url + path)
    phone.locator("details.hb-compare > summary").click()  # the comparison is one tap away
    result = phone.evaluate(CELLS)
    assert result["checked"] > 10
    assert result["failures"] == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]  # type: ignore[index]


def test_package_comparison_stays_a_table_on_wide_screens(browser: Browser, demo_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _open(page, demo_url + "packages/")
        page.locator("details.hb-compare > summary").click()
        table = page.locator("table.hb-matrix").first
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        assert table.locator("thead").is_visible()
    finally:
        page.close()


def _names_start_with_visible_text(page: Page, role: str) -> int:
    """Each video facade is found by an accessible name that starts with its visible text."""
    boxes = page.locator(".hb-video").all()
    for box in boxes:
        visible = " ".join(box.locator(".hb-video__facade").inner_text().split())
        assert visible
        name = re.compile("^" + re.escape(visible))
        assert box.get_by_role(role, name=name).count() == 1, visible  # type: ignore[arg-type]
    return len(boxes)


@pytest.mark.parametrize("path", FAQ_PAGES)
def test_video_cards(phone: Page, demo_url: str, path: str) -> None:
    _open(phone, demo_url + path)
    phone.locator("button.hb-video__facade").first.wait_for()
    _no_sideways_scroll(phone)
    # The play icon, the title and the duration line never cover one another.
    _laid_out_apart(
        phone, ".hb-video__facade", ".hb-video__icon, .hb-video__label, .hb-video__meta", 3
    )
    # The button's accessible name starts with its visible text (WCAG 2.5.3).
    assert _names_start_with_visible_text(phone, "button") > 2
    label = " ".join(phone.locator("button.hb-video__facade").first.inner_text().split())
    assert label == phone.locator(".hb-video").first.get_attribute("data-play-label")


def test_video_links_without_javascript(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        _open(page, demo_url + "bookkeeping/faq/")
        assert page.locator("a.hb-video__facade").first.inner_text().startswith("Watch: ")
        assert _names_start_with_visible_text(page, "link") > 2
        _laid_out_apart(
            page, ".hb-video__facade", ".hb-video__icon, .hb-video__label, .hb-video__meta", 3
        )
    finally:
        context.close()


@pytest.mark.parametrize("path", ["bookkeeping/calendar/", "calendar/", "bookkeeping/faq/"])
def test_labelled_controls_start_with_their_visible_text(
    phone: Page, demo_url: str, path: str
) -> None:
    _open(phone, demo_url + path)
    pairs = phone.eval_on_selector_all(
        ".md-content :is(a, button)[aria-label]",
        "es => es.map(e => [e.innerText.replace(/\\s+/g, ' ').trim(),"
        " e.getAttribute('aria-label')])",
    )
    assert pairs
    for visible, name in pairs:
        if visible:
            assert " ".join(name.split()).startswith(visible), (visible, name)


CARD_PARTS = (
    ".hb-person__photo, .hb-person__name, .hb-person__role, .hb-reach__label, .hb-reach a,"
    " .hb-person__speaks, .hb-person__bio"
)


@pytest.mark.parametrize("path", CONTACT_PAGES)
def test_contact_cards(phone: Page, demo_url: str, path: str) -> None:
    _open(phone, demo_url + path)
    _no_sideways_scroll(phone)
    cards = phone.locator(".hb-person")
    for card in cards.all():
        name = card.locator(".hb-person__name").inner_text()
        mail = card.locator('a[href^="mailto:"]')
        call = card.locator('a[href^="tel:"]')
        assert mail.count() == 1 and call.count() == 1, name
        assert mail.get_attribute("href") == "mailto:" + mail.inner_text()
        for link in (mail, call):
            box = link.bounding_box()
            assert box is not None and box["height"] >= 44, (name, box)
        assert card.locator(".hb-person__photo").is_visible()
    # Photo (or initials), name, role, the mail and call rows, languages and bio: none overlap.
    _laid_out_apart(phone, ".hb-person", CARD_PARTS, 7)
    if path == "bookkeeping/":
        photo = phone.locator(".hb-person img.hb-person__photo")
        assert photo.is_visible() and photo.get_attribute("alt") == ""
        box = photo.bounding_box()  # a round photo, however the file is cropped
        assert box is not None and box["width"] == box["height"] >= 48, box
    if path == "team/":
        assert phone.locator(".hb-person__initials").first.inner_text() == "EM"


def test_home_contact_links(phone: Page, demo_url: str) -> None:
    _open(phone, demo_url)
    buttons = phone.locator(".md-content .hb-actions a.hb-action")
    hrefs = [b.get_attribute("href") for b in buttons.all()]
    assert hrefs == [
        "tel:+17185550142",
        "mailto:hello@harborpine.example",
        "https://portal.harborpine.example",
    ]
    assert buttons.nth(0).inner_text() == "Call (718)\u00a0555-0142"  # never split
    assert buttons.nth(1).inner_text() == "Email hello@harborpine.example"
    for button in buttons.all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44
    _laid_out_apart(phone, ".hb-actions", "a", 3)


@pytest.mark.parametrize("path", TOUCHED_PAGES)
def test_no_axe_violations_on_phones(phone: Page, demo_url: str, path: str) -> None:
    _open(phone, demo_url + path)
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()


def test_video_cards_keep_their_size_when_javascript_makes_them_buttons(
    browser: Browser, demo_url: str
) -> None:
    """The longest titles at 320 px: swapping the link for a play button shifts no layout."""
    heights = []
    for javascript in (False, True):
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 320, "height": 800}
        )
        try:
            page = context.new_page()
            _open(page, demo_url + "es/bookkeeping/faq/")
            facade = "button.hb-video__facade" if javascript else "a.hb-video__facade"
            page.locator(facade).first.wait_for()
            heights.append(page.eval_on_selector_all(facade, "es => es.map(e => e.offsetHeight)"))
        finally:
            context.close()
    assert heights[0] == heights[1]
