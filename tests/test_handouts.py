"""What an engagement letter points at: PDF handouts, QR codes and the letter clause."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from click.testing import Result
from PIL import Image

from handbook.i18n.translator import Translator
from handbook.input.config import load_firm
from handbook.memo import default_folder
from tests.conftest import ROOT, TODAY, build_project

BASE = "https://harborpine.github.io/handbook/"
Run = Callable[..., Result]


@pytest.fixture(scope="module")
def demo_site(built_demo: Path) -> Path:
    return built_demo / "site"


def pdf_text(pdf: Path) -> str:
    """Extract a PDF's text with poppler's pdftotext, lines joined into one spaced string."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in out.stdout.splitlines())
    }


def plain(markdown: str) -> str:
    """Drop Markdown emphasis, as the PDF shows it as bold."""
    return markdown.replace("**", "").replace("*", "")


@pytest.mark.parametrize("slug", ["bookkeeping", "tax", "payroll", "advisory"])
def test_handout_has_rules_communication_deadlines_contacts_and_url(
    demo_site: Path, slug: str
) -> None:
    firm, _ = load_firm(demo_site.parent / "firm.yaml")
    en = Translator("en").text
    segment = next(s for s in firm.segments if s.slug == slug)
    pdf = demo_site / slug / "handbook.pdf"
    text = pdf_text(pdf)
    assert en(segment.name) in text
    assert "482 Atlantic Avenue, Suite 3 Brooklyn, NY 11217" in text  # a US envelope's order
    assert "Version 2026.2, effective September 1, 2026" in text
    for rule in firm.rules.rules:
        assert " ".join(plain(en(rule.text)).split()) in text, rule.slug
    assert "We acknowledge every message by the end of the next business day." in text
    # The segment's own channels (the tax segment names two), then the refused ones.
    own = segment.communication.channels
    for channel in firm.communication.channels:
        shown = not channel.allowed or own is None or channel.slug in own
        assert (" ".join(en(channel.name).split()) in text) == shown, (slug, channel.slug)
    contact = {m.slug: m for m in firm.team}[segment.contact or firm.onboarding.contact]
    assert contact.name in text and str(contact.email) in text
    deadlines = {d.slug: d for d in firm.deadlines}
    for name in (en(deadlines[d].name) for d in segment.deadlines):
        assert name in text
    if segment.deadlines:
        assert "Dates are listed until February 23, 2028." in text
    assert f"{BASE}{slug}/" in text
    info = pdf_info(pdf)
    assert info["Page size"].endswith("(letter)"), info  # a US firm prints on Letter
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Harbor & Pine Accounting: {en(segment.name)} handbook"


def test_handout_lists_only_upcoming_dates_and_marks_moved_ones(demo_site: Path) -> None:
    text = pdf_text(demo_site / "bookkeeping" / "handbook.pdf")
    # Nov 10, 2026 has passed on the build date (Nov 23); Dec 10 has not.
    assert "Nov 10, 2026" not in text and "Dec 10, 2026" in text
    # Receipts are due on the 5th; Dec 5, 2026 is a Saturday, so the date moved to Dec 7.
    assert "Dec 7, 2026*" in text and "Moved off a weekend" in text


@pytest.mark.parametrize(
    ("language", "closed", "closure"),
    [
        (
            "",
            "Saturday: closed",
            "December 26 – December 31, 2026: Year-end closure (we finish your year-end work)",
        ),
        ("pl/", "Sobota: nieczynne", "26–31 grudnia 2026 r.: Przerwa na koniec roku"),
    ],
)
def test_handout_says_closed_days_and_closures_each_in_one_sentence(
    demo_site: Path, language: str, closed: str, closure: str
) -> None:
    text = pdf_text(demo_site / language / "bookkeeping" / "handbook.pdf")
    assert closed in text and closure in text
    # A closure's name may hold brackets: its dates are never put in brackets after it.
    assert ") (" not in text and "))" not in text


def test_handout_is_a4_and_addressed_as_in_poland_for_a_polish_firm(small: Path) -> None:
    firm_yaml = small / "firm.yaml"
    firm_yaml.write_text(
        firm_yaml.read_text().replace(
            '    postal_code: "00-850"\n',
            '    postal_code: "00-850"\n    region: mazowieckie\n    country: PL\n',
        )
    )
    site = build_project(small)
    pdf = site / "books" / "handbook.pdf"
    info = pdf_info(pdf)
    assert info["Page size"].endswith("(A4)"), info
    # Polish order, postal code before the city, no province, no country at home.
    assert "ul. Prosta 1 00-850 Warszawa" in pdf_text(pdf)
    assert "mazowieckie" not in pdf_text(pdf) and "Poland" not in pdf_text(pdf)


def test_unchanged_handouts_are_reused_and_changed_ones_rendered(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    config = small / "firm.yaml"

    def build() -> str:
        result = run("build", "-c", config, "--today", TODAY)
        assert result.exit_code == 0, result.output
        return result.output

    assert "2 PDF handouts (2 rendered, 0 reused)" in build()
    first = (small / "site" / "books" / "handbook.pdf").read_bytes()
    assert "2 PDF handouts (0 rendered, 2 reused)" in build()
    assert (small / "site" / "books" / "handbook.pdf").read_bytes() == first
    # The VAT deadline is only in the books handbook: only that PDF is rendered again.
    config.write_text(config.read_text().replace("name: VAT documents", "name: VAT invoices"))
    assert "2 PDF handouts (1 rendered, 1 reused)" in build()
    assert "VAT invoices" in pdf_text(small / "site" / "books" / "handbook.pdf")
    # The answer time is in both.
    config.write_text(config.read_text().replace("answer: {within: 2,", "answer: {within: 4,"))
    assert "2 PDF handouts (2 rendered, 0 reused)" in build()
    assert "within 4 business days" in pdf_text(small / "site" / "self-service" / "handbook.pdf")
    assert len(list((tmp_path / "cache" / "handouts").glob("*.pdf"))) == 5  # kept 30 days


def decode_qr(image: Image.Image) -> list[str]:
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


@pytest.mark.parametrize("slug", ["bookkeeping", "tax", "payroll", "advisory"])
def test_qr_codes_decode_to_the_segment_handbook(
    demo_site: Path, slug: str, tmp_path: Path
) -> None:
    url = f"{BASE}{slug}/"
    with Image.open(demo_site / slug / "handbook-qr.png") as png:
        assert decode_qr(png) == [url]
    svg = (demo_site / slug / "handbook-qr.svg").read_text()
    assert svg.startswith("<svg") and f"<title>{url}</title>" in svg
    # The handout embeds the SVG one: rasterise its first page and read the code there.
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
         str(demo_site / slug / "handbook.pdf"), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    with Image.open(next(tmp_path.glob("page*.png"))) as page:
        assert decode_qr(page) == [url]


def test_handbook_page_offers_the_pdf_and_the_qr_code(demo_site: Path) -> None:
    html = (demo_site / "bookkeeping" / "index.html").read_text()
    link = re.search(
        r'<a class="md-button md-button--primary" href="([^"]+)" download="([^"]+)"', html
    )
    assert link and link.group(1) == "handbook.pdf", html
    assert link.group(2) == "Harbor &amp; Pine Accounting - Monthly bookkeeping clients.pdf"
    assert "Download the PDF" in html
    assert '<img class="hb-handout__qr" src="handbook-qr.svg"' in html


@pytest.mark.parametrize("slug", ["bookkeeping", "tax", "payroll", "advisory"])
def test_letter_clause_cites_the_frozen_rules_and_the_segment_urls(
    run: Run, demo: Path, demo_site: Path, slug: str
) -> None:
    result = run("links", "--letter", slug, "--allow-placeholders", "-c", demo / "firm.yaml")
    assert result.exit_code == 0, result.output
    clause = result.output.strip()
    assert "\n" not in clause  # one paragraph, pasted into a letter as it is
    assert clause.startswith(
        "The Rules of Engagement of Harbor & Pine Accounting, PLLC, version 2026.2, effective "
        "September 1, 2026, are incorporated into this engagement letter by reference"
    )
    urls = re.findall(r"https://\S+?/(?=[ ,.]|$)", clause)
    assert urls == [f"{BASE}rules/2026.2/", f"{BASE}{slug}/", f"{BASE}{slug}/calendar/"]
    for url in urls:
        assert (demo_site / url.removeprefix(BASE) / "index.html").is_file()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Las Normas de colaboración de Nowak & Daughters, versión 2026.1, "
               "con efectos desde el 1 de marzo de 2026, se incorporan"),
        # The firm's name stays in the nominative, after "firmy" ("Zasady współpracy
        # Nowak & Daughters" would need a genitive that a firm-given name cannot take).
        ("pl", "Zasady współpracy firmy Nowak & Daughters w wersji 2026.1, "
               "obowiązującej od dnia 1 marca 2026\u00a0r."),
        ("ca", "Les Normes de col·laboració aprovades per Nowak & Daughters (versió 2026.1, "
               "en vigor des del dia 1 de març del 2026)"),
    ],
)  # fmt: skip
def test_letter_clause_is_in_the_site_language(
    run: Run, small: Path, language: str, expected: str
) -> None:
    config = small / "firm.yaml"
    config.write_text(config.read_text().replace("language: en", f"language: {language}"))
    result = run("links", "--letter", "books", "--allow-placeholders", "-c", config)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(expected), result.output
    assert "https://nowak.example/handbook/rules/2026.1/" in result.output


def test_letter_for_an_unknown_segment_or_language_says_what_exists(run: Run, demo: Path) -> None:
    config = demo / "firm.yaml"
    result = run("links", "--letter", "payrol", "-c", config)
    assert result.exit_code == 1
    assert "no segment 'payrol'; segments: bookkeeping, tax, payroll, advisory" in result.output
    result = run("links", "--letter", "tax", "--language", "ca", "-c", config)
    assert result.exit_code == 1 and "not built in 'ca'; languages: en, es, pl" in result.output
    result = run("links", "--letter", "tax", "--json", "-c", config)
    assert result.exit_code == 1 and "choose one of --json, --csv and --letter" in result.output


def test_weasyprint_warnings_about_a_firm_stylesheet_are_shown(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    (small / "templates").mkdir()
    bundled = (ROOT / "templates" / "handout.css").read_text()
    (small / "templates" / "handout.css").write_text(bundled + "h1 { colr: red; }\n")
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "handout.html.j2 (books/handbook.pdf): Ignored `colr: red`" in result.output


def test_a_broken_handout_template_names_its_line_and_keeps_the_site(run: Run, small: Path) -> None:
    site = build_project(small)
    before = (site / "books" / "handbook.pdf").read_bytes()
    (small / "templates").mkdir()
    (small / "templates" / "handout.html.j2").write_text("<p>\n{{ segment.nme.upper() }}\n")
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 1
    assert re.search(r"templates/handout\.html\.j2:2: .*'nme'", result.output), result.output
    assert (site / "books" / "handbook.pdf").read_bytes() == before


def test_without_weasyprint_the_build_says_what_to_install(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be imported
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 1
    assert "PDF handouts need WeasyPrint and the Pango library" in result.output
    assert "apt install libpango-1.0-0" in result.output
    assert not (small / "site").exists()


def _images(pdf: Path) -> list[str]:
    """List the raster images embedded in a PDF (poppler's pdfimages), one line each."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    return out.stdout.splitlines()[2:]


def test_no_file_from_outside_the_project_reaches_a_handout(
    run: Run, small: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "outside.png"
    Image.new("RGB", (40, 40), "red").save(secret)
    # An SVG logo that points at a file outside is refused when firm.yaml is checked...
    logo = small / "assets" / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        f'<image width="24" height="24" href="{secret.as_uri()}"/></svg>'
    )
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 1
    assert "firm.branding.logo: assets/logo.svg:1: <image> refers to 'file://" in result.output
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>')
    # ...and if a firm's own handout template asks for one, WeasyPrint may not fetch it.
    template = (ROOT / "templates" / "handout.html.j2").read_text()
    images = f'<img src="{secret.as_uri()}" alt=""><img src="http://127.0.0.1:9/x.png" alt="">'
    (small / "templates").mkdir()
    (small / "templates" / "handout.html.j2").write_text(
        template.replace("<body>", "<body>" + images, 1)
    )
    result = run("build", "-c", small / "firm.yaml", "--today", TODAY)
    assert result.exit_code == 0, result.output
    pdfs = sorted((small / "site").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert _images(pdf) == [], pdf
    assert "disallowed protocol" in result.output  # WeasyPrint was refused, and said so


def test_a_cached_pdf_that_is_a_link_is_rendered_again_never_published(
    run: Run, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cached PDF linked to a secret must not be published (tests/test_cache.py: the rest).
    monkeypatch.delenv("HANDBOOK_CACHE_DIR", raising=False)
    config = small / "firm.yaml"
    assert run("build", "-c", config, "--today", TODAY).exit_code == 0
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"HOSTILE-SECRET-7d41")
    cached = sorted((default_folder(small) / "handouts").glob("*.pdf"))[0]
    cached.unlink()
    cached.symlink_to(secret)
    result = run("build", "-c", config, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "2 PDF handouts (1 rendered, 1 reused)" in result.output
    for pdf in (small / "site").rglob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and b"HOSTILE-SECRET" not in data
    assert not cached.is_symlink() and secret.read_bytes() == b"HOSTILE-SECRET-7d41"
