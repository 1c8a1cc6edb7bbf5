"""handbook.escape: each place a text lands has its own escape, and firm Markdown is sanitized."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from handbook import escape


def test_markdown_text_shows_markdown_and_html_literally() -> None:
    text = escape.markdown_text("*bold* [x](javascript:alert(1)) <b>&amp; 1. #5 a|b")
    assert text == (r"\*bold\* \[x\]\(javascript:alert\(1\)\) &lt;b&gt;&amp;amp; 1\. \#5 a\|b")
    assert isinstance(text, Markup)


def test_markdown_text_keeps_quotes_and_one_line() -> None:
    # Quotes are plain text in Markdown; a newline would start a new block.
    assert escape.markdown_text('O\'Neil "and"\n\n  sons') == 'O\'Neil "and" sons'


def test_markdown_text_leaves_markup_alone() -> None:
    html = Markup("<strong>ok</strong>")
    assert escape.markdown_text(html) is html
    assert escape.finalize(html) is html


def test_finalize_prints_none_as_nothing_and_escapes_the_rest() -> None:
    assert escape.finalize(None) == ""
    assert escape.finalize("a_b") == r"a\_b"
    assert escape.finalize(3) == "3"


def test_admonition_title_is_html_escaped_on_one_line_without_backslashes() -> None:
    title = escape.admonition_title('Version 2026.1 "<i>x</i>" &\nmore')
    assert title == "Version 2026.1 &#34;&lt;i&gt;x&lt;/i&gt;&#34; &amp; more"


def test_nav_titles_escape_tags_and_entities_but_not_quotes() -> None:
    assert escape.nav_title("Tax & <b>VAT</b> O'Neil") == "Tax &amp; &lt;b&gt;VAT&lt;/b&gt; O'Neil"
    assert type(escape.nav_title("x")) is str  # YAML writes plain strings only


def test_engine_text_escapes_what_is_unsafe_raw_and_keeps_a_plain_ampersand() -> None:
    assert escape.engine_text("Nowak & Daughters") == "Nowak & Daughters"
    assert escape.engine_text('a"b<c>&amp;') == "a&#34;b&lt;c&gt;&amp;amp;"
    assert escape.engine_text("O'Neil") == "O'Neil"


def test_yaml_text_is_a_quoted_yaml_string() -> None:
    assert escape.yaml_text('a: "b"\n- c') == '"a: \\"b\\"\\n- c"'
    assert escape.yaml_text("Zoë") == '"Zoë"'


def test_printable_shows_control_characters() -> None:
    assert escape.printable("a\x1b[31mb\x07\tc\n") == "a\\x1b[31mb\\x07\tc\n"
    assert escape.printable("\x85") == "\\x85"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_cells_that_start_a_formula_are_quoted(cell: str) -> None:
    assert escape.spreadsheet_cell(cell) == "'" + cell


def test_spreadsheet_cells_that_do_not_are_kept() -> None:
    assert escape.spreadsheet_cell("Bookkeeping = 1") == "Bookkeeping = 1"


def test_markdown_html_renders_formatting_and_links() -> None:
    html = escape.markdown_html("We *always* [call](https://example.org) back.\n\n- one\n- two")
    assert html == (
        '<p>We <em>always</em> <a href="https://example.org" rel="noopener noreferrer">call</a>'
        " back.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )
    assert isinstance(html, Markup)


HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        'x <img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">x</p>',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[y][x]",
        "[x](//evil.example/path)",
        "[x](  //evil.example)",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_markdown_html_drops_script_handlers_and_foreign_links(text: str) -> None:
    html = escape.markdown_html(text)
    # Raw HTML is shown as text, so no tag of the input survives as a tag.
    assert not re.search(r"<(script|img|iframe|p\s+onclick)", html, re.IGNORECASE)
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)
    hrefs = [href for tag in re.findall(r"<[^>]*>", html) for href in HREF.findall(tag)]
    for href in hrefs:
        assert href.startswith(("https:", "mailto:", "tel:")), (text, html)


def test_markdown_html_keeps_https_mailto_and_tel_links_only() -> None:
    html = escape.markdown_html(
        "[a](https://a.example) [b](mailto:b@b.example) [c](tel:+1555) [d](http://d.example)"
        " [e](ftp://e.example)"
    )
    assert 'href="https://a.example"' in html
    assert 'href="mailto:b@b.example"' in html
    assert 'href="tel:+1555"' in html
    assert 'href="http:' not in html and 'href="ftp:' not in html


def test_markdown_html_drops_headings_but_keeps_their_text_and_drops_images() -> None:
    html = escape.markdown_html("# Title\n\n![a photo](https://tracker.example/p.png)")
    assert "<h1" not in html and "<img" not in html and "tracker.example" not in html
    assert "Title" in html


def test_markdown_html_keeps_relative_links_on_the_site() -> None:
    assert 'href="../rules/"' in escape.markdown_html("[rules](../rules/)")


@pytest.mark.parametrize(
    "link",
    [
        "[x](//evil.example)",
        "[x](https:evil.example)",
        "[x](https://firm.example@evil.example/)",
        "[x](mailto:a@firm.example?bcc=b@evil.example)",
        "[x](mailto:a@firm.example,b@evil.example)",
        "[x](tel:+1555;phone-context=evil)",
    ],
)
def test_markdown_html_makes_a_dropped_link_plain_text(link: str) -> None:
    """A link that leaves unsaid or sends more is dropped whole: no <a> styled as a link."""
    assert escape.markdown_html(f"See {link} now.") == "<p>See x now.</p>"


def test_markdown_html_percent_encodes_a_backslash_or_tab_so_the_link_stays_on_the_site() -> None:
    """Percent-encoded, a browser reads neither as a slash: /%5Chost is a path of this site."""
    assert 'href="/%5Cevil.example"' in escape.markdown_html("[x](/\\evil.example)")
    assert 'href="/%09/evil.example"' in escape.markdown_html("[x](</\t/evil.example>)")
