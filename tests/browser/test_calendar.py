"""Calendars and the reply-by calculator in headless Chromium, on the demo built with each
engine."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from itertools import product
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from handbook.calendar.replyby import Office, reply_by
from handbook.commands.cli import cli
from handbook.input.config import load_firm
from handbook.model.communication import Sla
from tests.browser.conftest import DemoSites
from tests.conftest import FIXTURES, ROOT, TODAY, shared_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def url(demo_sites: DemoSites, engine: str) -> str:
    return demo_sites.url(engine)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # The reader's browser is in another time zone than the office; answers must not change.
    context = browser.new_context(timezone_id="Europe/Warsaw", locale="en-US")
    page = context.new_page()
    yield page
    context.close()


SENT = [
    "2026-11-20T22:00:00Z",  # Friday 17:00 in New York, after closing
    "2026-11-21T01:00:00Z",  # Friday evening
    "2026-11-25T15:00:00Z",  # eve of Thanksgiving
    "2026-11-26T15:00:00Z",  # on Thanksgiving
    "2026-10-30T20:00:00Z",  # Friday before the end of daylight saving time (Nov 1)
    "2026-10-30T18:00:00Z",
    "2027-03-12T21:30:00Z",  # Friday before daylight saving time starts (Mar 14)
    "2026-12-24T16:00:00Z",  # before the year-end closure
    "2026-11-23T14:30:00Z",  # Monday morning, open
    "2026-11-23T13:00:00Z",  # Monday before opening
]
SLAS = [
    Sla(within=n, unit=unit, by=by)
    for n, unit, by in product(
        (0, 1, 3),
        ("business_days", "business_hours", "hours", "days"),
        ("end_of_day", "same_time"),
    )
]


def test_javascript_and_python_give_identical_reply_by_times(page: Page, url: str) -> None:
    firm, _ = load_firm(ROOT / "firm.yaml")
    office = Office.for_firm(firm, dt.date(2026, 10, 23), dt.date(2028, 4, 23))
    page.goto(url + "bookkeeping/communication/")
    cases = [(sent, sla) for sent in SENT for sla in SLAS]
    js = page.evaluate(
        "cases => cases.map(([sent, sla]) => window.handbookReplyBy(sent, sla))",
        [[sent, sla.model_dump()] for sent, sla in cases],
    )
    mismatches = []
    for (sent, sla), got in zip(cases, js, strict=True):
        expected = reply_by(dt.datetime.fromisoformat(sent), sla, office)
        if dt.datetime.fromisoformat(got) != expected:
            mismatches.append((sent, sla.model_dump(), got, expected.isoformat()))
    assert len(cases) == 240
    assert mismatches == []


def test_reply_by_sentence_is_shown_in_the_readers_time(page: Page, url: str) -> None:
    page.goto(url + "bookkeeping/communication/")
    text = page.locator("[data-hb-replyby] .hb-replyby__out").inner_text()
    assert text.startswith("If you write to us now, we will acknowledge your message by ")
    assert re.search(r"by \w+day, \w+ \d+ at \d+:\d\d [AP]M and answer", text), text
    # Each language joins the day and the time its own way: Spanish says "a las".
    page.goto(url + "es/bookkeeping/communication/")
    text = page.locator("[data-hb-replyby] .hb-replyby__out").inner_text()
    assert re.search(r"a más tardar el \w+, \d+ de \w+ a las \d+:\d\d, y", text), text
    assert page.locator("[data-hb-replyby]").is_visible()
    # Polish names the weekday in brackets after the hour: no colon before a nominative.
    page.goto(url + "pl/bookkeeping/communication/")
    text = page.locator("[data-hb-replyby] .hb-replyby__out").inner_text()
    assert re.search(r"wiadomości do godz\.\s\d+:\d\d\s\(\w+,\s\d+\s\w+\),\sa", text), text
    assert "najpóźniej:" not in text


def test_past_entries_are_dimmed_and_next_ones_stand_out(page: Page, url: str) -> None:
    page.goto(url + "bookkeeping/calendar/")
    page.evaluate("window.handbookMarkCalendars('2027-01-15')")
    items = page.eval_on_selector_all(
        ".hb-cal__item", "els => els.map(e => [e.querySelector('time').dateTime, e.className])"
    )
    past = [d for d, c in items if "--past" in c]
    upcoming = [d for d, c in items if "--next" in c]
    assert past and all(d < "2027-01-15" for d in past)
    assert len(upcoming) == 3 and all(d >= "2027-01-15" for d in upcoming)
    assert len(past) == len([d for d, _ in items if d < "2027-01-15"])


def test_deadlines_due_the_same_day_are_all_next_or_none(page: Page, url: str) -> None:
    page.goto(url + "calendar/")
    dates = page.eval_on_selector_all(
        ".hb-cal__item", "els => els.map(e => e.querySelector('time').dateTime)"
    )
    ties_at_the_limit = 0
    for today in sorted(set(dates)):
        page.evaluate("d => window.handbookMarkCalendars(d)", today)
        items = page.eval_on_selector_all(
            ".hb-cal__item", "els => els.map(e => [e.querySelector('time').dateTime, e.className])"
        )
        marked: dict[str, set[bool]] = {}
        for day, classes in items:
            marked.setdefault(day, set()).add("--next" in classes)
        assert all(len(kinds) == 1 for kinds in marked.values()), today  # a tie is never split
        upcoming = sorted(d for d, c in items if "--next" in c)
        assert upcoming[:3] == sorted(d for d in dates if d >= today)[:3]
        ties_at_the_limit += len(upcoming) > 3
    assert ties_at_the_limit  # the demo has days where the third and fourth deadlines tie


def test_a_phone_reader_can_jump_to_any_month(browser: Browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pl-PL")
    page = context.new_page()
    for path in ("calendar/", "bookkeeping/calendar/", "pl/calendar/"):
        page.goto(url + path)
        headings = page.eval_on_selector_all(
            "h2.hb-cal__month", "els => els.map(e => [e.id, e.textContent])"
        )
        jump = page.locator("nav.hb-cal__jump a")
        assert len(headings) > 1 and jump.count() == len(headings), path
        assert page.eval_on_selector("nav.hb-cal__jump", "e => e.getAttribute('aria-label')")
        last = jump.nth(jump.count() - 1)
        box = last.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44  # a thumb-sized target
        last.click()
        page.wait_for_function("id => location.hash === '#' + id", arg=headings[-1][0])
        top = page.eval_on_selector(f"#{headings[-1][0]}", "e => e.getBoundingClientRect().top")
        assert 0 <= top < 844 / 2, (path, top)  # the month is at the top of the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_calendar_links_say_their_visible_text_first(page: Page, url: str) -> None:
    # WCAG 2.5.3 (label in name): a voice user says what they see, "Add to my calendar".
    for path in ("calendar/", "bookkeeping/calendar/", "es/calendar/", "pl/calendar/"):
        page.goto(url + path)
        links = page.eval_on_selector_all(
            "a[aria-label]", "els => els.map(e => [e.getAttribute('aria-label'), e.innerText])"
        )
        assert links, path
        for label, text in links:
            assert label.lower().startswith(text.strip().lower()), (path, label, text)
    # The date in the name is said in full, as in a sentence: "7 grudnia 2026", not "7 gru".
    labels = [label for label, _ in links if "2026" in label or "2027" in label]
    assert labels and all(re.search(r"\d+ \w{4,} 20\d\d", label) for label in labels), labels


def test_subscribe_links_and_downloads(page: Page, url: str) -> None:
    page.goto(url + "bookkeeping/calendar/")
    feed = "https://harborpine.github.io/handbook/bookkeeping/calendar.ics"
    hrefs = page.eval_on_selector_all(".hb-subscribe a", "els => els.map(e => e.href)")
    assert "webcal://harborpine.github.io/handbook/bookkeeping/calendar.ics" in hrefs
    google = next(h for h in hrefs if h.startswith("https://calendar.google.com/"))
    assert parse_qs(urlsplit(google).query)["cid"] == [feed.replace("https://", "webcal://")]
    outlook = next(h for h in hrefs if h.startswith("https://outlook.live.com/"))
    assert parse_qs(urlsplit(outlook).query)["url"] == [feed]
    work = next(h for h in hrefs if h.startswith("https://outlook.office.com/"))  # Microsoft 365
    assert urlsplit(work).path == "/calendar/0/addfromweb"
    assert parse_qs(urlsplit(work).query)["url"] == [feed]
    assert parse_qs(urlsplit(work).query)["name"] == parse_qs(urlsplit(outlook).query)["name"]
    for link in (hrefs[-1], page.eval_on_selector(".hb-cal__item a[download]", "e => e.href")):
        body = page.evaluate("u => fetch(u).then(r => r.text())", link)
        assert body.startswith("BEGIN:VCALENDAR\r\n")


def test_past_months_fold_away_on_a_phone(browser: Browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(url + "calendar/")
    page.evaluate("window.handbookMarkCalendars('2026-11-01')")
    full = page.evaluate("document.documentElement.scrollHeight")
    assert page.locator("button.hb-cal__show").count() == 0  # nothing has passed yet
    page.evaluate("window.handbookMarkCalendars('2027-06-15')")
    months = page.eval_on_selector_all("h2.hb-cal__month", "els => els.map(e => e.id)")
    past = [m for m in months if m < "m-2027-06"]
    buttons = page.locator("button.hb-cal__show")
    assert buttons.count() == len(past) > 0
    for month in months:  # June has past entries but is not over: it stays open
        hidden = page.eval_on_selector(f"#{month}-dates", "e => e.hidden")
        assert hidden == (month in past), month
    folded = page.evaluate("document.documentElement.scrollHeight")
    assert folded < full * 0.8, (full, folded)
    first = buttons.first
    assert first.inner_text() == "Show past dates"
    assert first.get_attribute("aria-expanded") == "false"
    box = first.bounding_box()
    assert box and box["height"] >= 44
    first.click()
    assert first.get_attribute("aria-expanded") == "true"
    assert page.eval_on_selector(f"#{past[0]}-dates", "e => e.hidden") is False
    assert page.locator(f"#{past[0]}-dates .hb-cal__item").first.is_visible()
    # Marking again (as on a later visit) leaves one button per folded month, never two.
    page.evaluate("window.handbookMarkCalendars('2027-06-15')")
    assert page.locator("button.hb-cal__show").count() == len(past)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 500);
})"""


@pytest.mark.parametrize(
    ("path", "today"),
    [("calendar/", dt.date(2026, 11, 23)), ("bookkeeping/calendar/", dt.date(2026, 12, 15))],
)
def test_a_calendar_does_not_move_once_its_script_has_marked_it(
    browser: Browser, url: str, path: str, today: dt.date
) -> None:
    # Read on the build date (2026-11-23) or weeks later, the page is marked and folded for
    # the reader's date before its first paint. Marking it from a file after the paint shifted
    # the page under the reader's thumb (Lighthouse measured CLS 0.30 on /calendar/).
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.combine(today, dt.time(10)))
    page.goto(url + path)
    page.wait_for_load_state("networkidle")  # the module is loaded (a fixed clock stalls waits)
    assert page.evaluate("typeof window.handbookModules.calendar") == "function"
    dates = page.eval_on_selector_all(
        ".hb-cal__item--past .hb-cal__head time", "els => els.map(e => e.dateTime)"
    )
    assert dates and max(dates) < today.isoformat()
    assert page.locator(".hb-cal__item--next .hb-cal__badge").count() >= 3
    months = page.eval_on_selector_all(
        "ul.hb-cal", "els => els.map(e => [...e.querySelectorAll('time')].map(t => t.dateTime))"
    )
    over = [m for m in months if max(m) < today.isoformat()]
    assert page.locator("button.hb-cal__show").count() == len(over)
    assert over or today.month == 11  # November is over by December 15
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    context.close()


@pytest.fixture(scope="module")
def small_url(tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]) -> str:
    """The small firm built with MkDocs (the fold's markup, CSS and head script are shared)."""

    def make(project: Path) -> None:
        shutil.copytree(FIXTURES / "small", project)
        args = ["build", "-c", str(project / "firm.yaml"), "--today", TODAY, "-q"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output

    return serve_dir(shared_build(tmp_path_factory, "small-mkdocs", make) / "site")


def test_a_month_folded_at_build_time_opens_without_javascript(
    browser: Browser, small_url: str
) -> None:
    # The small firm's November is over by the build date: the page arrives folded.
    for scripts in (True, False):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, java_script_enabled=scripts
        )
        page = context.new_page()
        page.goto(small_url + "calendar/")
        november = page.locator("#m-2026-11-dates .hb-cal__item").first
        button = page.locator("button.hb-cal__show")
        if scripts:
            assert not november.is_visible()
            button.click()
            assert november.is_visible()
        else:  # nothing would unfold it: it is shown, without the button that would not work
            assert november.is_visible()
            assert button.count() == 1 and not button.is_visible()
        context.close()
