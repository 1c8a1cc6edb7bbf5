"""What a firm must say: legal identity, privacy, VAT, per-segment promises, notice periods."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import build_project
from tests.test_handbook import _text
from tests.test_handouts import pdf_text

LEGAL = """  legal:
    form: spółka z ograniczoną odpowiedzialnością
    ids: {NIP: 526-104-08-28, KRS: "0000123456", REGON: "123456785"}
    registry: Sąd Rejonowy dla m.st. Warszawy, XII Wydział Gospodarczy KRS
    share_capital: 5000
"""


def _edit(project: Path, *pairs: tuple[str, str]) -> Path:
    path = project / "firm.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def _page(site: Path, path: str) -> str:
    return html.unescape(_text((site / path).read_text(encoding="utf-8")))


def test_legal_identity_in_the_footer_and_a_legal_notice(small: Path) -> None:
    _edit(small, ("  email: biuro@nowak.example\n", "  email: biuro@nowak.example\n" + LEGAL))
    site = build_project(small)
    for page in ("index.html", "books/index.html", "legal/index.html"):
        # The footer's numbers sit in spans of their own (never broken): read up to its end.
        after = (site / page).read_text().split('class="hb-footer"')[1]
        footer = _text(after.split("</footer>")[0].split("</div>")[0])
        assert "NIP 526-104-08-28 · KRS 0000123456 · REGON 123456785" in footer, page
    notice = _page(site, "legal/index.html")
    for row in (
        "Name Nowak & Daughters",
        "Legal form spółka z ograniczoną odpowiedzialnością",
        "KRS 0000123456",
        "Registered office ul. Prosta 1, 00-850 Warszawa",
        "Registry Sąd Rejonowy dla m.st. Warszawy, XII Wydział Gospodarczy KRS",
        "Share capital PLN 5,000",
        "Contact biuro@nowak.example · 22 555 01 00",
    ):
        assert row in notice, row
    assert "How this website handles your data" in notice
    nav = (site / "index.html").read_text()
    assert 'href="legal/"' in nav and 'href="privacy/"' in nav


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (
            "{NIP: 526-104-08-29}",
            "NIP '526-104-08-29' is not valid (the number's checksum or "
            "check digit is invalid); e.g. 526-104-08-28",
        ),
        ("{KRS: '12345'}", "KRS '12345' is not valid (it has ten digits); e.g. 0000123456"),
        ("{NIF: X}", "NIF 'X' is not valid"),
        ("{SSN: 1}", "legal.ids.SSN"),
    ],
)
def test_a_wrong_tax_number_is_a_located_error(
    run: Callable[..., Result], small: Path, ids: str, message: str
) -> None:
    path = _edit(
        small,
        ("  email: biuro@nowak.example\n", f"  email: x@nowak.example\n  legal:\n    ids: {ids}\n"),
    )
    result = run("check", "-c", path)
    assert result.exit_code == 1
    assert "firm.yaml:8:" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_the_privacy_page_says_what_the_site_does(built_demo: Path) -> None:
    site = built_demo / "site"
    page = _page(site, "privacy/index.html")
    assert "It sets no cookies." in page
    assert "It has no analytics and no tracking." in page
    assert "nothing from the video service until you press play" in page
    html = (site / "privacy" / "index.html").read_text()
    assert '<a href="https://policies.google.com/privacy">YouTube</a>' in html
    assert "Privacidad en esta web" in (site / "es" / "privacy" / "index.html").read_text()
    assert "Nie zapisuje żadnych plików cookie." in _page(site, "pl/privacy/index.html")


def test_prices_say_vat_and_never_claim_more_than_the_data(small: Path) -> None:
    _edit(
        small,
        (
            "    price: {amount: 800, period: month}",
            "    price: {amount: 800, period: month, vat: excluded, vat_rate: 23}",
        ),
        (
            "    price: {amount: 1499.5, period: quarter, starting_from: true}",
            "    price: {amount: 1499.5, period: quarter, starting_from: true, vat: included}",
        ),
    )
    page = _page(build_project(small), "packages/index.html")
    assert "PLN 800 per month + 23% VAT" in page
    assert "from PLN 1,499.50 per quarter incl. VAT" in page
    assert "fixed" not in page.lower()


def test_a_vat_rate_needs_a_vat_treatment(run: Callable[..., Result], small: Path) -> None:
    path = _edit(small, ("period: month}", "period: month, vat_rate: 23}"))
    result = run("check", "-c", path)
    assert result.exit_code == 1
    assert "vat_rate needs vat: excluded (added on top) or included" in result.output


def test_a_segment_has_its_own_promises_and_channels(small: Path) -> None:
    _edit(
        small,
        (
            "    relationship: automated\n",
            "    relationship: automated\n    communication:\n"
            "      answer: {within: 5, unit: business_days}\n      channels: [portal]\n",
        ),
    )
    site = build_project(small)
    own = _page(site, "self-service/communication/index.html")
    other = _page(site, "books/communication/index.html")
    assert "within 5 business days" in own and "within 5 business days" not in other
    assert "within 2 business days" in other
    office = re.search(
        r'id="hb-office">(.*?)</script>',
        (site / "self-service/communication/index.html").read_text(),
    )
    assert office and json.loads(office.group(1))["answer"]["within"] == 5
    handout = pdf_text(site / "self-service" / "handbook.pdf")
    assert "within 5 business days" in handout


def test_a_segment_channel_must_be_an_allowed_one(run: Callable[..., Result], small: Path) -> None:
    path = _edit(
        small,
        (
            "    relationship: automated\n",
            "    relationship: automated\n    communication:\n      channels: [sms]\n",
        ),
    )
    result = run("check", "-c", path)
    assert result.exit_code == 1
    assert (
        "segments[1].communication.channels[0]: no allowed channel 'sms'; known: portal"
        in result.output
    )


def test_notice_periods_can_differ(run: Callable[..., Result], small: Path) -> None:
    _edit(small, ("  notice_days: 30\n", "  client_notice_days: 30\n  firm_notice_days: 60\n"))
    page = _page(build_project(small), "parting-ways/index.html")
    assert "You can end the engagement with 30 days' written notice" in page
    assert "If we end the engagement, we give you 60 days' written notice." in page
    assert "Either of us" not in page
    path = _edit(small, ("  firm_notice_days: 60\n", ""))
    result = run("check", "-c", path)
    assert result.exit_code == 1
    assert (
        "give notice_days (both sides), or client_notice_days and firm_notice_days" in result.output
    )


def test_one_day_is_singular(small: Path) -> None:
    _edit(
        small, ("  notice_days: 30\n", "  notice_days: 1\n"), ("within_days: 14", "within_days: 1")
    )
    page = _page(build_project(small), "parting-ways/index.html")
    assert "with 1 day's written notice" in page and "within 1 day." in page


def test_the_welcome_heading_reads_naturally(built_demo: Path) -> None:
    site = built_demo / "site"
    headings = {
        "bookkeeping/index.html": "Monthly bookkeeping clients: your handbook",
        "es/bookkeeping/index.html": ": su guía",
        "pl/bookkeeping/index.html": ": Państwa przewodnik",
    }
    for page, text in headings.items():
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", (site / page).read_text(), re.S)
        assert h1 and text in _text(h1.group(1)) and "Welcome," not in h1.group(1), page


def test_the_firms_own_privacy_notice_opens_the_privacy_page(
    run: Callable[..., Result], small: Path
) -> None:
    result = run("build", "-c", small / "firm.yaml", "--today", "2026-11-23")
    assert result.exit_code == 0 and "replaces the generated page" not in result.output
    article = (small / "site" / "privacy" / "index.html").read_text().split("<article")[1]
    page = html.unescape(_text(article))
    assert page.index("We keep your records for five years.") < page.index("What this website does")
    assert "It sets no cookies." in page
