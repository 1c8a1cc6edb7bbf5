"""The URLs engagement letters cite: where each page lives, and links between pages."""

from __future__ import annotations

import pytest

from handbook import urls


def test_a_segments_pages_live_under_its_slug_in_reading_order() -> None:
    assert urls.SEGMENT_PAGES[0] == "index"
    assert [urls.url_path(urls.segment("tax", page)) for page in urls.SEGMENT_PAGES] == [
        "tax/",
        "tax/communication/",
        "tax/rules/",
        "tax/calendar/",
        "tax/packages/",
        "tax/faq/",
        "tax/off-track/",
        "tax/parting-ways/",
    ]


@pytest.mark.parametrize(
    ("md_path", "url"),
    [
        (urls.HOME, ""),
        (urls.PACKAGES, "packages/"),
        (urls.RULES, "rules/"),
        (urls.rules_version("2026.2"), "rules/2026.2/"),
        (urls.CALENDAR, "calendar/"),
        (urls.LEGAL, "legal/"),
    ],
)
def test_site_wide_pages_have_stable_directory_urls(md_path: str, url: str) -> None:
    assert urls.url_path(md_path) == url


def test_a_page_is_staged_as_the_index_of_its_urls_folder() -> None:
    assert urls.staged("tax/calendar.md") == "tax/calendar/index.md"
    assert urls.staged("tax/index.md") == "tax/index.md"
    assert urls.staged(urls.HOME) == "index.md"
    assert urls.staged(urls.RULES) == "rules/index.md"


def test_the_default_language_is_at_the_root_and_the_others_under_their_code() -> None:
    assert urls.language_root("en", "en") == ""
    assert urls.language_root("es", "en") == "es/"


@pytest.mark.parametrize(
    ("here", "there", "link"),
    [
        (urls.HOME, urls.segment("tax"), "tax/"),
        (urls.segment("tax"), urls.segment("tax", "rules"), "rules/"),
        (urls.segment("tax", "rules"), urls.segment("tax", "calendar"), "../calendar/"),
        (urls.segment("tax", "rules"), urls.HOME, "../../"),
        (urls.PACKAGES, urls.PACKAGES, "./"),
    ],
)
def test_links_between_pages_are_relative_directory_urls(here: str, there: str, link: str) -> None:
    assert urls.relative(here, there) == link


def test_files_of_the_site_by_relative_and_absolute_url() -> None:
    feed = urls.segment_feed("tax")
    assert feed == "tax/calendar.ics"
    assert urls.site_relative(urls.segment("tax", "calendar"), feed) == "../calendar.ics"
    assert urls.site_relative(urls.HOME, urls.segment_handout("tax")) == "tax/handbook.pdf"
    # site_url with or without its closing slash gives one URL.
    for site_url in ("https://example.github.io/handbook", "https://example.github.io/handbook/"):
        assert urls.site_file(site_url, urls.segment_qr("tax", "svg")) == (
            "https://example.github.io/handbook/tax/handbook-qr.svg"
        )
    assert urls.event_file("vat", "2026-12-20") == "calendar/events/vat-2026-12-20.ics"


def test_site_wide_page_names_cannot_be_segment_slugs() -> None:
    top_level = {urls.url_path(p).strip("/") for p in (urls.PACKAGES, urls.TEAM, urls.RULES)}
    assert top_level <= urls.RESERVED_SLUGS
    assert {"assets", "search", "calendar", "legal", "privacy"} <= urls.RESERVED_SLUGS
