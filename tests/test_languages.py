"""Sites in several languages: firm texts and outputs per language, one tree per language."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import babel
import pytest
import yaml
from click.testing import Result

from tests.conftest import TODAY, tree

Run = Callable[..., Result]

# Client-facing text fields of firm.yaml, found by name (slugs, people's names and the firm's
# name are not translated).
TEXTS = {
    "tagline", "about", "not_heard_back", "purpose", "benefit", "when", "hand_holding",
    "text", "intro", "description", "review", "role", "bio", "summary", "ideal_for", "what",
    "question", "topic", "answer", "transcript", "title", "changes", "commitments", "name",
}  # fmt: skip


def add_language(project: Path, code: str) -> None:
    """Make a one-language project bilingual: every text gets a `code` version, marked [code]."""
    path = project / "firm.yaml"
    data = yaml.safe_load(path.read_text())
    first = data["locale"].pop("language", "en")
    data["locale"]["languages"] = [first, code]

    def walk(node: object, parent: str) -> None:
        if isinstance(node, dict):
            for key, value in list(node.items()):
                is_text = key in TEXTS and not (key == "name" and parent in ("firm", "team"))
                if is_text and parent != "when" and isinstance(value, str):
                    node[key] = {first: value, code: f"[{code}] {value}"}
                elif is_text and isinstance(value, list) and all(isinstance(x, str) for x in value):
                    node[key] = [{first: x, code: f"[{code}] {x}"} for x in value]
                else:
                    walk(value, key)
        elif isinstance(node, list):
            for item in node:
                walk(item, parent)

    walk(data, "")
    save(path, data)
    own = project / "docs"
    for page in list(own.glob("*.md")):
        (own / code).mkdir(exist_ok=True)
        (own / code / page.name).write_text(f"# [{code}] {page.name}\n")


def save(path: Path, data: dict[str, Any]) -> None:
    """Write firm.yaml data back, with opening hours as "HH:MM" text."""
    for hours in data["communication"]["business_hours"].values():
        for key, value in hours.items():
            if isinstance(value, int):  # PyYAML reads 16:00 as the sexagesimal 960
                hours[key] = f"{value // 60:02d}:{value % 60:02d}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@pytest.fixture
def bilingual(small: Path) -> Path:
    """The small Polish firm, published in Polish (default) and Catalan."""
    config = small / "firm.yaml"
    config.write_text(config.read_text().replace("language: en", "language: pl"))
    add_language(small, "ca")
    return small


def build(run: Run, project: Path, *args: str) -> Result:
    return run("build", "-c", project / "firm.yaml", "--today", TODAY, "-q", *args)


def test_missing_language_is_an_error_at_its_line(run: Run, bilingual: Path) -> None:
    assert build(run, bilingual).exit_code == 0
    site_before = tree(bilingual / "site")
    config = bilingual / "firm.yaml"
    data = yaml.safe_load(config.read_text())
    del data["segments"][1]["name"]["ca"]
    save(config, data)
    lines = config.read_text().splitlines()
    slug = next(i for i, x in enumerate(lines) if x.strip() == "- slug: self-service")
    line = next(i for i, x in enumerate(lines) if i > slug and x.strip() == "name:") + 2
    result = build(run, bilingual)
    assert result.exit_code == 1
    assert re.search(
        rf"firm\.yaml:{line}:\d+: segments\[1\]\.name: no 'ca' text "
        r"\(locale\.languages has pl, ca\)",
        result.output,
    ), result.output
    assert "Traceback" not in result.output
    assert tree(bilingual / "site") == site_before


def test_one_text_for_several_languages_is_an_error(run: Run, bilingual: Path) -> None:
    config = bilingual / "firm.yaml"
    data = yaml.safe_load(config.read_text())
    data["firm"]["tagline"] = "Only one language"
    save(config, data)
    result = run("check", "-c", config)
    assert result.exit_code == 1
    assert "firm.tagline: one text for a site in pl, ca; write it once per language" in (
        result.output
    )


def test_a_segment_cannot_take_a_language_folder(run: Run, bilingual: Path) -> None:
    config = bilingual / "firm.yaml"
    data = yaml.safe_load(config.read_text())
    data["segments"][0]["slug"] = "ca"
    save(config, data)
    result = run("check", "-c", config)
    assert result.exit_code == 1
    assert "segments[0].slug: 'ca' is the folder of the site's 'ca' pages" in result.output


def test_own_pages_need_every_language(run: Run, bilingual: Path) -> None:
    (bilingual / "docs" / "ca" / "privacy.md").unlink()
    result = build(run, bilingual)
    assert result.exit_code == 1
    assert "docs/ca/privacy.md" in result.output


def test_catalan_is_a_language_a_team_member_can_speak(run: Run, small: Path) -> None:
    config = small / "firm.yaml"
    data = yaml.safe_load(config.read_text())
    data["locale"]["language"] = "ca"
    data["team"][0]["languages"] = ["ca", "es"]
    save(config, data)
    assert build(run, small).exit_code == 0
    team = (small / "site" / "team" / "index.html").read_text()
    assert "català i castellà" in team  # Spanish, as it is called in Catalonia


def test_each_language_is_a_tree_with_the_same_slugs(run: Run, bilingual: Path) -> None:
    assert build(run, bilingual).exit_code == 0
    site = bilingual / "site"
    default = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    catalan = {p.relative_to(site / "ca").as_posix() for p in (site / "ca").rglob("index.html")}
    assert {p for p in default if not p.startswith("ca/")} == catalan
    page = (site / "ca" / "books" / "calendar" / "index.html").read_text()
    assert '<html lang="ca"' in page
    base = "https://nowak.example/handbook/"
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
    assert alternates == [
        ("pl", base + "books/calendar/"),
        ("ca", base + "ca/books/calendar/"),
        ("x-default", base + "books/calendar/"),
    ]
    switcher = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', page)
    assert switcher == [("../../../books/calendar/", "pl"), ("../../../ca/books/calendar/", "ca")]
    assert (site / "ca" / "books" / "calendar" / "../../../books/calendar/index.html").is_file()
    index = json.loads((site / "ca" / "search" / "search_index.json").read_text())
    assert index["config"]["lang"] == ["ca"] or index["config"]["lang"] == ["en"]
    assert any("[ca]" in d["text"] for d in index["docs"])
    assert index != json.loads((site / "search" / "search_index.json").read_text())


def test_a_change_to_one_language_changes_only_its_pages(run: Run, bilingual: Path) -> None:
    assert build(run, bilingual).exit_code == 0
    before = tree(bilingual / "site")
    config = bilingual / "firm.yaml"
    data = yaml.safe_load(config.read_text())
    data["segments"][0]["description"]["ca"] = "Una descripció nova"
    save(config, data)
    assert build(run, bilingual).exit_code == 0
    after = tree(bilingual / "site")
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed, "the Catalan change changed nothing"
    assert all(p.startswith("ca/") for p in changed), sorted(changed)
    assert "Una descripció nova" in (bilingual / "site" / "ca" / "index.html").read_text()


def test_feeds_handouts_and_letters_exist_per_language(run: Run, bilingual: Path) -> None:
    assert build(run, bilingual).exit_code == 0
    site = bilingual / "site"
    feed = (site / "ca" / "books" / "calendar.ics").read_bytes().decode()
    assert "[ca]" in feed
    assert "necessitem" in feed.replace("\r\n ", "")  # the Catalan feed description
    pdf = subprocess.run(
        ["pdftotext", str(site / "ca" / "books" / "handbook.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "[ca]" in pdf
    assert (site / "ca" / "books" / "handbook-qr.svg").is_file()

    links = json.loads(run("links", "--json", "-c", bilingual / "firm.yaml").output)
    rows = {(row["slug"], row["language"]): row for row in links["segments"]}
    assert set(rows) == {(s, lang) for s in ("books", "self-service") for lang in ("pl", "ca")}
    assert rows["books", "ca"]["handbook"] == "https://nowak.example/handbook/ca/books/"
    assert rows["books", "pl"]["handbook"] == "https://nowak.example/handbook/books/"
    for row in rows.values():
        for key in ("handbook", "calendar", "rules", "pdf", "ics"):
            local = row[key].removeprefix("https://nowak.example/handbook/")
            target = site / local
            assert target.is_file() or (target / "index.html").is_file(), row[key]
    letter = ("links", "--letter", "books", "--language", "ca", "--allow-placeholders")
    clause = run(*letter, "-c", bilingual / "firm.yaml")
    assert clause.output.startswith("Les Normes de col·laboració aprovades per Nowak & Daughters")
    assert "https://nowak.example/handbook/ca/rules/2026.1/" in clause.output


def test_addresses_and_phones_follow_the_country(run: Run, small: Path) -> None:
    config = small / "firm.yaml"
    config.write_text(config.read_text().replace("language: en", "language: pl"))
    assert build(run, small).exit_code == 0
    page = (small / "site" / "index.html").read_text()
    assert "ul. Prosta 1, 00-850 Warszawa" in page
    # The home page's call button, and the footer's number (kept on one line).
    assert 'href="tel:+48225550100">Zadzwoń: 22\u00a0555\u00a001\u00a000</a>' in page
    assert (
        '<a href="tel:+48225550100"><span class="hb-nowrap">22\u00a0555\u00a001\u00a000</span></a>'
        in page
    )
    team = (small / "site" / "team" / "index.html").read_text()
    assert '<a href="tel:+48225550101">22\u00a0555\u00a001\u00a001</a>' in team


@pytest.mark.parametrize("code", ["en", "es", "pl"])
def test_dates_in_sentences_name_the_month_in_full(built_demo: Path, code: str) -> None:
    # "20 lut 2027 to sobota, więc nowy termin to pon., 22 lut" read as notes, not as prose.
    page = built_demo / "site" / ("" if code == "en" else code) / "calendar" / "index.html"
    sentences = re.findall(r'class="hb-cal__moved">([^<]+)', page.read_text(encoding="utf-8"))
    assert len(sentences) > 5
    months = babel.Locale.parse(code).months["format"]
    short = {m.strip(".").casefold() for m in months["abbreviated"].values()}
    short -= {m.casefold() for m in months["wide"].values()}  # "maj" is short, "maja" is not
    weekdays = babel.Locale.parse(code).days["format"]["abbreviated"].values()
    for sentence in sentences:
        words = {w.strip(".,").casefold() for w in sentence.split()}
        assert not words & short, sentence
        assert not any(f"{day}," in sentence for day in weekdays), sentence


def test_a_name_is_written_once_for_every_language(run: Run, bilingual: Path) -> None:
    # "WhatsApp" or a professional body's name is the same in Polish and Catalan.
    config = bilingual / "firm.yaml"
    data = yaml.safe_load(config.read_text())
    data["firm"]["tagline"] = {"all": "KSeF · JPK · PIT"}
    save(config, data)
    result = run("build", "-c", config, "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    for code in ("", "ca/"):
        home = (bilingual / "site" / code / "index.html").read_text(encoding="utf-8")
        assert "KSeF · JPK · PIT" in home.split('class="md-content"')[1], code
    # Beside a language's own text, `all` is what the other languages say.
    data["firm"]["tagline"] = {"all": "Books kept", "ca": "Comptes al dia"}
    save(config, data)
    assert run("check", "-c", config).exit_code == 0
