"""The "Take it with you" section: the PDF download and the QR code, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from handbook.engines import ENGINES
from tests.browser.conftest import DemoSites

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_url(demo_sites: DemoSites) -> str:
    return demo_sites.url(ENGINES[0])


def test_download_gives_the_segment_pdf_under_a_readable_name(
    browser: Browser, demo_url: str
) -> None:
    page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 900})
    try:
        page.goto(demo_url + "payroll/")
        assert page.locator(".hb-handout__qr").is_visible()
        with page.expect_download() as info:
            page.get_by_role("link", name="Download the PDF").click()
        download = info.value
        assert download.suggested_filename == "Harbor & Pine Accounting - Payroll clients.pdf"
        assert Path(download.path()).read_bytes().startswith(b"%PDF-")
        assert download.url == demo_url + "payroll/handbook.pdf"
    finally:
        page.close()


def test_phones_get_the_download_but_not_the_qr_code(browser: Browser, demo_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    try:
        page.goto(demo_url + "payroll/")
        assert page.get_by_role("link", name="Download the PDF").is_visible()
        assert not page.locator(".hb-handout__qr").is_visible()
        assert not page.locator(".hb-handout__scan").is_visible()
    finally:
        page.close()
