"""Escape firm texts for the place they land: Markdown, HTML, or Markdown fields."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import markdown
from markupsafe import Markup

# Python-Markdown's escapable characters, plus "|" which the tables extension adds.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE_RUN = re.compile(r"\s*\n\s*")


def markdown_text(value: Any) -> Markup:
    """Escape plain text so Markdown shows it literally: no links, emphasis or HTML."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE_RUN.sub(" ", str(value))
    text = html.escape(text, quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def html_text(value: Any) -> Markup:
    """Escape plain text for an HTML element or a quoted attribute."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def markdown_field(value: Any) -> Markup:
    """Pass a firm's Markdown through, with any HTML shown as text and no attribute lists."""
    text = html.escape(str(value), quote=False)
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    return Markup(text)


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
    """Render a firm's Markdown field to HTML (for use inside HTML blocks), HTML shown as text."""
    return Markup(markdown.markdown(str(markdown_field(value))))
