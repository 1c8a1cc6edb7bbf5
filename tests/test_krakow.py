"""The Kraków example: a Polish biuro rachunkowe whose site is also in Ukrainian."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale

from handbook.i18n.leftovers import english_fragments, english_lines
from tests.conftest import ROOT, build_project, shared_build

# Texts only assistive technology reads count as much as the visible ones.
READ_ALOUD = ("aria-label", "title", "alt", "placeholder")


# Tags that start a new line of text, as a browser's innerText breaks them; cells are tabs.
BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "br",
    "section", "article", "header", "footer", "nav", "aside", "main", "dt", "dd", "dl",
    "summary", "details", "figure", "figcaption", "label", "button", "option", "form", "title",
}  # fmt: skip


class _Texts(HTMLParser):
    """Collect a page's text, a line per block, and its read-aloud attributes; no scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self._break(tag)
        self.parts += [f"\n{value}\n" for key, value in attrs if key in READ_ALOUD and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def _break(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def text(self) -> str:
        lines = (
            "\t".join(" ".join(c.split()) for c in line.split("\t"))
            for line in "".join(self.parts).split("\n")
        )
        return "\n".join(line for line in lines if line.strip())


def texts(page: Path) -> str:
    """Return the text of a built page, a line per block."""
    parser = _Texts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.text()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once per test run, shared by every worker."""

    def make(folder: Path) -> None:
        shutil.copytree(ROOT / "examples" / "krakow", folder, ignore=shutil.ignore_patterns("site"))
        build_project(folder)

    return shared_build(tmp_path_factory, "krakow", make) / "site"


def test_ukrainian_pages_have_no_english_left(site: Path) -> None:
    pages = sorted((site / "uk").rglob("*.html"))
    assert len(pages) >= 20
    fragments = english_fragments("uk")
    for page in pages:
        assert '<html lang="uk"' in page.read_text(encoding="utf-8"), page
        assert english_lines(texts(page), fragments) == set(), page


def test_ukrainian_handout_is_in_cyrillic(site: Path) -> None:
    pdf = site / "uk" / "jdg" / "handbook.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("Як ми співпрацюємо", "Правила співпраці", "Внески ZUS", "До кого звертатися"):
        assert words in " ".join(text.split()), words
    assert english_lines(text, english_fragments("uk")) == set()


def test_ukrainian_calendar_says_full_month_names_in_sentences(site: Path) -> None:
    lines = texts(site / "uk" / "jdg" / "calendar" / "index.html").splitlines()
    # The demo's build day is 2026-11-23: 20 February 2027, a ZUS day, is a Saturday.
    moved = [line for line in lines if "тому термін переноситься на" in line]
    assert "20 лютого 2027 р. — субота, тому термін переноситься на понеділок, 22 лютого" in moved
    short = Locale.parse("uk").months["format"]["abbreviated"].values()
    abbreviated = re.compile(r"\d\s(?:" + "|".join(re.escape(m) for m in short) + r")(?!\w)")
    # A sentence, not a card's label ("Період подання: пн, 15 лют. — пт, 30 квіт.").
    label = re.compile(r"^[\w ]+: ")
    sentences = [
        line
        for line in lines
        if "тому" in line
        or (line.endswith(".") and len(line.split()) >= 5 and not label.match(line))
    ]
    assert len(sentences) >= 5
    assert [line for line in sentences if abbreviated.search(line)] == []
    # A Ukrainian date ends in an abbreviation ("year."): no second full stop after it.
    assert [line for line in sentences if ".." in line] == []
