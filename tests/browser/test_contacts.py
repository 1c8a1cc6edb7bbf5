"""Contacts that act (issue 23): on the home page, a welcome page and each segment's
communication page, every allowed channel with an address is a link of its kind, a tap
target of 44 x 44 px at least, and each phone number is shown in one format only."""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers
import pytest
from playwright.sync_api import Page

from handbook import urls
from handbook.i18n.contacts import reach
from handbook.input.config import load_firm
from handbook.model.communication import Channel
from tests.browser.conftest import DemoSites
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

FIRM = load_firm(ROOT / "firm.yaml")[0]
COUNTRY = FIRM.locale.country
ALLOWED = {c.slug: c for c in FIRM.communication.channels if c.allowed and c.address}


def _expected_href(channel: Channel) -> str:
    """What the data says a channel's link is, found apart from the page's own rule."""
    address = channel.address or ""
    if address.startswith("https://"):
        return address
    if "@" in address:
        return f"mailto:{address}"
    number = phonenumbers.parse(address, COUNTRY)
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _segment_channels(slug: str) -> list[str]:
    segment = next(s for s in FIRM.segments if s.slug == slug)
    own = segment.communication.channels
    return [c for c in (own if own is not None else ALLOWED) if c in ALLOWED]


# Every link that calls or writes, and every button of the content: its size.
_TARGETS = """() => [...document.querySelectorAll(
    '.md-content a[href^="tel:"], .md-content a[href^="mailto:"], .md-content a.hb-action')]
  .filter(a => a.getClientRects().length)
  .map(a => { const r = a.getBoundingClientRect();
    return {href: a.getAttribute('href'), w: r.width, h: r.height}; })"""


def _check_page(page: Page) -> list[dict[str, object]]:
    """Check what every page with contacts must hold; return its call and write links."""
    targets: list[dict[str, object]] = page.evaluate(_TARGETS)
    assert targets
    small = [t for t in targets if min(float(str(t["w"])), float(str(t["h"]))) < 44]
    assert small == [], small
    for target in targets:
        href = str(target["href"])
        if href.startswith("tel:"):
            assert re.fullmatch(r"tel:\+[1-9]\d{6,14}", href), href
    # One format a number: every way the page writes a number it dials is the same.
    text = page.locator("body").inner_text()
    shown: dict[str, set[str]] = {}
    for match in phonenumbers.PhoneNumberMatcher(text, COUNTRY):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        shown.setdefault(e164, set()).add(match.raw_string)
    assert shown and all(len(forms) == 1 for forms in shown.values()), shown
    return targets


@pytest.fixture(scope="module")
def phone(tab: Callable[[int, int], Page]) -> Page:
    return tab(390, 844)


def test_home_page_calls_writes_and_opens_the_portal(
    demo_sites: DemoSites, engine: str, phone: Page
) -> None:
    phone.goto(demo_sites.url(engine), wait_until="load")
    targets = _check_page(phone)
    links = {str(t["href"]) for t in targets}
    number = reach(FIRM.firm.phone or "", COUNTRY)
    assert number is not None and number.href in links
    assert f"mailto:{FIRM.firm.email}" in links
    portal = next(c for c in ALLOWED.values() if c.kind == "portal")
    actions = phone.locator(".hb-actions a.hb-action")
    assert portal.address in [a.get_attribute("href") for a in actions.all()]
    assert number.display in phone.locator(f'.hb-actions a[href="{number.href}"]').inner_text()


def test_welcome_page_contact_acts(demo_sites: DemoSites, engine: str, phone: Page) -> None:
    path = urls.url_path(urls.segment(FIRM.segments[0].slug))
    phone.goto(demo_sites.url(engine) + path, wait_until="load")
    targets = _check_page(phone)
    card = phone.locator(".hb-person").first
    assert card.locator('a[href^="tel:"]').count() == 1
    assert card.locator('a[href^="mailto:"]').count() == 1
    assert len(targets) >= 2


@pytest.mark.parametrize("slug", [s.slug for s in FIRM.segments])
def test_communication_page_channels_act(
    demo_sites: DemoSites, engine: str, phone: Page, slug: str
) -> None:
    url = demo_sites.url(engine) + urls.url_path(urls.segment(slug, "communication"))
    phone.goto(url, wait_until="load")
    _check_page(phone)
    for channel_slug in _segment_channels(slug):
        card = phone.locator(f"#channel-{channel_slug}")
        link = card.locator("a.hb-action")
        assert link.count() == 1, channel_slug
        assert link.get_attribute("href") == _expected_href(ALLOWED[channel_slug])
    for channel in FIRM.communication.channels:
        if not channel.allowed:
            card = phone.locator(f"#channel-{channel.slug}")
            assert card.locator("a").count() == 0
            assert "We do not answer messages sent this way." in card.inner_text()
            assert "Use it?" not in card.inner_text()
