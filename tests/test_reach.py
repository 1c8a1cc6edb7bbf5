"""Contacts that act: what link an address makes, numbers in sentences, and the pages' output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.i18n.contacts import Phone, Reach, phone_spans, reach


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "https://portal.harborpine.example/",
            Reach("url", "https://portal.harborpine.example/", "portal.harborpine.example"),
        ),
        (
            "hello@harborpine.example",
            Reach("mailto", "mailto:hello@harborpine.example", "hello@harborpine.example"),
        ),
        ("+1 718 555 0142", Reach("tel", "tel:+17185550142", "(718)\u00a0555-0142")),
        ("(718) 555-0142", Reach("tel", "tel:+17185550142", "(718)\u00a0555-0142")),
        (
            "+48 12 345 67 89",
            Reach("tel", "tel:+48123456789", "+48\u00a012\u00a0345\u00a067\u00a089"),
        ),
        ("front desk", None),
        ("Atlantic Avenue 482", None),
    ],
)
def test_an_address_makes_the_link_of_its_kind(address: str, expected: Reach | None) -> None:
    assert reach(address, "US") == expected


def test_a_number_in_a_sentence_is_found_and_formatted() -> None:
    text = "If you heard nothing, call us at +1 718 555 0142 and we will find it."
    assert phone_spans(text, "US") == [
        ("If you heard nothing, call us at ", None),
        # The number shown keeps together: no-break spaces.
        ("+1 718 555 0142", Phone("(718)\u00a0555-0142", "+17185550142")),
        (" and we will find it.", None),
    ]
    assert phone_spans("No number here.", "US") == [("No number here.", None)]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_demo_pages_dial_and_show_one_format(built_demo: Path) -> None:
    site = built_demo / "site"
    page = (site / "tax" / "communication" / "index.html").read_text()
    assert '<a class="hb-tel" href="tel:+17185550142">(718)\u00a0555-0142</a>' in page
    assert "+1 718 555 0142" not in _text(page)
    # Business hours: a run of days alike is one row.
    spaced = re.sub("[\u2009\u202f]", " ", page)
    assert "<dt>Monday–Thursday</dt><dd>9:00 AM – 5:00 PM</dd>" in spaced
    assert "Use it?" not in page
    home = (site / "index.html").read_text()
    for href in (
        "tel:+17185550142",
        "mailto:hello@harborpine.example",
        "https://portal.harborpine.example",
    ):
        assert f'href="{href}"' in home
    packages = (site / "packages" / "index.html").read_text()
    assert packages.count('<table class="hb-matrix">') == 1
    assert packages.count('class="hb-package"') == 6
