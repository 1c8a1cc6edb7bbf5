"""Escape texts for the place they land: Markdown, HTML, YAML, a terminal, a spreadsheet."""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but tab and newline: firm.yaml refuses them, and terminal
output shows them as escapes (an ESC could recolour, retitle or rewrite a terminal)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Python-Markdown's escapable characters, plus "|" which the tables extension adds.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE_RUN = re.compile(r"\s*\n\s*")
_TAG_OR_ENTITY = re.compile(r"[&<>]")


def _tags_and_entities(text: str) -> str:
    """HTML-escape what starts a tag or an entity; quotes stay, as text has no attributes."""
    return _TAG_OR_ENTITY.sub(lambda m: str(escape(m.group())), text)


def markdown_text(value: Any) -> Markup:
    """Escape plain text so Markdown shows it literally: no links, emphasis or HTML."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE_RUN.sub(" ", str(value))
    text = _tags_and_entities(text)
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def admonition_title(value: Any) -> Markup:
    """Escape text for the quoted title of an admonition (`!!! note "..."`), one line.

    Python-Markdown reads HTML there but not backslash escapes, so the title is HTML-escaped
    (its quote too, which would end it) and not Markdown-escaped.
    """
    return escape(" ".join(str(value).split()))


def nav_title(value: str) -> str:
    """Escape a section title of the nav, which both engines print unescaped as text (YAML str)."""
    return _tags_and_entities(value)


# Both engines quote attributes with ", so an apostrophe (O'Neil) is safe raw.
_ENGINE_UNSAFE = re.compile(r"[\"<>]|&(?=[#A-Za-z0-9])")


def engine_text(value: str) -> str:
    """Escape a text the engine's templates print both raw and through `|e` (site_name).

    Material and Zensical print site_name raw in aria-label and <title>, and escaped in
    the logo's title. Escaping only what is unsafe raw keeps "Nowak & Daughters" right
    in both; a name with quotes shows its entities in the logo's tooltip, never runs.
    """
    return _ENGINE_UNSAFE.sub(lambda m: str(escape(m.group())), value)


def printable(text: str) -> str:
    """Show control characters as visible escapes (\\x1b) instead of sending them."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def spreadsheet_cell(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (OWASP: prefix a quote)."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def finalize(value: Any) -> Any:
    """Escape every template value that is not already marked safe (Jinja `finalize`)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return markdown_text(value)


def yaml_text(value: Any) -> Markup:
    """Quote text as a YAML string for page front matter."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def markdown_html(value: Any) -> Markup:
    """Render a firm's Markdown field to sanitized HTML (the one path for firm Markdown)."""
    return Markup(_firm_markdown(str(value)))


def markdown_plain(value: Any) -> str:
    """Render a firm's Markdown field as plain text (a feed, a calendar, an email)."""
    text = nh3.clean(_firm_markdown(str(value)), tags=set())
    return html.unescape(_WHITESPACE_RUN.sub(" ", text)).strip()


_COMMONMARK = MarkdownIt("commonmark", {"html": False})
_ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
_LINK_SCHEMES = {"https", "mailto", "tel"}


@functools.lru_cache(maxsize=1024)
def _firm_markdown(text: str) -> str:
    """Render CommonMark with raw HTML shown as text, then keep only the allow-listed markup.

    markdown-it-py guards against pathological input and caps nesting, where Python-Markdown took
    seconds on 5,000 "[" and recursed out on nested lists. Headings and images are
    dropped (their text stays): a firm text sits inside a page whose headings we own,
    and an image from firm text would load from anywhere. A link whose address was dropped
    keeps its text as plain text: an <a> without href is still styled as a link, and a
    client would tap it in vain.
    """
    html = nh3.clean(
        _COMMONMARK.render(text),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_LINK_SCHEMES,
        attribute_filter=_same_host_unless_schemed,
        strip_comments=True,
    )
    return _DEAD_LINK.sub(r"\1", html).strip()


_DEAD_LINK = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.DOTALL)
"""An anchor nh3 left without href (links cannot nest, so the first </a> closes it)."""


_BROWSER_DROPS = re.compile(r"[\t\n\r]")
_LEADING = re.compile(r"^[\x00-\x20]+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _same_host_unless_schemed(element: str, attribute: str, value: str) -> str | None:
    """Drop a link that leaves the site without saying so, or says more than it shows.

    url_schemes lets through a link without a scheme, so one to another host (`//host/`, and
    `\\host`, `/\\host`, ` //host`, `/<tab>/host`, which a browser reads the same way) is
    dropped here; so is `https:host` without its slashes (a browser on another scheme opens
    host), an https:// link naming a user before @ (https://bank.example@evil.tld opens
    evil.tld), and a mailto:/tel: link with parameters or several addresses (?bcc=). A relative
    link stays on the site. nh3 passes every kept attribute here, after its own checks.
    """
    if attribute != "href":
        return value
    url = _LEADING.sub("", _BROWSER_DROPS.sub("", value)).replace("\\", "/")
    if url.startswith("//"):
        return None
    scheme = _SCHEME.match(url)
    if scheme is None:
        return value
    rest = url[scheme.end() :]
    if scheme.group(1).lower() in ("http", "https"):
        authority = re.split(r"[/?#]", rest.removeprefix("//"), maxsplit=1)[0]
        return value if rest.startswith("//") and "@" not in authority else None
    return None if re.search(r"[?#,;&]|%(?:2C|3B|3F|0[AD])", rest, re.IGNORECASE) else value
