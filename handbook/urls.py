"""Where every page lives: staged Markdown paths and the stable URLs letters cite.

These paths are a public promise (engagement letters link them for years), so they are
defined once, here, and tests pin them.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath
from urllib.parse import urlsplit

HOME = "index.md"
PACKAGES = "packages.md"
QUIZ = "quiz.md"
TEAM = "team.md"
OFFBOARDING = "parting-ways.md"
RULES = "rules/index.md"
CALENDAR = "calendar/index.md"
LEGAL = "legal.md"
PRIVACY = "privacy.md"
FIRM_FEED = "calendar.ics"
RULES_FEED = "rules/changes.xml"
"""The Atom feed of rule versions, one in each language's tree."""

SEGMENT_PAGES = (
    "index",
    "communication",
    "rules",
    "calendar",
    "packages",
    "faq",
    "off-track",
    "parting-ways",
)
"""The pages of each segment's handbook, in reading order."""

RESERVED_SLUGS = frozenset(
    {
        "packages",
        "quiz",
        "team",
        "parting-ways",
        "rules",
        "calendar",
        "legal",
        "privacy",
        "index",
        "assets",
        "search",
    }
)
"""Top-level names a segment slug cannot take, since site-wide pages use them."""


def language_root(language: str, default: str) -> str:
    """Return where a language's tree lives in the site: "" for the default, else "es/"."""
    return "" if language == default else f"{language}/"


def segment(slug: str, page: str = "index") -> str:
    """Return the staged path of one page of a segment's handbook."""
    return f"{slug}/{page}.md"


def rules_version(version: str) -> str:
    """Return the staged path of a frozen rules version, e.g. rules/2026.2.md."""
    return f"rules/{version}.md"


def url_path(md_path: str) -> str:
    """Return the site path (directory URL) of a staged Markdown page, e.g. "tax/rules/"."""
    stem = md_path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def staged(md_path: str) -> str:
    """Return where a generated page is written: as the index.md of its URL's folder.

    tax/calendar.md is written as tax/calendar/index.md and served at tax/calendar/: its
    Markdown file sits in the folder of its URL. A relative URL then means the same to every
    engine, in a Markdown link, in raw HTML and in a data-* attribute alike. (MkDocs passes raw
    HTML through, so the browser resolves its URLs against the page's URL; Zensical resolves
    them against the Markdown file, as it does a Markdown link.)
    """
    stem = md_path.removesuffix(".md")
    return md_path if stem == "index" or stem.endswith("/index") else f"{stem}/index.md"


def relative(from_md: str, to_md: str) -> str:
    """Return the relative directory URL from one staged page to another."""
    here = url_path(from_md) or "."
    there = url_path(to_md) or "."
    path = posixpath.relpath(there, here)
    return "./" if path == "." else path + "/"


def segment_feed(slug: str) -> str:
    """Return the path of a segment's iCalendar feed."""
    return f"{slug}/calendar.ics"


EVENTS = "calendar/events/"
"""The folder of one-event .ics files: the build's alone, since which files it holds depends on
the build date."""


def event_file(deadline: str, nominal: str) -> str:
    """Return the path of a one-event .ics file for one occurrence of a deadline."""
    return f"{EVENTS}{deadline}-{nominal}.ics"


def segment_qr(slug: str, kind: str) -> str:
    """Return the path of the QR code (kind "svg" or "png") that opens a segment's handbook."""
    return f"{slug}/handbook-qr.{kind}"


def segment_handout(slug: str) -> str:
    """Return the path of a segment's PDF handout."""
    return f"{slug}/handbook.pdf"


def site_file(site_url: str, path: str) -> str:
    """Return the absolute URL of any site file (a feed, a PDF) under `site_url`."""
    return site_url.rstrip("/") + "/" + path


def site_relative(from_md: str, path: str) -> str:
    """Return the relative URL from a staged page to any file of the site."""
    return posixpath.relpath(path, url_path(from_md) or ".")


BRAND = "assets/brand"
"""Where staging copies the logo and favicon."""


def brand_file(kind: str, source: str) -> str:
    """Return the staged path of a brand image, e.g. "assets/brand/logo.svg"."""
    return f"{BRAND}/{kind}{PurePosixPath(source).suffix.lower()}"


def custom_domain(site_url: str | None) -> str | None:
    """Return the host GitHub Pages must answer for, or None on a *.github.io address."""
    if not site_url:
        return None
    host = urlsplit(site_url).hostname or ""
    if not host or host.endswith(".github.io") or host in {"localhost", "127.0.0.1"}:
        return None
    return host
