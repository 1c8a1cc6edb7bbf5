"""The handbook pages a client reads, and `handbook links`, built from firm.yaml."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from handbook import urls
from tests.conftest import TODAY

Run = Callable[..., Result]


def _build(run: Run, project: Path, *extra: str) -> Path:
    result = run("build", "-c", project / "firm.yaml", "--today", TODAY, "-q", *extra)
    assert result.exit_code == 0, result.output
    return project / "site"


def _text(html: str) -> str:
    """Reduce HTML to its visible words, for asserting sentences."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "firm.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_every_segment_of_the_demo_has_every_page(built_demo: Path) -> None:
    site = built_demo / "site"
    segments = ["bookkeeping", "tax", "payroll", "advisory"]
    pages = [
        *(f"{s}/{p}/" if p != "index" else f"{s}/" for s in segments for p in urls.SEGMENT_PAGES),
        "packages/",
        "quiz/",
        "team/",
        "parting-ways/",
        "rules/",
        "rules/2026.2/",
        "rules/2025.1/",
        "calendar/",
    ]
    missing = [p for p in pages if not (site / p / "index.html").is_file()]
    assert missing == []


def test_welcome_page_has_contact_calls_systems_and_first_days(built_demo: Path) -> None:
    site = built_demo / "site"
    page = _text((site / "bookkeeping" / "index.html").read_text())
    assert "Daniel Okafor" in page and "Senior bookkeeper" in page
    kick_off, walkthrough, review = (
        page.find(n) for n in ("Kick-off call", "Systems walk-through", "First-month review")
    )
    assert 0 < kick_off < walkthrough < review
    assert "Receipt capture app" in page
    html = (site / "bookkeeping" / "index.html").read_text()
    assert 'aria-label="Watch how: How do I set up the receipt app?">Watch how</a>' in html
    assert "Your first 30 days" in page


def test_sla_sentence_follows_firm_yaml(run: Run, small: Path) -> None:
    page = small / "site" / "books" / "communication" / "index.html"
    _build(run, small)
    assert "We acknowledge every message by the end of the next business day." in _text(
        page.read_text()
    )
    _edit(
        small,
        "acknowledge: {within: 1, unit: business_days}",
        "acknowledge: {within: 4, unit: business_hours}",
    )
    _build(run, small)
    assert "We acknowledge every message within 4 business hours." in _text(page.read_text())


def test_disallowed_channel_is_marked_no(run: Run, small: Path) -> None:
    page = small / "site" / "books" / "communication" / "index.html"
    _build(run, small)
    row = re.search(
        r'<li class="hb-channel hb-channel--(\w+)" id="channel-portal">', page.read_text()
    )
    assert row and row.group(1) == "allowed"
    _edit(small, "name: Portal\n      allowed: true", "name: Portal\n      allowed: false")
    _build(run, small)
    html = page.read_text()
    row = re.search(
        r'<li class="hb-channel hb-channel--(\w+)" id="channel-portal">(.*?)</li>', html, re.S
    )
    assert row and row.group(1) == "refused"
    assert "We do not answer messages sent this way." in row.group(2)
    assert "href=" not in row.group(2)


def test_package_price_follows_firm_yaml(run: Run, small: Path) -> None:
    _edit(small, "price: {amount: 800, period: month}", "price: {amount: 950, period: year}")
    site = _build(run, small)
    for page in ("books/packages/index.html", "packages/index.html"):
        html = (site / page).read_text()
        assert "PLN\u00a0950 per year" in html and "PLN\u00a0800" not in html


def test_new_rules_version_keeps_the_old_one_at_its_url(run: Run, small: Path) -> None:
    _build(run, small)
    first = (small / "site" / "rules" / "2026.1" / "index.html").read_text()
    assert "Version 2026.1, effective March 1, 2026" in first
    _edit(
        small,
        'rules:\n  version: "2026.1"\n  effective: 2026-03-01\n',
        'rules:\n  version: "2026.2"\n  effective: 2026-10-01\n  changes: [Faster answers.]\n'
        '  earlier:\n    - version: "2026.1"\n      effective: 2026-03-01\n'
        "      rules:\n        - slug: portal-first\n          text: Use the portal.\n"
        "          benefit: Faster books.\n",
    )
    site = _build(run, small)
    current = _text((site / "books" / "rules" / "index.html").read_text())
    assert "Version 2026.2, effective October 1, 2026" in current
    old = _text((site / "rules" / "2026.1" / "index.html").read_text())
    assert "in effect from March 1, 2026 through September 30, 2026" in old  # not a day twice
    assert "Read the current version (2026.2)" in old
    index = _text((site / "rules" / "index.html").read_text())
    assert "Version 2026.1, effective March 1, 2026" in index and "Faster answers." in index


def test_rule_markdown_is_formatted_but_cannot_inject(run: Run, small: Path) -> None:
    hostile = (
        "Use the **portal**, <script>x()</script> <em>now</em> [a](javascript:alert(1)) "
        "[b](https://portal.example/help) ![t](https://tracker.example/p.png)\n\n"
        "- [p]: javascript:alert(2)\n\n[p] [c](java\nscript:alert(3)) [](javascript:alert(4))"
    )
    _edit(small, "text: Use the portal.", f"text: {json.dumps(hostile)}")
    site = _build(run, small)
    html = (site / "rules" / "index.html").read_text()
    rule = html[html.index('<div class="hb-rule__text">') :]
    rule = rule[: rule.index("</div>")]
    assert "<strong>portal</strong>" in rule
    assert "&lt;script&gt;x()&lt;/script&gt; &lt;em&gt;now&lt;/em&gt;" in rule
    assert '<a href="https://portal.example/help" rel="noopener noreferrer">b</a>' in rule
    assert re.findall(r"href=\"([^\"]*)\"", rule) == ["https://portal.example/help"]
    assert "tracker.example" not in html and "<img" not in rule


def test_reserved_segment_slug_is_an_error(run: Run, small: Path) -> None:
    _edit(small, "  - slug: self-service", "  - slug: team")
    result = run("check", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert "segments[1].slug: 'team' is a site-wide page; avoid:" in result.output


def test_links_json_has_the_documented_shape(run: Run, demo: Path) -> None:
    result = run("links", "--json", "-c", demo / "firm.yaml")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    base = "https://harborpine.github.io/handbook/"
    assert data["site_url"] == base and data["languages"] == ["en", "es", "pl"]
    assert data["home"] == base
    for key, path in (
        ("packages", "packages/"),
        ("quiz", "quiz/"),
        ("team", "team/"),
        ("offboarding", "parting-ways/"),
    ):
        assert data[key] == base + path
    first = data["segments"][0]
    letter = first.pop("letter")
    assert letter.startswith("The Rules of Engagement of Harbor & Pine Accounting, PLLC")
    assert letter.endswith(
        f"the calendar of what we need from you and when is at {base}bookkeeping/calendar/."
    )
    assert first == {
        "slug": "bookkeeping",
        "name": "Monthly bookkeeping clients",
        "language": "en",
        "handbook": base + "bookkeeping/",
        "rules": base + "rules/2026.2/",
        "rules_version": "2026.2",
        "rules_effective": "2026-09-01",
        "communication": base + "bookkeeping/communication/",
        "calendar": base + "bookkeeping/calendar/",
        "ics": base + "bookkeeping/calendar.ics",
        "faq": base + "bookkeeping/faq/",
        "packages": base + "bookkeeping/packages/",
        "pdf": base + "bookkeeping/handbook.pdf",
        "qr_svg": base + "bookkeeping/handbook-qr.svg",
        "qr_png": base + "bookkeeping/handbook-qr.png",
    }
    slugs = ["bookkeeping", "tax", "payroll", "advisory"]
    assert [(s["slug"], s["language"]) for s in data["segments"]] == [
        (slug, language) for language in ("en", "es", "pl") for slug in slugs
    ]


def test_every_linked_url_exists_in_the_built_site(run: Run, built_demo: Path) -> None:
    site = built_demo / "site"
    data = json.loads(run("links", "--json", "-c", built_demo / "firm.yaml").output)
    found = [v for k, v in data.items() if isinstance(v, str) and v.startswith("http")]
    found += [v for s in data["segments"] for v in s.values() if v.startswith("http")]
    for url in found:
        path = url.removeprefix(data["site_url"])
        target = (
            site / path
            if path.endswith((".ics", ".pdf", ".svg", ".png"))
            else site / path / "index.html"
        )
        assert target.is_file(), url


def test_links_csv_has_a_header_and_a_row_per_segment(run: Run, demo: Path) -> None:
    result = run("links", "--csv", "-c", demo / "firm.yaml")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 12  # a row per segment and language
    assert {r["handbook"] for r in rows if r["language"] == "pl" and r["slug"] == "tax"} == {
        "https://harborpine.github.io/handbook/pl/tax/"
    }
    rows = [r for r in rows if r["language"] == "en"]
    assert [r["slug"] for r in rows] == ["bookkeeping", "tax", "payroll", "advisory"]
    assert rows[1]["handbook"] == "https://harborpine.github.io/handbook/tax/"
    assert rows[1]["rules_version"] == "2026.2"
    tax = run("links", "--letter", "tax", "--allow-placeholders", "-c", demo / "firm.yaml").output
    assert rows[1]["letter"] == tax.strip()  # the clause, ready for mail merge


def test_links_text_and_missing_site_url(run: Run, small: Path) -> None:
    result = run("links", "-c", small / "firm.yaml")
    assert "  Handbook: https://nowak.example/handbook/books/" in result.output
    (small / "mkdocs.yml").write_text("site_name: x\n")
    result = run("links", "-c", small / "firm.yaml")
    assert result.exit_code == 1
    assert "mkdocs.yml has no site_url" in result.output


@pytest.mark.parametrize(("choices", "expected"), [((0, 0), "basic"), ((1, 1), "plus")])
def test_python_recommendation_rule(small: Path, choices: tuple[int, int], expected: str) -> None:
    import datetime as dt

    from handbook.input.config import load_firm
    from handbook.pages.site import Site
    from tests.quiz_rule import recommend

    text = (small / "firm.yaml").read_text() + (
        "quiz:\n"
        "  - slug: staff\n    text: Do you have staff?\n    answers:\n"
        "      - {text: 'No', weights: {basic: 2}}\n      - {text: 'Yes', weights: {plus: 3}}\n"
        "  - slug: size\n    text: How big?\n    answers:\n"
        "      - {text: Small, weights: {basic: 1}}\n      - {text: Big, weights: {plus: 1}}\n"
    )
    (small / "firm.yaml").write_text(text)
    firm, _ = load_firm(small / "firm.yaml")
    site = Site(firm=firm, build_date=dt.date(2026, 11, 23), language="en")
    pick = recommend(site.tr, site.offer.quiz, site.offer.packages, list(choices))
    assert pick is not None and pick.package == expected


def test_no_markdown_escapes_leak_into_html_attributes(built_demo: Path) -> None:
    site = built_demo / "site"
    leaks = {
        str(page.relative_to(site)): match
        for page in site.rglob("*.html")
        for match in re.findall(r'\s[\w-]+="[^"]*\\[^"]*"', page.read_text())
    }
    assert leaks == {}


def test_rule_anchors_are_the_rule_slugs(built_demo: Path) -> None:
    site = built_demo / "site"
    html = (site / "rules" / "2026.2" / "index.html").read_text()
    assert re.search(r'<li class="hb-rule" id="[a-z0-9]+-[a-z0-9-]+">', html)


def test_team_photo_is_published_and_shown(run: Run, small: Path) -> None:
    _edit(small, "    role: Owner\n", "    role: Owner\n    photo: assets/logo.svg\n")
    site = _build(run, small)
    assert (site / "assets" / "team" / "ewa.svg").is_file()
    for page, src in (
        ("team/index.html", "../assets/team/ewa.svg"),
        ("books/index.html", "../assets/team/ewa.svg"),
    ):
        assert f'<img class="hb-person__photo" src="{src}" alt=""' in (site / page).read_text()


def test_how_to_videos_link_to_their_faq_anchor(built_demo: Path) -> None:
    site = built_demo / "site"
    welcome = (site / "bookkeeping" / "index.html").read_text()
    anchors = re.findall(r'href="faq/#([a-z0-9-]+)"', welcome)
    assert "receipt-app-setup" in anchors
    faq = (site / "bookkeeping" / "faq" / "index.html").read_text()
    for anchor in anchors:
        assert f'<section class="hb-faq__item" id="{anchor}">' in faq


def test_links_csv_neutralises_formulas_and_text_shows_no_escape_codes(
    run: Run, small: Path
) -> None:
    _edit(
        small, "    name: Bookkeeping clients", "    name: '=HYPERLINK(\"https://evil.example\")'"
    )
    result = run("links", "-c", small / "firm.yaml", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("https://evil.example")' in names
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())
    # A terminal escape in site_url is refused, and the refusal names it without sending it.
    (small / "mkdocs.yml").write_text('site_url: "https://nowak.example/\\e]0;owned\\a/"\n')
    refused = run("links", "-c", small / "firm.yaml")
    assert refused.exit_code == 1, refused.output
    assert "\x1b" not in refused.output and "\x07" not in refused.output
    assert "mkdocs.yml:1:" in refused.output and "U+001B" in refused.output
